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
    /// With several regions: the regions checked, in the order asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
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
    /// The region probed; null for IAM, which is global.
    pub region: Option<String>,
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
    let region = aws.settings().region.clone();
    let checks = vec![
        check("lambda", "lambda:ListFunctions", &region, lambda),
        check("sqs", "sqs:ListQueues", &region, sqs),
        check("logs", "logs:DescribeLogGroups", &region, logs),
        check("iam", "iam:ListRoles", &None, iam),
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
        regions: Vec::new(),
    })
}

/// Several regions: the caller once, IAM (global) once, and the regional probes in each
/// region, a few regions at a time.
pub async fn run_regions(base: &Aws, regions: &[String]) -> Result<DoctorReport> {
    let identity = base.caller_identity().await?;
    let (source, iam) = tokio::join!(base.credential_source(), base.probe_iam());
    let s = base.settings();
    let mut report = DoctorReport {
        gearctl_version: env!("CARGO_PKG_VERSION"),
        profile: s.profile.clone(),
        region: None,
        endpoint_url: s.endpoint_url.clone(),
        credential_source: source,
        identity: Identity {
            account: identity.account,
            arn: identity.arn,
            user_id: identity.user_id,
        },
        checks: vec![check("iam", "iam:ListRoles", &None, iam)],
        permissions: COMMANDS.to_vec(),
        regions: Vec::new(),
    };
    let fanned = crate::regions::fan_out(base, regions, async |aws| {
        let region = aws.settings().region.clone();
        let (lambda, sqs, logs) =
            tokio::join!(aws.probe_lambda(), aws.probe_sqs(), aws.probe_logs());
        Ok(vec![
            check("lambda", "lambda:ListFunctions", &region, lambda),
            check("sqs", "sqs:ListQueues", &region, sqs),
            check("logs", "logs:DescribeLogGroups", &region, logs),
        ])
    })
    .await?;
    let mut checks = Vec::new();
    for (region, c) in fanned.parts {
        checks.extend(c);
        report.regions.push(region);
    }
    checks.append(&mut report.checks);
    report.checks = checks;
    Ok(report)
}

fn check(
    service: &'static str,
    action: &'static str,
    region: &Option<String>,
    r: Result<(), AwsError>,
) -> Check {
    match r {
        Ok(()) => Check {
            service,
            region: region.clone(),
            action,
            status: CheckStatus::Ok,
            detail: None,
        },
        Err(e) => Check {
            service,
            region: region.clone(),
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

fn status(s: CheckStatus) -> (&'static str, Tone) {
    match s {
        CheckStatus::Ok => ("ok", Tone::Good),
        CheckStatus::Denied => ("denied", Tone::Bad),
        CheckStatus::Failed => ("failed", Tone::Warn),
    }
}

impl DoctorReport {
    /// One row per region, one column per regional probe; IAM (global) and the details of
    /// what failed below.
    fn access_by_region(&self, view: &mut Human) {
        const REGIONAL: [&str; 3] = ["lambda", "sqs", "logs"];
        let rows = self
            .regions
            .iter()
            .map(|r| {
                let mut row = vec![(r.clone(), Tone::Plain)];
                for service in REGIONAL {
                    let c = self
                        .checks
                        .iter()
                        .find(|c| c.service == service && c.region.as_ref() == Some(r));
                    row.push(match c {
                        Some(c) => {
                            let (text, tone) = status(c.status);
                            (text.to_string(), tone)
                        }
                        None => ("-".to_string(), Tone::Plain),
                    });
                }
                row
            })
            .collect();
        view.table(
            "Access",
            &[
                "region",
                "lambda:ListFunctions",
                "sqs:ListQueues",
                "logs:DescribeLogGroups",
            ],
            rows,
        );
        let mut lines = Vec::new();
        for c in &self.checks {
            let place = c.region.as_deref().unwrap_or("global");
            let status = status(c.status).0;
            match (&c.detail, c.region.is_none()) {
                (Some(d), _) => lines.push(format!("{} ({place}): {status}: {d}", c.service)),
                (None, true) => lines.push(format!("{} ({place}): {status}", c.action)),
                (None, false) => {}
            }
        }
        view.note_lines(&lines);
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
                if self.regions.is_empty() {
                    ("region", or_default(&self.region, "(none)"))
                } else {
                    ("regions", self.regions.join(", "))
                },
                ("endpoint", or_default(&self.endpoint_url, "AWS default")),
                ("profile", or_default(&self.profile, "(default chain)")),
                ("credentials", self.credential_source.clone()),
            ],
        );
        if self.regions.is_empty() {
            let rows = self
                .checks
                .iter()
                .map(|c| {
                    let (text, tone) = status(c.status);
                    vec![
                        (c.service.to_string(), Tone::Plain),
                        (c.action.to_string(), Tone::Plain),
                        (text.to_string(), tone),
                        (c.detail.clone().unwrap_or_default(), Tone::Plain),
                    ]
                })
                .collect();
            view.table("Access", &["service", "probe", "status", "detail"], rows);
        } else {
            self.access_by_region(view);
        }
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
