//! What popular AWS wrapper libraries call, as data: `data/iam/libraries.tsv`.
//!
//! Many handlers never call boto3 or the aws-sdk themselves but go through a library
//! (PynamoDB, aws-lambda-powertools, dynamoose…). Modelling each one in extractor code would
//! grow the extractors with every library, so the table says, per method of a library
//! object, which SDK operations it makes and where their arguments come from; the Python
//! and Node extractors only know how to read a row. A new library is new rows.
//!
//! The file is embedded with `include_str!` and parsed once, on first use. Its columns,
//! tab-separated (`-` is empty):
//!
//! - `lang`: `python` or `node`.
//! - `library`: a label that groups the rows (`pynamodb`, `powertools`, `dynamoose`).
//! - `kind`: what the method is looked up on. A name without `:` is a module as the code
//!   imports it (`pynamodb.models`, `aws_lambda_powertools.utilities.parameters`,
//!   `dynamoose`); a name with `:` is a kind of object the rows return
//!   (`pynamodb:model`, `pynamodb:item`, `dynamoose:model`).
//! - `method`: the attribute called; `()` is calling (or instantiating) the object itself;
//!   `.name` is reading the property `name` without calling it (Node: ElectroDB's
//!   `Task.query`); `*` is any method the kind has no row for (an ElectroDB access pattern).
//!   A row of a module names its functions and classes; a class the code derives from
//!   makes the derived class an object of the row's `returns` kind.
//! - `service`, `operations`: the SDK client name (as in `actions.tsv`) and the operations
//!   the method makes, comma-separated; `-` when it makes none. `Op?N|kw` is made only
//!   when that argument is given, `Op?!N|kw` only when it is not.
//! - `args`: the API parameters of those operations, `Param=source` comma-separated, where
//!   a source is `.ident` (an identity the receiver carries, see `keeps`), `N|kw`
//!   (positional argument N or keyword kw; `|kw` keyword only, `N|` positional only), or
//!   `N|kw.ident` (the identity of the object passed as that argument). In Node rows an
//!   identity may be a path of dotted steps, each a property of an object or an identity of
//!   a library object: `1|.persistenceStore.table` is the `table` of what the options
//!   object's `persistenceStore` holds, and `$m` in a receiver path is the method's name
//!   (`.schema.indexes.$m.index`: the index an ElectroDB access pattern names). A source
//!   ending in `:keys` is the list of the keys of the object or dict given
//!   (`getParametersByName({ '/a': {}, '/b': {} })` names `/a` and `/b`), and one ending
//!   in `:values` the list of its values (middy's `fetchData: { smtp: 'notify/smtp' }`).
//! - `returns`: `-` (nothing known), a kind (an object of it), `*kind` (an iterable of
//!   them; a kind with `{0}` takes the name of the library class passed as the first
//!   argument, as DynamoDB Toolbox's `entity.build(GetItemCommand)`), or a behaviour: `@wrapper` (a decorator: the operations are made whenever the
//!   decorated function runs, not when the decorator is applied), `@route` (a decorator
//!   that registers the function on the receiver), `@dispatch` (calls every function
//!   registered on the receiver).
//! - `keeps`: identities the returned object carries, `ident=source` comma-separated, with
//!   the sources of `args` plus `Meta.attr` (an attribute of the derived class's nested
//!   `Meta` class). The returned object also keeps the receiver's identities.
//!
//! A Node row for dynamoose reads, for example:
//! `node dynamoose dynamoose model - - - dynamoose:model table=0|name` and
//! `node dynamoose dynamoose:model get dynamodb GetItem TableName=.table - -`.

use std::collections::HashMap;
use std::sync::OnceLock;

const LIBRARIES_TSV: &str = include_str!("../../data/iam/libraries.tsv");

/// Where a value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `.ident`: an identity of the receiver.
    Receiver(&'static str),
    /// `N|kw` or `N|kw.ident`: an argument, or an identity of the object passed as it.
    Arg {
        index: Option<usize>,
        keyword: Option<&'static str>,
        ident: Option<&'static str>,
        /// `:keys` or `:values`: the keys or the values of the object given, as a list.
        collect: Collect,
    },
    /// `Meta.attr`: an attribute of the derived class's `Meta`.
    Meta(&'static str),
}

/// What a source takes of the object it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collect {
    /// The object itself.
    Whole,
    /// `:keys`: its keys.
    Keys,
    /// `:values`: its values.
    Values,
}

/// A condition on an operation: `Op?N|kw` (made when that argument is given) or `Op?!N|kw`
/// (made when it is not), as PynamoDB's `count` queries with a hash key and describes the
/// table without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guard {
    pub present: bool,
    pub source: Source,
}

/// What a method returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Returns {
    Nothing,
    Object(&'static str),
    Many(&'static str),
    Wrapper,
    Route,
    Dispatch,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub lang: &'static str,
    pub library: &'static str,
    pub kind: &'static str,
    pub method: &'static str,
    /// The SDK client name; empty when the method makes no call.
    pub service: &'static str,
    pub operations: Vec<&'static str>,
    /// Per operation: made only when an argument is given (or, `present: false`, only when
    /// it is not); `None` when always made.
    pub when: Vec<Option<Guard>>,
    pub args: Vec<(&'static str, Source)>,
    pub returns: Returns,
    pub keeps: Vec<(&'static str, Source)>,
}

/// Language → kind → method → rows.
type Rows = HashMap<&'static str, HashMap<&'static str, HashMap<&'static str, Vec<Row>>>>;

struct Table {
    rows: Rows,
    /// Every module kind and its parent modules, by language.
    modules: HashMap<&'static str, Vec<&'static str>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows: Rows = HashMap::new();
        let mut modules: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for row in data_lines().filter_map(|line| parse_row(line).ok()) {
            if !row.kind.contains(':') {
                let known = modules.entry(row.lang).or_default();
                let mut module = row.kind;
                loop {
                    if !known.contains(&module) {
                        known.push(module);
                    }
                    match module.rsplit_once('.') {
                        Some((parent, _)) => module = parent,
                        None => break,
                    }
                }
            }
            rows.entry(row.lang)
                .or_default()
                .entry(row.kind)
                .or_default()
                .entry(row.method)
                .or_default()
                .push(row);
        }
        Table { rows, modules }
    })
}

fn data_lines() -> impl Iterator<Item = &'static str> {
    LIBRARIES_TSV
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
}

/// The rows for `method` on an object or module of `kind` in `lang`; empty when the table
/// does not know it.
pub fn methods(lang: &str, kind: &str, method: &str) -> &'static [Row] {
    table()
        .rows
        .get(lang)
        .and_then(|kinds| kinds.get(kind))
        .and_then(|methods| {
            methods.get(method).or_else(|| {
                // `*` stands for any method; a property read (`.name`) is not a method.
                (!method.starts_with('.'))
                    .then(|| methods.get("*"))
                    .flatten()
            })
        })
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The table's own spelling of a kind named at run time (a `{0}` kind), if it has one.
pub fn kind_named(lang: &str, kind: &str) -> Option<&'static str> {
    table()
        .rows
        .get(lang)
        .and_then(|kinds| kinds.get_key_value(kind))
        .map(|(k, _)| *k)
}

/// The keys or values of a dict or object value, as a list, for a `:keys` or `:values`
/// source.
pub fn collect(v: crate::iam::calls::Value, how: Collect) -> crate::iam::calls::Value {
    use crate::iam::calls::Value;
    match (v, how) {
        (v, Collect::Whole) => v,
        (Value::Map(m), Collect::Keys) => Value::List(m.keys().map(|k| Value::of_key(k)).collect()),
        (Value::Map(m), Collect::Values) => Value::List(m.into_values().collect()),
        (other, _) => Value::Unknown(format!(
            "the names are inside {}",
            match other {
                Value::Unknown(text) => text,
                _ => "a value that is not a literal".into(),
            }
        )),
    }
}

/// Whether `module` is a module of a library in the table, or a parent of one
/// (`aws_lambda_powertools` for `aws_lambda_powertools.utilities.parameters`).
pub fn is_module(lang: &str, module: &str) -> bool {
    table()
        .modules
        .get(lang)
        .is_some_and(|known| known.contains(&module))
}

fn list(field: &'static str) -> impl Iterator<Item = &'static str> {
    field
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty() && *item != "-")
}

fn parse_source(text: &'static str) -> Result<Source, String> {
    if let Some(ident) = text.strip_prefix('.') {
        return Ok(Source::Receiver(ident));
    }
    if let Some(attr) = text.strip_prefix("Meta.") {
        return Ok(Source::Meta(attr));
    }
    let (text, collect) = if let Some(rest) = text.strip_suffix(":keys") {
        (rest, Collect::Keys)
    } else if let Some(rest) = text.strip_suffix(":values") {
        (rest, Collect::Values)
    } else {
        (text, Collect::Whole)
    };
    let Some((index, rest)) = text.split_once('|') else {
        return Err(format!(
            "source `{text}` is not `.ident`, `N|kw` or `Meta.attr`"
        ));
    };
    let index = match index {
        "" => None,
        n => Some(
            n.parse::<usize>()
                .map_err(|_| format!("`{n}` in `{text}` is not an argument position"))?,
        ),
    };
    let (keyword, ident) = match rest.split_once('.') {
        Some((kw, ident)) => (kw, Some(ident)),
        None => (rest, None),
    };
    let keyword = Some(keyword).filter(|k| !k.is_empty());
    if index.is_none() && keyword.is_none() {
        return Err(format!("source `{text}` names no argument"));
    }
    Ok(Source::Arg {
        index,
        keyword,
        ident,
        collect,
    })
}

fn parse_pairs(field: &'static str) -> Result<Vec<(&'static str, Source)>, String> {
    list(field)
        .map(|pair| {
            let (name, source) = pair
                .split_once('=')
                .ok_or_else(|| format!("`{pair}` is not `name=source`"))?;
            Ok((name, parse_source(source)?))
        })
        .collect()
}

fn parse_returns(field: &'static str) -> Returns {
    match field {
        "-" | "" => Returns::Nothing,
        "@wrapper" => Returns::Wrapper,
        "@route" => Returns::Route,
        "@dispatch" => Returns::Dispatch,
        many if many.starts_with('*') => Returns::Many(&many[1..]),
        kind => Returns::Object(kind),
    }
}

fn parse_row(line: &'static str) -> Result<Row, String> {
    let cols: Vec<&'static str> = line.split('\t').collect();
    let [
        lang,
        library,
        kind,
        method,
        service,
        operations,
        args,
        returns,
        keeps,
    ] = cols[..]
    else {
        return Err(format!("{} columns, not 9", cols.len()));
    };
    if returns.starts_with('@') && parse_returns(returns) == Returns::Object(returns) {
        return Err(format!("unknown behaviour `{returns}`"));
    }
    let mut ops = Vec::new();
    let mut when = Vec::new();
    for token in list(operations) {
        match token.split_once('?') {
            None => {
                ops.push(token);
                when.push(None);
            }
            Some((op, guard)) => {
                let (present, source) = match guard.strip_prefix('!') {
                    Some(rest) => (false, rest),
                    None => (true, guard),
                };
                ops.push(op);
                when.push(Some(Guard {
                    present,
                    source: parse_source(source)?,
                }));
            }
        }
    }
    Ok(Row {
        lang,
        library,
        kind,
        method,
        service: if service == "-" { "" } else { service },
        operations: ops,
        when,
        args: parse_pairs(args)?,
        returns: parse_returns(returns),
        keeps: parse_pairs(keeps)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::actions;

    fn rows() -> Vec<Row> {
        data_lines()
            .map(|line| parse_row(line).unwrap_or_else(|e| panic!("{line:?}: {e}")))
            .collect()
    }

    #[test]
    fn every_row_parses_and_every_operation_is_in_the_action_table() {
        let rows = rows();
        assert!(rows.len() > 40, "{}", rows.len());
        for row in &rows {
            assert!(["python", "node"].contains(&row.lang), "{row:?}");
            assert_eq!(row.service.is_empty(), row.operations.is_empty(), "{row:?}");
            for op in &row.operations {
                let mapping = actions::lookup(row.service, op);
                assert!(
                    mapping.is_some_and(|m| !m.actions.is_empty()),
                    "{} {op} ({} {}.{}) is not in data/iam/actions.tsv",
                    row.service,
                    row.library,
                    row.kind,
                    row.method
                );
            }
            // Receiver identities come from `keeps` of some row that makes such objects.
            for (_, source) in row.args.iter().chain(&row.keeps) {
                // (A Node path's first step may be a property of an object literal.)
                let first = match source {
                    Source::Receiver(path) => path.split('.').next(),
                    Source::Arg {
                        ident: Some(ident), ..
                    } if row.lang == "python" => Some(*ident),
                    _ => None,
                };
                if let Some(ident) = first {
                    assert!(
                        rows.iter()
                            .any(|r| r.lang == row.lang && r.keeps.iter().any(|k| k.0 == ident)),
                        "{row:?}: no row keeps `{ident}`"
                    );
                }
            }
            // A returned kind has methods in the table, or carries identities for others.
            if let Returns::Object(kind) | Returns::Many(kind) = row.returns {
                let named = |k: &str| match kind.split_once("{0}") {
                    Some((head, tail)) => k.starts_with(head) && k.ends_with(tail),
                    None => k == kind,
                };
                assert!(
                    !row.keeps.is_empty()
                        || rows.iter().any(|r| r.lang == row.lang && named(r.kind)),
                    "{row:?}: nothing is known of `{kind}`"
                );
            }
        }
    }

    #[test]
    fn lookups_by_language_kind_and_method() {
        let get = methods("python", "pynamodb:model", "get");
        assert_eq!(get.len(), 1);
        assert_eq!(
            (get[0].service, &get[0].operations[..]),
            ("dynamodb", &["GetItem"][..])
        );
        assert_eq!(get[0].args, vec![("TableName", Source::Receiver("table"))]);
        assert_eq!(get[0].returns, Returns::Object("pynamodb:item"));
        let app_config = methods(
            "python",
            "aws_lambda_powertools.utilities.parameters",
            "get_app_config",
        );
        assert_eq!(
            app_config[0].operations,
            vec!["StartConfigurationSession", "GetLatestConfiguration"]
        );
        assert_eq!(
            app_config[0].args[1],
            (
                "EnvironmentIdentifier",
                Source::Arg {
                    index: Some(1),
                    keyword: Some("environment"),
                    ident: None,
                    collect: Collect::Whole,
                }
            )
        );
        let idem = methods(
            "python",
            "aws_lambda_powertools.utilities.idempotency",
            "idempotent",
        );
        assert_eq!(idem[0].returns, Returns::Wrapper);
        assert_eq!(
            idem[0].args[0].1,
            Source::Arg {
                index: None,
                keyword: Some("persistence_store"),
                ident: Some("table"),
                collect: Collect::Whole,
            }
        );
        assert!(methods("node", "pynamodb:model", "get").is_empty());
        assert!(methods("python", "pynamodb:model", "fly").is_empty());
        assert!(is_module("python", "aws_lambda_powertools"));
        assert!(is_module("python", "aws_lambda_powertools.utilities"));
        assert!(!is_module("python", "pynamodb:model"));
        assert!(!is_module("node", "pynamodb"));
    }

    #[test]
    fn malformed_rows_are_errors_not_panics() {
        assert!(parse_row("python\tx\tm\tget").is_err());
        assert!(parse_row("python\tx\tm\tget\tdynamodb\tGetItem\tTableName\t-\t-").is_err());
        assert!(parse_row("python\tx\tm\tget\tdynamodb\tGetItem\tT=|\t-\t-").is_err());
        assert!(parse_row("python\tx\tm\tget\tdynamodb\tGetItem\tT=x|k\t-\t-").is_err());
        assert!(parse_row("python\tx\tm\tget\t-\t-\t-\t@nope\t-").is_err());
        let row = parse_row("node\td\td\tmodel\t-\t-\t-\td:model\ttable=0|name").expect("row");
        assert_eq!(
            row.keeps,
            vec![(
                "table",
                Source::Arg {
                    index: Some(0),
                    keyword: Some("name"),
                    ident: None,
                    collect: Collect::Whole,
                }
            )]
        );
    }
}
