//! Before and after: which findings were fixed, which are new and which are still
//! present (by rule and fingerprint), which checklist items changed status, and which
//! inventory rows were migrated. [`DiffReport`] is a model of its own, rendered as
//! terminal text, JSON, HTML and Markdown.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use serde::{Deserialize, Serialize};

use super::model::{ChangeSummary, CheckStatus, ChecklistChange, Tool, VaultStatus};
use super::view;
use super::Report;
use crate::finding::{Finding, Severity};

/// The version of the JSON diff layout.
pub const DIFF_SCHEMA_VERSION: u32 = 1;

/// What changed between two reports.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffReport {
    /// [`DIFF_SCHEMA_VERSION`] of the writer.
    pub schema_version: u32,
    /// The tool and version that wrote the diff.
    pub tool: Tool,
    /// When the diff was made (RFC 3339 UTC).
    pub generated_at: String,
    /// The report before.
    pub before: DiffSide,
    /// The report after.
    pub after: DiffSide,
    /// Findings before and not after.
    pub fixed: Vec<DiffFinding>,
    /// Findings after and not before.
    pub new: Vec<DiffFinding>,
    /// Findings in both.
    pub still_present: Vec<DiffFinding>,
    /// Checklists in either report: passes before and after.
    pub checklists: Vec<ChecklistChange>,
    /// Checklist items whose status changed (or that appear in one report only).
    pub items_changed: Vec<ItemChange>,
    /// Inventory rows whose presence or Vault status changed.
    pub inventory: Vec<InventoryChange>,
}

/// One side of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffSide {
    /// The report's file name (never its directory).
    pub file: String,
    /// When it was made, when it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_at: Option<String>,
    /// Its scanned roots (last path component only).
    pub roots: Vec<String>,
    /// Its number of findings.
    pub findings: u64,
}

/// A finding as a diff lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffFinding {
    /// Rule id.
    pub rule_id: String,
    /// Rule name.
    pub rule_name: String,
    /// Severity (after, or before for a fixed finding).
    pub severity: Severity,
    /// Keyed fingerprint.
    pub fingerprint: String,
    /// Redacted preview.
    pub redacted: String,
    /// Places, as `path:line`.
    pub locations: Vec<String>,
    /// Vault status before (absent for a new finding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault_before: Option<VaultStatus>,
    /// Vault status after (absent for a fixed finding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault_after: Option<VaultStatus>,
}

/// A checklist item whose status changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemChange {
    /// Checklist id.
    pub checklist: String,
    /// Item id.
    pub id: String,
    /// Item text.
    pub text: String,
    /// Status before (absent: not in the report before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<CheckStatus>,
    /// Status after (absent: not in the report after).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<CheckStatus>,
}

/// An inventory row whose presence or Vault status changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InventoryChange {
    /// System of record.
    pub system: String,
    /// Credential type.
    pub credential_type: String,
    /// Where it was (or is): `path:line`.
    pub location: String,
    /// Expected Vault path.
    pub expected_vault_path: String,
    /// Fingerprint (empty for endpoint-only rows).
    pub fingerprint: String,
    /// Vault status before (absent: the row was not there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<VaultStatus>,
    /// Vault status after (absent: the row is gone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<VaultStatus>,
    /// Migrated: the credential left the files, or now sits at its expected Vault path.
    pub migrated: bool,
}

fn finding_key(f: &Finding) -> (String, String) {
    (f.rule_id.clone(), f.fingerprint.0.clone())
}

fn diff_finding(
    f: &Finding,
    before: Option<&Finding>,
    after: Option<&Finding>,
    several: bool,
) -> DiffFinding {
    DiffFinding {
        rule_id: f.rule_id.clone(),
        rule_name: f.rule_name.clone(),
        severity: f.severity,
        fingerprint: f.fingerprint.0.clone(),
        redacted: f.redacted.clone(),
        locations: f
            .locations
            .iter()
            .map(|l| view::location_text(l, several))
            .collect(),
        vault_before: before.map(|b| b.vault.as_ref().map_or(VaultStatus::Unknown, |v| v.status)),
        vault_after: after.map(|a| a.vault.as_ref().map_or(VaultStatus::Unknown, |v| v.status)),
    }
}

fn side(file: &str, report: &Report) -> DiffSide {
    DiffSide {
        file: view::root_label(file),
        generated_at: report.generated_at.clone(),
        roots: report.roots.iter().map(|r| view::root_label(r)).collect(),
        findings: report.findings.len() as u64,
    }
}

type ItemStatuses = BTreeMap<(String, String), (String, CheckStatus)>;

fn item_statuses(report: &Report) -> ItemStatuses {
    let mut out = BTreeMap::new();
    for checklist in report.audit.iter().flat_map(|a| &a.checklists) {
        for item in &checklist.items {
            out.insert(
                (checklist.id.clone(), item.id.clone()),
                (item.text.clone(), item.status),
            );
        }
    }
    out
}

/// Compares two reports.
pub fn compare(before_file: &str, before: &Report, after_file: &str, after: &Report) -> DiffReport {
    let several = before.roots.len() > 1 || after.roots.len() > 1;
    let before_map: BTreeMap<_, _> = before
        .findings
        .iter()
        .map(|f| (finding_key(f), f))
        .collect();
    let after_map: BTreeMap<_, _> = after.findings.iter().map(|f| (finding_key(f), f)).collect();
    let mut fixed = Vec::new();
    let mut still = Vec::new();
    for (key, b) in &before_map {
        match after_map.get(key) {
            Some(a) => still.push(diff_finding(a, Some(b), Some(a), several)),
            None => fixed.push(diff_finding(b, Some(b), None, several)),
        }
    }
    let new: Vec<_> = after_map
        .iter()
        .filter(|(key, _)| !before_map.contains_key(*key))
        .map(|(_, a)| diff_finding(a, None, Some(a), several))
        .collect();
    let by_severity = |v: &mut Vec<DiffFinding>| {
        v.sort_by(|x, y| y.severity.cmp(&x.severity).then(x.rule_id.cmp(&y.rule_id)))
    };
    let (mut fixed, mut new, mut still) = (fixed, new, still);
    by_severity(&mut fixed);
    by_severity(&mut new);
    by_severity(&mut still);

    let items_before = item_statuses(before);
    let items_after = item_statuses(after);
    let keys: BTreeSet<_> = items_before
        .keys()
        .chain(items_after.keys())
        .cloned()
        .collect();
    let mut items_changed = Vec::new();
    let mut per_checklist: BTreeMap<String, ChecklistChange> = BTreeMap::new();
    for key in keys {
        let b = items_before.get(&key);
        let a = items_after.get(&key);
        let entry = per_checklist
            .entry(key.0.clone())
            .or_insert_with(|| ChecklistChange {
                id: key.0.clone(),
                ..ChecklistChange::default()
            });
        entry.passed_before += u32::from(b.is_some_and(|(_, s)| view::is_done(*s)));
        entry.passed_now += u32::from(a.is_some_and(|(_, s)| view::is_done(*s)));
        if b.map(|x| x.1) != a.map(|x| x.1) {
            entry.items_changed += 1;
            items_changed.push(ItemChange {
                checklist: key.0.clone(),
                id: key.1.clone(),
                text: a.or(b).map(|x| x.0.clone()).unwrap_or_default(),
                before: b.map(|x| x.1),
                after: a.map(|x| x.1),
            });
        }
    }

    let row_key = |r: &crate::inventory::InventoryRow| {
        (
            r.system.clone(),
            r.credential_type.clone(),
            r.fingerprint.clone(),
            r.location.clone(),
        )
    };
    let rows_before: BTreeMap<_, _> = before.inventory.iter().map(|r| (row_key(r), r)).collect();
    let rows_after: BTreeMap<_, _> = after.inventory.iter().map(|r| (row_key(r), r)).collect();
    let row_keys: BTreeSet<_> = rows_before
        .keys()
        .chain(rows_after.keys())
        .cloned()
        .collect();
    let mut inventory = Vec::new();
    for key in row_keys {
        let b = rows_before.get(&key);
        let a = rows_after.get(&key);
        let status = |r: &&crate::inventory::InventoryRow| {
            r.vault.as_ref().map_or(VaultStatus::Unknown, |v| v.status)
        };
        let (sb, sa) = (b.map(status), a.map(status));
        if b.is_some() && sb == sa {
            continue;
        }
        let row = a.or(b).expect("key came from one side");
        inventory.push(InventoryChange {
            system: row.system.clone(),
            credential_type: row.credential_type.clone(),
            location: row.location.clone(),
            expected_vault_path: row.expected_vault_path.clone(),
            fingerprint: row.fingerprint.clone(),
            before: sb,
            after: sa,
            migrated: sa.is_none_or(|s| s == VaultStatus::AtExpectedPath),
        });
    }

    DiffReport {
        schema_version: DIFF_SCHEMA_VERSION,
        tool: Tool::default(),
        generated_at: super::now_rfc3339(),
        before: side(before_file, before),
        after: side(after_file, after),
        fixed,
        new,
        still_present: still,
        checklists: per_checklist.into_values().collect(),
        items_changed,
        inventory,
    }
}

/// The short form a report carries of its change since `previous` (`--previous FILE`).
pub fn change_summary(previous_file: &str, previous: &Report, current: &Report) -> ChangeSummary {
    let diff = compare(previous_file, previous, "current", current);
    ChangeSummary {
        previous: view::root_label(previous_file),
        previous_generated_at: previous.generated_at.clone(),
        fixed: diff.fixed.len() as u64,
        new: diff.new.len() as u64,
        still_present: diff.still_present.len() as u64,
        checklists: diff.checklists,
    }
}

/// Writes the diff as JSON.
pub fn write_json(diff: &DiffReport, mut out: impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut out, diff)?;
    out.write_all(b"\n")
}

/// Writes the diff for people at a terminal (plain text; no colour needed).
pub fn write_terminal(diff: &DiffReport, mut out: impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} → {}: {} fixed, {} new, {} still present",
        diff.before.file,
        diff.after.file,
        diff.fixed.len(),
        diff.new.len(),
        diff.still_present.len()
    )?;
    for (title, list) in [
        ("Fixed", &diff.fixed),
        ("New", &diff.new),
        ("Still present", &diff.still_present),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "\n{title}:")?;
        for f in list {
            writeln!(
                out,
                "  {:<8} {} {} at {}",
                f.severity.as_str(),
                f.rule_name,
                f.redacted,
                f.locations.first().map(String::as_str).unwrap_or("?")
            )?;
        }
    }
    if !diff.checklists.is_empty() {
        writeln!(out, "\nChecklists (passing before → now):")?;
        for c in &diff.checklists {
            writeln!(
                out,
                "  {}: {} → {} ({} items changed)",
                c.id, c.passed_before, c.passed_now, c.items_changed
            )?;
        }
    }
    if !diff.items_changed.is_empty() {
        writeln!(out, "\nItems whose status changed:")?;
        for item in &diff.items_changed {
            writeln!(
                out,
                "  {:<18} {} → {}  {}",
                item.id,
                item.before.map_or("absent", view::check_status_label),
                item.after.map_or("absent", view::check_status_label),
                item.text
            )?;
        }
    }
    let migrated = diff.inventory.iter().filter(|r| r.migrated).count();
    if !diff.inventory.is_empty() {
        writeln!(
            out,
            "\nInventory: {migrated} of {} changed rows migrated",
            diff.inventory.len()
        )?;
        for row in &diff.inventory {
            writeln!(
                out,
                "  {} {} {} ({} → {})",
                if row.migrated { "✓" } else { "✗" },
                row.system,
                row.location,
                row.before.map_or("absent", VaultStatus::as_str),
                row.after.map_or("gone", VaultStatus::as_str),
            )?;
        }
    }
    Ok(())
}
