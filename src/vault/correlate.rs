//! Correlation: sets each secret finding's and inventory row's Vault status from an index
//! (live or from a file), lists the expected Vault paths that do not exist, and fills the
//! report's Vault section. Without usable Vault evidence every status is `unknown`.

use std::collections::{BTreeMap, BTreeSet};

use super::index::{IndexEntry, VaultIndex};
use crate::finding::FindingKind;
use crate::report::model::{Report, VaultMatch, VaultSection, VaultStatus};

/// Where the Vault evidence came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceSource {
    /// Read during this run (`--vault`).
    Live,
    /// From an index file (`--vault-index`).
    Index,
}

impl EvidenceSource {
    fn as_str(self) -> &'static str {
        match self {
            EvidenceSource::Live => "live",
            EvidenceSource::Index => "index",
        }
    }
}

/// Applies `index` (or its absence, with the `errors` that explain it) to `report`:
/// statuses on findings and inventory rows, missing paths, and `report.vault`.
pub fn apply(
    report: &mut Report,
    source: EvidenceSource,
    address: &str,
    index: Option<&VaultIndex>,
    errors: Vec<String>,
) {
    let expected_by_fingerprint = expected_paths(report);
    let matcher = index.map(Lookup::new);
    for finding in &mut report.findings {
        if !matches!(
            finding.kind,
            FindingKind::ProviderSecret | FindingKind::GenericSecret | FindingKind::PrivateKey
        ) {
            continue;
        }
        let expected = expected_by_fingerprint.get(&finding.fingerprint.0).cloned();
        finding.vault = Some(status(matcher.as_ref(), &finding.fingerprint.0, expected));
    }
    for row in &mut report.inventory {
        if row.fingerprint.is_empty() {
            continue;
        }
        let expected = Some(row.expected_vault_path.clone()).filter(|p| !p.is_empty());
        row.vault = Some(status(matcher.as_ref(), &row.fingerprint, expected));
    }

    let mut section = VaultSection {
        source: source.as_str().into(),
        address: address.to_string(),
        errors: errors.clone(),
        ..VaultSection::default()
    };
    if let Some(index) = index {
        section.gathered_at = Some(index.created_at.clone());
        section.errors.extend(index.errors.iter().cloned());
        section.seal = index.evidence.seal.clone();
        section.mounts = index.evidence.mounts.clone();
        section.auth_methods = index.evidence.auth_methods.clone();
        section.policies = index.evidence.policies.clone();
        section.audit_devices = index.evidence.audit_devices.clone();
        section.token = index.evidence.token.clone();
        section.secrets = index.secrets.clone();
        if index.complete {
            let present: BTreeSet<String> = index
                .secrets
                .iter()
                .map(|s| format!("{}/{}", s.mount, s.path))
                .collect();
            let mut missing: BTreeSet<String> = BTreeSet::new();
            for row in &report.inventory {
                let expected = normalise(&row.expected_vault_path, index);
                if !expected.is_empty() && !present.contains(&expected) {
                    missing.insert(row.expected_vault_path.clone());
                }
            }
            section.missing_paths = missing.into_iter().collect();
        }
    }
    report.vault = Some(section);
}

/// The expected Vault path of each fingerprint, from the inventory.
fn expected_paths(report: &Report) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for row in &report.inventory {
        if !row.expected_vault_path.is_empty() && !row.fingerprint.is_empty() {
            out.entry(row.fingerprint.clone())
                .or_insert_with(|| row.expected_vault_path.clone());
        }
    }
    out
}

/// `mount/data/path` (a KV v2 API path) and `mount/path` name one secret.
fn normalise(path: &str, index: &VaultIndex) -> String {
    let path = path.trim_matches('/');
    for mount in &index.indexed_mounts {
        if let Some(rest) = path.strip_prefix(&format!("{}/data/", mount.path)) {
            if mount.version.unwrap_or(1) >= 2 {
                return format!("{}/{}", mount.path, rest);
            }
        }
    }
    path.to_string()
}

struct Lookup<'a> {
    index: &'a VaultIndex,
    by_fingerprint: BTreeMap<&'a str, Vec<&'a IndexEntry>>,
}

impl<'a> Lookup<'a> {
    fn new(index: &'a VaultIndex) -> Self {
        let mut by_fingerprint: BTreeMap<&str, Vec<&IndexEntry>> = BTreeMap::new();
        for entry in &index.entries {
            by_fingerprint
                .entry(entry.fingerprint.0.as_str())
                .or_default()
                .push(entry);
        }
        Lookup {
            index,
            by_fingerprint,
        }
    }
}

/// The status of one fingerprint.
fn status(lookup: Option<&Lookup<'_>>, fingerprint: &str, expected: Option<String>) -> VaultMatch {
    let Some(lookup) = lookup else {
        return VaultMatch {
            status: VaultStatus::Unknown,
            expected_path: expected,
            paths: Vec::new(),
        };
    };
    let entries = lookup
        .by_fingerprint
        .get(fingerprint)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let current: Vec<&&IndexEntry> = entries.iter().filter(|e| e.current).collect();
    let places = |list: &[&&IndexEntry]| -> Vec<String> {
        let set: BTreeSet<String> = list.iter().map(|e| e.place()).collect();
        set.into_iter().collect()
    };
    let expected_norm = expected.as_deref().map(|p| normalise(p, lookup.index));
    let (status, paths) = if !current.is_empty() {
        let at_expected = expected_norm.as_ref().is_some_and(|want| {
            current
                .iter()
                .any(|e| &format!("{}/{}", e.mount, e.path) == want)
        });
        if at_expected {
            (VaultStatus::AtExpectedPath, places(&current))
        } else {
            (VaultStatus::Elsewhere, places(&current))
        }
    } else if !entries.is_empty() {
        let all: Vec<&&IndexEntry> = entries.iter().collect();
        (VaultStatus::Rotated, places(&all))
    } else if lookup.index.complete {
        (VaultStatus::NotInVault, Vec::new())
    } else {
        // Part of Vault could not be read: "no match" proves nothing.
        (VaultStatus::Unknown, Vec::new())
    };
    VaultMatch {
        status,
        expected_path: expected,
        paths,
    }
}
