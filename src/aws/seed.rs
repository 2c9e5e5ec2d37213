//! Write calls used to "deploy" the example service into an emulator (tests and the demo).
//!
//! gearctl's commands never create resources; these exist so that the test harness and the
//! demo set up the emulator through the same SDK layer the commands read it with. They are
//! compiled only with the `testkit` feature, so a product build cannot call them (see
//! `src/testkit_check.rs` for the check that the commands do not call these operations
//! another way).

use std::collections::BTreeMap;

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{
    Environment, FunctionCode, Runtime, TracingConfig, TracingMode, VpcConfig,
};
use aws_sdk_sqs::types::QueueAttributeName;

use super::logs::LogEvent;
use super::{Aws, AwsError, Call};

/// A function to create.
#[derive(Debug, Clone)]
pub struct NewFunction {
    pub name: String,
    pub runtime: String,
    pub handler: String,
    pub role_arn: String,
    pub memory_mb: i32,
    pub timeout_s: i32,
    pub environment: BTreeMap<String, String>,
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
    pub tracing: bool,
    pub zip: Vec<u8>,
}

/// CloudWatch Logs takes at most this many events, and about 1 MiB, per PutLogEvents.
const MAX_EVENTS_PER_PUT: usize = 10_000;
const MAX_BYTES_PER_PUT: usize = 1_000_000;

impl Aws {
    /// Create a role that Lambda may assume; return its ARN.
    pub async fn create_lambda_role(&self, name: &str) -> Result<String, AwsError> {
        let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        let out = self
            .iam()
            .create_role()
            .role_name(name)
            .assume_role_policy_document(trust)
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("iam:CreateRole", name)))?;
        Ok(out.role.map(|r| r.arn).unwrap_or_default())
    }

    /// Create an IAM user with an access key; return (access key id, secret). The emulator
    /// answers `sts:GetCallerIdentity` with that user, which tells tests whose keys signed.
    pub async fn create_user_with_key(&self, name: &str) -> Result<(String, String), AwsError> {
        self.iam()
            .create_user()
            .user_name(name)
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("iam:CreateUser", name)))?;
        let out = self
            .iam()
            .create_access_key()
            .user_name(name)
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("iam:CreateAccessKey", name)))?;
        let key = out
            .access_key
            .map_or_else(Default::default, |k| (k.access_key_id, k.secret_access_key));
        Ok(key)
    }

    /// Put an inline policy on a role (`iam:PutRolePolicy`).
    pub async fn put_role_policy(
        &self,
        role: &str,
        name: &str,
        document: &str,
    ) -> Result<(), AwsError> {
        self.iam()
            .put_role_policy()
            .role_name(role)
            .policy_name(name)
            .policy_document(document)
            .send()
            .await
            .map(drop)
            .map_err(|e| self.err(e, Call::on("iam:PutRolePolicy", role)))
    }

    /// Create a managed policy and attach it to a role (`iam:CreatePolicy`,
    /// `iam:AttachRolePolicy`).
    pub async fn attach_new_policy(
        &self,
        role: &str,
        name: &str,
        document: &str,
    ) -> Result<(), AwsError> {
        let p = self
            .iam()
            .create_policy()
            .policy_name(name)
            .policy_document(document)
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("iam:CreatePolicy", name)))?;
        let arn = p.policy.and_then(|p| p.arn).unwrap_or_default();
        self.iam()
            .attach_role_policy()
            .role_name(role)
            .policy_arn(arn)
            .send()
            .await
            .map(drop)
            .map_err(|e| self.err(e, Call::on("iam:AttachRolePolicy", role)))
    }

    /// Create a function from a zip; return its ARN.
    pub async fn create_function(&self, f: NewFunction) -> Result<String, AwsError> {
        let mut req = self
            .lambda()
            .create_function()
            .function_name(&f.name)
            .runtime(Runtime::from(f.runtime.as_str()))
            .handler(&f.handler)
            .role(&f.role_arn)
            .memory_size(f.memory_mb)
            .timeout(f.timeout_s)
            .code(FunctionCode::builder().zip_file(Blob::new(f.zip)).build())
            .environment(
                Environment::builder()
                    .set_variables(Some(f.environment.into_iter().collect()))
                    .build(),
            );
        if !f.subnet_ids.is_empty() {
            req = req.vpc_config(
                VpcConfig::builder()
                    .set_subnet_ids(Some(f.subnet_ids))
                    .set_security_group_ids(Some(f.security_group_ids))
                    .build(),
            );
        }
        if f.tracing {
            req = req.tracing_config(TracingConfig::builder().mode(TracingMode::Active).build());
        }
        let out = req
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("lambda:CreateFunction", &f.name)))?;
        Ok(out.function_arn.unwrap_or_default())
    }

    /// Replace a function's code and publish it as a new version; return the version.
    pub async fn publish_code(&self, function: &str, zip: Vec<u8>) -> Result<String, AwsError> {
        self.lambda()
            .update_function_code()
            .function_name(function)
            .zip_file(Blob::new(zip))
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("lambda:UpdateFunctionCode", function)))?;
        let out = self
            .lambda()
            .publish_version()
            .function_name(function)
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("lambda:PublishVersion", function)))?;
        Ok(out.version.unwrap_or_default())
    }

    /// Point an alias at a version, optionally routing a share to a second version.
    pub async fn create_alias(
        &self,
        function: &str,
        name: &str,
        version: &str,
        extra: Option<(&str, f64)>,
    ) -> Result<(), AwsError> {
        let mut req = self
            .lambda()
            .create_alias()
            .function_name(function)
            .name(name)
            .function_version(version);
        if let Some((v, w)) = extra {
            req = req.routing_config(
                aws_sdk_lambda::types::AliasRoutingConfiguration::builder()
                    .additional_version_weights(v, w)
                    .build(),
            );
        }
        req.send()
            .await
            .map(drop)
            .map_err(|e| self.err(e, Call::on("lambda:CreateAlias", function)))
    }

    /// Send a function's failed async invokes to `destination_arn`
    /// (`lambda:PutFunctionEventInvokeConfig`).
    pub async fn put_failure_destination(
        &self,
        function: &str,
        destination_arn: &str,
    ) -> Result<(), AwsError> {
        let dest = aws_sdk_lambda::types::DestinationConfig::builder()
            .on_failure(
                aws_sdk_lambda::types::OnFailure::builder()
                    .destination(destination_arn)
                    .build(),
            )
            .build();
        self.lambda()
            .put_function_event_invoke_config()
            .function_name(function)
            .destination_config(dest)
            .send()
            .await
            .map(drop)
            .map_err(|e| self.err(e, Call::on("lambda:PutFunctionEventInvokeConfig", function)))
    }

    /// Create a disabled event-source mapping whose failed batches go to `on_failure_arn`
    /// (`lambda:CreateEventSourceMapping`). Disabled, so that it consumes nothing.
    pub async fn create_failure_mapping(
        &self,
        function: &str,
        source_arn: &str,
        on_failure_arn: &str,
    ) -> Result<(), AwsError> {
        let dest = aws_sdk_lambda::types::DestinationConfig::builder()
            .on_failure(
                aws_sdk_lambda::types::OnFailure::builder()
                    .destination(on_failure_arn)
                    .build(),
            )
            .build();
        self.lambda()
            .create_event_source_mapping()
            .function_name(function)
            .event_source_arn(source_arn)
            .enabled(false)
            .destination_config(dest)
            .send()
            .await
            .map(drop)
            .map_err(|e| self.err(e, Call::on("lambda:CreateEventSourceMapping", function)))
    }

    /// Create a queue with attributes (names as in the SQS API); return its URL.
    pub async fn create_queue(
        &self,
        name: &str,
        attributes: &BTreeMap<String, String>,
    ) -> Result<String, AwsError> {
        let attrs = attributes
            .iter()
            .map(|(k, v)| (QueueAttributeName::from(k.as_str()), v.clone()))
            .collect();
        let out = self
            .sqs()
            .create_queue()
            .queue_name(name)
            .set_attributes(Some(attrs))
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("sqs:CreateQueue", name)))?;
        Ok(out.queue_url.unwrap_or_default())
    }

    /// Send one message with a plain body.
    pub async fn send_message(&self, queue_url: &str, body: &str) -> Result<(), AwsError> {
        self.sqs()
            .send_message()
            .queue_url(queue_url)
            .message_body(body)
            .send()
            .await
            .map(drop)
            .map_err(|e| self.err(e, Call::on("sqs:SendMessage", queue_url)))
    }

    /// Create a log group and a stream in it, then write the events in order.
    pub async fn write_log_stream(
        &self,
        group: &str,
        stream: &str,
        events: &[LogEvent],
    ) -> Result<(), AwsError> {
        let logs = self.logs();
        if let Err(e) = logs.create_log_group().log_group_name(group).send().await {
            let exists = e
                .as_service_error()
                .is_some_and(|s| s.is_resource_already_exists_exception());
            if !exists {
                return Err(self.err(e, Call::on("logs:CreateLogGroup", group)));
            }
        }
        logs.create_log_stream()
            .log_group_name(group)
            .log_stream_name(stream)
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("logs:CreateLogStream", group)))?;
        let mut sorted: Vec<&LogEvent> = events.iter().collect();
        sorted.sort_by_key(|e| e.timestamp);
        for batch in batches(&sorted) {
            // build() fails only without a timestamp or a message; both are always set.
            let input = batch
                .iter()
                .filter_map(|e| {
                    InputLogEvent::builder()
                        .timestamp(e.timestamp)
                        .message(&e.message)
                        .build()
                        .ok()
                })
                .collect();
            logs.put_log_events()
                .log_group_name(group)
                .log_stream_name(stream)
                .set_log_events(Some(input))
                .send()
                .await
                .map_err(|e| self.err(e, Call::on("logs:PutLogEvents", group)))?;
        }
        Ok(())
    }

    // SNS: a topic with a subscription whose RedrivePolicy names a DLQ (tests).

    /// Create a topic; return its ARN (tests and demo).
    pub async fn create_topic(&self, name: &str) -> Result<String, AwsError> {
        let out = self
            .sns()
            .create_topic()
            .name(name)
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("sns:CreateTopic", name)))?;
        Ok(out.topic_arn.unwrap_or_default())
    }

    /// Subscribe an endpoint with attributes (names as in the SNS API, e.g. RedrivePolicy);
    /// return the subscription ARN (tests and demo).
    pub async fn subscribe(
        &self,
        topic_arn: &str,
        protocol: &str,
        endpoint: &str,
        attributes: &BTreeMap<String, String>,
    ) -> Result<String, AwsError> {
        let out = self
            .sns()
            .subscribe()
            .topic_arn(topic_arn)
            .protocol(protocol)
            .endpoint(endpoint)
            .return_subscription_arn(true)
            .set_attributes(Some(attributes.clone().into_iter().collect()))
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("sns:Subscribe", topic_arn)))?;
        let arn = out.subscription_arn.unwrap_or_default();
        // Some endpoints (emulators among them) ignore Subscribe's Attributes: set them again.
        for (k, v) in attributes {
            self.sns()
                .set_subscription_attributes()
                .subscription_arn(&arn)
                .attribute_name(k)
                .attribute_value(v)
                .send()
                .await
                .map_err(|e| self.err(e, Call::on("sns:SetSubscriptionAttributes", &arn)))?;
        }
        Ok(arn)
    }

    /// Publish one message to a topic (tests and demo).
    pub async fn publish(&self, topic_arn: &str, message: &str) -> Result<(), AwsError> {
        self.sns()
            .publish()
            .topic_arn(topic_arn)
            .message(message)
            .send()
            .await
            .map(drop)
            .map_err(|e| self.err(e, Call::on("sns:Publish", topic_arn)))
    }

    // EventBridge: a bus and a rule whose target has a DeadLetterConfig (tests).

    /// Create an event bus (tests and demo).
    pub async fn create_event_bus(&self, name: &str) -> Result<(), AwsError> {
        self.events()
            .create_event_bus()
            .name(name)
            .send()
            .await
            .map(drop)
            .map_err(|e| self.err(e, Call::on("events:CreateEventBus", name)))
    }

    /// Create a rule matching `pattern` on a bus, with one target whose undeliverable events
    /// go to `dead_letter_arn` (tests and demo).
    pub async fn create_rule_with_target(
        &self,
        bus: &str,
        rule: &str,
        pattern: &str,
        target_id: &str,
        target_arn: &str,
        dead_letter_arn: Option<&str>,
    ) -> Result<(), AwsError> {
        use aws_sdk_eventbridge::types::{DeadLetterConfig, Target};
        self.events()
            .put_rule()
            .event_bus_name(bus)
            .name(rule)
            .event_pattern(pattern)
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("events:PutRule", rule)))?;
        let target = Target::builder()
            .id(target_id)
            .arn(target_arn)
            .set_dead_letter_config(
                dead_letter_arn.map(|a| DeadLetterConfig::builder().arn(a).build()),
            )
            .build()
            .map_err(|e| AwsError::refused("events:PutTargets", rule.into(), &e.to_string()))?;
        self.events()
            .put_targets()
            .event_bus_name(bus)
            .rule(rule)
            .targets(target)
            .send()
            .await
            .map(drop)
            .map_err(|e| self.err(e, Call::on("events:PutTargets", rule)))
    }
}

/// Split events into PutLogEvents-sized batches (count and bytes, 26 bytes of overhead each).
fn batches<'a>(events: &'a [&'a LogEvent]) -> Vec<&'a [&'a LogEvent]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, e) in events.iter().enumerate() {
        let size = e.message.len() + 26;
        if i > start && (i - start == MAX_EVENTS_PER_PUT || bytes + size > MAX_BYTES_PER_PUT) {
            out.push(&events[start..i]);
            start = i;
            bytes = 0;
        }
        bytes += size;
    }
    if start < events.len() {
        out.push(&events[start..]);
    }
    out
}
