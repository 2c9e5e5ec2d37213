//! The Node extractor on wrapper libraries read from `data/iam/libraries.tsv` (ElectroDB,
//! DynamoDB Toolbox, Powertools for AWS Lambda, middy middleware) and on callbacks given to
//! array methods.

use super::extract;
use super::tests::{service, set, summary};
use crate::iam::calls::{Extraction, Value};

/// `service Operation Param=value` for one parameter of every call that has it.
fn param(x: &Extraction, name: &str) -> Vec<String> {
    let mut out: Vec<String> = x
        .calls
        .iter()
        .filter_map(|c| {
            c.args
                .get(name)
                .map(|v| format!("{} {} {name}={}", c.service, c.operation, show(v)))
        })
        .collect();
    out.sort();
    out
}

fn show(v: &Value) -> String {
    match v {
        Value::Str(s) => format!("'{s}'"),
        Value::Env(e) => format!("${e}"),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        Value::Map(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{k}: {}", show(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => format!("?{other:?}"),
    }
}

#[test]
fn electrodb_entities_name_their_table_and_access_pattern_indexes() {
    let dir = service(&[
        (
            "entities.ts",
            b"import { Entity } from 'electrodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
const table = process.env.TABLE as string;
export const Task = new Entity(
  {
    model: { entity: 'task', version: '1', service: 'tasks' },
    attributes: { id: { type: 'string' }, owner: { type: 'string' } },
    indexes: {
      byId: { pk: { field: 'pk', composite: ['id'] } },
      byOwner: { index: 'gsi1', pk: { field: 'gsi1pk', composite: ['owner'] } },
    },
  },
  { client, table },
);
",
        ),
        (
            "handler.ts",
            b"import { Task } from './entities';
export const create = async (e: any) => Task.create({ id: e.id }).go();
export const done = async (e: any) => Task.patch({ id: e.id }).set({ s: 1 }).go();
export const remove = async (e: any) => Task.delete({ id: e.id }).go();
export const get = async (e: any) => Task.get({ id: e.id }).go();
export const mine = async (e: any) => Task.query.byOwner({ owner: e.me }).go();
export const one = async (e: any) => Task.query.byId({ id: e.id }).go();
export const all = async () => Task.scan.go();
",
        ),
    ]);
    let cases = [
        ("create", "dynamodb PutItem TableName=$TABLE"),
        ("done", "dynamodb UpdateItem TableName=$TABLE"),
        ("remove", "dynamodb DeleteItem TableName=$TABLE"),
        ("get", "dynamodb GetItem TableName=$TABLE"),
        ("mine", "dynamodb Query IndexName='gsi1' TableName=$TABLE"),
        ("one", "dynamodb Query TableName=$TABLE"),
        ("all", "dynamodb Scan TableName=$TABLE"),
    ];
    for (export, want) in cases {
        let x = extract(dir.path(), &format!("handler.{export}"));
        assert_eq!(summary(&x), set(&[want]), "{export}");
        assert!(x.errors.is_empty(), "{export}: {:#?}", x.errors);
    }
}

#[test]
fn dynamodb_toolbox_commands_and_version_0_methods() {
    let dir = service(&[
        (
            "table.ts",
            b"import { Table, Entity } from 'dynamodb-toolbox';
export const Inventory = new Table({
  name: process.env.INVENTORY_TABLE,
  partitionKey: { name: 'pk', type: 'string' },
  indexes: { byLevel: { type: 'global', partitionKey: { name: 'level', type: 'string' } } },
});
export const Item = new Entity({ name: 'Item', table: Inventory, schema: {} });
",
        ),
        (
            "handler.ts",
            b"import { GetItemCommand, QueryCommand, DeleteItemCommand } from 'dynamodb-toolbox';
import { Inventory, Item } from './table';
export const get = async (e: any) => Item.build(GetItemCommand).key({ pk: e.pk }).send();
export const low = async () =>
  Inventory.build(QueryCommand).entities(Item).query({ index: 'byLevel', partition: 'low' }).send();
export const drop = async (e: any) => Item.build(DeleteItemCommand).key(e).send();
export const legacy = async (e: any) => {
  await Item.put({ pk: e.pk });
  await Item.query(e.pk, { index: 'byLevel' });
};
",
        ),
    ]);
    let cases: [(&str, &[&str]); 4] = [
        ("get", &["dynamodb GetItem TableName=$INVENTORY_TABLE"]),
        (
            "low",
            &["dynamodb Query IndexName='byLevel' TableName=$INVENTORY_TABLE"],
        ),
        ("drop", &["dynamodb DeleteItem TableName=$INVENTORY_TABLE"]),
        (
            "legacy",
            &[
                "dynamodb PutItem TableName=$INVENTORY_TABLE",
                "dynamodb Query IndexName='byLevel' TableName=$INVENTORY_TABLE",
            ],
        ),
    ];
    for (export, want) in cases {
        let x = extract(dir.path(), &format!("handler.{export}"));
        assert_eq!(summary(&x), set(want), "{export}");
        assert!(x.errors.is_empty(), "{export}: {:#?}", x.errors);
    }
}

#[test]
fn powertools_idempotency_parameters_by_name_and_middy_fetches() {
    let dir = service(&[
        (
            "store.ts",
            b"import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
export const persistenceStore = new DynamoDBPersistenceLayer({ tableName: process.env.IDEM_TABLE as string });
",
        ),
        (
            "handler.ts",
            b"import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { getParametersByName } from '@aws-lambda-powertools/parameters/ssm';
import { DynamoDBProvider } from '@aws-lambda-powertools/parameters/dynamodb';
import { persistenceStore } from './store';
const provider = new DynamoDBProvider({ tableName: 'config' });
const work = async () => {
  await getParametersByName({ '/app/a': {}, '/app/b': { maxAge: 5 } });
  await provider.get('flags');
};
export const handler = makeIdempotent(work, { persistenceStore });
",
        ),
        (
            "mw.js",
            b"import middy from '@middy/core';
import ssm from '@middy/ssm';
import secretsManager from '@middy/secrets-manager';
const base = async () => ({});
export const handler = middy(base)
  .use(ssm({ fetchData: { config: '/app/config', other: '/app/other' }, setToContext: true }))
  .use(secretsManager({ fetchData: { smtp: 'app/smtp' } }));
",
        ),
    ]);
    let x = extract(dir.path(), "handler.handler");
    assert_eq!(
        summary(&x),
        set(&[
            "dynamodb DeleteItem TableName=$IDEM_TABLE",
            "dynamodb GetItem TableName='config'",
            "dynamodb GetItem TableName=$IDEM_TABLE",
            "dynamodb PutItem TableName=$IDEM_TABLE",
            "dynamodb UpdateItem TableName=$IDEM_TABLE",
            "ssm GetParameters",
        ])
    );
    assert_eq!(
        param(&x, "Names"),
        ["ssm GetParameters Names=['/app/a', '/app/b']"]
    );
    let x = extract(dir.path(), "mw.handler");
    assert_eq!(
        param(&x, "Names"),
        ["ssm GetParameters Names=['/app/config', '/app/other']"]
    );
    assert_eq!(
        param(&x, "SecretId"),
        ["secretsmanager GetSecretValue SecretId=['app/smtp']"]
    );
}

#[test]
fn array_callbacks_run_with_their_elements_and_map_gives_what_they_return() {
    let dir = service(&[(
        "handler.js",
        b"const { EventBridgeClient, PutEventsCommand } = require('@aws-sdk/client-eventbridge');
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const events = new EventBridgeClient({});
const s3 = new S3Client({});
exports.handler = async (event) => {
  const entries = event.Records.filter((r) => r.ok).map((r) => ({
    EventBusName: process.env.BUS,
    Detail: JSON.stringify(r),
  }));
  await events.send(new PutEventsCommand({ Entries: entries.slice(0, 10) }));
  await Promise.all(['a', 'b'].map((bucket) => s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }))));
};
",
    )]);
    let x = extract(dir.path(), "handler.handler");
    assert_eq!(
        param(&x, "Entries"),
        [
            "eventbridge PutEvents Entries=[{Detail: ?Unknown(\"JSON.stringify(r)\"), EventBusName: $BUS}]"
        ]
    );
    assert_eq!(
        param(&x, "Bucket"),
        ["s3 GetObject Bucket='a'", "s3 GetObject Bucket='b'"]
    );
}

#[test]
fn a_recursive_paginator_keeps_the_arguments_of_its_first_call() {
    let dir = service(&[(
        "handler.js",
        b"const AWS = require('aws-sdk');
const doc = new AWS.DynamoDB.DocumentClient();
function scanAll(params, acc = []) {
  return doc.scan(params).promise().then((page) => {
    const items = acc.concat(page.Items);
    if (!page.LastEvaluatedKey) return items;
    return scanAll({ ...params, ExclusiveStartKey: page.LastEvaluatedKey }, items);
  });
}
exports.handler = async () => scanAll({ TableName: process.env.TABLE });
",
    )]);
    let x = extract(dir.path(), "handler.handler");
    assert_eq!(summary(&x), set(&["dynamodb Scan TableName=$TABLE"]));
}

#[test]
fn a_member_assigned_under_a_key_from_the_environment_is_kept() {
    let dir = service(&[(
        "handler.js",
        b"const AWS = require('aws-sdk');
const db = new AWS.DynamoDB.DocumentClient();
exports.handler = async (jobs) => {
  const request = { RequestItems: {} };
  request.RequestItems[process.env.LEDGER] = jobs.map((j) => ({ PutRequest: { Item: j } }));
  request.RequestItems[process.env.AUDIT] = [];
  await db.batchWrite(request).promise();
};
",
    )]);
    let x = extract(dir.path(), "handler.handler");
    let Some(Value::Map(items)) = x.calls[0].args.get("RequestItems") else {
        panic!("{:?}", x.calls);
    };
    let tables: Vec<Value> = items.keys().map(|k| Value::of_key(k)).collect();
    assert_eq!(
        tables,
        [Value::Env("AUDIT".into()), Value::Env("LEDGER".into())]
    );
}

#[test]
fn a_module_level_instance_grants_only_the_methods_reached() {
    let dir = service(&[
        (
            "repo.js",
            b"const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand, PutCommand, DeleteCommand } = require('@aws-sdk/lib-dynamodb');
class Repo {
  constructor(table) {
    this.table = table;
    this.doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  }
  async get(id) { return this.doc.send(new GetCommand({ TableName: this.table, Key: { id } })); }
  async put(item) { return this.doc.send(new PutCommand({ TableName: this.table, Item: item })); }
  async remove(id) { return this.doc.send(new DeleteCommand({ TableName: this.table, Key: { id } })); }
}
const makeStore = (table) => ({
  get: (id) => new Repo(table).get(id),
  drop: (id) => new Repo(table).remove(id),
});
module.exports = { repo: new Repo(process.env.TABLE), store: makeStore('other') };
",
        ),
        (
            "handler.js",
            b"const { repo, store } = require('./repo');
module.exports.get = async (e) => repo.get(e.id);
module.exports.put = async (e) => repo.put(e);
module.exports.drop = async (e) => store.drop(e.id);
",
        ),
    ]);
    let cases = [
        ("get", "dynamodb GetItem Key={id: ?e.id} TableName=$TABLE"),
        ("put", "dynamodb PutItem TableName=$TABLE"),
        (
            "drop",
            "dynamodb DeleteItem Key={id: ?e.id} TableName='other'",
        ),
    ];
    for (export, want) in cases {
        let x = extract(dir.path(), &format!("handler.{export}"));
        assert_eq!(summary(&x), set(&[want]), "{export}");
    }
}
