//! Hostile and broken sources: secrets in names and git metadata, repositories that cannot
//! be fully read, roots that cannot be scanned, a repository's own config, nested
//! repositories, refs at trees and blobs, memory on keyword-dense input, files changing
//! during the scan, and special files where a repository's files should be. Every tree
//! and repository is built at test time in a temporary directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{exit_code, github_token, scan_json, vaultproof};

/// Runs git in `dir` with a fixed identity (overridable through `env`).
fn git_env(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Alice Dev")
        .env("GIT_AUTHOR_EMAIL", "alice@example.test")
        .env("GIT_COMMITTER_NAME", "Alice Dev")
        .env("GIT_COMMITTER_EMAIL", "alice@example.test")
        .env("GIT_AUTHOR_DATE", "2025-01-14T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2025-01-14T10:00:00Z")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

fn git(dir: &Path, args: &[&str]) -> String {
    git_env(dir, &[], args)
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A repository at `dir` with three commits of one token each, packed by `git gc`.
fn packed_repo(dir: &Path) -> Vec<String> {
    git(dir, &["init", "-q", "-b", "main"]);
    let tokens: Vec<String> = [
        "Pk1Rt2Ys3Ab4Cd5Ef6Gh7Ij8Kl9Mn0",
        "Pk2Rt3Ys4Ab5Cd6Ef7Gh8Ij9Kl0Mn1",
        "Pk3Rt4Ys5Ab6Cd7Ef8Gh9Ij0Kl1Mn2",
    ]
    .iter()
    .map(|body| github_token(body))
    .collect();
    for (i, token) in tokens.iter().enumerate() {
        write(dir, &format!("app{i}.env"), &format!("GH_TOKEN={token}\n"));
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", &format!("commit {i}")]);
    }
    // One pack and no loose objects. (`git gc` also writes cruft packs and reads the
    // reflogs, and failed now and then under load with "bad revision"; repack is enough.)
    git(dir, &["repack", "-a", "-d", "-q"]);
    tokens
}

fn pack_files(repo: &Path, extension: &str) -> Vec<PathBuf> {
    std::fs::read_dir(repo.join(".git/objects/pack"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .collect()
}

fn make_writable(path: &Path) {
    let mut perms = std::fs::metadata(path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(path, perms).unwrap();
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

/// Runs `command` and kills it if it has not finished within `limit`: a hang fails the
/// test instead of hanging the suite.
fn run_with_timeout(command: &mut Command, limit: Duration) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            panic!(
                "still running after {limit:?} (hung); stderr: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs a scan with a 120 s guard; returns (exit code, stdout, stderr).
fn scan_guarded(args: &[&str]) -> (i32, String, String) {
    let output = run_with_timeout(
        vaultproof().arg("scan").args(args),
        Duration::from_secs(120),
    );
    (
        exit_code(&output),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn key_paths(report: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["locations"].as_array().unwrap().iter())
        .filter_map(|l| l["key_path"].as_str().map(str::to_string))
        .collect();
    out.sort();
    out.dedup();
    out
}

// --- 3. Secrets in names and git metadata ---------------------------------------------

#[test]
fn secrets_in_file_and_directory_names_are_found_and_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let in_dir = github_token("Dn1Am2Et3Ok4En5Ab6Cd7Ef8Gh9Ij0");
    let in_file = github_token("Fn1Am2Et3Ok4En5Ab6Cd7Ef8Gh9Ij0");
    let in_empty = github_token("En1Mp2Ty3Ok4En5Ab6Cd7Ef8Gh9Ij0");
    write(root, &format!("keys/{in_dir}/notes.txt"), "nothing here\n");
    write(root, &format!("{in_file}.txt"), "nothing here either\n");
    std::fs::write(root.join(format!("{in_empty}.env")), "").unwrap();
    write(
        root,
        &format!("keys/{in_dir}/.env"),
        &format!("STRIPE_SECRET_KEY=sk_live_{}\n", "Q7mZ2xK9pL4vR8nT1wY6bH3c"),
    );
    let root_arg = root.to_str().unwrap();
    let csv = root.join("inventory.csv");
    let (code, report, stderr) = scan_json(&[root_arg, "--inventory", csv.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        key_paths(&report).contains(&"file_name".to_string()),
        "{report:#}"
    );
    let named = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["locations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["key_path"] == "file_name")
        })
        .count();
    assert_eq!(named, 3, "{report:#}");
    let terminal = vaultproof()
        .args(["scan", root_arg, "-v", "--format", "terminal"])
        .output()
        .unwrap();
    let outputs = [
        report.to_string(),
        stderr,
        String::from_utf8_lossy(&terminal.stdout).into_owned(),
        String::from_utf8_lossy(&terminal.stderr).into_owned(),
        std::fs::read_to_string(&csv).unwrap(),
    ];
    for (i, output) in outputs.iter().enumerate() {
        for token in [&in_dir, &in_file, &in_empty] {
            assert!(
                !output.contains(token.as_str()),
                "output {i} has {token}:\n{output}"
            );
        }
    }
    // The names are still shown, with the token replaced by its preview.
    assert!(outputs[2].contains("ghp_…(40 chars).txt"), "{}", outputs[2]);
}

#[test]
fn secrets_in_authors_refs_and_tag_messages_are_found_and_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q", "-b", "main"]);
    let author = github_token("Au1Th2Or3Ok4En5Ab6Cd7Ef8Gh9Ij0");
    let committer = github_token("Co1Mm2It3Ok4En5Ab6Cd7Ef8Gh9Ij0");
    let email = github_token("Em1Ai2Ll3Ok4En5Ab6Cd7Ef8Gh9Ij0");
    let branch = github_token("Br1An2Ch3Ok4En5Ab6Cd7Ef8Gh9Ij0");
    let tag = github_token("Ta1Gn2Am3Ok4En5Ab6Cd7Ef8Gh9Ij0");
    let message = github_token("Ta1Gm2Es3Ok4En5Ab6Cd7Ef8Gh9Ij0");
    write(repo, "README.md", "nothing secret\n");
    git(repo, &["add", "-A"]);
    git_env(
        repo,
        &[
            ("GIT_AUTHOR_NAME", &format!("Dev {author}")),
            ("GIT_AUTHOR_EMAIL", &format!("{email}@example.test")),
            ("GIT_COMMITTER_NAME", &committer),
        ],
        &["commit", "-q", "-m", "harmless message"],
    );
    git(repo, &["branch", &branch]);
    git(repo, &["tag", &tag]);
    git(
        repo,
        &["tag", "-a", "v1", "-m", &format!("release notes {message}")],
    );

    let repo_arg = repo.to_str().unwrap();
    let (code, report, stderr) = scan_json(&[repo_arg, "--git"]);
    assert_eq!(code, 1, "{stderr}");
    let paths = key_paths(&report);
    for expected in ["git.author", "git.committer", "git.ref", "git.tag_message"] {
        assert!(
            paths.contains(&expected.to_string()),
            "{expected}: {paths:?}"
        );
    }
    let terminal = vaultproof()
        .args(["scan", repo_arg, "--format", "terminal"])
        .output()
        .unwrap();
    let outputs = [
        report.to_string(),
        stderr,
        String::from_utf8_lossy(&terminal.stdout).into_owned(),
        String::from_utf8_lossy(&terminal.stderr).into_owned(),
    ];
    for (i, output) in outputs.iter().enumerate() {
        for token in [&author, &committer, &email, &branch, &tag, &message] {
            assert!(
                !output.contains(token.as_str()),
                "output {i} has {token}:\n{output}"
            );
        }
    }
    // The author is still printed, its token replaced by its preview.
    assert!(
        outputs[0].contains("Dev ghp_…(40 chars)"),
        "{:#}",
        report["findings"]
    );
}

#[test]
fn secrets_in_names_of_deleted_files_are_found_in_history() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q", "-b", "main"]);
    let token = github_token("Hi1St2Or3Yn4Am5Ab6Cd7Ef8Gh9Ij0");
    write(repo, &format!("backup/{token}/notes.txt"), "nothing here\n");
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "add"]);
    git(repo, &["rm", "-q", "-r", "backup"]);
    git(repo, &["commit", "-q", "-m", "remove"]);
    let (code, report, stderr) = scan_json(&[repo.to_str().unwrap(), "--git"]);
    assert_eq!(code, 1, "{stderr}");
    let finding = &report["findings"][0];
    assert_eq!(
        finding["locations"][0]["key_path"], "file_name",
        "{finding:#}"
    );
    assert_eq!(finding["status"], "history_only", "{finding:#}");
    assert_eq!(
        finding["locations"][0]["path"], "backup/ghp_…(40 chars)/notes.txt",
        "{finding:#}"
    );
    assert!(!report.to_string().contains(&token));
}

// --- 7. No silent pass on history that cannot be read ---------------------------------

/// A repository broken by `break_it` exits 2 under `--git`, names a problem on stderr and
/// in the report, and exits with the findings' code under `--allow-incomplete`.
fn assert_fails_closed(break_it: impl Fn(&Path)) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    packed_repo(repo);
    break_it(repo);
    let repo_arg = repo.to_str().unwrap();
    let (code, report, stderr) = scan_json(&[repo_arg, "--git"]);
    assert_eq!(code, 2, "{stderr}\n{:#}", report["history"]);
    let errors = report["history"][0]["errors"].as_array().unwrap();
    assert!(!errors.is_empty(), "{:#}", report["history"]);
    assert!(stderr.contains("git history"), "{stderr}");
    let terminal = vaultproof()
        .args(["scan", repo_arg, "--git", "--format", "terminal"])
        .output()
        .unwrap();
    let summary = String::from_utf8_lossy(&terminal.stdout);
    assert!(summary.contains("error"), "{summary}");
    let (code, _, _) = scan_json(&[repo_arg, "--git", "--allow-incomplete"]);
    assert!(code == 0 || code == 1, "{code}");
}

#[test]
fn truncated_pack_fails_closed() {
    assert_fails_closed(|repo| {
        for pack in pack_files(repo, "pack") {
            make_writable(&pack);
            let file = std::fs::OpenOptions::new().write(true).open(&pack).unwrap();
            file.set_len(100).unwrap();
        }
    });
}

#[test]
fn garbage_pack_index_fails_closed() {
    assert_fails_closed(|repo| {
        for index in pack_files(repo, "idx") {
            make_writable(&index);
            let garbage: Vec<u8> = (0..2048u32).map(|i| (i * 7919 % 251) as u8).collect();
            std::fs::write(&index, garbage).unwrap();
        }
    });
}

#[test]
fn missing_objects_fail_closed() {
    assert_fails_closed(|repo| {
        for entry in std::fs::read_dir(repo.join(".git/objects/pack")).unwrap() {
            let path = entry.unwrap().path();
            make_writable(&path);
            std::fs::remove_file(path).unwrap();
        }
    });
}

/// A symbolic ref to a ref that no longer exists (`origin/HEAD` after a prune) has no
/// object to read: like an unborn HEAD, it is not an error.
#[test]
fn a_dangling_symbolic_ref_is_not_an_unread_object() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    packed_repo(repo);
    git(
        repo,
        &[
            "symbolic-ref",
            "refs/remotes/origin/HEAD",
            "refs/remotes/origin/gone",
        ],
    );
    let (code, report, stderr) = scan_json(&[repo.to_str().unwrap(), "--git"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(report["history"][0]["errors"], serde_json::json!([]));
    assert_eq!(report["findings"].as_array().unwrap().len(), 3);
}

#[test]
fn blobless_partial_clone_counts_and_names_absent_blobs() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    std::fs::create_dir(&source).unwrap();
    packed_repo(&source);
    git(&source, &["config", "uploadpack.allowFilter", "true"]);
    let url = format!("file://{}", source.display());
    let clone = dir.path().join("clone");
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            "--filter=blob:none",
            "--no-checkout",
            &url,
            clone.to_str().unwrap(),
        ],
    );
    let (code, report, stderr) = scan_json(&[clone.to_str().unwrap(), "--git"]);
    let history = &report["history"][0];
    assert_eq!(code, 2, "{stderr}\n{history:#}");
    assert_eq!(history["partial_clone"], true, "{history:#}");
    assert_eq!(history["blobs_absent"], 3, "{history:#}");
    let absent = history["absent"].to_string();
    assert!(absent.contains("app0.env"), "{absent}");
    assert!(stderr.contains("absent"), "{stderr}");
}

// --- 8. A root that cannot be scanned is an error -------------------------------------

#[test]
fn roots_that_cannot_be_scanned_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let dangling = dir.path().join("dangling");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
    let roots = [
        (fifo.to_str().unwrap().to_string(), "fifo"),
        ("/dev/null".to_string(), "character device"),
        (dangling.to_str().unwrap().to_string(), "dangling"),
    ];
    for (root, says) in roots {
        let (code, stdout, stderr) = scan_guarded(&[&root]);
        assert_eq!(code, 2, "{root}: {stdout}{stderr}");
        assert!(stderr.contains(says), "{root}: {stderr}");
        assert!(!stdout.contains("no findings"), "{root}: {stdout}");
    }
}

#[test]
fn unreadable_root_directory_exits_2() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("skipped: running as root, permissions do not apply");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (code, _, stderr) = scan_guarded(&[locked.to_str().unwrap()]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 2, "{stderr}");
}

// --- 9. A repository's own config is counted, and can be ignored -----------------------

#[test]
fn repo_config_excludes_are_listed_and_no_repo_config_ignores_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let token = github_token("Ex1Cl2Ud3Ed4Ok5En6Ab7Cd8Ef9Gh0");
    let allowed = github_token("Al1Lo2Wd3Ed4Ok5En6Ab7Cd8Ef9Gh0");
    write(root, "hidden/app.env", &format!("GH_TOKEN={token}\n"));
    write(root, "docs/guide.env", &format!("GH_TOKEN={allowed}\n"));
    write(
        root,
        ".vaultproof.toml",
        "[scan]\nexclude = [\"hidden/\"]\n[allowlist]\npaths = [\"docs/**\"]\n",
    );
    let root_arg = root.to_str().unwrap();
    let (code, report, _) = scan_json(&[root_arg]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["stats"]["excluded"], 1);
    let excluded = &report["excluded"][0];
    assert_eq!(excluded["path"], "hidden");
    assert_eq!(excluded["pattern"], "hidden/");
    assert!(
        excluded["origin"]
            .as_str()
            .unwrap()
            .ends_with(".vaultproof.toml"),
        "{excluded:#}"
    );
    let terminal = vaultproof()
        .args(["scan", root_arg, "--format", "terminal"])
        .output()
        .unwrap();
    let summary = String::from_utf8_lossy(&terminal.stdout);
    assert!(
        summary.contains("1 path excluded (hidden/ from"),
        "{summary}"
    );
    assert!(summary.contains("1 allowlist_path"), "{summary}");

    let (code, report, _) = scan_json(&[root_arg, "--no-repo-config"]);
    assert_eq!(code, 1);
    assert_eq!(report["stats"]["excluded"], 0);
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        2,
        "{report:#}"
    );
}

// --- 10. Nested repositories ----------------------------------------------------------

#[test]
fn nested_repositories_have_their_history_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path();
    let mut deleted = Vec::new();
    for (name, body) in [
        ("alpha", "Ne1St2Ed3Al4Ph5Ab6Cd7Ef8Gh9Ij0"),
        ("group/beta", "Ne1St2Ed3Be4Ta5Ab6Cd7Ef8Gh9Ij0"),
    ] {
        let repo = workspace.join(name);
        std::fs::create_dir_all(&repo).unwrap();
        git(&repo, &["init", "-q", "-b", "main"]);
        let token = github_token(body);
        write(&repo, "old.env", &format!("GH_TOKEN={token}\n"));
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-q", "-m", "add"]);
        std::fs::remove_file(repo.join("old.env")).unwrap();
        git(&repo, &["add", "-A"]);
        git(&repo, &["commit", "-q", "-m", "remove"]);
        deleted.push(token);
    }
    let (code, report, stderr) = scan_json(&[workspace.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    let histories = report["history"].as_array().unwrap();
    assert_eq!(histories.len(), 2, "{histories:#?}");
    let repositories: Vec<&str> = histories
        .iter()
        .map(|h| h["repository"].as_str().unwrap())
        .collect();
    assert!(
        repositories.iter().any(|r| r.ends_with("alpha")),
        "{repositories:?}"
    );
    assert!(
        repositories.iter().any(|r| r.ends_with("group/beta")),
        "{repositories:?}"
    );
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{findings:#?}");
    for finding in findings {
        assert_eq!(finding["status"], "history_only", "{finding:#}");
    }
}

// --- 11. Refs straight at trees and blobs ---------------------------------------------

#[test]
fn refs_at_trees_and_blobs_have_their_content_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q", "-b", "main"]);
    write(repo, "README.md", "nothing secret\n");
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "init"]);
    let in_blob = github_token("Bl1Ob2Re3Fo4Nl5Yb6Cd7Ef8Gh9Ij0");
    let in_tree = github_token("Tr1Ee2Re3Fo4Nl5Yb6Cd7Ef8Gh9Ij0");
    let loose = repo.join("loose.env");
    std::fs::write(&loose, format!("GH_TOKEN={in_blob}\n")).unwrap();
    let blob = git(repo, &["hash-object", "-w", loose.to_str().unwrap()]);
    git(repo, &["update-ref", "refs/keep/blob", &blob]);
    std::fs::write(&loose, format!("GH_TOKEN={in_tree}\n")).unwrap();
    let tree_blob = git(repo, &["hash-object", "-w", loose.to_str().unwrap()]);
    std::fs::remove_file(&loose).unwrap();
    let listing = format!("100644 blob {tree_blob}\tconfig.env\n");
    let tree_file = dir.path().join("tree.txt");
    std::fs::write(&tree_file, listing).unwrap();
    let tree = {
        let output = Command::new("git")
            .current_dir(repo)
            .arg("mktree")
            .stdin(std::fs::File::open(&tree_file).unwrap())
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    };
    git(repo, &["tag", "tree-tag", &tree]);
    std::fs::remove_file(&tree_file).unwrap();

    let (code, report, stderr) = scan_json(&[repo.to_str().unwrap(), "--git"]);
    assert_eq!(code, 1, "{stderr}");
    let history = &report["history"][0];
    assert_eq!(history["refs"], 3, "{history:#}");
    let paths: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["locations"].as_array().unwrap().iter())
        .map(|l| l["path"].as_str().unwrap().to_string())
        .collect();
    assert!(paths.contains(&"refs/keep/blob".to_string()), "{paths:?}");
    assert!(paths.contains(&"config.env".to_string()), "{paths:?}");
}

// --- 12. Memory bounded by windows, not bytes -----------------------------------------

/// Runs the binary and returns (exit code, peak resident set size in bytes) of that one
/// child ([`crate::common::peak_rss_kib`]).
fn peak_rss(args: &[&str]) -> (i32, u64) {
    let mut command = vaultproof();
    command.args(args);
    let (code, kib) = crate::common::peak_rss_kib(command);
    (code, kib * 1024)
}

#[test]
fn base64_of_zeros_costs_memory_by_windows_not_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("zeros.b64");
    // 60 MB of base64 of zero bytes, in 76-column lines and one long run.
    let mut data = Vec::with_capacity(60 << 20);
    let line = [b'A'; 76];
    while data.len() < 30 << 20 {
        data.extend_from_slice(&line);
        data.push(b'\n');
    }
    data.resize(60 << 20, b'A');
    std::fs::write(&path, &data).unwrap();
    drop(data);
    let (code, peak) = peak_rss(&["scan", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0);
    assert!(peak < 200 << 20, "peak RSS {} MiB", peak >> 20);
}

// --- 13. Files changing while they are scanned ----------------------------------------

#[test]
fn files_truncated_and_rewritten_during_the_scan_never_crash_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let token = github_token("Ch1An2Gi3Ng4Ok5En6Ab7Cd8Ef9Gh0");
    let big = format!("{}GH_TOKEN={token}\n", "x = 1\n".repeat(600_000));
    for i in 0..8 {
        std::fs::write(root.join(format!("big{i}.log")), &big).unwrap();
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = std::sync::Arc::clone(&stop);
        let root = root.clone();
        let big = big.clone();
        std::thread::spawn(move || {
            let mut round = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let path = root.join(format!("big{}.log", round % 8));
                if let Ok(file) = std::fs::OpenOptions::new().write(true).open(&path) {
                    let _ = file.set_len(if round % 2 == 0 { 0 } else { 4096 });
                }
                let _ = std::fs::write(&path, &big);
                round += 1;
            }
        })
    };
    for _ in 0..5 {
        let output = run_with_timeout(
            vaultproof().args(["scan", root.to_str().unwrap(), "--format", "json"]),
            Duration::from_secs(120),
        );
        let code = output.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "exit {:?} (None: killed by a signal): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["schema_version"], 1);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
}

// --- 15. Special files and unbounded inputs -------------------------------------------

/// A FIFO where a repository's file should be never hangs the scan: it is named and the
/// history scan fails closed.
#[test]
fn fifos_inside_git_never_hang_the_scan() {
    let places = [
        ".git/HEAD",
        ".git/packed-refs",
        ".git/refs/heads/fifo",
        ".git/objects/info/alternates",
        ".git/config-include",
    ];
    for place in places {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        packed_repo(repo);
        let target = repo.join(place);
        if target.exists() {
            std::fs::remove_file(&target).unwrap();
        }
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        mkfifo(&target);
        if place == ".git/config-include" {
            let config = repo.join(".git/config");
            let mut text = std::fs::read_to_string(&config).unwrap();
            text.push_str("[include]\n\tpath = config-include\n");
            std::fs::write(&config, text).unwrap();
        }
        for mode in [&[][..], &["--git"][..]] {
            let mut args = vec![repo.to_str().unwrap(), "--format", "json"];
            args.extend_from_slice(mode);
            let (code, _, stderr) = scan_guarded(&args);
            assert_eq!(code, 2, "{place} {mode:?}: {stderr}");
            assert!(stderr.contains("fifo"), "{place} {mode:?}: {stderr}");
        }
    }
}

#[test]
fn alternates_pointing_at_themselves_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    packed_repo(repo);
    let objects = repo.join(".git/objects");
    std::fs::write(
        objects.join("info/alternates"),
        format!("{}\n", objects.display()),
    )
    .unwrap();
    let (code, _, stderr) = scan_guarded(&[repo.to_str().unwrap(), "--git"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("alternates"), "{stderr}");
}

#[test]
fn a_fifo_as_the_repository_config_never_hangs_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app.txt", "nothing\n");
    mkfifo(&dir.path().join(".vaultproof.toml"));
    let (code, _, stderr) = scan_guarded(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(".vaultproof.toml"), "{stderr}");
}

#[test]
fn thread_counts_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = scan_guarded(&[dir.path().to_str().unwrap(), "--threads", "100000"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("threads"), "{stderr}");
}
