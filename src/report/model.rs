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
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema, Deserialize)]
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
    /// Files that were scanned, with something worth knowing about how: a structured
    /// file whose parse failed was read as plain text (`read_as_text`). Not skips: the
    /// file's bytes were all scanned. Counted in [`Stats::read_as_text`].
    #[serde(default)]
    pub notes: Vec<Note>,
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
    /// Paths not walked because an exclude glob (`--exclude` or a config's
    /// `[scan] exclude`) matched them, each with the glob and where it came from.
    #[serde(default)]
    pub excluded: Vec<ExcludedPath>,
    /// What Vault holds and how it is set up (with `--vault` or `--vault-index`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault: Option<VaultSection>,
    /// The migration audit: runbook checklists decided item by item (`vaultproof audit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<AuditSection>,
    /// Counts and timing.
    pub stats: Stats,
    /// When the report was made (RFC 3339 UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<String>,
    /// What changed since a previous report of the same scope (`--previous FILE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<ChangeSummary>,
    /// For a merged report (`vaultproof merge`): the reports it joins, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<MergedSource>,
}

/// The writer of a report.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, Deserialize)]
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
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppressed {
    /// How many locations each reason suppressed.
    pub counts: BTreeMap<SuppressionReason, u64>,
    /// Every suppressed location (no secret values: rule, fingerprint, place).
    pub entries: Vec<SuppressedEntry>,
}

/// One suppressed finding location.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema, Deserialize,
)]
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
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema, Deserialize)]
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
    /// Structured files read as plain text because their parse failed (see
    /// [`Report::notes`]); not counted in `skipped`.
    #[serde(default)]
    pub read_as_text: u64,
    /// Paths not walked because an exclude glob matched (a directory counts once).
    #[serde(default)]
    pub excluded: u64,
}

/// A path the walk did not enter because an exclude glob matched it.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema, Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct ExcludedPath {
    /// The scanned root the path is relative to.
    pub root: String,
    /// Path relative to the root (a directory stands for everything under it).
    pub path: String,
    /// The glob that matched, as written.
    pub pattern: String,
    /// Where the glob came from: `--exclude`, or the configuration file's path.
    pub origin: String,
}

/// A file that was scanned, with something worth knowing about how it was read.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// Path relative to the scanned root.
    pub path: String,
    /// What happened.
    pub reason: NoteReason,
    /// A human explanation (never file content).
    pub detail: String,
}

/// What a [`Note`] says about a scanned file.
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
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NoteReason {
    /// A structured file (YAML, JSON, TOML...) that could not be parsed: its bytes were
    /// scanned as plain text, without key paths.
    ReadAsText,
    /// Encoded content decoded only in part: a `data:` URL payload over the decoding
    /// bound, whose first part was scanned.
    PartlyDecoded,
}

impl NoteReason {
    /// The snake_case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            NoteReason::ReadAsText => "read_as_text",
            NoteReason::PartlyDecoded => "partly_decoded",
        }
    }
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

/// The status of one check: a Vault posture check or a checklist item.
///
/// `Unknown` means the evidence could not be gathered (no Vault access, no audit log):
/// it is never shown or counted as a pass.
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
pub enum CheckStatus {
    /// The evidence shows the item holds.
    Pass,
    /// The evidence shows the item does not hold.
    Fail,
    /// The evidence could not be gathered.
    Unknown,
    /// A manual item signed off in an attestations file.
    Attested,
    /// The item does not apply here (the reason says why).
    NotApplicable,
}

/// Where a secret found by the scan stands in Vault.
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
pub enum VaultStatus {
    /// The current version of the secret at its expected path holds this value.
    AtExpectedPath,
    /// The value is in Vault, but not (or not only) at the expected path.
    Elsewhere,
    /// Only an older version of a Vault secret holds this value: it was rotated out.
    Rotated,
    /// Vault was read and no secret holds this value.
    NotInVault,
    /// No Vault evidence (no `--vault`/`--vault-index`, or Vault could not be read).
    Unknown,
}

impl VaultStatus {
    /// The snake_case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            VaultStatus::AtExpectedPath => "at_expected_path",
            VaultStatus::Elsewhere => "elsewhere",
            VaultStatus::Rotated => "rotated",
            VaultStatus::NotInVault => "not_in_vault",
            VaultStatus::Unknown => "unknown",
        }
    }
}

/// The Vault correlation of one finding or inventory row.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema, Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct VaultMatch {
    /// Where the value stands in Vault.
    pub status: VaultStatus,
    /// The path the inventory expects it at (`portarium/credentials/ws/stripe`), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_path: Option<String>,
    /// Every Vault place holding the value, as `mount/path#key` (empty unless found).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
}

/// What vaultproof learned from Vault (live, or from an offline index): the evidence the
/// audit decides Vault items from. Holds no secret value and no token.
///
/// A `None` list means "could not be read" (unknown), an empty list means "read, none".
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultSection {
    /// `live` (read during this run) or `index` (from an offline index file).
    pub source: String,
    /// The Vault address the evidence comes from.
    pub address: String,
    /// When the evidence was gathered (RFC 3339 UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gathered_at: Option<String>,
    /// Why evidence is missing, when it is (unreachable, sealed, forbidden, timeout, TLS).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    /// Seal status and version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<VaultSeal>,
    /// Secret engine mounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mounts: Option<Vec<VaultMount>>,
    /// Auth methods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_methods: Option<Vec<VaultAuthMethod>>,
    /// ACL policies (from Vault and from `.hcl` files in the scanned repository).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<VaultPolicy>>,
    /// Audit devices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_devices: Option<Vec<VaultAuditDevice>>,
    /// The token vaultproof used (never the token itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<VaultToken>,
    /// Every secret read (no values): path, versions, times.
    #[serde(default)]
    pub secrets: Vec<VaultSecret>,
    /// Expected Vault paths (from the inventory) that do not exist in Vault.
    #[serde(default)]
    pub missing_paths: Vec<String>,
    /// Read events from the file audit device's log (`--audit-log`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_log: Option<AuditLogSummary>,
    /// Posture checks decided from the evidence above.
    #[serde(default)]
    pub checks: Vec<VaultCheck>,
}

/// Seal status and server version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultSeal {
    /// Initialised.
    pub initialized: bool,
    /// Sealed.
    pub sealed: bool,
    /// Server version, when reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Key shares (`n`), when reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shares: Option<u32>,
    /// Unseal threshold (`t`), when reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u32>,
    /// Seal type (`shamir`, `awskms`, `transit`...): anything but `shamir` is auto-unseal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal_type: Option<String>,
}

/// One secret engine mount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultMount {
    /// Mount path without trailing slash (`portarium/credentials`).
    pub path: String,
    /// Engine type (`kv`, `transit`...).
    pub kind: String,
    /// KV version (1 or 2) for `kv` mounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

/// One auth method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultAuthMethod {
    /// Mount path without trailing slash (`approle`).
    pub path: String,
    /// Method type (`approle`, `kubernetes`, `token`...).
    pub kind: String,
}

/// One ACL policy text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultPolicy {
    /// Policy name (for files: the file stem).
    pub name: String,
    /// `vault` or `file`.
    pub source: String,
    /// For `file` policies: the path relative to the scanned root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The HCL text (policies hold paths and capabilities, never secrets).
    pub text: String,
}

/// One audit device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultAuditDevice {
    /// Device path (`file/`).
    pub path: String,
    /// Device type (`file`, `syslog`, `socket`).
    pub kind: String,
    /// For file devices: the log file path, when reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_path: Option<String>,
}

/// What lookup-self says of the token in use (never the token or its accessor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultToken {
    /// Display name.
    pub display_name: String,
    /// Policies attached.
    pub policies: Vec<String>,
    /// Remaining TTL in seconds (0: never expires).
    pub ttl_seconds: u64,
}

/// A secret in Vault, without any value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultSecret {
    /// Mount path (`portarium/credentials`).
    pub mount: String,
    /// Path inside the mount (`ws-billing/stripe`).
    pub path: String,
    /// Keys of the current version.
    pub keys: Vec<String>,
    /// Current version (KV v2), or `None` for KV v1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_version: Option<u64>,
    /// When the current version was written (RFC 3339), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_time: Option<String>,
    /// When the secret was first written (RFC 3339), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
}

/// Read events in the file audit device's log, per secret path and identity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditLogSummary {
    /// The log file, as given on the command line (its name only in reports).
    pub file: String,
    /// Only events at or after this time were counted (`--audit-log-since`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Lines read.
    pub lines: u64,
    /// Lines that were not audit events (counted, not fatal).
    pub malformed: u64,
    /// Read events per secret path and identity (vaultproof's own reads excluded).
    pub reads: Vec<AuditLogReads>,
    /// vaultproof's own reads, recognised by its policy name (not anyone's access).
    pub own_reads: u64,
}

/// Read events of one secret path by one identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditLogReads {
    /// Secret path (`portarium/credentials/ws/stripe`; KV v2 `data/` removed).
    pub path: String,
    /// The reader's display name.
    pub display_name: String,
    /// The reader's policies.
    pub policies: Vec<String>,
    /// Number of read events.
    pub count: u64,
    /// First read (RFC 3339).
    pub first: String,
    /// Last read (RFC 3339).
    pub last: String,
}

/// A Vault posture check and the evidence that decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultCheck {
    /// Stable kebab-case id (`vault-seal`, `vault-kv-mount`, `vault-auth-method`...).
    pub id: String,
    /// What is checked, in a few words.
    pub title: String,
    /// The outcome.
    pub status: CheckStatus,
    /// One sentence of evidence.
    pub evidence: String,
}

/// The migration audit (`vaultproof audit`): which runbook checklists were evaluated and
/// why, and every item's status with the evidence that decided it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditSection {
    /// When the audit ran (RFC 3339 UTC).
    pub evaluated_at: String,
    /// The evidence given on the command line (never taken from the scanned repository).
    pub evidence: AuditInputs,
    /// The checklists evaluated, in order.
    pub checklists: Vec<AuditChecklist>,
}

/// The evidence files an audit was given on the command line (file names only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditInputs {
    /// `live` (`--vault`), `index` (`--vault-index`), or `none`.
    pub vault: String,
    /// The offline index file, with `--vault-index`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault_index: Option<String>,
    /// The Vault file audit device's log, with `--audit-log`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_log: Option<String>,
    /// The attestations file, with `--attestations`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestations: Option<String>,
    /// The report of the audit before the migration, with `--before`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
}

/// One runbook's checklist, evaluated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditChecklist {
    /// Checklist id (`000-credential-relocation`), or the user file's id.
    pub id: String,
    /// The runbook's title.
    pub title: String,
    /// The seed file the checklist comes from (`000_6f9d2dc9b460bf9a.txt`), or the user's
    /// checklist file.
    pub source: String,
    /// Why it was evaluated: named with `--checklist`, or which applicability rule matched.
    pub chosen_because: String,
    /// Item counts by status.
    pub counts: AuditCounts,
    /// Every item, in the runbook's order.
    pub items: Vec<AuditItem>,
}

/// Item counts by status.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct AuditCounts {
    /// Items that pass.
    pub pass: u32,
    /// Items that fail.
    pub fail: u32,
    /// Items whose evidence could not be gathered.
    pub unknown: u32,
    /// Manual items signed off in the attestations file.
    pub attested: u32,
    /// Items that do not apply.
    pub not_applicable: u32,
}

/// One checklist item and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditItem {
    /// Stable id after the runbook: `<file number>-<section>-<n>` (`000-audit-4`).
    pub id: String,
    /// What the item requires, in a sentence.
    pub text: String,
    /// The runbook line it comes from.
    pub source: AuditItemSource,
    /// How much a failure matters (`--fail-on` compares against it).
    pub severity: crate::finding::Severity,
    /// The named check that decides it (`scan.no_plaintext`), or `manual`.
    pub check: String,
    /// The check's parameters, as written in the checklist.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, serde_json::Value>,
    /// The verdict.
    pub status: CheckStatus,
    /// What decided it.
    pub evidence: AuditEvidence,
    /// What to do when the item fails or is unknown.
    pub fix: String,
}

/// Where in a runbook an item comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditItemSource {
    /// Seed file name (`000_6f9d2dc9b460bf9a.txt`).
    pub seed: String,
    /// Section heading (`Audit checklist`).
    pub section: String,
    /// The runbook's words, quoted.
    pub quote: String,
}

/// The evidence behind one item's status. Never a secret value: fingerprints, places,
/// Vault paths and counts only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEvidence {
    /// One or two sentences that say what was found (or why nothing could be decided).
    pub statement: String,
    /// Named counts (`findings`, `agent_configs`, `audit_reads`...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub counts: BTreeMap<String, u64>,
    /// Fingerprints of the findings involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fingerprints: Vec<String>,
    /// Files (and lines, and commits for history) involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<EvidenceLocation>,
    /// Vault paths involved (`portarium/credentials/ws/stripe`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vault_paths: Vec<String>,
    /// Times involved (`label`: RFC 3339), such as the first audit-log read.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub timestamps: BTreeMap<String, String>,
    /// The sign-off, for an attested (or expired) manual item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation: Option<Attestation>,
}

/// A place in the scanned tree or its history.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    schemars::JsonSchema,
    Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct EvidenceLocation {
    /// Path relative to the scanned root.
    pub path: String,
    /// 1-based line (0: the whole file).
    pub line: usize,
    /// For history: the commit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

/// A manual item's sign-off, from the `--attestations` file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    /// The item id signed off.
    pub item: String,
    /// Who signed it off.
    pub by: String,
    /// When (`YYYY-MM-DD` or RFC 3339).
    pub date: String,
    /// What they checked.
    #[serde(default)]
    pub note: String,
    /// Until when the sign-off holds; after it the item is `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// What changed between a previous report and this one, by fingerprint and item id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeSummary {
    /// The previous report's file name (never its directory).
    pub previous: String,
    /// When the previous report was made, when it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_generated_at: Option<String>,
    /// Findings in the previous report and not in this one.
    pub fixed: u64,
    /// Findings in this report and not in the previous one.
    pub new: u64,
    /// Findings in both.
    pub still_present: u64,
    /// Per checklist present in both reports: items passing before and now.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklists: Vec<ChecklistChange>,
}

/// How one checklist moved between two reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistChange {
    /// Checklist id.
    pub id: String,
    /// Items that passed (or were attested) before.
    pub passed_before: u32,
    /// Items that pass (or are attested) now.
    pub passed_now: u32,
    /// Items whose status changed.
    pub items_changed: u32,
}

/// One report joined into a merged report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergedSource {
    /// The report's file name.
    pub file: String,
    /// Its scanned roots.
    pub roots: Vec<String>,
    /// Its findings before joining.
    pub findings: u64,
    /// When it was made, when it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<String>,
}
