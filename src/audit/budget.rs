//! Size budgets: from flags, from the `audit:` section of `.gearctl.yml` (per function), and
//! the AWS hard limits, which always apply.
//!
//! ```yaml
//! # .gearctl.yml
//! audit:
//!   max_zipped: 10MiB        # every package
//!   max_unzipped: 60MiB
//!   huge_file: 5MiB          # report single files at least this big
//!   functions:
//!     thumbnail:
//!       max_unzipped: 120MiB # this function only
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::units::Size;

/// Lambda's limit for a zip uploaded directly: 50 MiB (the API takes it base64-encoded, a
/// 69,905,067-byte body).
pub const AWS_MAX_ZIPPED: u64 = 50 * 1024 * 1024;
/// Lambda's limit for the unzipped function plus all its layers: 250 MiB.
pub const AWS_MAX_UNZIPPED: u64 = 262_144_000;

/// A pair of optional limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub max_zipped: Option<Size>,
    pub max_unzipped: Option<Size>,
}

/// The `audit:` section of `.gearctl.yml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditConfig {
    pub max_zipped: Option<Size>,
    pub max_unzipped: Option<Size>,
    pub huge_file: Option<Size>,
    #[serde(default)]
    pub functions: BTreeMap<String, Limits>,
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    audit: Option<AuditConfig>,
}

/// The config file name looked for in the current directory and in service directories.
pub const CONFIG_FILE: &str = ".gearctl.yml";

/// Load `.gearctl.yml` from an explicit path (which must exist) or from `dir` (optional).
pub fn load_config(explicit: Option<&Path>, dir: &Path) -> Result<Option<AuditConfig>> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let p = dir.join(CONFIG_FILE);
            if !p.is_file() {
                return Ok(None);
            }
            p
        }
    };
    let mut file = crate::files::open_regular(&path, "a .gearctl.yml file")?;
    let mut text = String::new();
    std::io::Read::read_to_string(&mut file, &mut text)
        .map_err(|e| crate::files::io_error("reading", &path, e))?;
    let file: ConfigFile = serde_yaml::from_str(&text).map_err(|e| Error::Invalid {
        what: path.display().to_string(),
        detail: e.to_string(),
        hint: Some(
            "the audit section takes max_zipped, max_unzipped, huge_file and functions.<name>.{max_zipped,max_unzipped}"
                .into(),
        ),
    })?;
    Ok(file.audit.map(|mut c| {
        c.path = Some(path);
        c
    }))
}

/// Where a limit came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Flag,
    Config,
    Aws,
}

/// One limit in force and where it came from.
pub type Limit = Option<(u64, Origin)>;

/// A limit that a package exceeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breach {
    pub package: String,
    pub function: Option<String>,
    /// `max_zipped`, `max_unzipped`, `aws_direct_upload` or `aws_unzipped`.
    pub limit: &'static str,
    pub limit_bytes: u64,
    pub actual_bytes: u64,
    pub origin: Origin,
}

/// The limits for one package: flags beat the function's config entry, which beats the
/// config defaults.
pub fn limits_for(
    function: Option<&str>,
    flags: &Limits,
    config: Option<&AuditConfig>,
) -> (Limit, Limit) {
    let per_fn = config.and_then(|c| function.and_then(|f| c.functions.get(f)));
    let pick = |flag: Option<Size>, f: Option<Size>, d: Option<Size>| {
        flag.map(|s| (s.0, Origin::Flag))
            .or(f.map(|s| (s.0, Origin::Config)))
            .or(d.map(|s| (s.0, Origin::Config)))
    };
    (
        pick(
            flags.max_zipped,
            per_fn.and_then(|l| l.max_zipped),
            config.and_then(|c| c.max_zipped),
        ),
        pick(
            flags.max_unzipped,
            per_fn.and_then(|l| l.max_unzipped),
            config.and_then(|c| c.max_unzipped),
        ),
    )
}

/// Check one package against its limits and the AWS hard limits. `zipped` is None when it
/// is not known (a source tree not compressed).
pub fn check(
    package: &str,
    function: Option<&str>,
    zipped: Option<u64>,
    unzipped: u64,
    limits: (Limit, Limit),
) -> Vec<Breach> {
    let mut out = Vec::new();
    let mut push = |limit, limit_bytes, actual_bytes, origin| {
        out.push(Breach {
            package: package.to_string(),
            function: function.map(str::to_string),
            limit,
            limit_bytes,
            actual_bytes,
            origin,
        })
    };
    if let (Some((max, origin)), Some(z)) = (limits.0, zipped)
        && z > max
    {
        push("max_zipped", max, z, origin);
    }
    if let Some((max, origin)) = limits.1
        && unzipped > max
    {
        push("max_unzipped", max, unzipped, origin);
    }
    if let Some(z) = zipped
        && z > AWS_MAX_ZIPPED
    {
        push("aws_direct_upload", AWS_MAX_ZIPPED, z, Origin::Aws);
    }
    if unzipped > AWS_MAX_UNZIPPED {
        push("aws_unzipped", AWS_MAX_UNZIPPED, unzipped, Origin::Aws);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse() {
        assert_eq!("1048576".parse::<Size>().unwrap(), Size(1_048_576));
        assert_eq!("50MiB".parse::<Size>().unwrap(), Size(AWS_MAX_ZIPPED));
        assert_eq!("500 KB".parse::<Size>().unwrap(), Size(500_000));
        assert!("fifty".parse::<Size>().unwrap_err().contains("50MiB"));
    }

    #[test]
    fn precedence_flag_function_default() {
        let cfg: ConfigFile = serde_yaml::from_str(
            "audit:\n  max_unzipped: 10MiB\n  functions:\n    big:\n      max_unzipped: 100MiB\n",
        )
        .unwrap();
        let cfg = cfg.audit.unwrap();
        let none = Limits::default();
        assert_eq!(
            limits_for(Some("small"), &none, Some(&cfg)).1,
            Some((10 * 1024 * 1024, Origin::Config))
        );
        assert_eq!(
            limits_for(Some("big"), &none, Some(&cfg)).1,
            Some((100 * 1024 * 1024, Origin::Config))
        );
        let flag = Limits {
            max_unzipped: Some(Size(5)),
            ..none
        };
        assert_eq!(
            limits_for(Some("big"), &flag, Some(&cfg)).1,
            Some((5, Origin::Flag))
        );
    }

    #[test]
    fn a_wrong_type_says_what_a_size_looks_like() {
        for bad in ["[1]", "{a: 1}", "-5", "true"] {
            let text = format!("audit:\n  functions:\n    f:\n      max_zipped: {bad}\n");
            let err = serde_yaml::from_str::<ConfigFile>(&text)
                .err()
                .unwrap()
                .to_string();
            assert!(
                err.contains("audit.functions.f.max_zipped")
                    && err.contains("expected a size like 10MiB or a number of bytes"),
                "{bad}: {err}"
            );
            assert!(!err.contains("untagged"), "{err}");
        }
        let ok: ConfigFile = serde_yaml::from_str("audit:\n  huge_file: 1048576\n").unwrap();
        assert_eq!(ok.audit.unwrap().huge_file, Some(Size(1_048_576)));
    }

    #[test]
    fn an_explicit_config_must_be_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = load_config(Some(dir.path()), dir.path()).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        assert!(err.hint().unwrap().contains(".gearctl.yml"));
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let r: Result<ConfigFile, _> = serde_yaml::from_str("audit:\n  max_zip: 1MB\n");
        assert!(r.is_err());
    }

    #[test]
    fn aws_limits_always_apply() {
        let b = check(
            "x.zip",
            None,
            Some(AWS_MAX_ZIPPED + 1),
            AWS_MAX_UNZIPPED + 1,
            (None, None),
        );
        let names: Vec<_> = b.iter().map(|b| b.limit).collect();
        assert_eq!(names, ["aws_direct_upload", "aws_unzipped"]);
        let b = check(
            "x.zip",
            Some("f"),
            Some(10),
            20,
            (Some((5, Origin::Flag)), Some((30, Origin::Config))),
        );
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].limit, "max_zipped");
    }
}
