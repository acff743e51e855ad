//! The bundled fake agent workspace: the exact set of findings in `fixtures/EXPECTED.json`.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::{fixtures, scan_json};

type Place = (String, u64, String);

fn manifest() -> Value {
    let text = std::fs::read_to_string(fixtures().join("EXPECTED.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn places(entries: &Value) -> BTreeSet<Place> {
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().into(),
                e["line"].as_u64().unwrap(),
                e["rule_id"].as_str().unwrap().into(),
            )
        })
        .collect()
}

/// (path, line, rule_id) of every finding location whose kind is in `kinds`.
fn found(report: &Value, kinds: &[&str]) -> BTreeSet<Place> {
    let mut out = BTreeSet::new();
    for finding in report["findings"].as_array().unwrap() {
        if !kinds.contains(&finding["kind"].as_str().unwrap()) {
            continue;
        }
        for location in finding["locations"].as_array().unwrap() {
            out.insert((
                location["path"].as_str().unwrap().into(),
                location["line"].as_u64().unwrap(),
                finding["rule_id"].as_str().unwrap().into(),
            ));
        }
    }
    out
}

fn scan_workspace() -> Value {
    let workspace = fixtures().join("workspace");
    let (code, report, stderr) = scan_json(&[workspace.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    report
}

#[test]
fn workspace_secrets_are_exactly_the_planted_ones() {
    let expected = manifest();
    let report = scan_workspace();
    let secrets = found(
        &report,
        &["provider_secret", "generic_secret", "private_key"],
    );
    let planted = places(&expected["planted"]);
    let missing: Vec<_> = planted.difference(&secrets).collect();
    let unexpected: Vec<_> = secrets.difference(&planted).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing: {missing:#?}\nunexpected: {unexpected:#?}"
    );
}

#[test]
fn workspace_decoys_carry_no_secret_finding() {
    let expected = manifest();
    let report = scan_workspace();
    let secret_lines: BTreeSet<(String, u64)> = found(
        &report,
        &["provider_secret", "generic_secret", "private_key"],
    )
    .into_iter()
    .map(|(path, line, _)| (path, line))
    .collect();
    for decoy in expected["decoys"].as_array().unwrap() {
        let place = (
            decoy["path"].as_str().unwrap().to_string(),
            decoy["line"].as_u64().unwrap(),
        );
        assert!(
            !secret_lines.contains(&place),
            "decoy reported as a secret: {place:?} ({})",
            decoy["note"]
        );
    }
}

#[test]
fn workspace_suppressions_and_skips_are_counted() {
    let expected = manifest();
    let report = scan_workspace();
    let suppressed = places(&report["suppressed"]["entries"]);
    assert_eq!(suppressed, places(&expected["suppressed"]));
    let skipped: BTreeSet<(String, String)> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().into(),
                s["reason"].as_str().unwrap().into(),
            )
        })
        .collect();
    for skip in expected["skipped"].as_array().unwrap() {
        let entry = (
            skip["path"].as_str().unwrap().to_string(),
            skip["reason"].as_str().unwrap().to_string(),
        );
        assert!(
            skipped.contains(&entry),
            "{entry:?} not skipped: {skipped:?}"
        );
    }
}
