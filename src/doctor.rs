//! `gearctl doctor`: who am I, where am I, and can I do what gearctl needs?
//!
//! The first thing to run against a new account or emulator. It resolves the configuration,
//! asks STS for the caller, probes each service with one cheap read, and lists the IAM
//! actions of every gearctl command from [`crate::permissions`].

use serde::Serialize;

use crate::aws::{Aws, AwsError, AwsErrorKind};
use crate::error::{Exit, Result};
use crate::permissions::{COMMANDS, CommandNeeds};
use crate::render::{CellText, Human, Report, Tone};

#[derive(Debug, Serialize)]
pub struct DoctorReport {
    pub gearctl_version: &'static str,
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub credential_source: String,
    pub identity: Identity,
    pub checks: Vec<Check>,
    pub permissions: Vec<CommandNeeds>,
}

#[derive(Debug, Serialize)]
pub struct Identity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

#[derive(Debug, Serialize)]
pub struct Check {
    pub service: &'static str,
    pub action: &'static str,
    pub status: CheckStatus,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Ok,
    Denied,
    Failed,
}

/// Run the checks. Fails (exit 2) only when the caller cannot be identified at all.
pub async fn run(aws: &Aws) -> Result<DoctorReport> {
    let identity = aws.caller_identity().await?;
    let (source, lambda, sqs, logs, iam) = tokio::join!(
        aws.credential_source(),
        aws.probe_lambda(),
        aws.probe_sqs(),
        aws.probe_logs(),
        aws.probe_iam(),
    );
    let checks = vec![
        check("lambda", "lambda:ListFunctions", lambda),
        check("sqs", "sqs:ListQueues", sqs),
        check("logs", "logs:DescribeLogGroups", logs),
        check("iam", "iam:ListRoles", iam),
    ];
    let s = aws.settings();
    Ok(DoctorReport {
        gearctl_version: env!("CARGO_PKG_VERSION"),
        profile: s.profile.clone(),
        region: s.region.clone(),
        endpoint_url: s.endpoint_url.clone(),
        credential_source: source,
        identity: Identity {
            account: identity.account,
            arn: identity.arn,
            user_id: identity.user_id,
        },
        checks,
        permissions: COMMANDS.to_vec(),
    })
}

fn check(service: &'static str, action: &'static str, r: Result<(), AwsError>) -> Check {
    match r {
        Ok(()) => Check {
            service,
            action,
            status: CheckStatus::Ok,
            detail: None,
        },
        Err(e) => Check {
            service,
            action,
            status: if e.kind == AwsErrorKind::AccessDenied {
                CheckStatus::Denied
            } else {
                CheckStatus::Failed
            },
            detail: Some(e.message),
        },
    }
}

impl Report for DoctorReport {
    const COMMAND: &'static str = "doctor";

    fn human(&self, view: &mut Human) {
        let or_default = |v: &Option<String>, d: &str| v.clone().unwrap_or_else(|| d.into());
        view.fields(
            "Identity",
            &[
                ("account", self.identity.account.clone()),
                ("caller", self.identity.arn.clone()),
                ("region", or_default(&self.region, "(none)")),
                ("endpoint", or_default(&self.endpoint_url, "AWS default")),
                ("profile", or_default(&self.profile, "(default chain)")),
                ("credentials", self.credential_source.clone()),
            ],
        );
        let rows = self
            .checks
            .iter()
            .map(|c| {
                let (text, tone) = match c.status {
                    CheckStatus::Ok => ("ok", Tone::Good),
                    CheckStatus::Denied => ("denied", Tone::Bad),
                    CheckStatus::Failed => ("failed", Tone::Warn),
                };
                vec![
                    (c.service.to_string(), Tone::Plain),
                    (c.action.to_string(), Tone::Plain),
                    (text.to_string(), tone),
                    (c.detail.clone().unwrap_or_default(), Tone::Plain),
                ]
            })
            .collect();
        view.table("Access", &["service", "probe", "status", "detail"], rows);
        let rows = self
            .permissions
            .iter()
            .map(|p| {
                vec![
                    (CellText::from(p.command), Tone::Plain),
                    (
                        if p.offline {
                            CellText::from("none (offline)")
                        } else {
                            // One action per line.
                            CellText::Lines(p.actions.iter().map(|a| a.to_string()).collect())
                        },
                        Tone::Plain,
                    ),
                ]
            })
            .collect();
        view.table("IAM actions per command", &["command", "actions"], rows);
    }

    fn exit(&self) -> Exit {
        if self.checks.iter().all(|c| c.status == CheckStatus::Ok) {
            Exit::Ok
        } else {
            Exit::Findings
        }
    }
}
