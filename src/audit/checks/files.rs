//! Checks decided from the repository's files and git facts: tracked files, ignore rules,
//! configuration keys (YAML, JSON, TOML parsed, not grepped), files present or absent,
//! documented text, references, Helm releases, External Secrets objects, retired
//! backends and environment variable names.

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Ctx, Outcome};
use crate::audit::repo::{glob_set, FileClass, RepoFile};
use crate::detect::judge::ReferenceKind;
use crate::finding::GitStatus;
use crate::report::model::EvidenceLocation;

/// Globs only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlobsParams {
    /// File globs (a glob without `/` matches at any depth).
    pub globs: Vec<String>,
}

/// `files.present`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresentParams {
    /// File globs.
    pub globs: Vec<String>,
    /// A path seen in git history (by the history scan's findings) also counts.
    #[serde(default)]
    pub include_history: bool,
}

/// `git.gitignore_has`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GitignoreParams {
    /// Paths (relative to the root) the ignore rules must ignore.
    pub samples: Vec<String>,
}

/// `config.key_equals`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyEqualsParams {
    /// Globs of YAML, JSON or TOML files.
    pub files: Vec<String>,
    /// Dotted key path (`credentials.provider`).
    pub key: String,
    /// The value it must have.
    pub value: String,
}

/// `text.present`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextParams {
    /// Globs of the files searched.
    pub files: Vec<String>,
    /// Regular expressions that must all be found.
    pub patterns: Vec<String>,
    /// All in one file.
    #[serde(default)]
    pub same_file: bool,
}

/// `refs.present`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefsParams {
    /// Globs of the files that must hold references.
    pub files: Vec<String>,
    /// Reference kind (`vault`, `external_secret`, `env_var`...).
    pub kind: ReferenceKind,
}

/// `yaml.key_exists`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YamlKeyParams {
    /// Globs of YAML files.
    pub files: Vec<String>,
    /// Key path; `[]` walks every element of a list (`releases[].chart`).
    pub key: String,
    /// A regular expression the value must match.
    pub pattern: String,
}

/// `refs.no_retired_backend`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesParams {
    /// Rule ids whose findings are references to the retired backend.
    pub rules: Vec<String>,
}

/// `env.key_preferred`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreferredParams {
    /// The variable name to use.
    pub prefer: String,
    /// The variable name not to use.
    pub over: String,
}

fn loc(path: &str, line: usize) -> EvidenceLocation {
    EvidenceLocation {
        path: path.to_string(),
        line,
        commit: None,
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// No file matching the globs is tracked by git.
pub fn not_tracked(ctx: &Ctx<'_>, p: &GlobsParams) -> Outcome {
    if !ctx.repo.is_git {
        return Outcome::not_applicable("Not a git repository: nothing is tracked.");
    }
    let matched = ctx.repo.matching(&p.globs);
    let tracked: Vec<_> = matched.iter().filter(|f| f.tracked).collect();
    let tracked_total = ctx.repo.files.iter().filter(|f| f.tracked).count();
    if tracked.is_empty() {
        Outcome::pass(format!(
            "git tracks {tracked_total} file(s); none matches {} ({} present untracked).",
            p.globs.join(", "),
            matched.len()
        ))
        .count("tracked", tracked_total)
        .count("matching_untracked", matched.len())
    } else {
        Outcome::fail(format!(
            "git tracks {}: {}.",
            if tracked.len() == 1 {
                "this file"
            } else {
                "these files"
            },
            tracked
                .iter()
                .map(|f| f.path.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .count("tracked_matching", tracked.len())
        .locations(tracked.iter().map(|f| loc(&f.path, 0)))
    }
}

/// The ignore rules ignore every sample path.
pub fn gitignore_has(ctx: &Ctx<'_>, p: &GitignoreParams) -> Outcome {
    if !ctx.repo.is_git {
        return Outcome::not_applicable("Not a git repository: there is no .gitignore to apply.");
    }
    let mut missing = Vec::new();
    for sample in &p.samples {
        match ctx.repo.ignores(sample) {
            Some(true) => {}
            Some(false) => missing.push(sample.clone()),
            None => return Outcome::unknown("git's ignore rules could not be evaluated."),
        }
    }
    if missing.is_empty() {
        Outcome::pass(format!("git ignores {}.", p.samples.join(" and ")))
    } else {
        Outcome::fail(format!("git does not ignore {}.", missing.join(" or ")))
            .locations([loc(".gitignore", 0)])
    }
}

/// A parsed structured file as JSON values (one per YAML document).
fn parse_docs(file: &RepoFile, text: &str) -> Vec<Value> {
    let lower = file.path.to_ascii_lowercase();
    if lower.ends_with(".json") {
        return serde_json::from_str(text).into_iter().collect();
    }
    if lower.ends_with(".toml") {
        return toml::from_str::<toml::Value>(text)
            .ok()
            .and_then(|v| serde_json::to_value(v).ok())
            .into_iter()
            .collect();
    }
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        return yaml_rust2::YamlLoader::load_from_str(text)
            .map(|docs| docs.iter().map(yaml_to_json).collect())
            .unwrap_or_default();
    }
    Vec::new()
}

fn yaml_to_json(yaml: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match yaml {
        Yaml::Real(s) | Yaml::String(s) => Value::String(s.clone()),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::Hash(map) => Value::Object(
            map.iter()
                .filter_map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) | Yaml::Real(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((key, yaml_to_json(v)))
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// The values at `key` (`a.b[].c`) in `doc`.
fn lookup<'a>(doc: &'a Value, key: &str) -> Vec<&'a Value> {
    let mut current = vec![doc];
    for part in key.split('.') {
        let (name, each) = match part.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (part, false),
        };
        let mut next = Vec::new();
        for value in current {
            if let Some(child) = value.get(name) {
                if each {
                    if let Some(items) = child.as_array() {
                        next.extend(items.iter());
                    }
                } else {
                    next.push(child);
                }
            }
        }
        current = next;
    }
    current
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every file matching the globs that sets the key has it equal to the value.
pub fn key_equals(ctx: &Ctx<'_>, p: &KeyEqualsParams) -> Outcome {
    let mut equal = Vec::new();
    let mut different = Vec::new();
    for file in ctx.repo.matching(&p.files) {
        let Some(text) = ctx.repo.text(file) else {
            continue;
        };
        let last = p.key.rsplit('.').next().unwrap_or(&p.key);
        if !text.contains(last) {
            continue;
        }
        for doc in parse_docs(file, text) {
            for value in lookup(&doc, &p.key) {
                let value = scalar(value);
                let line = text.find(last).map_or(0, |o| line_of(text, o));
                if value == p.value {
                    equal.push(loc(&file.path, line));
                } else {
                    different.push((loc(&file.path, line), value));
                }
            }
        }
    }
    if !different.is_empty() {
        Outcome::fail(format!(
            "{} is not {:?} in {}.",
            p.key,
            p.value,
            different
                .iter()
                .map(|(l, v)| format!("{} ({v:?})", l.path))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .locations(different.into_iter().map(|(l, _)| l))
    } else if !equal.is_empty() {
        Outcome::pass(format!(
            "{} is {:?} in {}.",
            p.key,
            p.value,
            equal
                .iter()
                .map(|l| l.path.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .locations(equal)
    } else {
        Outcome::unknown(format!(
            "No configuration file in the repository sets {} (looked in {}).",
            p.key,
            p.files.join(", ")
        ))
    }
}

/// A file matching the globs exists (or was seen in history).
pub fn present(ctx: &Ctx<'_>, p: &PresentParams) -> Outcome {
    let found = ctx.repo.matching(&p.globs);
    if !found.is_empty() {
        return Outcome::pass(format!(
            "Present: {}.",
            found
                .iter()
                .map(|f| f.path.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .locations(found.iter().map(|f| loc(&f.path, 0)));
    }
    if p.include_history {
        let set = glob_set(&p.globs);
        let seen: Vec<_> = ctx
            .report
            .findings
            .iter()
            .flat_map(|f| f.locations.iter())
            .filter(|l| {
                l.git == GitStatus::History && set.as_ref().is_some_and(|s| s.is_match(&l.path))
            })
            .map(|l| EvidenceLocation {
                path: l.path.clone(),
                line: 0,
                commit: l.commit.clone(),
            })
            .collect();
        if !seen.is_empty() {
            return Outcome::pass(format!(
                "Not in the tree now, but seen in git history: {}.",
                seen.iter()
                    .map(|l| l.path.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .locations(seen);
        }
    }
    Outcome::fail(format!(
        "No file matches {}{}.",
        p.globs.join(", "),
        if p.include_history {
            " in the tree or its history"
        } else {
            ""
        }
    ))
}

/// No file matching the globs exists.
pub fn absent(ctx: &Ctx<'_>, p: &GlobsParams) -> Outcome {
    let found = ctx.repo.matching(&p.globs);
    if ctx.repo.files.is_empty() {
        return Outcome::unknown("The repository has no file at all.");
    }
    if found.is_empty() {
        Outcome::pass(format!(
            "None of the {} file(s) matches {}.",
            ctx.repo.files.len(),
            p.globs.join(", ")
        ))
        .count("files", ctx.repo.files.len())
    } else {
        Outcome::fail(format!(
            "Still present: {}.",
            found
                .iter()
                .map(|f| f.path.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .count("present", found.len())
        .locations(found.iter().map(|f| loc(&f.path, 0)))
    }
}

/// Every pattern is found in the files (in one file, with `same_file`).
pub fn text_present(ctx: &Ctx<'_>, p: &TextParams) -> Outcome {
    let patterns: Vec<Regex> = p
        .patterns
        .iter()
        .filter_map(|r| Regex::new(r).ok())
        .collect();
    let files = ctx.repo.matching(&p.files);
    let mut found: BTreeMap<usize, EvidenceLocation> = BTreeMap::new();
    for file in &files {
        let Some(text) = ctx.repo.text(file) else {
            continue;
        };
        let hits: Vec<(usize, usize)> = patterns
            .iter()
            .enumerate()
            .filter_map(|(i, re)| re.find(text).map(|m| (i, line_of(text, m.start()))))
            .collect();
        if p.same_file {
            if hits.len() == patterns.len() {
                return Outcome::pass(format!("{} has {}.", file.path, p.patterns.join(" and ")))
                    .locations(hits.iter().map(|(_, line)| loc(&file.path, *line)));
            }
        } else {
            for (i, line) in hits {
                found.entry(i).or_insert_with(|| loc(&file.path, line));
            }
        }
    }
    if !p.same_file && found.len() == patterns.len() {
        return Outcome::pass(format!(
            "Found {} in {}.",
            p.patterns.join(", "),
            found
                .values()
                .map(|l| format!("{}:{}", l.path, l.line))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .locations(found.into_values());
    }
    let missing: Vec<_> = p
        .patterns
        .iter()
        .enumerate()
        .filter(|(i, _)| p.same_file || !found.contains_key(i))
        .map(|(_, s)| s.as_str())
        .collect();
    Outcome::fail(format!(
        "{} not found in the {} file(s) matching {}.",
        missing.join(" and "),
        files.len(),
        p.files.join(", ")
    ))
    .count("files", files.len())
}

/// References of the kind are in the files.
pub fn refs_present(ctx: &Ctx<'_>, p: &RefsParams) -> Outcome {
    let files = ctx.repo.matching(&p.files);
    if files.is_empty() {
        return Outcome::fail(format!("No file matches {}.", p.files.join(", ")));
    }
    let set = glob_set(&p.files);
    let refs: Vec<_> = ctx
        .report
        .references
        .iter()
        .filter(|r| r.kind == p.kind && set.as_ref().is_some_and(|s| s.is_match(&r.path)))
        .collect();
    let kind = serde_json::to_value(p.kind)
        .map(|v| scalar(&v))
        .unwrap_or_default();
    if refs.is_empty() {
        Outcome::fail(format!(
            "{} hold(s) no {kind} reference.",
            files
                .iter()
                .map(|f| f.path.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    } else {
        Outcome::pass(format!(
            "{} {kind} reference(s) in {}.",
            refs.len(),
            refs[0].path
        ))
        .count("references", refs.len())
        .vault_paths(
            refs.iter()
                .filter(|r| !r.target.is_empty())
                .map(|r| r.target.clone()),
        )
        .locations(refs.iter().map(|r| loc(&r.path, r.line)))
    }
}

/// A YAML key has a value matching the pattern.
pub fn yaml_key_exists(ctx: &Ctx<'_>, p: &YamlKeyParams) -> Outcome {
    let pattern = Regex::new(&p.pattern).expect("validated when loaded");
    let files = ctx.repo.matching(&p.files);
    let mut seen = Vec::new();
    for file in &files {
        let Some(text) = ctx.repo.text(file) else {
            continue;
        };
        for doc in parse_docs(file, text) {
            for value in lookup(&doc, &p.key) {
                let value = scalar(value);
                if pattern.is_match(&value) {
                    let line = text.find(&value).map_or(0, |o| line_of(text, o));
                    return Outcome::pass(format!("{} has {} = {value:?}.", file.path, p.key))
                        .locations([loc(&file.path, line)]);
                }
                seen.push(value);
            }
        }
    }
    if files.is_empty() {
        Outcome::fail(format!("No file matches {}.", p.files.join(", ")))
    } else {
        Outcome::fail(format!(
            "No {} matching {:?} in {} ({} other value(s)).",
            p.key,
            p.pattern,
            files
                .iter()
                .map(|f| f.path.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            seen.len()
        ))
    }
}

/// Every secret store is Vault-backed, at least one exists, and every ExternalSecret
/// points at a Vault-backed store.
pub fn external_secrets_vault(ctx: &Ctx<'_>) -> Outcome {
    let mut vault_stores = Vec::new();
    let mut other_stores = Vec::new();
    let mut externals = Vec::new();
    for file in ctx.repo.files.iter().filter(|f| {
        let l = f.path.to_ascii_lowercase();
        l.ends_with(".yaml") || l.ends_with(".yml")
    }) {
        let Some(text) = ctx.repo.text(file) else {
            continue;
        };
        if !text.contains("external-secrets.io") {
            continue;
        }
        for doc in parse_docs(file, text) {
            let kind = doc.get("kind").map(scalar).unwrap_or_default();
            let name = lookup(&doc, "metadata.name")
                .first()
                .map(|v| scalar(v))
                .unwrap_or_default();
            let line = text
                .find(&format!("name: {name}"))
                .map_or(0, |o| line_of(text, o));
            match kind.as_str() {
                "ClusterSecretStore" | "SecretStore" => {
                    let providers: Vec<String> = lookup(&doc, "spec.provider")
                        .first()
                        .and_then(|v| v.as_object())
                        .map(|m| m.keys().cloned().collect())
                        .unwrap_or_default();
                    if providers.iter().any(|p| p == "vault") {
                        vault_stores.push(name);
                    } else {
                        other_stores.push((name, providers.join(","), loc(&file.path, line)));
                    }
                }
                "ExternalSecret" | "ClusterExternalSecret" => {
                    let store = lookup(&doc, "spec.secretStoreRef.name")
                        .first()
                        .map(|v| scalar(v))
                        .or_else(|| {
                            lookup(&doc, "spec.externalSecretSpec.secretStoreRef.name")
                                .first()
                                .map(|v| scalar(v))
                        })
                        .unwrap_or_default();
                    externals.push((name, store, loc(&file.path, line)));
                }
                _ => {}
            }
        }
    }
    if !other_stores.is_empty() {
        return Outcome::fail(format!(
            "Secret store(s) not backed by Vault: {}.",
            other_stores
                .iter()
                .map(|(n, p, _)| format!("{n} ({p})"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .locations(other_stores.into_iter().map(|(_, _, l)| l));
    }
    if vault_stores.is_empty() {
        return Outcome::fail(
            "No Vault-backed ClusterSecretStore or SecretStore in the repository.",
        );
    }
    let stray: Vec<_> = externals
        .iter()
        .filter(|(_, store, _)| !vault_stores.contains(store))
        .collect();
    if !stray.is_empty() {
        return Outcome::fail(format!(
            "ExternalSecret(s) not pointing at a Vault-backed store: {}.",
            stray
                .iter()
                .map(|(n, s, _)| format!("{n} → {s:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .locations(stray.iter().map(|(_, _, l)| l.clone()));
    }
    Outcome::pass(format!(
        "Vault-backed store(s) {}; {} ExternalSecret(s) all point at them.",
        vault_stores.join(", "),
        externals.len()
    ))
    .count("stores", vault_stores.len())
    .count("external_secrets", externals.len())
    .locations(externals.into_iter().map(|(_, _, l)| l))
}

/// No finding of the retired backend's rules in the tree.
pub fn no_retired_backend(ctx: &Ctx<'_>, p: &RulesParams) -> Outcome {
    if ctx.report.stats.files == 0 {
        return Outcome::unknown("The scan read no file.");
    }
    let places: Vec<_> = ctx
        .report
        .findings
        .iter()
        .filter(|f| p.rules.contains(&f.rule_id))
        .flat_map(|f| f.locations.iter().filter(|l| l.git != GitStatus::History))
        .map(|l| loc(&l.path, l.line))
        .collect();
    if places.is_empty() {
        Outcome::pass(format!(
            "No reference to the retired backend in {} scanned file(s).",
            ctx.report.stats.files
        ))
        .count("files", ctx.report.stats.files as usize)
    } else {
        Outcome::fail(format!(
            "{} reference(s) to the retired backend are left.",
            places.len()
        ))
        .count("references", places.len())
        .locations(places)
    }
}

/// Files that set `over` (and not `prefer`) fail; with neither anywhere, not applicable.
pub fn key_preferred(ctx: &Ctx<'_>, p: &PreferredParams) -> Outcome {
    let setting = |name: &str| {
        Regex::new(&format!(
            r"(?m)^\s*(?:export\s+)?{}\s*[=:]",
            regex::escape(name)
        ))
        .expect("valid")
    };
    let (prefer, over) = (setting(&p.prefer), setting(&p.over));
    let mut bad = Vec::new();
    let mut good = 0;
    for file in ctx.repo.files.iter().filter(|f| {
        matches!(
            f.class(),
            FileClass::Dotenv | FileClass::EnvTemplate | FileClass::Config | FileClass::AgentConfig
        )
    }) {
        let Some(text) = ctx.repo.text(file) else {
            continue;
        };
        if let Some(m) = over.find(text) {
            bad.push(loc(&file.path, line_of(text, m.start())));
        } else if prefer.is_match(text) {
            good += 1;
        }
    }
    if !bad.is_empty() {
        Outcome::fail(format!(
            "{} is set instead of {} in {} file(s).",
            p.over,
            p.prefer,
            bad.len()
        ))
        .locations(bad)
    } else if good > 0 {
        Outcome::pass(format!(
            "{} is set in {good} file(s); {} nowhere.",
            p.prefer, p.over
        ))
        .count("files", good)
    } else {
        Outcome::not_applicable(format!(
            "Neither {} nor {} is set in any file.",
            p.prefer, p.over
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ctx, finding, report};
    use super::*;
    use crate::audit::repo::Repo;
    use crate::detect::structured::analyze::Reference;
    use crate::finding::FindingKind;
    use crate::report::model::CheckStatus;

    fn globs(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn not_tracked_pass_fail_not_applicable() {
        let r = report(vec![]);
        let p = GlobsParams {
            globs: globs(&[".env"]),
        };
        let bad = Repo::in_memory(&[(".env", "", true)], true, &[]);
        assert_eq!(not_tracked(&ctx(&r, &bad), &p).status, CheckStatus::Fail);
        let good = Repo::in_memory(&[(".env", "", false), ("a.py", "", true)], true, &[".env"]);
        assert_eq!(not_tracked(&ctx(&r, &good), &p).status, CheckStatus::Pass);
        let no_git = Repo::in_memory(&[(".env", "", false)], false, &[]);
        assert_eq!(
            not_tracked(&ctx(&r, &no_git), &p).status,
            CheckStatus::NotApplicable
        );
    }

    #[test]
    fn gitignore_pass_fail_not_applicable() {
        let r = report(vec![]);
        let p = GitignoreParams {
            samples: globs(&[".env", ".env.backup.20250101"]),
        };
        let both = Repo::in_memory(&[("a", "", true)], true, &[".env", ".env.backup.20250101"]);
        assert_eq!(gitignore_has(&ctx(&r, &both), &p).status, CheckStatus::Pass);
        let one = Repo::in_memory(&[("a", "", true)], true, &[".env"]);
        let out = gitignore_has(&ctx(&r, &one), &p);
        assert_eq!(out.status, CheckStatus::Fail);
        assert!(out.evidence.statement.contains(".env.backup"));
        let no_git = Repo::in_memory(&[("a", "", false)], false, &[]);
        assert_eq!(
            gitignore_has(&ctx(&r, &no_git), &p).status,
            CheckStatus::NotApplicable
        );
    }

    #[test]
    fn key_equals_pass_fail_unknown() {
        let r = report(vec![]);
        let p = KeyEqualsParams {
            files: globs(&["*.yaml", "*.json"]),
            key: "credentials.provider".into(),
            value: "vault".into(),
        };
        let good = Repo::in_memory(
            &[("cp/config.yaml", "credentials:\n  provider: vault\n", true)],
            true,
            &[],
        );
        let out = key_equals(&ctx(&r, &good), &p);
        assert_eq!(out.status, CheckStatus::Pass);
        assert_eq!(out.evidence.locations[0].line, 2);
        let bad = Repo::in_memory(
            &[(
                "cp/config.json",
                r#"{"credentials": {"provider": "local"}}"#,
                true,
            )],
            true,
            &[],
        );
        assert_eq!(key_equals(&ctx(&r, &bad), &p).status, CheckStatus::Fail);
        let none = Repo::in_memory(&[("cp/other.yaml", "provider: vault\n", true)], true, &[]);
        assert_eq!(key_equals(&ctx(&r, &none), &p).status, CheckStatus::Unknown);
    }

    #[test]
    fn present_and_absent() {
        let p = PresentParams {
            globs: globs(&[".env.backup.*"]),
            include_history: true,
        };
        let repo = Repo::in_memory(&[("a.py", "", true)], true, &[]);
        let r = report(vec![]);
        assert_eq!(present(&ctx(&r, &repo), &p).status, CheckStatus::Fail);
        let hist = report(vec![finding(
            "x",
            FindingKind::GenericSecret,
            ".env.backup.20251101",
            GitStatus::History,
            "f",
        )]);
        assert_eq!(present(&ctx(&hist, &repo), &p).status, CheckStatus::Pass);
        let now = Repo::in_memory(&[(".env.backup.20251101", "", false)], true, &[]);
        assert_eq!(present(&ctx(&r, &now), &p).status, CheckStatus::Pass);
        let a = GlobsParams {
            globs: globs(&[".vault-keys"]),
        };
        assert_eq!(absent(&ctx(&r, &repo), &a).status, CheckStatus::Pass);
        let keys = Repo::in_memory(&[("opt/vault/.vault-keys", "", true)], true, &[]);
        assert_eq!(absent(&ctx(&r, &keys), &a).status, CheckStatus::Fail);
        let empty = Repo::in_memory(&[], true, &[]);
        assert_eq!(absent(&ctx(&r, &empty), &a).status, CheckStatus::Unknown);
    }

    #[test]
    fn text_present_pass_fail() {
        let r = report(vec![]);
        let p = TextParams {
            files: globs(&["*.md"]),
            patterns: globs(&["SECRET_ALLOW_ENV_IN_NON_LOCAL"]),
            same_file: false,
        };
        let good = Repo::in_memory(
            &[(
                "docs/runbook.md",
                "set SECRET_ALLOW_ENV_IN_NON_LOCAL=1\n",
                true,
            )],
            true,
            &[],
        );
        assert_eq!(text_present(&ctx(&r, &good), &p).status, CheckStatus::Pass);
        let bad = Repo::in_memory(&[("docs/runbook.md", "nothing\n", true)], true, &[]);
        assert_eq!(text_present(&ctx(&r, &bad), &p).status, CheckStatus::Fail);
        let both = TextParams {
            files: globs(&["*.sh"]),
            patterns: globs(&["operator init", "policy write"]),
            same_file: true,
        };
        let split = Repo::in_memory(
            &[
                ("a.sh", "vault operator init\n", true),
                ("b.sh", "vault policy write x\n", true),
            ],
            true,
            &[],
        );
        assert_eq!(
            text_present(&ctx(&r, &split), &both).status,
            CheckStatus::Fail
        );
    }

    #[test]
    fn refs_present_pass_fail() {
        let p = RefsParams {
            files: globs(&[".env.example"]),
            kind: ReferenceKind::Vault,
        };
        let repo = Repo::in_memory(&[(".env.example", "A=vault:kv/a#b\n", true)], true, &[]);
        let none = report(vec![]);
        assert_eq!(
            refs_present(&ctx(&none, &repo), &p).status,
            CheckStatus::Fail
        );
        let mut r = report(vec![]);
        r.references.push(Reference {
            path: ".env.example".into(),
            line: 1,
            key_path: "A".into(),
            kind: ReferenceKind::Vault,
            target: "kv/a#b".into(),
            root: ".".into(),
        });
        assert_eq!(refs_present(&ctx(&r, &repo), &p).status, CheckStatus::Pass);
        let missing = Repo::in_memory(&[("a", "", true)], true, &[]);
        assert_eq!(
            refs_present(&ctx(&r, &missing), &p).status,
            CheckStatus::Fail
        );
    }

    #[test]
    fn yaml_key_and_external_secrets() {
        let r = report(vec![]);
        let p = YamlKeyParams {
            files: globs(&["helmfile.yaml"]),
            key: "releases[].chart".into(),
            pattern: "(?i)vault".into(),
        };
        let good = Repo::in_memory(&[("helmfile.yaml", "releases:\n  - name: app\n    chart: ./app\n  - name: vault\n    chart: hashicorp/vault\n", true)], true, &[]);
        assert_eq!(
            yaml_key_exists(&ctx(&r, &good), &p).status,
            CheckStatus::Pass
        );
        let bad = Repo::in_memory(
            &[(
                "helmfile.yaml",
                "releases:\n  - name: app\n    chart: ./app\n",
                true,
            )],
            true,
            &[],
        );
        assert_eq!(
            yaml_key_exists(&ctx(&r, &bad), &p).status,
            CheckStatus::Fail
        );

        let store = "apiVersion: external-secrets.io/v1beta1\nkind: ClusterSecretStore\nmetadata:\n  name: vault\nspec:\n  provider:\n    vault:\n      server: https://vault:8200\n";
        let es = "---\napiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: db\nspec:\n  secretStoreRef:\n    name: vault\n    kind: ClusterSecretStore\n";
        let ok = Repo::in_memory(
            &[("k8s/eso.yaml", &format!("{store}{es}"), true)],
            true,
            &[],
        );
        assert_eq!(
            external_secrets_vault(&ctx(&r, &ok)).status,
            CheckStatus::Pass
        );
        let azure = store
            .replace(
                "vault:\n      server: https://vault:8200",
                "azurekv:\n      vaultUrl: x",
            )
            .replace("name: vault", "name: azure");
        let old = Repo::in_memory(
            &[("k8s/eso.yaml", &format!("{azure}{es}"), true)],
            true,
            &[],
        );
        assert_eq!(
            external_secrets_vault(&ctx(&r, &old)).status,
            CheckStatus::Fail
        );
        let none = Repo::in_memory(&[("a.yaml", "a: 1\n", true)], true, &[]);
        assert_eq!(
            external_secrets_vault(&ctx(&r, &none)).status,
            CheckStatus::Fail
        );
    }

    #[test]
    fn retired_backend_and_preferred_key() {
        let repo = Repo::in_memory(
            &[(".env.example", "VAULT_KV_MOUNT=secret\n", true)],
            true,
            &[],
        );
        let p = RulesParams {
            rules: globs(&["vp.posture.azure-keyvault-host.1"]),
        };
        let clean = report(vec![]);
        assert_eq!(
            no_retired_backend(&ctx(&clean, &repo), &p).status,
            CheckStatus::Pass
        );
        let bad = report(vec![finding(
            "vp.posture.azure-keyvault-host.1",
            FindingKind::Posture,
            "values.yaml",
            GitStatus::Tracked,
            "a",
        )]);
        assert_eq!(
            no_retired_backend(&ctx(&bad, &repo), &p).status,
            CheckStatus::Fail
        );
        let mut empty = report(vec![]);
        empty.stats.files = 0;
        assert_eq!(
            no_retired_backend(&ctx(&empty, &repo), &p).status,
            CheckStatus::Unknown
        );

        let k = PreferredParams {
            prefer: "VAULT_KV_MOUNT".into(),
            over: "VAULT_MOUNT".into(),
        };
        assert_eq!(
            key_preferred(&ctx(&clean, &repo), &k).status,
            CheckStatus::Pass
        );
        let old = Repo::in_memory(&[(".env", "VAULT_MOUNT=secret\n", false)], true, &[]);
        assert_eq!(
            key_preferred(&ctx(&clean, &old), &k).status,
            CheckStatus::Fail
        );
        let neither = Repo::in_memory(&[(".env", "A=1\n", false)], true, &[]);
        assert_eq!(
            key_preferred(&ctx(&clean, &neither), &k).status,
            CheckStatus::NotApplicable
        );
    }
}
