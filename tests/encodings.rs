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

fn b64(text: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// A finding at one place: rule id, fingerprint, path, line, key path.
type Placed = (String, String, String, u64, String);

/// Every finding as (rule, fingerprint, path, line, key path), sorted.
fn findings_by_place(report: &serde_json::Value) -> Vec<Placed> {
    let mut out = Vec::new();
    for finding in report["findings"].as_array().unwrap() {
        for location in finding["locations"].as_array().unwrap() {
            out.push((
                finding["rule_id"].as_str().unwrap().to_string(),
                finding["fingerprint"].as_str().unwrap().to_string(),
                location["path"].as_str().unwrap().to_string(),
                location["line"].as_u64().unwrap(),
                location["key_path"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            ));
        }
    }
    out.sort();
    out
}

/// Scans `root`'s working tree, checks that one secret (one fingerprint) was found at
/// exactly `places` (path, line), and returns the findings by place and the report.
fn one_secret_at(
    root: &std::path::Path,
    places: &[(&str, u64)],
) -> (Vec<Placed>, serde_json::Value) {
    let (code, report, stderr) = scan_json(&[root.to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    let found = findings_by_place(&report);
    let found_places: Vec<(&str, u64)> = found.iter().map(|f| (f.2.as_str(), f.3)).collect();
    assert_eq!(found_places, places, "{found:#?}");
    assert!(found.iter().all(|f| f.1 == found[0].1), "{found:#?}");
    (found, report)
}

/// A password kept by an FTP client in base64 (FileZilla) or XOR-obfuscated (a JetBrains
/// IDE's `.idea/webServers.xml`) is the password: decoded, it has the fingerprint of the
/// same password written plain, so the report shows one finding and a Vault lookup sees
/// the password itself.
#[test]
fn obfuscated_ftp_client_passwords_are_fingerprinted_as_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Generated at random for this test.
    let password = "Wd7qLx3vNz9Tp2Kr";
    let xored: String = password
        .chars()
        .map(|c| format!("{:04x}", c as u32 ^ 0xDFAA))
        .collect();
    fs::create_dir_all(root.join(".idea")).unwrap();
    fs::write(root.join(".env"), format!("FTP_PASSWORD={password}\n")).unwrap();
    fs::write(
        root.join("sitemanager.xml"),
        format!(
            "<FileZilla3>\n  <Servers>\n    <Server>\n      <Host>ftp.ledger.test</Host>\n      <Pass encoding=\"base64\">{}</Pass>\n    </Server>\n  </Servers>\n</FileZilla3>\n",
            b64(password.as_bytes())
        ),
    )
    .unwrap();
    fs::write(
        root.join(".idea/webServers.xml"),
        format!(
            "<project version=\"4\">\n  <component name=\"WebServers\">\n    <fileTransfer host=\"ftp.ledger.test\" port=\"21\" password=\"{xored}\" username=\"deploy\" />\n  </component>\n</project>\n"
        ),
    )
    .unwrap();
    let (found, report) = one_secret_at(
        root,
        &[
            (".env", 1),
            (".idea/webServers.xml", 3),
            ("sitemanager.xml", 5),
        ],
    );
    // One finding: the three are the same password, shown in clear nowhere.
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        1,
        "{found:#?}"
    );
    let text = report.to_string();
    assert!(!text.contains(password) && !text.contains(&xored));
}

#[test]
fn base64_values_are_decoded_and_fingerprinted_as_the_secret_they_hold() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Generated at random for this test.
    let password = "Vq8rTz3LmW6xKp2NbJ4d";
    let token = crate::common::github_token("cUykT8C8UBkkpdhiG37LeXSyYV4g6s");
    fs::create_dir_all(root.join(".docker")).unwrap();
    fs::write(root.join(".env"), format!("DB_PASSWORD={password}\n")).unwrap();
    fs::write(
        root.join("secrets.env"),
        format!(
            "# encoded for the chart\nDB_PASSWORD_B64={}\n",
            b64(password.as_bytes())
        ),
    )
    .unwrap();
    fs::write(
        root.join(".docker/config.json"),
        format!(
            "{{\n  \"auths\": {{\n    \"ghcr.io\": {{\n      \"auth\": \"{}\"\n    }}\n  }}\n}}\n",
            b64(format!("ci-bot:{password}").as_bytes())
        ),
    )
    .unwrap();
    let docker_json = format!(
        "{{\"auths\":{{\"registry.corp.test\":{{\"auth\":\"{}\"}}}}}}",
        b64(format!("deploy:{password}").as_bytes())
    );
    fs::write(
        root.join("pull-secret.yaml"),
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {}\n",
            b64(docker_json.as_bytes())
        ),
    )
    .unwrap();
    fs::write(root.join("plain.txt"), format!("token {token}\n")).unwrap();
    fs::write(
        root.join("cm.yaml"),
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\nbinaryData:\n  app.conf: {}\n",
            b64(format!("[api]\nurl = https://api.test\ntoken = {token}\n").as_bytes())
        ),
    )
    .unwrap();
    fs::write(
        root.join("page.html"),
        format!(
            "<html>\n<script>\nconst cfg = 'data:application/json;base64,{}';\n</script>\n",
            b64(format!("{{\"token\":\"{token}\"}}").as_bytes())
        ),
    )
    .unwrap();
    fs::write(
        root.join("values.yaml"),
        format!(
            "github:\n  replicas: 2\n  token: {}\n",
            b64(token.as_bytes())
        ),
    )
    .unwrap();
    let (code, report, stderr) = scan_json(&[root.to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    let found = findings_by_place(&report);
    let place = |path: &str| {
        found
            .iter()
            .filter(|f| f.2 == path)
            .map(|f| (f.1.clone(), f.3, f.4.clone()))
            .collect::<Vec<_>>()
    };
    // The password: plain, under a `_B64` key, in a config.json and in a
    // `.dockerconfigjson`; one fingerprint, each on the line of its encoded value.
    let plain = place(".env");
    assert_eq!(plain.len(), 1, "{found:#?}");
    let fingerprint = &plain[0].0;
    for (path, line, key_path) in [
        ("secrets.env", 2, "DB_PASSWORD_B64"),
        (".docker/config.json", 4, "auths.ghcr.io.auth"),
        (
            "pull-secret.yaml",
            7,
            "data..dockerconfigjson.auths.registry.corp.test.auth",
        ),
    ] {
        assert_eq!(
            place(path),
            vec![(fingerprint.clone(), line, key_path.to_string())],
            "{path}: {found:#?}"
        );
    }
    // The token: plain, in a ConfigMap's binaryData, a data: URL and a base64 value.
    let plain = place("plain.txt");
    assert_eq!(plain.len(), 1, "{found:#?}");
    for (path, line) in [("cm.yaml", 6), ("page.html", 3), ("values.yaml", 3)] {
        let here = place(path);
        assert_eq!(here.len(), 1, "{path}: {found:#?}");
        assert_eq!((&here[0].0, here[0].1), (&plain[0].0, line), "{path}");
    }
    // Never in clear.
    let text = report.to_string();
    assert!(!text.contains(password) && !text.contains(&token[4..20]));
    assert!(!stderr.contains(password));
}

#[test]
fn random_base64_blobs_yield_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Bytes that are not text: an image header and pseudo-random bytes.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0u32..200).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let random: Vec<u8> = (0u32..48)
        .map(|i| (i.wrapping_mul(40_503) >> 3) as u8 ^ 0x5A)
        .collect();
    let certificate = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        b64(&random).repeat(8)
    );
    fs::write(
        root.join("index.html"),
        format!(
            "<img src=\"data:image/png;base64,{}\">\n<a href=\"data:application/octet-stream;base64,{}\">x</a>\n\
             <link href=\"data:text/plain;base64,{}\">\n",
            b64(&png),
            b64(&random),
            b64(certificate.as_bytes())
        ),
    )
    .unwrap();
    fs::write(
        root.join("values.yaml"),
        format!(
            "ui:\n  config_b64: {}\n  banner_base64: {}\n  logo: {}\n  ca.crt: {}\n  checksum: {}\n",
            b64(br#"{"theme":"dark","features":["search","export"]}"#),
            b64(b"Welcome! Maintenance window Sunday 02:00 UTC."),
            b64(&png),
            b64(certificate.as_bytes()),
            b64(&random[..32]),
        ),
    )
    .unwrap();
    fs::write(
        root.join("cm.yaml"),
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: assets\nbinaryData:\n  logo.png: {}\n  ca.crt: {}\n",
            b64(&png),
            b64(certificate.as_bytes())
        ),
    )
    .unwrap();
    let (code, report, stderr) = scan_json(&[root.to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 0, "{stderr} {report:#}");
    assert!(
        report["findings"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
}

#[test]
fn a_data_url_payload_past_the_matcher_window_is_decoded_to_its_end_with_a_bound() {
    let dir = tempfile::tempdir().unwrap();
    // A Sourcegraph token (generated at random) 40 KiB into an inline source map.
    let token = "sgp_7c1e4b9a2d5f8036_3e9b1c7a5d2f4e8b6a0c9d1e3f5a7b2c4d6e8f01";
    let mut sources = "// filler line of the original sources\n".repeat(1_000);
    sources.push_str(&format!("const SRC_ACCESS_TOKEN = \"{token}\";\n"));
    let map = format!(
        "{{\"version\":3,\"sourcesContent\":[{}]}}",
        serde_json::json!(sources)
    );
    let bundle = format!(
        "console.log(1);\n//# sourceMappingURL=data:application/json;base64,{}\n",
        b64(map.as_bytes())
    );
    fs::write(dir.path().join("bundle.js"), &bundle).unwrap();
    // A payload over the 1 MiB bound: its first MiB is decoded, and a note says so.
    let big = format!(
        "console.log(2);\nx = 'data:text/plain;base64,{}';\n",
        b64("line 42 of a long text\n".repeat(60_000).as_bytes())
    );
    fs::write(dir.path().join("big.js"), big).unwrap();
    let (code, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    assert!(
        found.contains(&(
            "bundle.js".to_string(),
            2,
            "vp.sourcegraph.access-token.1".to_string()
        )),
        "{found:?}"
    );
    let notes = crate::common::notes(&report);
    assert_eq!(
        notes,
        vec![("big.js".to_string(), "partly_decoded".to_string())],
        "{report:#}"
    );
    assert!(!report.to_string().contains(token));
    assert!(!stderr.contains(token));
}

#[test]
fn docker_identity_tokens_are_reported_in_config_json_and_dockerconfigjson() {
    let dir = tempfile::tempdir().unwrap();
    // Generated at random for this test.
    let token = "wwoZfn2JBKQWBIDC4QnxG_5z36ULQ8WWoudhMqYbk057eZKy";
    let other = "kXUrUzbPkMWfDTe9sQJdyRJpe3zD3NlkWrOGyct7";
    let config = format!(
        "{{\n  \"auths\": {{\n    \"acmeprod.azurecr.io\": {{\n      \"auth\": \"MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwOg==\",\n      \"identitytoken\": \"{token}\"\n    }}\n  }}\n}}\n"
    );
    fs::create_dir(dir.path().join(".docker")).unwrap();
    fs::write(dir.path().join(".docker/config.json"), &config).unwrap();
    let inner = format!("{{\"auths\":{{\"reg.acme.io\":{{\"identitytoken\":\"{other}\"}}}}}}");
    let secret = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {}\n",
        b64(inner.as_bytes())
    );
    fs::write(dir.path().join("regcred.yaml"), secret).unwrap();
    let (code, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    let found = findings_by_place(&report);
    let rule = "vp.docker.identity-token.1";
    let mut at: Vec<_> = found
        .iter()
        .filter(|f| f.0 == rule)
        .map(|f| (f.2.as_str(), f.3, f.4.as_str()))
        .collect();
    at.sort();
    assert_eq!(
        at,
        [
            (
                ".docker/config.json",
                5,
                "auths.acmeprod.azurecr.io.identitytoken"
            ),
            (
                "regcred.yaml",
                7,
                "data..dockerconfigjson.auths.reg.acme.io.identitytoken"
            )
        ],
        "{found:?}"
    );
    // One finding per token: no second report of the same value under another rule, and
    // the `auth` of a token login (user `00000000-…`, no password) is not a secret.
    assert_eq!(
        found
            .iter()
            .filter(|f| f.2 == ".docker/config.json")
            .count(),
        1,
        "{found:?}"
    );
    for secret in [token, other] {
        assert!(!report.to_string().contains(secret));
        assert!(!stderr.contains(secret));
    }
    // A placeholder where the token goes is not one, though the document's shape says a
    // credential sits there.
    let sample = dir.path().join("sample");
    fs::create_dir(&sample).unwrap();
    fs::write(
        sample.join("config.json"),
        "{\"auths\": {\"acmeprod.azurecr.io\": {\"identitytoken\": \"<your-refresh-token>\"}, \"reg.acme.io\": {\"identitytoken\": \"xxxxxxxxxxxxxxxxxxxxxxxx\"}}}\n",
    )
    .unwrap();
    let (code, report, stderr) = scan_json(&[sample.to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(findings_by_place(&report).is_empty(), "{report}");
}

/// A Docker `config.json` written as base64 outside a Kubernetes Secret (Helm values, a
/// note) and escaped inside a string (GitLab Runner's `DOCKER_AUTH_CONFIG`) is read: one
/// finding, fingerprinted as the registry password, as the parsed `.dockerconfigjson` of a
/// Kubernetes Secret is (not a second finding on the Secret's line).
#[test]
fn docker_configs_in_base64_and_escaped_strings_are_one_registry_password() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Generated at random for this test.
    let auth = b64(b"ci-puller:Rq4nVx8TzL2mKw7Pb3Hd");
    let docker_json = format!("{{\"auths\":{{\"registry.corp.test\":{{\"auth\":\"{auth}\"}}}}}}");
    let encoded = b64(docker_json.as_bytes());
    fs::write(
        root.join("values.yaml"),
        format!("image:\n  repository: registry.corp.test/app\n  pullSecret: {encoded}\n"),
    )
    .unwrap();
    fs::write(
        root.join("notes.txt"),
        format!("# .dockerconfigjson: {encoded}\n"),
    )
    .unwrap();
    fs::write(
        root.join("config.toml"),
        format!(
            "[[runners]]\n  executor = \"docker\"\n  environment = [\"DOCKER_AUTH_CONFIG={}\"]\n",
            docker_json.replace('"', "\\\"")
        ),
    )
    .unwrap();
    fs::write(
        root.join("pull-secret.yaml"),
        format!(
            "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {encoded}\n"
        ),
    )
    .unwrap();
    let (found, _) = one_secret_at(
        root,
        &[
            ("config.toml", 3),
            ("notes.txt", 1),
            ("pull-secret.yaml", 5),
            ("values.yaml", 3),
        ],
    );
    assert!(
        found.iter().all(|f| f.0 == "vp.docker.config-auth.1"),
        "{found:#?}"
    );
}

/// A Google service account key written as base64 (a `GOOGLE_CREDENTIALS` CI variable) is
/// decoded and its private key found, on the variable's line.
#[test]
fn a_base64_service_account_key_is_decoded_and_its_private_key_found() {
    let dir = tempfile::tempdir().unwrap();
    // A random body, generated for this test: the PEM shape is what is matched.
    let body = [
        "q7Vd2mR9xK4wT8bN1cH6fJ3pL0sZ5gY2uE7iO4aW9rQ1tM8nB3vC6xD0kF5hG2jL",
        "Xw4eR7tY1uI9oP3aS6dF0gH8jK2lZ5xC7vB4nM1qW6eR3tY9uI2oP8aS5dF0gH7",
    ];
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\\n{}\\n-----END PRIVATE KEY-----\\n",
        body.join("\\n")
    );
    let key = format!(
        "{{\"type\":\"service_account\",\"project_id\":\"ledger-ci-4821\",\"private_key\":\"{pem}\",\"client_email\":\"ci@ledger-ci-4821.iam.gserviceaccount.com\"}}"
    );
    fs::write(
        dir.path().join("ci-variables.txt"),
        format!(
            "# exported from the CI settings\nGOOGLE_CREDENTIALS={}\n",
            b64(key.as_bytes())
        ),
    )
    .unwrap();
    let (code, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    let found = finding_locations(&report);
    assert!(
        found.contains(&(
            "ci-variables.txt".to_string(),
            2,
            "vp.gcp.service-account-key.1".to_string()
        )),
        "{found:?}"
    );
}
