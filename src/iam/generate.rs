//! `gearctl iam generate`: for each function, extract the SDK calls its handler can reach,
//! turn them into grants, add what serverless.yml implies, and build one policy. Offline:
//! no AWS call, no credentials.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

use super::calls::{Extraction, Finding};
use super::policy::{self, Grant, Policy};
use super::resolve::{Place, Resolver};
use super::{config, grants};
use crate::error::{Error, Result};
use crate::service::{self, Function, Service};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub dir: PathBuf,
    pub stage: Option<String>,
    pub region: Option<String>,
    pub account: Option<String>,
    /// Function keys or deployed names; empty for all.
    pub functions: Vec<String>,
}

/// A wildcard the policy had to use, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Wildcard {
    pub action: String,
    pub resource: String,
    pub reason: String,
    pub origin: String,
}

/// One function's result.
#[derive(Debug, Clone, Serialize)]
pub struct FunctionPolicy {
    /// The key under `functions:`.
    pub key: String,
    /// The deployed name.
    pub name: String,
    pub runtime: Option<String>,
    pub handler: Option<String>,
    pub policy: Policy,
    /// Every action, with the lines of code or serverless.yml keys that need it.
    pub explain: BTreeMap<String, Vec<String>>,
    pub wildcards: Vec<Wildcard>,
    /// Calls that could not be pinned down (dynamic service names, getattr, unknown
    /// operations).
    pub unresolved: Vec<Finding>,
    /// Files that could not be read or parsed, a missing handler.
    pub errors: Vec<Finding>,
    pub files: Vec<PathBuf>,
    /// The grants the policy was built from, with their origins (for `iam check`, which
    /// tells what the Framework adds from what the code needs).
    #[serde(skip)]
    pub grants: Vec<Grant>,
}

/// The JSON document of `iam generate`: `{"service", "stage", "region", "account",
/// "policies": {"<function name>": {Version, Statement}}, "functions": [{key, name,
/// runtime, handler, policy, explain: {action: [origin]}, wildcards: [{action, resource,
/// reason, origin}], unresolved: [{file, line, message}], errors: [...], files}],
/// "lines", "elapsed_ms", "unresolved_variables"}`.
#[derive(Debug, Clone, Serialize)]
pub struct GenerateReport {
    pub service: String,
    pub stage: String,
    pub region: String,
    pub account: String,
    pub policies: BTreeMap<String, Policy>,
    pub functions: Vec<FunctionPolicy>,
    /// Lines of handler code analysed.
    pub lines: usize,
    pub elapsed_ms: u64,
    /// serverless.yml variables that need a source read only at deploy time.
    pub unresolved_variables: Vec<String>,
}

pub fn generate(opts: &Options) -> Result<GenerateReport> {
    let started = Instant::now();
    let svc = service::load(
        &opts.dir,
        &service::Options {
            stage: opts.stage.clone(),
            region: opts.region.clone(),
        },
    )?;
    let place = Place::new(opts.region.as_deref(), opts.account.as_deref());
    let chosen: Vec<&Function> = svc
        .functions
        .iter()
        .filter(|f| {
            opts.functions.is_empty() || opts.functions.iter().any(|n| *n == f.key || *n == f.name)
        })
        .collect();
    if let Some(missing) = opts
        .functions
        .iter()
        .find(|n| !svc.functions.iter().any(|f| f.key == **n || f.name == **n))
    {
        return Err(Error::usage(
            format!(
                "{missing} is not a function of {} at stage {}",
                svc.name, svc.stage
            ),
            Some(format!(
                "its functions are {}; pass --stage if it is deployed under another stage",
                svc.functions
                    .iter()
                    .map(|f| format!("{} ({})", f.key, f.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ));
    }
    // Functions are independent: analyse them on every core, in order of the list. Each
    // worker keeps one Node extractor, which parses a shared module once for all the
    // functions that worker analyses.
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(chosen.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<(FunctionPolicy, usize)>> = vec![None; chosen.len()];
    let done: Vec<Vec<(usize, (FunctionPolicy, usize))>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut node = super::node::Extractor::new();
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        let Some(f) = chosen.get(i) else { break };
                        out.push((i, one(&svc, f, &place, &mut node)));
                    }
                    out
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    for (i, r) in done.into_iter().flatten() {
        results[i] = Some(r);
    }
    let mut functions = Vec::new();
    let mut lines = 0;
    for (i, r) in results.into_iter().enumerate() {
        let (result, n) = r.ok_or_else(|| Error::Invalid {
            what: format!("function {}", chosen[i].key),
            detail: "its analysis stopped with an internal error".into(),
            hint: None,
        })?;
        lines += n;
        functions.push(result);
    }
    Ok(GenerateReport {
        service: svc.name.clone(),
        stage: svc.stage.clone(),
        region: place.region.clone(),
        account: place.account.clone(),
        policies: functions
            .iter()
            .map(|f| (f.name.clone(), f.policy.clone()))
            .collect(),
        functions,
        lines,
        elapsed_ms: started.elapsed().as_millis() as u64,
        unresolved_variables: svc.unresolved.clone(),
    })
}

fn one(
    svc: &Service,
    f: &Function,
    place: &Place,
    node: &mut super::node::Extractor,
) -> (FunctionPolicy, usize) {
    let r = Resolver {
        svc,
        function: f,
        place,
    };
    let runtime = svc.runtime_for(Some(&f.key));
    let extraction = extract(svc, f, runtime.as_deref(), node);
    let mut unresolved = extraction.unresolved.clone();
    let mut all: Vec<Grant> = config::grants(&r);
    for call in &extraction.calls {
        all.extend(grants::for_call(call, &r, &mut unresolved));
    }
    config::narrow_by_hand_written(&mut all, &r);
    // A variable left unresolved (in a function name, a log group, a constant in the code)
    // is a wildcard, never raw `${…}` text that an output format would evaluate.
    for g in &mut all {
        if let Some((resource, found)) = super::resolve::wildcard_unresolved(&g.resource) {
            g.resource = resource;
            g.wildcard
                .get_or_insert_with(|| format!("{} cannot be resolved offline", found.join(", ")));
        }
    }
    let mut explain: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut wildcards = BTreeSet::new();
    for g in &all {
        explain
            .entry(g.action.clone())
            .or_default()
            .insert(g.origin.to_string());
        if let Some(reason) = &g.wildcard {
            wildcards.insert(Wildcard {
                action: g.action.clone(),
                resource: g.resource.clone(),
                reason: reason.clone(),
                origin: g.origin.to_string(),
            });
        }
    }
    unresolved.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let result = FunctionPolicy {
        key: f.key.clone(),
        name: f.name.clone(),
        runtime,
        handler: f.handler.clone(),
        policy: policy::build(&all),
        explain: explain
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().collect()))
            .collect(),
        wildcards: wildcards.into_iter().collect(),
        unresolved,
        errors: extraction.errors,
        files: extraction.files,
        grants: all,
    };
    (result, extraction.lines)
}

/// Run the extractor for the function's runtime, from where the handler's code really
/// starts: a serverless-wsgi handler starts at the WSGI app that `custom.wsgi.app` names.
fn extract(
    svc: &Service,
    f: &Function,
    runtime: Option<&str>,
    node: &mut super::node::Extractor,
) -> Extraction {
    let dir = &svc.dir;
    let serverless_yml = PathBuf::from("serverless.yml");
    let Some(handler) = f.handler.as_deref() else {
        return only_error(
            serverless_yml,
            format!("functions.{} has no handler", f.key),
        );
    };
    match runtime {
        Some(r) if r.starts_with("python") => match wsgi_app(svc, handler) {
            Some(Ok(app)) => super::python::extract_app(dir, app),
            Some(Err(())) => only_error(
                serverless_yml,
                format!(
                    "functions.{}: handler `{handler}` is serverless-wsgi's, but custom.wsgi.app is not set; set it to your WSGI app as `module.app` (e.g. `app.app` for the `app` object of app.py) so its routes can be analysed",
                    f.key
                ),
            ),
            None => super::python::extract(dir, handler),
        },
        Some(r) if r.starts_with("nodejs") => node.extract(dir, handler),
        Some(r) => only_error(
            serverless_yml,
            format!(
                "functions.{}: the {r} runtime's code is not analysed (Python and Node are); only the grants serverless.yml implies are included",
                f.key
            ),
        ),
        None => only_error(
            serverless_yml,
            format!(
                "functions.{} has no runtime, and neither has the provider",
                f.key
            ),
        ),
    }
}

/// serverless-wsgi: the handler is the plugin's `wsgi_handler.handler` (`wsgi.handler` in
/// its older releases), which serves the app `custom.wsgi.app` names. `None` when the
/// service does not use the plugin or the handler is its own code; `Err` when the plugin's
/// handler is used without an app.
fn wsgi_app<'s>(svc: &'s Service, handler: &str) -> Option<Result<&'s str, ()>> {
    let handler = handler.trim().trim_start_matches("./");
    if !matches!(handler, "wsgi_handler.handler" | "wsgi.handler") {
        return None;
    }
    let custom = svc.doc.get("custom").and_then(|c| c.get("wsgi"));
    let plugins = svc.doc.get("plugins");
    let listed = plugins
        .and_then(|p| p.get("modules"))
        .or(plugins)
        .and_then(serde_yaml::Value::as_sequence)
        .is_some_and(|s| s.iter().any(|p| p.as_str() == Some("serverless-wsgi")));
    if custom.is_none() && !listed {
        return None;
    }
    match custom
        .and_then(|c| c.get("app"))
        .and_then(serde_yaml::Value::as_str)
    {
        Some(app) => Some(Ok(app)),
        None => Some(Err(())),
    }
}

fn only_error(file: PathBuf, message: String) -> Extraction {
    Extraction {
        errors: vec![Finding {
            file,
            line: 0,
            message,
        }],
        ..Extraction::default()
    }
}
