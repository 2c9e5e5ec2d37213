//! Grants from hand-built calls whose resources are inside the request: implied S3 access,
//! passed roles, batch and transaction tables, consumers, schedules, connections, activities.

use std::collections::BTreeMap;

use crate::iam::calls::{SdkCall, Value, computed_key};
use crate::iam::grants::for_call;
use crate::iam::policy::{Condition, Grant};
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
    handler: h.api
    events:
      - s3: media-photos
"#;

fn call(service: &str, op: &str, args: Value) -> Vec<Grant> {
    let svc = crate::iam::resolve::test_service(YML);
    let place = Place::new(Some("eu-west-1"), Some("111122223333"));
    let r = Resolver {
        svc: &svc,
        function: &svc.functions[0],
        place: &place,
    };
    let Value::Map(args) = args else {
        panic!("the arguments are a map")
    };
    let call = SdkCall {
        service: service.into(),
        operation: op.into(),
        args,
        file: "h.py".into(),
        line: 7,
    };
    let mut findings = Vec::new();
    let grants = for_call(&call, &r, &mut findings);
    assert!(findings.is_empty(), "{findings:?}");
    grants
}

/// (action, resource) pairs, sorted.
fn pairs(grants: &[Grant]) -> Vec<(String, String)> {
    let mut v: Vec<_> = grants
        .iter()
        .map(|g| (g.action.clone(), g.resource.clone()))
        .collect();
    v.sort();
    v.dedup();
    v
}

fn want(v: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<_> = v
        .iter()
        .map(|(a, r)| (a.to_string(), r.to_string()))
        .collect();
    v.sort();
    v
}

fn map(entries: &[(&str, Value)]) -> Value {
    Value::Map(
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn s(text: &str) -> Value {
    Value::Str(text.into())
}

fn env(name: &str) -> Value {
    Value::Env(name.into())
}

const A: &str = "arn:aws:";
const HERE: &str = "eu-west-1:111122223333";

#[test]
fn rekognition_reads_the_image_with_the_callers_credentials() {
    let image = map(&[(
        "S3Object",
        map(&[("Bucket", env("UPLOADS")), ("Name", s("in/cat.jpg"))]),
    )]);
    let g = call(
        "rekognition",
        "DetectLabels",
        map(&[("Image", image.clone())]),
    );
    assert_eq!(
        pairs(&g),
        want(&[
            ("rekognition:DetectLabels", "*"),
            ("s3:GetObject", "arn:aws:s3:::media-uploads/in/cat.jpg"),
        ])
    );
    // A bucket read from the S3 event is the function's event bucket.
    let from_event = map(&[(
        "S3Object",
        map(&[
            (
                "Bucket",
                Value::Unknown("record[\"s3\"][\"bucket\"][\"name\"]".into()),
            ),
            ("Name", Value::Unknown("key".into())),
        ]),
    )]);
    assert_eq!(
        pairs(&call(
            "rekognition",
            "DetectLabels",
            map(&[("Image", from_event)])
        )),
        want(&[
            ("rekognition:DetectLabels", "*"),
            ("s3:GetObject", "arn:aws:s3:::media-photos/*"),
        ])
    );
    // Image bytes: nothing to read from S3.
    let bytes = map(&[("Image", map(&[("Bytes", Value::Unknown("data".into()))]))]);
    assert_eq!(
        pairs(&call("rekognition", "DetectLabels", bytes)),
        want(&[("rekognition:DetectLabels", "*")])
    );
    let compare = map(&[
        ("SourceImage", image.clone()),
        (
            "TargetImage",
            map(&[(
                "S3Object",
                map(&[
                    ("Bucket", s("other")),
                    ("Name", Value::Unknown("key".into())),
                ]),
            )]),
        ),
    ]);
    let g = call("rekognition", "CompareFaces", compare);
    assert!(
        pairs(&g).contains(&("s3:GetObject".into(), "arn:aws:s3:::other/*".into())),
        "{g:?}"
    );
    let video = map(&[
        (
            "Video",
            map(&[(
                "S3Object",
                map(&[("Bucket", s("clips")), ("Name", s("a.mp4"))]),
            )]),
        ),
        (
            "NotificationChannel",
            map(&[("RoleArn", env("ROLE_ARN")), ("SNSTopicArn", s("t"))]),
        ),
    ]);
    let g = call("rekognition", "StartLabelDetection", video);
    assert!(pairs(&g).contains(&("s3:GetObject".into(), "arn:aws:s3:::clips/a.mp4".into())));
    let pass = g
        .iter()
        .find(|g| g.action == "iam:PassRole")
        .expect("PassRole");
    assert_eq!(pass.resource, "arn:aws:iam::111122223333:role/media-flow");
    assert_eq!(
        pass.condition,
        Some(Condition::passed_to("rekognition.amazonaws.com"))
    );
}

#[test]
fn textract_transcribe_and_polly_read_and_write_s3() {
    let g = call(
        "textract",
        "StartDocumentAnalysis",
        map(&[
            (
                "DocumentLocation",
                map(&[(
                    "S3Object",
                    map(&[("Bucket", s("docs")), ("Name", s("in/a.pdf"))]),
                )]),
            ),
            (
                "OutputConfig",
                map(&[("S3Bucket", s("docs")), ("S3Prefix", s("out/"))]),
            ),
        ]),
    );
    let p = pairs(&g);
    assert!(p.contains(&("s3:GetObject".into(), "arn:aws:s3:::docs/in/a.pdf".into())));
    assert!(p.contains(&("s3:PutObject".into(), "arn:aws:s3:::docs/out/*".into())));

    let pages = map(&[(
        "DocumentPages",
        Value::List(vec![
            map(&[(
                "S3Object",
                map(&[("Bucket", s("ids")), ("Name", s("front"))]),
            )]),
            map(&[(
                "S3Object",
                map(&[("Bucket", s("ids")), ("Name", s("back"))]),
            )]),
        ]),
    )]);
    let p = pairs(&call("textract", "AnalyzeID", pages));
    assert!(p.contains(&("s3:GetObject".into(), "arn:aws:s3:::ids/front".into())));
    assert!(p.contains(&("s3:GetObject".into(), "arn:aws:s3:::ids/back".into())));

    let media = map(&[("MediaFileUri", s("s3://audio-in/calls/1.wav"))]);
    let job = |extra: Vec<(&str, Value)>| {
        let mut entries = vec![
            ("TranscriptionJobName", s("j")),
            ("Media", media.clone()),
            ("OutputBucketName", s("audio-out")),
            ("OutputKey", s("text/")),
        ];
        entries.extend(extra);
        pairs(&call("transcribe", "StartTranscriptionJob", map(&entries)))
    };
    let p = job(vec![]);
    assert!(p.contains(&(
        "s3:GetObject".into(),
        "arn:aws:s3:::audio-in/calls/1.wav".into()
    )));
    assert!(p.contains(&(
        "s3:PutObject".into(),
        "arn:aws:s3:::audio-out/text/*".into()
    )));
    // With a data access role, Transcribe reads the media with that role.
    let p = job(vec![(
        "JobExecutionSettings",
        map(&[("DataAccessRoleArn", env("ROLE_ARN"))]),
    )]);
    assert!(!p.iter().any(|(a, _)| a == "s3:GetObject"), "{p:?}");
    assert!(p.contains(&(
        "iam:PassRole".into(),
        "arn:aws:iam::111122223333:role/media-flow".into()
    )));

    let p = pairs(&call(
        "polly",
        "StartSpeechSynthesisTask",
        map(&[
            ("OutputS3BucketName", s("speech")),
            ("OutputS3KeyPrefix", s("mp3/")),
            ("Text", s("hello")),
        ]),
    ));
    assert!(p.contains(&("s3:PutObject".into(), "arn:aws:s3:::speech/mp3/*".into())));
}

#[test]
fn comprehend_jobs_use_their_data_access_role_not_the_callers_s3_access() {
    let g = call(
        "comprehend",
        "StartSentimentDetectionJob",
        map(&[
            ("InputDataConfig", map(&[("S3Uri", s("s3://texts/in/"))])),
            ("OutputDataConfig", map(&[("S3Uri", s("s3://texts/out/"))])),
            ("DataAccessRoleArn", env("ROLE_ARN")),
        ]),
    );
    assert!(!g.iter().any(|g| g.action.starts_with("s3:")), "{g:?}");
    let pass = g
        .iter()
        .find(|g| g.action == "iam:PassRole")
        .expect("PassRole");
    assert_eq!(
        pass.condition,
        Some(Condition::passed_to("comprehend.amazonaws.com"))
    );
}

#[test]
fn roles_are_passed_at_any_depth_to_the_service_that_receives_them() {
    let g = call(
        "scheduler",
        "CreateSchedule",
        map(&[
            ("Name", s("nightly")),
            (
                "Target",
                map(&[
                    ("Arn", s("arn:aws:lambda:eu-west-1:111122223333:function:f")),
                    ("RoleArn", env("ROLE_ARN")),
                ]),
            ),
        ]),
    );
    let pass: Vec<_> = g.iter().filter(|g| g.action == "iam:PassRole").collect();
    assert_eq!(pass.len(), 1, "{g:?}");
    assert_eq!(
        pass[0].resource,
        "arn:aws:iam::111122223333:role/media-flow"
    );
    assert_eq!(
        pass[0].condition,
        Some(Condition::passed_to("scheduler.amazonaws.com"))
    );
    // ECS task overrides: camelCase names, inside a structure.
    let g = call(
        "ecs",
        "RunTask",
        map(&[(
            "overrides",
            map(&[
                ("taskRoleArn", s("arn:aws:iam::111122223333:role/task")),
                ("executionRoleArn", Value::Unknown("role()".into())),
            ]),
        )]),
    );
    let mut pass: Vec<_> = g
        .iter()
        .filter(|g| g.action == "iam:PassRole")
        .map(|g| (g.resource.as_str(), g.condition.clone()))
        .collect();
    pass.sort();
    let ecs = Some(Condition::passed_to("ecs-tasks.amazonaws.com"));
    assert_eq!(
        pass,
        vec![
            ("arn:aws:iam::111122223333:role/*", ecs.clone()),
            ("arn:aws:iam::111122223333:role/task", ecs),
        ]
    );
    // Step Functions' lower-case roleArn; Glue's Role when it is an ARN.
    let g = call(
        "stepfunctions",
        "CreateStateMachine",
        map(&[("name", s("m")), ("roleArn", env("ROLE_ARN"))]),
    );
    assert!(g.iter().any(|g| g.action == "iam:PassRole"
        && g.condition == Some(Condition::passed_to("states.amazonaws.com"))));
    // A Role deeper down that is not an ARN is something else.
    let g = call(
        "glue",
        "CreateJob",
        map(&[
            ("Name", s("j")),
            ("Role", s("arn:aws:iam::111122223333:role/glue")),
            ("Command", map(&[("Role", s("reader"))])),
        ]),
    );
    let pass: Vec<_> = g.iter().filter(|g| g.action == "iam:PassRole").collect();
    assert_eq!(pass.len(), 1, "{g:?}");
    assert_eq!(pass[0].resource, "arn:aws:iam::111122223333:role/glue");
    // sts AssumeRole's RoleArn is assumed, not passed.
    let g = call(
        "sts",
        "AssumeRole",
        map(&[("RoleArn", env("ROLE_ARN")), ("RoleSessionName", s("x"))]),
    );
    assert!(!g.iter().any(|g| g.action == "iam:PassRole"), "{g:?}");
    assert!(g.iter().any(|g| g.action == "sts:AssumeRole"));
}

#[test]
fn batch_and_transaction_tables_come_from_the_request() {
    let items = map(&[
        ("media-tags", Value::List(vec![])),
        (&computed_key(&env("ORDERS")), Value::List(vec![])),
    ]);
    let g = call(
        "dynamodb",
        "BatchWriteItem",
        map(&[("RequestItems", items)]),
    );
    assert_eq!(
        pairs(&g),
        want(&[
            (
                "dynamodb:BatchWriteItem",
                &format!("{A}dynamodb:{HERE}:table/media-orders")
            ),
            (
                "dynamodb:BatchWriteItem",
                &format!("{A}dynamodb:{HERE}:table/media-tags")
            ),
        ])
    );
    assert!(g.iter().all(|g| g.wildcard.is_none()), "{g:?}");
    let transact = map(&[(
        "TransactItems",
        Value::List(vec![
            map(&[(
                "Put",
                map(&[("TableName", s("media-tags")), ("Item", map(&[]))]),
            )]),
            map(&[("Update", map(&[("TableName", env("ORDERS"))]))]),
            map(&[("ConditionCheck", map(&[("TableName", env("ORDERS"))]))]),
        ]),
    )]);
    let g = call("dynamodb", "TransactWriteItems", transact);
    assert_eq!(
        pairs(&g),
        want(&[
            (
                "dynamodb:ConditionCheckItem",
                &format!("{A}dynamodb:{HERE}:table/media-orders")
            ),
            (
                "dynamodb:PutItem",
                &format!("{A}dynamodb:{HERE}:table/media-tags")
            ),
            (
                "dynamodb:UpdateItem",
                &format!("{A}dynamodb:{HERE}:table/media-orders")
            ),
        ])
    );
    // An item whose kind is not known (an object spread the analysis lost) needs any.
    let g = call(
        "dynamodb",
        "TransactWriteItems",
        map(&[(
            "TransactItems",
            Value::List(vec![
                map(&[("Put", map(&[("TableName", s("media-tags"))]))]),
                map(&[]),
            ]),
        )]),
    );
    assert_eq!(g.len(), 5, "{g:?}");
    assert!(
        g.iter()
            .any(|g| g.action == "dynamodb:DeleteItem" && g.resource.ends_with(":table/*"))
    );
    // Items built at run time may be of any kind, on any table.
    let g = call(
        "dynamodb",
        "TransactWriteItems",
        map(&[("TransactItems", Value::Unknown("items".into()))]),
    );
    assert_eq!(g.len(), 4, "{g:?}");
    assert!(
        g.iter()
            .all(|g| g.resource.ends_with(":table/*") && g.wildcard.is_some())
    );
    let g = call(
        "dynamodb",
        "TransactGetItems",
        map(&[(
            "TransactItems",
            Value::List(vec![map(&[(
                "Get",
                map(&[("TableName", s("media-tags"))]),
            )])]),
        )]),
    );
    assert_eq!(
        pairs(&g),
        want(&[(
            "dynamodb:GetItem",
            &format!("{A}dynamodb:{HERE}:table/media-tags")
        )])
    );
}

#[test]
fn consumers_schedules_connections_and_activities() {
    let consumer = format!("{A}kinesis:{HERE}:stream/clicks/consumer/fan:1700000000");
    let g = call(
        "kinesis",
        "SubscribeToShard",
        map(&[("ConsumerARN", s(&consumer)), ("ShardId", s("s"))]),
    );
    assert_eq!(pairs(&g), want(&[("kinesis:SubscribeToShard", &consumer)]));
    let g = call(
        "kinesis",
        "DescribeStreamConsumer",
        map(&[
            ("StreamARN", s(&format!("{A}kinesis:{HERE}:stream/clicks"))),
            ("ConsumerName", s("fan")),
        ]),
    );
    assert_eq!(
        pairs(&g),
        want(&[(
            "kinesis:DescribeStreamConsumer",
            &format!("{A}kinesis:{HERE}:stream/clicks/consumer/fan:*")
        )])
    );

    let g = call(
        "scheduler",
        "DeleteSchedule",
        map(&[("Name", s("nightly"))]),
    );
    assert_eq!(
        pairs(&g),
        want(&[(
            "scheduler:DeleteSchedule",
            &format!("{A}scheduler:{HERE}:schedule/default/nightly")
        )])
    );
    let g = call(
        "scheduler",
        "UpdateSchedule",
        map(&[("Name", s("nightly")), ("GroupName", s("reports"))]),
    );
    assert_eq!(
        pairs(&g),
        want(&[(
            "scheduler:UpdateSchedule",
            &format!("{A}scheduler:{HERE}:schedule/reports/nightly")
        )])
    );

    let g = call(
        "apigatewaymanagementapi",
        "PostToConnection",
        map(&[
            (
                "endpoint",
                s("https://a1b2c3.execute-api.eu-west-1.amazonaws.com/live"),
            ),
            ("ConnectionId", Value::Unknown("id".into())),
        ]),
    );
    assert_eq!(
        pairs(&g),
        want(&[(
            "execute-api:ManageConnections",
            &format!("{A}execute-api:{HERE}:a1b2c3/live/POST/@connections/*")
        )])
    );
    let g = call(
        "apigatewaymanagementapi",
        "DeleteConnection",
        map(&[("ConnectionId", Value::Unknown("id".into()))]),
    );
    assert_eq!(
        pairs(&g),
        want(&[(
            "execute-api:ManageConnections",
            &format!("{A}execute-api:{HERE}:*/prod/DELETE/@connections/*")
        )])
    );
    assert!(g[0].wildcard.is_some());

    let activity = format!("{A}states:{HERE}:activity:review");
    let g = call(
        "stepfunctions",
        "GetActivityTask",
        map(&[("activityArn", s(&activity))]),
    );
    assert_eq!(pairs(&g), want(&[("states:GetActivityTask", &activity)]));
    // A task token names no resource: the reference allows only "*".
    let g = call(
        "stepfunctions",
        "SendTaskSuccess",
        map(&[
            ("taskToken", Value::Unknown("token".into())),
            ("output", s("{}")),
        ]),
    );
    assert_eq!(pairs(&g), want(&[("states:SendTaskSuccess", "*")]));
}
