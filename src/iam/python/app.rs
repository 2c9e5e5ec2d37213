//! A WSGI application as the entry point (serverless-wsgi): the deployed handler is the
//! plugin's own `wsgi_handler.handler`, which imports the app named by `custom.wsgi.app`
//! and dispatches each request to one of its routes. So the code to analyse is that app's
//! module: running it registers every route (`@app.route`, `@app.get`…, `add_url_rule`,
//! blueprints it imports), and each registered view counts as called.

use std::path::{Path, PathBuf};

use super::interp::Interp;
use crate::iam::calls::{Extraction, Finding};

/// The SDK calls reachable from the WSGI app `app`, written as serverless-wsgi takes it:
/// `module.object`, where the module is a dotted or slashed path relative to `service_dir`
/// (`app.app`, `api.app.app` and `api/app.app` name the object `app` of `app.py` or
/// `api/app.py`).
pub fn extract_app(service_dir: &Path, app: &str) -> Extraction {
    crate::iam::stack::run(app, |_| {
        let spec = app.trim().trim_start_matches("./");
        let Some((module, object)) = spec
            .rsplit_once('.')
            .filter(|(m, o)| !m.is_empty() && !o.is_empty())
        else {
            return Extraction {
                errors: vec![Finding {
                    file: PathBuf::from("serverless.yml"),
                    line: 0,
                    message: format!(
                        "custom.wsgi.app `{spec}` does not name an app (expected `module.app`, e.g. `api.app` for the `app` object of api.py)"
                    ),
                }],
                ..Extraction::default()
            };
        };
        let rel = PathBuf::from(format!("{}.py", module.replace('.', "/")));
        let what = format!("custom.wsgi.app `{spec}`");
        super::analyse(service_dir, rel, &what, |interp, entry| {
            interp.run_app(entry, object)
        })
    })
}

impl Interp<'_> {
    /// Run the app's module (its route registrations call the views); `Err` when the module
    /// defines no such object.
    fn run_app(&mut self, m: usize, name: &str) -> Result<(), String> {
        self.run_module(m);
        if self.globals[m].contains_key(name) {
            Ok(())
        } else {
            Err(format!(
                "WSGI app `{name}` is not defined in {} (from custom.wsgi.app)",
                self.rel(m).display()
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iam/wsgi")
    }

    fn calls(x: &Extraction) -> Vec<String> {
        let mut v: Vec<String> = x
            .calls
            .iter()
            .map(|c| format!("{} {} {}", c.service, c.operation, c.file.display()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn every_route_of_the_app_is_analysed() {
        for spec in ["api/app.app", "api.app.app", "./api/app.app"] {
            let x = extract_app(&service(), spec);
            assert_eq!(
                calls(&x),
                [
                    "dynamodb GetItem api/app.py",
                    "dynamodb PutItem api/app.py",
                    "s3 PutObject api/reports.py",
                    "sqs SendMessage api/app.py",
                ],
                "{spec}: {x:?}"
            );
            assert!(x.errors.is_empty() && x.unresolved.is_empty(), "{x:?}");
        }
    }

    #[test]
    fn a_missing_app_object_or_module_is_an_error() {
        let x = extract_app(&service(), "api/app.application");
        assert!(x.calls.len() == 4, "the module still ran: {x:?}");
        assert_eq!(
            x.errors[0].message,
            "WSGI app `application` is not defined in api/app.py (from custom.wsgi.app)"
        );
        let x = extract_app(&service(), "nope.app");
        assert!(
            x.errors[0].message.contains("custom.wsgi.app `nope.app`"),
            "{x:?}"
        );
        let x = extract_app(&service(), "app");
        assert!(
            x.errors[0].message.contains("does not name an app"),
            "{x:?}"
        );
    }
}
