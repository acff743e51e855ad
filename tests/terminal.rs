//! The terminal view, snapshot-tested on a repository built at test time: one secret in
//! three files, touched by twenty commits, is one entry with its history folded into one
//! line; `--all-locations` (and `--verbose`) lists every commit.

use std::path::Path;
use std::process::Command;

use crate::common::{exit_code, github_token, vaultproof};

/// Runs git in `dir` with a fixed author and committer, and the date of day `day` of
/// January 2025, so commit ids are stable.
fn git(dir: &Path, day: usize, args: &[&str]) {
    let date = format!("2025-01-{day:02}T10:00:00Z");
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Alice Dev")
        .env("GIT_AUTHOR_EMAIL", "alice@example.test")
        .env("GIT_COMMITTER_NAME", "Alice Dev")
        .env("GIT_COMMITTER_EMAIL", "alice@example.test")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A fake token (random body, valid checksum) made for this test.
fn token() -> String {
    github_token("Xq7Lm2Rv9TbW4kZp8NcY3HsJ6fGd1A")
}

const FILES: [&str; 3] = ["deploy/app.yaml", "config/github.toml", "settings.json"];

fn content(path: &str, revision: usize) -> String {
    let token = token();
    match path {
        "deploy/app.yaml" => format!("revision: {revision}\ngithub:\n  token: {token}\n"),
        "config/github.toml" => format!("revision = {revision}\ntoken = \"{token}\"\n"),
        _ => format!("{{\n  \"revision\": {revision},\n  \"github_token\": \"{token}\"\n}}\n"),
    }
}

/// One secret in three files; commit 1 adds them, commits 2 to 20 each change one.
fn twenty_commit_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, 1, &["init", "-q", "-b", "main"]);
    for commit in 1..=20 {
        let touched: Vec<&str> = if commit == 1 {
            FILES.to_vec()
        } else {
            vec![FILES[commit % 3]]
        };
        for path in touched {
            let file = root.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, content(path, commit)).unwrap();
        }
        git(root, commit, &["add", "-A"]);
        git(
            root,
            commit,
            &["commit", "-q", "-m", &format!("change {commit}")],
        );
    }
    dir
}

/// Runs the terminal view and returns stdout with the timing redacted.
fn terminal(root: &Path, extra: &[&str]) -> String {
    let output = vaultproof()
        .arg("scan")
        .arg(root)
        .args(["--format", "terminal"])
        .args(extra)
        .output()
        .expect("runs vaultproof");
    assert_eq!(
        exit_code(&output),
        1,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(!stdout.contains(&token()), "the secret is never printed");
    assert!(!stdout.contains('\x1b'), "no colours when stdout is a pipe");
    redact(&stdout, root)
}

/// The summary's timing (`in 0.12 s`) becomes `in [time] s` and the repository's
/// temporary path `[repo]`.
fn redact(text: &str, root: &Path) -> String {
    let time = regex::Regex::new(r" in \d+\.\d+ s;").unwrap();
    time.replace_all(text, " in [time] s;")
        .replace(&root.display().to_string(), "[repo]")
}

#[test]
fn one_secret_in_twenty_commits_is_one_folded_entry() {
    let repo = twenty_commit_repo();
    let view = terminal(repo.path(), &[]);
    assert_eq!(
        view,
        "\
critical GitHub personal access token (classic)  ghp_…(40 chars)  fp:b65a2b290d05 vp.github.pat.1
  now: config/github.toml:2, deploy/app.yaml:3, settings.json:3
  history: first 11d0801efd 2025-01-01 Alice Dev (config/github.toml), 20 commits, 3 paths

1 finding (1 critical)
scanned 3 files (0.0 MB) in [time] s; 0 skipped; 0 suppressed
history [repo]: 1 ref, 20 commits, 22 of 22 blobs scanned; no errors
"
    );
    assert!(view.lines().count() <= 4 + 3, "{view}");
}

#[test]
fn all_locations_lists_every_commit() {
    let repo = twenty_commit_repo();
    let view = terminal(repo.path(), &["--all-locations"]);
    let history: Vec<&str> = view.lines().filter(|l| l.contains("  commit ")).collect();
    // 3 paths in the first commit, then one per later commit.
    assert_eq!(history.len(), 22, "{view}");
    let commits: std::collections::BTreeSet<&str> = history
        .iter()
        .map(|l| {
            l.split("  commit ")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(commits.len(), 20, "{view}");
    assert_eq!(
        view.lines().take(7).collect::<Vec<_>>().join("\n"),
        "\
critical GitHub personal access token (classic)  ghp_…(40 chars)  fp:b65a2b290d05 vp.github.pat.1
  now: config/github.toml:2, deploy/app.yaml:3, settings.json:3
  history: first 11d0801efd 2025-01-01 Alice Dev (config/github.toml), 20 commits, 3 paths
    config/github.toml:2:10  tracked key token
    deploy/app.yaml:3:10  tracked key github.token
    settings.json:3:20  tracked key github_token
    config/github.toml:2:10  commit 11d0801efd 2025-01-01 Alice Dev key token"
    );
    // `--verbose` lists them too.
    let verbose = terminal(repo.path(), &["--verbose"]);
    assert_eq!(verbose, view);
}

#[test]
fn history_only_secret_says_rotate_it() {
    let repo = twenty_commit_repo();
    for path in FILES {
        std::fs::remove_file(repo.path().join(path)).unwrap();
    }
    git(repo.path(), 21, &["add", "-A"]);
    git(repo.path(), 21, &["commit", "-q", "-m", "remove the token"]);
    let view = terminal(repo.path(), &[]);
    let entry: Vec<&str> = view.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(entry.len(), 2, "no `now:` line: {view}");
    assert!(
        entry[1].ends_with("20 commits, 3 paths; history only: rotate it"),
        "{view}"
    );
}

#[test]
fn files_given_on_the_command_line_show_as_given() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["first", "second"] {
        std::fs::create_dir(dir.path().join(name)).unwrap();
        std::fs::write(
            dir.path().join(name).join("github.toml"),
            format!("token = \"{}\"\n", token()),
        )
        .unwrap();
    }
    let output = vaultproof()
        .current_dir(dir.path())
        .args(["scan", "first/github.toml", "second/github.toml"])
        .args(["--format", "terminal"])
        .output()
        .expect("runs vaultproof");
    let view = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        view.contains("now: first/github.toml:1, second/github.toml:1"),
        "{view}"
    );
    assert!(!view.contains("github.toml/github.toml"), "{view}");

    let output = vaultproof()
        .current_dir(dir.path())
        .args(["scan", "first/github.toml", "second", "--format", "sarif"])
        .output()
        .expect("runs vaultproof");
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF");
    let bases = &sarif["runs"][0]["originalUriBaseIds"];
    assert_eq!(bases["ROOT0"]["uri"], "first/", "{bases}");
    assert_eq!(bases["ROOT1"]["uri"], "second/", "{bases}");
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(uris, ["github.toml", "github.toml"], "{sarif}");
}
