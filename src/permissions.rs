//! What each gearctl command needs from IAM, declared once.
//!
//! `gearctl doctor` lists it, and the same table will generate gearctl's own least-privilege
//! policy. A test checks that every subcommand in the CLI has exactly one entry here.

use serde::Serialize;

/// The IAM actions one command calls.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CommandNeeds {
    /// The subcommand path, e.g. `doctor` or `dlq redrive`.
    pub command: &'static str,
    /// True when the command never calls AWS.
    pub offline: bool,
    pub actions: &'static [&'static str],
}

/// Every command, in CLI order.
pub const COMMANDS: &[CommandNeeds] = &[
    CommandNeeds {
        command: "audit",
        offline: true,
        actions: &[],
    },
    CommandNeeds {
        command: "audit deployed",
        offline: false,
        actions: &[
            "lambda:ListFunctions",
            "lambda:GetAccountSettings",
            "lambda:ListVersionsByFunction",
            "lambda:ListAliases",
            // Only with --deep.
            "lambda:GetFunction",
            // Only with --prune.
            "lambda:DeleteFunction",
            // Only with --all-regions.
            "account:ListRegions",
        ],
    },
    CommandNeeds {
        command: "iam generate",
        offline: true,
        actions: &[],
    },
    CommandNeeds {
        command: "iam diff",
        offline: false,
        actions: &[
            "sts:GetCallerIdentity",
            "lambda:GetFunctionConfiguration",
            "iam:ListRolePolicies",
            "iam:GetRolePolicy",
            "iam:ListAttachedRolePolicies",
            "iam:GetPolicy",
            "iam:GetPolicyVersion",
        ],
    },
    CommandNeeds {
        command: "iam check",
        offline: true,
        actions: &[],
    },
    CommandNeeds {
        command: "dlq list",
        offline: false,
        actions: &[
            "sqs:ListQueues",
            "sqs:GetQueueAttributes",
            "lambda:ListFunctions",
            "lambda:ListFunctionEventInvokeConfigs",
            "lambda:ListEventSourceMappings",
            "cloudwatch:GetMetricData",
            "sns:ListSubscriptions",
            "sns:GetSubscriptionAttributes",
            "events:ListEventBuses",
            "events:ListRules",
            "events:ListTargetsByRule",
            // Only with --all-regions.
            "account:ListRegions",
        ],
    },
    CommandNeeds {
        command: "dlq peek",
        offline: false,
        actions: &[
            "sqs:GetQueueUrl",
            "sqs:GetQueueAttributes",
            "sqs:ReceiveMessage",
            "sqs:ChangeMessageVisibility",
        ],
    },
    CommandNeeds {
        command: "dlq export",
        offline: false,
        actions: &[
            "sqs:GetQueueUrl",
            "sqs:GetQueueAttributes",
            "sqs:ReceiveMessage",
            "sqs:ChangeMessageVisibility",
            // Only with --delete.
            "sqs:DeleteMessage",
        ],
    },
    CommandNeeds {
        command: "dlq import",
        offline: false,
        actions: &[
            "sqs:GetQueueUrl",
            "sqs:GetQueueAttributes",
            "sqs:SendMessage",
        ],
    },
    CommandNeeds {
        command: "dlq redrive",
        offline: false,
        actions: &[
            "sqs:GetQueueUrl",
            "sqs:GetQueueAttributes",
            "sqs:ListDeadLetterSourceQueues",
            "sqs:ReceiveMessage",
            "sqs:ChangeMessageVisibility",
            "sqs:SendMessage",
            "sqs:DeleteMessage",
            // The native engine.
            "sqs:StartMessageMoveTask",
            "sqs:ListMessageMoveTasks",
            "sqs:CancelMessageMoveTask",
            // The lambda engine, and finding the function a DLQ belongs to.
            "lambda:ListFunctions",
            "lambda:ListFunctionEventInvokeConfigs",
            "lambda:InvokeFunction",
            // Finding the SNS subscriptions and EventBridge targets a DLQ belongs to, and the
            // eventbridge engine.
            "sns:ListSubscriptions",
            "sns:GetSubscriptionAttributes",
            "events:ListEventBuses",
            "events:ListRules",
            "events:ListTargetsByRule",
            "events:PutEvents",
        ],
    },
    CommandNeeds {
        command: "coldstarts",
        offline: false,
        actions: &[
            "lambda:ListFunctions",
            "lambda:ListProvisionedConcurrencyConfigs",
            "logs:FilterLogEvents",
            "logs:StartQuery",
            "logs:GetQueryResults",
            "logs:StopQuery",
            // Only with --all-regions.
            "account:ListRegions",
        ],
    },
    CommandNeeds {
        command: "doctor",
        offline: false,
        actions: &[
            "sts:GetCallerIdentity",
            "lambda:ListFunctions",
            "sqs:ListQueues",
            "logs:DescribeLogGroups",
            "iam:ListRoles",
            // Only with --all-regions.
            "account:ListRegions",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Leaf subcommand paths of the CLI ("doctor", "dlq redrive", …).
    fn leaves(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let path = if prefix.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{prefix} {}", sub.get_name())
            };
            // A command that runs by itself and also has subcommands counts too.
            let runs_alone = sub.is_args_conflicts_with_subcommands_set();
            if sub.get_subcommands().next().is_some() {
                if runs_alone {
                    out.push(path.clone());
                }
                leaves(sub, &path, out);
            } else {
                out.push(path);
            }
        }
    }

    #[test]
    fn every_command_is_declared_once() {
        let mut cli = Vec::new();
        leaves(&crate::cli::Cli::command(), "", &mut cli);
        let declared: Vec<String> = COMMANDS.iter().map(|c| c.command.to_string()).collect();
        assert_eq!(
            cli, declared,
            "src/permissions.rs must list every subcommand, in CLI order"
        );
    }

    #[test]
    fn actions_look_like_iam_actions() {
        for c in COMMANDS {
            assert_eq!(c.offline, c.actions.is_empty(), "{}", c.command);
            for a in c.actions {
                let (svc, op) = a.split_once(':').unwrap();
                assert!(
                    svc.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                    "{a}"
                );
                assert!(op.chars().next().unwrap().is_ascii_uppercase(), "{a}");
            }
        }
    }
}
