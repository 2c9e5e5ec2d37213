//! serverless.yml: load it, resolve its variables, and expose the parts the jobs use.
//!
//! The Framework itself is the ground truth, but running it takes seconds and a Node install;
//! gearctl reads the file directly so that audits and policy generation stay offline and
//! fast. CloudFormation intrinsics (`!Ref`, `!GetAtt`, `Fn::…`) are kept as written and
//! decoded on demand with [`Intrinsic`].

pub mod lift;
pub mod step_functions;
pub mod vars;

use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::error::{Error, Result};
pub use vars::Options;

/// A loaded, variable-resolved service.
#[derive(Debug, Clone)]
pub struct Service {
    pub name: String,
    pub stage: String,
    pub region: String,
    pub dir: PathBuf,
    pub functions: Vec<Function>,
    /// `resources.Resources`: CloudFormation logical ID → resource.
    pub resources: serde_yaml::Mapping,
    /// The whole resolved document, for job-specific keys.
    pub doc: Value,
    /// Variables that need a source we do not read offline (`${ssm:…}`, `${cf:…}`).
    pub unresolved: Vec<String>,
}

/// One entry of `functions:`.
#[derive(Debug, Clone)]
pub struct Function {
    /// The key under `functions:`.
    pub key: String,
    /// The deployed name: `name:` if set, else `<service>-<stage>-<key>`.
    pub name: String,
    pub handler: Option<String>,
    pub runtime: Option<String>,
    pub memory_mb: i64,
    pub timeout_s: i64,
    /// Provider environment merged with the function's; values may be intrinsics.
    pub environment: Vec<(String, Value)>,
    pub vpc: bool,
    pub tracing: bool,
    pub events: Vec<Value>,
    /// The function's own `package.patterns`.
    pub patterns: Vec<String>,
    /// The whole resolved function entry.
    pub raw: Value,
}

impl Service {
    /// The runtime of a function key (its own, else the provider's); the provider's for
    /// `None` (the service-wide package).
    pub fn runtime_for(&self, key: Option<&str>) -> Option<String> {
        key.and_then(|k| self.functions.iter().find(|f| f.key == k))
            .and_then(|f| f.runtime.clone())
            .or_else(|| {
                self.doc
                    .get("provider")?
                    .get("runtime")?
                    .as_str()
                    .map(str::to_string)
            })
    }
}

/// A CloudFormation intrinsic we can follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intrinsic {
    Ref(String),
    GetAtt(String, String),
}

impl Intrinsic {
    /// Decode `!Ref X`, `!GetAtt X.Attr`, `{Ref: X}` or `{"Fn::GetAtt": [X, Attr]}`.
    pub fn from_value(v: &Value) -> Option<Intrinsic> {
        match v {
            Value::Tagged(t) => {
                let tag = t.tag.to_string();
                let arg = t.value.as_str();
                match tag.trim_start_matches('!') {
                    "Ref" => arg.map(|a| Intrinsic::Ref(a.to_string())),
                    "GetAtt" => match &t.value {
                        Value::String(s) => s
                            .split_once('.')
                            .map(|(r, a)| Intrinsic::GetAtt(r.to_string(), a.to_string())),
                        Value::Sequence(s) => get_att_list(s),
                        _ => None,
                    },
                    _ => None,
                }
            }
            Value::Mapping(m) if m.len() == 1 => {
                if let Some(r) = m.get("Ref").and_then(Value::as_str) {
                    return Some(Intrinsic::Ref(r.to_string()));
                }
                m.get("Fn::GetAtt")
                    .and_then(Value::as_sequence)
                    .and_then(|s| get_att_list(s))
            }
            _ => None,
        }
    }
}

fn get_att_list(s: &[Value]) -> Option<Intrinsic> {
    match s {
        [Value::String(r), Value::String(a)] => Some(Intrinsic::GetAtt(r.clone(), a.clone())),
        _ => None,
    }
}

/// Find the config file in a service directory (or accept the file itself).
pub fn find_config(path: &Path) -> Result<PathBuf> {
    if path.is_file() {
        return Ok(path.to_path_buf());
    }
    for name in ["serverless.yml", "serverless.yaml"] {
        let p = path.join(name);
        if p.is_file() {
            return Ok(p);
        }
    }
    Err(Error::usage(
        format!("no serverless.yml in {}", path.display()),
        Some("pass the service directory that holds serverless.yml".to_string()),
    ))
}

/// The largest serverless.yml (or included file) gearctl reads. Real ones are kilobytes; a
/// larger file is refused by name rather than parsed into memory.
pub const MAX_CONFIG_BYTES: u64 = 8 << 20;

/// Load and resolve a service from its directory or config file.
pub fn load(path: &Path, opts: &Options) -> Result<Service> {
    let file = find_config(path)?;
    let bytes = crate::files::read_capped(&file, "a serverless.yml", MAX_CONFIG_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Invalid {
        what: format!("{} is not a valid serverless config", file.display()),
        detail: format!(
            "it is not UTF-8 text (byte {} is not valid UTF-8)",
            e.utf8_error().valid_up_to()
        ),
        hint: Some(format!(
            "save it as UTF-8, e.g. `iconv -f latin1 -t utf-8 {0} > fixed.yml && mv fixed.yml {0}`",
            file.display()
        )),
    })?;
    let env = |k: &str| std::env::var(k).ok();
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    parse(&text, &file, dir, opts, &env)
}

/// Parse a service from text; `env` answers `${env:…}`.
pub fn parse(
    text: &str,
    file: &Path,
    dir: PathBuf,
    opts: &Options,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Service> {
    let what = || format!("{} is not a valid serverless config", file.display());
    let invalid = |detail: String| Error::Invalid {
        what: what(),
        detail,
        hint: Some("fix the YAML; `serverless print` shows how the Framework reads it".into()),
    };
    let var_error = |e: vars::VarError| Error::Invalid {
        what: what(),
        detail: e.to_string(),
        hint: Some(e.hint()),
    };
    // Editors on Windows may save a byte-order mark; YAML allows one at the start.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: Value = serde_yaml::from_str(text).map_err(|e| invalid(e.to_string()))?;
    if !raw.is_mapping() {
        return Err(invalid("the top level must be a mapping".into()));
    }
    let mut r = vars::Resolver::new(&raw, opts, env);
    let stage = r.stage().map_err(var_error)?;
    let doc = r.value(&raw, 0).map_err(var_error)?;
    let unresolved = std::mem::take(&mut r.unresolved);

    let name = match doc.get("service") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Mapping(m)) => m
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        _ => return Err(invalid("`service:` is missing".into())),
    };
    let provider = doc.get("provider").cloned().unwrap_or(Value::Null);
    let region = opts
        .region
        .clone()
        .or_else(|| {
            provider
                .get("region")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| vars::DEFAULT_REGION.to_string());
    let provider_env = env_pairs(provider.get("environment"));
    let tracing = provider
        .get("tracing")
        .and_then(|t| t.get("lambda"))
        .is_some_and(|v| v.as_bool() == Some(true) || v.as_str() == Some("Active"));

    let mut fns = functions_map(doc.get("functions")).map_err(|detail| Error::Invalid {
        what: what(),
        detail,
        hint: Some(
            "write each function as `name:` with its settings indented below it \
             (`functions: {send: {handler: src/send.main}}`)"
                .into(),
        ),
    })?;
    let mut resources = doc
        .get("resources")
        .and_then(|r| r.get("Resources"))
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default();
    // What plugins add to the stack without writing it in serverless.yml.
    let stack = provider
        .get("stackName")
        .and_then(Value::as_str)
        .map_or_else(|| format!("{name}-{stage}"), str::to_string);
    lift::extend(&doc, &stack, &mut fns, &mut resources);
    step_functions::extend(&doc, &mut resources);

    let mut functions = Vec::new();
    for (key, f) in &fns {
        let key = key
            .as_str()
            .ok_or_else(|| invalid("a function key is not a string".into()))?
            .to_string();
        functions.push(function(
            &name,
            &stage,
            key,
            f,
            &provider,
            &provider_env,
            tracing,
        ));
    }
    Ok(Service {
        name,
        stage,
        region,
        dir,
        functions,
        resources,
        doc,
        unresolved,
    })
}

/// `functions:` as a map of name → function. The Framework also takes a list of such
/// maps (usually `- ${file(…)}` items) and merges them; anything else is refused here
/// rather than read as "no functions".
fn functions_map(v: Option<&Value>) -> std::result::Result<serde_yaml::Mapping, String> {
    const SHAPE: &str = "functions: must be a map of name → function";
    let is_function_map =
        |m: &serde_yaml::Mapping| m.values().all(|f| f.is_mapping() || f.is_null());
    match v {
        None | Some(Value::Null) => Ok(serde_yaml::Mapping::new()),
        Some(Value::Mapping(m)) => Ok(m.clone()),
        Some(Value::Sequence(items)) => {
            let mut all = serde_yaml::Mapping::new();
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Mapping(m) if is_function_map(m) => {
                        all.extend(m.iter().map(|(k, v)| (k.clone(), v.clone())));
                    }
                    Value::String(s) if s.contains("${") => {
                        return Err(format!(
                            "{SHAPE}; item {} is `{s}`, which gearctl cannot read offline",
                            i + 1
                        ));
                    }
                    _ => {
                        return Err(format!(
                            "{SHAPE} (a list is read only when each item is such a map; \
                             item {} is not)",
                            i + 1
                        ));
                    }
                }
            }
            Ok(all)
        }
        Some(_) => Err(SHAPE.to_string()),
    }
}

fn function(
    service: &str,
    stage: &str,
    key: String,
    f: &Value,
    provider: &Value,
    provider_env: &[(String, Value)],
    provider_tracing: bool,
) -> Function {
    let int = |k: &str, default: i64| {
        f.get(k)
            .and_then(Value::as_i64)
            .or_else(|| provider.get(k).and_then(Value::as_i64))
            .unwrap_or(default)
    };
    let str_of = |k: &str| {
        f.get(k)
            .and_then(Value::as_str)
            .or_else(|| provider.get(k).and_then(Value::as_str))
            .map(str::to_string)
    };
    let mut environment = provider_env.to_vec();
    for (k, v) in env_pairs(f.get("environment")) {
        match environment.iter_mut().find(|(ek, _)| *ek == k) {
            Some(slot) => slot.1 = v,
            None => environment.push((k, v)),
        }
    }
    let vpc_of = |v: Option<&Value>| {
        v.and_then(|v| v.get("subnetIds"))
            .and_then(Value::as_sequence)
            .is_some_and(|s| !s.is_empty())
    };
    Function {
        name: f
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| format!("{service}-{stage}-{key}")),
        handler: f.get("handler").and_then(Value::as_str).map(str::to_string),
        runtime: str_of("runtime"),
        memory_mb: int("memorySize", 1024),
        timeout_s: int("timeout", 6),
        environment,
        vpc: vpc_of(f.get("vpc")) || (f.get("vpc").is_none() && vpc_of(provider.get("vpc"))),
        tracing: match f.get("tracing") {
            Some(v) => v.as_bool() == Some(true) || v.as_str() == Some("Active"),
            None => provider_tracing,
        },
        events: f
            .get("events")
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default(),
        patterns: strings(f.get("package").and_then(|p| p.get("patterns"))),
        raw: f.clone(),
        key,
    }
}

/// The Framework's logical-ID spelling of a function key: first letter upper-cased, `-`
/// and `_` spelled out (`send-mail_x` → `SendDashmailUnderscorex`). Its CloudFormation
/// resource is `<this>LambdaFunction`.
pub fn logical_id(key: &str) -> String {
    let n = key.replace('-', "Dash").replace('_', "Underscore");
    let mut c = n.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => n,
    }
}

/// The string items of a YAML sequence; anything else is empty.
pub fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_sequence)
        .map(|s| {
            s.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn env_pairs(v: Option<&Value>) -> Vec<(String, Value)> {
    v.and_then(Value::as_mapping)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.clone())))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gearbox() -> Service {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gearbox");
        load(&dir, &Options::default()).unwrap()
    }

    #[test]
    fn logical_ids_spell_out_dashes_and_underscores() {
        assert_eq!(logical_id("send-mail_x"), "SendDashmailUnderscorex");
        assert_eq!(logical_id("ingest"), "Ingest");
    }

    #[test]
    fn loads_the_example_service() {
        let s = gearbox();
        assert_eq!(s.name, "gearbox");
        assert_eq!(s.stage, "dev");
        assert_eq!(s.region, "us-east-1");
        let keys: Vec<_> = s.functions.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            ["ingest", "process", "retry", "api", "thumbnail", "report"]
        );
        let process = &s.functions[1];
        assert_eq!(process.name, "gearbox-dev-process");
        assert_eq!(process.memory_mb, 512);
        assert_eq!(process.timeout_s, 10);
        assert!(process.vpc);
        assert!(process.tracing);
        assert!(!s.functions[0].vpc);
        let thumb = &s.functions[4];
        let bucket = thumb.environment.iter().find(|(k, _)| k == "THUMBS_BUCKET");
        assert_eq!(bucket.unwrap().1.as_str(), Some("gearbox-dev-thumbs"));
        let table = thumb.environment.iter().find(|(k, _)| k == "TABLE_NAME");
        assert_eq!(
            Intrinsic::from_value(&table.unwrap().1),
            Some(Intrinsic::Ref("ItemsTable".into()))
        );
    }

    #[test]
    fn malformed_yaml_is_a_clear_error() {
        let env = |_: &str| None;
        let err = parse(
            "service: x\nfunctions: [",
            Path::new("serverless.yml"),
            PathBuf::new(),
            &Options::default(),
            &env,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("serverless.yml is not a valid serverless config")
        );
    }

    #[test]
    fn alias_bomb_is_an_error_not_a_hang() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = (b'a' + i - 1) as char;
            let cur = (b'a' + i) as char;
            bomb.push_str(&format!(
                "{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        bomb.push_str("service: x\n");
        let env = |_: &str| None;
        let res = parse(
            &bomb,
            Path::new("serverless.yml"),
            PathBuf::new(),
            &Options::default(),
            &env,
        );
        assert!(res.is_err());
    }

    #[test]
    fn intrinsics_long_form() {
        let v: Value = serde_yaml::from_str("Fn::GetAtt: [Queue, Arn]").unwrap();
        assert_eq!(
            Intrinsic::from_value(&v),
            Some(Intrinsic::GetAtt("Queue".into(), "Arn".into()))
        );
        let v: Value = serde_yaml::from_str("!GetAtt Queue.Arn").unwrap();
        assert_eq!(
            Intrinsic::from_value(&v),
            Some(Intrinsic::GetAtt("Queue".into(), "Arn".into()))
        );
    }

    fn parse_text(text: &str) -> Result<Service> {
        let env = |_: &str| None;
        parse(
            text,
            Path::new("serverless.yml"),
            PathBuf::new(),
            &Options::default(),
            &env,
        )
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let s = parse_text("\u{feff}service: x\nfunctions:\n  f:\n    handler: h.f\n").unwrap();
        assert_eq!(s.name, "x");
        assert_eq!(s.functions.len(), 1);
    }

    #[test]
    fn functions_as_a_list_of_maps_are_merged_as_the_framework_does() {
        let s = parse_text(
            "service: x\nfunctions:\n  - a:\n      handler: h.a\n  - b:\n      handler: h.b\n",
        )
        .unwrap();
        let keys: Vec<_> = s.functions.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["a", "b"]);
    }

    #[test]
    fn functions_in_another_shape_are_a_clear_error() {
        for text in [
            "service: x\nfunctions:\n  - handler: h.a\n",
            "service: x\nfunctions:\n  - name: a\n    handler: h.a\n",
            "service: x\nfunctions: h.a\n",
            "service: x\nfunctions:\n  - ${file(./fns.yml)}\n",
        ] {
            let err = parse_text(text).unwrap_err();
            assert!(
                err.to_string()
                    .contains("functions: must be a map of name → function"),
                "{text}: {err}"
            );
            assert!(err.hint().is_some());
        }
    }

    #[test]
    fn non_utf8_config_has_a_hint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("serverless.yml"), b"service: caf\xe9\n").unwrap();
        let err = load(dir.path(), &Options::default()).unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");
        assert!(err.hint().unwrap().contains("UTF-8"));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A scalar of a generated config: text, a reference to another key (possibly
        /// itself), several references, or an environment variable.
        fn scalar(keys: usize) -> impl Strategy<Value = String> {
            let key = 0..keys;
            prop_oneof![
                "[a-z]{0,8}",
                key.clone().prop_map(|k| format!("${{self:custom.k{k}}}")),
                (key.clone(), 1..6usize)
                    .prop_map(|(k, n)| format!("${{self:custom.k{k}}}").repeat(n)),
                key.prop_map(|k| format!("x-${{env:E{k}, 'd'}}-${{sls:stage}}")),
                Just("${opt:stage, self:provider.stage}".to_string()),
                Just("${ssm:/a/b}".to_string()),
            ]
        }

        /// `custom.k0 … kN`, each a scalar or a flow list of scalars.
        fn config() -> impl Strategy<Value = String> {
            (1..12usize).prop_flat_map(|keys| {
                proptest::collection::vec(
                    prop_oneof![
                        scalar(keys).prop_map(|s| format!("\"{s}\"")),
                        proptest::collection::vec(scalar(keys), 0..12).prop_map(|items| {
                            let quoted: Vec<String> =
                                items.iter().map(|s| format!("\"{s}\"")).collect();
                            format!("[{}]", quoted.join(", "))
                        }),
                    ],
                    keys,
                )
                .prop_map(|values| {
                    let mut y = String::from(
                        "service: p-${sls:stage}\nprovider:\n  stage: ${self:custom.k0, 'dev'}\nfunctions:\n  f:\n    handler: h.f\ncustom:\n",
                    );
                    for (i, v) in values.iter().enumerate() {
                        y.push_str(&format!("  k{i}: {v}\n"));
                    }
                    y
                })
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// Any generated config resolves or fails with a message, fast, and the
            /// result stays within the expansion cap.
            #[test]
            fn generated_configs_end_bounded(yaml in config(), env_value in "[a-z$:{}]{0,12}") {
                let env = move |k: &str| k.starts_with('E').then(|| env_value.clone());
                let started = std::time::Instant::now();
                let res = parse(&yaml, Path::new("serverless.yml"), PathBuf::new(), &Options::default(), &env);
                prop_assert!(started.elapsed() < std::time::Duration::from_secs(10));
                match res {
                    Ok(svc) => prop_assert!(vars::weight(&svc.doc) <= vars::MAX_EXPANSION + 64 * 1024),
                    Err(e) => prop_assert!(!e.to_string().is_empty() && e.hint().is_some()),
                }
            }

            /// Arbitrary text never panics the loader.
            #[test]
            fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
                let env = |_: &str| None;
                let _ = parse(&text, Path::new("serverless.yml"), PathBuf::new(), &Options::default(), &env);
            }
        }
    }
}
