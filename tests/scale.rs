//! Scale: a history 100,000 paths wide, built at test time with `git fast-import`, is
//! scanned with bounded memory. The scan's peak resident set is read from the kernel
//! (the child's `VmHWM`), not estimated, and time is not asserted.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{github_token, peak_rss_kib, TEST_KEY};

const DIRS: usize = 1_000;
const FILES_PER_DIR: usize = 100;
/// Commits after the first that rewrite every file with one shared content: each such
/// blob appears at 99,000 paths, so the history holds about 700,000 (blob, path) pairs.
const SHARED_REWRITES: usize = 6;

/// The `git fast-import` stream: commit 1 adds 100,000 files with distinct content (one
/// holds a fake token); each later commit gives every file one shared content, except
/// each directory's first file, which stays distinct so that no two directories' trees
/// are the same object (git would store, and the walk would visit, one tree for all).
fn fast_import_stream(token: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 << 20);
    let mut mark = 0usize;
    let mut blob = |out: &mut Vec<u8>, content: &str| {
        mark += 1;
        write!(
            out,
            "blob\nmark :{mark}\ndata {}\n{content}\n",
            content.len()
        )
        .unwrap();
        mark
    };
    let mut first = Vec::with_capacity(DIRS * FILES_PER_DIR);
    for dir in 0..DIRS {
        for file in 0..FILES_PER_DIR {
            let content = if dir == 7 && file == 7 {
                format!("token: {token}\n")
            } else {
                format!("file {dir}/{file}\n")
            };
            first.push((
                blob(&mut out, &content),
                format!("services/team-{dir:04}/deploy/config/settings-{file:03}.yaml"),
            ));
        }
    }
    let shared: Vec<usize> = (0..SHARED_REWRITES)
        .map(|n| blob(&mut out, &format!("shared revision {n}\n")))
        .collect();
    let distinct: Vec<Vec<usize>> = (0..SHARED_REWRITES)
        .map(|n| {
            (0..DIRS)
                .map(|dir| blob(&mut out, &format!("directory {dir} revision {n}\n")))
                .collect()
        })
        .collect();
    let commit = |out: &mut Vec<u8>,
                  number: usize,
                  files: &mut dyn Iterator<Item = (usize, &str)>| {
        let message = format!("commit {number}");
        write!(
            out,
            "commit refs/heads/main\ncommitter Alice Dev <alice@example.test> {} +0000\ndata {}\n{message}\n",
            1_736_848_800 + number * 86_400,
            message.len()
        )
        .unwrap();
        for (mark, path) in files {
            writeln!(out, "M 100644 :{mark} {path}").unwrap();
        }
        out.push(b'\n');
    };
    let paths: Vec<String> = first.iter().map(|(_, p)| p.clone()).collect();
    commit(
        &mut out,
        1,
        &mut first.iter().map(|(m, p)| (*m, p.as_str())),
    );
    for (n, &mark) in shared.iter().enumerate() {
        let mut marks = paths.iter().enumerate().map(|(i, p)| {
            let (dir, file) = (i / FILES_PER_DIR, i % FILES_PER_DIR);
            let mark = if file == 0 { distinct[n][dir] } else { mark };
            (mark, p.as_str())
        });
        commit(&mut out, n + 2, &mut marks);
    }
    out
}

fn wide_repository(token: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str], input: Option<&[u8]>| {
        let mut child = Command::new("git")
            .current_dir(dir.path())
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("git runs");
        if let Some(input) = input {
            child.stdin.take().unwrap().write_all(input).unwrap();
        }
        drop(child.stdin.take());
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    git(&["init", "-q", "--bare", "-b", "main"], None);
    git(
        &["fast-import", "--quiet"],
        Some(&fast_import_stream(token)),
    );
    dir
}

/// Runs `vaultproof scan ARGS --git` with its report in `report`, and returns its exit
/// code and peak resident set in KiB ([`peak_rss_kib`]).
fn scan_peak_rss(args: &[&Path], report: &Path) -> (i32, u64) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vaultproof"));
    command
        .env("VAULTPROOF_KEY", TEST_KEY)
        .arg("scan")
        .args(args)
        .args(["--git", "--quiet", "--format", "json", "-o"])
        .arg(report);
    peak_rss_kib(command)
}

#[cfg(target_os = "linux")]
#[test]
fn history_of_100k_paths_is_scanned_with_bounded_memory() {
    let token = github_token("Wd5Jq9Zr2Xk7Lm4Tp8Hv3Nc6Bg1Fy0");
    let repo = wide_repository(&token);
    let out = tempfile::tempdir().unwrap();
    let report_path = out.path().join("report.json");
    let (code, peak_kib) = scan_peak_rss(&[repo.path()], &report_path);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report_path).unwrap()).unwrap();
    assert_eq!(code, 1, "the token is found");
    let history = &report["history"][0];
    assert_eq!(history["commits"], 1 + SHARED_REWRITES);
    assert_eq!(
        history["blobs"],
        DIRS * FILES_PER_DIR + SHARED_REWRITES * (1 + DIRS)
    );
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "vp.github.pat.1")
        .expect("the token is found");
    assert_eq!(
        finding["introduced"]["path"],
        "services/team-0007/deploy/config/settings-007.yaml"
    );
    assert_eq!(finding["status"], "history_only");
    // The fixed cost (rules compiled, threads, libgit2): the same scan of a one-file
    // history.
    let small = tempfile::tempdir().unwrap();
    Command::new("git")
        .args(["init", "-q", "--bare", "-b", "main"])
        .arg(small.path())
        .status()
        .unwrap();
    let one_file = "blob\nmark :1\ndata 6\nhello\n\ncommit refs/heads/main\ncommitter A <a@example.test> 1736848800 +0000\ndata 3\none\nM 100644 :1 a.txt\n\n";
    let mut import = Command::new("git")
        .current_dir(small.path())
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    import
        .stdin
        .take()
        .unwrap()
        .write_all(one_file.as_bytes())
        .unwrap();
    assert!(import.wait().unwrap().success());
    let (_, base_kib) = scan_peak_rss(&[small.path()], &out.path().join("small.json"));
    // 106,000 blobs, 100,000 paths, 700,000 (blob, path) occurrences and 21,000 trees of
    // 100 entries: the index (interned paths, 8-byte occurrences) plus the mapped pack
    // pages and the decoding buffers measured 75 MiB over the fixed cost when written.
    // The ceiling leaves room for allocators and thread counts; a path string per
    // occurrence would add about 60 MiB, a resident pack its whole size.
    let grown_mib = (peak_kib - base_kib) / 1024;
    eprintln!(
        "scale: peak RSS {} MiB, {grown_mib} MiB over a one-file history",
        peak_kib / 1024
    );
    assert!(grown_mib < 128, "the scan grew by {grown_mib} MiB");
}
