//! What the extractors find in handler code, in one shape for Python and Node: each AWS SDK
//! call with its service, its API operation and the values of its arguments as far as the
//! code says them, and every call it could not pin down.
//!
//! The extractors (`python.rs`, `node.rs`) only read code; turning values into ARNs and
//! calls into IAM actions happens later, against serverless.yml and the action table.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

/// A value in the code, as far as it can be known without running it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// gives Bucket=b and Key=k; `dynamodb.Table(t).get_item(…)` gives TableName=t.
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
