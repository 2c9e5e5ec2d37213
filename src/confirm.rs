//! The one place where destructive commands ask before they act. The question names the
//! account and where the credentials came from, so an operator with the wrong keys exported
//! sees it before anything moves.

use std::io::IsTerminal;

use crate::aws::Aws;
use crate::error::{Error, Result};
use crate::render;

/// Go ahead when `yes` was given; otherwise ask `question`, with the account appended, at a
/// terminal. Fails with `refusal` when stdin is not a terminal (asking is impossible) and
/// with `declined` when the answer is no.
pub async fn confirm(
    aws: &Aws,
    yes: bool,
    question: &str,
    refusal: &str,
    declined: &str,
) -> Result<()> {
    if yes {
        return Ok(());
    }
    // Only a terminal can answer; learn the account only when there is one to ask.
    let question = if std::io::stdin().is_terminal() {
        format!("{question}\n  in {}\n ", aws.acting_as().await)
    } else {
        question.to_string()
    };
    if render::confirm(&question, refusal)? {
        Ok(())
    } else {
        Err(Error::usage(declined, None))
    }
}
