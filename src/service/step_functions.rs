//! serverless-step-functions (`stepFunctions:`): the plugin adds a state machine for each
//! entry of `stepFunctions.stateMachines` and an activity for each of
//! `stepFunctions.activities`, under logical IDs of its own. gearctl adds the same
//! resources, so that `!Ref`, `Fn::GetAtt` and `${self:resources.Outputs…}` values over
//! them resolve to `arn:aws:states:REGION:ACCOUNT:stateMachine:NAME` and
//! `…:activity:NAME`.
//!
//! The plugin's names: a state machine's logical ID is its `id` or `name` spelled the
//! Framework's way (`logical_id`), else `<Key>StepFunctionsStateMachine`; its name is
//! `name`, else one CloudFormation generates. An activity is
//! `<Name>StepFunctionsActivity`, named as listed.

use serde_yaml::{Mapping, Value};

use super::logical_id;

/// Add the plugin's state machines and activities to `resources`; resources that
/// serverless.yml defines itself are kept as written.
pub fn extend(doc: &Value, resources: &mut Mapping) {
    let Some(sf) = doc.get("stepFunctions") else {
        return;
    };
    if let Some(Value::Mapping(machines)) = sf.get("stateMachines") {
        for (key, machine) in machines {
            let Some(key) = key.as_str() else { continue };
            let name = machine.get("name").and_then(Value::as_str);
            let custom = machine.get("id").and_then(Value::as_str).or(name);
            let logical = match custom {
                Some(c) => logical_id(c),
                None => format!("{}StepFunctionsStateMachine", logical_id(key)),
            };
            let mut props = Mapping::new();
            if let Some(n) = name {
                props.insert("StateMachineName".into(), n.into());
            }
            add(
                resources,
                &logical,
                "AWS::StepFunctions::StateMachine",
                props,
            );
        }
    }
    for activity in sf
        .get("activities")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        let Some(name) = activity.as_str() else {
            continue;
        };
        let mut props = Mapping::new();
        props.insert("Name".into(), name.into());
        let logical = format!("{}StepFunctionsActivity", logical_id(name));
        add(resources, &logical, "AWS::StepFunctions::Activity", props);
    }
}

fn add(resources: &mut Mapping, logical: &str, kind: &str, props: Mapping) {
    if resources.contains_key(logical) {
        return;
    }
    let mut r = Mapping::new();
    r.insert("Type".into(), kind.into());
    r.insert("Properties".into(), Value::Mapping(props));
    resources.insert(logical.into(), Value::Mapping(r));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_machines_and_activities_get_the_plugins_logical_ids() {
        let doc: Value = serde_yaml::from_str(
            "
stepFunctions:
  activities:
    - resize-image
    - approve
  stateMachines:
    checkout:
      name: CheckoutFlow
      definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}
    refund_flow:
      definition: {}
    audit:
      id: AuditMachine
      name: shop-audit
resources:
  Resources:
    ApproveStepFunctionsActivity:
      Type: AWS::StepFunctions::Activity
      Properties: {Name: approve-v2}
",
        )
        .unwrap();
        let mut resources = doc["resources"]["Resources"].as_mapping().unwrap().clone();
        extend(&doc, &mut resources);
        let prop = |l: &str, p: &str| resources[l]["Properties"].get(p).cloned();
        assert_eq!(
            prop("CheckoutFlow", "StateMachineName").unwrap(),
            "CheckoutFlow"
        );
        assert_eq!(
            resources["RefundUnderscoreflowStepFunctionsStateMachine"]["Type"],
            "AWS::StepFunctions::StateMachine"
        );
        assert_eq!(
            prop(
                "RefundUnderscoreflowStepFunctionsStateMachine",
                "StateMachineName"
            ),
            None
        );
        assert_eq!(
            prop("AuditMachine", "StateMachineName").unwrap(),
            "shop-audit"
        );
        assert_eq!(
            prop("ResizeDashimageStepFunctionsActivity", "Name").unwrap(),
            "resize-image"
        );
        // serverless.yml's own resource wins.
        assert_eq!(
            prop("ApproveStepFunctionsActivity", "Name").unwrap(),
            "approve-v2"
        );
        assert_eq!(resources.len(), 5);
    }
}
