//! Checks decided from the scan's findings: plaintext secrets by file class, findings of
//! given rules, direct system-of-record endpoints, the Phase 1 inventory, and secrets
//! left in git history.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{class_names, credentials, is_credential, Ctx, Outcome};
use crate::audit::repo::{glob_set, FileClass};
use crate::finding::{Finding, FindingKind, GitStatus, SecretStatus};
use crate::report::model::{EvidenceLocation, VaultStatus};

/// `scan.no_plaintext`: which files must hold no plaintext secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaintextParams {
    /// File classes (`agent_config`, `dotenv`, `env_template`, `source`, `config`,
    /// `docs`, `other`) or `any`.
    pub classes: Vec<String>,
    /// Only these providers (`stripe`, `aws`...); empty: all.
    #[serde(default)]
    pub providers: Vec<String>,
    /// Leave out files git ignores (a local `.env` is not "in the repository").
    #[serde(default)]
    pub exclude_ignored: bool,
}

/// `scan.no_findings`: rules that must have no finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingsParams {
    /// Rule ids.
    pub rules: Vec<String>,
    /// Also findings only in git history.
    #[serde(default)]
    pub include_history: bool,
}

/// `scan.no_direct_endpoints`: the file classes agent code lives in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointParams {
    /// File classes (as for `scan.no_plaintext`).
    pub classes: Vec<String>,
}

/// `inventory.document` and `inventory.complete`: where the inventory document may be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentParams {
    /// Globs of candidate documents.
    pub files: Vec<String>,
}

fn location_of(
    finding: &Finding,
    pick: impl Fn(&crate::finding::Location) -> bool,
) -> Vec<EvidenceLocation> {
    finding
        .locations
        .iter()
        .filter(|l| pick(l))
        .map(|l| EvidenceLocation {
            path: l.path.clone(),
            line: l.line,
            commit: l.commit.clone(),
        })
        .collect()
}

fn class_list(classes: &[FileClass], any: bool) -> String {
    if any {
        "any".to_string()
    } else {
        classes
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// No credential finding in a tree file of the given classes.
pub fn no_plaintext(ctx: &Ctx<'_>, p: &PlaintextParams) -> Outcome {
    let any = p.classes.iter().any(|c| c == "any");
    let classes = class_names(&p.classes);
    let wanted = |path: &str| any || classes.contains(&FileClass::of(path));
    let ignored: BTreeSet<&str> = ctx
        .repo
        .files
        .iter()
        .filter(|f| f.ignored)
        .map(|f| f.path.as_str())
        .collect();
    let subject: Vec<_> = ctx
        .repo
        .files
        .iter()
        .filter(|f| wanted(&f.path) && !(p.exclude_ignored && f.ignored))
        .collect();
    let names = class_list(&classes, any);
    if subject.is_empty() {
        return Outcome::not_applicable(format!(
            "No file of class {names} is in the repository: nothing to check."
        ))
        .count("files", 0);
    }
    if ctx.report.stats.files == 0 {
        return Outcome::unknown("The scan read no file.");
    }
    let mut fingerprints = Vec::new();
    let mut places = Vec::new();
    for finding in ctx.report.findings.iter().filter(|f| is_credential(f)) {
        if !p.providers.is_empty() && !p.providers.contains(&finding.provider) {
            continue;
        }
        let hits = location_of(finding, |l| {
            l.git != GitStatus::History
                && wanted(&l.path)
                && !(p.exclude_ignored
                    && (l.git == GitStatus::Ignored || ignored.contains(l.path.as_str())))
        });
        if !hits.is_empty() {
            fingerprints.push(finding.fingerprint.0.clone());
            places.extend(hits);
        }
    }
    // The repository's own allowlist cannot vouch for it: a secret it suppresses still
    // fails the item (the audit's evidence comes from the command line only).
    let is_credential_rule =
        |rule: &str| !rule.starts_with("vp.posture.") && !rule.starts_with("vp.endpoint.");
    let left_out = |path: &str| p.exclude_ignored && ignored.contains(path);
    for entry in ctx
        .report
        .suppressed
        .entries
        .iter()
        .filter(|e| wanted(&e.path) && is_credential_rule(&e.rule_id))
        .filter(|e| !left_out(&e.path))
    {
        fingerprints.push(entry.fingerprint.0.clone());
        places.push(EvidenceLocation {
            path: entry.path.clone(),
            line: entry.line,
            commit: None,
        });
    }
    fingerprints.sort();
    fingerprints.dedup();
    if fingerprints.is_empty() {
        Outcome::pass(format!(
            "{} file(s) of class {names} scanned; none holds a plaintext secret.",
            subject.len()
        ))
        .count("files", subject.len())
    } else {
        Outcome::fail(format!(
            "{} plaintext secret(s) in {} place(s) in files of class {names}.",
            fingerprints.len(),
            places.len()
        ))
        .count("files", subject.len())
        .count("secrets", fingerprints.len())
        .count("places", places.len())
        .fingerprints(fingerprints)
        .locations(places)
    }
}

/// No finding of the given rules (in the tree, and in history if asked).
pub fn no_findings(ctx: &Ctx<'_>, p: &FindingsParams) -> Outcome {
    if ctx.report.stats.files == 0 && ctx.report.history.is_empty() {
        return Outcome::unknown("The scan read no file and no history.");
    }
    let history_missing = p.include_history && ctx.repo.is_git && ctx.report.history.is_empty();
    let mut fingerprints = Vec::new();
    let mut places = Vec::new();
    for finding in ctx
        .report
        .findings
        .iter()
        .filter(|f| p.rules.contains(&f.rule_id))
    {
        let hits = location_of(finding, |l| {
            p.include_history || l.git != GitStatus::History
        });
        if !hits.is_empty() {
            fingerprints.push(finding.fingerprint.0.clone());
            places.extend(hits);
        }
    }
    let rules = p.rules.join(", ");
    if !places.is_empty() {
        return Outcome::fail(format!("{} finding(s) of {rules}.", places.len()))
            .count("places", places.len())
            .fingerprints(fingerprints)
            .locations(places);
    }
    if history_missing {
        return Outcome::unknown(format!(
            "No finding of {rules} in the {} scanned file(s), but the git history was not scanned.",
            ctx.report.stats.files
        ));
    }
    let commits: usize = ctx.report.history.iter().map(|h| h.commits).sum();
    Outcome::pass(format!(
        "No finding of {rules} in {} file(s){}.",
        ctx.report.stats.files,
        if p.include_history {
            format!(" and {commits} commit(s)")
        } else {
            String::new()
        }
    ))
    .count("files", ctx.report.stats.files as usize)
    .count("commits", commits)
}

/// No system-of-record endpoint finding in tree files of the given classes.
pub fn no_direct_endpoints(ctx: &Ctx<'_>, p: &EndpointParams) -> Outcome {
    let any = p.classes.iter().any(|c| c == "any");
    let classes = class_names(&p.classes);
    let wanted = |path: &str| any || classes.contains(&FileClass::of(path));
    let subject = ctx.repo.files.iter().filter(|f| wanted(&f.path)).count();
    let names = class_list(&classes, any);
    if subject == 0 {
        return Outcome::not_applicable(format!(
            "No agent code or configuration (class {names}) is in the repository."
        ));
    }
    let mut places = Vec::new();
    let mut systems = BTreeSet::new();
    for finding in ctx
        .report
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Endpoint)
    {
        let hits = location_of(finding, |l| l.git != GitStatus::History && wanted(&l.path));
        if !hits.is_empty() {
            systems.insert(finding.provider.clone());
            places.extend(hits);
        }
    }
    if places.is_empty() {
        Outcome::pass(format!(
            "{subject} file(s) of class {names} scanned; none calls a system-of-record endpoint directly."
        ))
        .count("files", subject)
    } else {
        Outcome::fail(format!(
            "{} direct call(s) to system-of-record endpoints ({}) in agent code or configuration.",
            places.len(),
            systems.into_iter().collect::<Vec<_>>().join(", ")
        ))
        .count("files", subject)
        .count("places", places.len())
        .locations(places)
    }
}

/// The inventory documents: candidate files whose text has an endpoint column or list.
fn inventory_documents<'a>(
    ctx: &'a Ctx<'_>,
    p: &DocumentParams,
) -> (Vec<&'a str>, Vec<(String, String)>) {
    let mut candidates = Vec::new();
    let mut documents = Vec::new();
    let Some(set) = glob_set(&p.files) else {
        return (candidates, documents);
    };
    for file in ctx.repo.files.iter().filter(|f| set.is_match(&f.path)) {
        candidates.push(file.path.as_str());
        if let Some(text) = ctx.repo.text(file) {
            let lower = text.to_ascii_lowercase();
            if lower.contains("endpoint") && (lower.contains('|') || lower.contains(',')) {
                documents.push((file.path.clone(), lower));
            }
        }
    }
    (candidates, documents)
}

/// A Phase 1 inventory document (a table with an endpoint column) is in the repository.
pub fn inventory_document(ctx: &Ctx<'_>, p: &DocumentParams) -> Outcome {
    let (candidates, documents) = inventory_documents(ctx, p);
    if let Some((path, _)) = documents.first() {
        Outcome::pass(format!(
            "The inventory document {path} lists system-of-record endpoints."
        ))
        .locations(documents.iter().map(|(path, _)| EvidenceLocation {
            path: path.clone(),
            line: 0,
            commit: None,
        }))
    } else if candidates.is_empty() {
        Outcome::fail(format!(
            "No inventory document in the repository (looked for {}).",
            p.files.join(", ")
        ))
    } else {
        Outcome::fail(format!(
            "{} has no table of endpoints and credentials.",
            candidates.join(", ")
        ))
    }
}

/// Every credential found (tree, history, before report) is named in the inventory document.
pub fn inventory_complete(ctx: &Ctx<'_>, p: &DocumentParams) -> Outcome {
    let creds = credentials(ctx);
    if creds.is_empty() {
        return Outcome::unknown(
            "No credential found in the tree, its history or a before report: nothing to match \
             the inventory against (give --before REPORT.json from the audit before the migration).",
        );
    }
    let (_, documents) = inventory_documents(ctx, p);
    if documents.is_empty() {
        return Outcome::fail(format!(
            "{} credential(s) found but no inventory document lists them (looked for {}).",
            creds.len(),
            p.files.join(", ")
        ))
        .count("credentials", creds.len())
        .fingerprints(creds.iter().map(|c| c.fingerprint.clone()));
    }
    let listed = |needle: &str| {
        let needle = needle.trim().to_ascii_lowercase();
        needle.len() >= 3 && documents.iter().any(|(_, text)| text.contains(&needle))
    };
    let host = |endpoint: &str| {
        endpoint
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .replace("[.]", ".")
            .split(['/', ':'])
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let missing: Vec<_> = creds
        .iter()
        .filter(|c| {
            !(listed(&c.key)
                || listed(&host(&c.endpoint))
                || (c.system != "generic" && listed(&c.system)))
        })
        .collect();
    let docs: Vec<_> = documents.iter().map(|(p, _)| p.as_str()).collect();
    if missing.is_empty() {
        Outcome::pass(format!(
            "All {} credential(s) found are named (by key, endpoint or system) in {}.",
            creds.len(),
            docs.join(", ")
        ))
        .count("credentials", creds.len())
    } else {
        Outcome::fail(format!(
            "{} of {} credential(s) are not in the inventory document {}: {}.",
            missing.len(),
            creds.len(),
            docs.join(", "),
            missing
                .iter()
                .take(10)
                .map(|c| format!("{} ({}, {})", c.name(), c.origin.as_str(), c.place.path))
                .collect::<Vec<_>>()
                .join("; ")
        ))
        .count("credentials", creds.len())
        .count("missing", missing.len())
        .fingerprints(missing.iter().map(|c| c.fingerprint.clone()))
        .locations(missing.iter().map(|c| c.place.clone()))
    }
}

/// Every credential committed to history is rotated: not in the tree any more, and Vault
/// holds it only in an older version.
pub fn history_rotated(ctx: &Ctx<'_>) -> Outcome {
    if !ctx.repo.is_git {
        return Outcome::not_applicable("Not a git repository: there is no history.");
    }
    if ctx.report.history.is_empty() {
        return Outcome::unknown("The git history was not scanned.");
    }
    let commits: usize = ctx.report.history.iter().map(|h| h.commits).sum();
    let leaked: Vec<&Finding> = ctx
        .report
        .findings
        .iter()
        .filter(|f| is_credential(f) && f.locations.iter().any(|l| l.git == GitStatus::History))
        .collect();
    if leaked.is_empty() {
        return Outcome::pass(format!(
            "{commits} commit(s) scanned; no secret in history."
        ))
        .count("commits", commits);
    }
    let mut live = Vec::new();
    let mut unknown = Vec::new();
    let mut rotated = 0;
    for finding in &leaked {
        let in_tree = matches!(
            finding.status,
            Some(SecretStatus::InHead) | Some(SecretStatus::InWorkingTree)
        ) || finding
            .locations
            .iter()
            .any(|l| l.git != GitStatus::History);
        let replaced = |v: &crate::report::model::VaultMatch| {
            v.status == VaultStatus::NotInVault
                && ctx.report.vault.as_ref().is_some_and(|section| {
                    v.expected_path
                        .as_deref()
                        .is_some_and(|p| super::vault::secret_exists(section, p))
                })
        };
        match (&finding.vault, in_tree) {
            (_, true) => live.push(*finding),
            (Some(v), false) if v.status == VaultStatus::Rotated || replaced(v) => rotated += 1,
            (Some(v), false)
                if matches!(
                    v.status,
                    VaultStatus::AtExpectedPath | VaultStatus::Elsewhere
                ) =>
            {
                live.push(*finding)
            }
            _ => unknown.push(*finding),
        }
    }
    let places = |list: &[&Finding]| -> Vec<EvidenceLocation> {
        list.iter()
            .flat_map(|f| location_of(f, |l| l.git == GitStatus::History))
            .collect()
    };
    if !live.is_empty() {
        Outcome::fail(format!(
            "{} of {} secret(s) committed to history are still live (in the tree, or the current \
             value in Vault); {rotated} rotated.",
            live.len(),
            leaked.len()
        ))
        .count("in_history", leaked.len())
        .count("live", live.len())
        .count("rotated", rotated)
        .fingerprints(live.iter().map(|f| f.fingerprint.0.clone()))
        .locations(places(&live))
    } else if !unknown.is_empty() {
        Outcome::unknown(format!(
            "{} of {} secret(s) committed to history are gone from the tree, but Vault evidence \
             does not show them rotated (not in Vault, or no Vault evidence); {rotated} rotated.",
            unknown.len(),
            leaked.len()
        ))
        .count("in_history", leaked.len())
        .count("unproven", unknown.len())
        .count("rotated", rotated)
        .fingerprints(unknown.iter().map(|f| f.fingerprint.0.clone()))
        .locations(places(&unknown))
    } else {
        Outcome::pass(format!(
            "All {} secret(s) committed to history are rotated: Vault holds them only in older \
             versions, or holds a newer value at their path.",
            leaked.len()
        ))
        .count("in_history", leaked.len())
        .count("rotated", rotated)
        .count("commits", commits)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ctx, finding, report};
    use super::*;
    use crate::audit::repo::Repo;
    use crate::report::model::{CheckStatus, VaultMatch};
    use crate::source::git::HistorySummary;

    fn params(classes: &[&str]) -> PlaintextParams {
        PlaintextParams {
            classes: classes.iter().map(|s| s.to_string()).collect(),
            providers: vec![],
            exclude_ignored: false,
        }
    }

    #[test]
    fn no_plaintext_pass_fail_not_applicable() {
        let repo = Repo::in_memory(
            &[(".mcp.json", "{}", true), ("app.py", "", true)],
            true,
            &[],
        );
        let bad = report(vec![finding(
            "vp.stripe.1",
            FindingKind::ProviderSecret,
            ".mcp.json",
            GitStatus::Tracked,
            "f1",
        )]);
        let out = no_plaintext(&ctx(&bad, &repo), &params(&["agent_config"]));
        assert_eq!(out.status, CheckStatus::Fail);
        assert_eq!(out.evidence.fingerprints, ["f1"]);
        assert_eq!(out.evidence.locations[0].path, ".mcp.json");
        let in_code = report(vec![finding(
            "vp.stripe.1",
            FindingKind::ProviderSecret,
            "app.py",
            GitStatus::Tracked,
            "f1",
        )]);
        assert_eq!(
            no_plaintext(&ctx(&in_code, &repo), &params(&["agent_config"])).status,
            CheckStatus::Pass
        );
        let no_agents = Repo::in_memory(&[("app.py", "", true)], true, &[]);
        assert_eq!(
            no_plaintext(&ctx(&in_code, &no_agents), &params(&["agent_config"])).status,
            CheckStatus::NotApplicable
        );
        let mut empty = report(vec![]);
        empty.stats.files = 0;
        assert_eq!(
            no_plaintext(&ctx(&empty, &repo), &params(&["any"])).status,
            CheckStatus::Unknown
        );
    }

    #[test]
    fn no_plaintext_ignores_the_repositorys_own_allowlist() {
        use crate::baseline::SuppressionReason;
        use crate::finding::Fingerprint;
        use crate::report::SuppressedEntry;
        let repo = Repo::in_memory(&[(".mcp.json", "{}", true)], true, &[]);
        let mut r = report(vec![]);
        r.suppressed.entries.push(SuppressedEntry {
            rule_id: "vp.stripe.secret-key.1".into(),
            fingerprint: Fingerprint("f9".into()),
            path: ".mcp.json".into(),
            line: 4,
            reason: SuppressionReason::AllowlistPath,
        });
        let out = no_plaintext(&ctx(&r, &repo), &params(&["agent_config"]));
        assert_eq!(out.status, CheckStatus::Fail);
        assert_eq!(out.evidence.fingerprints, ["f9"]);
    }

    #[test]
    fn no_plaintext_can_leave_out_ignored_files() {
        let repo = Repo::in_memory(
            &[(".env", "A=1", false), ("app.py", "", true)],
            true,
            &[".env"],
        );
        let r = report(vec![finding(
            "r",
            FindingKind::GenericSecret,
            ".env",
            GitStatus::Ignored,
            "f1",
        )]);
        let mut p = params(&["any"]);
        assert_eq!(no_plaintext(&ctx(&r, &repo), &p).status, CheckStatus::Fail);
        p.exclude_ignored = true;
        assert_eq!(no_plaintext(&ctx(&r, &repo), &p).status, CheckStatus::Pass);
    }

    fn history(commits: usize) -> HistorySummary {
        HistorySummary {
            repository: ".".into(),
            refs: 1,
            commits,
            blobs: 1,
            blobs_scanned: 1,
            blob_bytes: 1,
            blobs_too_large: 0,
            blobs_binary: 0,
            submodules_skipped: 0,
            shallow: false,
            errors: vec![],
            ..Default::default()
        }
    }

    #[test]
    fn no_findings_pass_fail_unknown() {
        let repo = Repo::in_memory(&[("keys.txt", "", true)], true, &[]);
        let p = FindingsParams {
            rules: vec!["vp.posture.vault-init-output.1".into()],
            include_history: true,
        };
        let mut clean = report(vec![]);
        assert_eq!(
            no_findings(&ctx(&clean, &repo), &p).status,
            CheckStatus::Unknown
        );
        clean.history.push(history(3));
        assert_eq!(
            no_findings(&ctx(&clean, &repo), &p).status,
            CheckStatus::Pass
        );
        let mut bad = report(vec![finding(
            "vp.posture.vault-init-output.1",
            FindingKind::Posture,
            "keys.txt",
            GitStatus::History,
            "x",
        )]);
        bad.history.push(history(3));
        let out = no_findings(&ctx(&bad, &repo), &p);
        assert_eq!(out.status, CheckStatus::Fail);
        assert_eq!(out.evidence.locations[0].commit.as_deref(), Some("abc123"));
    }

    #[test]
    fn direct_endpoints_pass_fail_not_applicable() {
        let repo = Repo::in_memory(&[("agents/erp/sync.py", "", true)], true, &[]);
        let p = EndpointParams {
            classes: vec!["source".into()],
        };
        let bad = report(vec![finding(
            "vp.endpoint.erp.1",
            FindingKind::Endpoint,
            "agents/erp/sync.py",
            GitStatus::Tracked,
            "e",
        )]);
        assert_eq!(
            no_direct_endpoints(&ctx(&bad, &repo), &p).status,
            CheckStatus::Fail
        );
        let clean = report(vec![]);
        assert_eq!(
            no_direct_endpoints(&ctx(&clean, &repo), &p).status,
            CheckStatus::Pass
        );
        let empty = Repo::in_memory(&[("README.md", "", true)], true, &[]);
        assert_eq!(
            no_direct_endpoints(&ctx(&clean, &empty), &p).status,
            CheckStatus::NotApplicable
        );
    }

    #[test]
    fn inventory_document_and_completeness() {
        let p = DocumentParams {
            files: vec!["**/*inventory*.md".into()],
        };
        let doc = "| SoR Endpoint | Credential Type | Current Location |\n| stripe.com/v1 | Bearer | config |\n";
        let repo = Repo::in_memory(&[("docs/credential-inventory.md", doc, true)], true, &[]);
        let none = Repo::in_memory(&[("README.md", "", true)], true, &[]);
        let r = report(vec![finding(
            "vp.stripe.1",
            FindingKind::ProviderSecret,
            ".mcp.json",
            GitStatus::Tracked,
            "f1",
        )]);
        assert_eq!(
            inventory_document(&ctx(&r, &repo), &p).status,
            CheckStatus::Pass
        );
        assert_eq!(
            inventory_document(&ctx(&r, &none), &p).status,
            CheckStatus::Fail
        );
        assert_eq!(
            inventory_complete(&ctx(&r, &repo), &p).status,
            CheckStatus::Pass
        );
        let mut other = finding(
            "vp.jira.1",
            FindingKind::ProviderSecret,
            ".env",
            GitStatus::Tracked,
            "f2",
        );
        other.provider = "jira".into();
        other.locations[0].key_path = Some("JIRA_TOKEN".into());
        let r2 = report(vec![other]);
        let out = inventory_complete(&ctx(&r2, &repo), &p);
        assert_eq!(out.status, CheckStatus::Fail);
        assert_eq!(out.evidence.fingerprints, ["f2"]);
        assert_eq!(
            inventory_complete(&ctx(&report(vec![]), &repo), &p).status,
            CheckStatus::Unknown
        );
    }

    #[test]
    fn history_rotated_pass_fail_unknown() {
        let repo = Repo::in_memory(&[("a", "", true)], true, &[]);
        let mut leaked = finding(
            "vp.stripe.1",
            FindingKind::ProviderSecret,
            ".env",
            GitStatus::History,
            "f1",
        );
        leaked.status = Some(SecretStatus::HistoryOnly);
        let mut r = report(vec![leaked.clone()]);
        assert_eq!(
            history_rotated(&ctx(&r, &repo)).status,
            CheckStatus::Unknown
        );
        r.history.push(history(4));
        assert_eq!(
            history_rotated(&ctx(&r, &repo)).status,
            CheckStatus::Unknown
        );
        let with = |status| {
            let mut f = leaked.clone();
            f.vault = Some(VaultMatch {
                status,
                expected_path: None,
                paths: vec![],
            });
            let mut r = report(vec![f]);
            r.history.push(history(4));
            r
        };
        assert_eq!(
            history_rotated(&ctx(&with(VaultStatus::Rotated), &repo)).status,
            CheckStatus::Pass
        );
        assert_eq!(
            history_rotated(&ctx(&with(VaultStatus::AtExpectedPath), &repo)).status,
            CheckStatus::Fail
        );
        let mut clean = report(vec![]);
        clean.history.push(history(4));
        assert_eq!(
            history_rotated(&ctx(&clean, &repo)).status,
            CheckStatus::Pass
        );
        let not_git = Repo::in_memory(&[("a", "", false)], false, &[]);
        assert_eq!(
            history_rotated(&ctx(&clean, &not_git)).status,
            CheckStatus::NotApplicable
        );
    }
}

#[cfg(test)]
mod replaced_tests {
    use super::super::testing::{ctx, finding, report, vault};
    use super::*;
    use crate::audit::repo::Repo;
    use crate::report::model::{CheckStatus, VaultMatch, VaultSecret};
    use crate::source::git::HistorySummary;

    #[test]
    fn history_secret_replaced_at_its_path_is_rotated() {
        let repo = Repo::in_memory(&[("a", "", true)], true, &[]);
        let mut leaked = finding(
            "r",
            FindingKind::ProviderSecret,
            ".env",
            GitStatus::History,
            "f1",
        );
        leaked.vault = Some(VaultMatch {
            status: VaultStatus::NotInVault,
            expected_path: Some("kv/ws/stripe".into()),
            paths: vec![],
        });
        let mut r = report(vec![leaked]);
        r.history.push(HistorySummary {
            repository: ".".into(),
            refs: 1,
            commits: 2,
            blobs: 1,
            blobs_scanned: 1,
            blob_bytes: 1,
            blobs_too_large: 0,
            blobs_binary: 0,
            submodules_skipped: 0,
            shallow: false,
            errors: vec![],
            ..Default::default()
        });
        r.vault = Some(vault());
        assert_eq!(
            history_rotated(&ctx(&r, &repo)).status,
            CheckStatus::Unknown
        );
        r.vault.as_mut().unwrap().secrets.push(VaultSecret {
            mount: "kv".into(),
            path: "ws/stripe".into(),
            keys: vec!["api_key".into()],
            current_version: None,
            updated_time: None,
            created_time: None,
        });
        assert_eq!(history_rotated(&ctx(&r, &repo)).status, CheckStatus::Pass);
    }
}
