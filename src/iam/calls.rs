//! What the extractors find in handler code, in one shape for Python and Node: each AWS SDK
//! call with its service, its API operation and the values of its arguments as far as the
//! code says them, and every call it could not pin down.
//!
//! The extractors (`python.rs`, `node.rs`) only read code; turning values into ARNs and
//! calls into IAM actions happens later, against serverless.yml and the action table.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// A value in the code, as far as it can be known without running it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Value {
    /// A string literal, or a constant that holds one.
    Str(String),
    /// An environment variable: `os.environ["X"]`, `os.getenv("X")`, `process.env.X`.
    Env(String),
    /// Parts joined: f-strings, template literals, `+` concatenation.
    Concat(Vec<Value>),
    /// Anything else, with the source text for messages.
    Unknown(String),
    /// A dict or object literal with string keys: `{"S3Object": {"Bucket": b, "Name": k}}`.
    /// Request parameters are structures, and the resources of some calls are inside them.
    Map(BTreeMap<String, Value>),
    /// A list or array literal: `[{"PutRequest": …}]`.
    List(Vec<Value>),
}

/// The most entries a [`Value::Map`] or [`Value::List`] keeps, and how deep they nest. A
/// bigger or deeper literal becomes [`Value::Unknown`]: resources are named near the top
/// of a request, and a literal of thousands of items (or a self-referencing object) must
/// not cost memory in every call that passes it.
pub const MAX_ENTRIES: usize = 64;
pub const MAX_DEPTH: usize = 6;
/// The most values one argument's structure holds in all (shared parts counted each time
/// they appear, so `a = [x, x]; b = [a, a]; …` cannot grow it exponentially).
pub const MAX_NODES: usize = 512;

impl Value {
    /// A map from entries, or `Unknown` when there are more than [`MAX_ENTRIES`].
    pub fn map(entries: impl IntoIterator<Item = (String, Value)>) -> Value {
        let map: BTreeMap<String, Value> = entries.into_iter().take(MAX_ENTRIES + 1).collect();
        if map.len() > MAX_ENTRIES {
            Value::Unknown(format!("an object of more than {MAX_ENTRIES} keys"))
        } else {
            Value::Map(map)
        }
    }

    /// A list from items, or `Unknown` when there are more than [`MAX_ENTRIES`].
    pub fn list(items: impl IntoIterator<Item = Value>) -> Value {
        let items: Vec<Value> = items.into_iter().take(MAX_ENTRIES + 1).collect();
        if items.len() > MAX_ENTRIES {
            Value::Unknown(format!("a list of more than {MAX_ENTRIES} items"))
        } else {
            Value::List(items)
        }
    }

    /// The value of a map key: the text of a literal key, or what the code computes for a
    /// [`computed_key`].
    pub fn of_key(key: &str) -> Value {
        key.strip_prefix(COMPUTED)
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_else(|| Value::Str(key.to_string()))
    }

    /// The value at a path of map keys: `["Image", "S3Object", "Bucket"]`.
    pub fn at<'v>(&'v self, path: &[&str]) -> Option<&'v Value> {
        match path.split_first() {
            None => Some(self),
            Some((first, rest)) => match self {
                Value::Map(m) => m.get(*first)?.at(rest),
                _ => None,
            },
        }
    }
}

/// Marks a [`computed_key`]: no literal key starts with this control character.
const COMPUTED: char = '\u{1}';

/// A map key that the code computes (`{TABLE: items}` in Python, `{[TABLE]: items}` in
/// JavaScript; DynamoDB's `RequestItems` is keyed by table name), kept as text so that map
/// keys stay strings; [`Value::of_key`] reads it back.
pub fn computed_key(v: &Value) -> String {
    format!("{COMPUTED}{}", serde_json::to_string(v).unwrap_or_default())
}

/// One SDK call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SdkCall {
    /// The service as the SDK names its client, lower case: boto3's client name (`s3`,
    /// `dynamodb`, `sqs`, `secretsmanager`, `stepfunctions`) or, for Node, the same name
    /// derived from the client (`S3Client`/`new AWS.S3()`/`@aws-sdk/client-s3` → `s3`,
    /// `DynamoDBDocumentClient`/`DocumentClient` → `dynamodb`, `SFNClient` → `sfn`).
    pub service: String,
    /// The API operation, PascalCase as in the service's API reference: `PutObject`,
    /// `GetItem`, `SendMessageBatch`. High-level helpers are mapped to what they call
    /// (`upload_file` → `PutObject`, `Table.batch_writer` → `BatchWriteItem`,
    /// DocumentClient `put` → `PutItem`, lib-storage `Upload` → `PutObject`).
    pub operation: String,
    /// Named arguments by their API parameter name (`Bucket`, `Key`, `TableName`,
    /// `QueueUrl`, `TopicArn`, `FunctionName`, `SecretId`, `Name`, `StreamName`,
    /// `IndexName`, `RoleArn`…). Resource objects fill them in: `s3.Bucket(b).put_object(Key=k)`
    /// gives Bucket=b and Key=k; `dynamodb.Table(t).get_item(…)` gives TableName=t. A
    /// structure argument (`Image={"S3Object": …}`, `TransactItems=[…]`) is a
    /// [`Value::Map`] or [`Value::List`].
    pub args: BTreeMap<String, Value>,
    /// Where the call is, relative to the service directory.
    pub file: PathBuf,
    pub line: usize,
}

/// Something the analysis could not pin down, or a file it could not read. Never dropped
/// silently: every one ends up in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub file: PathBuf,
    /// 0 when it concerns the whole file.
    pub line: usize,
    pub message: String,
}

/// What one function's handler and the code it reaches contain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Extraction {
    pub calls: Vec<SdkCall>,
    /// Dynamic service names, `getattr(client, name)`, clients of unknown origin…
    pub unresolved: Vec<Finding>,
    /// Missing files, syntax errors (what parsed is still used), non-UTF-8 files.
    pub errors: Vec<Finding>,
    /// Every file read, relative to the service directory, sorted.
    pub files: Vec<PathBuf>,
    /// Lines of code read (for the speed figure).
    pub lines: usize,
}
