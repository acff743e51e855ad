//! Outputs under hostile or careless conditions: the audit key (atomic creation, length,
//! permissions), a broken or closed stderr, output paths that would overwrite what the
//! scan reads, `-` for standard output, names a hostile repository controls (control
//! characters, invalid UTF-8, spreadsheet formulas), baselines made with a baseline, one
//! fingerprint per credential, and database URLs whose password holds an `@`.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{exit_code, github_token, scan_json, vaultproof};

/// A random-looking alphanumeric string of `len` characters (fixtures are generated at
/// test time; the seed makes each call different).
fn random(len: usize, seed: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(std::process::id() as u64)
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ALPHABET[(state % ALPHABET.len() as u64) as usize] as char
        })
        .collect()
}

/// A fake PEM private key (PKCS#8 armour, random base64 body, 64-column lines).
pub fn fake_pem(seed: u64) -> String {
    use base64::Engine as _;
    let bytes: Vec<u8> = random(600, seed).bytes().collect();
    let body = base64::engine::general_purpose::STANDARD.encode(bytes);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        lines.join("\n")
    )
}

/// The binary with no `VAULTPROOF_KEY` and `config` as its user config directory.
fn without_key(config: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vaultproof"));
    command
        .env_remove("VAULTPROOF_KEY")
        .env("XDG_CONFIG_HOME", config)
        .env("HOME", config);
    command
}

fn fingerprints(report: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn concurrent_first_runs_share_one_audit_key() {
    let tree = tempfile::tempdir().unwrap();
    fs::write(
        tree.path().join(".env"),
        format!("GH={}\n", github_token(&random(30, 1))),
    )
    .unwrap();
    // The race is narrow: several rounds, each on a fresh config directory.
    for _ in 0..3 {
        first_runs_on_a_fresh_config_dir(tree.path());
    }
}

/// 8 concurrent runs on a fresh config directory all fingerprint under one key, which is
/// the complete, private key file left behind (and no temporary file).
fn first_runs_on_a_fresh_config_dir(tree: &Path) {
    let config = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..8)
        .map(|_| {
            without_key(config.path())
                .args(["scan", tree.to_str().unwrap(), "--format", "json"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut seen = Vec::new();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            exit_code(&output),
            1,
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        seen.push(fingerprints(&report));
    }
    assert_eq!(seen[0].len(), 1);
    assert!(seen.iter().all(|f| *f == seen[0]), "{seen:?}");
    let key_dir = config.path().join("vaultproof");
    let names: Vec<String> = fs::read_dir(&key_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["audit.key".to_string()],
        "no temporary file is left"
    );
    let key = fs::read_to_string(key_dir.join("audit.key")).unwrap();
    assert_eq!(key.trim().len(), 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(key_dir.join("audit.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A later run reads the same key.
    let output = without_key(config.path())
        .args(["scan", tree.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(fingerprints(&report), seen[0]);
}

#[test]
fn short_or_empty_audit_keys_are_refused() {
    let tree = tempfile::tempdir().unwrap();
    fs::write(tree.path().join("a.txt"), "nothing\n").unwrap();
    let root = tree.path().to_str().unwrap();
    for key in ["", "short", "fifteen-bytes!!"] {
        let output = vaultproof()
            .env("VAULTPROOF_KEY", key)
            .args(["scan", root])
            .output()
            .unwrap();
        assert_eq!(exit_code(&output), 2, "key {key:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("VAULTPROOF_KEY") && stderr.contains("at least 16"),
            "{stderr}"
        );
    }
    let config = tempfile::tempdir().unwrap();
    let key_file = config.path().join("vaultproof").join("audit.key");
    fs::create_dir_all(key_file.parent().unwrap()).unwrap();
    for content in ["", "\n", "0123456789"] {
        fs::write(&key_file, content).unwrap();
        let output = without_key(config.path())
            .args(["scan", root])
            .output()
            .unwrap();
        assert_eq!(exit_code(&output), 2, "key file {content:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("audit.key"), "{stderr}");
    }
}

#[cfg(unix)]
#[test]
fn a_key_file_others_can_read_is_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let tree = tempfile::tempdir().unwrap();
    fs::write(tree.path().join("a.txt"), "nothing\n").unwrap();
    let config = tempfile::tempdir().unwrap();
    let key_file = config.path().join("vaultproof").join("audit.key");
    fs::create_dir_all(key_file.parent().unwrap()).unwrap();
    fs::write(&key_file, "0123456789abcdef0123456789abcdef\n").unwrap();
    let run = || {
        without_key(config.path())
            .args(["scan", tree.path().to_str().unwrap()])
            .output()
            .unwrap()
    };
    fs::set_permissions(&key_file, fs::Permissions::from_mode(0o644)).unwrap();
    let output = run();
    assert_eq!(exit_code(&output), 0);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning") && stderr.contains("audit.key") && stderr.contains("644"),
        "{stderr}"
    );
    fs::set_permissions(&key_file, fs::Permissions::from_mode(0o600)).unwrap();
    let output = run();
    assert!(!String::from_utf8_lossy(&output.stderr).contains("warning"));
}

/// A tree where `--verbose` has many lines to say on stderr (binary files are skipped).
fn noisy_tree() -> tempfile::TempDir {
    let tree = tempfile::tempdir().unwrap();
    for i in 0..200 {
        fs::write(tree.path().join(format!("blob{i}.bin")), b"\0\x01binary").unwrap();
    }
    fs::write(
        tree.path().join(".env"),
        format!("GH={}\n", github_token(&random(30, 2))),
    )
    .unwrap();
    tree
}

#[test]
fn a_broken_stderr_never_aborts_the_run() {
    let tree = noisy_tree();
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.json");
    let mut child = vaultproof()
        .args([
            "scan",
            tree.path().to_str().unwrap(),
            "-v",
            "--format",
            "json",
            "-o",
        ])
        .arg(&report)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the read end at once: every write to stderr fails with EPIPE.
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "exit 1 (a finding), not a panic");
    let written: serde_json::Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(written["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn a_reader_that_stops_reading_the_report_is_no_error() {
    let tree = noisy_tree();
    for (args, expected) in [
        (
            vec!["scan", tree.path().to_str().unwrap(), "--format", "json"],
            1,
        ),
        (vec!["rules"], 0),
    ] {
        let mut child = vaultproof()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // As `| head -c 0` does: every write to stdout fails with EPIPE.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn a_closed_stderr_never_aborts_the_run() {
    let tree = noisy_tree();
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.json");
    let output = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" \"$@\" 2>&-")
        .arg(env!("CARGO_BIN_EXE_vaultproof"))
        .args([
            "scan",
            tree.path().to_str().unwrap(),
            "-v",
            "--format",
            "json",
            "-o",
        ])
        .arg(&report)
        .env("VAULTPROOF_KEY", crate::common::TEST_KEY)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = fs::read_to_string(&report).unwrap();
    let written: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(written["findings"].as_array().unwrap().len(), 1);
}

#[test]
fn outputs_never_overwrite_what_the_scan_reads_or_each_other() {
    let tree = tempfile::tempdir().unwrap();
    let env = tree.path().join(".env");
    let content = format!("GH={}\n", github_token(&random(30, 3)));
    fs::write(&env, &content).unwrap();
    let root = tree.path().to_str().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let report = elsewhere.path().join("report.json");
    let report_arg = report.to_str().unwrap();
    for args in [
        vec!["scan", root, "-o", env.to_str().unwrap()],
        vec!["scan", root, "--inventory", env.to_str().unwrap()],
        vec!["scan", env.to_str().unwrap(), "-o", env.to_str().unwrap()],
        vec!["scan", root, "-o", report_arg, "--inventory", report_arg],
    ] {
        let output = vaultproof().args(&args).output().unwrap();
        assert_eq!(exit_code(&output), 2, "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("refusing") || stderr.contains("same file"),
            "{stderr}"
        );
        assert_eq!(fs::read_to_string(&env).unwrap(), content, "{args:?}");
    }
    assert!(!report.exists());
    // Nor the configuration or a rule file given on the command line.
    let config = elsewhere.path().join("vaultproof.toml");
    fs::write(&config, "[scan]\nexclude = []\n").unwrap();
    let rules = tempfile::tempdir().unwrap();
    let rule_file = rules.path().join("mine.toml");
    fs::write(&rule_file, "rules = []\n").unwrap();
    for (flag, dir, target) in [
        ("--config", config.as_path(), config.as_path()),
        ("--rules", rules.path(), rule_file.as_path()),
    ] {
        let before = fs::read_to_string(target).unwrap();
        let output = vaultproof()
            .args(["scan", root, flag])
            .arg(dir)
            .arg("-o")
            .arg(target)
            .output()
            .unwrap();
        assert_eq!(exit_code(&output), 2, "{flag}");
        assert_eq!(fs::read_to_string(target).unwrap(), before);
    }
    // Through a symbolic link to the scanned file.
    #[cfg(unix)]
    {
        let link = elsewhere.path().join("link.json");
        std::os::unix::fs::symlink(&env, &link).unwrap();
        let output = vaultproof()
            .args(["scan", root, "-o", link.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(exit_code(&output), 2);
        assert_eq!(fs::read_to_string(&env).unwrap(), content);
    }
    // A report inside the root may be written, and rewritten by the next run.
    let inside = tree.path().join("report.json");
    for _ in 0..2 {
        let output = vaultproof()
            .args([
                "scan",
                root,
                "--format",
                "json",
                "-o",
                inside.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert_eq!(
            exit_code(&output),
            1,
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text_report = tree.path().join("report.txt");
    for _ in 0..2 {
        let output = vaultproof()
            .args(["scan", root, "-o", text_report.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(
            exit_code(&output),
            1,
            "a terminal report may be rewritten too: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let written: serde_json::Value = serde_json::from_slice(&fs::read(&inside).unwrap()).unwrap();
    assert_eq!(written["findings"].as_array().unwrap().len(), 1);
    let leftovers: Vec<_> = fs::read_dir(tree.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_dash_names_standard_output_once() {
    let tree = tempfile::tempdir().unwrap();
    fs::write(
        tree.path().join(".env"),
        format!("GH={}\n", github_token(&random(30, 5))),
    )
    .unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let inventory = elsewhere.path().join("inventory.csv");
    let output = vaultproof()
        .current_dir(tree.path())
        .args(["scan", ".", "--format", "json", "-o", "-", "--inventory"])
        .arg(&inventory)
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 1);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
    assert!(!tree.path().join("-").exists(), "no file named '-'");
    assert!(inventory.is_file());
    // The inventory may go to standard output as well, but not beside the report.
    let output = vaultproof()
        .current_dir(tree.path())
        .args(["scan", ".", "-q", "--format", "json", "-o", "/dev/null"])
        .args(["--inventory", "-"])
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 1);
    let csv = String::from_utf8(output.stdout).unwrap();
    assert!(csv.starts_with("workspace,system,endpoint,"), "{csv}");
    let output = vaultproof()
        .current_dir(tree.path())
        .args(["scan", ".", "-o", "-", "--json", "-"])
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("same file"));
    assert!(!tree.path().join("-").exists());
    // The Vault index is a 0600 file: a dash is refused before Vault is asked anything.
    let output = vaultproof()
        .current_dir(tree.path())
        .env("VAULT_ADDR", "http://127.0.0.1:9")
        .args(["vault", "index", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 2);
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("not to standard output"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!tree.path().join("-").exists());
}

#[test]
fn a_report_made_with_a_baseline_is_the_next_baseline() {
    let tree = tempfile::tempdir().unwrap();
    let first = github_token(&random(30, 4));
    fs::write(tree.path().join("app.env"), format!("GH={first}\n")).unwrap();
    let root = tree.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let r1 = out.path().join("r1.json");
    let r2 = out.path().join("r2.json");
    let r3 = out.path().join("r3.json");
    let run = |baseline: Option<&Path>, output: &Path| {
        let mut command = vaultproof();
        command.args(["scan", root, "--format", "json", "-o"]);
        command.arg(output);
        if let Some(baseline) = baseline {
            command.arg("--baseline").arg(baseline);
        }
        exit_code(&command.output().unwrap())
    };
    assert_eq!(run(None, &r1), 1);
    assert_eq!(run(Some(&r1), &r2), 0);
    let report: serde_json::Value = serde_json::from_slice(&fs::read(&r2).unwrap()).unwrap();
    assert!(report["findings"].as_array().unwrap().is_empty());
    assert_eq!(report["suppressed"]["entries"][0]["reason"], "baseline");
    // r2 has no findings: the accepted one is carried in its suppressed entries.
    assert_eq!(
        run(Some(&r2), &r3),
        0,
        "the accepted finding stays accepted"
    );
    // A new secret is not accepted by the chain.
    let second = github_token(&random(30, 5));
    fs::write(tree.path().join("new.env"), format!("GH={second}\n")).unwrap();
    assert_eq!(run(Some(&r3), &out.path().join("r4.json")), 1);
}

#[test]
fn one_private_key_in_three_spellings_is_one_finding() {
    let tree = tempfile::tempdir().unwrap();
    let pem = fake_pem(6);
    fs::write(tree.path().join("key.pem"), &pem).unwrap();
    fs::write(tree.path().join("key-crlf.pem"), pem.replace('\n', "\r\n")).unwrap();
    let account = serde_json::json!({
        "type": "service_account",
        "project_id": "demo-project",
        "private_key": pem,
        "client_email": "svc@demo-project.iam.gserviceaccount.com",
    });
    fs::write(
        tree.path().join("service-account.json"),
        serde_json::to_string_pretty(&account).unwrap(),
    )
    .unwrap();
    let (code, report, _) = scan_json(&[tree.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let keys: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] != "endpoint" && f["kind"] != "posture")
        .collect();
    // One finding (named by the most specific rule: here the service-account key rule).
    assert_eq!(keys.len(), 1, "{report:#}");
    let mut paths: Vec<&str> = keys[0]["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    paths.sort();
    assert_eq!(paths, ["key-crlf.pem", "key.pem", "service-account.json"]);
}

#[test]
fn database_url_with_an_at_sign_in_the_password_shows_only_the_host() {
    let tree = tempfile::tempdir().unwrap();
    let user = format!("svc{}", random(10, 7));
    let left = random(8, 8);
    let right = random(10, 9);
    fs::write(
        tree.path().join(".env"),
        format!("DATABASE_URL=postgres://{user}:{left}@{right}@db-main.internal:5432/app\n"),
    )
    .unwrap();
    let (_, report, stderr) = scan_json(&[tree.path().to_str().unwrap()]);
    let text = format!("{report}{stderr}");
    for part in [&user, &left, &right] {
        assert!(!text.contains(part.as_str()), "{part} shown: {report:#}");
    }
    let endpoints: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "endpoint")
        .map(|f| f["redacted"].as_str().unwrap())
        .collect();
    assert_eq!(endpoints, ["db-main[.]internal:5432"]);
    let password = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] != "endpoint")
        .expect("the password is a finding");
    // The whole password (`left@right`, 19 characters) is the value, not a piece of it.
    assert_eq!(password["redacted"], format!("{}…(19 chars)", &left[..4]));
}

#[cfg(unix)]
#[test]
fn hostile_names_are_escaped_in_every_format() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let tree = tempfile::tempdir().unwrap();
    let token = github_token(&random(30, 10));
    // A name that clears the screen, one that is not UTF-8, one a spreadsheet would run.
    let escape_name = "evil\x1b[2J\x1b[31mred\nfake.env";
    let invalid = OsStr::from_bytes(b"caf\xe9-\xff.env");
    let formula = "=HYPERLINK(\"http:\")&A1.env";
    for name in [OsStr::new(escape_name), invalid, OsStr::new(formula)] {
        fs::write(tree.path().join(name), format!("GH_TOKEN={token}\n")).unwrap();
    }
    // Skipped files are named on stderr.
    fs::write(tree.path().join("bin\x1b]0;pwned\x07.dat"), b"\0\x01").unwrap();
    let root = tree.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let text_report = out.path().join("report.txt");
    let json_report = out.path().join("report.json");
    let csv = out.path().join("inventory.csv");
    let terminal = vaultproof()
        .args(["scan", root, "-v", "-o"])
        .arg(&text_report)
        .arg("--inventory")
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(exit_code(&terminal), 1);
    let json = vaultproof()
        .args(["scan", root, "--format", "json", "-o"])
        .arg(&json_report)
        .output()
        .unwrap();
    assert_eq!(exit_code(&json), 1);
    let text = fs::read(&text_report).unwrap();
    let stderr = &terminal.stderr;
    for (channel, bytes) in [("terminal", &text), ("stderr", stderr)] {
        assert!(
            !bytes.iter().any(|&b| b == 0x1b || b == 0x07),
            "{channel}: raw control bytes: {}",
            String::from_utf8_lossy(bytes)
        );
    }
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.contains("evil\\x1b[2J\\x1b[31mred\\nfake.env"),
        "{text}"
    );
    assert!(!text.contains("\nfake.env"));
    assert!(String::from_utf8_lossy(stderr).contains("bin\\x1b]0;pwned\\x07.dat"));
    // JSON keeps the name that is not UTF-8 exactly, escaped, never with U+FFFD.
    let json_text = fs::read_to_string(&json_report).unwrap();
    assert!(!json_text.contains('\u{fffd}'));
    let report: serde_json::Value = serde_json::from_str(&json_text).unwrap();
    let paths: Vec<&str> = report["findings"][0]["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"caf\\xe9-\\xff.env"), "{paths:?}");
    assert!(
        paths.contains(&escape_name),
        "JSON carries the exact name: {paths:?}"
    );
    // The CSV neutralises the formula.
    let csv_text = fs::read_to_string(&csv).unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let locations: Vec<String> = reader
        .records()
        .map(|r| r.unwrap().get(4).unwrap().to_string())
        .collect();
    assert!(
        locations.iter().any(|l| l.starts_with("'=HYPERLINK")),
        "{locations:?}"
    );
    for record in csv::Reader::from_reader(csv_text.as_bytes()).records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell}"
            );
        }
    }
}
