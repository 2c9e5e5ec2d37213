//! Lambda: list functions with the fields the jobs need, as plain structs.

use super::{Aws, AwsError, Call};

/// One function's configuration, as the jobs use it. Environment variable values are
/// deliberately absent: they may be secrets, and no report needs them.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionInfo {
    pub name: String,
    pub arn: String,
    pub runtime: Option<String>,
    pub handler: Option<String>,
    pub memory_mb: i32,
    pub timeout_s: i32,
    pub code_size: i64,
    pub last_modified: Option<String>,
    pub architectures: Vec<String>,
    pub vpc: bool,
    pub layers: Vec<LayerRef>,
    /// The log group the function writes to: `LoggingConfig.LogGroup` or the default.
    pub log_group: String,
    pub environment_keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LayerRef {
    pub arn: String,
    pub code_size: i64,
}

impl Aws {
    /// Every function in the region (`lambda:ListFunctions`, all pages).
    pub async fn list_functions(&self) -> Result<Vec<FunctionInfo>, AwsError> {
        let mut pages = self.lambda().list_functions().into_paginator().send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.err(e, Call::new("lambda:ListFunctions")))?;
            out.extend(page.functions.unwrap_or_default().into_iter().map(convert));
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// One cheap call that proves `lambda:ListFunctions` works.
    pub async fn probe_lambda(&self) -> Result<(), AwsError> {
        self.lambda()
            .list_functions()
            .max_items(1)
            .send()
            .await
            .map(drop)
            .map_err(|e| self.err(e, Call::new("lambda:ListFunctions")))
    }
}

fn convert(f: aws_sdk_lambda::types::FunctionConfiguration) -> FunctionInfo {
    let name = f.function_name.unwrap_or_default();
    let log_group = f
        .logging_config
        .and_then(|l| l.log_group)
        .unwrap_or_else(|| format!("/aws/lambda/{name}"));
    let vpc = f
        .vpc_config
        .as_ref()
        .is_some_and(|v| v.subnet_ids.as_ref().is_some_and(|s| !s.is_empty()));
    let mut environment_keys: Vec<String> = f
        .environment
        .and_then(|e| e.variables)
        .map(|v| v.into_keys().collect())
        .unwrap_or_default();
    environment_keys.sort();
    FunctionInfo {
        arn: f.function_arn.unwrap_or_default(),
        runtime: f.runtime.map(|r| r.as_str().to_string()),
        handler: f.handler,
        memory_mb: f.memory_size.unwrap_or(128),
        timeout_s: f.timeout.unwrap_or(3),
        code_size: f.code_size,
        last_modified: f.last_modified,
        architectures: f
            .architectures
            .unwrap_or_default()
            .iter()
            .map(|a| a.as_str().to_string())
            .collect(),
        vpc,
        layers: f
            .layers
            .unwrap_or_default()
            .into_iter()
            .map(|l| LayerRef {
                arn: l.arn.unwrap_or_default(),
                code_size: l.code_size,
            })
            .collect(),
        log_group,
        environment_keys,
        name,
    }
}
