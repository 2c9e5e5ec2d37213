//! The yardstick for `iam generate` on real-world idioms: runs it on every service under
//! tests/corpus/ (ORMs, Powertools, Lift, serverless-wsgi/-http, decorators, middy, Step
//! Functions …) and compares each function's policy with the hand-checked expectation in
//! that service's expected.json. It prints recall, precision, tightness, functions exactly
//! right and wildcard actions, per service and in total, with one line per difference, and
//! fails when a total falls below its floor. `bash scripts/score-iam` runs it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use gearctl::iam::generate::{Options, generate};

/// Floors: the totals measured on main (a ratchet). When the corpus was written: recall
/// 290/358, precision 290/290, tightness 255/290, 19 of 65 functions exactly right. With
/// library models, Framework conventions and implied grants: 342/358, 342/342, 331/342,
/// 42 of 65. With ElectroDB, DynamoDB Toolbox, Powertools TS idempotency, middy fetches,
/// event rules and key suffixes, on 25 services (7 written afterwards, held out from the
/// tuning): recall 468/468, precision 468/468, tightness 0.998, 85 of 86 exactly right, no
/// wildcard action. Whoever improves the extractors raises them to the new figures in the
/// same commit; never lower them to make a change pass.
const MIN_RECALL: f64 = 1.0;
const MIN_PRECISION: f64 = 1.0;
const MIN_TIGHTNESS: f64 = 1.0;
const MIN_EXACT_FUNCTIONS: usize = 86;
const MAX_WILDCARD_ACTIONS: usize = 0;

/// Where every corpus service is generated for (tests/corpus/README.md): stage from each
/// serverless.yml (the Framework's `dev` when it names none).
const REGION: &str = "us-east-1";
const ACCOUNT: &str = "123456789012";

/// action → resource ARNs, for one function.
type Actions = BTreeMap<String, BTreeSet<String>>;
/// function key → its actions.
type Functions = BTreeMap<String, Actions>;

/// Counts over (function, action) pairs, micro-averaged.
#[derive(Debug, Default, Clone, PartialEq)]
struct Score {
    /// Needed pairs (in the expectation).
    needed: usize,
    /// Granted pairs (in the generated policy).
    granted: usize,
    /// Pairs both needed and granted.
    hits: usize,
    /// Hits whose granted resources are exactly the expected ones.
    tight: usize,
    functions: usize,
    exact_functions: usize,
    /// Granted actions with a `*` in the action name.
    wildcard_actions: usize,
    /// One line per difference: `service/function: missing …`.
    differences: Vec<String>,
}

impl Score {
    fn recall(&self) -> f64 {
        ratio(self.hits, self.needed)
    }
    fn precision(&self) -> f64 {
        ratio(self.hits, self.granted)
    }
    fn tightness(&self) -> f64 {
        ratio(self.tight, self.hits)
    }
    fn add(&mut self, o: &Score) {
        self.needed += o.needed;
        self.granted += o.granted;
        self.hits += o.hits;
        self.tight += o.tight;
        self.functions += o.functions;
        self.exact_functions += o.exact_functions;
        self.wildcard_actions += o.wildcard_actions;
        self.differences.extend(o.differences.iter().cloned());
    }
}

/// 1.0 when there is nothing to count: an empty side cannot be wrong.
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn list(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// Compare what was granted with what is needed, function by function. A function the
/// generator did not report grants nothing; one it reported that the expectation does not
/// name needs nothing.
fn score(service: &str, expected: &Functions, granted: &Functions) -> Score {
    let mut s = Score::default();
    let empty = Actions::new();
    let keys: BTreeSet<&String> = expected.keys().chain(granted.keys()).collect();
    for key in keys {
        let want = expected.get(key).unwrap_or(&empty);
        let got = granted.get(key).unwrap_or(&empty);
        let at = format!("{service}/{key}");
        s.functions += 1;
        if !granted.contains_key(key) {
            s.differences
                .push(format!("{at}: no policy generated for this function"));
        }
        let mut exact = true;
        for (action, resources) in want {
            s.needed += 1;
            match got.get(action) {
                None => {
                    exact = false;
                    s.differences
                        .push(format!("{at}: missing {action} on {}", list(resources)));
                }
                Some(have) => {
                    s.hits += 1;
                    if have == resources {
                        s.tight += 1;
                    } else {
                        exact = false;
                        s.differences.push(format!(
                            "{at}: loose {action} on {} (expected {})",
                            list(have),
                            list(resources)
                        ));
                    }
                }
            }
        }
        for (action, resources) in got {
            s.granted += 1;
            if action.contains('*') {
                s.wildcard_actions += 1;
            }
            if !want.contains_key(action) {
                exact = false;
                s.differences
                    .push(format!("{at}: extra {action} on {}", list(resources)));
            }
        }
        if exact {
            s.exact_functions += 1;
        }
    }
    s
}

fn corpus_dir() -> PathBuf {
    crate::common::repo_path("tests/corpus")
}

/// The services: every directory under tests/corpus with a serverless.yml.
fn services() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("read tests/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("serverless.yml").is_file())
        .collect();
    out.sort();
    out
}

fn expected(dir: &Path) -> Functions {
    let path = dir.join("expected.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; every corpus service needs one", path.display()));
    let parsed: Functions = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{} is not {{function: {{action: [arn]}}}}: {e}",
            path.display()
        )
    });
    for (key, actions) in &parsed {
        assert!(
            !actions.is_empty(),
            "{}: {key} needs nothing?",
            path.display()
        );
        for (action, resources) in actions {
            assert!(
                action
                    .split_once(':')
                    .is_some_and(|(p, a)| !p.is_empty() && !a.is_empty()),
                "{}: {key}: {action} is not service:Action",
                path.display()
            );
            assert!(
                !resources.is_empty(),
                "{}: {key}: {action} has no resource",
                path.display()
            );
        }
    }
    parsed
}

/// What `iam generate` grants each function of the service, by function key; an error
/// (the whole service failed) is returned as text and scores as nothing granted.
fn granted(dir: &Path) -> Result<Functions, String> {
    let report = generate(&Options {
        dir: dir.to_path_buf(),
        stage: None,
        region: Some(REGION.into()),
        account: Some(ACCOUNT.into()),
        functions: vec![],
    })
    .map_err(|e| e.to_string())?;
    let mut out = Functions::new();
    for f in &report.functions {
        let actions = out.entry(f.key.clone()).or_default();
        for st in &f.policy.statement {
            for a in &st.action {
                actions
                    .entry(a.clone())
                    .or_default()
                    .extend(st.resource.iter().cloned());
            }
        }
    }
    Ok(out)
}

fn row(name: &str, s: &Score) -> String {
    format!(
        "{name:<22} {:>3} {:>5} {:>6} {:>7} {:>6.3} {:>9.3} {:>9.3} {:>4}",
        s.functions,
        s.exact_functions,
        s.needed,
        s.granted,
        s.recall(),
        s.precision(),
        s.tightness(),
        s.wildcard_actions
    )
}

#[test]
fn the_corpus_scores_at_least_the_floors() {
    let dirs = services();
    assert!(dirs.len() >= 18, "tests/corpus has {} services", dirs.len());
    let mut total = Score::default();
    let mut table = format!(
        "{:<22} {:>3} {:>5} {:>6} {:>7} {:>6} {:>9} {:>9} {:>4}\n",
        "service", "fns", "exact", "needed", "granted", "recall", "precision", "tightness", "wild"
    );
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let want = expected(dir);
        let got = granted(dir).unwrap_or_else(|e| {
            total
                .differences
                .push(format!("{name}: iam generate failed: {e}"));
            Functions::new()
        });
        let s = score(&name, &want, &got);
        writeln!(table, "{}", row(&name, &s)).unwrap();
        total.add(&s);
    }
    writeln!(table, "{}", row("TOTAL", &total)).unwrap();
    println!("{table}");
    for d in &total.differences {
        println!("{d}");
    }
    println!(
        "\nrecall {:.3}  precision {:.3}  tightness {:.3}  functions exactly right {}/{}  wildcard actions {}",
        total.recall(),
        total.precision(),
        total.tightness(),
        total.exact_functions,
        total.functions,
        total.wildcard_actions
    );
    let floor = |what: &str, got: f64, min: f64| {
        assert!(
            got + 1e-9 >= min,
            "{what} fell to {got:.3}, below its floor {min:.3}: see the differences above"
        );
    };
    floor("recall", total.recall(), MIN_RECALL);
    floor("precision", total.precision(), MIN_PRECISION);
    floor("tightness", total.tightness(), MIN_TIGHTNESS);
    assert!(
        total.exact_functions >= MIN_EXACT_FUNCTIONS,
        "functions exactly right fell to {}, below its floor {MIN_EXACT_FUNCTIONS}",
        total.exact_functions
    );
    let over = total.wildcard_actions.saturating_sub(MAX_WILDCARD_ACTIONS);
    assert_eq!(
        over, 0,
        "{} wildcard actions, above the ceiling {MAX_WILDCARD_ACTIONS}",
        total.wildcard_actions
    );
}

fn actions(pairs: &[(&str, &[&str])]) -> Actions {
    pairs
        .iter()
        .map(|(a, rs)| (a.to_string(), rs.iter().map(|r| r.to_string()).collect()))
        .collect()
}

#[test]
fn the_scorer_counts_misses_extras_loose_resources_and_wildcards() {
    let t = "arn:aws:dynamodb:us-east-1:1:table/t";
    let expected: Functions = [
        (
            "api".to_string(),
            actions(&[
                ("dynamodb:GetItem", &[t]),
                ("dynamodb:PutItem", &[t]),
                ("s3:GetObject", &["arn:aws:s3:::b/k/*"]),
            ]),
        ),
        ("cron".to_string(), actions(&[("sqs:SendMessage", &["q"])])),
        (
            "worker".to_string(),
            actions(&[("sns:Publish", &["topic"])]),
        ),
    ]
    .into();
    let granted: Functions = [
        (
            "api".to_string(),
            actions(&[
                ("dynamodb:GetItem", &[t]),
                // loose: a wildcard where the table was expected
                (
                    "dynamodb:PutItem",
                    &["arn:aws:dynamodb:us-east-1:1:table/*"],
                ),
                // extra, and a wildcard action
                ("s3:*", &["*"]),
            ]),
        ),
        ("cron".to_string(), actions(&[("sqs:SendMessage", &["q"])])),
        // "worker" has no policy at all
    ]
    .into();
    let s = score("svc", &expected, &granted);
    assert_eq!((s.needed, s.granted, s.hits, s.tight), (5, 4, 3, 2));
    assert_eq!((s.functions, s.exact_functions), (3, 1));
    assert_eq!(s.wildcard_actions, 1);
    assert!((s.recall() - 0.6).abs() < 1e-9);
    assert!((s.precision() - 0.75).abs() < 1e-9);
    assert!((s.tightness() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(
        s.differences,
        vec![
            "svc/api: loose dynamodb:PutItem on arn:aws:dynamodb:us-east-1:1:table/* (expected arn:aws:dynamodb:us-east-1:1:table/t)",
            "svc/api: missing s3:GetObject on arn:aws:s3:::b/k/*",
            "svc/api: extra s3:* on *",
            "svc/worker: no policy generated for this function",
            "svc/worker: missing sns:Publish on topic",
        ]
    );
    // An extra resource next to the expected one is loose too.
    let wider: Functions = [(
        "cron".to_string(),
        actions(&[("sqs:SendMessage", &["q", "q2"])]),
    )]
    .into();
    let only_cron: Functions =
        [("cron".to_string(), actions(&[("sqs:SendMessage", &["q"])]))].into();
    let s = score("svc", &only_cron, &wider);
    assert_eq!((s.hits, s.tight, s.exact_functions), (1, 0, 0));
}
