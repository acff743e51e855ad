//! Small presentation helpers shared by the renderers: labels for statuses, places
//! without machine paths, verdict sentences. Every function reads the model only.

use sha2::{Digest, Sha256};

use super::model::{AuditChecklist, CheckStatus, VaultMatch, VaultStatus};
use super::Report;
use crate::finding::{Location, SecretStatus};

/// The last component of a scanned root as given on the command line (`/home/x/repo` →
/// `repo`, `.` → `.`): reports name a root without the machine's directories.
pub fn root_label(root: &str) -> String {
    let trimmed = root.trim_end_matches(['/', '\\']);
    if trimmed.is_empty() {
        return "/".to_string();
    }
    trimmed
        .rsplit(['/', '\\'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(trimmed)
        .to_string()
}

/// A path as reports show it: relative paths as they are, an absolute path (a skipped
/// file outside every root) reduced to its file name.
pub fn safe_path(path: &str) -> String {
    let absolute = path.starts_with('/')
        || path.starts_with('\\')
        || (path.len() > 2 && path.as_bytes()[1] == b':');
    if absolute {
        format!("…/{}", root_label(path))
    } else {
        path.to_string()
    }
}

/// Whether `location`'s root is the scanned file itself rather than a directory: a file
/// given on the command line is its own path (its name, or `name!/member` inside an
/// archive), so its root must not be joined in front of it again. A root that is a
/// directory on this machine never is one (a directory may hold a file of its own name).
pub fn is_file_root(location: &Location) -> bool {
    let label = root_label(&location.root);
    let names_root = location.path == label
        || location
            .path
            .strip_prefix(label.as_str())
            .is_some_and(|rest| rest.starts_with('!'));
    names_root && !std::path::Path::new(&location.root).is_dir()
}

/// The directory part of a root as given on the command line, with its trailing separator
/// (`pr2/a.java` → `pr2/`, `a.java` → ``): where a file given as a root sits.
pub fn root_directory(root: &str) -> &str {
    let root = root.trim_end_matches(['/', '\\']);
    &root[..root.len() - root_label(root).len()]
}

/// `path:line` (with the root's label first when the report has several roots, unless the
/// root is the file itself, and `@commit` for history locations).
pub fn location_text(location: &Location, several_roots: bool) -> String {
    let mut text = String::new();
    if several_roots && !is_file_root(location) {
        text.push_str(&root_label(&location.root));
        text.push_str(": ");
    }
    text.push_str(&safe_path(&location.path));
    text.push(':');
    text.push_str(&location.line.to_string());
    if let Some(commit) = &location.commit {
        text.push_str(" @");
        text.push_str(short_commit(commit));
    }
    text
}

/// The first 10 hex digits of a commit id.
pub fn short_commit(commit: &str) -> &str {
    &commit[..commit.len().min(10)]
}

/// The snake_case name of a check status.
pub fn check_status_name(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "pass",
        CheckStatus::Fail => "fail",
        CheckStatus::Unknown => "unknown",
        CheckStatus::Attested => "attested",
        CheckStatus::NotApplicable => "not_applicable",
    }
}

/// The words people read for a check status.
pub fn check_status_label(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "pass",
        CheckStatus::Fail => "fail",
        CheckStatus::Unknown => "unknown",
        CheckStatus::Attested => "attested",
        CheckStatus::NotApplicable => "not applicable",
    }
}

/// A symbol that keeps a status readable without colour (print, colour blindness).
pub fn check_status_symbol(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "✓",
        CheckStatus::Fail => "✗",
        CheckStatus::Unknown => "?",
        CheckStatus::Attested => "✎",
        CheckStatus::NotApplicable => "–",
    }
}

/// Whether a status counts as done (pass or attested).
pub fn is_done(status: CheckStatus) -> bool {
    matches!(status, CheckStatus::Pass | CheckStatus::Attested)
}

/// The Vault status name of a finding or row (`unknown` without evidence).
pub fn vault_status_name(vault: Option<&VaultMatch>) -> &'static str {
    vault.map_or(VaultStatus::Unknown, |v| v.status).as_str()
}

/// The history status name of a finding (`files only` when history was not scanned).
pub fn history_status_name(status: Option<SecretStatus>) -> &'static str {
    match status {
        Some(SecretStatus::InHead) => "in_head",
        Some(SecretStatus::InWorkingTree) => "in_working_tree",
        Some(SecretStatus::HistoryOnly) => "history_only",
        None => "not_scanned",
    }
}

/// "credential relocation: 9/13 pass, 3 fail, 1 unknown" without the title: the counts
/// that are not zero, passes (and attested) first.
pub fn verdict_counts(checklist: &AuditChecklist) -> String {
    let c = &checklist.counts;
    // Items that do not apply are not counted in the total (as the audit's terminal view).
    let total = c.pass + c.fail + c.unknown + c.attested;
    let mut parts = vec![format!("{}/{} pass", c.pass, total)];
    for (n, word) in [
        (c.attested, "attested"),
        (c.fail, "fail"),
        (c.unknown, "unknown"),
        (c.not_applicable, "not applicable"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    parts.join(", ")
}

/// SHA-256 (hex) of the report's JSON form exactly as `--format json` writes it: the
/// hash in the HTML footer ties the page to its JSON file.
pub fn json_sha256(report: &Report) -> String {
    let mut bytes = Vec::new();
    super::json::write(report, &mut bytes).expect("writing to memory does not fail");
    hex::encode(Sha256::digest(&bytes))
}

/// A plain-language count: `1 finding`, `3 findings`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_and_paths_lose_machine_directories() {
        assert_eq!(root_label("/home/alice/src/repo/"), "repo");
        assert_eq!(root_label("."), ".");
        assert_eq!(root_label("fixtures/workspace"), "workspace");
        assert_eq!(safe_path("/tmp/x/secret.env"), "…/secret.env");
        assert_eq!(safe_path("config/.env"), "config/.env");
    }

    #[test]
    fn a_file_given_as_root_is_its_own_path() {
        let at = |root: &str, path: &str| Location {
            path: path.to_string(),
            line: 1,
            column: 1,
            root: root.to_string(),
            git: crate::finding::GitStatus::Untracked,
            commit: None,
            author: None,
            email: None,
            date: None,
            key_path: None,
        };
        assert!(is_file_root(&at(
            "/nowhere/app/settings.json",
            "settings.json"
        )));
        assert!(is_file_root(&at("dist/app.zip", "app.zip!/config/.env")));
        assert!(!is_file_root(&at("/nowhere/app", "settings.json")));
        assert!(!is_file_root(&at("/nowhere/app", "app.json")));
        // a directory holding a file of its own name
        let dir = tempfile::tempdir().unwrap();
        let named = dir.path().join("config");
        std::fs::create_dir(&named).unwrap();
        assert!(!is_file_root(&at(named.to_str().unwrap(), "config")));
        assert_eq!(root_directory("pr2/a.java"), "pr2/");
        assert_eq!(root_directory("a.java"), "");
        assert_eq!(
            location_text(&at("/nowhere/app/settings.json", "settings.json"), true),
            "settings.json:1"
        );
    }
}
