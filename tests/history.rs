//! Git history: real repositories built with the git CLI at test time; each finding's
//! first commit, author and status are asserted.

use std::path::Path;
use std::process::Command;

use crate::common::{github_token, scan_json};

/// Runs git in `dir` with a fixed author and committer, panicking on failure.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Alice Dev")
        .env("GIT_AUTHOR_EMAIL", "alice@example.test")
        .env("GIT_COMMITTER_NAME", "Alice Dev")
        .env("GIT_COMMITTER_EMAIL", "alice@example.test")
        .env("GIT_AUTHOR_DATE", "2025-01-14T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2025-01-14T10:00:00Z")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

fn commit_as(dir: &Path, author: &str, message: &str) -> String {
    git(dir, &["add", "-A"]);
    git(
        dir,
        &[
            "-c",
            &format!("user.name={author}"),
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            message,
            "--author",
            &format!(
                "{author} <{}@example.test>",
                author.to_lowercase().replace(' ', ".")
            ),
        ],
    );
    git(dir, &["rev-parse", "HEAD"])
}

fn new_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The finding whose fingerprint-independent identity is: the location at `path`.
fn finding_at<'a>(report: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["locations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["path"] == path)
        })
        .unwrap_or_else(|| panic!("no finding at {path}: {report:#}"))
}

#[test]
fn deleted_secret_is_history_only_and_attributed_to_its_first_commit() {
    let repo = new_repo();
    let dir = repo.path();
    write(dir, "README.md", "hello\n");
    commit_as(dir, "Bob Builder", "init");
    let secret = github_token("Hq2Wd9Lk4Xz7Cv1Bn6Mj3Pr8Ts5Yg0");
    write(dir, "config/.env", &format!("GITHUB_TOKEN={secret}\n"));
    let added = commit_as(dir, "Carol Coder", "add config");
    git(dir, &["rm", "-q", "config/.env"]);
    commit_as(dir, "Bob Builder", "remove config");

    let (code, report, _) = scan_json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    let finding = finding_at(&report, "config/.env");
    assert_eq!(finding["status"], "history_only");
    assert_eq!(finding["introduced"]["commit"], added.as_str());
    assert_eq!(finding["introduced"]["author"], "Carol Coder");
    assert_eq!(finding["introduced"]["email"], "carol.coder@example.test");
    assert_eq!(finding["introduced"]["date"], "2025-01-14T10:00:00Z");
    assert_eq!(finding["introduced"]["path"], "config/.env");
    let location = &finding["locations"][0];
    assert_eq!(
        (location["line"].as_u64(), location["git"].as_str()),
        (Some(1), Some("history"))
    );
    assert_eq!(report["history"][0]["commits"], 3);
}

#[test]
fn secrets_on_a_side_branch_in_a_tag_and_in_head_are_all_found_with_status() {
    let repo = new_repo();
    let dir = repo.path();
    let in_head = github_token("Aq1Sw2De3Fr4Gt5Hy6Ju7Ki8Lo9Pm0");
    write(dir, "app/settings.py", &format!("TOKEN = '{in_head}'\n"));
    commit_as(dir, "Alice Dev", "settings");
    git(dir, &["checkout", "-q", "-b", "feature"]);
    let on_branch = github_token("Zx1Cv2Bn3Mq4Wa5Se6Dr7Ft8Gy9Hu0");
    write(dir, "feature.env", &format!("GH={on_branch}\n"));
    let branch_commit = commit_as(dir, "Dan Branch", "feature work");
    git(dir, &["checkout", "-q", "main"]);
    git(dir, &["checkout", "-q", "--detach"]);
    let in_tag = github_token("Po9Iu8Yt7Re6Wq5Lk4Jh3Gf2Ds1Am0");
    write(dir, "release.env", &format!("GH={in_tag}\n"));
    let tag_commit = commit_as(dir, "Erin Release", "release build");
    git(dir, &["tag", "-a", "v1.0", "-m", "release"]);
    git(dir, &["checkout", "-q", "main"]);

    let (code, report, _) = scan_json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        3,
        "{report:#}"
    );
    let head = finding_at(&report, "app/settings.py");
    assert_eq!(head["status"], "in_head");
    // Found both in the working tree file and in history.
    let gits: Vec<&str> = head["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["git"].as_str().unwrap())
        .collect();
    assert!(
        gits.contains(&"history") && gits.contains(&"tracked"),
        "{gits:?}"
    );
    let branch = finding_at(&report, "feature.env");
    assert_eq!(branch["status"], "history_only");
    assert_eq!(branch["introduced"]["commit"], branch_commit.as_str());
    assert_eq!(branch["introduced"]["author"], "Dan Branch");
    let tag = finding_at(&report, "release.env");
    assert_eq!(tag["introduced"]["commit"], tag_commit.as_str());

    // --branch main sees only main's history; --git reads no working-tree files.
    let (_, main_only, _) = scan_json(&[dir.to_str().unwrap(), "--git", "--branch", "main"]);
    assert_eq!(
        main_only["findings"].as_array().unwrap().len(),
        1,
        "{main_only:#}"
    );
    assert_eq!(main_only["stats"]["files"], 0);
}

#[test]
fn renamed_file_keeps_its_first_commit_and_lists_both_paths() {
    let repo = new_repo();
    let dir = repo.path();
    let secret = github_token("Mn5Bv4Cx3Zl2Kj1Hg9Fd8Sa7Qw6Er0");
    write(dir, "old/name.env", &format!("T={secret}\n"));
    let first = commit_as(dir, "Alice Dev", "add");
    git(dir, &["mv", "old/name.env", "new-name.env"]);
    let renamed = commit_as(dir, "Bob Builder", "rename");

    let (_, report, _) = scan_json(&[dir.to_str().unwrap(), "--no-history"]);
    assert!(
        report.get("history").is_none(),
        "--no-history reads no history"
    );
    let (_, report, _) = scan_json(&[dir.to_str().unwrap(), "--git"]);
    let finding = finding_at(&report, "new-name.env");
    assert_eq!(finding["introduced"]["commit"], first.as_str());
    assert_eq!(finding["introduced"]["path"], "old/name.env");
    let places: Vec<(String, String)> = finding["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["path"].as_str().unwrap().into(),
                l["commit"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        places,
        vec![
            ("new-name.env".into(), renamed),
            ("old/name.env".into(), first)
        ]
    );
}

#[test]
fn merge_commits_and_commit_messages_are_covered() {
    let repo = new_repo();
    let dir = repo.path();
    write(dir, "a.txt", "a\n");
    commit_as(dir, "Alice Dev", "base");
    git(dir, &["checkout", "-q", "-b", "side"]);
    let secret = github_token("Ty6Ui7Op8As9Df0Gh1Jk2Lz3Xc4Vb5");
    write(dir, "side.py", &format!("KEY = \"{secret}\"\n"));
    let side = commit_as(dir, "Sam Side", "side work");
    git(dir, &["checkout", "-q", "main"]);
    write(dir, "b.txt", "b\n");
    commit_as(dir, "Alice Dev", "main work");
    git(dir, &["merge", "-q", "--no-ff", "side", "-m", "merge side"]);
    let leaked = github_token("Qa1Ws2Ed3Rf4Tg5Yh6Uj7Ik8Ol9Pz0");
    let message = commit_as(
        dir,
        "Alice Dev",
        &format!("rotate token, old one was {leaked}"),
    );

    let (_, report, _) = scan_json(&[dir.to_str().unwrap(), "--git"]);
    let merged = finding_at(&report, "side.py");
    assert_eq!(merged["introduced"]["commit"], side.as_str());
    assert_eq!(merged["status"], "in_head");
    let in_message = finding_at(&report, "<commit message>");
    assert_eq!(in_message["introduced"]["commit"], message.as_str());
    assert_eq!(in_message["status"], "history_only");
}

#[test]
fn since_scans_only_new_commits() {
    let repo = new_repo();
    let dir = repo.path();
    let old = github_token("Old1Sec2Ret3In4Bas5Eco6Mmi7T00");
    write(dir, "old.env", &format!("T={old}\n"));
    let base = commit_as(dir, "Alice Dev", "old");
    let new = github_token("New1Sec2Ret3Af4Ter5Bas6EAb7C00");
    write(dir, "new.env", &format!("T={new}\n"));
    commit_as(dir, "Alice Dev", "new");
    let (_, report, _) = scan_json(&[dir.to_str().unwrap(), "--git", "--since", &base]);
    let paths: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["locations"][0]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec!["new.env"]);
    assert_eq!(report["history"][0]["commits"], 1);
    let (code, _, stderr) = scan_json_error(dir, &["--git", "--since", "no-such-rev"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no-such-rev"), "{stderr}");
}

fn scan_json_error(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = crate::common::vaultproof()
        .arg("scan")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    (
        crate::common::exit_code(&output),
        String::from_utf8_lossy(&output.stdout).into(),
        String::from_utf8_lossy(&output.stderr).into(),
    )
}

#[test]
fn bare_repository_worktree_file_and_shallow_clone() {
    let repo = new_repo();
    let dir = repo.path();
    let secret = github_token("Br1Ar2Ep3Os4Wo5Rk6Tr7Ee8Sh9Al0");
    write(dir, "deploy.env", &format!("T={secret}\n"));
    commit_as(dir, "Alice Dev", "one");
    write(dir, "x.txt", "x\n");
    commit_as(dir, "Alice Dev", "two");
    let scratch = tempfile::tempdir().unwrap();

    let bare = scratch.path().join("bare.git");
    git(
        scratch.path(),
        &[
            "clone",
            "-q",
            "--bare",
            dir.to_str().unwrap(),
            bare.to_str().unwrap(),
        ],
    );
    let (code, report, _) = scan_json(&[bare.to_str().unwrap(), "--git"]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["history"][0]["shallow"], false);

    let worktree = scratch.path().join("wt");
    git(
        dir,
        &[
            "worktree",
            "add",
            "-q",
            "--detach",
            worktree.to_str().unwrap(),
        ],
    );
    assert!(worktree.join(".git").is_file());
    let (code, report, _) = scan_json(&[worktree.to_str().unwrap(), "--git"]);
    assert_eq!(code, 1, "{report:#}");

    let shallow = scratch.path().join("shallow");
    let url = format!("file://{}", dir.display());
    git(
        scratch.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &url,
            shallow.to_str().unwrap(),
        ],
    );
    let (_, report, _) = scan_json(&[shallow.to_str().unwrap(), "--git"]);
    assert_eq!(report["history"][0]["shallow"], true);
    assert_eq!(report["history"][0]["commits"], 1);
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn corrupt_loose_object_is_reported_and_the_scan_goes_on() {
    let repo = new_repo();
    let dir = repo.path();
    let good = github_token("Go1Od2Bl3Ob4St5Il6Ls7Ca8Nn9Ed0");
    write(dir, "good.env", &format!("T={good}\n"));
    write(dir, "bad.env", "this blob will be corrupted\n");
    commit_as(dir, "Alice Dev", "two files");
    let bad = git(dir, &["rev-parse", "HEAD:bad.env"]);
    let object = dir.join(".git/objects").join(&bad[..2]).join(&bad[2..]);
    let mut perms = std::fs::metadata(&object).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&object, perms).unwrap();
    std::fs::write(&object, b"definitely not zlib").unwrap();

    // The history was not fully read: the gate fails closed (exit 2), and the object is
    // named on stderr; --allow-incomplete gives the findings' exit code instead.
    let (code, _, stderr) = scan_json(&[dir.to_str().unwrap(), "--git"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&bad), "{stderr}");
    let (code, report, _) = scan_json(&[dir.to_str().unwrap(), "--git", "--allow-incomplete"]);
    assert_eq!(code, 1);
    let errors = report["history"][0]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].as_str().unwrap().contains(&bad), "{errors:?}");
    assert!(
        errors[0].as_str().unwrap().contains("bad.env"),
        "{errors:?}"
    );
    finding_at(&report, "good.env");
}

/// A tree that cannot be read is named with its path, and the walk goes on in step: the
/// trees of later commits are still read and their blobs found.
#[test]
fn corrupt_tree_is_reported_with_its_path_and_later_commits_are_walked() {
    let repo = new_repo();
    let dir = repo.path();
    write(dir, "conf/app.env", "NOTHING=here\n");
    write(
        dir,
        "first.env",
        &format!("T={}\n", github_token("Fi1Rs2Tc3Om4Mi5Tt6Ok7En8Zz9Yy0")),
    );
    commit_as(dir, "Alice Dev", "first");
    let conf = git(dir, &["rev-parse", "HEAD:conf"]);
    write(
        dir,
        "later/deep/x.env",
        &format!("T={}\n", github_token("La1Te2Rc3Om4Mi5Tt6Ok7En8Zz9Yy0")),
    );
    commit_as(dir, "Alice Dev", "second");
    let object = dir.join(".git/objects").join(&conf[..2]).join(&conf[2..]);
    let mut perms = std::fs::metadata(&object).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&object, perms).unwrap();
    std::fs::write(&object, b"not a zlib stream").unwrap();

    let (code, report, stderr) = scan_json(&[dir.to_str().unwrap(), "--git", "--allow-incomplete"]);
    assert_eq!(code, 1, "{stderr}");
    let errors = report["history"][0]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let error = errors[0].as_str().unwrap();
    assert!(error.contains(&conf) && error.contains("conf"), "{error}");
    finding_at(&report, "first.env");
    finding_at(&report, "later/deep/x.env");
}

#[test]
fn submodules_are_not_entered_and_large_blobs_are_counted() {
    let repo = new_repo();
    let dir = repo.path();
    let sub = new_repo();
    write(
        sub.path(),
        "s.env",
        &format!("T={}\n", github_token("Su1Bm2Od3Ul4Es5Ec6Re7Ts8Ta9Yz0")),
    );
    commit_as(sub.path(), "Alice Dev", "sub");
    git(
        dir,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            sub.path().to_str().unwrap(),
            "vendor/sub",
        ],
    );
    write(dir, "big.txt", &"0123456789abcdef\n".repeat(8192));
    commit_as(dir, "Alice Dev", "add submodule and a big file");

    let (code, report, _) = scan_json(&[dir.to_str().unwrap(), "--git", "--max-blob-size", "64K"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["history"][0]["submodules_skipped"], 1);
    assert_eq!(report["history"][0]["blobs_too_large"], 1);
}

#[test]
fn packed_history_is_decoded_along_the_delta_tree() {
    let repo = new_repo();
    let dir = repo.path();
    // More blobs than the direct-read limit, so the pack traversal path runs.
    for i in 0..2_500 {
        write(
            dir,
            &format!("src/m{}/f{i}.rs", i % 50),
            &format!(
                "pub const N{i}: u32 = {i};\n// filler {}\n",
                "x".repeat(i % 97)
            ),
        );
    }
    let secret = github_token("Pa1Ck2Ed3Hi4St5Or6Yd7El8Ta9Tr0");
    write(dir, "ops/deploy.env", &format!("GH_TOKEN={secret}\n"));
    let added = commit_as(dir, "Pat Packer", "bulk");
    git(dir, &["rm", "-q", "ops/deploy.env"]);
    write(dir, "src/m0/f0.rs", "pub const N0: u32 = 1;\n");
    commit_as(dir, "Pat Packer", "remove secret");
    git(dir, &["gc", "-q", "--aggressive"]);
    assert!(
        std::fs::read_dir(dir.join(".git/objects/pack"))
            .unwrap()
            .count()
            >= 2
    );

    let (code, report, _) = scan_json(&[dir.to_str().unwrap(), "--git"]);
    assert_eq!(code, 1);
    assert_eq!(report["history"][0]["blobs"], 2_502);
    assert_eq!(report["history"][0]["blobs_scanned"], 2_502);
    assert!(report["history"][0]["errors"]
        .as_array()
        .unwrap()
        .is_empty());
    let finding = finding_at(&report, "ops/deploy.env");
    assert_eq!(finding["status"], "history_only");
    assert_eq!(finding["introduced"]["commit"], added.as_str());
}

#[test]
fn structured_files_in_history_are_judged_key_by_key() {
    let repo = new_repo();
    let dir = repo.path();
    write(
        dir,
        "svc/.env",
        "DATABASE_HOST=db.internal\nDATABASE_PASSWORD=Tq7-vorlage-Brennholz-93\n",
    );
    let added = commit_as(dir, "Alice Dev", "service env");
    git(dir, &["rm", "-q", "svc/.env"]);
    commit_as(dir, "Alice Dev", "drop env");

    let (code, report, _) = scan_json(&[dir.to_str().unwrap(), "--git"]);
    assert_eq!(code, 1, "{report:#}");
    let secrets: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "generic_secret")
        .collect();
    assert_eq!(secrets.len(), 1, "{report:#}");
    assert_eq!(secrets[0]["introduced"]["commit"], added.as_str());
    assert_eq!(secrets[0]["status"], "history_only");
    assert_eq!(secrets[0]["locations"][0]["line"], 2);
    assert_eq!(secrets[0]["locations"][0]["key_path"], "DATABASE_PASSWORD");
}

/// Key files found by their path alone (no keyword in them): a Rails master key committed
/// then deleted is still found in history, under the path that introduced it; a file of
/// the same content under another name is not a key file.
#[test]
fn key_files_named_by_their_path_are_found_in_history() {
    let repo = new_repo();
    let dir = repo.path();
    write(dir, "config/master.key", "5d0f2c8e91ab47e3c6f1d28a9b73e405");
    write(
        dir,
        "docs/checksum.txt",
        "5d0f2c8e91ab47e3c6f1d28a9b73e405\n",
    );
    commit_as(dir, "Carol Coder", "rails new");
    git(dir, &["rm", "-q", "config/master.key"]);
    commit_as(dir, "Bob Builder", "untrack the master key");

    let (code, report, _) = scan_json(&[dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    let finding = finding_at(&report, "config/master.key");
    assert_eq!(finding["rule_id"], "vp.rails.master-key.1");
    assert_eq!(finding["status"], "history_only");
    let at_checksum = report["findings"].as_array().unwrap().iter().any(|f| {
        f["locations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["path"] == "docs/checksum.txt")
    });
    assert!(!at_checksum, "{report:#}");
}
