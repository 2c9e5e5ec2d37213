//! The same grants from real handler code: the extractors must keep dict, object and list
//! literals passed as arguments (Python and Node), or the resources inside them are lost.

use std::collections::BTreeSet;

use crate::iam::calls::Extraction;
use crate::iam::grants::for_call;
use crate::iam::resolve::{Place, Resolver};

const YML: &str = r#"
service: media
provider:
  name: aws
  stage: prod
  environment:
    UPLOADS: media-uploads
    ORDERS: media-orders
    ROLE_ARN: arn:aws:iam::111122223333:role/media-flow
functions:
  api:
    handler: handler.handle
"#;

fn service(file: &str, code: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join(file), code).expect("write handler");
    dir
}

/// Every (action, resource, condition value) the extracted calls grant.
fn granted(x: &Extraction) -> BTreeSet<(String, String, String)> {
    assert!(x.errors.is_empty(), "{:?}", x.errors);
    let svc = crate::iam::resolve::test_service(YML);
    let place = Place::new(Some("eu-west-1"), Some("111122223333"));
    let r = Resolver {
        svc: &svc,
        function: &svc.functions[0],
        place: &place,
    };
    let mut findings = Vec::new();
    let out = x
        .calls
        .iter()
        .flat_map(|c| for_call(c, &r, &mut findings))
        .filter(|g| !g.action.starts_with("logs:"))
        .map(|g| {
            let condition = g.condition.map(|c| c.value).unwrap_or_default();
            (g.action, g.resource, condition)
        })
        .collect();
    assert!(findings.is_empty(), "{findings:?}");
    out
}

fn want(v: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    v.iter()
        .map(|(a, r, c)| (a.to_string(), r.to_string(), c.to_string()))
        .collect()
}

const TABLE: &str = "arn:aws:dynamodb:eu-west-1:111122223333:table";

#[test]
fn python_dict_and_list_literals_name_the_resources() {
    let dir = service(
        "handler.py",
        r#"
import os
import boto3

rek = boto3.client("rekognition")
ddb = boto3.client("dynamodb")
scheduler = boto3.client("scheduler")
BUCKET = os.environ["UPLOADS"]
ORDERS = os.environ["ORDERS"]


def handle(event, context):
    image = {"S3Object": {"Bucket": BUCKET, "Name": "in/" + event["key"]}}
    rek.detect_labels(Image=image, MaxLabels=5)
    ddb.batch_write_item(
        RequestItems={ORDERS: [{"PutRequest": {"Item": {}}}], "media-tags": []}
    )
    ddb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": "media-tags", "Item": {}}},
            {"Delete": {"TableName": ORDERS, "Key": {}}},
        ]
    )
    scheduler.create_schedule(
        Name="nightly",
        ScheduleExpression="rate(1 day)",
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={"Arn": "arn:aws:sqs:eu-west-1:111122223333:q", "RoleArn": os.environ["ROLE_ARN"]},
    )
"#,
    );
    let got = granted(&crate::iam::python::extract(dir.path(), "handler.handle"));
    assert_eq!(
        got,
        want(&[
            ("rekognition:DetectLabels", "*", ""),
            ("s3:GetObject", "arn:aws:s3:::media-uploads/in/*", ""),
            (
                "dynamodb:BatchWriteItem",
                &format!("{TABLE}/media-orders"),
                ""
            ),
            (
                "dynamodb:BatchWriteItem",
                &format!("{TABLE}/media-tags"),
                ""
            ),
            ("dynamodb:PutItem", &format!("{TABLE}/media-tags"), ""),
            ("dynamodb:DeleteItem", &format!("{TABLE}/media-orders"), ""),
            (
                "scheduler:CreateSchedule",
                "arn:aws:scheduler:eu-west-1:111122223333:schedule/default/nightly",
                ""
            ),
            (
                "iam:PassRole",
                "arn:aws:iam::111122223333:role/media-flow",
                "scheduler.amazonaws.com"
            ),
        ])
    );
}

#[test]
fn node_object_and_array_literals_name_the_resources() {
    let dir = service(
        "handler.js",
        r#"
const { RekognitionClient, DetectLabelsCommand } = require("@aws-sdk/client-rekognition");
const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient, BatchWriteCommand, TransactWriteCommand } = require("@aws-sdk/lib-dynamodb");
const AWS = require("aws-sdk");

const rek = new RekognitionClient({});
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const ORDERS = process.env.ORDERS;

exports.handle = async (event) => {
  const Bucket = process.env.UPLOADS;
  await rek.send(new DetectLabelsCommand({ Image: { S3Object: { Bucket, Name: `in/${event.key}` } } }));
  await doc.send(new BatchWriteCommand({ RequestItems: { [ORDERS]: [{ PutRequest: { Item: {} } }], "media-tags": [] } }));
  const puts = [{ Put: { TableName: "media-tags", Item: {} } }];
  await doc.send(new TransactWriteCommand({ TransactItems: [...puts, { Delete: { TableName: ORDERS, Key: {} } }] }));
  // The endpoint is client configuration, which the extractor does not carry: the grant is
  // on any API at the service's stage.
  const gw = new AWS.ApiGatewayManagementApi({ endpoint: "https://a1b2c3.execute-api.eu-west-1.amazonaws.com/live" });
  await gw.postToConnection({ ConnectionId: event.id, Data: "hi" }).promise();
};
"#,
    );
    let got = granted(&crate::iam::node::extract(dir.path(), "handler.handle"));
    assert_eq!(
        got,
        want(&[
            ("rekognition:DetectLabels", "*", ""),
            ("s3:GetObject", "arn:aws:s3:::media-uploads/in/*", ""),
            (
                "dynamodb:BatchWriteItem",
                &format!("{TABLE}/media-orders"),
                ""
            ),
            (
                "dynamodb:BatchWriteItem",
                &format!("{TABLE}/media-tags"),
                ""
            ),
            ("dynamodb:PutItem", &format!("{TABLE}/media-tags"), ""),
            ("dynamodb:DeleteItem", &format!("{TABLE}/media-orders"), ""),
            (
                "execute-api:ManageConnections",
                "arn:aws:execute-api:eu-west-1:111122223333:*/prod/POST/@connections/*",
                ""
            ),
        ])
    );
}

#[test]
fn huge_and_self_referencing_literals_stay_bounded() {
    let dir = service(
        "handler.js",
        r#"
const AWS = require("aws-sdk");
const ddb = new AWS.DynamoDB.DocumentClient();
exports.handle = async () => {
  const loop = { TableName: "t" };
  loop.self = loop;
  let a = [loop, loop];
  for (let i = 0; i < 40; i++) { a = [a, a]; }
  await ddb.transactWrite({ TransactItems: [{ Put: loop }], Extra: a }).promise();
};
"#,
    );
    let x = crate::iam::node::extract(dir.path(), "handler.handle");
    let json = serde_json::to_string(&x.calls).expect("calls serialize");
    assert!(json.len() < 200_000, "{} bytes", json.len());
    let got = granted(&x);
    assert!(
        got.contains(&(
            "dynamodb:PutItem".into(),
            format!("{TABLE}/t"),
            String::new()
        )),
        "{got:?}"
    );
}
