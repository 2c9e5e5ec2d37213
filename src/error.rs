//! One error type for the whole program, and the exit codes it maps to.
//!
//! Every error carries what went wrong and, where we know it, what to do next. `main` prints
//! the message and the hint on stderr and exits 2; findings (budgets exceeded, messages left
//! behind) are not errors and exit 1 through [`Exit::Findings`].

use std::fmt;
use std::path::PathBuf;

pub use crate::aws::error::{AwsError, AwsErrorKind};

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
            Error::Io { .. } => None,
        }
    }

    /// The text `main` prints: the problem, then the fix on its own line.
    pub fn report(&self) -> Report<'_> {
        Report(self)
    }
}

/// Display adapter for the final error message.
pub struct Report<'a>(&'a Error);

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.0)?;
        if let Some(hint) = self.0.hint() {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}
