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

/// Every window of 8 characters of `value` (a preview shows at most 4).
fn windows(value: &str) -> Vec<String> {
    let chars: Vec<char> = value.chars().collect();
    chars
        .windows(8.min(chars.len()))
        .map(|w| w.iter().collect())
        .collect()
}

#[test]
fn no_channel_shows_a_planted_value_of_any_kind() {
    use crate::common::github_token;
    use crate::outputs::fake_pem;
    let tree = tempfile::tempdir().unwrap();
    let root = tree.path();
    let nonce = format!("{:x}", std::process::id());
    // Values of every kind, each random (the process id keeps runs apart).
    let stripe = format!("sk_live_Qm3Zt8Lw1Vb6Nx4Rp9Kd2Hs7{nonce}");
    let template = format!("aB3xK9pQ2mZ7vL5nR8tW1y{nonce}");
    let after_hash = format!("Zq8kw7Pm3Xn2Lr5Tv9Hb{nonce}");
    let db_user = format!("svcRk4Tz9Wq{nonce}");
    let db_left = "Pq7Xz2Lm".to_string();
    let db_right = format!("Wn5Bv8Hc3{nonce}");
    let generic = format!("Hk2Jd9Xs4Lq7Mw3Zp8{nonce}");
    let gh = github_token("Ty6Gh1Bn4Mk9Lp2Qw7Er3Sd8Fz5Xc0");
    let property = format!("Kx7Vb2Nm9Qz4Wr8Lt3{nonce}");
    let pem = fake_pem(42);
    let key_as_name = format!("sk_live_Lw1Vb6Nx4Rp9Kd2Hs7Qm3Zt8{nonce}");
    fs_write(
        root.join("keyed.json"),
        format!("{{\"{key_as_name}\": {{\"password\": \"Hk2Jd9Xs4Lq7Mw3Zp8\"}}}}"),
    );
    fs_write(
        root.join(".env"),
        format!(
            "STRIPE_KEY=<{stripe}>\nAPI_TOKEN={{{{ {template} }}}}\n\
             DB_PASSWORD=vault:secret/data/app#{after_hash}\n\
             DATABASE_URL=postgres://{db_user}:{db_left}@{db_right}@db-main.internal/app\n\
             GH_TOKEN={gh}\nSERVICE_PASSWORD={generic}\n"
        ),
    );
    fs_write(root.join("key.pem"), pem.replace('\n', "\r\n"));
    fs_write(
        root.join("sa.json"),
        serde_json::json!({"type": "service_account", "private_key": pem}).to_string(),
    );
    fs_write(
        root.join("external-secret.yaml"),
        format!(
            "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nspec:\n  data:\n    \
             - secretKey: db\n      remoteRef:\n        key: secret/data/db\n        property: {property}\n"
        ),
    );
    // A file that does not parse (its note goes to stderr) and a skipped binary file.
    fs_write(
        root.join("broken.yaml"),
        format!("password: [{generic}\n  - {stripe}: {{\n"),
    );
    std::fs::write(root.join("blob.bin"), b"\0\x01\x02").unwrap();

    let out = tempfile::tempdir().unwrap();
    let root_arg = root.to_str().unwrap();
    let report_txt = out.path().join("report.txt");
    let report_json = out.path().join("report.json");
    let csv = out.path().join("inventory.csv");
    let mut channels: Vec<(String, String)> = Vec::new();
    let mut capture = |name: &str, args: &[&str]| {
        let output = vaultproof().args(args).output().unwrap();
        assert!(
            matches!(exit_code(&output), 0 | 1),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        channels.push((
            format!("{name} stdout"),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        ));
        channels.push((
            format!("{name} stderr"),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ));
    };
    capture("terminal", &["scan", root_arg, "--verbose"]);
    capture("json", &["scan", root_arg, "--format", "json", "--verbose"]);
    capture(
        "files",
        &[
            "scan",
            root_arg,
            "--verbose",
            "-o",
            report_txt.to_str().unwrap(),
            "--inventory",
            csv.to_str().unwrap(),
        ],
    );
    capture(
        "json file",
        &[
            "scan",
            root_arg,
            "--format",
            "json",
            "-o",
            report_json.to_str().unwrap(),
        ],
    );
    for file in [&report_txt, &report_json, &csv] {
        channels.push((
            file.file_name().unwrap().to_string_lossy().into_owned(),
            std::fs::read_to_string(file).unwrap(),
        ));
    }
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report_json).unwrap()).unwrap();
    assert!(
        report["references"].as_array().unwrap().len() >= 4,
        "references are recorded: {:#}",
        report["references"]
    );
    assert!(report["inventory"].as_array().unwrap().len() >= 2);
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .join("");
    let planted = [
        ("stripe key in a placeholder", stripe.as_str()),
        ("template value", &template),
        ("value after # in a vault reference", &after_hash),
        ("database user", &db_user),
        ("database password left of @", &db_left),
        ("database password right of @", &db_right),
        ("generic password", &generic),
        ("github token", &gh),
        ("external secret property", &property),
        ("private key body", &body),
        ("stripe key used as a JSON key", &key_as_name),
    ];
    for (channel, text) in &channels {
        for (kind, value) in &planted {
            for window in windows(value) {
                assert!(
                    !text.contains(&window),
                    "{channel} shows part of the {kind} ({})",
                    &window[..2]
                );
            }
        }
    }
}

fn fs_write(path: std::path::PathBuf, content: String) {
    std::fs::write(path, content).unwrap();
}

#[test]
fn config_and_rule_file_errors_never_echo_a_value() {
    let tree = tempfile::tempdir().unwrap();
    let secret = format!("sk_live_Rp9Kd2Hs7Qm3Zt8Lw1Vb6Nx4{:x}", std::process::id());
    fs_write(tree.path().join("a.txt"), "nothing\n".into());
    let rules = tempfile::tempdir().unwrap();
    fs_write(
        rules.path().join("bad.toml"),
        format!("[[rules]]\nid = \"x\"\nregex = {secret}\n"),
    );
    for (config, rules_dir) in [
        (format!("[allowlist]\ntoken = {secret}\n"), None),
        (format!("[allowlist]\npaths = \"{secret}\"\n"), None),
        (String::new(), Some(rules.path())),
    ] {
        fs_write(tree.path().join(".vaultproof.toml"), config);
        let mut command = vaultproof();
        command.args(["scan", tree.path().to_str().unwrap()]);
        if let Some(dir) = rules_dir {
            command.arg("--rules").arg(dir);
        }
        let output = command.output().unwrap();
        assert_eq!(exit_code(&output), 2);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("line "), "{stderr}");
        for window in windows(&secret) {
            assert!(
                !stderr.contains(&window),
                "stderr echoes the value: {stderr}"
            );
        }
    }
}
