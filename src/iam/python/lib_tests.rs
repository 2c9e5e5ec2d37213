//! Small inline services for what goes through libraries (PynamoDB, powertools) and for
//! precision (decorators, module-level instances, functions passed as values): each test
//! asserts exactly which calls the extractor finds, and so which it does not.

use super::extract;
use super::tests::{messages, shown, sorted};
use crate::iam::calls::Extraction;

/// Extract `handler` from a temporary service directory holding `files`.
fn inline(files: &[(&str, &str)], handler: &str) -> Extraction {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, body) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, body).expect("write");
    }
    extract(dir.path(), handler)
}

fn clean(x: &Extraction) {
    assert!(x.errors.is_empty(), "{:?}", messages(&x.errors));
    assert!(x.unresolved.is_empty(), "{:?}", messages(&x.unresolved));
}

const PYNAMO_BASE: &str = r#"
from pynamodb.models import Model


class Base(Model):
    """Shared helpers; no Meta of its own."""

    def touch(self):
        self.save()
"#;

const PYNAMO_USER: &str = r#"
import os
from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, AllProjection
from models.base import Base


class EmailIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "by-email"
        projection = AllProjection()

    email = UnicodeAttribute(hash_key=True)


class User(Base):
    class Meta:
        table_name = os.environ["USERS_TABLE"]
        region = "eu-west-1"

    id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()
    by_email = EmailIndex()

    @classmethod
    def with_email(cls, email):
        return list(cls.by_email.query(email))

    def rename(self, name):
        self.update(actions=[User.email.set(name)])

    def purge(self):
        self.delete()
"#;

const PYNAMO_AUDIT: &str = r#"
import os
from pynamodb.models import Model


class Audit(Model):
    class Meta:
        table_name = "audit-" + os.environ["STAGE"]
"#;

#[test]
fn pynamodb_models_in_a_models_package() {
    let handler = r#"
from models.user import User
from models.audit import Audit


def handle(event, context):
    user = User.get(event["id"])
    user.rename("x")
    user.refresh()
    User.with_email("a@example.com")
    for match in User.by_email.query("b@example.com"):
        match.purge()
    for item in User.scan():
        item.touch()
    User.count()
    User.count(hash_key="k")
    User.query("k", index_name="by-email-2")
    with Audit.batch_write() as batch:
        batch.save(Audit(id="1"))
    Audit(id="2").save()
    if not Audit.exists():
        Audit.create_table(wait=True)
    User.batch_get(["a", "b"])
"#;
    let files = [
        ("handler.py", handler),
        ("models/__init__.py", ""),
        ("models/base.py", PYNAMO_BASE),
        ("models/user.py", PYNAMO_USER),
        ("models/audit.py", PYNAMO_AUDIT),
    ];
    let x = inline(&files, "handler.handle");
    clean(&x);
    assert_eq!(
        shown(&x),
        sorted(&[
            "dynamodb GetItem TableName=$USERS_TABLE",
            // rename() → self.update(); refresh() → GetItem.
            "dynamodb UpdateItem TableName=$USERS_TABLE",
            "dynamodb GetItem TableName=$USERS_TABLE",
            // The index keeps its model's table.
            "dynamodb Query IndexName='by-email' TableName=$USERS_TABLE",
            // Items of an index query are the model's: purge() is its method.
            "dynamodb Query IndexName='by-email' TableName=$USERS_TABLE",
            "dynamodb DeleteItem TableName=$USERS_TABLE",
            "dynamodb Scan TableName=$USERS_TABLE",
            // Base.touch() on each scanned item; purge() is never called.
            "dynamodb PutItem TableName=$USERS_TABLE",
            // count() describes the table; count(hash_key=…) queries it.
            "dynamodb DescribeTable TableName=$USERS_TABLE",
            "dynamodb Query TableName=$USERS_TABLE",
            "dynamodb Query IndexName='by-email-2' TableName=$USERS_TABLE",
            // batch.save() is part of the BatchWriteItem.
            "dynamodb BatchWriteItem TableName='audit-' + $STAGE",
            "dynamodb PutItem TableName='audit-' + $STAGE",
            "dynamodb DescribeTable TableName='audit-' + $STAGE",
            "dynamodb DescribeTable TableName='audit-' + $STAGE",
            "dynamodb CreateTable TableName='audit-' + $STAGE",
            "dynamodb BatchGetItem TableName=$USERS_TABLE",
        ])
    );
    let files: Vec<String> = x.files.iter().map(|f| f.display().to_string()).collect();
    assert!(files.contains(&"models/user.py".to_string()), "{files:?}");
}

#[test]
fn powertools_parameters_and_idempotency() {
    let handler = r#"
import os
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.utilities import parameters
from aws_lambda_powertools.utilities.parameters import DynamoDBProvider, SSMProvider, AppConfigProvider
from aws_lambda_powertools.utilities.idempotency import idempotent, idempotent_function
from aws_lambda_powertools.utilities.idempotency.persistence.dynamodb import (
    DynamoDBPersistenceLayer,
)

logger = Logger()
tracer = Tracer()
metrics = Metrics()
store = DynamoDBPersistenceLayer(table_name=os.environ["IDEMPOTENCY_TABLE"])
config = DynamoDBProvider(table_name="config")
ssm = SSMProvider()
flags = AppConfigProvider(environment="prod", application="shop")


@idempotent_function(data_keyword_argument="order", persistence_store=store)
def charge(order):
    return parameters.get_secret("stripe/" + os.environ["STAGE"])


@idempotent_function(
    data_keyword_argument="x",
    persistence_store=DynamoDBPersistenceLayer(table_name="never-used"),
)
def unused(x):
    return parameters.get_secret("never")


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
@idempotent(persistence_store=store)
def handle(event, context):
    parameters.get_parameter("/app/key")
    parameters.get_parameters(path=f"/app/{os.environ['STAGE']}/")
    parameters.get_app_config(name="features", environment="prod", application="shop")
    config.get("flags")
    config.get_multiple("all")
    ssm.get(os.environ["PARAM"])
    flags.get("beta")
    return charge(order=event)
"#;
    let x = inline(&[("handler.py", handler)], "handler.handle");
    clean(&x);
    let table = "TableName=$IDEMPOTENCY_TABLE";
    let app = "ApplicationIdentifier='shop' ConfigurationProfileIdentifier";
    assert_eq!(
        shown(&x),
        sorted(&[
            // @idempotent on the handler and @idempotent_function on charge(), each at
            // its decorator.
            &format!("dynamodb GetItem {table}"),
            &format!("dynamodb PutItem {table}"),
            &format!("dynamodb UpdateItem {table}"),
            &format!("dynamodb DeleteItem {table}"),
            &format!("dynamodb GetItem {table}"),
            &format!("dynamodb PutItem {table}"),
            &format!("dynamodb UpdateItem {table}"),
            &format!("dynamodb DeleteItem {table}"),
            "secretsmanager GetSecretValue SecretId='stripe/' + $STAGE",
            "ssm GetParameter Name='/app/key'",
            "ssm GetParametersByPath Path='/app/' + $STAGE + '/'",
            &format!(
                "appconfigdata StartConfigurationSession {app}='features' \
                 EnvironmentIdentifier='prod'"
            ),
            &format!(
                "appconfigdata GetLatestConfiguration {app}='features' \
                 EnvironmentIdentifier='prod'"
            ),
            "dynamodb GetItem TableName='config'",
            "dynamodb Query TableName='config'",
            "ssm GetParameter Name=$PARAM",
            &format!(
                "appconfigdata StartConfigurationSession {app}='beta' \
                 EnvironmentIdentifier='prod'"
            ),
            &format!(
                "appconfigdata GetLatestConfiguration {app}='beta' EnvironmentIdentifier='prod'"
            ),
        ])
    );
    let decorator_lines: Vec<usize> = x
        .calls
        .iter()
        .filter(|c| c.operation == "UpdateItem")
        .map(|c| c.line)
        .collect();
    assert_eq!(decorator_lines, vec![20, 36]);
}

#[test]
fn powertools_routes_run_when_their_resolver_resolves() {
    let handler = r#"
import boto3
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.api_gateway import ALBResolver, APIGatewayRestResolver
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

s3 = boto3.client("s3")
api = APIGatewayHttpResolver()
alb = ALBResolver()
rest = APIGatewayRestResolver()
processor = BatchProcessor(event_type=EventType.SQS)


@api.post("/orders")
def create_order():
    s3.put_object(Bucket="orders", Key="new")


@api.route("/orders/<id>", method=["DELETE"])
def delete_order(id):
    s3.delete_object(Bucket="orders", Key=id)


@alb.get("/health")
def health():
    s3.head_bucket(Bucket="never-resolved")


@rest.get("/stats")
def stats():
    s3.list_objects_v2(Bucket="stats")


def record_handler(record):
    s3.get_object(Bucket="records", Key=record.body)


def handle(event, context):
    process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    if event.get("rawPath"):
        return api.resolve(event, context)
    return rest(event, context)
"#;
    let x = inline(&[("handler.py", handler)], "handler.handle");
    clean(&x);
    assert_eq!(
        shown(&x),
        sorted(&[
            "s3 PutObject Bucket='orders' Key='new'",
            "s3 DeleteObject Bucket='orders' Key=?id",
            "s3 GetObject Bucket='records' Key=?record.body",
            // Resolvers imported from event_handler.api_gateway, and called directly.
            "s3 ListObjectsV2 Bucket='stats'",
        ])
    );
}

#[test]
fn a_wrapper_calls_only_the_function_it_decorates() {
    // More decorated functions than a function has analysis contexts: the last one must
    // still be followed, and none that the handler does not call.
    let mut many = String::new();
    for i in 0..24 {
        many.push_str(&format!(
            "\n\n@audit\ndef a{i}():\n    s3.put_object(Bucket=\"a{i}\", Key=\"k\")\n"
        ));
    }
    let handler = format!(
        r#"
import functools
import boto3

s3 = boto3.client("s3")


def audit(f):
    @functools.wraps(f)
    def inner(*args, **kwargs):
        return f(*args, **kwargs)

    return inner


def retry(times):
    def deco(f):
        @functools.wraps(f)
        def again(*args):
            return f(*args)

        return again

    return deco


@retry(3)
def r1():
    s3.get_object(Bucket="r1", Key="k")


@retry(5)
def r2():
    s3.get_object(Bucket="r2", Key="k")
{many}

def handle(event, context):
    a1()
    a23()
    r2()
"#
    );
    let x = inline(&[("handler.py", &handler)], "handler.handle");
    clean(&x);
    assert_eq!(
        shown(&x),
        sorted(&[
            "s3 PutObject Bucket='a1' Key='k'",
            "s3 PutObject Bucket='a23' Key='k'",
            "s3 GetObject Bucket='r2' Key='k'",
        ])
    );
}

#[test]
fn a_module_level_instance_grants_only_the_methods_reached() {
    let repo = r#"
import os
import boto3


class UserRepo:
    def __init__(self, table):
        self.table = boto3.resource("dynamodb").Table(table)

    def get(self, key):
        return self.table.get_item(Key=key)

    def purge(self):
        self.table.delete_item(Key={})

    def audit(self):
        boto3.client("sns").publish(TopicArn="audit", Message="x")


repo = UserRepo(os.environ["USERS"])
"#;
    let handler = r#"
from repo import repo


def handle(event, context):
    return repo.get(event["id"])
"#;
    let x = inline(
        &[("handler.py", handler), ("repo.py", repo)],
        "handler.handle",
    );
    clean(&x);
    assert_eq!(shown(&x), sorted(&["dynamodb GetItem TableName=$USERS"]));
}

#[test]
fn functions_passed_as_values_are_followed() {
    let handler = r#"
from concurrent.futures import ThreadPoolExecutor
import boto3

s3 = boto3.client("s3")
sqs = boto3.client("sqs")


def on_a(body):
    s3.put_object(Bucket="a", Key=body)


def on_b(body):
    sqs.send_message(QueueUrl="b", MessageBody=body)


def on_c(body):
    s3.delete_object(Bucket="c", Key=body)


def never(body):
    s3.delete_bucket(Bucket="never")


def work(item):
    s3.get_object(Bucket="mapped", Key=item)


def job(name):
    s3.head_object(Bucket="submitted", Key=name)


HANDLERS = {"a": on_a, "b": on_b}
MORE = {"c": on_c}


def handle(event, context):
    HANDLERS[event["kind"]](event["body"])
    MORE.get(event["kind"])(event["body"])
    list(map(work, event["items"]))
    with ThreadPoolExecutor() as pool:
        pool.submit(job, "x")
"#;
    let x = inline(&[("handler.py", handler)], "handler.handle");
    clean(&x);
    assert_eq!(
        shown(&x),
        sorted(&[
            "s3 PutObject Bucket='a' Key=?event[\"body\"]",
            "sqs SendMessage QueueUrl='b'",
            "s3 DeleteObject Bucket='c' Key=?event[\"body\"]",
            "s3 GetObject Bucket='mapped' Key=?item",
            "s3 HeadObject Bucket='submitted' Key=?name",
        ])
    );
}

#[test]
fn choices_built_from_choices_stay_small() {
    // Each line doubles the ways to reach `f` if choices nest instead of flattening.
    let doubling = "d = {'a': d[k], 'b': d[k]}\n    ".repeat(200);
    let handler = format!(
        "import boto3\ns3 = boto3.client('s3')\n\n\ndef f(x):\n    \
         s3.put_object(Bucket='b', Key=x)\n\n\ndef handle(event, context):\n    \
         k = event['k']\n    d = {{'a': f}}\n    {doubling}d[k]('key')\n"
    );
    let x = inline(&[("handler.py", &handler)], "handler.handle");
    clean(&x);
    assert_eq!(shown(&x), sorted(&["s3 PutObject Bucket='b' Key='key'"]));
}

#[test]
fn powertools_parameters_by_name_are_the_keys_of_the_dict() {
    let handler = r#"
from aws_lambda_powertools.utilities import parameters
from aws_lambda_powertools.utilities.parameters import SSMProvider

ssm = SSMProvider()


def handle(event, context):
    parameters.get_parameters_by_name(parameters={"/app/a": {}, "/app/b": {"max_age": 5}})
    ssm.get_parameters_by_name({"/app/c": {}})
"#;
    let x = inline(&[("handler.py", handler)], "handler.handle");
    clean(&x);
    let mut names: Vec<String> = x
        .calls
        .iter()
        .map(|c| format!("{} {} {:?}", c.service, c.operation, c.args.get("Names")))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            r#"ssm GetParameters Some(List([Str("/app/a"), Str("/app/b")]))"#,
            r#"ssm GetParameters Some(List([Str("/app/c")]))"#,
        ]
    );
}

#[test]
fn keywords_given_to_a_dataclass_are_its_attributes() {
    let config = r#"
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    bucket: str
    table: str


settings = Settings(bucket=os.environ["BUCKET"], table="orders")
"#;
    let handler = r#"
import boto3
from config import settings

s3 = boto3.client("s3")


def handle(event, context):
    s3.get_object(Bucket=settings.bucket, Key="k")
"#;
    let x = inline(
        &[("config.py", config), ("handler.py", handler)],
        "handler.handle",
    );
    clean(&x);
    assert_eq!(shown(&x), sorted(&["s3 GetObject Bucket=$BUCKET Key='k'"]));
}

#[test]
fn keys_read_from_listing_pages_keep_the_listing_prefix() {
    let src = r#"
import os
import boto3

s3 = boto3.client("s3")
BUCKET = os.environ["BUCKET"]


def handler(event, context):
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix="tmp/")
    for page in pages:
        keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
        s3.delete_objects(Bucket=BUCKET, Delete={"Objects": keys})
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix="old/")
    for o in listed["Contents"]:
        s3.delete_object(Bucket=BUCKET, Key=o["Key"])
    everything = s3.list_objects_v2(Bucket=BUCKET)
    for o in everything["Contents"]:
        s3.delete_object(Bucket=BUCKET, Key=o["Key"])
"#;
    let x = inline(&[("handler.py", src)], "handler.handler");
    let deletes: Vec<String> = shown(&x)
        .into_iter()
        .filter(|s| s.contains("Delete"))
        .collect();
    assert_eq!(
        deletes,
        sorted(&[
            "s3 DeleteObjects Bucket=$BUCKET",
            "s3 DeleteObject Bucket=$BUCKET Key='old/' + ?a key the listing returns",
            // Without a prefix the listing says nothing of its keys.
            "s3 DeleteObject Bucket=$BUCKET Key=?o[\"Key\"]",
        ]),
    );
    // The batch names its objects through the page's entries.
    let batch = x
        .calls
        .iter()
        .find(|c| c.operation == "DeleteObjects")
        .expect("DeleteObjects");
    let objects = format!("{:?}", batch.args.get("Delete"));
    assert!(
        objects.contains(r#"Str("tmp/")"#) && objects.contains("a key the listing returns"),
        "{objects}"
    );
}
