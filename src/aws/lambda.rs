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
    /// `DeadLetterConfig.TargetArn`: where failed async invokes go (an SQS queue or SNS topic).
    pub dead_letter_arn: Option<String>,
}

/// Where a function's failed invocations go, other than its DeadLetterConfig.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureDestination {
    /// The function ARN, possibly qualified with a version or alias.
    pub function_arn: String,
    /// The destination ARN (SQS, SNS, Lambda, EventBridge or S3).
    pub destination_arn: String,
    /// `async` for an event-invoke config, else the event source ARN of the mapping.
    pub via: String,
}

/// One published version of a function (never `$LATEST`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInfo {
    pub version: String,
    pub code_size: i64,
    pub last_modified: Option<String>,
}

/// An alias and every version it routes to (its main version and weighted extras).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasInfo {
    pub name: String,
    pub versions: Vec<String>,
}

/// The account's code storage, from GetAccountSettings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeStorage {
    pub used_bytes: i64,
    pub limit_bytes: i64,
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

    /// Published versions of one function, `$LATEST` left out (`lambda:ListVersionsByFunction`).
    pub async fn list_versions(&self, function: &str) -> Result<Vec<VersionInfo>, AwsError> {
        let mut pages = self
            .lambda()
            .list_versions_by_function()
            .function_name(function)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| self.err(e, Call::on("lambda:ListVersionsByFunction", function)))?;
            for v in page.versions.unwrap_or_default() {
                match v.version {
                    Some(version) if version != "$LATEST" => out.push(VersionInfo {
                        version,
                        code_size: v.code_size,
                        last_modified: v.last_modified,
                    }),
                    _ => {}
                }
            }
        }
        Ok(out)
    }

    /// Aliases of one function with the versions each routes to (`lambda:ListAliases`).
    pub async fn list_aliases(&self, function: &str) -> Result<Vec<AliasInfo>, AwsError> {
        let mut pages = self
            .lambda()
            .list_aliases()
            .function_name(function)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.err(e, Call::on("lambda:ListAliases", function)))?;
            for a in page.aliases.unwrap_or_default() {
                let mut versions: Vec<String> = a.function_version.into_iter().collect();
                if let Some(weights) = a.routing_config.and_then(|r| r.additional_version_weights) {
                    versions.extend(weights.into_keys());
                }
                versions.sort();
                versions.dedup();
                out.push(AliasInfo {
                    name: a.name.unwrap_or_default(),
                    versions,
                });
            }
        }
        Ok(out)
    }

    /// The account's code storage use and quota (`lambda:GetAccountSettings`).
    pub async fn code_storage(&self) -> Result<CodeStorage, AwsError> {
        let out = self
            .lambda()
            .get_account_settings()
            .send()
            .await
            .map_err(|e| self.err(e, Call::new("lambda:GetAccountSettings")))?;
        Ok(CodeStorage {
            used_bytes: out.account_usage.map(|u| u.total_code_size).unwrap_or(0),
            limit_bytes: out.account_limit.map(|l| l.total_code_size).unwrap_or(0),
        })
    }

    /// Delete one published version (`lambda:DeleteFunction` with a qualifier). Refuses
    /// `$LATEST` and unqualified deletes, which would remove the whole function.
    pub async fn delete_version(&self, function: &str, version: &str) -> Result<(), AwsError> {
        if version.is_empty()
            || version == "$LATEST"
            || !version.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(AwsError::refused(
                "lambda:DeleteFunction",
                format!("{function}:{version}"),
                "only numbered versions can be pruned",
            ));
        }
        self.lambda()
            .delete_function()
            .function_name(function)
            .qualifier(version)
            .send()
            .await
            .map(drop)
            .map_err(|e| {
                self.err(
                    e,
                    Call::on("lambda:DeleteFunction", format!("{function}:{version}")),
                )
            })
    }

    /// Provisioned concurrency allocated across a function's aliases and versions
    /// (`lambda:ListProvisionedConcurrencyConfigs`, all pages).
    pub async fn provisioned_concurrency(&self, function: &str) -> Result<i64, AwsError> {
        let mut pages = self
            .lambda()
            .list_provisioned_concurrency_configs()
            .function_name(function)
            .into_paginator()
            .send();
        let mut total = 0i64;
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                self.err(
                    e,
                    Call::on("lambda:ListProvisionedConcurrencyConfigs", function),
                )
            })?;
            total += page
                .provisioned_concurrency_configs
                .unwrap_or_default()
                .iter()
                .map(|c| i64::from(c.allocated_provisioned_concurrent_executions.unwrap_or(0)))
                .sum::<i64>();
        }
        Ok(total)
    }

    /// The presigned download URL of a function's package (`lambda:GetFunction`).
    pub async fn code_location(&self, function: &str) -> Result<Option<String>, AwsError> {
        let out = self
            .lambda()
            .get_function()
            .function_name(function)
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("lambda:GetFunction", function)))?;
        Ok(out.code.and_then(|c| c.location))
    }

    /// On-failure destinations of a function's asynchronous invokes, every qualifier
    /// (`lambda:ListFunctionEventInvokeConfigs`, all pages).
    pub async fn async_failure_destinations(
        &self,
        function: &str,
    ) -> Result<Vec<FailureDestination>, AwsError> {
        let mut pages = self
            .lambda()
            .list_function_event_invoke_configs()
            .function_name(function)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                self.err(
                    e,
                    Call::on("lambda:ListFunctionEventInvokeConfigs", function),
                )
            })?;
            for c in page.function_event_invoke_configs.unwrap_or_default() {
                let dest = c
                    .destination_config
                    .and_then(|d| d.on_failure)
                    .and_then(|f| f.destination);
                if let (Some(function_arn), Some(destination_arn)) = (c.function_arn, dest) {
                    out.push(FailureDestination {
                        function_arn,
                        destination_arn,
                        via: "async".into(),
                    });
                }
            }
        }
        Ok(out)
    }

    /// On-failure destinations of every event-source mapping in the region
    /// (`lambda:ListEventSourceMappings`, all pages).
    pub async fn mapping_failure_destinations(&self) -> Result<Vec<FailureDestination>, AwsError> {
        let mut pages = self
            .lambda()
            .list_event_source_mappings()
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| self.err(e, Call::new("lambda:ListEventSourceMappings")))?;
            for m in page.event_source_mappings.unwrap_or_default() {
                let dest = m
                    .destination_config
                    .and_then(|d| d.on_failure)
                    .and_then(|f| f.destination);
                if let (Some(function_arn), Some(destination_arn)) = (m.function_arn, dest) {
                    out.push(FailureDestination {
                        function_arn,
                        destination_arn,
                        via: m.event_source_arn.unwrap_or_else(|| "event source".into()),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Invoke a function asynchronously with `payload` (`lambda:InvokeFunction`, type
    /// Event). Ok means Lambda accepted the event (HTTP 202) and queued it.
    pub async fn invoke_async(&self, function: &str, payload: &[u8]) -> Result<(), AwsError> {
        let out = self
            .lambda()
            .invoke()
            .function_name(function)
            .invocation_type(aws_sdk_lambda::types::InvocationType::Event)
            .payload(aws_smithy_types::Blob::new(payload))
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("lambda:InvokeFunction", function)))?;
        if out.status_code == 202 {
            Ok(())
        } else {
            Err(AwsError::refused(
                "lambda:InvokeFunction",
                function.to_string(),
                &format!(
                    "Lambda answered {} instead of 202 Accepted",
                    out.status_code
                ),
            ))
        }
    }

    /// The execution role ARN of a function (`lambda:GetFunctionConfiguration`).
    pub async fn function_role(&self, function: &str) -> Result<String, AwsError> {
        let out = self
            .lambda()
            .get_function_configuration()
            .function_name(function)
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("lambda:GetFunctionConfiguration", function)))?;
        Ok(out.role.unwrap_or_default())
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
        dead_letter_arn: f.dead_letter_config.and_then(|d| d.target_arn),
        name,
    }
}

/// An AWS layer whose GetFunction answers with this `Code.Location`, for the tests of deep
/// audits above this layer.
#[cfg(test)]
pub(crate) fn aws_with_code_location(location: &'static str) -> Aws {
    use aws_sdk_lambda::operation::get_function::GetFunctionOutput;
    use aws_sdk_lambda::types::FunctionCodeLocation;
    use aws_smithy_mocks::{RuleMode, mock, mock_client};
    let rule = mock!(aws_sdk_lambda::Client::get_function).then_output(move || {
        GetFunctionOutput::builder()
            .code(
                FunctionCodeLocation::builder()
                    .repository_type("S3")
                    .location(location)
                    .build(),
            )
            .build()
    });
    Aws::with_lambda_client(mock_client!(aws_sdk_lambda, RuleMode::MatchAny, &[&rule]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_lambda::Client;
    use aws_sdk_lambda::operation::list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigsOutput;
    use aws_sdk_lambda::types::ProvisionedConcurrencyConfigListItem;
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    #[tokio::test]
    async fn provisioned_concurrency_sums_every_page() {
        let item = |n| {
            ProvisionedConcurrencyConfigListItem::builder()
                .allocated_provisioned_concurrent_executions(n)
                .build()
        };
        let page1 = mock!(Client::list_provisioned_concurrency_configs).then_output(move || {
            ListProvisionedConcurrencyConfigsOutput::builder()
                .provisioned_concurrency_configs(item(5))
                .next_marker("m")
                .build()
        });
        let page2 = mock!(Client::list_provisioned_concurrency_configs)
            .match_requests(|r| r.marker() == Some("m"))
            .then_output(move || {
                ListProvisionedConcurrencyConfigsOutput::builder()
                    .provisioned_concurrency_configs(item(3))
                    .build()
            });
        let client = mock_client!(aws_sdk_lambda, RuleMode::Sequential, &[&page1, &page2]);
        let aws = Aws::with_lambda_client(client);
        assert_eq!(aws.provisioned_concurrency("f").await.unwrap(), 8);
    }
}
