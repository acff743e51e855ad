//! Repository and Vault hygiene from the runbooks, reported as findings of kind `posture`:
//! text-level checks come from `rules/posture.toml` (Azure Key Vault residue, `vault
//! operator init` output, `tls_disable`, file storage) and run in the matcher's single
//! pass; the checks that need the repository (a `.env` tracked by git, a `.gitignore`
//! that does not ignore `.env` or `.env.backup.*`) run here once the walk is done; the
//! `.env` content checks (a template holding values, a dev-mode root token) run in the
//! structured analysis.
//!
//! A posture finding's fingerprint is the keyed hash of rule id and path, so before and
//! after reports line up; its preview is the rule's description, never file content.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::detect::rules::{parse_rules, LoadedRule, Rule, RuleError};
use crate::detect::structured::analyze::{ids, posture_identity};
use crate::detect::structured::{is_dotenv_name, is_env_template_name};
use crate::detect::Matcher;
use crate::finding::{AuditKey, FindingKind, Fingerprint, Severity};

/// The text-level posture rules (`rules/posture.toml`, embedded).
const POSTURE_RULES: &str = include_str!("../rules/posture.toml");

/// Rule id: a `.env` file (not a template) is tracked by git.
pub const ENV_TRACKED: &str = "vp.posture.env-tracked.1";
/// Rule id: the `.gitignore` does not ignore `.env`.
pub const GITIGNORE_ENV: &str = "vp.posture.gitignore-env.1";
/// Rule id: the `.gitignore` does not ignore `.env.backup.*`.
pub const GITIGNORE_ENV_BACKUP: &str = "vp.posture.gitignore-env-backup.1";

/// The text-level posture rules, for the matcher.
pub fn keyword_rules() -> Result<Vec<LoadedRule>, RuleError> {
    parse_rules(Path::new("builtin:posture.toml"), POSTURE_RULES)
}

/// Rules the scan reports under without a keyword pass: the structured judge's generic
/// secret and the posture checks made from the repository or a file's structure.
pub fn structural_rules() -> Vec<Rule> {
    let rule = Rule::structural;
    vec![
        rule(
            ids::GENERIC_SECRET,
            "Secret value under a secret-named key (structured file)",
            "generic",
            FindingKind::GenericSecret,
            Severity::High,
        ),
        rule(
            ids::ENV_TEMPLATE_VALUES,
            ".env template holds values instead of references",
            "repository",
            FindingKind::Posture,
            Severity::Medium,
        ),
        rule(
            ids::VAULT_DEV_ROOT_TOKEN,
            "Vault dev-mode root token in an .env file",
            "vault",
            FindingKind::Posture,
            Severity::High,
        ),
        rule(
            ENV_TRACKED,
            ".env file tracked by git (git rm --cached, then rotate its secrets)",
            "repository",
            FindingKind::Posture,
            Severity::High,
        ),
        rule(
            GITIGNORE_ENV,
            ".gitignore does not ignore .env",
            "repository",
            FindingKind::Posture,
            Severity::Medium,
        ),
        rule(
            GITIGNORE_ENV_BACKUP,
            ".gitignore does not ignore .env.backup.*",
            "repository",
            FindingKind::Posture,
            Severity::Medium,
        ),
    ]
}

/// Whether a text-level posture match applies at `path`: Vault server settings that are
/// fine for a dev server (`tls_disable`, file storage) are only reported outside paths
/// that say dev, local, test or example.
pub fn applies(rule_id: &str, path: &str) -> bool {
    if rule_id != "vp.posture.vault-tls-disabled.1" && rule_id != "vp.posture.vault-file-storage.1"
    {
        return true;
    }
    let lower = path.to_ascii_lowercase();
    !lower.split(['/', '.', '-', '_']).any(|part| {
        matches!(
            part,
            "dev" | "local" | "test" | "tests" | "example" | "examples" | "sample" | "docs"
        )
    })
}

/// A posture finding made from the repository, located in a file of a scanned root.
#[derive(Debug)]
pub struct RepoHit {
    /// Index of the rule in the matcher.
    pub rule: usize,
    /// Keyed hash of rule id and path.
    pub fingerprint: Fingerprint,
    /// The rule's description.
    pub redacted: String,
    /// Index of the scanned root.
    pub root: usize,
    /// Path relative to the root.
    pub path: String,
}

/// The repository checks for every root: `.env` files (from the walk: `(root, path)`)
/// tracked by git, and a `.gitignore` that does not ignore `.env` / `.env.backup.*`
/// (checked only for roots where the walk saw a `.env`-family file).
pub fn repo_checks(
    roots: &[PathBuf],
    env_files: &[(usize, String)],
    matcher: &Matcher,
    key: &AuditKey,
) -> Vec<RepoHit> {
    let mut hits = Vec::new();
    let mut push = |id: &str, root: usize, path: &str| {
        if let Some(rule) = matcher.rule_index(id) {
            let name = &matcher.rules()[rule].rule.name;
            let (fingerprint, redacted) = posture_identity(id, name, path, key);
            hits.push(RepoHit {
                rule,
                fingerprint,
                redacted,
                root,
                path: path.to_string(),
            });
        }
    };
    let roots_with_env: BTreeSet<usize> = env_files
        .iter()
        .filter(|(_, p)| is_dotenv_name(p))
        .map(|(r, _)| *r)
        .collect();
    for &index in &roots_with_env {
        let root = &roots[index];
        if !root.is_dir() {
            continue;
        }
        let repo = crate::source::gitdir::discover(root);
        let workdir = repo
            .as_ref()
            .and_then(|r| r.workdir())
            .and_then(|w| w.canonicalize().ok());
        let root_in_repo = workdir.as_ref().and_then(|w| {
            root.canonicalize()
                .ok()
                .and_then(|r| r.strip_prefix(w).ok().map(Path::to_path_buf))
        });
        let tracked: BTreeSet<Vec<u8>> = repo
            .as_ref()
            .and_then(|r| r.index().ok())
            .map(|index| index.iter().map(|e| e.path).collect())
            .unwrap_or_default();
        for (_, path) in env_files.iter().filter(|(r, _)| *r == index) {
            if is_env_template_name(path) || !is_dotenv_name(path) {
                continue;
            }
            if let Some(prefix) = &root_in_repo {
                let key = prefix
                    .join(path)
                    .to_string_lossy()
                    .replace(std::path::MAIN_SEPARATOR, "/");
                if tracked.contains(key.as_bytes()) {
                    push(ENV_TRACKED, index, path);
                }
            }
        }
        let ignored = |name: &str| -> Option<bool> {
            match (&repo, &root_in_repo) {
                (Some(repo), Some(prefix)) => repo.is_path_ignored(prefix.join(name)).ok(),
                _ => {
                    let gitignore = root.join(".gitignore");
                    if !gitignore.is_file() {
                        return None;
                    }
                    let mut builder = ignore::gitignore::GitignoreBuilder::new(root);
                    builder.add(&gitignore);
                    let matcher = builder.build().ok()?;
                    Some(matcher.matched(root.join(name), false).is_ignore())
                }
            }
        };
        if ignored(".env") == Some(false) {
            push(GITIGNORE_ENV, index, ".gitignore");
        }
        if ignored(".env.backup.20250101") == Some(false) {
            push(GITIGNORE_ENV_BACKUP, index, ".gitignore");
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::Scratch;

    /// Every posture rule finds each of its examples and none of its negative examples.
    #[test]
    fn every_posture_rule_matches_its_examples_and_not_its_negative_examples() {
        let rules = keyword_rules().unwrap();
        let matcher = Matcher::new(rules.clone()).unwrap();
        let mut scratch = Scratch::default();
        let mut failures = Vec::new();
        for LoadedRule { rule, .. } in rules {
            assert_eq!(rule.kind, FindingKind::Posture, "{}", rule.id);
            for example in &rule.examples {
                let mut out = Vec::new();
                matcher.find(example.as_bytes(), &mut scratch, &mut out);
                if !out
                    .iter()
                    .any(|c| matcher.rules()[c.rule].rule.id == rule.id)
                {
                    failures.push(format!("{}: example not found: {example:?}", rule.id));
                }
            }
            for example in &rule.negative_examples {
                let mut out = Vec::new();
                matcher.find(example.as_bytes(), &mut scratch, &mut out);
                if out
                    .iter()
                    .any(|c| matcher.rules()[c.rule].rule.id == rule.id)
                {
                    failures.push(format!(
                        "{}: negative example matched: {example:?}",
                        rule.id
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn dev_server_settings_are_fine_in_dev_paths() {
        assert!(applies(
            "vp.posture.vault-tls-disabled.1",
            "deploy/vault/prod.hcl"
        ));
        assert!(!applies(
            "vp.posture.vault-tls-disabled.1",
            "deploy/vault/dev.hcl"
        ));
        assert!(!applies(
            "vp.posture.vault-file-storage.1",
            "examples/vault.hcl"
        ));
        assert!(applies(
            "vp.posture.azure-keyvault-host.1",
            "examples/app.json"
        ));
    }
}
