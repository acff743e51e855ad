//! Line numbers inside multi-line values: a secret in a YAML block scalar (`|`, `|-`, `>`,
//! `>-`, with indentation indicators, LF or CRLF) or a TOML multi-line string is located
//! on its own line, never on the line of the block's header.

use std::fs;

use crate::common::{finding_locations, scan_json};

// Generated at random for these tests.
const TOKENS: [&str; 6] = [
    "sgp_8a67639f74080f56_c5aa328f676226e236a23e238e3b1c77fc4c011f",
    "sgp_1bd38f1f34920fbd_01f40072e3cf347862554017cdf83fd989e60f21",
    "sgp_0402362d53c9efc6_d892aa68bfcc8c928344b16103485a1c292be01e",
    "sgp_4fc2d031c4188522_1c25f6aaf76fdc6c369aad6b68b75b48e99f73f2",
    "sgp_89509dddc3ebffc5_ccd8099ee02cab83bb43e451f9ab2845ad0f3d76",
    "sgp_1f3d0201bfe8c26b_715568b9126bef73fecde3b53f79a8afba701070",
];

/// A YAML file with one block per header style, each holding a token on the block's 5th
/// line; returns the text and, per token, its 1-based line.
fn yaml_blocks(newline: &str) -> (String, Vec<(String, u64)>) {
    let mut lines: Vec<String> = vec!["apiVersion: v1".into(), "kind: ConfigMap".into()];
    lines.push("data:".into());
    let mut expected = Vec::new();
    for (i, header) in ["|", "|-", ">", ">-", "|2", ">+"].iter().enumerate() {
        lines.push(format!("  script{i}.sh: {header}"));
        let indent = "    ";
        lines.push(format!("{indent}#!/bin/sh"));
        lines.push(format!("{indent}set -eu"));
        lines.push(String::new());
        lines.push(format!("{indent}echo \"deploying\""));
        lines.push(format!("{indent}export SRC_ACCESS_TOKEN={}", TOKENS[i]));
        expected.push((TOKENS[i].to_string(), lines.len() as u64));
        lines.push(format!("{indent}./deploy.sh --env prod"));
        lines.push(format!("{indent}  --verbose"));
    }
    (lines.join(newline) + newline, expected)
}

#[test]
fn secrets_in_yaml_block_scalars_are_on_their_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let (lf, expected) = yaml_blocks("\n");
    let (crlf, _) = yaml_blocks("\r\n");
    fs::write(dir.path().join("scripts.yaml"), lf).unwrap();
    fs::write(dir.path().join("scripts-crlf.yaml"), crlf).unwrap();
    let (code, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    for file in ["scripts.yaml", "scripts-crlf.yaml"] {
        let mut lines: Vec<u64> = found
            .iter()
            .filter(|(path, _, rule)| path == file && rule == "vp.sourcegraph.access-token.1")
            .map(|(_, line, _)| *line)
            .collect();
        lines.sort_unstable();
        lines.dedup();
        let want: Vec<u64> = expected.iter().map(|(_, line)| *line).collect();
        assert_eq!(lines, want, "{file}: {found:?}");
    }
    // Each token is one finding with one location per file, with the block's key path.
    for finding in report["findings"].as_array().unwrap() {
        if finding["rule_id"] == "vp.sourcegraph.access-token.1" {
            assert_eq!(
                finding["locations"].as_array().unwrap().len(),
                2,
                "{finding:#}"
            );
            assert!(
                finding["locations"][0]["key_path"]
                    .as_str()
                    .is_some_and(|k| k.starts_with("data.script")),
                "{finding:#}"
            );
        }
    }
}

#[test]
fn judged_secrets_in_block_scalars_and_toml_multiline_strings_are_on_their_own_line() {
    let dir = tempfile::tempdir().unwrap();
    // The value is on the 2nd line of each file, the header on the 1st.
    fs::write(
        dir.path().join("values.yaml"),
        "db_password: >-\r\n    B3f8nUVRBoMFTXptvp7WhP\r\nreplicas: 2\r\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("app.toml"),
        "api_secret = \"\"\"\nvFMKFl8zE8Ajlb0cdkbx9Z\"\"\"\nport = 8080\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("lit.toml"),
        "[auth]\nclient_secret = '''\nFqJDGf1rB853IgN95Dci7x\n'''\n",
    )
    .unwrap();
    let (code, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    for (file, line) in [("values.yaml", 2), ("app.toml", 2), ("lit.toml", 3)] {
        let lines: Vec<u64> = found
            .iter()
            .filter(|(path, _, _)| path == file)
            .map(|(_, line, _)| *line)
            .collect();
        assert_eq!(lines, vec![line], "{file}: {found:?}");
    }
}

/// A recorded HTTP body in a single-quoted YAML string folded over lines, with a PEM key
/// in its JSON (`\n` escapes, the end marker broken by the fold, as VCR cassettes write
/// them): the key is located on the line where it starts, not on the `body:` line.
#[test]
fn a_key_in_a_quoted_string_folded_over_lines_is_on_its_own_line() {
    let pem = crate::common::EC_PKCS8.trim_end().replace('\n', "\\n");
    let (head, tail) = pem.split_once("-----END ").unwrap();
    let cassette = format!(
        "interactions:\n- request:\n    body: '{{\"name\": \"push-provider\", \"providerType\": \"APNS\",\n      \"configuration\": {{\"keyId\": \"K8Q2M4P7W1\", \"teamId\": \"T3V9X6Z2B5\",\n      \"tokenSigningKey\": \"{head}-----END\n      {tail}\"}}}}'\n    method: POST\n"
    );
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("cassette.yaml"), cassette).unwrap();
    let (code, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<u64> = finding_locations(&report)
        .iter()
        .filter(|(_, _, rule)| rule == "vp.private-key.pkcs8.1")
        .map(|(_, line, _)| *line)
        .collect();
    assert_eq!(lines, [5], "{report}");
}
