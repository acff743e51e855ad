//! Bad input never crashes the scan: each problem file is named, counted as a skip with its
//! reason, and the rest of the tree is still scanned.

use std::fs;

use crate::common::{github_token, scan_json, skips};

fn token() -> String {
    github_token("Rk2Vb8Nq4Lw7Zt1Xp5Jc9Hd3Mf6Gs0")
}

#[test]
fn invalid_utf8_is_scanned_as_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"caf\xe9 \xff\xfe latin-1 text\nexport GH=".to_vec();
    bytes.extend_from_slice(token().as_bytes());
    bytes.push(b'\n');
    fs::write(dir.path().join("latin1.env"), bytes).unwrap();
    let (code, report, _) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let location = &report["findings"][0]["locations"][0];
    assert_eq!(location["path"], "latin1.env");
    assert_eq!(location["line"], 2);
}

#[test]
fn empty_binary_fifo_and_symlink_are_counted_skips_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("empty.txt"), b"").unwrap();
    let mut binary = b"\x7fELF\x00\x01".to_vec();
    binary.extend_from_slice(token().as_bytes());
    fs::write(root.join("tool.bin"), binary).unwrap();
    fs::write(root.join("app.env"), format!("GH_TOKEN={}\n", token())).unwrap();
    let fifo = root.join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink(root.join("app.env"), root.join("link.env")).unwrap();

    let (code, report, stderr) = scan_json(&[root.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    let mut skipped = skips(&report);
    skipped.sort();
    assert_eq!(
        skipped,
        vec![
            ("empty.txt".into(), "empty".into()),
            ("link.env".into(), "symlink".into()),
            ("pipe".into(), "not_regular_file".into()),
            ("tool.bin".into(), "binary".into()),
        ]
    );
    assert_eq!(report["stats"]["skipped"]["binary"], 1);
    assert!(
        stderr.contains("pipe: skipped (not_regular_file)"),
        "{stderr}"
    );
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
    assert_eq!(report["findings"][0]["locations"][0]["path"], "app.env");
}

#[test]
fn symlink_loop_ends_cleanly_with_follow_symlinks() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join("a")).unwrap();
    std::os::unix::fs::symlink(root, root.join("a").join("back")).unwrap();
    fs::write(root.join("a").join("k.env"), format!("T={}\n", token())).unwrap();
    let (code, report, stderr) = scan_json(&[root.to_str().unwrap(), "--follow-symlinks"]);
    assert_eq!(code, 1);
    assert!(
        skips(&report).contains(&("a/back".into(), "symlink_loop".into())),
        "{report}"
    );
    assert!(
        stderr.contains("a/back: skipped (symlink_loop)"),
        "{stderr}"
    );
}

#[test]
fn unreadable_file_is_named_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Root can read any mode-000 file; reading /proc/self/mem at offset 0 fails for anyone.
    std::os::unix::fs::symlink("/proc/self/mem", root.join("mem")).unwrap();
    fs::write(root.join("ok.env"), format!("T={}\n", token())).unwrap();
    let (code, report, stderr) = scan_json(&[root.to_str().unwrap(), "--follow-symlinks"]);
    assert_eq!(code, 1);
    assert!(
        skips(&report).contains(&("mem".into(), "unreadable".into())),
        "{report}"
    );
    assert!(stderr.contains("mem: skipped (unreadable)"), "{stderr}");
}

#[test]
fn a_200_mb_single_line_file_is_skipped_by_size_or_scanned_when_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.min.js");
    {
        use std::io::Write;
        let mut file = std::io::BufWriter::new(fs::File::create(&path).unwrap());
        let chunk = "var a=function(b){return b+1};".repeat(1024);
        let mut written = 0;
        while written < 200 << 20 {
            file.write_all(chunk.as_bytes()).unwrap();
            written += chunk.len();
        }
        write!(file, "var t=\"{}\";", token()).unwrap();
    }
    let root = dir.path().to_str().unwrap();
    let (code, report, stderr) = scan_json(&[root]);
    assert_eq!(code, 0);
    assert_eq!(
        skips(&report),
        vec![("bundle.min.js".into(), "too_large".into())]
    );
    assert!(
        stderr.contains("bundle.min.js: skipped (too_large)"),
        "{stderr}"
    );

    let (code, report, _) = scan_json(&[root, "--max-file-size", "1G"]);
    assert_eq!(code, 1);
    let location = &report["findings"][0]["locations"][0];
    assert_eq!(location["line"], 1);
    assert!(location["column"].as_u64().unwrap() > 200 << 20);
}
