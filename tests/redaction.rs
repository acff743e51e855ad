//! A secret never leaves in clear: no output format carries any credential planted in the
//! fixtures, and vaultproof's own reports, scanned by vaultproof, yield zero findings.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{exit_code, fixtures, vaultproof};

/// Every secret-looking token on the planted secret lines of the manifest (and, for a
/// private key, the lines of its block): runs of 16+ token characters with letters and
/// digits and high entropy.
pub(crate) fn planted_tokens(root: &Path) -> BTreeSet<String> {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("EXPECTED.json")).unwrap())
            .unwrap();
    let mut tokens = BTreeSet::new();
    for planted in manifest["planted"].as_array().unwrap() {
        let bytes = std::fs::read(root.join(planted["path"].as_str().unwrap())).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let first = planted["line"].as_u64().unwrap() as usize - 1;
        let block = if planted["kind"] == "private_key" {
            40
        } else {
            1
        };
        for line in text.lines().skip(first).take(block) {
            for token in line.split(|c: char| !(c.is_ascii_alphanumeric() || "+/_-.~".contains(c)))
            {
                let token = token.trim_matches(|c: char| ".-_".contains(c));
                let letters = token.chars().any(|c| c.is_ascii_alphabetic());
                let digits = token.chars().any(|c| c.is_ascii_digit());
                if token.len() >= 16 && letters && digits && entropy(token) >= 3.5 {
                    tokens.insert(token.to_string());
                }
            }
        }
    }
    tokens
}

fn entropy(text: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for c in text.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let len = text.chars().count() as f64;
    counts
        .values()
        .map(|&n| -(n as f64 / len) * (n as f64 / len).log2())
        .sum()
}

fn run(args: &[&str]) -> String {
    let output = vaultproof().args(args).output().unwrap();
    assert!(
        matches!(exit_code(&output), 0 | 1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn no_output_format_contains_a_fixture_secret() {
    let workspace = fixtures().join("workspace");
    let root = workspace.to_str().unwrap();
    let tokens = planted_tokens(&workspace);
    assert!(
        tokens.len() >= 15,
        "the fixtures plant at least 15 secrets: {}",
        tokens.len()
    );
    let outputs = [
        ("terminal", run(&["scan", root])),
        ("terminal --verbose", run(&["scan", root, "--verbose"])),
        ("json", run(&["scan", root, "--format", "json"])),
    ];
    for (format, output) in &outputs {
        for token in &tokens {
            assert!(
                !output.contains(token.as_str()),
                "{format} output leaks a fixture value (prefix {})",
                &token[..4]
            );
        }
    }
}

#[test]
fn reports_scanned_by_vaultproof_yield_zero_findings() {
    let workspace = fixtures().join("workspace");
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.json");
    run(&[
        "scan",
        workspace.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        report.to_str().unwrap(),
    ]);
    std::fs::write(
        out.path().join("report.txt"),
        run(&["scan", workspace.to_str().unwrap()]),
    )
    .unwrap();
    let output = vaultproof()
        .args(["scan", out.path().to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let rescanned: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(exit_code(&output), 0, "{rescanned:#}");
    assert_eq!(rescanned["stats"]["files"], 2);
    assert!(rescanned["findings"].as_array().unwrap().is_empty());
}
