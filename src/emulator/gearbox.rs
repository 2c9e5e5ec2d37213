//! "Deploys" the example service (`examples/gearbox`) into an emulator: an IAM role, the
//! queues of `resources:` with their redrive policies, one function per `functions:` entry
//! with a real zip package, and log groups full of real-format REPORT lines.
//!
//! What the Framework would do through CloudFormation we do with direct calls, and we return
//! what we created (names, ARNs, package sizes, the exact invocations we logged) so tests can
//! compare gearctl's reports against known truth.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use serde_yaml::Value;

use super::reports::{self, Invocation, LogFormat, Rng};
use crate::aws::Aws;
use crate::aws::logs::LogEvent;
use crate::aws::seed::NewFunction;
use crate::error::{Error, Result};
use crate::service::{self, Function, Intrinsic, Service};

/// The example service, relative to the crate root.
pub fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gearbox")
}

/// Third-party code the functions would ship with. The example keeps no `node_modules` or
/// site-packages in git, so we add files of realistic names and sizes to each package:
/// (function key, path in the zip, bytes, compressible text or not).
const VENDORED: &[(&str, &str, usize, bool)] = &[
    ("process", "boto3/session.py", 21_000, true),
    ("process", "botocore/client.py", 58_000, true),
    ("process", "botocore/data/endpoints.json", 640_000, true),
    (
        "api",
        "node_modules/@aws-sdk/client-dynamodb/dist-cjs/index.js",
        910_000,
        true,
    ),
    (
        "api",
        "node_modules/@aws-sdk/lib-dynamodb/dist-cjs/index.js",
        120_000,
        true,
    ),
    (
        "api",
        "node_modules/@smithy/core/dist-cjs/index.js",
        310_000,
        true,
    ),
    (
        "api",
        "node_modules/@aws-sdk/client-dynamodb/README.md",
        24_000,
        true,
    ),
    (
        "thumbnail",
        "PIL/_imaging.cpython-312-x86_64-linux-gnu.so",
        2_900_000,
        false,
    ),
    ("thumbnail", "PIL/Image.py", 140_000, true),
    (
        "thumbnail",
        "numpy/_core/_multiarray_umath.cpython-312-x86_64-linux-gnu.so",
        4_200_000,
        false,
    ),
    (
        "thumbnail",
        "numpy/_core/tests/test_multiarray.py",
        380_000,
        true,
    ),
    (
        "report",
        "node_modules/@aws-sdk/client-sns/dist-cjs/index.js",
        420_000,
        true,
    ),
];

/// How one function's logs look.
struct LogShape {
    key: &'static str,
    /// A cold start every N invocations.
    cold_every: usize,
    /// Init durations are drawn from this range, in ms.
    init_range: (f64, f64),
    format: LogFormat,
    /// INIT_REPORT lines with `Status: timeout`.
    init_timeouts: usize,
}

const LOGS: &[LogShape] = &[
    LogShape {
        key: "ingest",
        cold_every: 6,
        init_range: (160.0, 420.0),
        format: LogFormat::Text,
        init_timeouts: 0,
    },
    LogShape {
        key: "process",
        cold_every: 4,
        init_range: (450.0, 1300.0),
        format: LogFormat::Text,
        init_timeouts: 0,
    },
    LogShape {
        key: "retry",
        cold_every: 2,
        init_range: (150.0, 380.0),
        format: LogFormat::Text,
        init_timeouts: 0,
    },
    LogShape {
        key: "api",
        cold_every: 10,
        init_range: (220.0, 640.0),
        format: LogFormat::Text,
        init_timeouts: 0,
    },
    LogShape {
        key: "thumbnail",
        cold_every: 3,
        init_range: (900.0, 2600.0),
        format: LogFormat::Text,
        init_timeouts: 1,
    },
    LogShape {
        key: "report",
        cold_every: 1,
        init_range: (260.0, 700.0),
        format: LogFormat::Json,
        init_timeouts: 0,
    },
];

const DEFAULT_SHAPE: LogShape = LogShape {
    key: "",
    cold_every: 5,
    init_range: (200.0, 600.0),
    format: LogFormat::Text,
    init_timeouts: 0,
};

/// Invocations logged per function.
pub const INVOCATIONS: usize = 48;

/// What was created.
#[derive(Debug, Clone)]
pub struct Deployment {
    pub service: String,
    pub stage: String,
    pub role_arn: String,
    pub queues: Vec<DeployedQueue>,
    pub functions: Vec<DeployedFunction>,
}

#[derive(Debug, Clone)]
pub struct DeployedQueue {
    pub logical_id: String,
    pub name: String,
    pub url: String,
    pub arn: String,
    /// The logical ID of the DLQ this queue redrives to.
    pub dead_letter_target: Option<String>,
    pub max_receive_count: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct DeployedFunction {
    pub key: String,
    pub name: String,
    pub arn: String,
    pub runtime: String,
    pub memory_mb: i64,
    pub vpc: bool,
    pub zip_bytes: u64,
    pub unzipped_bytes: u64,
    pub files: usize,
    pub log_group: String,
    pub log_format: LogFormat,
    pub invocations: Vec<Invocation>,
    /// Init durations of INIT_REPORT lines with `Status: timeout`.
    pub init_timeouts: Vec<f64>,
}

/// Deploy `dir` (the example service by default) into the endpoint `aws` points at.
/// Log events end at `now_ms`.
pub async fn deploy(aws: &Aws, dir: &Path, now_ms: i64) -> Result<Deployment> {
    let svc = service::load(dir, &service::Options::default())?;
    let account = aws.caller_identity().await?.account;
    let region = aws.settings().region.clone().unwrap_or_default();

    let role_name = format!("{}-{}-{}-lambdaRole", svc.name, svc.stage, svc.region);
    let role_arn = aws.create_lambda_role(&role_name).await?;

    let queues = create_queues(aws, &svc).await?;
    fail_into_dead_letter_queues(aws, &queues).await?;
    let physical = physical_ids(&svc, &queues, &region, &account);

    let mut functions = Vec::new();
    for (i, f) in svc.functions.iter().enumerate() {
        let files = package_files(&svc, f)?;
        let unzipped_bytes = files.iter().map(|(_, b)| b.len() as u64).sum();
        let zip = zip_files(&files)?;
        let (vpc_subnets, vpc_sgs) = vpc_ids(&f.raw);
        let arn = aws
            .create_function(NewFunction {
                name: f.name.clone(),
                runtime: f.runtime.clone().unwrap_or_else(|| "python3.12".into()),
                handler: f.handler.clone().unwrap_or_default(),
                role_arn: role_arn.clone(),
                memory_mb: f.memory_mb as i32,
                timeout_s: f.timeout_s as i32,
                environment: environment(f, &physical),
                subnet_ids: vpc_subnets,
                security_group_ids: vpc_sgs,
                tracing: f.tracing,
                zip: zip.clone(),
            })
            .await?;
        let shape = LOGS
            .iter()
            .find(|l| l.key == f.key)
            .unwrap_or(&DEFAULT_SHAPE);
        let log_format = shape.format;
        let mut rng = Rng::new(i as u64 + 1);
        let step = 60_000;
        let start = now_ms - (INVOCATIONS as i64 + 1) * step;
        let invocations = reports::invocations(
            &mut rng,
            INVOCATIONS,
            f.memory_mb,
            start,
            step,
            shape.cold_every,
            shape.init_range,
        );
        let mut events: Vec<LogEvent> = invocations
            .iter()
            .flat_map(|inv| reports::events(inv, log_format))
            .collect();
        let init_timeouts: Vec<f64> = (0..shape.init_timeouts)
            .map(|_| rng.hundredths(10_000.0, 10_010.0))
            .collect();
        for (n, init) in init_timeouts.iter().enumerate() {
            events.push(reports::init_timeout(
                start + 30_000 + n as i64 * step,
                *init,
            ));
        }
        let log_group = format!("/aws/lambda/{}", f.name);
        let stream = format!("2026/01/01/[$LATEST]{:032x}", rng.next_u64() as u128);
        aws.write_log_stream(&log_group, &stream, &events).await?;
        functions.push(DeployedFunction {
            key: f.key.clone(),
            name: f.name.clone(),
            arn,
            runtime: f.runtime.clone().unwrap_or_default(),
            memory_mb: f.memory_mb,
            vpc: f.vpc,
            zip_bytes: zip.len() as u64,
            unzipped_bytes,
            files: files.len(),
            log_group,
            log_format,
            invocations,
            init_timeouts,
        });
    }
    Ok(Deployment {
        service: svc.name,
        stage: svc.stage,
        role_arn,
        queues,
        functions,
    })
}

/// Failed messages per queue that has a dead-letter queue.
pub const FAILED_MESSAGES: usize = 7;

/// Give every DLQ something to redrive: send messages to each queue that has one, and
/// receive them past maxReceiveCount the way a failing consumer does, so that SQS's own
/// redrive policy moves them.
async fn fail_into_dead_letter_queues(aws: &Aws, queues: &[DeployedQueue]) -> Result<()> {
    use crate::aws::sqs_messages::{AttributeValue, OutgoingMessage};
    for q in queues.iter().filter(|q| q.dead_letter_target.is_some()) {
        let messages: Vec<OutgoingMessage> = (0..FAILED_MESSAGES)
            .map(|i| {
                let attrs = [(
                    "attempt".to_string(),
                    AttributeValue {
                        data_type: "Number".into(),
                        string_value: Some(i.to_string()),
                        binary_value: None,
                    },
                )];
                OutgoingMessage {
                    id: i.to_string(),
                    body: format!(r#"{{"bucket":"uploads","key":"photos/{i:04}.jpg"}}"#),
                    message_attributes: attrs.into_iter().collect(),
                    group_id: None,
                    dedup_id: None,
                }
            })
            .collect();
        for (id, r) in aws.send_batch(&q.url, &messages).await? {
            r.map_err(|f| Error::Invalid {
                what: format!("seeding message {id} into {}", q.name),
                detail: f.message,
                hint: None,
            })?;
        }
        super::fail_until_dead_lettered(aws, &q.url).await?;
    }
    Ok(())
}

/// A queue of `resources:` before creation.
struct QueueSpec {
    id: String,
    name: String,
    attrs: BTreeMap<String, String>,
    /// (logical ID of the dead-letter target, maxReceiveCount)
    redrive: Option<(String, i64)>,
}

/// Create the SQS queues of `resources:`; dead-letter targets first.
async fn create_queues(aws: &Aws, svc: &Service) -> Result<Vec<DeployedQueue>> {
    let mut specs: Vec<QueueSpec> = Vec::new();
    for (id, res) in &svc.resources {
        if res.get("Type").and_then(Value::as_str) != Some("AWS::SQS::Queue") {
            continue;
        }
        let id = id.as_str().unwrap_or_default().to_string();
        let props = res.get("Properties").cloned().unwrap_or(Value::Null);
        let name = props
            .get("QueueName")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| format!("{}-{}-{id}", svc.name, svc.stage));
        let mut attrs = BTreeMap::new();
        for key in [
            "VisibilityTimeout",
            "MessageRetentionPeriod",
            "DelaySeconds",
            "MaximumMessageSize",
            "ReceiveMessageWaitTimeSeconds",
            "FifoQueue",
            "ContentBasedDeduplication",
        ] {
            if let Some(v) = props.get(key) {
                attrs.insert(key.to_string(), scalar(v));
            }
        }
        let redrive = props.get("RedrivePolicy").and_then(|r| {
            let target = match Intrinsic::from_value(r.get("deadLetterTargetArn")?)? {
                Intrinsic::GetAtt(id, _) => id,
                Intrinsic::Ref(id) => id,
            };
            Some((
                target,
                r.get("maxReceiveCount")
                    .and_then(Value::as_i64)
                    .unwrap_or(3),
            ))
        });
        specs.push(QueueSpec {
            id,
            name,
            attrs,
            redrive,
        });
    }
    // Queues without a redrive policy first, so every target exists when it is named.
    specs.sort_by_key(|s| s.redrive.is_some());
    let mut out: Vec<DeployedQueue> = Vec::new();
    for QueueSpec {
        id,
        name,
        mut attrs,
        redrive,
    } in specs
    {
        if let Some((target, max)) = &redrive {
            let arn = out
                .iter()
                .find(|q| &q.logical_id == target)
                .map(|q| q.arn.clone())
                .ok_or_else(|| Error::Invalid {
                    what: format!("queue {id}"),
                    detail: format!(
                        "its dead-letter target {target} is not an SQS queue in resources"
                    ),
                    hint: None,
                })?;
            attrs.insert(
                "RedrivePolicy".into(),
                serde_json::json!({"deadLetterTargetArn": arn, "maxReceiveCount": max}).to_string(),
            );
        }
        let url = aws.create_queue(&name, &attrs).await?;
        let arn = aws
            .queue_attributes(&url)
            .await?
            .remove("QueueArn")
            .unwrap_or_default();
        out.push(DeployedQueue {
            logical_id: id,
            name,
            url,
            arn,
            dead_letter_target: redrive.as_ref().map(|r| r.0.clone()),
            max_receive_count: redrive.map(|r| r.1),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// What `!Ref X` and `!GetAtt X.Arn` stand for, per logical ID, as CloudFormation would
/// report them.
fn physical_ids(
    svc: &Service,
    queues: &[DeployedQueue],
    region: &str,
    account: &str,
) -> BTreeMap<(String, Option<String>), String> {
    let mut map = BTreeMap::new();
    for q in queues {
        map.insert((q.logical_id.clone(), None), q.url.clone());
        map.insert((q.logical_id.clone(), Some("Arn".into())), q.arn.clone());
        map.insert(
            (q.logical_id.clone(), Some("QueueName".into())),
            q.name.clone(),
        );
    }
    for (id, res) in &svc.resources {
        let id = id.as_str().unwrap_or_default().to_string();
        let props = res.get("Properties").cloned().unwrap_or(Value::Null);
        let prop = |k: &str| props.get(k).and_then(Value::as_str).map(str::to_string);
        match res.get("Type").and_then(Value::as_str) {
            Some("AWS::DynamoDB::Table") => {
                let name = prop("TableName").unwrap_or_else(|| id.clone());
                let arn = format!("arn:aws:dynamodb:{region}:{account}:table/{name}");
                map.insert(
                    (id.clone(), Some("StreamArn".into())),
                    format!("{arn}/stream/2026-01-01T00:00:00.000"),
                );
                map.insert((id.clone(), Some("Arn".into())), arn);
                map.insert((id, None), name);
            }
            Some("AWS::S3::Bucket") => {
                let name = prop("BucketName").unwrap_or_else(|| id.to_lowercase());
                map.insert(
                    (id.clone(), Some("Arn".into())),
                    format!("arn:aws:s3:::{name}"),
                );
                map.insert((id, None), name);
            }
            Some("AWS::SNS::Topic") => {
                let name = prop("TopicName").unwrap_or_else(|| id.clone());
                let arn = format!("arn:aws:sns:{region}:{account}:{name}");
                map.insert((id.clone(), Some("TopicName".into())), name);
                map.insert((id, None), arn);
            }
            _ => {}
        }
    }
    map
}

/// The function's environment with intrinsics replaced by physical IDs.
fn environment(
    f: &Function,
    physical: &BTreeMap<(String, Option<String>), String>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (k, v) in &f.environment {
        let value = match Intrinsic::from_value(v) {
            Some(Intrinsic::Ref(id)) => physical.get(&(id, None)).cloned(),
            Some(Intrinsic::GetAtt(id, attr)) => physical.get(&(id, Some(attr))).cloned(),
            None => match v {
                Value::Mapping(_) | Value::Sequence(_) | Value::Tagged(_) | Value::Null => None,
                other => Some(scalar(other)),
            },
        };
        match value {
            Some(v) => {
                out.insert(k.clone(), v);
            }
            None => {
                tracing::warn!(function = %f.key, variable = %k, "environment value not resolvable in the emulator; left out")
            }
        }
    }
    out
}

fn vpc_ids(f: &Value) -> (Vec<String>, Vec<String>) {
    let vpc = f.get("vpc");
    (
        service::strings(vpc.and_then(|v| v.get("subnetIds"))),
        service::strings(vpc.and_then(|v| v.get("securityGroupIds"))),
    )
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// The files of one function's package: its own folders (the `dir/**` entries of its
/// `package.patterns`) plus the third-party code it would ship with. Sorted by path.
pub fn package_files(svc: &Service, f: &Function) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for pattern in &f.patterns {
        let Some(dir) = pattern.strip_suffix("/**") else {
            continue;
        };
        if dir.starts_with('!') {
            continue;
        }
        collect(&svc.dir, &svc.dir.join(dir), &mut files)?;
    }
    for (i, (key, path, size, text)) in VENDORED.iter().enumerate() {
        if *key == f.key {
            files.push((path.to_string(), filler(i as u64 + 100, *size, *text)));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    Ok(files)
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("reading", dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("reading", dir, e))?;
        let path = entry.path();
        let name = entry.file_name();
        if name == "__pycache__" || name == "node_modules" {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, out)?;
        } else {
            let bytes = std::fs::read(&path).map_err(|e| Error::io("reading", &path, e))?;
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push((rel.to_string_lossy().replace('\\', "/"), bytes));
        }
    }
    Ok(())
}

/// Deterministic file content: word-like text (compresses as code does) or random bytes
/// (compresses as native libraries do).
fn filler(seed: u64, size: usize, text: bool) -> Vec<u8> {
    const WORDS: &[&str] = &[
        "function",
        "return",
        "const",
        "client",
        "request",
        "response",
        "import",
        "self",
        "value",
        "error",
        "await",
        "export",
        "module",
        "config",
        "region",
        "endpoint",
        "serialize",
        "middleware",
        "input",
        "output",
        "\n",
        "{",
        "}",
        "(",
        ")",
        ";",
    ];
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(size + 16);
    while out.len() < size {
        if text {
            out.extend_from_slice(WORDS[(rng.next_u64() % WORDS.len() as u64) as usize].as_bytes());
            out.push(b' ');
        } else {
            out.extend_from_slice(&rng.next_u64().to_le_bytes());
        }
    }
    out.truncate(size);
    out
}

/// A zip as the Framework writes one: no directory entries, sorted, fixed timestamp.
pub fn zip_files(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let fail = |e: &dyn std::fmt::Display| Error::Invalid {
        what: "building a package zip".into(),
        detail: e.to_string(),
        hint: None,
    };
    for (name, bytes) in files {
        w.start_file(name.as_str(), options).map_err(|e| fail(&e))?;
        w.write_all(bytes).map_err(|e| fail(&e))?;
    }
    Ok(w.finish().map_err(|e| fail(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_differ_in_size_and_hold_their_sources() {
        let svc = service::load(&example_dir(), &service::Options::default()).unwrap();
        let sizes: BTreeMap<String, usize> = svc
            .functions
            .iter()
            .map(|f| {
                let files = package_files(&svc, f).unwrap();
                let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
                assert!(
                    names
                        .iter()
                        .any(|n| n.starts_with(&format!("functions/{}/", f.key))),
                    "{}: {names:?}",
                    f.key
                );
                (f.key.clone(), zip_files(&files).unwrap().len())
            })
            .collect();
        assert!(sizes["thumbnail"] > 5_000_000);
        assert!(sizes["api"] > 100_000);
        assert!(sizes["ingest"] < 20_000);
    }

    #[test]
    fn zips_are_deterministic() {
        let files = vec![("a.txt".to_string(), b"hello".to_vec())];
        assert_eq!(zip_files(&files).unwrap(), zip_files(&files).unwrap());
    }
}
