//! Resolves Serverless Framework variables in a parsed serverless.yml.
//!
//! Supported sources are the ones that need no network: `${self:path}`, `${sls:stage}`,
//! `${opt:stage}`/`${opt:region}`, `${aws:region}`, `${env:NAME}`, each with an optional
//! fallback (`${opt:stage, 'dev'}`). A service that leaves out `provider.stage` or
//! `provider.region` is at stage `dev` in `us-east-1`, as the Framework deploys it, and
//! `${aws:region}`, `${self:provider.stage}` and `${self:provider.region}` say so. (The
//! Framework v3 fills those two keys in only after resolving, so it rejects
//! `${self:provider.stage}` unless `--stage` makes a fallback unnecessary; gearctl takes
//! the default instead, so a service always deployed with `--stage` is still analysed
//! without it.) `${construct:…}` is Lift's
//! (see `lift.rs`). Other sources (`ssm:`, `cf:`, `file(...)`) stay as written and
//! are listed as unresolved, so callers can warn instead of guessing.
//!
//! Resolving is bounded: each `${self:…}` is resolved once and then copied, every copy is
//! charged against [`MAX_EXPANSION`], and the error names the variable that crossed it.
//! The text of an environment variable or an option is resolved like the Framework does
//! (it may hold `${…}` itself); text that leads back to where it came from is an error.

use std::collections::HashMap;

use serde_yaml::Value;

/// CLI-style options that `${opt:…}` reads.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub stage: Option<String>,
    pub region: Option<String>,
}

/// The region the Framework deploys to when neither `--region` nor `provider.region` says.
pub const DEFAULT_REGION: &str = "us-east-1";

/// How deep `${self:…}` references may chain before we call it a cycle.
const MAX_DEPTH: usize = 32;

/// How much resolving may copy in all, in [`weight`] units (about bytes). A real
/// serverless.yml resolves to well under a megabyte; a value that refers to another ten
/// times per level, or doubles a string per level, passes this within a few levels, and
/// stops there instead of filling memory.
pub const MAX_EXPANSION: usize = 16 << 20;

pub struct Resolver<'a> {
    root: &'a Value,
    opts: &'a Options,
    env: &'a dyn Fn(&str) -> Option<String>,
    stage: Option<String>,
    /// True while `--stage` itself is being resolved (it holds `${…}`).
    stage_busy: bool,
    /// Each `${self:path}` resolved once: the value and its weight.
    memo: HashMap<String, (Value, usize)>,
    /// Environment variables and options whose text is being resolved right now.
    outside: Vec<String>,
    /// Weight copied so far, against [`MAX_EXPANSION`].
    spent: usize,
    pub unresolved: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum VarError {
    #[error("variable `{0}` refers back to itself (a cycle of ${{self:…}} references)")]
    Cycle(String),
    #[error("variable `{0}` is not closed with `}}`")]
    Unclosed(String),
    /// An environment variable or option (`env:X`, `opt:stage`) whose text refers back
    /// to itself.
    #[error("{} refers back to itself, so it never resolves", outside_name(.0))]
    Outside(String),
    #[error(
        "resolving `${{{0}}}` makes the config larger than {limit} MiB; gearctl stopped there",
        limit = MAX_EXPANSION >> 20
    )]
    TooLarge(String),
}

impl VarError {
    /// What the user can do about it.
    pub fn hint(&self) -> String {
        match self {
            VarError::Outside(name) => match name.split_once(':') {
                Some(("env", var)) => format!(
                    "set the environment variable {} to a value without `${{…}}`",
                    var.trim()
                ),
                Some((_, "region")) => "pass a plain region, e.g. --region eu-west-1".to_string(),
                Some((_, option)) => format!("pass a plain value, e.g. --{option} dev"),
                None => "pass a plain value".to_string(),
            },
            VarError::TooLarge(name) => format!(
                "`{name}` repeats other variables level after level; refer to the part you \
                 need instead of copying it"
            ),
            _ => "fix the YAML; `serverless print` shows how the Framework reads it".to_string(),
        }
    }
}

impl<'a> Resolver<'a> {
    pub fn new(
        root: &'a Value,
        opts: &'a Options,
        env: &'a dyn Fn(&str) -> Option<String>,
    ) -> Self {
        Resolver {
            root,
            opts,
            env,
            stage: None,
            stage_busy: false,
            memo: HashMap::new(),
            outside: Vec::new(),
            spent: 0,
            unresolved: Vec::new(),
        }
    }

    /// The stage: `--stage`, else `provider.stage` resolved, else `dev`.
    pub fn stage(&mut self) -> Result<String, VarError> {
        if let Some(s) = &self.stage {
            return Ok(s.clone());
        }
        if self.stage_busy {
            return Err(VarError::Outside("opt:stage".into()));
        }
        let stage = match &self.opts.stage {
            Some(s) => {
                self.stage_busy = true;
                let v = self.outside_text("opt:stage", s.clone(), 0);
                self.stage_busy = false;
                match v? {
                    Value::String(s) => s,
                    other => scalar_text(other),
                }
            }
            None => match lookup(self.root, "provider.stage") {
                Some(v) => {
                    // Guard against `stage: ${sls:stage}` while resolving it.
                    self.stage = Some("dev".to_string());
                    let v = self.value(v, 1);
                    // What was resolved meanwhile may have seen the guard.
                    self.memo.clear();
                    match v? {
                        Value::String(s) => s,
                        _ => "dev".to_string(),
                    }
                }
                None => "dev".to_string(),
            },
        };
        self.stage = Some(stage.clone());
        Ok(stage)
    }

    /// The region: `--region`, else `provider.region` resolved, else the Framework's
    /// default `us-east-1`.
    pub fn region(&mut self, depth: usize) -> Result<String, VarError> {
        if let Some(r) = &self.opts.region {
            return Ok(match self.outside_text("opt:region", r.clone(), depth)? {
                Value::String(s) => s,
                other => scalar_text(other),
            });
        }
        Ok(match lookup(self.root, "provider.region") {
            Some(v) => match self.value(v, depth + 1)? {
                Value::String(s) => s,
                _ => DEFAULT_REGION.to_string(),
            },
            None => DEFAULT_REGION.to_string(),
        })
    }

    /// Resolve every variable in a value tree.
    pub fn value(&mut self, v: &Value, depth: usize) -> Result<Value, VarError> {
        Ok(match v {
            Value::String(s) => self.string(s, depth)?,
            Value::Sequence(items) => Value::Sequence(
                items
                    .iter()
                    .map(|i| self.value(i, depth))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Mapping(map) => {
                let mut out = serde_yaml::Mapping::with_capacity(map.len());
                for (k, v) in map {
                    out.insert(k.clone(), self.value(v, depth)?);
                }
                Value::Mapping(out)
            }
            Value::Tagged(t) => Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
                tag: t.tag.clone(),
                value: self.value(&t.value, depth)?,
            })),
            other => other.clone(),
        })
    }

    /// Resolve the variables in one string, innermost first. A string that is exactly one
    /// variable takes that variable's value whatever its type. What a variable resolves to
    /// is final: it is put in marked, so the loop never reads it again and ends after one
    /// round per `${` of the original text.
    fn string(&mut self, s: &str, depth: usize) -> Result<Value, VarError> {
        if depth > MAX_DEPTH {
            return Err(VarError::Cycle(s.to_string()));
        }
        let mut text = s.to_string();
        loop {
            let Some((start, end)) = innermost(&text)? else {
                return Ok(unmark(Value::String(text)));
            };
            let expr = text[start + 2..end].to_string();
            let whole = start == 0 && end == text.len() - 1;
            let resolved = match self.expression(&expr, depth)? {
                Some(v) => v,
                None => {
                    self.unresolved.push(format!("${{{}}}", unmark_str(&expr)));
                    // Leave it as written, marked so the loop does not see it again.
                    Value::String(format!("$\u{0}{{{expr}}}"))
                }
            };
            if whole {
                return Ok(unmark(resolved));
            }
            let piece = scalar_text(resolved).replace("${", "$\u{0}{");
            self.charge(&expr, piece.len())?;
            text.replace_range(start..=end, &piece);
        }
    }

    /// One `source:address, fallback` expression.
    fn expression(&mut self, expr: &str, depth: usize) -> Result<Option<Value>, VarError> {
        let (main, fallback) = split_fallback(expr);
        let found = match main.split_once(':') {
            Some(("self", path)) => match (lookup(self.root, path.trim()), path.trim()) {
                (Some(v), path) => Some(self.self_value(path, v, depth)?),
                // The Framework's defaults for what serverless.yml leaves out.
                (None, "provider.stage") => Some(Value::String(self.stage()?)),
                (None, "provider.region") => Some(Value::String(self.region(depth)?)),
                (None, _) => None,
            },
            Some(("sls", "stage")) => Some(Value::String(self.stage()?)),
            Some(("aws", "region")) => Some(Value::String(self.region(depth)?)),
            Some(("opt", "stage")) => match &self.opts.stage {
                Some(_) => Some(Value::String(self.stage()?)),
                None => None,
            },
            Some(("opt", "region")) => match &self.opts.region {
                Some(_) => Some(Value::String(self.region(depth)?)),
                None => None,
            },
            Some(("env", name)) => match (self.env)(name.trim()) {
                Some(text) => Some(self.outside_text(main, text, depth)?),
                None => None,
            },
            Some(("construct", address)) => super::lift::variable(self.root, address.trim()),
            _ => None,
        };
        Ok(match (found, fallback) {
            (Some(v), _) if !v.is_null() => Some(v),
            // `${opt:stage, self:provider.stage}`: the fallback is another variable.
            (_, Some(fb)) if is_reference(fb) => self.expression(fb, depth + 1)?,
            (_, Some(fb)) => Some(literal(fb)),
            (found, None) => found,
        })
    }

    /// `${self:path}`: resolved once, then copied from the memo. Every copy is charged
    /// against [`MAX_EXPANSION`].
    fn self_value(&mut self, path: &str, raw: &Value, depth: usize) -> Result<Value, VarError> {
        let (v, w) = match self.memo.get(path) {
            Some((v, w)) => (v.clone(), *w),
            None => {
                let v = self.value(raw, depth + 1)?;
                let w = weight(&v);
                self.memo.insert(path.to_string(), (v.clone(), w));
                (v, w)
            }
        };
        self.charge(&format!("self:{path}"), w)?;
        Ok(v)
    }

    /// The text of an environment variable or option. The Framework resolves variables
    /// in such text too, so gearctl does; text that leads back to the variable it came
    /// from (`X=${env:X}`, `--stage '${sls:stage}'`) is an error, not an endless loop.
    fn outside_text(&mut self, name: &str, text: String, depth: usize) -> Result<Value, VarError> {
        self.charge(name, text.len())?;
        if !text.contains("${") {
            return Ok(Value::String(text));
        }
        let name = name.trim().to_string();
        if self.outside.contains(&name) {
            return Err(VarError::Outside(name));
        }
        self.outside.push(name);
        let v = self.string(&text, depth + 1);
        self.outside.pop();
        v
    }

    fn charge(&mut self, name: &str, weight: usize) -> Result<(), VarError> {
        self.spent = self.spent.saturating_add(weight);
        if self.spent > MAX_EXPANSION {
            return Err(VarError::TooLarge(unmark_str(name)));
        }
        Ok(())
    }
}

/// `env:X` → "the environment variable X"; `opt:stage` → "--stage".
fn outside_name(source: &str) -> String {
    match source.split_once(':') {
        Some(("env", var)) => format!("the environment variable {}", var.trim()),
        Some((_, option)) => format!("the value of --{}", option.trim()),
        None => source.to_string(),
    }
}

/// About the bytes a value holds: its text plus a fixed cost per node.
pub fn weight(v: &Value) -> usize {
    const NODE: usize = 32;
    match v {
        Value::String(s) => NODE + s.len(),
        Value::Sequence(items) => NODE + items.iter().map(weight).sum::<usize>(),
        Value::Mapping(m) => NODE + m.iter().map(|(k, v)| weight(k) + weight(v)).sum::<usize>(),
        Value::Tagged(t) => NODE + t.tag.to_string().len() + weight(&t.value),
        _ => NODE,
    }
}

/// A resolved value as text inside a longer string.
fn scalar_text(v: Value) -> String {
    match v {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => serde_yaml::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

fn unmark_str(s: &str) -> String {
    s.replace("$\u{0}", "$")
}

/// Put back the variables we could not resolve, as they were written.
fn unmark(v: Value) -> Value {
    match v {
        Value::String(s) if s.contains("$\u{0}") => Value::String(s.replace("$\u{0}", "$")),
        other => other,
    }
}

/// The span of the innermost `${…}`: the last `${` and the first `}` after it.
fn innermost(text: &str) -> Result<Option<(usize, usize)>, VarError> {
    let Some(start) = text.rfind("${") else {
        return Ok(None);
    };
    match text[start..].find('}') {
        Some(off) => Ok(Some((start, start + off))),
        None => Err(VarError::Unclosed(text.to_string())),
    }
}

fn split_fallback(expr: &str) -> (&str, Option<&str>) {
    match expr.split_once(',') {
        Some((main, fb)) => (main.trim(), Some(fb.trim())),
        None => (expr.trim(), None),
    }
}

/// A fallback that names another variable (`self:…`, `opt:…`, `env:…`, `sls:…`) rather
/// than a literal.
fn is_reference(fb: &str) -> bool {
    fb.split_once(':').is_some_and(|(source, rest)| {
        matches!(
            source,
            "self" | "opt" | "env" | "sls" | "aws" | "construct" | "ssm" | "cf" | "s3" | "file"
        ) && !rest.is_empty()
            && !fb.starts_with(['\'', '"'])
    })
}

/// A fallback literal: quoted string, number, boolean, or bare word.
fn literal(fb: &str) -> Value {
    let unquoted = fb
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .or_else(|| fb.strip_prefix('"').and_then(|s| s.strip_suffix('"')));
    if let Some(s) = unquoted {
        return Value::String(s.to_string());
    }
    if let Ok(n) = fb.parse::<i64>() {
        return Value::Number(n.into());
    }
    match fb {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::String(fb.to_string()),
    }
}

/// Follow a dotted path (`provider.stage`, `custom.buckets.0`) through mappings and
/// sequences.
pub fn lookup<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    if path.is_empty() {
        return Some(root);
    }
    path.split('.').try_fold(root, |v, key| match v {
        Value::Mapping(m) => m.get(key),
        Value::Sequence(s) => key.parse::<usize>().ok().and_then(|i| s.get(i)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(yaml: &str, opts: Options, path: &str) -> (Value, Vec<String>) {
        let root: Value = serde_yaml::from_str(yaml).unwrap();
        let env = |k: &str| (k == "HOME_REGION").then(|| "eu-west-1".to_string());
        let mut r = Resolver::new(&root, &opts, &env);
        let v = r.value(lookup(&root, path).unwrap(), 0).unwrap();
        (v, r.unresolved)
    }

    const SVC: &str = "
service: gearbox
provider:
  stage: ${opt:stage, 'dev'}
  region: ${env:HOME_REGION, 'us-east-1'}
  memorySize: 512
custom:
  bucket: ${self:service}-${sls:stage}-uploads
  nested: ${self:custom.bucket}
  mem: ${self:provider.memorySize}
  sizes: ${self:custom.list}
  list: [1, 2]
  ssm: ${ssm:/app/key}
  withEnvFallback: ${env:NOPE, ${self:service}}
  refFallback: ${self:service}-${opt:stage, self:provider.stage}
";

    #[test]
    fn self_sls_opt_env() {
        let (v, _) = resolve(SVC, Options::default(), "custom.bucket");
        assert_eq!(v, Value::String("gearbox-dev-uploads".into()));
        let (v, _) = resolve(
            SVC,
            Options {
                stage: Some("prod".into()),
                region: None,
            },
            "custom.nested",
        );
        assert_eq!(v, Value::String("gearbox-prod-uploads".into()));
        let (v, _) = resolve(SVC, Options::default(), "provider.region");
        assert_eq!(v, Value::String("eu-west-1".into()));
    }

    #[test]
    fn whole_variable_keeps_its_type() {
        let (v, _) = resolve(SVC, Options::default(), "custom.mem");
        assert_eq!(v, Value::Number(512.into()));
        let (v, _) = resolve(SVC, Options::default(), "custom.sizes");
        assert!(matches!(v, Value::Sequence(ref s) if s.len() == 2));
    }

    #[test]
    fn unknown_sources_stay_and_are_listed() {
        let (v, unresolved) = resolve(SVC, Options::default(), "custom.ssm");
        assert_eq!(v, Value::String("${ssm:/app/key}".into()));
        assert_eq!(unresolved, vec!["${ssm:/app/key}".to_string()]);
    }

    #[test]
    fn nested_fallback() {
        let (v, _) = resolve(SVC, Options::default(), "custom.withEnvFallback");
        assert_eq!(v, Value::String("gearbox".into()));
    }

    #[test]
    fn a_fallback_can_name_another_variable() {
        let (v, unresolved) = resolve(SVC, Options::default(), "custom.refFallback");
        assert_eq!(v, Value::String("gearbox-dev".into()));
        assert!(unresolved.is_empty());
        assert!(is_reference("self:provider.stage") && !is_reference("'a:b'"));
    }

    const BARE: &str = "
service: bare
provider:
  name: aws
custom:
  stage: ${opt:stage, self:provider.stage}
  region: ${self:provider.region}
  awsRegion: ${aws:region}
  queue: ${self:service}-${opt:stage, self:provider.stage}-jobs-${aws:region}
";

    #[test]
    fn the_framework_defaults_fill_in_stage_and_region() {
        let (v, unresolved) = resolve(BARE, Options::default(), "custom");
        let want: Value = serde_yaml::from_str(
            "{stage: dev, region: us-east-1, awsRegion: us-east-1, queue: bare-dev-jobs-us-east-1}",
        )
        .unwrap();
        assert_eq!(v, want);
        assert!(unresolved.is_empty(), "{unresolved:?}");
    }

    #[test]
    fn flags_win_over_the_defaults_and_the_file() {
        let opts = Options {
            stage: Some("prod".into()),
            region: Some("eu-west-1".into()),
        };
        let (v, _) = resolve(BARE, opts.clone(), "custom.queue");
        assert_eq!(v, Value::String("bare-prod-jobs-eu-west-1".into()));
        let (v, _) = resolve(BARE, opts.clone(), "custom.region");
        assert_eq!(v, Value::String("eu-west-1".into()));
        // provider.region set in the file: it is the region unless --region says otherwise.
        let (v, _) = resolve(SVC, Options::default(), "provider.region");
        assert_eq!(v, Value::String("eu-west-1".into()));
        let root: Value =
            serde_yaml::from_str("provider:\n  region: ap-south-1\nx: ${aws:region}\n").unwrap();
        let env = |_: &str| None;
        let mut r = Resolver::new(&root, &opts, &env);
        assert_eq!(
            r.value(lookup(&root, "x").unwrap(), 0).unwrap(),
            Value::String("eu-west-1".into())
        );
        let plain = Options::default();
        let mut r = Resolver::new(&root, &plain, &env);
        assert_eq!(
            r.value(lookup(&root, "x").unwrap(), 0).unwrap(),
            Value::String("ap-south-1".into())
        );
    }

    #[test]
    fn cycles_are_errors() {
        let root: Value = serde_yaml::from_str("a: ${self:b}\nb: ${self:a}\n").unwrap();
        let opts = Options::default();
        let env = |_: &str| None;
        let mut r = Resolver::new(&root, &opts, &env);
        assert!(matches!(
            r.value(lookup(&root, "a").unwrap(), 0),
            Err(VarError::Cycle(_))
        ));
    }

    fn resolve_err(yaml: &str, opts: &Options, env: &dyn Fn(&str) -> Option<String>) -> VarError {
        let root: Value = serde_yaml::from_str(yaml).unwrap();
        let mut r = Resolver::new(&root, opts, env);
        r.stage().and_then(|_| r.value(&root, 0)).unwrap_err()
    }

    /// `l1` holds ten copies of `l0`, `l2` ten of `l1`, …
    fn fan_out(levels: usize) -> String {
        let mut y = String::from("custom:\n  l0: xxxxxxxxxxxxxxxx\n");
        for i in 1..=levels {
            let item = format!("\"${{self:custom.l{}}}\"", i - 1);
            y.push_str(&format!("  l{i}: [{}]\n", vec![item; 10].join(", ")));
        }
        y
    }

    #[test]
    fn a_fan_out_resolves_while_small_and_stops_with_the_key_when_large() {
        let (v, _) = resolve(&fan_out(3), Options::default(), "custom.l3");
        let l2 = v.as_sequence().unwrap();
        assert_eq!(l2.len(), 10);
        assert_eq!(l2[9][9][9], Value::String("xxxxxxxxxxxxxxxx".into()));
        let env = |_: &str| None;
        let err = resolve_err(&fan_out(9), &Options::default(), &env);
        let VarError::TooLarge(key) = &err else {
            panic!("{err:?}")
        };
        assert!(key.starts_with("self:custom.l"), "{key}");
        assert!(err.hint().contains(key.as_str()));
    }

    #[test]
    fn string_doubling_stops_at_the_cap() {
        let mut y = String::from("custom:\n  v0: ab\n");
        for i in 1..=28 {
            y.push_str(&format!(
                "  v{i}: ${{self:custom.v{0}}}${{self:custom.v{0}}}\n",
                i - 1
            ));
        }
        let env = |_: &str| None;
        let started = std::time::Instant::now();
        let err = resolve_err(&y, &Options::default(), &env);
        assert!(matches!(err, VarError::TooLarge(ref k) if k.starts_with("self:custom.v")));
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        // Below the cap the value is right.
        let (v, _) = resolve(&y, Options::default(), "custom.v3");
        assert_eq!(v, Value::String("ab".repeat(8)));
    }

    #[test]
    fn an_environment_variable_that_names_itself_is_an_error() {
        let env = |k: &str| (k == "X").then(|| "${env:X}".to_string());
        let err = resolve_err("custom:\n  a: ${env:X}\n", &Options::default(), &env);
        assert_eq!(err, VarError::Outside("env:X".into()));
        assert!(err.to_string().contains("environment variable X"));
        assert!(err.hint().contains("environment variable X"));
        // Through another variable too.
        let env = |k: &str| (k == "X").then(|| "pre-${self:custom.a}".to_string());
        let err = resolve_err("custom:\n  a: ${env:X}\n", &Options::default(), &env);
        assert_eq!(err, VarError::Outside("env:X".into()));
    }

    #[test]
    fn variables_in_an_environment_variable_are_resolved_once() {
        let root: Value = serde_yaml::from_str("service: svc\nx: a-${env:X}-b\n").unwrap();
        let env = |k: &str| (k == "X").then(|| "${self:service}".to_string());
        let opts = Options::default();
        let mut r = Resolver::new(&root, &opts, &env);
        let v = r.value(lookup(&root, "x").unwrap(), 0).unwrap();
        assert_eq!(v, Value::String("a-svc-b".into()));
    }

    #[test]
    fn a_stage_option_that_names_itself_is_an_error() {
        let env = |_: &str| None;
        let opts = Options {
            stage: Some("${sls:stage}".into()),
            region: None,
        };
        let err = resolve_err("service: p-${sls:stage}\n", &opts, &env);
        assert_eq!(err, VarError::Outside("opt:stage".into()));
        assert!(err.to_string().contains("--stage"));
        let opts = Options {
            stage: None,
            region: Some("${aws:region}".into()),
        };
        let err = resolve_err("x: ${opt:region}\n", &opts, &env);
        assert_eq!(err, VarError::Outside("opt:region".into()));
    }

    #[test]
    fn unresolved_text_inside_a_copied_value_is_listed_once_and_kept() {
        let (v, unresolved) = resolve(
            "custom:\n  b: ${ssm:/q}\n  a: x-${self:custom.b}-y\n",
            Options::default(),
            "custom.a",
        );
        assert_eq!(v, Value::String("x-${ssm:/q}-y".into()));
        assert_eq!(unresolved, ["${ssm:/q}"]);
    }
}
