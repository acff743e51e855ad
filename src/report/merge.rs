//! Many reports (one per repository, made by separate CI jobs) joined into one: findings
//! of the same rule and fingerprint across repositories become one finding with every
//! location; checklist items are decided across all reports (one failure fails the item).

use std::collections::BTreeMap;

use super::model::{AuditChecklist, AuditCounts, AuditSection, CheckStatus, MergedSource};
use super::view;
use super::{Report, SCHEMA_VERSION};
use crate::finding::Finding;

/// Why reports cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// No report was given.
    #[error("merge needs at least one report")]
    Empty,
    /// A report was written by a newer layout than this build reads.
    #[error("{file}: report schema version {found} is newer than this vaultproof reads ({SCHEMA_VERSION})")]
    NewerSchema {
        /// The report's file.
        file: String,
        /// Its schema version.
        found: u32,
    },
}

/// How much a status weighs when the same item is decided in several reports: the
/// merged item takes the heaviest (a failure anywhere fails it; unknown is never a pass).
fn weight(status: CheckStatus) -> u8 {
    match status {
        CheckStatus::NotApplicable => 0,
        CheckStatus::Pass => 1,
        CheckStatus::Attested => 2,
        CheckStatus::Unknown => 3,
        CheckStatus::Fail => 4,
    }
}

/// Joins `reports` (file name, report) into one.
pub fn merge(reports: Vec<(String, Report)>) -> Result<Report, MergeError> {
    if reports.is_empty() {
        return Err(MergeError::Empty);
    }
    for (file, report) in &reports {
        if report.schema_version > SCHEMA_VERSION {
            return Err(MergeError::NewerSchema {
                file: file.clone(),
                found: report.schema_version,
            });
        }
    }
    // A root given as `.` in every job would be ambiguous once joined: label each
    // report's roots with its file stem when the same root appears in two reports.
    let mut root_count: BTreeMap<String, usize> = BTreeMap::new();
    for (_, report) in &reports {
        for root in &report.roots {
            *root_count.entry(root.clone()).or_default() += 1;
        }
    }
    let mut merged_from = Vec::new();
    let mut roots = Vec::new();
    let mut findings: BTreeMap<(String, String), Finding> = BTreeMap::new();
    let mut out: Option<Report> = None;
    let mut audits: Vec<(String, AuditSection)> = Vec::new();
    for (file, mut report) in reports {
        let stem = view::root_label(&file)
            .trim_end_matches(".json")
            .to_string();
        let relabel: BTreeMap<String, String> = report
            .roots
            .iter()
            .map(|r| {
                let label = if root_count[r] > 1 {
                    format!("{stem}/{}", view::root_label(r))
                } else {
                    r.clone()
                };
                (r.clone(), label)
            })
            .collect();
        merged_from.push(MergedSource {
            file: view::root_label(&file),
            roots: report.roots.iter().map(|r| relabel[r].clone()).collect(),
            findings: report.findings.len() as u64,
            generated_at: report.generated_at.clone(),
        });
        for root in &report.roots {
            roots.push(relabel[root].clone());
        }
        for mut finding in std::mem::take(&mut report.findings) {
            for location in &mut finding.locations {
                if let Some(label) = relabel.get(&location.root) {
                    location.root = label.clone();
                }
            }
            match findings.entry((finding.rule_id.clone(), finding.fingerprint.0.clone())) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(finding);
                }
                std::collections::btree_map::Entry::Occupied(mut slot) => {
                    let joined = slot.get_mut();
                    joined.locations.extend(finding.locations);
                    joined.severity = joined.severity.max(finding.severity);
                    if joined.status.is_none() {
                        joined.status = finding.status;
                    }
                    let earlier = match (&joined.introduced, &finding.introduced) {
                        (Some(a), Some(b)) => b.date < a.date,
                        (None, Some(_)) => true,
                        _ => false,
                    };
                    if earlier {
                        joined.introduced = finding.introduced;
                    }
                    if joined.vault.is_none() {
                        joined.vault = finding.vault;
                    }
                }
            }
        }
        if let Some(audit) = report.audit.take() {
            audits.push((file.clone(), audit));
        }
        match &mut out {
            None => out = Some(report),
            Some(acc) => {
                acc.skipped.extend(report.skipped);
                for (reason, n) in report.suppressed.counts {
                    *acc.suppressed.counts.entry(reason).or_default() += n;
                }
                acc.suppressed.entries.extend(report.suppressed.entries);
                acc.history.extend(report.history);
                acc.references.extend(report.references);
                acc.inventory.extend(report.inventory);
                if acc.vault.is_none() {
                    acc.vault = report.vault;
                }
                acc.stats.files += report.stats.files;
                acc.stats.bytes += report.stats.bytes;
                acc.stats.seconds += report.stats.seconds;
                acc.stats.rules = acc.stats.rules.max(report.stats.rules);
                for (reason, n) in report.stats.skipped {
                    *acc.stats.skipped.entry(reason).or_default() += n;
                }
            }
        }
    }
    let mut report = out.expect("at least one report");
    let mut findings: Vec<Finding> = findings.into_values().collect();
    for finding in &mut findings {
        finding.locations.sort();
        finding.locations.dedup();
    }
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.rule_id.cmp(&b.rule_id))
    });
    report.schema_version = SCHEMA_VERSION;
    report.tool = Default::default();
    report.roots = roots;
    report.findings = findings;
    report.audit = merge_audits(audits);
    report.generated_at = Some(super::now_rfc3339());
    report.change = None;
    report.merged_from = merged_from;
    Ok(report)
}

/// Joins the audit sections: each checklist item takes its heaviest status across the
/// reports, with that report's evidence (prefixed with the report's file name).
fn merge_audits(audits: Vec<(String, AuditSection)>) -> Option<AuditSection> {
    let several = audits.len() > 1;
    let mut iter = audits.into_iter();
    let (first_file, mut merged) = iter.next()?;
    if several {
        for checklist in &mut merged.checklists {
            for item in &mut checklist.items {
                item.evidence.statement = format!(
                    "{}: {}",
                    view::root_label(&first_file),
                    item.evidence.statement
                );
            }
        }
    }
    for (file, audit) in iter {
        for checklist in audit.checklists {
            let Some(target) = merged.checklists.iter_mut().find(|c| c.id == checklist.id) else {
                merged.checklists.push(checklist);
                continue;
            };
            for mut item in checklist.items {
                item.evidence.statement =
                    format!("{}: {}", view::root_label(&file), item.evidence.statement);
                match target.items.iter_mut().find(|i| i.id == item.id) {
                    Some(existing) if weight(item.status) > weight(existing.status) => {
                        *existing = item
                    }
                    Some(_) => {}
                    None => target.items.push(item),
                }
            }
        }
    }
    for checklist in &mut merged.checklists {
        checklist.counts = count(checklist);
    }
    Some(merged)
}

/// Item counts of a checklist by status.
pub fn count(checklist: &AuditChecklist) -> AuditCounts {
    let mut counts = AuditCounts::default();
    for item in &checklist.items {
        match item.status {
            CheckStatus::Pass => counts.pass += 1,
            CheckStatus::Fail => counts.fail += 1,
            CheckStatus::Unknown => counts.unknown += 1,
            CheckStatus::Attested => counts.attested += 1,
            CheckStatus::NotApplicable => counts.not_applicable += 1,
        }
    }
    counts
}
