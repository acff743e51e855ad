//! The report model every renderer reads. Its JSON form is a contract other tools read:
//! fields are only added within a schema version; renames and removals bump it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::baseline::SuppressionReason;
use crate::finding::{Finding, Fingerprint};
use crate::source::fs::{SkipReason, Skipped};
use crate::source::git::HistorySummary;

/// The version of the JSON report layout.
pub const SCHEMA_VERSION: u32 = 1;

/// The result of a scan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// [`SCHEMA_VERSION`] of the writer.
    pub schema_version: u32,
    /// The tool and version that wrote the report.
    pub tool: Tool,
    /// The scanned roots, as given on the command line.
    pub roots: Vec<String>,
    /// Findings that were not suppressed, sorted by severity (worst first), then rule.
    pub findings: Vec<Finding>,
    /// Files that were not scanned, and why.
    pub skipped: Vec<Skipped>,
    /// Findings suppressed by inline allows, allowlists or the baseline.
    pub suppressed: Suppressed,
    /// What each scanned repository's history covered (absent when none was scanned).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistorySummary>,
    /// References to where secrets live (Vault paths, variables, `secretKeyRef`s...)
    /// found in structured files: evidence that a migration happened. Never secrets.
    #[serde(default)]
    pub references: Vec<crate::detect::structured::analyze::Reference>,
    /// The credential inventory: which credential talks to which system of record, from
    /// where, and where in Vault it is expected.
    #[serde(default)]
    pub inventory: Vec<crate::inventory::InventoryRow>,
    /// Counts and timing.
    pub stats: Stats,
}

/// The writer of a report.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// Always `vaultproof`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

impl Default for Tool {
    fn default() -> Self {
        Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// Suppressed findings: counts by reason and each suppressed location.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppressed {
    /// How many locations each reason suppressed.
    pub counts: BTreeMap<SuppressionReason, u64>,
    /// Every suppressed location (no secret values: rule, fingerprint, place).
    pub entries: Vec<SuppressedEntry>,
}

/// One suppressed finding location.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuppressedEntry {
    /// The rule that matched.
    pub rule_id: String,
    /// The value's fingerprint.
    pub fingerprint: Fingerprint,
    /// Path relative to the scanned root.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// Why it was suppressed.
    pub reason: SuppressionReason,
}

/// Counts and timing.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stats {
    /// Files scanned.
    pub files: u64,
    /// Bytes scanned.
    pub bytes: u64,
    /// Wall-clock seconds the scan took.
    pub seconds: f64,
    /// Files not scanned, by reason.
    pub skipped: BTreeMap<SkipReason, u64>,
    /// Rules loaded.
    pub rules: usize,
}

impl Report {
    /// Finding counts by severity name, for summaries.
    pub fn counts_by_severity(&self) -> BTreeMap<crate::finding::Severity, usize> {
        let mut counts = BTreeMap::new();
        for finding in &self.findings {
            *counts.entry(finding.severity).or_insert(0) += 1;
        }
        counts
    }
}
