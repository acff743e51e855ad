//! The checklist model: `rules/checklists/*.toml` (embedded) and the user's own files
//! (`--checklist FILE`), parsed and validated. An item's check and parameters are checked
//! when the file is loaded, so a typo is an error naming the file and the item, never a
//! silently skipped item.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use globset::Glob;
use serde::Deserialize;

use super::checks::Check;
use crate::finding::{FindingKind, Severity};

/// The built-in checklist files: (file name, contents).
const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_checklists.rs"));

/// One runbook's checklist.
#[derive(Debug, Clone)]
pub struct Checklist {
    /// Stable id (`000-credential-relocation`).
    pub id: String,
    /// The runbook's title.
    pub title: String,
    /// The runbook file the items quote (`000_6f9d2dc9b460bf9a.txt`).
    pub seed: String,
    /// Where the checklist was loaded from (`builtin:000-….toml` or the user's path).
    pub origin: String,
    /// When it is evaluated without `--checklist`: any rule matching is enough.
    pub applies_when: Vec<Applicability>,
    /// The items, in the runbook's order.
    pub items: Vec<Item>,
}

/// An applicability rule: what in a repository makes a checklist relevant to it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applicability {
    /// Shown in the report when this rule chose the checklist.
    pub reason: String,
    /// Globs: a file of the tree, or a path seen in its history, matches one.
    #[serde(default)]
    pub files: Vec<String>,
    /// A regular expression searched in the files matched by `in_files`.
    #[serde(default)]
    pub text: Option<String>,
    /// Globs of the files `text` is searched in.
    #[serde(default)]
    pub in_files: Vec<String>,
    /// A finding of one of these kinds.
    #[serde(default)]
    pub finding_kinds: Vec<FindingKind>,
}

/// One checklist item.
#[derive(Debug, Clone)]
pub struct Item {
    /// `<file number>-<section>-<n>` (`000-audit-4`).
    pub id: String,
    /// The runbook section it comes from.
    pub section: String,
    /// The runbook's words.
    pub quote: String,
    /// What it requires, in our words.
    pub text: String,
    /// How much a failure matters.
    pub severity: Severity,
    /// The check that decides it, with its parameters.
    pub check: Check,
    /// The check's name as written (`scan.no_plaintext`).
    pub check_name: String,
    /// The parameters as written, for the report.
    pub params: toml::Table,
    /// What to do when it fails.
    pub fix: String,
}

/// Why a checklist could not be loaded. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ChecklistError {
    /// The file could not be read.
    #[error("{path}: cannot read the checklist: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a valid checklist.
    #[error("{origin}: {message}")]
    Invalid {
        /// The file (or `builtin:NAME`).
        origin: String,
        /// What is wrong, naming the item when there is one.
        message: String,
    },
    /// `--checklist ID` named no built-in checklist and no file.
    #[error("--checklist {0}: no built-in checklist has this id ({1}) and no such file exists")]
    Unknown(String, String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChecklist {
    id: String,
    title: String,
    #[serde(default)]
    seed: String,
    #[serde(default)]
    applies_when: Vec<Applicability>,
    items: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    #[serde(default)]
    section: String,
    #[serde(default)]
    quote: String,
    text: String,
    severity: Severity,
    check: String,
    #[serde(default)]
    params: Option<toml::Table>,
    fix: String,
}

impl Checklist {
    /// Parses and validates one checklist file's text; `origin` names it in errors.
    pub fn parse(origin: &str, text: &str) -> Result<Checklist, ChecklistError> {
        let invalid = |message: String| ChecklistError::Invalid {
            origin: origin.to_string(),
            message,
        };
        let raw: RawChecklist = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if !is_id(&raw.id) {
            return Err(invalid(format!(
                "checklist id {:?} must be lowercase letters, digits and dashes",
                raw.id
            )));
        }
        for (n, rule) in raw.applies_when.iter().enumerate() {
            validate_applicability(rule)
                .map_err(|m| invalid(format!("applies_when #{}: {m}", n + 1)))?;
        }
        if raw.items.is_empty() {
            return Err(invalid("a checklist needs at least one [[items]]".into()));
        }
        let mut seen = BTreeSet::new();
        let mut items = Vec::with_capacity(raw.items.len());
        for raw_item in raw.items {
            let item_err = |m: String| invalid(format!("item {}: {m}", raw_item.id));
            if !is_id(&raw_item.id) {
                return Err(item_err(
                    "item id must be lowercase letters, digits and dashes".into(),
                ));
            }
            if !seen.insert(raw_item.id.clone()) {
                return Err(item_err("duplicate item id".into()));
            }
            if raw_item.text.trim().is_empty() || raw_item.fix.trim().is_empty() {
                return Err(item_err("`text` and `fix` must not be empty".into()));
            }
            let params = raw_item.params.clone().unwrap_or_default();
            let check = Check::from_parts(&raw_item.check, &params).map_err(item_err)?;
            check.validate().map_err(item_err)?;
            items.push(Item {
                id: raw_item.id,
                section: raw_item.section,
                quote: raw_item.quote,
                text: raw_item.text,
                severity: raw_item.severity,
                check,
                check_name: raw_item.check,
                params,
                fix: raw_item.fix,
            });
        }
        Ok(Checklist {
            id: raw.id,
            title: raw.title,
            seed: raw.seed,
            origin: origin.to_string(),
            applies_when: raw.applies_when,
            items,
        })
    }

    /// Loads a user checklist file.
    pub fn load(path: &Path) -> Result<Checklist, ChecklistError> {
        let text = std::fs::read_to_string(path).map_err(|source| ChecklistError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Checklist::parse(&path.display().to_string(), &text)
    }
}

/// Every built-in checklist, in file order.
pub fn builtin() -> Result<Vec<Checklist>, ChecklistError> {
    BUILTIN
        .iter()
        .map(|(name, text)| Checklist::parse(&format!("builtin:{name}"), text))
        .collect()
}

/// Resolves a `--checklist` argument: a built-in id (`000-credential-relocation`, or its
/// number `000`), else a file.
pub fn resolve(arg: &str) -> Result<Checklist, ChecklistError> {
    let builtin = builtin()?;
    if let Some(found) = builtin
        .iter()
        .find(|c| c.id == arg || c.id.split('-').next() == Some(arg))
    {
        return Ok(found.clone());
    }
    let path = Path::new(arg);
    if path.exists() {
        return Checklist::load(path);
    }
    let ids: Vec<&str> = builtin.iter().map(|c| c.id.as_str()).collect();
    Err(ChecklistError::Unknown(arg.to_string(), ids.join(", ")))
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn validate_applicability(rule: &Applicability) -> Result<(), String> {
    if rule.files.is_empty() && rule.text.is_none() && rule.finding_kinds.is_empty() {
        return Err("needs `files`, `text` (with `in_files`) or `finding_kinds`".into());
    }
    if rule.text.is_some() && rule.in_files.is_empty() {
        return Err("`text` needs `in_files` (globs of the files to search)".into());
    }
    if let Some(text) = &rule.text {
        regex::Regex::new(text).map_err(|e| format!("text: invalid regex: {e}"))?;
    }
    for glob in rule.files.iter().chain(&rule.in_files) {
        Glob::new(glob).map_err(|e| format!("invalid glob {glob:?}: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// The runbooks' own checklists, by section: a missing or extra id fails here.
    #[test]
    fn builtin_ids_follow_the_runbooks() {
        let lists = builtin().unwrap();
        let mut by_section: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for list in &lists {
            for item in &list.items {
                let (prefix, n) = item.id.rsplit_once('-').unwrap();
                by_section
                    .entry(prefix.to_string())
                    .or_default()
                    .push(n.to_string());
            }
        }
        let expect = [
            ("000-prereq", 5),
            ("000-audit", 8),
            ("002-pre", 7),
            ("002-post", 6),
            ("002-cleanup", 3),
            ("003-ws", 10),
            ("004-accept", 5),
            ("004-prod", 6),
        ];
        for (section, count) in expect {
            let numbers: Vec<String> = (1..=count).map(|n| n.to_string()).collect();
            assert_eq!(by_section.get(section), Some(&numbers), "section {section}");
        }
        let runbook_sections: BTreeSet<&str> = expect.iter().map(|(s, _)| *s).collect();
        for (section, numbers) in &by_section {
            if runbook_sections.contains(section.as_str()) {
                continue;
            }
            assert!(
                section.ends_with("-derived"),
                "unexpected section {section}"
            );
            let expected: Vec<String> = (1..=numbers.len()).map(|n| n.to_string()).collect();
            assert_eq!(
                numbers, &expected,
                "derived items of {section} count from 1"
            );
        }
        assert!(by_section.contains_key("001-derived"));
        let ids: Vec<&str> = lists.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "000-credential-relocation",
                "001-agentidp-vault",
                "002-env-secrets-migration",
                "003-vault-kubernetes",
                "004-pin034-vault"
            ]
        );
    }

    #[test]
    fn builtin_items_quote_their_runbook() {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
        for list in builtin().unwrap() {
            assert!(!list.applies_when.is_empty(), "{}", list.id);
            let Ok(seed) = std::fs::read_to_string(seeds.join(&list.seed)) else {
                continue; // the seeds are not shipped with the crate
            };
            // Runbook prose wraps lines: compare with whitespace runs collapsed.
            let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            let seed = flat(&seed);
            for item in &list.items {
                assert!(
                    !item.section.is_empty() && !item.quote.is_empty(),
                    "{}",
                    item.id
                );
                for line in item.quote.lines() {
                    let line = flat(line);
                    assert!(seed.contains(&line), "{}: {line:?}", item.id);
                }
            }
        }
    }

    #[test]
    fn user_checklist_errors_name_the_item_and_problem() {
        let base = "id = \"mine\"\ntitle = \"t\"\n[[items]]\nid = \"mine-1\"\ntext = \"x\"\nseverity = \"high\"\nfix = \"f\"\n";
        let err = Checklist::parse("my.toml", &format!("{base}check = \"scan.nope\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("my.toml: item mine-1:"), "{err}");
        assert!(err.contains("scan.nope"), "{err}");
        let err = Checklist::parse(
            "my.toml",
            &format!("{base}check = \"vault.kv_mount\"\nparams = {{ pathz = [\"x\"] }}\n"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("pathz"), "{err}");
        let err = Checklist::parse("my.toml", &format!("{base}check = \"manual\"\n[[items]]\nid = \"mine-1\"\ntext = \"x\"\nseverity = \"high\"\nfix = \"f\"\ncheck = \"manual\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("duplicate item id"), "{err}");
        let err = Checklist::parse("my.toml", "id = \"Mine\"\ntitle = \"t\"\nitems = []")
            .unwrap_err()
            .to_string();
        assert!(err.contains("lowercase"), "{err}");
        assert!(Checklist::parse("my.toml", &format!("{base}check = \"manual\"\n")).is_ok());
    }

    #[test]
    fn resolve_by_id_number_or_file() {
        assert_eq!(resolve("002").unwrap().id, "002-env-secrets-migration");
        assert_eq!(resolve("004-pin034-vault").unwrap().id, "004-pin034-vault");
        assert!(matches!(resolve("nope"), Err(ChecklistError::Unknown(..))));
    }
}
