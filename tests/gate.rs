//! The CI gate: exit codes, `--fail-on`, inline allows, allowlists and baselines, each
//! suppression counted.

use std::fs;

use crate::common::{exit_code, github_token, scan_json, vaultproof};

fn token(body: &str) -> String {
    github_token(body)
}

#[test]
fn exit_codes_clean_findings_and_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("readme.md"), "nothing to see\n").unwrap();
    let root = dir.path().to_str().unwrap();
    assert_eq!(scan_json(&[root]).0, 0);
    fs::write(
        dir.path().join(".env"),
        format!("GH={}\n", token("Qm3Zt8Lw1Vb6Nx4Rp9Kd2Hs7Jf5Gc0")),
    )
    .unwrap();
    assert_eq!(scan_json(&[root]).0, 1);
    let missing = vaultproof()
        .args(["scan", "/definitely/not/here"])
        .output()
        .unwrap();
    assert_eq!(exit_code(&missing), 2);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/definitely/not/here"));
    let bad_flag = vaultproof()
        .args(["scan", "--fail-on", "apocalyptic"])
        .output()
        .unwrap();
    assert_eq!(exit_code(&bad_flag), 2);
}

#[test]
fn fail_on_threshold_and_user_rules_from_rules_dir() {
    let dir = tempfile::tempdir().unwrap();
    let rules = tempfile::tempdir().unwrap();
    let rule = r#"
[[rules]]
id = "acme.build-token.1"
name = "ACME build token"
provider = "acme"
severity = "low"
keywords = ["acmebt_"]
regex = '\b(?P<secret>acmebt_[a-z0-9]{24})\b'
examples = ["BUILD=acmebt_q8w7e6r5t4y3u2i1o9p8a7s6"]
negative_examples = ["BUILD=acmebt_short"]
"#;
    fs::write(rules.path().join("internal.toml"), rule).unwrap();
    fs::write(
        dir.path().join("ci.env"),
        "BUILD=acmebt_k3j4h5g6f7d8s9a1p2o3i4u5\n",
    )
    .unwrap();
    let root = dir.path().to_str().unwrap();
    let rules_dir = rules.path().to_str().unwrap();
    let (code, report, _) = scan_json(&[root, "--rules", rules_dir]);
    assert_eq!(code, 1);
    assert_eq!(report["findings"][0]["rule_id"], "acme.build-token.1");
    assert_eq!(report["findings"][0]["severity"], "low");
    assert_eq!(
        scan_json(&[root, "--rules", rules_dir, "--fail-on", "medium"]).0,
        0
    );
    assert_eq!(
        scan_json(&[root, "--rules", rules_dir, "--fail-on", "low"]).0,
        1
    );
    // Without the user's rule directory the token is unknown.
    assert_eq!(scan_json(&[root]).0, 0);
}

#[test]
fn inline_allow_allowlist_and_baseline_suppress_and_count() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let allowed_inline = token("Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Jj9Kk0");
    let in_docs = token("Mm1Nn2Pp3Qq4Rr5Ss6Tt7Uu8Vv9Ww0");
    let kept = token("Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0");
    fs::create_dir(root.join("docs")).unwrap();
    fs::write(
        root.join("app.py"),
        format!("T = '{allowed_inline}'  # vaultproof:allow\nU = '{kept}'\n"),
    )
    .unwrap();
    fs::write(
        root.join("docs").join("setup.md"),
        format!("token: {in_docs}\n"),
    )
    .unwrap();
    fs::write(
        root.join(".vaultproof.toml"),
        "[allowlist]\npaths = [\"docs/**\"]\n",
    )
    .unwrap();
    let root_arg = root.to_str().unwrap();

    let (code, report, _) = scan_json(&[root_arg]);
    assert_eq!(code, 1);
    assert_eq!(report["findings"].as_array().unwrap().len(), 1);
    assert_eq!(report["suppressed"]["counts"]["inline_allow"], 1);
    assert_eq!(report["suppressed"]["counts"]["allowlist_path"], 1);

    let baseline = root.join("baseline.json");
    fs::write(&baseline, serde_json::to_vec(&report).unwrap()).unwrap();
    let (code, report, _) = scan_json(&[root_arg, "--baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["suppressed"]["counts"]["baseline"], 1);
    assert!(report["findings"].as_array().unwrap().is_empty());
}

#[test]
fn exclude_globs_from_flag_and_config_are_not_walked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("vendor/lib")).unwrap();
    fs::create_dir_all(root.join("build")).unwrap();
    let t = token("Ee5Rr6Tt7Yy8Uu9Ii0Oo1Pp2Aa3Ss4");
    fs::write(root.join("vendor/lib/a.env"), format!("T={t}\n")).unwrap();
    fs::write(root.join("build/b.env"), format!("T={t}\n")).unwrap();
    fs::write(
        root.join(".vaultproof.toml"),
        "[scan]\nexclude = [\"build/\"]\n",
    )
    .unwrap();
    let (code, report, _) = scan_json(&[root.to_str().unwrap(), "--exclude", "vendor/**"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["stats"]["files"], 1); // only .vaultproof.toml
}
