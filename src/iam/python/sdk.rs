//! What boto3 does with a method name: the API operation a client method calls, the
//! operation a waiter polls, and what the methods of resource objects (`Table`, `Bucket`,
//! `Object`, `Queue`…) call and with which identifiers.

use super::value::Kind;

/// The API operation of a client method: botocore names methods by snake-casing the
/// operation, so each `_`-separated part is capitalised back (`list_objects_v2` →
/// `ListObjectsV2`). Acronyms that the operation spells in capitals are restored for the
/// services that use them (`describe_db_instances` → `DescribeDBInstances`).
pub(super) fn operation(service: &str, method: &str) -> String {
    let acronyms: &[(&str, &str)] = match service {
        "rds" | "docdb" | "neptune" => &[("db", "DB")],
        "sns" => &[("sms", "SMS")],
        "iam" | "sts" => &[
            ("saml", "SAML"),
            ("mfa", "MFA"),
            ("ssh", "SSH"),
            ("id", "ID"),
        ],
        _ => &[],
    };
    let mut out = String::with_capacity(method.len());
    for part in method.split('_').filter(|p| !p.is_empty()) {
        if let Some((_, up)) = acronyms.iter().find(|(low, _)| *low == part) {
            out.push_str(up);
            continue;
        }
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// The operation a waiter polls, from the waiter table both extractors share.
pub(super) use crate::iam::waiters::operation as waiter_operation;

/// A resource constructor (`dynamodb.Table(name)`): its kind and the API names of its
/// identifiers, each with the keyword boto3 takes for it.
pub(super) fn constructor(name: &str) -> (Kind, &'static [(&'static str, &'static str)]) {
    match name {
        "Table" => (Kind::Table, &[("TableName", "name")]),
        "Bucket" => (Kind::Bucket, &[("Bucket", "name")]),
        "Object" => (Kind::Object, &[("Bucket", "bucket_name"), ("Key", "key")]),
        "ObjectSummary" => (
            Kind::ObjectSummary,
            &[("Bucket", "bucket_name"), ("Key", "key")],
        ),
        "Queue" => (Kind::Queue, &[("QueueUrl", "url")]),
        "Message" => (
            Kind::Message,
            &[
                ("QueueUrl", "queue_url"),
                ("ReceiptHandle", "receipt_handle"),
            ],
        ),
        "Topic" => (Kind::Topic, &[("TopicArn", "arn")]),
        _ => (Kind::Other, &[]),
    }
}

/// What a method of a resource object calls.
pub(super) struct ObjOp {
    pub op: &'static str,
    /// API names of its positional parameters, in order (`upload_file(Filename, Key)`).
    pub positional: &'static [&'static str],
    pub returns: Returns,
}

#[derive(Clone, Copy)]
pub(super) enum Returns {
    Nothing,
    /// The batch writer of the table.
    BatchWriter,
    /// An `Object` of the bucket, keyed by the first argument.
    Object,
    /// Messages of the queue.
    Messages,
    /// Object summaries of the bucket.
    Summaries,
}

const fn op(op: &'static str) -> Option<ObjOp> {
    Some(ObjOp {
        op,
        positional: &[],
        returns: Returns::Nothing,
    })
}

const fn op_pos(op: &'static str, positional: &'static [&'static str]) -> Option<ObjOp> {
    Some(ObjOp {
        op,
        positional,
        returns: Returns::Nothing,
    })
}

/// A method call on a resource object. `None`: the method calls the API operation its
/// name says (`bucket.put_object` → `PutObject`), or nothing for batch writers.
pub(super) fn obj_method(kind: Kind, method: &str) -> Option<ObjOp> {
    match (kind, method) {
        (Kind::Table, "batch_writer") => Some(ObjOp {
            op: "BatchWriteItem",
            positional: &[],
            returns: Returns::BatchWriter,
        }),
        (Kind::Table, "load" | "reload" | "wait_until_exists" | "wait_until_not_exists") => {
            op("DescribeTable")
        }
        (Kind::Table, "delete") => op("DeleteTable"),
        (Kind::Table, "update") => op("UpdateTable"),
        (Kind::Bucket, "Object") => Some(ObjOp {
            op: "",
            positional: &["Key"],
            returns: Returns::Object,
        }),
        (Kind::Bucket, "upload_file") => op_pos("PutObject", &["Filename", "Key", "ExtraArgs"]),
        (Kind::Bucket, "upload_fileobj") => op_pos("PutObject", &["Fileobj", "Key", "ExtraArgs"]),
        (Kind::Bucket, "download_file") => op_pos("GetObject", &["Key", "Filename", "ExtraArgs"]),
        (Kind::Bucket, "download_fileobj") => op_pos("GetObject", &["Key", "Fileobj", "ExtraArgs"]),
        (Kind::Bucket, "copy") => op_pos("CopyObject", &["CopySource", "Key", "ExtraArgs"]),
        (Kind::Bucket, "delete") => op("DeleteBucket"),
        (Kind::Bucket, "create") => op("CreateBucket"),
        (Kind::Bucket, "wait_until_exists" | "wait_until_not_exists") => op("HeadBucket"),
        (Kind::Object | Kind::ObjectSummary, "get") => op("GetObject"),
        (Kind::Object | Kind::ObjectSummary, "put") => op("PutObject"),
        (Kind::Object | Kind::ObjectSummary, "delete") => op("DeleteObject"),
        (Kind::Object | Kind::ObjectSummary, "upload_file") => {
            op_pos("PutObject", &["Filename", "ExtraArgs"])
        }
        (Kind::Object | Kind::ObjectSummary, "upload_fileobj") => {
            op_pos("PutObject", &["Fileobj", "ExtraArgs"])
        }
        (Kind::Object | Kind::ObjectSummary, "download_file") => {
            op_pos("GetObject", &["Filename", "ExtraArgs"])
        }
        (Kind::Object | Kind::ObjectSummary, "download_fileobj") => {
            op_pos("GetObject", &["Fileobj", "ExtraArgs"])
        }
        (Kind::Object | Kind::ObjectSummary, "copy_from") => op("CopyObject"),
        (Kind::Object | Kind::ObjectSummary, "copy") => {
            op_pos("CopyObject", &["CopySource", "ExtraArgs"])
        }
        (
            Kind::Object | Kind::ObjectSummary,
            "load" | "reload" | "wait_until_exists" | "wait_until_not_exists",
        ) => op("HeadObject"),
        (Kind::Object | Kind::ObjectSummary, "restore_object") => op("RestoreObject"),
        (Kind::Object | Kind::ObjectSummary, "initiate_multipart_upload") => {
            op("CreateMultipartUpload")
        }
        (Kind::Queue, "send_messages") => op("SendMessageBatch"),
        (Kind::Queue, "receive_messages") => Some(ObjOp {
            op: "ReceiveMessage",
            positional: &[],
            returns: Returns::Messages,
        }),
        (Kind::Queue, "delete_messages") => op("DeleteMessageBatch"),
        (Kind::Queue, "purge") => op("PurgeQueue"),
        (Kind::Queue, "delete") => op("DeleteQueue"),
        (Kind::Queue, "set_attributes") => op("SetQueueAttributes"),
        (Kind::Queue, "load" | "reload") => op("GetQueueAttributes"),
        (Kind::Message, "delete") => op("DeleteMessage"),
        (Kind::Message, "change_visibility") => op("ChangeMessageVisibility"),
        (Kind::Topic, "delete") => op("DeleteTopic"),
        (Kind::Topic, "set_attributes") => op("SetTopicAttributes"),
        (Kind::Topic, "load" | "reload") => op("GetTopicAttributes"),
        (Kind::Collection, "all" | "filter" | "limit" | "page_size") => Some(ObjOp {
            op: "",
            positional: &[],
            returns: Returns::Summaries,
        }),
        _ => None,
    }
}

/// Attributes that make a resource object load itself (`table.item_count` calls
/// DescribeTable the first time).
pub(super) fn lazy_attribute(kind: Kind, attr: &str) -> Option<&'static str> {
    match (kind, attr) {
        (
            Kind::Table,
            "item_count"
            | "table_status"
            | "key_schema"
            | "attribute_definitions"
            | "table_arn"
            | "table_size_bytes"
            | "creation_date_time"
            | "provisioned_throughput"
            | "global_secondary_indexes"
            | "local_secondary_indexes"
            | "stream_specification"
            | "latest_stream_arn"
            | "billing_mode_summary"
            | "table_id",
        ) => Some("DescribeTable"),
        (
            Kind::Object,
            "content_length"
            | "content_type"
            | "e_tag"
            | "last_modified"
            | "metadata"
            | "version_id"
            | "storage_class"
            | "expires"
            | "server_side_encryption"
            | "content_encoding"
            | "content_disposition"
            | "cache_control"
            | "sse_kms_key_id",
        ) => Some("HeadObject"),
        (Kind::Queue, "attributes") => Some("GetQueueAttributes"),
        (Kind::Topic, "attributes") => Some("GetTopicAttributes"),
        _ => None,
    }
}

/// Collections on resources and what listing them calls.
pub(super) fn collection(kind: Option<Kind>, service: &str, attr: &str) -> Option<&'static str> {
    match (kind, service, attr) {
        (Some(Kind::Bucket), _, "objects") => Some("ListObjectsV2"),
        (Some(Kind::Bucket), _, "object_versions") => Some("ListObjectVersions"),
        (Some(Kind::Bucket), _, "multipart_uploads") => Some("ListMultipartUploads"),
        (None, "s3", "buckets") => Some("ListBuckets"),
        (None, "sqs", "queues") => Some("ListQueues"),
        (None, "sns", "topics") => Some("ListTopics"),
        (None, "sns", "subscriptions") => Some("ListSubscriptions"),
        (Some(Kind::Topic), _, "subscriptions") => Some("ListSubscriptionsByTopic"),
        _ => None,
    }
}

/// Positional parameters of the S3 client's transfer helpers, and the operation each
/// calls.
pub(super) fn s3_client_helper(method: &str) -> Option<(&'static str, &'static [&'static str])> {
    Some(match method {
        "upload_file" => ("PutObject", &["Filename", "Bucket", "Key", "ExtraArgs"]),
        "upload_fileobj" => ("PutObject", &["Fileobj", "Bucket", "Key", "ExtraArgs"]),
        "download_file" => ("GetObject", &["Bucket", "Key", "Filename", "ExtraArgs"]),
        "download_fileobj" => ("GetObject", &["Bucket", "Key", "Fileobj", "ExtraArgs"]),
        "copy" => ("CopyObject", &["CopySource", "Bucket", "Key", "ExtraArgs"]),
        "generate_presigned_post" => ("PutObject", &["Bucket", "Key"]),
        _ => return None,
    })
}

/// Helper parameters that are not API parameters and are left out of the call's args
/// (`ExtraArgs` is spread into them instead).
pub(super) fn is_helper_only(param: &str) -> bool {
    matches!(
        param,
        "Filename"
            | "Fileobj"
            | "ExtraArgs"
            | "Callback"
            | "Config"
            | "Fields"
            | "Conditions"
            | "ExpiresIn"
            | "WaiterConfig"
            | "PaginationConfig"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names() {
        assert_eq!(operation("s3", "put_object"), "PutObject");
        assert_eq!(operation("s3", "list_objects_v2"), "ListObjectsV2");
        assert_eq!(operation("sqs", "send_message_batch"), "SendMessageBatch");
        assert_eq!(
            operation("rds", "describe_db_instances"),
            "DescribeDBInstances"
        );
        assert_eq!(operation("sns", "get_sms_attributes"), "GetSMSAttributes");
        assert_eq!(operation("lambda", "invoke"), "Invoke");
        assert_eq!(operation("ec2", "describe_ipv6_pools"), "DescribeIpv6Pools");
    }
}
