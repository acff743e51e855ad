//! Credential formats the peers' example sets hold and a narrow scan missed: legacy and
//! mid-length Vault tokens, unseal keys on a command line, password hashes (their own
//! finding kind), base64-encoded PEM private keys, age keys whose checksum fails, Django
//! keys that hold `%(`, private keys concatenated in code. Every value is generated at random
//! for these tests.

use std::fs;

use crate::common::{finding_paths, scan_json, skip_details, EC_PKCS8, EC_SEC1};

/// Writes `files` into a temporary directory, scans it, returns the JSON report.
fn scan(files: &[(&str, &str)]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let (_, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    assert!(report["findings"].is_array(), "{stderr}");
    report
}

/// `(path, line, rule, kind, severity)` of every location.
fn locations(report: &serde_json::Value) -> Vec<(String, u64, String, String, String)> {
    let mut out = Vec::new();
    for f in report["findings"].as_array().unwrap() {
        for l in f["locations"].as_array().unwrap() {
            out.push((
                l["path"].as_str().unwrap().to_string(),
                l["line"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().to_string(),
                f["kind"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            ));
        }
    }
    out.sort();
    out
}

fn rule_at(found: &[(String, u64, String, String, String)], path: &str, line: u64) -> Vec<String> {
    found
        .iter()
        .filter(|(p, l, ..)| p == path && *l == line)
        .map(|(_, _, r, ..)| r.clone())
        .collect()
}

#[test]
fn vault_tokens_in_every_form_and_unseal_keys_on_a_command_line_are_found() {
    let env = "VAULT_CLIENT_TOKEN=\"s.OFlDbAU4qZdNfzBaM4Zr4nc3Kn\"\n\
               apikey: hvs.O7sCMlHVHe_2LHiiMMNIqwkvVqHTn6q5SYVcU\n\
               token = s.addComponentsFromRegistryNow()\n";
    let sh = "#!/bin/sh\nkubectl exec vault-0 -- vault operator unseal uXAuj9/866TYBXtuK4yXbQEN+H8zTMEc7k/8wtvD66fo\nvault operator unseal\n";
    let report = scan(&[("vault.env", env), ("unseal.sh", sh)]);
    let found = locations(&report);
    assert_eq!(
        rule_at(&found, "vault.env", 1),
        ["vp.vault.legacy-token.1"],
        "{found:?}"
    );
    assert_eq!(
        rule_at(&found, "vault.env", 2),
        ["vp.vault.service-token.1"],
        "{found:?}"
    );
    assert!(rule_at(&found, "vault.env", 3).is_empty(), "{found:?}");
    assert_eq!(
        rule_at(&found, "unseal.sh", 2),
        ["vp.vault.unseal-command.1"],
        "{found:?}"
    );
    assert!(rule_at(&found, "unseal.sh", 3).is_empty(), "{found:?}");
}

#[test]
fn password_hashes_are_their_own_low_severity_kind() {
    let shadow = "root:$6$Eu/6BLBjcQ4PsSha$idHOooCxZDk41i2JNrqCPGHri5ZR9ZFipRA8s5oqdk45c19cAMscZc3FUqJWokIMd0feseP8X63P57iAvNnxva:19800:0:99999:7:::\n\
                  deploy:$2b$12$bP0EhBtkYMxLUnOBDMYYLu4bd64F8WjASLII4LXwRveNoJ3mDQrSW\n\
                  echo \"$1$2$3\"\n";
    let report = scan(&[("shadow.txt", shadow)]);
    let found = locations(&report);
    let hashes: Vec<_> = found
        .iter()
        .filter(|(.., kind, _)| kind == "password_hash")
        .map(|(p, l, r, _, s)| (p.as_str(), *l, r.as_str(), s.as_str()))
        .collect();
    assert_eq!(
        hashes,
        [
            ("shadow.txt", 1, "vp.pwhash.sha-crypt.1", "low"),
            ("shadow.txt", 2, "vp.pwhash.bcrypt.1", "low"),
        ],
        "{found:?}"
    );
    assert!(rule_at(&found, "shadow.txt", 3).is_empty(), "{found:?}");
}

#[test]
fn encoded_private_keys_failed_age_checksums_and_django_keys_are_found() {
    let json = "{\n  \"privateKey\": \"LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCm51eXRpeGJnYThwU3N2Yml2VHBGd3Zja2Y5VzZRWVM0SFB3N3R6ZjEyZjNFL1ZTWW9oZzA5UW0yUmN0V25MZS9aNkM0eEJDZzMvTmIKUjhLaUNGYklMcllKQXY5eWw0Vm9md01SQ1VaWlJRWDBOb0Q2cG1IaHd6QXEKLS0tLS1FTkQgRUMgUFJJVkFURSBLRVktLS0tLQo=\"\n}\n";
    let keys = "# created: 2026-11-30T10:00:00Z\nAGE-SECRET-KEY-12J0VLMM0UCJTFTS0RZC06EAVRDZ2UKK9NFD3GPWQGEW7C6JALK5HAHCA34\n";
    let settings = "DEBUG = False\nSECRET_KEY = 'django-insecure-q7#v!%(^+=t2@wk9-m4zp&8x3!s*6hn(r$l5)yj0b%e1=ug'\n";
    let report = scan(&[
        ("key.json", json),
        ("keys.txt", keys),
        ("settings.py", settings),
    ]);
    let found = locations(&report);
    assert!(
        found.iter().any(|(p, l, r, k, _)| p == "key.json"
            && *l == 2
            && r == "vp.private-key.base64-pem.1"
            && k == "private_key"),
        "{found:?}"
    );
    assert_eq!(
        rule_at(&found, "keys.txt", 2),
        ["vp.age.secret-key-unverified.1"],
        "{found:?}"
    );
    assert_eq!(
        rule_at(&found, "settings.py", 2),
        ["vp.django.secret-key.1"],
        "{found:?}"
    );
}

#[test]
fn a_key_concatenated_in_code_or_flattened_is_the_key_of_its_pem_file() {
    let body = [
        "/62034mDa2ndEv64P8LgxS+8R41PVsh37zZXGJ7MV0H6N4VhHLYwi2QyhBzbIeD1",
        "64BUisl6gFCWWUnRPMpPmdlIonblkWXYpOIZZdQi0AfyYmnA448WVyMkRL0Tp666",
        "wc4DBv2ep32XO4MqsVTILRwRcs4655cow/T8Vk/YGI0owZyId2StRhO/PPZTysG5",
        "uMilZHlw5GVdh0TCBNHB2PWQaiBd+8ELrC19y87KD4SbW3u/BPmQUH+RJn8JLUP9",
    ];
    let pem = format!(
        "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
        body.join("\n")
    );
    let java = format!(
        "class Keys {{\n  static final String PEM = \"-----BEGIN PRIVATE KEY-----\" +\n{}\n      \"-----END PRIVATE KEY-----\";\n}}\n",
        body.map(|l| format!("      \"{l}\" +")).join("\n")
    );
    let python = format!(
        "KEY = (\"-----BEGIN PRIVATE KEY-----\"\n{}\n       \"-----END PRIVATE KEY-----\")\n",
        body.map(|l| format!("       \"{l}\"")).join("\n")
    );
    // PHP joins literals with `.` at a line's end, Lua with `..` at its start.
    let php = format!(
        "<?php\n$pem = \"-----BEGIN PRIVATE KEY-----\\n\" .\n{}\n    \"-----END PRIVATE KEY-----\";\n",
        body.map(|l| format!("    \"{l}\\n\" .")).join("\n")
    );
    let lua = format!(
        "local pem = \"-----BEGIN PRIVATE KEY-----\\n\"\n{}\n    .. \"-----END PRIVATE KEY-----\"\n",
        body.map(|l| format!("    .. \"{l}\\n\"")).join("\n")
    );
    // One Lua literal over lines, each ended by a backslash.
    let lua_continued = format!("key = \"{}\",\n", pem.trim_end().replace('\n', "\\\n"));
    // Flattened onto one line, the line breaks turned to spaces (`echo $KEY` into a file).
    let env = format!(
        "APP=shop\nSIGNING_KEY=\"-----BEGIN PRIVATE KEY----- {} -----END PRIVATE KEY-----\"\n",
        body.join(" ")
    );
    let report = scan(&[
        ("key.pem", &pem),
        ("Keys.java", &java),
        ("keys.py", &python),
        ("keys.php", &php),
        ("keys.lua", &lua),
        ("spec.lua", &lua_continued),
        (".env", &env),
    ]);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["rule_id"], "vp.private-key.pkcs8.1");
    let mut places: Vec<(String, u64)> = findings[0]["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["path"].as_str().unwrap().to_string(),
                l["line"].as_u64().unwrap(),
            )
        })
        .collect();
    places.sort();
    assert_eq!(
        places,
        [
            (".env".to_string(), 2),
            ("Keys.java".to_string(), 2),
            ("key.pem".to_string(), 1),
            ("keys.lua".to_string(), 1),
            ("keys.php".to_string(), 2),
            ("keys.py".to_string(), 1),
            ("spec.lua".to_string(), 1)
        ]
    );
}

/// Password-manager exports and account lists kept as CSV or TSV: a cell under a
/// credential column (`password`, `login_password`, `Secret access key`) is judged as a
/// value under that key, on its own row's line; other columns and data files are not.
#[test]
fn credential_columns_of_csv_and_tsv_files_are_judged_cell_by_cell() {
    let report = scan(&[
        (
            "lastpass_export.csv",
            "url,username,password,totp,extra,name,grouping,fav\nhttps://erp.ledger.test,ops@ledger.test,Hq7vN2xL9pR4tK8w,,,ERP,Work,0\nhttps://jira.ledger.test,ops@ledger.test,\"Zt4q,W8mN2vR7xL9p\",,,Jira,Work,0\n",
        ),
        (
            "bitwarden.csv",
            "folder,favorite,type,name,login_uri,login_username,login_password\nWork,,login,ERP,https://erp.ledger.test,ops,Mv8qT3xL7pR2wN9k\n",
        ),
        ("accounts.tsv", "service\tuser\tpassword\nledger\tbilling\tRk9vT3wL7mQ2xN5p\n"),
        // no credential column: data, whatever its cells look like
        ("orders.csv", "order,reference\n1,Qz8vLm2Wx5Kt9Rb3\n"),
        // a sample password is not a finding
        ("users.csv", "user,password\nalice,changeme\n"),
    ]);
    // (The Jira URL is an endpoint finding of its own.)
    let found: Vec<_> = locations(&report)
        .into_iter()
        .filter(|f| f.3 != "endpoint")
        .collect();
    let places: Vec<(&str, u64)> = found.iter().map(|f| (f.0.as_str(), f.1)).collect();
    assert_eq!(
        places,
        [
            ("accounts.tsv", 2),
            ("bitwarden.csv", 2),
            ("lastpass_export.csv", 2),
            ("lastpass_export.csv", 3)
        ],
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .all(|f| f.2 == "vp.structured.generic-secret.1"),
        "{found:#?}"
    );
}

/// An RSA key generated for this test with OpenSSL 3 (`openssl genpkey -algorithm RSA
/// -pkeyopt rsa_keygen_bits:1024`, then `openssl rsa -traditional`), in its PKCS#8 and its
/// PKCS#1 container; the EC key is [`EC_SEC1`]'s.
const RSA_PKCS8: &str = "-----BEGIN PRIVATE KEY-----\nMIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAMTAtVPKIlLAvSGI\nCXhHpf6Ga4vD9bjfaEqXnHJNF4cVuCR4eaTs2hLtUPLOeJNyG+DFV4NIQZJYVbnN\nwc4qsHOiVS9QgqChlnGwtAIBuGgcvsqcLHWNdpHY7vesGtL7mUk/DoESeaF26x6j\nAq5KESHc5wmY5qZDOQ8PuCqgJGJPAgMBAAECgYBTmeqyYrY44Wq7v7j+YbtXrjgu\nWCKl3k/LOiagrr8riAAJhyNw/68d0bbOpQq45AiSdmfcAazTCTPL0nDiMGNuz4Uv\nKx+SRzbzR1aulrFXjYfDZ19+V8DyNAL7kBukqp2Xirs8SMGy/6XmizQ5apAUtTKf\njyC7A4lEVwGWZxJJAQJBAPRksQydzk4Rm6AukHwqQCv4pR4IYwI/TcEDfoq2QQpD\n6zFbdqWbgdE0fhbFPZmcWGBbmfHHmuG376n7rHMlls8CQQDOGM7LOkuVx9S14w6u\n7x0AfcUVYvcJKvKY2ei5e0Bjb4xBSKrV6HfVXLLU9/sOc3OaIlonCAFZSH6NddcY\nL1yBAkEA0O3/+jQyecVN0Tvdo3iPUcgIiMtMsVAjDb4KAVXb9oWn3JM/tEZkTdBd\nduP6TIc/emj1C6DEBPG1fxE8FVhuOwJAG7oosBzCqH7+9g17HzvaKgPBrRPoalpV\n0wyWC8YyLm6Gbw4ItciVvqW/BXnrU9Fifx0aBeBE1i8zn3J4Iq/UgQJBALx36gJa\nEhhm1NAf94sk+FIkyM6GsyyE7KdXmVGjw3sMlKSxnxrbm6VufEr4nTWN6gedqZVI\nCDbWjkFRjtAucEA=\n-----END PRIVATE KEY-----\n";
const RSA_PKCS1: &str = "-----BEGIN RSA PRIVATE KEY-----\nMIICXQIBAAKBgQDEwLVTyiJSwL0hiAl4R6X+hmuLw/W432hKl5xyTReHFbgkeHmk\n7NoS7VDyzniTchvgxVeDSEGSWFW5zcHOKrBzolUvUIKgoZZxsLQCAbhoHL7KnCx1\njXaR2O73rBrS+5lJPw6BEnmhduseowKuShEh3OcJmOamQzkPD7gqoCRiTwIDAQAB\nAoGAU5nqsmK2OOFqu7+4/mG7V644Llgipd5PyzomoK6/K4gACYcjcP+vHdG2zqUK\nuOQIknZn3AGs0wkzy9Jw4jBjbs+FLysfkkc280dWrpaxV42Hw2dfflfA8jQC+5Ab\npKqdl4q7PEjBsv+l5os0OWqQFLUyn48guwOJRFcBlmcSSQECQQD0ZLEMnc5OEZug\nLpB8KkAr+KUeCGMCP03BA36KtkEKQ+sxW3alm4HRNH4WxT2ZnFhgW5nxx5rht++p\n+6xzJZbPAkEAzhjOyzpLlcfUteMOru8dAH3FFWL3CSrymNnouXtAY2+MQUiq1eh3\n1Vyy1Pf7DnNzmiJaJwgBWUh+jXXXGC9cgQJBANDt//o0MnnFTdE73aN4j1HICIjL\nTLFQIw2+CgFV2/aFp9yTP7RGZE3QXXbj+kyHP3po9QugxATxtX8RPBVYbjsCQBu6\nKLAcwqh+/vYNex872ioDwa0T6GpaVdMMlgvGMi5uhm8OCLXIlb6lvwV561PRYn8d\nGgXgRNYvM59yeCKv1IECQQC8d+oCWhIYZtTQH/eLJPhSJMjOhrMshOynV5lRo8N7\nDJSksZ8a25ulbnxK+J01jeoHnamVSAg21o5BUY7QLnBA\n-----END RSA PRIVATE KEY-----\n";

/// The same key in PKCS#8 (`BEGIN PRIVATE KEY`) and in its traditional container (`BEGIN
/// RSA PRIVATE KEY`, `BEGIN EC PRIVATE KEY`), armoured, as DER or escaped in JSON, is one
/// credential with one fingerprint: what Vault holds in one container matches what a
/// repository holds in the other.
#[test]
fn a_key_in_pkcs8_and_in_its_traditional_container_is_one_credential() {
    use base64::Engine as _;
    let body: String = RSA_PKCS8
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    let json = format!(
        "{{\"private_key\": {}}}\n",
        serde_json::to_string(EC_PKCS8).unwrap()
    );
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("rsa.pem", RSA_PKCS8),
        ("id_rsa", RSA_PKCS1),
        ("ec.key", EC_SEC1),
        ("ec.pk8.pem", EC_PKCS8),
        ("service-account.json", &json),
    ] {
        fs::write(dir.path().join(name), text).unwrap();
    }
    fs::write(dir.path().join("rsa.der"), der).unwrap();
    let (_, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    let mut found: Vec<(Vec<String>, String)> = report["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("{stderr}"))
        .iter()
        .map(|f| (finding_paths(f), f["kind"].as_str().unwrap().to_string()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (
                vec![
                    "ec.key".to_string(),
                    "ec.pk8.pem".to_string(),
                    "service-account.json".to_string()
                ],
                "private_key".to_string()
            ),
            (
                vec![
                    "id_rsa".to_string(),
                    "rsa.der".to_string(),
                    "rsa.pem".to_string()
                ],
                "private_key".to_string()
            ),
        ],
        "{report}"
    );
}

/// An Ed25519 key generated for this test with `ssh-keygen -t ed25519 -N ""`, and the same
/// key as PKCS#8 (written by Python's `cryptography` from the OpenSSH file).
const ED25519_OPENSSH: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDU3cEKsfEkWH6SXNd+oE2UYUfcoQtdMCUDBo7qRGi2+wAAAJgeWrDbHlqw\n2wAAAAtzc2gtZWQyNTUxOQAAACDU3cEKsfEkWH6SXNd+oE2UYUfcoQtdMCUDBo7qRGi2+w\nAAAEBkGSA8Pmgh00gec0zaKFemJeVG2tKfMuS/Jnvrf1NGTdTdwQqx8SRYfpJc136gTZRh\nR9yhC10wJQMGjupEaLb7AAAAD3ZhdWx0cHJvb2YtdGVzdAECAwQFBg==\n-----END OPENSSH PRIVATE KEY-----\n";
const ED25519_PKCS8: &str = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIGQZIDw+aCHTSB5zTNooV6Yl5Uba0p8y5L8me+t/U0ZN\n-----END PRIVATE KEY-----\n";

#[test]
fn an_ed25519_key_as_ssh_keygen_writes_it_and_as_pkcs8_is_one_credential() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("id_ed25519"), ED25519_OPENSSH).unwrap();
    fs::write(dir.path().join("signing.pem"), ED25519_PKCS8).unwrap();
    let (_, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    let found: Vec<Vec<String>> = report["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("{stderr}"))
        .iter()
        .map(finding_paths)
        .collect();
    assert_eq!(
        found,
        [vec!["id_ed25519".to_string(), "signing.pem".to_string()]],
        "{report}"
    );
}

/// PKCS#12 stores whose contents are all encrypted: one with its key bag inside, under the
/// JDK's `changeit` (as older JDKs wrote stores), is a finding that says so; truststores
/// OpenSSL wrote open under their default passwords to certificates only and are binary
/// skips; one under a chosen password is a skip that says a key cannot be ruled out.
#[test]
fn pkcs12_stores_are_opened_under_default_passwords() {
    let stores = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keystores");
    let (_, report, stderr) = scan_json(&[stores.to_str().unwrap(), "--no-history"]);
    let findings = report["findings"].as_array().expect(&stderr);
    assert_eq!(findings.len(), 1, "{report}");
    assert_eq!(findings[0]["rule_id"], "vp.private-key.binary-keystore.1");
    assert_eq!(
        findings[0]["redacted"],
        "PKCS#12 file with a private key under a well-known default password (1093 bytes)"
    );
    assert_eq!(finding_paths(&findings[0]), ["keystore-rc2-changeit.p12"]);
    let binary = "binary file (NUL byte in the first 8 KiB)";
    let locked = "encrypted PKCS#12 file that no well-known default password opens: whether it holds a private key is unknown";
    assert_eq!(
        skip_details(&report),
        [
            ("truststore-3des-secret.p12", binary),
            ("truststore-aes-chosen.p12", locked),
            ("truststore-aes-password.p12", binary),
            ("truststore-rc2-changeit.p12", binary),
        ]
        .map(|(p, d)| (p.to_string(), d.to_string())),
        "{report}"
    );
}
