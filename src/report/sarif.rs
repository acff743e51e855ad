//! SARIF 2.1.0 for code-scanning UIs: one rule per vaultproof rule that fired (with help
//! text), one result per finding location, `partialFingerprints` from our keyed
//! fingerprints; failed and unknown checklist items become results of their own rule.
//! Hand-modelled (only the parts we write), as cargo-deny does.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::model::CheckStatus;
use super::view;
use super::Report;
use crate::finding::{Finding, FindingKind, GitStatus, SecretStatus, Severity};

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";
const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    results: Vec<SarifResult>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<String, ArtifactLocation>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'a str,
    version: &'a str,
    semantic_version: &'a str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    #[serde(rename = "security-severity")]
    security_severity: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<ResultLocation>,
    partial_fingerprints: BTreeMap<String, String>,
    properties: BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
}

/// The SARIF level for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` (0-10) for a severity.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// What to do about a finding of this kind, in a sentence.
fn remedy(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::ProviderSecret | FindingKind::GenericSecret | FindingKind::PrivateKey => {
            "Move the credential into Vault at its expected path, read it from there (agent, \
             template or SDK) instead of from this file, and rotate it: a value that was \
             committed stays readable in git history."
        }
        FindingKind::Endpoint => {
            "Reach this system of record through the broker (the Vault-backed credential \
             path), not directly from this file."
        }
        FindingKind::Posture => "Fix the configuration as the runbook says.",
        FindingKind::PasswordHash => {
            "Remove the hash from the repository and rotate the password it protects: a weak \
             password is recovered from its hash offline. Keep the account's credential in \
             Vault."
        }
    }
}

fn rule_for(finding: &Finding) -> Rule {
    let what = match finding.kind {
        FindingKind::ProviderSecret => "provider credential",
        FindingKind::GenericSecret => "secret",
        FindingKind::PrivateKey => "private key",
        FindingKind::Endpoint => "system-of-record endpoint",
        FindingKind::Posture => "posture issue",
        FindingKind::PasswordHash => "password hash",
    };
    let short = format!("{} ({what} in plaintext)", finding.rule_name);
    let help = remedy(finding.kind);
    Rule {
        id: finding.rule_id.clone(),
        name: finding.rule_name.clone(),
        short_description: Text {
            text: short.clone(),
        },
        full_description: Text {
            text: format!(
                "vaultproof rule {} found a {what} of provider {}.",
                finding.rule_id, finding.provider
            ),
        },
        help: Help {
            text: help.to_string(),
            markdown: format!("**{short}**\n\n{help}"),
        },
        default_configuration: Configuration {
            level: level(finding.severity),
        },
        properties: RuleProperties {
            tags: vec![
                "security".to_string(),
                "secrets".to_string(),
                finding.kind.as_str().to_string(),
            ],
            security_severity: security_severity(finding.severity).to_string(),
        },
    }
}

/// The per-location identity: SHA-256 of rule, fingerprint and path (our findings are
/// identified by rule, fingerprint and path, not by line numbers).
fn location_identity(rule_id: &str, fingerprint: &str, path: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [rule_id, fingerprint, path] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hex::encode(hasher.finalize())
}

/// Writes `report` as a SARIF 2.1.0 log.
pub fn write(report: &Report, mut out: impl Write) -> std::io::Result<()> {
    let tool = &report.tool;
    let mut rules: Vec<Rule> = Vec::new();
    let mut rule_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut results = Vec::new();
    let several_roots = report.roots.len() > 1;
    let mut bases = BTreeMap::new();
    for finding in &report.findings {
        let index = *rule_index
            .entry(finding.rule_id.clone())
            .or_insert_with(|| {
                rules.push(rule_for(finding));
                rules.len() - 1
            });
        let history = match finding.status {
            Some(SecretStatus::HistoryOnly) => {
                " It is only in git history now: rotate it, deleting the file did not un-leak it."
            }
            _ => "",
        };
        let vault = view::vault_status_name(finding.vault.as_ref());
        for location in &finding.locations {
            let mut message = format!(
                "{} ({}, redacted {}); Vault status: {vault}.{history}",
                finding.rule_name,
                finding.severity,
                finding.redacted.replace('…', "...")
            );
            if location.git == GitStatus::History {
                if let Some(commit) = &location.commit {
                    message.push_str(&format!(" Seen in commit {}.", view::short_commit(commit)));
                }
            }
            let base = several_roots.then(|| {
                let id = format!(
                    "ROOT{}",
                    report
                        .roots
                        .iter()
                        .position(|r| *r == location.root)
                        .unwrap_or(0)
                );
                bases.entry(id.clone()).or_insert_with(|| {
                    // A file given on the command line is its own path: its base is
                    // the directory it sits in.
                    let uri = if view::is_file_root(location) {
                        let directory = view::root_directory(&location.root);
                        match view::root_label(directory) {
                            label if directory.is_empty() || label == "/" => "./".to_string(),
                            label => format!("{label}/"),
                        }
                    } else {
                        format!("{}/", view::root_label(&location.root))
                    };
                    ArtifactLocation {
                        uri,
                        uri_base_id: None,
                    }
                });
                id
            });
            let mut partial = BTreeMap::new();
            partial.insert(
                "vaultproofFingerprint/v1".to_string(),
                finding.fingerprint.0.clone(),
            );
            partial.insert(
                "vaultproofLocation/v1".to_string(),
                location_identity(&finding.rule_id, &finding.fingerprint.0, &location.path),
            );
            let mut properties = BTreeMap::new();
            properties.insert("severity".to_string(), finding.severity.as_str().into());
            properties.insert("kind".to_string(), finding.kind.as_str().into());
            properties.insert("vaultStatus".to_string(), vault.into());
            properties.insert(
                "historyStatus".to_string(),
                view::history_status_name(finding.status).into(),
            );
            if let Some(key_path) = &location.key_path {
                properties.insert("keyPath".to_string(), key_path.clone().into());
            }
            results.push(SarifResult {
                rule_id: finding.rule_id.clone(),
                rule_index: index,
                level: level(finding.severity),
                message: Text { text: message },
                locations: vec![ResultLocation {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: uri_of(&location.path),
                            uri_base_id: base,
                        },
                        region: Some(Region {
                            start_line: location.line.max(1),
                            start_column: location.column.max(1),
                        }),
                    },
                }],
                partial_fingerprints: partial,
                properties,
            });
        }
    }
    if let Some(audit) = &report.audit {
        for checklist in &audit.checklists {
            for item in &checklist.items {
                if !matches!(item.status, CheckStatus::Fail | CheckStatus::Unknown) {
                    continue;
                }
                let id = format!("audit/{}", item.id);
                let index = *rule_index.entry(id.clone()).or_insert_with(|| {
                    rules.push(Rule {
                        id: id.clone(),
                        name: item.id.clone(),
                        short_description: Text {
                            text: item.text.clone(),
                        },
                        full_description: Text {
                            text: format!(
                                "{} ({}): {}",
                                checklist.title, item.source.section, item.text
                            ),
                        },
                        help: Help {
                            text: item.fix.clone(),
                            markdown: format!("**{}**\n\n{}", item.text, item.fix),
                        },
                        default_configuration: Configuration {
                            level: level(item.severity),
                        },
                        properties: RuleProperties {
                            tags: vec![
                                "security".to_string(),
                                "audit".to_string(),
                                checklist.id.clone(),
                            ],
                            security_severity: security_severity(item.severity).to_string(),
                        },
                    });
                    rules.len() - 1
                });
                let locations = item
                    .evidence
                    .locations
                    .iter()
                    .filter(|l| l.commit.is_none())
                    .take(10)
                    .map(|l| ResultLocation {
                        physical_location: PhysicalLocation {
                            artifact_location: ArtifactLocation {
                                uri: uri_of(&l.path),
                                uri_base_id: None,
                            },
                            region: (l.line > 0).then_some(Region {
                                start_line: l.line,
                                start_column: 1,
                            }),
                        },
                    })
                    .collect();
                let mut partial = BTreeMap::new();
                partial.insert("vaultproofAuditItem/v1".to_string(), item.id.clone());
                let mut properties = BTreeMap::new();
                properties.insert(
                    "status".to_string(),
                    view::check_status_name(item.status).into(),
                );
                properties.insert("checklist".to_string(), checklist.id.clone().into());
                results.push(SarifResult {
                    rule_id: id,
                    rule_index: index,
                    level: if item.status == CheckStatus::Fail {
                        level(item.severity)
                    } else {
                        "note"
                    },
                    message: Text {
                        text: format!(
                            "{} {}: {}",
                            item.id,
                            view::check_status_label(item.status),
                            item.evidence.statement
                        ),
                    },
                    locations,
                    partial_fingerprints: partial,
                    properties,
                });
            }
        }
    }
    let log = Log {
        schema: SARIF_SCHEMA,
        version: SARIF_VERSION,
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: &tool.name,
                    version: &tool.version,
                    semantic_version: &tool.version,
                    rules,
                },
            },
            results,
            original_uri_base_ids: bases,
        }],
    };
    serde_json::to_writer_pretty(&mut out, &log)?;
    out.write_all(b"\n")
}

/// A relative path as a URI reference: each segment percent-encoded where needed.
fn uri_of(path: &str) -> String {
    let path = view::safe_path(path);
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri_of("a b/c#d.env"), "a%20b/c%23d.env");
        assert_eq!(uri_of("config/.env"), "config/.env");
    }

    #[test]
    fn location_identity_depends_on_path_not_line() {
        let a = location_identity("r", "f", "a.env");
        assert_eq!(a, location_identity("r", "f", "a.env"));
        assert_ne!(a, location_identity("r", "f", "b.env"));
    }
}
