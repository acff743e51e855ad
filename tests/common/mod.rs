//! Shared helpers: run the built binary with a fixed audit key and parse its JSON report.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The audit key every test run uses, so fingerprints are reproducible.
pub const TEST_KEY: &str = "vaultproof-test-audit-key";

/// An EC key (prime256v1) generated for the tests with OpenSSL 3 (`openssl ecparam -name
/// prime256v1 -genkey`) in its SEC 1 container, and [`EC_PKCS8`] the same key after
/// `openssl pkcs8 -topk8 -nocrypt`: one credential in two containers.
pub const EC_SEC1: &str = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIERwUIAMv5zMoNNhe5jIv5KbGk+qtokdy4OC/M/zML38oAoGCCqGSM49\nAwEHoUQDQgAEJXCeHGHZHCeXwIbBYKRJkhehuS0JwZmeviuluEM/+AH2GtxxmhV1\nya6ubQiiSG3Hq6zKCEk4t0v/D2ctGIEPtg==\n-----END EC PRIVATE KEY-----\n";

/// [`EC_SEC1`] in PKCS#8.
pub const EC_PKCS8: &str = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgRHBQgAy/nMyg02F7\nmMi/kpsaT6q2iR3Lg4L8z/MwvfyhRANCAAQlcJ4cYdkcJ5fAhsFgpEmSF6G5LQnB\nmZ6+K6W4Qz/4AfYa3HGaFXXJrq5tCKJIbcerrMoISTi3S/8PZy0YgQ+2\n-----END PRIVATE KEY-----\n";

/// The repository's `fixtures/` directory.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A `vaultproof` command with the test audit key and no user config directory.
pub fn vaultproof() -> Command {
    // `VAULTPROOF_TEST_BIN` runs the tests against another build (to show a test fails
    // before its fix).
    let binary = std::env::var_os("VAULTPROOF_TEST_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_vaultproof").into());
    let mut command = Command::new(binary);
    command
        .env("VAULTPROOF_KEY", TEST_KEY)
        .env_remove("VAULT_TOKEN");
    command
}

/// The paths of a finding's locations, sorted (a path found in several commits or
/// members appears as often).
pub fn finding_paths(finding: &serde_json::Value) -> Vec<String> {
    let mut paths: Vec<String> = finding["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["path"].as_str().unwrap().to_string())
        .collect();
    paths.sort();
    paths
}

/// Runs `vaultproof scan ARGS... --format json` and returns (exit code, report, stderr).
pub fn scan_json(args: &[&str]) -> (i32, serde_json::Value, String) {
    let output = vaultproof()
        .arg("scan")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs vaultproof");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert_valid_report(&report);
    (
        exit_code(&output),
        report,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The exit code, or a panic if the process was killed by a signal.
pub fn exit_code(output: &Output) -> i32 {
    output
        .status
        .code()
        .expect("exited normally, not by a signal")
}

/// `(path, line, rule_id)` of every finding location in a JSON report, sorted.
pub fn finding_locations(report: &serde_json::Value) -> Vec<(String, u64, String)> {
    let mut out = Vec::new();
    for finding in report["findings"].as_array().expect("findings array") {
        let rule = finding["rule_id"].as_str().unwrap().to_string();
        for location in finding["locations"].as_array().unwrap() {
            out.push((
                location["path"].as_str().unwrap().to_string(),
                location["line"].as_u64().unwrap(),
                rule.clone(),
            ));
        }
    }
    out.sort();
    out
}

/// `(path, reason)` of every skipped file in a JSON report.
pub fn skips(report: &serde_json::Value) -> Vec<(String, String)> {
    skipped_with(report, "reason")
}

/// `(path, detail)` of every skipped file in a JSON report, sorted.
pub fn skip_details(report: &serde_json::Value) -> Vec<(String, String)> {
    let mut details = skipped_with(report, "detail");
    details.sort();
    details
}

/// `(path, field)` of every skipped file in a JSON report, in the report's order.
fn skipped_with(report: &serde_json::Value, field: &str) -> Vec<(String, String)> {
    report["skipped"]
        .as_array()
        .expect("skipped array")
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_string(),
                s[field].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `(path, reason)` of every note (files scanned, e.g. read as plain text) in a JSON report.
pub fn notes(report: &serde_json::Value) -> Vec<(String, String)> {
    report["notes"]
        .as_array()
        .expect("notes array")
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A GitHub classic token with a valid CRC32 checksum, built from `body` (30 chars).
pub fn github_token(body: &str) -> String {
    assert_eq!(body.len(), 30);
    const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut n = crc32fast_hash(body.as_bytes());
    let mut checksum = [b'0'; 6];
    for slot in checksum.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    format!("ghp_{body}{}", std::str::from_utf8(&checksum).unwrap())
}

/// CRC-32 (IEEE), bitwise: tests build their own tokens without reaching into the crate.
fn crc32fast_hash(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Panics unless `report` validates against the committed `docs/report.schema.json`:
/// every JSON report the tests read goes through here.
pub fn assert_valid_report(report: &serde_json::Value) {
    static VALIDATOR: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.schema.json");
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("docs/report.schema.json"))
                .expect("the committed schema is JSON");
        jsonschema::validator_for(&schema).expect("the committed schema compiles")
    });
    let errors: Vec<String> = validator
        .iter_errors(report)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "report does not match docs/report.schema.json: {errors:#?}"
    );
}

/// Spawns `command` (stdin, stdout and stderr null) and returns its exit code and peak
/// resident set in KiB: the kernel's high-water mark of the child's own memory (`VmHWM`),
/// read while it runs. (`wait4`'s `ru_maxrss` is no use: across `exec` it keeps the
/// high-water mark of the parent, the whole test process with every other test in it.)
#[cfg(target_os = "linux")]
pub fn peak_rss_kib(mut command: Command) -> (i32, u64) {
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs vaultproof");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        // The high-water mark only grows: the last reading before exit is the peak, up
        // to the last few milliseconds (the report being written).
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak_kib = peak_kib.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait().expect("waits for vaultproof") {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    assert!(peak_kib > 0, "VmHWM was read from {status_file}");
    (status.code().expect("exited, not killed"), peak_kib)
}
