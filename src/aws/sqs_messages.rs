//! SQS messages: receive, send, delete and hide them in batches, as plain values.
//!
//! The batch calls succeed as a whole even when single entries fail, so every function here
//! returns one outcome per entry: the redrive engines delete only what was really sent.

use std::collections::BTreeMap;

use aws_sdk_sqs::types::{
    BatchResultErrorEntry, ChangeMessageVisibilityBatchRequestEntry,
    DeleteMessageBatchRequestEntry, MessageAttributeValue, MessageSystemAttributeName,
    SendMessageBatchRequestEntry,
};
use aws_smithy_types::Blob;
use serde::{Deserialize, Serialize};

use super::{Aws, AwsError, Call};

/// One message as received, with every attribute SQS returned.
#[derive(Debug, Clone, PartialEq)]
pub struct SqsMessage {
    pub message_id: String,
    pub receipt_handle: String,
    pub body: String,
    /// System attributes: SentTimestamp, ApproximateReceiveCount, MessageGroupId, …
    pub attributes: BTreeMap<String, String>,
    /// The sender's message attributes, every data type included.
    pub message_attributes: BTreeMap<String, AttributeValue>,
}

/// A message attribute. `data_type` keeps custom suffixes (`Number.float`, `Binary.png`);
/// binary values are base64 in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeValue {
    pub data_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string_value: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "base64_bytes"
    )]
    pub binary_value: Option<Vec<u8>>,
}

/// A message to send: the body and attributes of one received (or exported) message.
#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingMessage {
    /// Unique within the batch; reported back in the outcome.
    pub id: String,
    pub body: String,
    pub message_attributes: BTreeMap<String, AttributeValue>,
    /// FIFO destinations only.
    pub group_id: Option<String>,
    /// FIFO destinations only.
    pub dedup_id: Option<String>,
}

/// Why one entry of a batch call failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryFailure {
    pub code: String,
    pub message: String,
    /// True when retrying the same entry cannot help.
    pub sender_fault: bool,
}

/// The outcome of one entry of a batch call, by its id.
pub type EntryOutcome = (String, Result<(), EntryFailure>);

impl AttributeValue {
    /// Bytes SQS counts toward the message size: name, type and value.
    pub fn size(&self, name: &str) -> usize {
        name.len()
            + self.data_type.len()
            + self.string_value.as_ref().map_or(0, String::len)
            + self.binary_value.as_ref().map_or(0, Vec::len)
    }

    fn to_sdk(&self) -> Result<MessageAttributeValue, AwsError> {
        MessageAttributeValue::builder()
            .data_type(&self.data_type)
            .set_string_value(self.string_value.clone())
            .set_binary_value(self.binary_value.clone().map(Blob::new))
            .build()
            .map_err(|e| AwsError::refused("sqs:SendMessage", String::new(), &e.to_string()))
    }
}

impl OutgoingMessage {
    /// Bytes SQS counts toward its size limits: the body plus every attribute.
    pub fn size(&self) -> usize {
        self.body.len()
            + self
                .message_attributes
                .iter()
                .map(|(k, v)| v.size(k))
                .sum::<usize>()
    }
}

impl Aws {
    /// Receive up to `max` (1–10) messages with every attribute, hiding them for
    /// `visibility_s` seconds (`sqs:ReceiveMessage`).
    pub async fn receive(
        &self,
        queue_url: &str,
        max: i32,
        visibility_s: i32,
        wait_s: i32,
    ) -> Result<Vec<SqsMessage>, AwsError> {
        let out = self
            .sqs()
            .receive_message()
            .queue_url(queue_url)
            .max_number_of_messages(max.clamp(1, 10))
            .visibility_timeout(visibility_s)
            .wait_time_seconds(wait_s)
            .message_system_attribute_names(MessageSystemAttributeName::All)
            .message_attribute_names("All")
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("sqs:ReceiveMessage", queue_url)))?;
        Ok(out
            .messages
            .unwrap_or_default()
            .into_iter()
            .map(|m| SqsMessage {
                message_id: m.message_id.unwrap_or_default(),
                receipt_handle: m.receipt_handle.unwrap_or_default(),
                body: m.body.unwrap_or_default(),
                attributes: m
                    .attributes
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(k, v)| (k.as_str().to_string(), v))
                    .collect(),
                message_attributes: m
                    .message_attributes
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(k, v)| {
                        let value = AttributeValue {
                            data_type: v.data_type,
                            string_value: v.string_value,
                            binary_value: v.binary_value.map(Blob::into_inner),
                        };
                        (k, value)
                    })
                    .collect(),
            })
            .collect())
    }

    /// Send up to 10 messages in one call (`sqs:SendMessage`); one outcome per entry.
    pub async fn send_batch(
        &self,
        queue_url: &str,
        messages: &[OutgoingMessage],
    ) -> Result<Vec<EntryOutcome>, AwsError> {
        let mut entries = Vec::with_capacity(messages.len());
        for m in messages {
            let mut attrs = std::collections::HashMap::new();
            for (k, v) in &m.message_attributes {
                attrs.insert(k.clone(), v.to_sdk()?);
            }
            let entry = SendMessageBatchRequestEntry::builder()
                .id(&m.id)
                .message_body(&m.body)
                .set_message_attributes((!attrs.is_empty()).then_some(attrs))
                .set_message_group_id(m.group_id.clone())
                .set_message_deduplication_id(m.dedup_id.clone())
                .build()
                .map_err(|e| AwsError::refused("sqs:SendMessage", m.id.clone(), &e.to_string()))?;
            entries.push(entry);
        }
        let out = self
            .sqs()
            .send_message_batch()
            .queue_url(queue_url)
            .set_entries(Some(entries))
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("sqs:SendMessage", queue_url)))?;
        let ok = out.successful.into_iter().map(|s| s.id);
        Ok(outcomes(
            messages.iter().map(|m| m.id.as_str()),
            ok,
            out.failed,
        ))
    }

    /// Delete messages by receipt handle, 10 at most (`sqs:DeleteMessage`).
    /// `handles` holds (id, receipt handle) pairs.
    pub async fn delete_batch(
        &self,
        queue_url: &str,
        handles: &[(String, String)],
    ) -> Result<Vec<EntryOutcome>, AwsError> {
        let entries = handles
            .iter()
            .map(|(id, h)| {
                DeleteMessageBatchRequestEntry::builder()
                    .id(id)
                    .receipt_handle(h)
                    .build()
                    .map_err(|e| AwsError::refused("sqs:DeleteMessage", id.clone(), &e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let out = self
            .sqs()
            .delete_message_batch()
            .queue_url(queue_url)
            .set_entries(Some(entries))
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("sqs:DeleteMessage", queue_url)))?;
        let ok = out.successful.into_iter().map(|s| s.id);
        Ok(outcomes(
            handles.iter().map(|(id, _)| id.as_str()),
            ok,
            out.failed,
        ))
    }

    /// Change the visibility timeout of messages, 10 at most (`sqs:ChangeMessageVisibility`).
    /// 0 makes them visible again at once.
    pub async fn set_visibility_batch(
        &self,
        queue_url: &str,
        handles: &[(String, String)],
        visibility_s: i32,
    ) -> Result<Vec<EntryOutcome>, AwsError> {
        let entries = handles
            .iter()
            .map(|(id, h)| {
                ChangeMessageVisibilityBatchRequestEntry::builder()
                    .id(id)
                    .receipt_handle(h)
                    .visibility_timeout(visibility_s)
                    .build()
                    .map_err(|e| {
                        AwsError::refused("sqs:ChangeMessageVisibility", id.clone(), &e.to_string())
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let out = self
            .sqs()
            .change_message_visibility_batch()
            .queue_url(queue_url)
            .set_entries(Some(entries))
            .send()
            .await
            .map_err(|e| self.err(e, Call::on("sqs:ChangeMessageVisibility", queue_url)))?;
        let ok = out.successful.into_iter().map(|s| s.id);
        Ok(outcomes(
            handles.iter().map(|(id, _)| id.as_str()),
            ok,
            out.failed,
        ))
    }
}

/// One outcome per requested id, in request order. An id the service reported neither as
/// successful nor as failed counts as failed: nothing is assumed to have happened.
fn outcomes<'a>(
    ids: impl Iterator<Item = &'a str>,
    ok: impl Iterator<Item = String>,
    failed: Vec<BatchResultErrorEntry>,
) -> Vec<EntryOutcome> {
    let ok: std::collections::HashSet<String> = ok.collect();
    let mut failed: std::collections::HashMap<String, EntryFailure> = failed
        .into_iter()
        .map(|f| {
            let failure = EntryFailure {
                code: f.code,
                message: f.message.unwrap_or_default(),
                sender_fault: f.sender_fault,
            };
            (f.id, failure)
        })
        .collect();
    ids.map(|id| {
        let result = if let Some(f) = failed.remove(id) {
            Err(f)
        } else if ok.contains(id) {
            Ok(())
        } else {
            Err(EntryFailure {
                code: "NoResult".into(),
                message: "the service did not report this entry".into(),
                sender_fault: false,
            })
        };
        (id.to_string(), result)
    })
    .collect()
}

/// Binary attribute values as standard base64 in JSON (the JSONL export format).
mod base64_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(b) => s.serialize_str(&aws_smithy_types::base64::encode(b)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(s) => aws_smithy_types::base64::decode(&s)
                .map(Some)
                .map_err(|e| serde::de::Error::custom(format!("binary_value is not base64: {e}"))),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreported_entries_count_as_failed() {
        let got = outcomes(
            ["a", "b", "c"].into_iter(),
            ["a".to_string()].into_iter(),
            vec![
                BatchResultErrorEntry::builder()
                    .id("b")
                    .code("InternalError")
                    .sender_fault(false)
                    .build()
                    .unwrap(),
            ],
        );
        assert_eq!(got[0], ("a".into(), Ok(())));
        assert_eq!(got[1].1.as_ref().unwrap_err().code, "InternalError");
        assert_eq!(got[2].1.as_ref().unwrap_err().code, "NoResult");
    }

    #[test]
    fn binary_attributes_round_trip_as_base64() {
        let v = AttributeValue {
            data_type: "Binary.png".into(),
            string_value: None,
            binary_value: Some(vec![0, 1, 255]),
        };
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, r#"{"data_type":"Binary.png","binary_value":"AAH/"}"#);
        assert_eq!(serde_json::from_str::<AttributeValue>(&json).unwrap(), v);
        assert!(
            serde_json::from_str::<AttributeValue>(r#"{"data_type":"Binary","binary_value":"%%"}"#)
                .is_err()
        );
    }
}
