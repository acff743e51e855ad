//! Suppression: inline `vaultproof:allow` comments, `.vaultproof.toml` allowlists and a
//! baseline (an earlier JSON report whose findings are accepted). Every suppression is
//! counted in the report, so a clean gate never hides what it let through.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::config::Allowlist;
use crate::finding::Fingerprint;

/// The comment marker that suppresses findings on its line.
pub const INLINE_ALLOW_MARKER: &[u8] = b"vaultproof:allow";

/// Whether a line carries the inline allow marker.
pub fn line_allows(line: &[u8]) -> bool {
    memchr::memmem::find(line, INLINE_ALLOW_MARKER).is_some()
}

/// Why a finding location was suppressed.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    schemars::JsonSchema,
    Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SuppressionReason {
    /// A `vaultproof:allow` comment on the line.
    InlineAllow,
    /// `[allowlist] paths` matched the file.
    AllowlistPath,
    /// `[allowlist] rules` named the rule.
    AllowlistRule,
    /// `[allowlist] fingerprints` named the value.
    AllowlistFingerprint,
    /// The `--baseline` report already had this finding.
    Baseline,
}

impl SuppressionReason {
    /// The snake_case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionReason::InlineAllow => "inline_allow",
            SuppressionReason::AllowlistPath => "allowlist_path",
            SuppressionReason::AllowlistRule => "allowlist_rule",
            SuppressionReason::AllowlistFingerprint => "allowlist_fingerprint",
            SuppressionReason::Baseline => "baseline",
        }
    }
}

/// Why a baseline or allowlist could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SuppressionError {
    /// The baseline report cannot be read.
    #[error("{path}: cannot read baseline: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The baseline is not a vaultproof JSON report.
    #[error("{path}: not a vaultproof JSON report: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// An allowlist path glob is invalid.
    #[error("invalid allowlist path glob {glob:?}: {message}")]
    Glob {
        /// The glob.
        glob: String,
        /// The parser's message.
        message: String,
    },
}

/// The accepted findings of one scan: allowlist and baseline combined.
#[derive(Debug, Default)]
pub struct Suppressions {
    paths: GlobSet,
    rules: HashSet<String>,
    fingerprints: HashSet<String>,
    baseline: HashSet<(String, String)>,
}

/// The parts of a JSON report a baseline reads: the findings it reported, and the
/// findings its own `--baseline` suppressed (so a report made with a baseline is itself
/// the next baseline, and accepted findings stay accepted run after run).
#[derive(Deserialize)]
struct BaselineReport {
    findings: Vec<BaselineFinding>,
    #[serde(default)]
    suppressed: Option<BaselineSuppressed>,
}

#[derive(Deserialize)]
struct BaselineSuppressed {
    #[serde(default)]
    entries: Vec<BaselineEntry>,
}

#[derive(Deserialize)]
struct BaselineFinding {
    rule_id: String,
    fingerprint: String,
}

#[derive(Deserialize)]
struct BaselineEntry {
    rule_id: String,
    fingerprint: String,
    reason: SuppressionReason,
}

impl Suppressions {
    /// Builds the suppressions from an allowlist and an optional baseline report.
    pub fn new(allowlist: &Allowlist, baseline: Option<&Path>) -> Result<Self, SuppressionError> {
        let mut globs = GlobSetBuilder::new();
        for glob in &allowlist.paths {
            let pattern = Glob::new(glob).map_err(|e| SuppressionError::Glob {
                glob: glob.clone(),
                message: e.to_string(),
            })?;
            globs.add(pattern);
        }
        let paths = globs.build().map_err(|e| SuppressionError::Glob {
            glob: allowlist.paths.join(", "),
            message: e.to_string(),
        })?;
        let baseline = match baseline {
            Some(path) => load_baseline(path)?,
            None => HashSet::new(),
        };
        Ok(Suppressions {
            paths,
            rules: allowlist.rules.iter().cloned().collect(),
            fingerprints: allowlist.fingerprints.iter().cloned().collect(),
            baseline,
        })
    }

    /// Why a finding of `rule_id` with `fingerprint` at `path` is suppressed, if it is.
    pub fn check(
        &self,
        rule_id: &str,
        fingerprint: &Fingerprint,
        path: &str,
    ) -> Option<SuppressionReason> {
        if self.rules.contains(rule_id) {
            Some(SuppressionReason::AllowlistRule)
        } else if self.fingerprints.contains(&fingerprint.0) {
            Some(SuppressionReason::AllowlistFingerprint)
        } else if self.paths.is_match(path) {
            Some(SuppressionReason::AllowlistPath)
        } else if self
            .baseline
            .contains(&(rule_id.to_string(), fingerprint.0.clone()))
        {
            Some(SuppressionReason::Baseline)
        } else {
            None
        }
    }
}

fn load_baseline(path: &Path) -> Result<HashSet<(String, String)>, SuppressionError> {
    let text = std::fs::read(path).map_err(|source| SuppressionError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let report: BaselineReport =
        serde_json::from_slice(&text).map_err(|e| SuppressionError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
    let carried = report
        .suppressed
        .map(|s| s.entries)
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.reason == SuppressionReason::Baseline)
        .map(|e| (e.rule_id, e.fingerprint));
    Ok(report
        .findings
        .into_iter()
        .map(|f| (f.rule_id, f.fingerprint))
        .chain(carried)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowlist_order_rule_then_fingerprint_then_path() {
        let allowlist = Allowlist {
            paths: vec!["docs/**".into()],
            rules: vec!["vp.generic.password.1".into()],
            fingerprints: vec!["ab".into()],
        };
        let s = Suppressions::new(&allowlist, None).unwrap();
        let fp = |v: &str| Fingerprint(v.into());
        assert_eq!(
            s.check("vp.generic.password.1", &fp("zz"), "src/a.py"),
            Some(SuppressionReason::AllowlistRule)
        );
        assert_eq!(
            s.check("vp.aws.x.1", &fp("ab"), "src/a.py"),
            Some(SuppressionReason::AllowlistFingerprint)
        );
        assert_eq!(
            s.check("vp.aws.x.1", &fp("cd"), "docs/setup.md"),
            Some(SuppressionReason::AllowlistPath)
        );
        assert_eq!(s.check("vp.aws.x.1", &fp("cd"), "src/a.py"), None);
    }

    #[test]
    fn inline_marker_is_found_anywhere_on_the_line() {
        assert!(line_allows(b"key = 'abc' # vaultproof:allow test fixture"));
        assert!(!line_allows(b"key = 'abc'"));
    }
}
