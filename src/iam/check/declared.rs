//! The statements a service grants each function in its own files: the function's own
//! (serverless-iam-roles-per-function's `iamRoleStatements`, Framework v4
//! `functions.X.iam.role.statements`), else the provider's (`provider.iam.role.statements`,
//! `provider.iamRoleStatements`), or, when the function's `role:` names an `AWS::IAM::Role`
//! of `resources:`, that role's inline policies and the `AWS::IAM::Policy`/`ManagedPolicy`
//! resources attached to it. Each statement keeps its key path, so that findings can say
//! where it is written.

use serde_yaml::Value as Yaml;

use crate::iam::resolve::{Resolved, Resolver};
use crate::service::Intrinsic;

/// Who writes the function's role, which decides what else is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleKind {
    /// The Framework (or serverless-iam-roles-per-function) builds the role: it adds the
    /// log group, event source, VPC, tracing and failure-destination permissions itself.
    Framework,
    /// A CloudFormation role of `resources:`: nothing is added to what it declares.
    Resource(String),
    /// A role that is not in the service's files (an ARN, an import): cannot be read offline.
    External(String),
}

/// Where statements to replace the declared ones belong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Provider,
    PerFunctionPlugin,
    PerFunctionV4,
    Resource,
}

/// One declared statement, as written (resources resolved).
#[derive(Debug, Clone)]
pub struct Statement {
    pub allow: bool,
    pub actions: Vec<String>,
    /// `NotAction`: every action but these.
    pub not_action: bool,
    /// Resources resolved to text; a resource known only in part is in `partial`.
    pub resources: Vec<String>,
    /// `NotResource`: every resource but these.
    pub not_resource: bool,
    /// Resources known only in part (an unresolved variable, an import): the `*` pattern
    /// and why. Used to decide what is granted, never reported as excess.
    pub partial: Vec<(String, String)>,
    pub condition: bool,
    /// The key path of the statement (`provider.iam.role.statements[2]`).
    pub path: String,
    /// The key paths of each action and resource, in the order above (for lines).
    pub action_paths: Vec<String>,
    pub resource_paths: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Declared {
    pub kind: RoleKind,
    pub style: Style,
    /// The key path where the function's statements are (or would be) written.
    pub at: String,
    pub statements: Vec<Statement>,
    /// AWS-managed policies attached to the role, by name.
    pub managed: Vec<String>,
    pub notes: Vec<String>,
}

const PLUGIN: &str = "serverless-iam-roles-per-function";

/// The statements that apply to one function.
pub fn read(r: &Resolver) -> Declared {
    let svc = r.svc;
    let f = r.function;
    let provider = svc.doc.get("provider");
    let provider_role = provider
        .and_then(|p| p.get("iam"))
        .and_then(|i| i.get("role"));
    let mut notes = Vec::new();

    // A role named on the function, else on the provider (`provider.iam.role: X`, v2
    // `provider.role: X`); a mapping under provider.iam.role is the Framework's own role.
    let named = f
        .raw
        .get("role")
        .map(|v| (v, format!("functions.{}.role", f.key)))
        .or_else(|| {
            provider_role
                .filter(|v| !v.is_mapping())
                .map(|v| (v, "provider.iam.role".to_string()))
        })
        .or_else(|| {
            provider
                .and_then(|p| p.get("role"))
                .map(|v| (v, "provider.role".to_string()))
        });
    if let Some((value, key)) = named {
        return match role_id(value) {
            Some(id) if is_role(r, &id) => resource_role(r, &id),
            Some(id) => external(
                format!("{key} names {id}, which is not an AWS::IAM::Role in resources:"),
                key,
            ),
            None => external(
                format!(
                    "{key} is a role outside this service ({}): it cannot be read offline",
                    value.as_str().unwrap_or("an intrinsic")
                ),
                key,
            ),
        };
    }

    let own_v3 = f.raw.get("iamRoleStatements");
    let own_v4 = f
        .raw
        .get("iam")
        .and_then(|i| i.get("role"))
        .and_then(|r| r.get("statements"));
    let plugin = plugin_listed(&svc.doc);
    if own_v3.is_some() && !plugin && own_v4.is_none() {
        notes.push(format!(
            "functions.{}.iamRoleStatements is ignored by the Framework unless the {PLUGIN} plugin is listed; the provider's statements are compared",
            f.key
        ));
    }
    let own = match (own_v4, own_v3) {
        (Some(v), _) => Some((
            v,
            format!("functions.{}.iam.role.statements", f.key),
            Style::PerFunctionV4,
        )),
        (None, Some(v)) if plugin => Some((
            v,
            format!("functions.{}.iamRoleStatements", f.key),
            Style::PerFunctionPlugin,
        )),
        _ => None,
    };
    let provider_lists = [
        (
            provider_role.and_then(|r| r.get("statements")),
            "provider.iam.role.statements",
        ),
        (
            provider.and_then(|p| p.get("iamRoleStatements")),
            "provider.iamRoleStatements",
        ),
    ];
    let mut statements = Vec::new();
    let (style, at) = match own {
        Some((list, at, style)) => {
            statements.extend(list_at(r, list, &at, &mut notes));
            // The plugin adds the provider's statements only when asked to.
            let inherit = f
                .raw
                .get("iamRoleStatementsInherit")
                .and_then(Yaml::as_bool)
                .or_else(|| {
                    svc.doc
                        .get("custom")
                        .and_then(|c| c.get(PLUGIN))
                        .and_then(|c| c.get("defaultInherit"))
                        .and_then(Yaml::as_bool)
                })
                .unwrap_or(false);
            if inherit {
                for (list, key) in &provider_lists {
                    if let Some(list) = list {
                        statements.extend(list_at(r, list, key, &mut notes));
                    }
                }
            }
            (style, at)
        }
        None => {
            let mut at = None;
            for (list, key) in &provider_lists {
                if let Some(list) = list {
                    statements.extend(list_at(r, list, key, &mut notes));
                    at.get_or_insert(key.to_string());
                }
            }
            (
                Style::Provider,
                at.unwrap_or_else(|| "provider.iam.role.statements".into()),
            )
        }
    };
    let mut managed = Vec::new();
    let lists = [
        provider_role.and_then(|r| r.get("managedPolicies")),
        provider.and_then(|p| p.get("iamManagedPolicies")),
    ];
    for arn in lists.iter().flat_map(|l| crate::service::strings(*l)) {
        managed_policy(&arn, &mut managed, &mut notes);
    }
    Declared {
        kind: RoleKind::Framework,
        style,
        at,
        statements,
        managed,
        notes,
    }
}

fn external(note: String, at: String) -> Declared {
    Declared {
        kind: RoleKind::External(note.clone()),
        style: Style::Resource,
        at,
        statements: Vec::new(),
        managed: Vec::new(),
        notes: vec![note],
    }
}

fn plugin_listed(doc: &Yaml) -> bool {
    let plugins = doc.get("plugins");
    plugins
        .and_then(|p| p.get("modules"))
        .or(plugins)
        .and_then(Yaml::as_sequence)
        .is_some_and(|s| s.iter().any(|p| p.as_str() == Some(PLUGIN)))
}

/// The logical ID a `role:` value names: `MyRole`, `!GetAtt MyRole.Arn`,
/// `{"Fn::GetAtt": [MyRole, Arn]}`, `!Ref MyRole`. None for an ARN or another intrinsic.
fn role_id(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) if s.starts_with("arn:") => None,
        Yaml::String(s) => Some(s.clone()),
        other => match Intrinsic::from_value(other)? {
            Intrinsic::GetAtt(id, _) | Intrinsic::Ref(id) => Some(id),
        },
    }
}

fn is_role(r: &Resolver, id: &str) -> bool {
    r.svc
        .resources
        .get(id)
        .and_then(|x| x.get("Type"))
        .and_then(Yaml::as_str)
        == Some("AWS::IAM::Role")
}

/// A `resources:` role: its inline policies, its managed policies, and the policy
/// resources whose `Roles` name it.
fn resource_role(r: &Resolver, id: &str) -> Declared {
    let base = format!("resources.Resources.{id}");
    let mut statements = Vec::new();
    let mut managed = Vec::new();
    let mut notes = Vec::new();
    let role = r.svc.resources.get(id);
    let props = role.and_then(|x| x.get("Properties"));
    if let Some(policies) = props
        .and_then(|p| p.get("Policies"))
        .and_then(Yaml::as_sequence)
    {
        for (i, p) in policies.iter().enumerate() {
            let key = format!("{base}.Properties.Policies[{i}].PolicyDocument.Statement");
            if let Some(s) = p.get("PolicyDocument").and_then(|d| d.get("Statement")) {
                statements.extend(list_at(r, s, &key, &mut notes));
            }
        }
    }
    for arn in props.and_then(|p| p.get("ManagedPolicyArns")).into_iter() {
        for (i, v) in arn.as_sequence().into_iter().flatten().enumerate() {
            let key = format!("{base}.Properties.ManagedPolicyArns[{i}]");
            match v.as_str() {
                Some(a) => managed_policy(a, &mut managed, &mut notes),
                // `!Ref MyPolicy`: a managed policy of resources: is read below through its
                // own `Roles`, or here when it names none.
                None => {
                    match Intrinsic::from_value(v) {
                        Some(Intrinsic::Ref(p)) => {
                            if let Some(doc) = policy_resource(r, &p) {
                                statements.extend(list_at(
                                r,
                                doc,
                                &format!("resources.Resources.{p}.Properties.PolicyDocument.Statement"),
                                &mut notes,
                            ));
                            }
                        }
                        _ => notes.push(format!("{key} cannot be read offline")),
                    }
                }
            }
        }
    }
    let role_name = props.and_then(|p| p.get("RoleName")).and_then(Yaml::as_str);
    for (k, res) in &r.svc.resources {
        let Some(k) = k.as_str() else { continue };
        let kind = res.get("Type").and_then(Yaml::as_str).unwrap_or("");
        if !matches!(kind, "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy") {
            continue;
        }
        let p = res.get("Properties");
        let names_role = p
            .and_then(|p| p.get("Roles"))
            .and_then(Yaml::as_sequence)
            .is_some_and(|roles| {
                roles.iter().any(|x| match Intrinsic::from_value(x) {
                    Some(Intrinsic::Ref(n)) => n == id,
                    _ => x.as_str().is_some_and(|s| Some(s) == role_name),
                })
            });
        let by_arn = props
            .and_then(|p| p.get("ManagedPolicyArns"))
            .and_then(Yaml::as_sequence)
            .is_some_and(|s| {
                s.iter()
                    .any(|x| Intrinsic::from_value(x) == Some(Intrinsic::Ref(k.to_string())))
            });
        if names_role
            && !by_arn
            && let Some(s) = p
                .and_then(|p| p.get("PolicyDocument"))
                .and_then(|d| d.get("Statement"))
        {
            statements.extend(list_at(
                r,
                s,
                &format!("resources.Resources.{k}.Properties.PolicyDocument.Statement"),
                &mut notes,
            ));
        }
    }
    Declared {
        kind: RoleKind::Resource(id.to_string()),
        style: Style::Resource,
        at: format!("{base}.Properties.Policies"),
        statements,
        managed,
        notes,
    }
}

fn policy_resource<'a>(r: &'a Resolver, id: &str) -> Option<&'a Yaml> {
    let res = r.svc.resources.get(id)?;
    matches!(
        res.get("Type").and_then(Yaml::as_str),
        Some("AWS::IAM::ManagedPolicy" | "AWS::IAM::Policy")
    )
    .then(|| {
        res.get("Properties")?
            .get("PolicyDocument")?
            .get("Statement")
    })
    .flatten()
}

/// The AWS-managed Lambda policies whose content is fixed and known: they are compared as
/// what they grant, but never reported (a team picks them on purpose, and AWS writes them).
pub const KNOWN_MANAGED: &[(&str, &[&str])] = &[
    (
        "AWSLambdaBasicExecutionRole",
        &[
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
        ],
    ),
    (
        "AWSLambdaVPCAccessExecutionRole",
        &[
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSubnets",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
        ],
    ),
    (
        "AWSLambdaSQSQueueExecutionRole",
        &[
            "sqs:ReceiveMessage",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
        ],
    ),
    (
        "AWSLambdaDynamoDBExecutionRole",
        &[
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator",
            "dynamodb:ListStreams",
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
        ],
    ),
    (
        "AWSLambdaKinesisExecutionRole",
        &[
            "kinesis:DescribeStream",
            "kinesis:DescribeStreamSummary",
            "kinesis:GetRecords",
            "kinesis:GetShardIterator",
            "kinesis:ListShards",
            "kinesis:ListStreams",
            "kinesis:SubscribeToShard",
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
        ],
    ),
    (
        "AWSXRayDaemonWriteAccess",
        &[
            "xray:PutTraceSegments",
            "xray:PutTelemetryRecords",
            "xray:GetSamplingRules",
            "xray:GetSamplingTargets",
            "xray:GetSamplingStatisticSummaries",
        ],
    ),
];

fn managed_policy(arn: &str, managed: &mut Vec<String>, notes: &mut Vec<String>) {
    let name = arn.rsplit('/').next().unwrap_or(arn);
    let aws = arn.contains(":iam::aws:policy/");
    if aws && KNOWN_MANAGED.iter().any(|(n, _)| *n == name) {
        managed.push(name.to_string());
    } else {
        notes.push(format!(
            "managed policy {arn} cannot be read offline: what it grants is not compared"
        ));
    }
}

/// The most statements read from one list. IAM caps a role's inline policies at 10,240
/// characters in all, so no deployable list comes near it; a longer one is cut here, with a
/// note naming it, so a hostile file cannot make the comparison take minutes.
pub const MAX_STATEMENTS: usize = 1000;

/// The statements of a YAML list (or a single statement mapping) at a key path.
fn list_at(r: &Resolver, v: &Yaml, key: &str, notes: &mut Vec<String>) -> Vec<Statement> {
    let items: Vec<(usize, &Yaml)> = match v {
        Yaml::Sequence(s) => {
            if s.len() > MAX_STATEMENTS {
                notes.push(format!(
                    "{key} has {} statements; only the first {MAX_STATEMENTS} are compared \
                     (IAM allows far fewer in one role)",
                    s.len()
                ));
            }
            s.iter().take(MAX_STATEMENTS).enumerate().collect()
        }
        m @ Yaml::Mapping(_) => vec![(usize::MAX, m)],
        _ => Vec::new(),
    };
    items
        .into_iter()
        .filter_map(|(i, s)| {
            let path = if i == usize::MAX {
                key.to_string()
            } else {
                format!("{key}[{i}]")
            };
            statement(r, s, path)
        })
        .collect()
}

fn statement(r: &Resolver, s: &Yaml, path: String) -> Option<Statement> {
    s.as_mapping()?;
    let effect = s.get("Effect").and_then(Yaml::as_str).unwrap_or("Allow");
    let (action_key, not_action) = if s.get("NotAction").is_some() {
        ("NotAction", true)
    } else {
        ("Action", false)
    };
    let (resource_key, not_resource) = if s.get("NotResource").is_some() {
        ("NotResource", true)
    } else {
        ("Resource", false)
    };
    let (actions, action_paths): (Vec<String>, Vec<String>) =
        items(s.get(action_key), &format!("{path}.{action_key}"))
            .into_iter()
            .filter_map(|(v, p)| Some((v.as_str()?.to_string(), p)))
            .unzip();
    let mut resources = Vec::new();
    let mut resource_paths = Vec::new();
    let mut partial = Vec::new();
    for (v, p) in items(s.get(resource_key), &format!("{path}.{resource_key}")) {
        match r.yaml(v, 0) {
            Resolved::Text { text, .. } => {
                resources.push(text);
                resource_paths.push(p);
            }
            Resolved::Pattern { text, why } => partial.push((text, why)),
            Resolved::Unknown(why) => partial.push(("*".into(), why)),
        }
    }
    Some(Statement {
        allow: !effect.eq_ignore_ascii_case("Deny"),
        actions,
        not_action,
        resources,
        not_resource,
        partial,
        condition: s.get("Condition").is_some(),
        path,
        action_paths,
        resource_paths,
    })
}

/// A value that may be one item or a list, with each item's key path.
fn items<'y>(v: Option<&'y Yaml>, path: &str) -> Vec<(&'y Yaml, String)> {
    match v {
        Some(Yaml::Sequence(s)) => s
            .iter()
            .enumerate()
            .map(|(i, x)| (x, format!("{path}[{i}]")))
            .collect(),
        Some(one) => vec![(one, path.to_string())],
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::resolve::{Place, test_service};

    const YML: &str = r#"
service: s
plugins: [serverless-iam-roles-per-function]
provider:
  name: aws
  iam:
    role:
      statements:
        - {Effect: Allow, Action: sns:Publish, Resource: arn:aws:sns:us-east-1:1:t}
functions:
  own:
    handler: h.own
    iamRoleStatements:
      - {Effect: Allow, Action: [s3:GetObject], Resource: [arn:aws:s3:::b/*]}
  inherits:
    handler: h.inherits
    iamRoleStatementsInherit: true
    iamRoleStatements: []
  shared:
    handler: h.shared
  custom:
    handler: h.custom
    role: {"Fn::GetAtt": [CustomRole, Arn]}
resources:
  Resources:
    CustomRole:
      Type: AWS::IAM::Role
      Properties:
        Policies:
          - PolicyName: p
            PolicyDocument:
              Statement:
                - {Effect: Allow, NotAction: iam:*, Resource: "*"}
    Extra:
      Type: AWS::IAM::Policy
      Properties:
        Roles: [!Ref CustomRole]
        PolicyDocument:
          Statement: {Effect: Allow, Action: sqs:SendMessage, Resource: "*"}
"#;

    fn read_fn(key: &str) -> Declared {
        read_in(YML, key)
    }

    fn read_in(yml: &str, key: &str) -> Declared {
        let svc = test_service(yml);
        let place = Place::new(None, None);
        let f = svc.functions.iter().find(|f| f.key == key).unwrap();
        read(&Resolver {
            svc: &svc,
            function: f,
            place: &place,
        })
    }

    fn paths(d: &Declared) -> Vec<&str> {
        d.statements.iter().map(|s| s.path.as_str()).collect()
    }

    #[test]
    fn the_plugins_statements_replace_the_providers_unless_inherited() {
        let own = read_fn("own");
        assert_eq!(own.style, Style::PerFunctionPlugin);
        assert_eq!(paths(&own), ["functions.own.iamRoleStatements[0]"]);
        assert_eq!(own.statements[0].resources, ["arn:aws:s3:::b/*"]);
        let inherits = read_fn("inherits");
        assert_eq!(paths(&inherits), ["provider.iam.role.statements[0]"]);
        assert_eq!(inherits.at, "functions.inherits.iamRoleStatements");
        let shared = read_fn("shared");
        assert_eq!(shared.style, Style::Provider);
        assert_eq!(paths(&shared), ["provider.iam.role.statements[0]"]);
    }

    #[test]
    fn a_resources_role_brings_its_policies_and_the_policies_attached_to_it() {
        let d = read_fn("custom");
        assert_eq!(d.kind, RoleKind::Resource("CustomRole".into()));
        assert_eq!(
            paths(&d),
            [
                "resources.Resources.CustomRole.Properties.Policies[0].PolicyDocument.Statement[0]",
                "resources.Resources.Extra.Properties.PolicyDocument.Statement",
            ]
        );
        assert!(d.statements[0].not_action);
        assert_eq!(d.statements[1].actions, ["sqs:SendMessage"]);
    }

    #[test]
    fn a_list_longer_than_any_role_can_hold_is_cut_with_a_note() {
        let mut yml = String::from(
            "service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n",
        );
        for i in 0..MAX_STATEMENTS + 5 {
            yml.push_str(&format!(
                "        - Effect: Allow\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::b{i}/*\n"
            ));
        }
        yml.push_str("functions:\n  f:\n    handler: h.handle\n");
        let d = read_in(&yml, "f");
        assert_eq!(d.statements.len(), MAX_STATEMENTS);
        assert!(
            d.notes
                .iter()
                .any(|n| n.contains("provider.iam.role.statements has 1005 statements")),
            "{:?}",
            d.notes
        );
    }
}
