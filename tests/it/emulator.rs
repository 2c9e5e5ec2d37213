//! The harness itself: the example service deploys into moto and reads back, through the
//! same AWS layer the commands use, exactly as it was written.

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gearbox_deploys_and_reads_back() {
    let moto = moto();
    let dep = deploy_gearbox(&moto).await;
    let aws = aws(&moto).await;

    // Functions: six, with the packages we uploaded.
    let functions = aws.list_functions().await.unwrap();
    let names: Vec<&str> = functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "gearbox-dev-api",
            "gearbox-dev-ingest",
            "gearbox-dev-process",
            "gearbox-dev-report",
            "gearbox-dev-retry",
            "gearbox-dev-thumbnail"
        ]
    );
    for d in &dep.functions {
        let f = functions.iter().find(|f| f.name == d.name).unwrap();
        assert_eq!(f.code_size as u64, d.zip_bytes, "{}", d.name);
        assert_eq!(f.memory_mb as i64, d.memory_mb, "{}", d.name);
        assert_eq!(f.runtime.as_deref(), Some(d.runtime.as_str()));
        assert_eq!(f.log_group, format!("/aws/lambda/{}", d.name));
    }
    let process = functions
        .iter()
        .find(|f| f.name == "gearbox-dev-process")
        .unwrap();
    assert!(process.vpc, "process is the VPC function");
    assert!(process.environment_keys.contains(&"TABLE_NAME".to_string()));
    let mut sizes: Vec<u64> = dep.functions.iter().map(|f| f.zip_bytes).collect();
    sizes.sort();
    sizes.dedup();
    assert_eq!(sizes.len(), 6, "packages of different sizes: {sizes:?}");

    // Queues: the uploads queue redrives to its DLQ after 3 receives.
    let urls = aws.list_queues(Some("gearbox-dev")).await.unwrap();
    assert_eq!(urls.len(), 3, "{urls:?}");
    let uploads = dep
        .queues
        .iter()
        .find(|q| q.logical_id == "UploadsQueue")
        .unwrap();
    let dlq = dep
        .queues
        .iter()
        .find(|q| q.logical_id == "UploadsDLQ")
        .unwrap();
    let attrs = aws.queue_attributes(&uploads.url).await.unwrap();
    let redrive: serde_json::Value = serde_json::from_str(&attrs["RedrivePolicy"]).unwrap();
    assert_eq!(redrive["deadLetterTargetArn"], dlq.arn.as_str());
    assert_eq!(
        redrive["maxReceiveCount"].to_string().trim_matches('"'),
        "3"
    );
    assert_eq!(attrs["VisibilityTimeout"], "60");
    // Failed messages went to the DLQ through that policy, and the queue is empty.
    let dlq_attrs = aws.queue_attributes(&dlq.url).await.unwrap();
    assert_eq!(
        dlq_attrs["ApproximateNumberOfMessages"],
        gearctl::emulator::gearbox::FAILED_MESSAGES.to_string()
    );
    assert_eq!(attrs["ApproximateNumberOfMessages"], "0");

    // Logs: every invocation has its REPORT line, cold ones with Init Duration.
    for d in &dep.functions {
        let mut events = Vec::new();
        aws.scan_log_events(&d.log_group, None, 0, i64::MAX / 2, |_, m| {
            events.push(m.to_string())
        })
        .await
        .unwrap();
        let reports = events
            .iter()
            .filter(|e| e.starts_with("REPORT ") || e.contains("\"platform.report\""))
            .count();
        assert_eq!(reports, d.invocations.len(), "{}", d.name);
        let cold = events
            .iter()
            .filter(|e| e.contains("Init Duration: ") && e.starts_with("REPORT"))
            .count()
            + events
                .iter()
                .filter(|e| e.contains("initDurationMs"))
                .count();
        let expected = d.invocations.iter().filter(|i| i.init_ms.is_some()).count();
        assert_eq!(cold, expected, "{}", d.name);
        let timeouts = events
            .iter()
            .filter(|e| e.starts_with("INIT_REPORT"))
            .count();
        assert_eq!(timeouts, d.init_timeouts.len(), "{}", d.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_queue_is_not_found() {
    let moto = moto();
    let aws = aws(&moto).await;
    let url = format!("{}/123456789012/no-such-queue", moto.endpoint());
    let err = aws.queue_attributes(&url).await.unwrap_err();
    assert_eq!(err.kind, gearctl::aws::AwsErrorKind::NotFound, "{err:?}");
    assert!(err.message.contains("no-such-queue"), "{}", err.message);
}

#[test]
fn reset_wipes_state() {
    let moto = moto();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let aws = aws(&moto).await;
        aws.create_queue("temp", &Default::default()).await.unwrap();
        assert_eq!(aws.list_queues(None).await.unwrap().len(), 1);
        moto.reset().unwrap();
        assert!(aws.list_queues(None).await.unwrap().is_empty());
    });
}
