//! Encodings: UTF-16 files with a byte order mark (as Windows PowerShell writes them) are
//! decoded and scanned, with the secret on its own line, instead of being skipped as binary.

use std::fs;

use crate::common::{finding_locations, scan_json};

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut out = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in text.encode_utf16() {
        out.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

#[test]
fn utf16_files_with_a_bom_are_scanned_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    // Generated at random for this test.
    let le = "# setup.ps1\r\n$env:SRC_ACCESS_TOKEN = \"sgp_d31d82a0ae7d3d19_91fcf9f7cf89cc4bdfbb7a3a3fa596cc91f51cbd\"\r\n";
    let be = "rem setup\r\nset SRC_ACCESS_TOKEN=sgp_50629c6ce8e7fc37_576ee5425889562b1d0e964dc798abdf47eb81bd\r\n";
    fs::write(dir.path().join("setup.ps1"), utf16(le, true)).unwrap();
    fs::write(dir.path().join("setup.cmd"), utf16(be, false)).unwrap();
    let (code, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    for file in ["setup.ps1", "setup.cmd"] {
        assert!(
            found.contains(&(
                file.to_string(),
                2,
                "vp.sourcegraph.access-token.1".to_string()
            )),
            "{file}: {found:?}"
        );
    }
    assert!(report["skipped"].as_array().unwrap().is_empty(), "{report}");
}

/// Runs git in `dir` with a fixed identity, panicking on failure.
fn git(dir: &std::path::Path, args: &[&str]) {
    let output = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Uma Utf")
        .env("GIT_AUTHOR_EMAIL", "uma@example.test")
        .env("GIT_COMMITTER_NAME", "Uma Utf")
        .env("GIT_COMMITTER_EMAIL", "uma@example.test")
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

#[test]
fn utf16_blobs_in_history_are_decoded_with_their_own_lines() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q", "-b", "main"]);
    // Generated at random for this test; the token is on line 3 of each file.
    let le = "# deploy.ps1\r\n# set the source token\r\n$env:SRC_ACCESS_TOKEN = \"sgp_6d8a1ee59cf3f04b_0e7f8d2c93b4a16de5f70c28b9a3d41e6f5c7b08\"\r\n";
    let be = "rem deploy\r\nrem token\r\nset SRC_ACCESS_TOKEN=sgp_b07c3e92f1d4a658_9c1e4f7a2b8d03e65a7c9f1b4d2e80c3a6f5b19d\r\n";
    fs::write(dir.join("deploy.ps1"), utf16(le, true)).unwrap();
    fs::write(dir.join("deploy.cmd"), utf16(be, false)).unwrap();
    fs::write(dir.join("README.md"), "hello\n").unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "scripts"]);
    git(dir, &["rm", "-q", "deploy.ps1", "deploy.cmd"]);
    git(dir, &["commit", "-q", "-m", "remove scripts"]);

    let (code, report, stderr) = scan_json(&[dir.to_str().unwrap(), "--git"]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    for file in ["deploy.ps1", "deploy.cmd"] {
        assert!(
            found.contains(&(
                file.to_string(),
                3,
                "vp.sourcegraph.access-token.1".to_string()
            )),
            "{file}: {found:?}"
        );
    }
    for finding in report["findings"].as_array().unwrap() {
        assert_eq!(finding["status"], "history_only", "{finding:#}");
    }
    assert_eq!(report["history"][0]["blobs_binary"], 0, "{report:#}");
}
