//! What the AWS SDKs for JavaScript look like from the outside: which package exports which
//! client, command, paginator or helper, and which API operation a method name stands for.
//! Only names are known here; the evaluator (`eval.rs`) decides what a program does with them.

use std::rc::Rc;

/// An SDK package (or module of one) that code imports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Pkg {
    /// `aws-sdk`: the v2 namespace (`AWS.S3`, `AWS.DynamoDB.DocumentClient`).
    V2,
    /// `aws-sdk/clients/s3`: one v2 client class, named by the file.
    V2Client(Rc<str>),
    /// `aws-sdk/lib/dynamodb/document_client`.
    V2DocClient,
    /// `@aws-sdk/client-s3`: a v3 client package, by its suffix.
    V3Client(Rc<str>),
    /// `@aws-sdk/lib-dynamodb`.
    LibDynamodb,
    /// `@aws-sdk/lib-storage`.
    LibStorage,
    /// `@aws-sdk/s3-request-presigner`.
    Presigner,
    /// `@aws-sdk/s3-presigned-post`.
    PresignedPost,
    /// `@middy/core`: `middy(handler)` wraps a handler in middleware.
    Middy,
    /// A wrapper library in `data/iam/libraries.tsv` (`dynamoose`), by its specifier.
    Library(Rc<str>),
}

/// How a client turns method calls into operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ClientKind {
    /// `new AWS.S3()`: `s3.putObject(params)`.
    V2,
    /// `new AWS.DynamoDB.DocumentClient()`: `get` → `GetItem`.
    V2Doc,
    /// `new S3Client({})`: `send(command)` only.
    V3,
    /// `new S3({})` from a v3 package: methods and `send`.
    V3Agg,
    /// `DynamoDBDocumentClient.from(…)`: `send(command)` only.
    V3Doc,
    /// `DynamoDBDocument.from(…)`: `get` → `GetItem`, and `send`.
    V3DocAgg,
}

/// Something an SDK package exports, before the program constructs or calls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Thing {
    Package(Pkg),
    /// A v2 client class; `service` is `None` for `AWS[name]`.
    V2Class {
        service: Option<Rc<str>>,
        doc: bool,
    },
    /// A v3 client class (`S3Client`, or the aggregated `S3`).
    ClientClass {
        service: Rc<str>,
        kind: ClientKind,
    },
    /// `DynamoDBDocumentClient` (`agg` false) or `DynamoDBDocument` (`agg` true).
    DocFactory {
        agg: bool,
    },
    /// `PutObjectCommand`: the operation it sends.
    CommandClass {
        service: Rc<str>,
        op: Rc<str>,
    },
    /// lib-storage `Upload`.
    UploadClass,
    /// s3-request-presigner `getSignedUrl(client, command)`.
    Presigner,
    /// s3-presigned-post `createPresignedPost(client, params)`.
    PresignedPost,
    /// `paginateListObjectsV2(config, input)`.
    Paginator {
        service: Rc<str>,
        op: Rc<str>,
    },
    /// A function of a wrapper library in the library table (`dynamoose.model`).
    LibFunction {
        module: Rc<str>,
        name: Rc<str>,
    },
    /// `waitUntilObjectExists(config, input)`.
    Waiter {
        service: Rc<str>,
        name: Rc<str>,
    },
}

/// The SDK package an import specifier names, if it is one.
pub(super) fn package(spec: &str) -> Option<Pkg> {
    let spec = spec.strip_suffix(".js").unwrap_or(spec);
    match spec {
        "aws-sdk" | "aws-sdk/global" | "aws-sdk/lib/aws" => return Some(Pkg::V2),
        "aws-sdk/lib/dynamodb/document_client" => return Some(Pkg::V2DocClient),
        "@aws-sdk/lib-dynamodb" => return Some(Pkg::LibDynamodb),
        "@aws-sdk/lib-storage" => return Some(Pkg::LibStorage),
        "@aws-sdk/s3-request-presigner" => return Some(Pkg::Presigner),
        "@aws-sdk/s3-presigned-post" => return Some(Pkg::PresignedPost),
        "@middy/core" => return Some(Pkg::Middy),
        _ => {}
    }
    if crate::iam::libraries::is_module("node", spec) {
        return Some(Pkg::Library(spec.into()));
    }
    if let Some(name) = spec.strip_prefix("aws-sdk/clients/") {
        return (!name.is_empty() && !name.contains('/'))
            .then(|| Pkg::V2Client(name.to_ascii_lowercase().into()));
    }
    let name = spec.strip_prefix("@aws-sdk/client-")?;
    let name = name.split('/').next().unwrap_or(name);
    (!name.is_empty()).then(|| Pkg::V3Client(name.into()))
}

/// What a default or namespace import (or `require`) of a package gives.
pub(super) fn whole(pkg: &Pkg) -> Thing {
    match pkg {
        Pkg::V2Client(service) => Thing::V2Class {
            service: Some(service.clone()),
            doc: false,
        },
        Pkg::V2DocClient => Thing::V2Class {
            service: Some("dynamodb".into()),
            doc: true,
        },
        other => Thing::Package(other.clone()),
    }
}

/// Classes on the v2 namespace that are not service clients.
const V2_NOT_SERVICES: &[&str] = &[
    "Config",
    "Credentials",
    "CredentialProviderChain",
    "Endpoint",
    "EventListeners",
    "HttpRequest",
    "HttpResponse",
    "MetadataService",
    "Request",
    "Response",
    "SequentialExecutor",
    "Service",
    "Signers",
    "TemporaryCredentials",
    "ChainableTemporaryCredentials",
    "WebIdentityCredentials",
];

/// A named export of (or property on) a package.
pub(super) fn member(pkg: &Pkg, name: &str) -> Option<Thing> {
    let upper = name.starts_with(|c: char| c.is_ascii_uppercase());
    match pkg {
        Pkg::V2 => (upper && !name.ends_with("Credentials") && !V2_NOT_SERVICES.contains(&name))
            .then(|| Thing::V2Class {
                service: Some(name.to_ascii_lowercase().into()),
                doc: false,
            }),
        Pkg::V2Client(service) => (service.as_ref() == "dynamodb" && name == "DocumentClient")
            .then(|| Thing::V2Class {
                service: Some(service.clone()),
                doc: true,
            }),
        Pkg::V2DocClient => None,
        Pkg::V3Client(service) => v3_member(service, name),
        Pkg::LibDynamodb => {
            let dynamodb: Rc<str> = "dynamodb".into();
            match name {
                "DynamoDBDocumentClient" => Some(Thing::DocFactory { agg: false }),
                "DynamoDBDocument" => Some(Thing::DocFactory { agg: true }),
                "paginateQuery" | "paginateScan" => Some(Thing::Paginator {
                    service: dynamodb,
                    op: name.trim_start_matches("paginate").into(),
                }),
                _ => {
                    let op = lib_dynamodb_command(name.strip_suffix("Command")?)?;
                    Some(Thing::CommandClass {
                        service: dynamodb,
                        op: op.into(),
                    })
                }
            }
        }
        Pkg::LibStorage => (name == "Upload").then_some(Thing::UploadClass),
        Pkg::Presigner => (name == "getSignedUrl").then_some(Thing::Presigner),
        Pkg::PresignedPost => (name == "createPresignedPost").then_some(Thing::PresignedPost),
        Pkg::Middy => (name == "default").then_some(Thing::Package(Pkg::Middy)),
        Pkg::Library(_) if name == "default" => Some(Thing::Package(pkg.clone())),
        Pkg::Library(module) => (!crate::iam::libraries::methods("node", module, name).is_empty())
            .then(|| Thing::LibFunction {
                module: module.clone(),
                name: name.into(),
            }),
    }
}

/// A named export of `@aws-sdk/client-<service>`, classified by the SDK's naming rules.
fn v3_member(service: &Rc<str>, name: &str) -> Option<Thing> {
    if name.ends_with("Exception") || name.ends_with("ServiceException") {
        return None;
    }
    if let Some(op) = name.strip_suffix("Command")
        && !op.is_empty()
    {
        return Some(Thing::CommandClass {
            service: service.clone(),
            op: op.into(),
        });
    }
    if let Some(op) = name.strip_prefix("paginate")
        && !op.is_empty()
    {
        return Some(Thing::Paginator {
            service: service.clone(),
            op: op.into(),
        });
    }
    if name.starts_with("waitUntil") || name.starts_with("waitFor") {
        return Some(Thing::Waiter {
            service: service.clone(),
            name: name.into(),
        });
    }
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let kind = if name.ends_with("Client") {
        ClientKind::V3
    } else {
        ClientKind::V3Agg
    };
    Some(Thing::ClientClass {
        service: service.clone(),
        kind,
    })
}

/// `@aws-sdk/lib-dynamodb` command names (without `Command`) → DynamoDB operations.
fn lib_dynamodb_command(name: &str) -> Option<&'static str> {
    Some(match name {
        "Get" => "GetItem",
        "Put" => "PutItem",
        "Update" => "UpdateItem",
        "Delete" => "DeleteItem",
        "Query" => "Query",
        "Scan" => "Scan",
        "BatchGet" => "BatchGetItem",
        "BatchWrite" => "BatchWriteItem",
        "TransactGet" => "TransactGetItems",
        "TransactWrite" => "TransactWriteItems",
        "ExecuteStatement" => "ExecuteStatement",
        "BatchExecuteStatement" => "BatchExecuteStatement",
        "ExecuteTransaction" => "ExecuteTransaction",
        _ => return None,
    })
}

/// DocumentClient (v2) and `DynamoDBDocument` (v3) methods → DynamoDB operations.
pub(super) fn doc_op(method: &str) -> Option<&'static str> {
    Some(match method {
        "get" => "GetItem",
        "put" => "PutItem",
        "update" => "UpdateItem",
        "delete" => "DeleteItem",
        "query" => "Query",
        "scan" => "Scan",
        "batchGet" => "BatchGetItem",
        "batchWrite" => "BatchWriteItem",
        "transactGet" => "TransactGetItems",
        "transactWrite" => "TransactWriteItems",
        "executeStatement" => "ExecuteStatement",
        "batchExecuteStatement" => "BatchExecuteStatement",
        "executeTransaction" => "ExecuteTransaction",
        _ => return None,
    })
}

/// What calling `method` on a client does.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Method {
    /// An operation; its params are the first argument.
    Op(String),
    /// The operation is named by the first argument, its params are the second
    /// (`getSignedUrl('putObject', params)`, `makeRequest`).
    OpFromArg,
    /// `waitFor('objectExists', params)`.
    Waiter,
    /// Not an operation (`send` is handled before, `destroy`, `on`, `createSet`…).
    Skip,
}

/// Methods of v2 and aggregated v3 clients that are not API operations.
const NOT_OPERATIONS: &[&str] = &[
    "api",
    "bindServiceObject",
    "config",
    "constructor",
    "customizeRequests",
    "defineService",
    "destroy",
    "endpoint",
    "middlewareStack",
    "numRetries",
    "on",
    "retryDelays",
    "setEndpoint",
    "setupRequestListeners",
    "then",
    "toString",
];

pub(super) fn client_method(kind: ClientKind, service: &str, method: &str) -> Method {
    match kind {
        ClientKind::V3 | ClientKind::V3Doc => Method::Skip,
        ClientKind::V2Doc | ClientKind::V3DocAgg => match doc_op(method) {
            Some(op) => Method::Op(op.into()),
            None => Method::Skip,
        },
        ClientKind::V2 | ClientKind::V3Agg => {
            if NOT_OPERATIONS.contains(&method)
                || !method.starts_with(|c: char| c.is_ascii_alphabetic())
            {
                return Method::Skip;
            }
            if kind == ClientKind::V2 {
                match method {
                    "upload" | "createPresignedPost" if service == "s3" => {
                        return Method::Op("PutObject".into());
                    }
                    "getSignedUrl"
                    | "getSignedUrlPromise"
                    | "makeRequest"
                    | "makeUnauthenticatedRequest" => return Method::OpFromArg,
                    "waitFor" => return Method::Waiter,
                    _ => {}
                }
            }
            Method::Op(pascal(method))
        }
    }
}

/// `putObject` → `PutObject`.
pub(super) fn pascal(method: &str) -> String {
    let mut chars = method.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// The operation a waiter polls: v3 `waitUntilObjectExists` or v2 `waitFor('objectExists')`,
/// from the waiter table both extractors share.
pub(super) use crate::iam::waiters::operation_js as waiter_op;
