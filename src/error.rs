//! One error type for the whole program, and the exit codes it maps to.
//!
//! Every error carries what went wrong and, where we know it, what to do next. `main` prints
//! the message and the hint on stderr and exits 2; findings (budgets exceeded, messages left
//! behind) are not errors and exit 1 through [`Exit::Findings`].

use std::fmt;
use std::path::PathBuf;

use crate::visible::visible;

/// What kind of failure it was; decides the hint and lets callers react (e.g. skip a
/// missing log group, fall back when an operation is unsupported).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AwsErrorKind {
    NoRegion,
    /// The region is not the name of one (`--region not-a-region`).
    BadRegion,
    NoCredentials,
    /// A credential provider failed: an expired SSO session, a missing or broken profile,
    /// a role that cannot be assumed.
    CredentialsFailed,
    CredentialsExpired,
    InvalidCredentials,
    AccessDenied,
    Throttled,
    NotFound,
    Unreachable,
    /// The endpoint took the request and did not answer within the call's budget.
    NoAnswer,
    /// The answer was larger than gearctl reads (`aws::MAX_ANSWER_BYTES`).
    AnswerTooLarge,
    /// The endpoint answered with something that is not this AWS API (an emulator that does
    /// not implement the operation answers with an HTML page).
    Unsupported,
    /// The resource is in a state that forbids the call (e.g. a version an alias points to).
    Conflict,
    /// gearctl itself refused a call that would do harm.
    Refused,
    /// Any other error the service returned, with its code.
    Service,
}

/// An AWS call that failed, classified.
#[derive(Debug, Clone)]
pub struct AwsError {
    pub kind: AwsErrorKind,
    /// The IAM action of the call, e.g. `sqs:ReceiveMessage`.
    pub action: &'static str,
    /// The resource the call was about, when there is one.
    pub resource: Option<String>,
    /// The service error code, when the service sent one.
    pub code: Option<String>,
    /// The full message: what failed and why.
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AwsError {}

/// The result type used across gearctl.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How a command that ran to completion ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Nothing to report.
    Ok,
    /// A check found something: a budget exceeded, a stale policy, messages left behind.
    Findings,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Findings => 1,
        }
    }
}

/// The exit code for any error.
pub const ERROR_EXIT: u8 = 2;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A call to AWS failed; the AWS layer already classified it.
    #[error(transparent)]
    Aws(#[from] AwsError),

    /// The user asked for something that cannot work as given.
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },

    /// A file could not be read or written.
    #[error("{action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Input that we read but could not understand (a zip, a YAML file, a log line…).
    #[error("{what}: {detail}")]
    Invalid {
        what: String,
        detail: String,
        hint: Option<String>,
    },
}

impl Error {
    pub fn usage(message: impl Into<String>, hint: impl Into<Option<String>>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// What the user can do about it, if we know.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Aws(e) => e.hint.as_deref(),
            Error::Usage { hint, .. } | Error::Invalid { hint, .. } => hint.as_deref(),
            Error::Io {
                action,
                path,
                source,
            } => Some(io_hint(action, path, source.kind())),
        }
    }

    /// The text `main` prints: the problem, then the fix on its own line.
    pub fn report(&self) -> Report<'_> {
        Report(self)
    }
}

/// What to do about a file that could not be read or written, by the kind of failure.
fn io_hint(action: &str, path: &std::path::Path, kind: std::io::ErrorKind) -> &'static str {
    use std::io::ErrorKind as K;
    let writing = matches!(action, "writing" | "creating");
    if path == std::path::Path::new("stdout") {
        return match kind {
            K::StorageFull => {
                "the output is full (a full disk, or /dev/full): free some space or send the output elsewhere"
            }
            _ => {
                "check where the output goes (a file on a full or read-only disk?), or send it elsewhere"
            }
        };
    }
    match kind {
        K::PermissionDenied if writing => {
            "gearctl may not write there: check the permissions of the file and its directory, or write elsewhere"
        }
        K::PermissionDenied => {
            "gearctl may not read it: check the permissions of the file and its directories (ls -l), or run as a user who can read it"
        }
        K::NotFound => "check the path: nothing exists there (a typo, or a broken symlink?)",
        K::IsADirectory => "give the path of a file, not of a directory",
        K::NotADirectory => "check the path: a part of it is a file, not a directory",
        K::StorageFull => "the disk is full: free some space, or write elsewhere",
        K::ReadOnlyFilesystem => "the file system is read-only: write elsewhere",
        K::InvalidData => "the file is not valid UTF-8 text: convert it (e.g. with iconv -t UTF-8)",
        _ => "check the path and that this user can reach it, then run it again",
    }
}

/// Display adapter for the final error message.
pub struct Report<'a>(&'a Error);

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Messages quote paths, queue names and AWS error text: show their control
        // characters instead of sending them to the terminal.
        write!(f, "error: {}", visible(&self.0.to_string()))?;
        if let Some(hint) = self.0.hint() {
            write!(f, "\n  hint: {}", visible(hint))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    fn io_err(action: &'static str, path: &str, kind: io::ErrorKind) -> Error {
        Error::io(action, path, io::Error::from(kind))
    }

    #[test]
    fn every_io_error_has_a_fitting_hint() {
        let e = io_err("reading", "serverless.yml", io::ErrorKind::PermissionDenied);
        assert!(
            e.hint().unwrap().contains("may not read it"),
            "{:?}",
            e.hint()
        );
        let e = io_err(
            "writing",
            "policies/a.json",
            io::ErrorKind::PermissionDenied,
        );
        assert!(
            e.hint().unwrap().contains("may not write"),
            "{:?}",
            e.hint()
        );
        let e = io_err("writing", "stdout", io::ErrorKind::StorageFull);
        assert!(
            e.hint().unwrap().contains("output is full"),
            "{:?}",
            e.hint()
        );
        let e = io_err("reading", "x", io::ErrorKind::IsADirectory);
        assert!(e.hint().unwrap().contains("not of a directory"));
        let e = io_err("opening", "x", io::ErrorKind::Interrupted);
        assert!(e.hint().is_some());
        assert!(e.report().to_string().contains("\n  hint: "));
    }

    #[test]
    fn the_report_shows_control_characters_of_quoted_input() {
        let e = Error::usage(
            "no queue named `evil\x1b]0;pwned\x07\nerror: fake`",
            Some("check the name\x1b[2J".to_string()),
        );
        let shown = e.report().to_string();
        assert_eq!(
            shown,
            "error: no queue named `evil\\x1b]0;pwned\\x07\\nerror: fake`\n  hint: check the name\\x1b[2J"
        );
    }
}
