//! Matching: the Framework's micromatch patterns translated to globset, and the
//! last-match-wins evaluation of a package's pattern list.

use std::collections::HashMap;

use globset::{Candidate, GlobBuilder, GlobSet, GlobSetBuilder};

use super::*;
use crate::error::{Error, Result};

/// Distinct pattern bodies, numbered as they are first seen, before compiling them all
/// into one [`Bank`].
#[derive(Default)]
pub(super) struct Interner {
    pub(super) ids: HashMap<String, usize>,
    /// (body, the pattern as written, for errors)
    pub(super) items: Vec<(String, String)>,
}

impl Interner {
    pub(super) fn intern(&mut self, body: &str, written: &str) -> Result<usize> {
        if let Some(&id) = self.ids.get(body) {
            return Ok(id);
        }
        compile(body).map_err(|d| pattern_error(written, d))?;
        let id = self.items.len();
        self.ids.insert(body.to_string(), id);
        self.items.push((body.to_string(), written.to_string()));
        Ok(id)
    }
}

/// Every distinct pattern of every package in one `GlobSet`, so each file is matched once
/// however many packages there are.
pub(super) struct Bank {
    pub(super) set: GlobSet,
    /// Glob index in `set` → pattern id.
    pub(super) owner: Vec<usize>,
    /// micromatch matches a path equal to the pattern whatever its syntax (not used for
    /// the listing, which tests regexes only).
    pub(super) literal: HashMap<String, usize>,
    /// Negated bodies (`!!p` in a list) match every path their globs do not.
    pub(super) negated: Vec<(usize, GlobSet)>,
}

impl Bank {
    pub(super) fn new(interner: &Interner, literal: bool) -> Result<Bank> {
        let mut builder = GlobSetBuilder::new();
        let mut owner = Vec::new();
        let mut literals = HashMap::new();
        let mut negated = Vec::new();
        for (id, (body, written)) in interner.items.iter().enumerate() {
            let compiled = compile(body).map_err(|d| pattern_error(written, d))?;
            if compiled.negated {
                let mut one = GlobSetBuilder::new();
                for g in compiled.globs {
                    one.add(g);
                }
                negated.push((id, one.build().map_err(|e| bad_glob(written, e))?));
                continue;
            }
            if literal {
                literals.insert(body.clone(), id);
            }
            for g in compiled.globs {
                builder.add(g);
                owner.push(id);
            }
        }
        let set = builder.build().map_err(|e| bad_glob("(pattern list)", e))?;
        Ok(Bank {
            set,
            owner,
            literal: literals,
            negated,
        })
    }

    /// The ids of the patterns matching `path` (prepared as `cand`), into `out`;
    /// `scratch` is reused space.
    pub(super) fn hits(
        &self,
        path: &str,
        cand: &Candidate,
        scratch: &mut Vec<usize>,
        out: &mut Vec<usize>,
    ) {
        self.set.matches_candidate_into(cand, scratch);
        out.clear();
        out.extend(scratch.iter().map(|&g| self.owner[g]));
        if let Some(&id) = self.literal.get(path) {
            out.push(id);
        }
        for (id, set) in &self.negated {
            if !set.is_match_candidate(cand) {
                out.push(*id);
            }
        }
    }
}

/// One package's pattern list, for "the last matching pattern wins".
pub(super) struct Matcher {
    /// Pattern id → (position of its last occurrence in the list, is an exclude).
    pub(super) rank: Vec<Option<(usize, bool)>>,
}

impl Matcher {
    pub(super) fn new(patterns: &[String], bank: &mut Interner) -> Result<Matcher> {
        let mut rank = Vec::new();
        for (pos, p) in patterns.iter().enumerate() {
            let (exclude, body) = match p.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, p.as_str()),
            };
            let id = bank.intern(body, p)?;
            if rank.len() <= id {
                rank.resize(id + 1, None);
            }
            rank[id] = Some((pos, exclude));
        }
        Ok(Matcher { rank })
    }

    /// Whether a file whose matching pattern ids are `hits` ends up in the package.
    pub(super) fn included(&self, hits: &[usize]) -> bool {
        hits.iter()
            .filter_map(|&h| self.rank.get(h).copied().flatten())
            .max()
            .is_none_or(|(_, exclude)| !exclude)
    }
}

pub(super) fn bad_glob(p: &str, e: globset::Error) -> Error {
    Error::Invalid {
        what: format!("package pattern `{p}`"),
        detail: e.to_string(),
        hint: None,
    }
}

/// A pattern (without the Framework's exclude `!`) compiled to `globset` globs that,
/// together, match what micromatch matches with `{ dot: true }`.
pub(super) struct Compiled {
    pub(super) globs: Vec<globset::Glob>,
    pub(super) negated: bool,
}

/// Translate and build one micromatch pattern. Where picomatch 2.3 and `globset` differ,
/// picomatch wins:
///
/// * a leading `./` is ignored; each further leading `!` (not `!(`) negates;
/// * `X/**` also matches `X` itself (unless `X` ends with `*`);
/// * the whole pattern `**.ext` (`**` then `.word` parts) matches at any depth; any other
///   `**` that is not a whole path segment is a plain `*`;
/// * `[!a]` is a class holding `!` and `a` (only `[^a]` negates);
/// * braces without a comma are literal (`{a}`), `{x..y}` is the class `[x-y]`;
/// * `(a|b)` and `@(a|b)` are alternations, `?(a|b)` an optional one; `*(…)`, `+(…)` and
///   `!(…)` have no `globset` form and are an error;
/// * unclosed `[`, `{` and `(` are literal;
/// * a pattern ending in `/` matches no file.
pub(super) fn compile(pattern: &str) -> std::result::Result<Compiled, String> {
    if pattern.is_empty() {
        return Err("an empty pattern is not allowed".into());
    }
    let mut body = pattern;
    let mut negated = false;
    while let Some(rest) = body.strip_prefix('!') {
        if rest.starts_with('(') {
            break;
        }
        negated = !negated;
        body = rest;
    }
    let body = body.strip_prefix("./").unwrap_or(body);

    let mut sources = Vec::new();
    if body.ends_with('/') && !body.ends_with("\\/") {
        // A trailing slash only matches folders, and the list holds files only.
    } else if let Some(suffix) = body.strip_prefix("**").filter(|s| is_dotted_words(s)) {
        sources.push(format!("**/*{suffix}"));
    } else {
        sources.push(translate(body)?);
        let mut base = body;
        while let Some(b) = base.strip_suffix("/**") {
            base = b;
        }
        if base.len() < body.len() && !base.is_empty() && !base.ends_with('*') {
            sources.push(translate(base)?);
        }
    }
    let globs = sources
        .iter()
        .map(|s| {
            GlobBuilder::new(s)
                .literal_separator(true)
                .backslash_escape(true)
                .empty_alternates(true)
                .build()
                .map_err(|e| e.to_string())
        })
        .collect::<std::result::Result<_, _>>()?;
    Ok(Compiled { globs, negated })
}

/// `.js`, `.min.js`: one or more `.` + word characters.
pub(super) fn is_dotted_words(s: &str) -> bool {
    s.strip_prefix('.').is_some_and(|rest| {
        rest.split('.')
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    })
}

pub(super) fn translate(p: &str) -> std::result::Result<String, String> {
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::new();
    translate_into(&chars, &mut out)?;
    Ok(out)
}

pub(super) fn push_literal(out: &mut String, c: char) {
    if "*?[]{}(),\\!^|".contains(c) {
        out.push('\\');
    }
    out.push(c);
}

pub(super) fn translate_into(c: &[char], out: &mut String) -> std::result::Result<(), String> {
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        let paren_next = c.get(i + 1) == Some(&'(') && group_end(c, i + 1).is_some();
        match ch {
            '\\' => {
                match c.get(i + 1) {
                    Some(&n) => push_literal(out, n),
                    None => push_literal(out, '\\'),
                }
                i += 2;
            }
            '[' => match class_end(c, i) {
                Some(end) => {
                    let content: String = c[i + 1..end].iter().collect();
                    match content.strip_prefix('!') {
                        Some("") => push_literal(out, '!'),
                        Some(rest) => {
                            out.push('[');
                            out.push_str(rest);
                            out.push_str("!]");
                        }
                        None => {
                            out.push('[');
                            out.push_str(&content);
                            out.push(']');
                        }
                    }
                    i = end + 1;
                }
                None => {
                    push_literal(out, '[');
                    i += 1;
                }
            },
            '{' => match group_end(c, i) {
                Some(end) => {
                    brace(&c[i + 1..end], out)?;
                    i = end + 1;
                }
                None => {
                    push_literal(out, '{');
                    i += 1;
                }
            },
            '(' => match group_end(c, i) {
                Some(end) => {
                    alternation(&c[i + 1..end], false, out)?;
                    i = end + 1;
                }
                None => {
                    push_literal(out, '(');
                    i += 1;
                }
            },
            '@' | '?' if paren_next => {
                let end = group_end(c, i + 1).unwrap_or(c.len());
                alternation(&c[i + 2..end], ch == '?', out)?;
                i = end + 1;
            }
            '*' | '+' | '!' if paren_next => {
                let ext: String = c[i..].iter().collect();
                return Err(format!(
                    "the extglob `{ext}` has no equivalent here (only (a|b), @(a|b) and ?(a|b) are supported)"
                ));
            }
            '}' | ')' | ',' | '|' | '!' | '^' => {
                push_literal(out, ch);
                i += 1;
            }
            _ => {
                out.push(ch);
                i += 1;
            }
        }
    }
    Ok(())
}

/// `{…}` content: alternation with a top-level comma, a range with `..`, else literal.
pub(super) fn brace(inner: &[char], out: &mut String) -> std::result::Result<(), String> {
    let parts = split_top(inner, ',');
    if parts.len() > 1 {
        out.push('{');
        for (k, part) in parts.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            translate_into(part, out)?;
        }
        out.push('}');
        return Ok(());
    }
    let text: String = inner.iter().collect();
    if text.contains("..") {
        // picomatch turns `{a..c}` into the regex class `[a-c]`, parts as written.
        out.push('[');
        out.push_str(&text.split("..").collect::<Vec<_>>().join("-"));
        out.push(']');
        return Ok(());
    }
    push_literal(out, '{');
    translate_into(inner, out)?;
    push_literal(out, '}');
    Ok(())
}

/// `(a|b)` content as a `globset` alternation; `optional` adds the empty branch.
pub(super) fn alternation(
    inner: &[char],
    optional: bool,
    out: &mut String,
) -> std::result::Result<(), String> {
    out.push('{');
    if optional {
        out.push(',');
    }
    for (k, part) in split_top(inner, '|').iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        translate_into(part, out)?;
    }
    out.push('}');
    Ok(())
}

/// Split at `sep` outside nested groups, classes and escapes.
pub(super) fn split_top(c: &[char], sep: char) -> Vec<&[char]> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '\\' => i += 1,
            '[' => {
                if let Some(end) = class_end(c, i) {
                    i = end;
                }
            }
            '{' | '(' => depth += 1,
            '}' | ')' => depth = depth.saturating_sub(1),
            s if s == sep && depth == 0 => {
                parts.push(&c[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&c[start..]);
    parts
}

/// Index of the `}` or `)` closing the group opened at `open`.
pub(super) fn group_end(c: &[char], open: usize) -> Option<usize> {
    let (o, cl) = match c.get(open)? {
        '{' => ('{', '}'),
        '(' => ('(', ')'),
        _ => return None,
    };
    let mut depth = 0usize;
    let mut i = open;
    while i < c.len() {
        match c[i] {
            '\\' => i += 1,
            '[' => {
                if let Some(end) = class_end(c, i) {
                    i = end;
                }
            }
            x if x == o => depth += 1,
            x if x == cl => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Index of the `]` closing the class opened at `open` (a `]` right after `[`, `[!` or
/// `[^` is a member; `[:name:]` is skipped whole).
pub(super) fn class_end(c: &[char], open: usize) -> Option<usize> {
    let mut i = open + 1;
    if matches!(c.get(i), Some('!') | Some('^')) {
        i += 1;
    }
    if c.get(i) == Some(&']') {
        i += 1;
    }
    while i < c.len() {
        match c[i] {
            ']' => return Some(i),
            '[' if c.get(i + 1) == Some(&':') => {
                if let Some(k) = c[i + 2..].windows(2).position(|w| w == [':', ']']) {
                    i += 2 + k + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}
