//! Which API operation each SDK waiter polls: one table for boto3 (`get_waiter("object_exists")`)
//! and the JavaScript SDKs (`waitUntilObjectExists`, v2 `waitFor("objectExists")`), which
//! define the same waiters from the same service models. Names are kept in boto3's
//! snake_case; JavaScript names are converted before the lookup.

/// (service as the SDK names its client, waiter, operation polled).
const WAITERS: &[(&str, &str, &str)] = &[
    ("s3", "bucket_exists", "HeadBucket"),
    ("s3", "bucket_not_exists", "HeadBucket"),
    ("s3", "object_exists", "HeadObject"),
    ("s3", "object_not_exists", "HeadObject"),
    ("dynamodb", "table_exists", "DescribeTable"),
    ("dynamodb", "table_not_exists", "DescribeTable"),
    ("lambda", "function_active", "GetFunctionConfiguration"),
    ("lambda", "function_updated", "GetFunctionConfiguration"),
    (
        "lambda",
        "published_version_active",
        "GetFunctionConfiguration",
    ),
    ("lambda", "function_exists", "GetFunction"),
    ("lambda", "function_active_v2", "GetFunction"),
    ("lambda", "function_updated_v2", "GetFunction"),
    ("kinesis", "stream_exists", "DescribeStream"),
    ("kinesis", "stream_not_exists", "DescribeStream"),
    ("ec2", "instance_status_ok", "DescribeInstanceStatus"),
    ("ec2", "system_status_ok", "DescribeInstanceStatus"),
    ("ec2", "instance_exists", "DescribeInstances"),
    ("ec2", "instance_running", "DescribeInstances"),
    ("ec2", "instance_stopped", "DescribeInstances"),
    ("ec2", "instance_terminated", "DescribeInstances"),
    ("ecs", "services_stable", "DescribeServices"),
    ("ecs", "services_inactive", "DescribeServices"),
    ("ecs", "tasks_running", "DescribeTasks"),
    ("ecs", "tasks_stopped", "DescribeTasks"),
    ("rds", "db_instance_available", "DescribeDBInstances"),
    ("rds", "db_instance_deleted", "DescribeDBInstances"),
    ("rds", "db_snapshot_available", "DescribeDBSnapshots"),
    ("rds", "db_snapshot_deleted", "DescribeDBSnapshots"),
    ("cloudformation", "stack_exists", "DescribeStacks"),
    ("cloudformation", "stack_create_complete", "DescribeStacks"),
    ("cloudformation", "stack_update_complete", "DescribeStacks"),
    ("cloudformation", "stack_delete_complete", "DescribeStacks"),
    ("cloudformation", "stack_import_complete", "DescribeStacks"),
    (
        "cloudformation",
        "stack_rollback_complete",
        "DescribeStacks",
    ),
    (
        "cloudformation",
        "change_set_create_complete",
        "DescribeChangeSet",
    ),
    ("acm", "certificate_validated", "DescribeCertificate"),
    ("ssm", "command_executed", "GetCommandInvocation"),
    ("iam", "role_exists", "GetRole"),
    ("iam", "user_exists", "GetUser"),
    ("iam", "policy_exists", "GetPolicy"),
    ("iam", "instance_profile_exists", "GetInstanceProfile"),
    ("cloudfront", "distribution_deployed", "GetDistribution"),
    ("cloudfront", "invalidation_completed", "GetInvalidation"),
    ("emr", "cluster_running", "DescribeCluster"),
    ("emr", "cluster_terminated", "DescribeCluster"),
    ("emr", "step_complete", "DescribeStep"),
];

/// The operation a waiter polls, by its boto3 name (`object_exists`).
pub fn operation(service: &str, waiter: &str) -> Option<&'static str> {
    WAITERS
        .iter()
        .find(|(s, w, _)| *s == service && *w == waiter)
        .map(|(_, _, op)| *op)
}

/// The same, by a JavaScript name: `waitUntilObjectExists`, `waitForObjectExists` or v2's
/// `objectExists`.
pub fn operation_js(service: &str, name: &str) -> Option<&'static str> {
    let state = name
        .strip_prefix("waitUntil")
        .or_else(|| name.strip_prefix("waitFor"))
        .unwrap_or(name);
    // camelCase to snake_case, a run of capitals being one word (`DBInstance` → `db_instance`)
    // and digits staying with the word before them (`ActiveV2` → `active_v2`).
    let chars: Vec<char> = state.chars().collect();
    let mut snake = String::with_capacity(chars.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                snake.push('_');
            }
        }
        snake.push(c.to_ascii_lowercase());
    }
    operation(service, &snake)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_and_javascript_names_find_the_same_rows() {
        assert_eq!(operation("s3", "object_exists"), Some("HeadObject"));
        for js in [
            "waitUntilObjectExists",
            "waitForObjectExists",
            "objectExists",
        ] {
            assert_eq!(operation_js("s3", js), Some("HeadObject"), "{js}");
        }
        assert_eq!(
            operation_js("lambda", "waitUntilFunctionActiveV2"),
            Some("GetFunction")
        );
        assert_eq!(
            operation_js("rds", "waitUntilDBInstanceAvailable"),
            Some("DescribeDBInstances")
        );
        assert_eq!(
            operation_js("cloudformation", "waitUntilChangeSetCreateComplete"),
            Some("DescribeChangeSet")
        );
        assert_eq!(
            operation_js("ec2", "waitUntilSystemStatusOk"),
            Some("DescribeInstanceStatus")
        );
        // A row once only in the Python table reaches Node too.
        assert_eq!(
            operation_js("acm", "waitUntilCertificateValidated"),
            Some("DescribeCertificate")
        );
        assert_eq!(operation("ec2", "nat_gateway_available"), None);
        assert_eq!(operation_js("s3", ""), None);
    }
}
