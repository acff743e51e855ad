//! Evaluation: choose the checklists that apply (or those named), decide every item with
//! its check, apply attestations to manual items, count, and gate.

use std::path::{Path, PathBuf};

use regex::Regex;
use serde::Deserialize;

use super::checklist::{Applicability, Checklist};
use super::checks::{Ctx, Outcome, PolicyReaders, BEFORE_PREFIX};
use super::repo::{glob_set, Repo};
use crate::finding::{GitStatus, Severity};
use crate::report::model::{
    Attestation, AuditChecklist, AuditCounts, AuditEvidence, AuditInputs, AuditItem,
    AuditItemSource, AuditSection, CheckStatus, Report,
};

/// Why the attestations file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum AttestationError {
    /// It could not be read.
    #[error("{path}: cannot read the attestations: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// It is not a valid attestations file.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttestationFile {
    #[serde(default)]
    attestation: Vec<Attestation>,
}

/// Reads an attestations file (TOML: `[[attestation]] item, by, date, note, expires`).
pub fn load_attestations(path: &Path) -> Result<Vec<Attestation>, AttestationError> {
    let text = std::fs::read_to_string(path).map_err(|source| AttestationError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let invalid = |message: String| AttestationError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let file: AttestationFile = toml::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    for a in &file.attestation {
        if a.by.trim().is_empty() {
            return Err(invalid(format!("attestation of {}: `by` is empty", a.item)));
        }
        for (field, value) in [("date", Some(&a.date)), ("expires", a.expires.as_ref())] {
            if let Some(value) = value {
                if parse_time(value).is_none() {
                    return Err(invalid(format!(
                        "attestation of {}: {field} {value:?} is not YYYY-MM-DD or RFC 3339",
                        a.item
                    )));
                }
            }
        }
    }
    Ok(file.attestation)
}

/// Parses an RFC 3339 time or a `YYYY-MM-DD` date (midnight UTC).
pub fn parse_time(text: &str) -> Option<jiff::Timestamp> {
    text.parse::<jiff::Timestamp>().ok().or_else(|| {
        text.parse::<jiff::civil::Date>()
            .ok()
            .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
            .map(|z| z.timestamp())
    })
}

/// Copies the `--before` report's credentials into `report`'s inventory (marked as from
/// before, with no Vault match), so Vault correlation and the checks account for
/// credentials that are gone from the tree after the migration.
pub fn merge_before(report: &mut Report, before: &Report) {
    let known: std::collections::BTreeSet<String> = report
        .inventory
        .iter()
        .map(|r| r.fingerprint.clone())
        .collect();
    let mut added = std::collections::BTreeSet::new();
    for row in &before.inventory {
        if row.fingerprint.is_empty()
            || known.contains(&row.fingerprint)
            || !added.insert(row.fingerprint.clone())
        {
            continue;
        }
        let mut row = row.clone();
        if !row.location.starts_with(BEFORE_PREFIX) {
            row.location = format!("{BEFORE_PREFIX}{}", row.location);
        }
        row.vault = None;
        report.inventory.push(row);
    }
}

/// What an audit needs besides the report and the repository.
pub struct AuditInput<'a> {
    /// The checklists named with `--checklist` (empty: choose by applicability).
    pub named: Vec<Checklist>,
    /// Sign-offs of manual items.
    pub attestations: Vec<Attestation>,
    /// The report of the audit before the migration.
    pub before: Option<&'a Report>,
    /// Evidence files given on the command line (names for the report).
    pub inputs: AuditInputs,
    /// Now.
    pub now: jiff::Timestamp,
    /// Vault ACL evaluation.
    pub policy_readers: Option<PolicyReaders>,
}

/// Chooses the checklists that apply to the repository, with the reason for each.
pub fn choose(
    all: Vec<Checklist>,
    report: &Report,
    repo: &Repo,
    before: Option<&Report>,
) -> Vec<(Checklist, String)> {
    let before_chose: Vec<String> = before
        .and_then(|b| b.audit.as_ref())
        .map(|a| a.checklists.iter().map(|c| c.id.clone()).collect())
        .unwrap_or_default();
    all.into_iter()
        .filter_map(|list| {
            let reason = list
                .applies_when
                .iter()
                .find_map(|rule| matches(rule, report, repo, before))
                .or_else(|| {
                    before_chose
                        .contains(&list.id)
                        .then(|| "the audit before the migration evaluated it".to_string())
                })?;
            Some((list, reason))
        })
        .collect()
}

fn matches(
    rule: &Applicability,
    report: &Report,
    repo: &Repo,
    before: Option<&Report>,
) -> Option<String> {
    if !rule.files.is_empty() {
        // Glob by glob, so the reason names a file of the first (most telling) pattern.
        for glob in &rule.files {
            let one = glob_set(std::slice::from_ref(glob))?;
            if let Some(file) = repo.files.iter().find(|f| one.is_match(&f.path)) {
                return Some(format!("{} ({})", rule.reason, file.path));
            }
        }
        let set = glob_set(&rule.files)?;
        let history = report
            .findings
            .iter()
            .chain(before.map(|b| b.findings.as_slice()).unwrap_or_default())
            .flat_map(|f| f.locations.iter())
            .find(|l| set.is_match(&l.path));
        if let Some(l) = history {
            let place = if l.git == GitStatus::History {
                "history"
            } else {
                "before"
            };
            return Some(format!("{} ({}, {place})", rule.reason, l.path));
        }
    }
    if let Some(text) = &rule.text {
        let re = Regex::new(text).ok()?;
        let set = glob_set(&rule.in_files)?;
        for file in repo.files.iter().filter(|f| set.is_match(&f.path)) {
            if repo.text(file).is_some_and(|t| re.is_match(t)) {
                return Some(format!("{} ({})", rule.reason, file.path));
            }
        }
    }
    if !rule.finding_kinds.is_empty() {
        let found = report
            .findings
            .iter()
            .find(|f| rule.finding_kinds.contains(&f.kind))?;
        let path = found
            .locations
            .first()
            .map(|l| l.path.as_str())
            .unwrap_or("");
        return Some(format!("{} ({path})", rule.reason));
    }
    None
}

/// Evaluates the checklists (named, else those that apply) against the evidence.
pub fn evaluate(
    report: &Report,
    repo: &Repo,
    all: Vec<Checklist>,
    input: AuditInput<'_>,
) -> AuditSection {
    let chosen: Vec<(Checklist, String)> = if input.named.is_empty() {
        choose(all, report, repo, input.before)
    } else {
        input
            .named
            .into_iter()
            .map(|c| (c, "named with --checklist".to_string()))
            .collect()
    };
    let ctx = Ctx {
        report,
        repo,
        before: input.before,
        now: input.now,
        policy_readers: input.policy_readers,
    };
    let checklists = chosen
        .into_iter()
        .map(|(list, reason)| {
            let items: Vec<AuditItem> = list
                .items
                .iter()
                .map(|item| {
                    let outcome = if item.check_name == "manual" {
                        attest(&item.id, &input.attestations, input.now)
                    } else {
                        item.check.evaluate(&ctx)
                    };
                    AuditItem {
                        id: item.id.clone(),
                        text: item.text.clone(),
                        source: AuditItemSource {
                            seed: list.seed.clone(),
                            section: item.section.clone(),
                            quote: item.quote.clone(),
                        },
                        severity: item.severity,
                        check: item.check_name.clone(),
                        params: item
                            .params
                            .iter()
                            .filter_map(|(k, v)| Some((k.clone(), serde_json::to_value(v).ok()?)))
                            .collect(),
                        status: outcome.status,
                        evidence: outcome.evidence,
                        fix: item.fix.clone(),
                    }
                })
                .collect();
            AuditChecklist {
                id: list.id.clone(),
                title: list.title.clone(),
                source: if list.origin.starts_with("builtin:") {
                    list.seed.clone()
                } else {
                    list.origin.clone()
                },
                chosen_because: reason,
                counts: count(&items),
                items,
            }
        })
        .collect();
    AuditSection {
        evaluated_at: input.now.to_string(),
        evidence: input.inputs,
        checklists,
    }
}

fn attest(id: &str, attestations: &[Attestation], now: jiff::Timestamp) -> Outcome {
    let Some(a) = attestations.iter().rev().find(|a| a.item == id) else {
        return Outcome::unknown("Manual item: no attestation for it in the --attestations file.");
    };
    let expired = a
        .expires
        .as_deref()
        .and_then(parse_time)
        .is_some_and(|e| e < now);
    let (status, statement) = if expired {
        (
            CheckStatus::Unknown,
            format!(
                "Attested by {} on {}, but the attestation expired on {}.",
                a.by,
                a.date,
                a.expires.as_deref().unwrap_or_default()
            ),
        )
    } else {
        (
            CheckStatus::Attested,
            format!(
                "Attested by {} on {}{}.",
                a.by,
                a.date,
                if a.note.is_empty() {
                    String::new()
                } else {
                    format!(": {}", a.note)
                }
            ),
        )
    };
    let mut evidence = AuditEvidence {
        statement,
        attestation: Some(a.clone()),
        ..AuditEvidence::default()
    };
    evidence
        .timestamps
        .insert("attested".into(), a.date.clone());
    if let Some(e) = &a.expires {
        evidence.timestamps.insert("expires".into(), e.clone());
    }
    Outcome { status, evidence }
}

/// Item counts by status.
pub fn count(items: &[AuditItem]) -> AuditCounts {
    let mut counts = AuditCounts::default();
    for item in items {
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

/// Whether the audit gate fails: an item at or above `fail_on` fails, or is unknown
/// (unless `allow_unknown`).
pub fn gate_fails(section: &AuditSection, fail_on: Severity, allow_unknown: bool) -> bool {
    section
        .checklists
        .iter()
        .flat_map(|c| &c.items)
        .any(|item| {
            item.severity >= fail_on
                && (item.status == CheckStatus::Fail
                    || (!allow_unknown && item.status == CheckStatus::Unknown))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::checklist::builtin;
    use crate::audit::checks::testing::report;

    fn input(attestations: Vec<Attestation>) -> AuditInput<'static> {
        AuditInput {
            named: vec![],
            attestations,
            before: None,
            inputs: AuditInputs::default(),
            now: "2026-06-01T00:00:00Z".parse().unwrap(),
            policy_readers: None,
        }
    }

    #[test]
    fn applicability_chooses_by_repository_content() {
        let repo = Repo::in_memory(
            &[
                (".env", "VAULT_MOUNT=secret\n", false),
                ("README.md", "", true),
            ],
            true,
            &[],
        );
        let r = report(vec![]);
        let chosen: Vec<String> = choose(builtin().unwrap(), &r, &repo, None)
            .into_iter()
            .map(|(c, _)| c.id)
            .collect();
        assert_eq!(chosen, ["001-agentidp-vault", "002-env-secrets-migration"]);
        let bare = Repo::in_memory(&[("README.md", "", true)], true, &[]);
        assert!(choose(builtin().unwrap(), &r, &bare, None).is_empty());
    }

    #[test]
    fn manual_items_attested_expired_or_unknown() {
        let repo = Repo::in_memory(&[(".env", "A=1\n", false)], true, &[]);
        let r = report(vec![]);
        let a = |expires: Option<&str>| Attestation {
            item: "002-pre-2".into(),
            by: "ops@example.com".into(),
            date: "2026-05-01".into(),
            note: "token checked".into(),
            expires: expires.map(String::from),
        };
        let status = |atts: Vec<Attestation>| {
            let section = evaluate(&r, &repo, builtin().unwrap(), input(atts));
            let list = section
                .checklists
                .iter()
                .find(|c| c.id == "002-env-secrets-migration")
                .unwrap();
            list.items
                .iter()
                .find(|i| i.id == "002-pre-2")
                .unwrap()
                .status
        };
        assert_eq!(status(vec![]), CheckStatus::Unknown);
        assert_eq!(status(vec![a(None)]), CheckStatus::Attested);
        assert_eq!(status(vec![a(Some("2026-07-01"))]), CheckStatus::Attested);
        assert_eq!(status(vec![a(Some("2026-05-15"))]), CheckStatus::Unknown);
    }

    #[test]
    fn gate_fails_closed_on_unknown() {
        let repo = Repo::in_memory(&[(".env", "A=1\n", false)], true, &[]);
        let r = report(vec![]);
        let section = evaluate(&r, &repo, builtin().unwrap(), input(vec![]));
        assert!(gate_fails(&section, Severity::Info, false));
        let unknown_only = section
            .checklists
            .iter()
            .flat_map(|c| &c.items)
            .all(|i| i.status != CheckStatus::Fail || i.severity < Severity::Critical);
        assert!(unknown_only);
        assert!(!gate_fails(&section, Severity::Critical, true));
    }

    #[test]
    fn attestation_file_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("att.toml");
        std::fs::write(
            &path,
            "[[attestation]]\nitem = \"x\"\nby = \"a\"\ndate = \"yesterday\"\n",
        )
        .unwrap();
        let err = load_attestations(&path).unwrap_err().to_string();
        assert!(
            err.contains("att.toml") && err.contains("yesterday"),
            "{err}"
        );
        std::fs::write(
            &path,
            "[[attestation]]\nitem = \"x\"\nby = \"a\"\ndate = \"2026-01-02\"\nnote = \"n\"\n",
        )
        .unwrap();
        assert_eq!(load_attestations(&path).unwrap().len(), 1);
    }
}
