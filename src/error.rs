//! One error type for the whole program, and the exit codes it maps to.
//!
//! Every error carries what went wrong and, where we know it, what to do next. `main` prints
//! the message and the hint on stderr and exits 2; findings (budgets exceeded, messages left
//! behind) are not errors and exit 1 through [`Exit::Findings`].

use std::fmt;
use std::path::PathBuf;

pub use crate::aws::error::{AwsError, AwsErrorKind};
use crate::visible::visible;

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
