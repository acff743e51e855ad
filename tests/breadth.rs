//! Detection breadth probes, one per place credentials hide that a narrow scan misses:
//! text inside structured string values, labels in prose, fallbacks after an environment
//! lookup, Dockerfile `ENV`, Markdown tables, Terraform variable defaults and secret-named
//! identifiers in code. Every value is generated at random for these tests.

use std::fs;

use crate::common::{finding_locations, scan_json};

/// Writes `files` into a temporary directory, scans it and returns `(path, line, rule)`.
fn scan(files: &[(&str, &str)]) -> Vec<(String, u64, String)> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let (_, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    assert!(report["findings"].is_array(), "{stderr}");
    finding_locations(&report)
}

fn has(found: &[(String, u64, String)], path: &str, line: u64, rule: &str) -> bool {
    found
        .iter()
        .any(|(p, l, r)| p == path && *l == line && r == rule)
}

#[test]
fn generic_rules_and_jwt_run_inside_structured_free_text() {
    let workflow = "name: deploy\non: push\njobs:\n  call:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -H \"Authorization: Bearer eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAic3ZjLU5CQjFndSIsICJpYXQiOiAxNzY3MjI1NjAwfQ.2BdU9o5HgLNhs52IQLTjFXijhl73C8qdRUtzVp-29zA\" https://api.acme.test/v1/deploy\n      - name: note\n        run: echo \"admin password is RgRRPjfOqm7 for now\"\n";
    let found = scan(&[(".github/workflows/deploy.yml", workflow)]);
    assert!(
        has(&found, ".github/workflows/deploy.yml", 7, "vp.jwt.token.1"),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            ".github/workflows/deploy.yml",
            9,
            "vp.generic.prose-label.1"
        ),
        "{found:?}"
    );
}

#[test]
fn provider_names_in_code_identifiers_and_fallbacks_are_found() {
    let go = "package weather\n\nfunc client() {\n\topenweatherKey := \"b37e4a31139d796f39b6b468fbcac4fe\"\n\t_ = openweatherKey\n}\n";
    let js = "const openweatherKey = process.env.OPENWEATHER_KEY || '4895034a77b9c4df8ab4aae4c28260f9';\n";
    // The provider's name inside the lookup, the literal after it (Python's `or`, PHP's `?:`).
    let py =
        "api_key = os.environ.get('OPENWEATHER_API_KEY') or 'c81f4e07a2d95b36e14f0a7d9b2c58e3'\n";
    let php =
        "<?php\n$key = getenv('OPENWEATHER_API_KEY') ?: '5d2e9b70f1c84a36b0e7d4a19c6f2e85';\n";
    let found = scan(&[
        ("weather.go", go),
        ("config.js", js),
        ("settings.py", py),
        ("config.php", php),
    ]);
    for (path, line) in [
        ("weather.go", 4),
        ("config.js", 1),
        ("settings.py", 1),
        ("config.php", 2),
    ] {
        assert!(
            has(&found, path, line, "vp.openweather.api-key.1"),
            "{path}:{line} not in {found:?}"
        );
    }
}

/// The word "password" in the developer's language names a password, in code and in a
/// structured file; a SealedSecret's ciphertext under a provider's name is no token.
#[test]
fn passwords_named_in_other_languages_are_found_and_ciphertext_is_not() {
    let java = "class Db {\n  String senha = \"Xk7vQm2pLz9w\";\n}\n";
    let yaml = "datenbank:\n  passwort: Tq8vLm3xRk7W\n";
    let env = "BD_CONTRASENA=Lq5mZt8vRk2W\nDB_HASLO=Wz4nHt8qKc3V\n";
    let sealed = "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: jira\nspec:\n  encryptedData:\n    JIRA_API_TOKEN: AgBFh3wIAEJL0uMeMC7Q0VRK\n";
    let found = scan(&[
        ("src/Db.java", java),
        ("config/app.yaml", yaml),
        (".env", env),
        ("k8s/jira-sealed.yaml", sealed),
    ]);
    for (path, line) in [
        ("src/Db.java", 2),
        ("config/app.yaml", 2),
        (".env", 1),
        (".env", 2),
    ] {
        assert!(
            found.iter().any(|(p, l, _)| p == path && *l == line),
            "{path}:{line} not in {found:?}"
        );
    }
    assert!(
        !found.iter().any(|(p, _, _)| p == "k8s/jira-sealed.yaml"),
        "{found:?}"
    );
}

#[test]
fn dockerfile_env_markdown_tables_and_terraform_defaults_are_found() {
    let dockerfile = "FROM alpine:3.20\nENV SONAR_TOKEN ec624782a7040385136c654fcb67711c7e61ae37\n";
    let runbook = "| Variable | Value | Env |\n|---|---|---|\n| `OPENWEATHER_API_KEY` | `ff9d8dcc0f084a87c4936f73dd89df1e` | prod |\n";
    let terraform = "variable \"db_password\" {\n  type      = string\n  sensitive = true\n  default   = \"TqMViEjDuDtWkbKD9\"\n}\n";
    let found = scan(&[
        ("Dockerfile", dockerfile),
        ("RUNBOOK.md", runbook),
        ("variables.tf", terraform),
    ]);
    assert!(
        has(&found, "Dockerfile", 2, "vp.sonarcloud.token.1"),
        "{found:?}"
    );
    assert!(
        has(&found, "RUNBOOK.md", 3, "vp.openweather.api-key.1"),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(p, l, _)| p == "variables.tf" && *l == 4),
        "{found:?}"
    );
}

#[test]
fn documented_examples_and_fillers_are_not_findings() {
    let text = "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\nDATABASE_URL=postgres://app:testpassword@db.internal:5432/app\nSHIPPO_API_TOKEN=shippo_live_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n";
    // The OAuth RFCs' samples as OAuth libraries' docstrings quote them, and a
    // CloudFormation resource type mapped to a schema hash (cfn-lint's data).
    let rfc = "    Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW\n    oauth_token=\"ad180jjd733klru7\",\n";
    let types = "SCHEMAS = {\n    \"AWS::IAM::AccessKey\": \"4f0a9c27e31d58b6\",\n}\n";
    // AWS's documented sample key with its ending edited, and the storage emulator's
    // well-known account key.
    let docs = "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYSAMPLEKEY\nAZURE_STORAGE=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;\n";
    let found = scan(&[
        ("notes.txt", text),
        ("oauth/base.py", rfc),
        ("providers/eu_west_9.py", types),
        ("docs/credentials.md", docs),
    ]);
    let secrets: Vec<_> = found
        .iter()
        .filter(|(_, _, rule)| !rule.starts_with("vp.endpoint."))
        .collect();
    assert!(secrets.is_empty(), "{secrets:?}");
}

#[test]
fn commented_out_history_env_prefix_fallback_client_and_sql_credentials_are_found() {
    let found = scan(&[
        (".env.production", "DEBUG=1\n# IP2_LOCATION_API_KEY=3SUS5V4L0MCIQFV0YF3EWJACTQQXDZ0K\n"),
        (".gitlab-ci.yml", "deploy:\n  variables:\n    # KEYSTORE_PASSWORD: 8858a7600aff4149198fad45\n    STAGE: prod\n"),
        (".zsh_history", ": 1729535149:0;ls -la\n: 1729535150:0;SERVICE_TOKEN=1kj2kCNrdC0JNTFVQqKDmNL7iLE2OLSVnnTrcf6u ./run.sh\n"),
        ("Dockerfile.prod", "FROM alpine:3.20\nENV CIRCLE_CI_TOKEN=df7a6607d41eee1f3eeb4d746b1ce09ce7d50e68\n"),
        ("config.js", "const slackClientSecret = process.env.SLACK_CLIENT_SECRET || 'b1d9672c1a31831a6005e9110315a3a0';\nconst s3SecretKey = process.env.S3_SECRET_KEY || 'oXF1BAOS8fxOny/o9eMv7bX/IkF2zayzh1Z0e2Sl';\nconst cfApiKey = process.env.CF_API_KEY || 'c4feddd6e8594b1c0f1309e050636d70df697';\n"),
        ("client.py", "DB_PASS = '5d5708b4352ea4291f2c67e3'\n"),
        ("config/default.json", "{\n  \"name\": \"worker\",\n  \"SERVICE_JWT\": \"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiAic3ZjIiwgInJvbGUiOiAid29ya2VyIiwgImlhdCI6IDE3MDA0ODkxNTB9.NrVJ2ox70aCl6q1Ur-qx6CnEtsakjMBpn7yplu2wfZ9\"\n}\n"),
        (".vscode/mcp.json", "{\n  \"servers\": {\"vault\": {\"env\": {\n    \"SECRET_ID\": \"adcb2254-3e15-4b69-a39b-13b27a56aede\"\n  }}}\n}\n"),
        ("infra/main.tf", "variable \"mailgun_webhook_signing_key\" {\n  type    = string\n  default = \"db72eff912fa894f45d7299bca35afa3\"\n}\n"),
        ("RefundsConfig.java", "class R {\n  void f() {\n    this.client = new ApiClient(\"https://api.admin.io\", \"x.af4RXMSNU5GVnPf3OWJThmCo\");\n  }\n}\n"),
        ("db/migrations/091_admin.sql", "CREATE USER app;\nALTER USER 'svc_search'@'%' IDENTIFIED BY 'CHglDBrMG1OpmOYzzWCjqN';\n"),
    ]);
    for (path, line, rule) in [
        (".env.production", 2, "vp.ip2location.api-key.1"),
        (".gitlab-ci.yml", 3, "vp.generic.password-assignment.1"),
        (".zsh_history", 2, "vp.generic.shell-env-prefix.1"),
        ("Dockerfile.prod", 2, "vp.circleci.legacy-token.1"),
        ("config.js", 1, "vp.slack.signing-secret.1"),
        ("config.js", 2, "vp.aws.secret-access-key.1"),
        ("config.js", 3, "vp.cloudflare.global-api-key.1"),
        ("client.py", 1, "vp.generic.password-literal.1"),
        ("config/default.json", 3, "vp.jwt.token.1"),
        (".vscode/mcp.json", 3, "vp.vault.approle-secret-id.1"),
        ("infra/main.tf", 3, "vp.terraform.variable-default.1"),
        ("RefundsConfig.java", 3, "vp.generic.client-argument.1"),
        (
            "db/migrations/091_admin.sql",
            2,
            "vp.generic.sql-password.1",
        ),
    ] {
        assert!(
            has(&found, path, line, rule),
            "{path}:{line} {rule}: {found:?}"
        );
    }
}

#[test]
fn timestamps_names_of_secrets_and_pagination_tokens_are_not_findings() {
    let found = scan(&[
        ("iam/users.json", "{\n  \"PasswordLastUsed_2\": \"2014-08-14T10:21:00Z\",\n  \"nextToken\": \"w99WpdHdfjxRMMn4hftYJs90t7wGUzNM\"\n}\n"),
        ("infra/variables.tf", "variable \"api_key\" {\n  default = \"config.apiKey\"\n}\nvariable \"db_secret\" {\n  default = \"prod/tracker/database\"\n}\n"),
        ("responses/create.xml", "<Response>\n  <clientRequestToken>bfaacf10-99c8-43e6-ace4-32549ca51cc8</clientRequestToken>\n</Response>\n"),
    ]);
    assert!(found.is_empty(), "{found:?}");
}

/// Files whose path says they hold a key, each written bare: found by path rules, and the
/// same content under another name is not.
#[test]
fn key_files_are_found_by_their_path() {
    let found = scan(&[
        ("app/config/master.key", "0c9f1e7a3b5d28c46e1f0a9b7d3c5e21"),
        (
            "app/config/credentials/production.key",
            "7a1e3c5b9d0f2e4a6c8b1d3f5e7a9c0b\n",
        ),
        (
            "jenkins/secrets/initialAdminPassword",
            "3e5a7c9b1d0f2e4c6a8b0d2f4e6c8a1b\n",
        ),
        (".vault-token", "s.Tq7Wm2Kc9Xp4Lz8Rb3Nd6Fg1\n"),
        ("site/.htpasswd", "deploy:Qm3xT9bLk2vZa\n"),
        (
            "app/config/master.key.sample",
            "0c9f1e7a3b5d28c46e1f0a9b7d3c5e21",
        ),
    ]);
    for (path, rule) in [
        ("app/config/master.key", "vp.rails.master-key.1"),
        (
            "app/config/credentials/production.key",
            "vp.rails.master-key.1",
        ),
        (
            "jenkins/secrets/initialAdminPassword",
            "vp.jenkins.initial-admin-password-file.1",
        ),
        (".vault-token", "vp.vault.token-file.1"),
        ("site/.htpasswd", "vp.pwhash.htpasswd.1"),
    ] {
        assert!(has(&found, path, 1, rule), "{path}: {found:?}");
    }
    assert!(
        !found
            .iter()
            .any(|(p, _, _)| p == "app/config/master.key.sample"),
        "{found:?}"
    );
}

/// Markdown tables, as runbooks and tickets list accesses: a value under a credential
/// column's header, and a row labelled by its first cell; a sample word and a reference
/// are not findings.
#[test]
fn credentials_in_markdown_tables_are_found_by_column_and_by_row_label() {
    let runbook = "# Billing accesses\n\n| Service | User | Password |\n|---|---|---|\n| billing-db | billing | `Wd7nQ2xLp9Kv4T` |\n| ledger | ops | changeme |\n| reports | ro | see Vault: secret/data/reports |\n\n| Setting | Value |\n|---|---|\n| Host | db1.corp.test |\n| API key | Rk3vZ8qLm2Xt9Wb4Nc7P |\n";
    let found = scan(&[("docs/RUNBOOK.md", runbook)]);
    assert!(
        has(
            &found,
            "docs/RUNBOOK.md",
            5,
            "vp.structured.generic-secret.1"
        ),
        "{found:?}"
    );
    assert!(
        has(&found, "docs/RUNBOOK.md", 12, "vp.generic.table-row.1"),
        "{found:?}"
    );
    let lines: Vec<u64> = found.iter().map(|(_, l, _)| *l).collect();
    assert!(!lines.contains(&6) && !lines.contains(&7), "{found:?}");
}

/// The provider rule files are generated from `scripts/gen_rules.py`'s table: a hand edit to
/// one of them would be lost on the next run (rules written by hand have files of their own).
#[test]
fn generated_provider_rules_match_their_table() {
    let output = std::process::Command::new("python3")
        .arg("scripts/gen_rules.py")
        .arg("--check")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("python3 runs scripts/gen_rules.py");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A token printed in colour in a CI log (`ESC[94m` just before it) is found at its place.
#[test]
fn a_token_after_a_terminal_colour_code_is_found() {
    // Generated at random for this test.
    let token = "sq0csp-Zr8renrPM055aH15eO7SA4WW4UTRYT1QQjAAi-LdUfL";
    let log = format!("step 1\n2026-01-02 10:00:00 \x1b[94m{token}\x1b[0m\n");
    let found = scan(&[("ci/build.log", &log)]);
    assert!(
        has(&found, "ci/build.log", 2, "vp.square.oauth-secret.1"),
        "{found:?}"
    );
}

#[test]
fn keys_written_into_the_calls_and_checks_that_use_them_are_found() {
    let found = scan(&[
        ("webhooks/sign.js", "const sig = crypto.createHmac('sha256', 'Vq3kR8wLz2TnXp5m').update(body).digest('hex');\n"),
        ("webhooks/verify.go", "package hooks\n\nvar mac = hmac.New(sha256.New, []byte(\"Hn4xW9qLv2KcTz7R\"))\n"),
        ("auth/Guard.java", "class Guard {\n  boolean ok(String token) {\n    return \"Zp6mQ2vLx8RkWt3N\".equals(token);\n  }\n}\n"),
        ("auth/guard.js", "if (req.headers['x-api-key'] !== 'Tb7nK3qWz9LmVx2R') return res.status(401).end();\n"),
        ("notify.yml", "url: https://hooks.slack.com/workflows/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\n"),
        ("vendors.env", "ADOBE_CLIENT_SECRET=p8e-MOn1iivOwfiscqx8dDMyV3hYheqQdxp3\nKOLIDE_KEY=k2sk_v1_5X3uevWXY7fzz2d8IXWwKWES\n"),
    ]);
    let expected = [
        ("webhooks/sign.js", 1, "vp.generic.hard-coded-crypto-key.1"),
        (
            "webhooks/verify.go",
            3,
            "vp.generic.hard-coded-crypto-key.1",
        ),
        ("auth/Guard.java", 3, "vp.generic.reverse-comparison.1"),
        ("auth/guard.js", 1, "vp.generic.secret-literal.1"),
        ("notify.yml", 1, "vp.slack.workflow-webhook-url.1"),
        ("vendors.env", 1, "vp.adobe.client-secret.1"),
        ("vendors.env", 2, "vp.kolide.api-key.1"),
    ];
    for (path, line, rule) in expected {
        assert!(
            has(&found, path, line, rule),
            "{path}:{line} {rule} not in {found:?}"
        );
    }
    // the same calls and checks given a variable or a word are not findings
    let found = scan(&[(
        "webhooks/sign.js",
        "crypto.createHmac('sha256', process.env.WEBHOOK_SECRET);\nif (\"Bearer\" == token) {}\nif (token === 'undefined') {}\n",
    )]);
    assert!(found.is_empty(), "{found:?}");
}

/// Settings PHP serialized into a database dump, a C++ string built from a key, and the
/// translation of a token's label are told apart end to end.
#[test]
fn serialized_settings_and_cpp_strings_are_found_and_translated_labels_are_not() {
    let found = scan(&[
        (
            "backup/wordpress.sql",
            "INSERT INTO `wp_options` VALUES (155,'smtp_settings','a:2:{s:9:\\\"smtp_host\\\";s:14:\\\"smtp.gmail.com\\\";s:13:\\\"smtp_password\\\";s:16:\\\"Xq7vLm2pRz9wKt4n\\\";}','yes');\n",
        ),
        (
            "src/client.cpp",
            "#include <string>\n\nstatic const std::string api_key(\"Wq7pLx2vRz9mKt4nHb8sYc3d\");\n",
        ),
    ]);
    for (path, line, rule) in [
        ("backup/wordpress.sql", 1, "vp.generic.php-serialized.1"),
        ("src/client.cpp", 3, "vp.generic.cpp-string-constructor.1"),
    ] {
        assert!(
            has(&found, path, line, rule),
            "{path}:{line} {rule} not in {found:?}"
        );
    }
    // a setting that is no secret, a constructor given a variable, translated labels
    let found = scan(&[
        (
            "backup/wordpress.sql",
            "INSERT INTO `wp_options` VALUES (156,'theme','a:1:{s:8:\\\"username\\\";s:12:\\\"Xq7vLm2pRz9w\\\";}','yes');\n",
        ),
        ("src/client.cpp", "std::string api_key(getenv(\"API_KEY\"));\n"),
        (
            "i18n/de_CH.json",
            "{\n  \"LABEL_TWO_FACTOR_AUTH_TOKEN\": \"Zwöifaktorouthentisierigs-Token\",\n  \"LABEL_INITIAL_2FA_TOKEN\": \"從authenticator送出的初始驗證碼\"\n}\n",
        ),
    ]);
    assert!(found.is_empty(), "{found:?}");
}

/// A TOTP seed written into a one-time-password library's call is found, and a token in a
/// form-encoded OAuth response is the token alone, not the parameters after it.
#[test]
fn otp_library_seeds_are_found_and_query_tokens_end_at_the_next_parameter() {
    let found = scan(&[(
        "test/login.spec.ts",
        "const code = otplib.authenticator.generate('BKMZEWPLDU4SHGK5U72NGXJRJ5TRQRK6')\n",
    )]);
    assert!(
        has(&found, "test/login.spec.ts", 1, "vp.otp.library-seed.1"),
        "{found:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("oauth.env"),
        "access_token=519e3f859210aa34265a52acb6b88290087f8996&scope=repo&token_type=bearer\n",
    )
    .unwrap();
    let (_, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    let findings = report["findings"].as_array().expect(&stderr);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let redacted = findings[0]["redacted"].as_str().unwrap();
    assert!(redacted.ends_with("(40 chars)"), "{redacted}");
    // both credentials of an OAuth 1.0a callback's query string, each on its own
    let found = scan(&[(
        "logs/callback.log",
        "GET https://app.example.com/cb?oauth_token=Hq7vLm2QzX9pWk4nRt8s&oauth_token_secret=Xq7vLm2pRz9wKt4nHb8s 200\n",
    )]);
    let on_line: Vec<_> = found
        .iter()
        .filter(|(p, l, _)| p == "logs/callback.log" && *l == 1)
        .collect();
    assert_eq!(on_line.len(), 2, "{found:?}");
}

/// A DER encoding of `tag` holding `body` (definite length, short or long form).
fn der(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match body.len() {
        n if n < 0x80 => out.push(n as u8),
        n if n < 0x100 => out.extend([0x81, n as u8]),
        n => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(body);
    out
}

/// A private key kept as bare base64 DER (no PEM armour) is found on one line, in a YAML
/// block and in a JSON string with escaped line breaks; inside PEM armour the PEM rule
/// reports it, a key cut short in documentation is none, and the one key spelled four
/// ways (PEM, YAML block, JSON string, binary `.der` file) is one finding.
#[test]
fn base64_der_private_keys_are_found_without_their_armour() {
    use base64::Engine as _;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let random = |n: usize| {
        let mut bytes = vec![0u8; n];
        getrandom::fill(&mut bytes).unwrap();
        bytes[0] |= 0x40; // positive, minimal: the top bit clear, the first byte non-zero
        bytes[0] &= 0x7F;
        bytes
    };
    // PKCS#1 RSA: version 0, then eight integers.
    let mut body = der(0x02, &[0]);
    for len in [129, 3, 128, 65, 65, 64, 64, 64] {
        body.extend(der(0x02, &random(len)));
    }
    let rsa = b64(&der(0x30, &body));
    // Ed25519 PKCS#8: version 0, the algorithm 1.3.101.112, the key.
    let mut ed = der(0x02, &[0]);
    ed.extend(der(0x30, &der(0x06, &[0x2B, 0x65, 0x70])));
    ed.extend(der(0x04, &der(0x04, &random(32))));
    let ed = b64(&der(0x30, &ed));
    assert!(ed.starts_with("MC4CAQAwBQYDK2VwBCIEI"), "{ed}");
    let lines: Vec<&str> = rsa
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let block: String = lines.iter().map(|l| format!("    {l}\n")).collect();
    let files = [
        (
            "src/Signer.java",
            &format!("class Signer {{\n  byte[] der = Base64.getDecoder().decode(\"{ed}\");\n}}\n"),
        ),
        (
            "config/jwt.yaml",
            &format!("jwt:\n  privateKey: |\n{block}  issuer: billing\n"),
        ),
        (
            "config/keys.json",
            &format!(
                "{{\n  \"kid\": \"k1\",\n  \"key\": \"{}\\n\"\n}}\n",
                lines.join("\\n")
            ),
        ),
        (
            "keys/server.pem",
            &format!(
                "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\n",
                lines.join("\n")
            ),
        ),
        (
            "docs/keys.md",
            &format!("The key looks like `{}...`\n", &rsa[..120]),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in &files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    fs::write(dir.path().join("keys/server.der"), der(0x30, &body)).unwrap();
    let (_, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    let found = finding_locations(&report);
    assert!(
        has(&found, "src/Signer.java", 2, "vp.private-key.base64-der.1"),
        "{found:?}"
    );
    let pem: Vec<_> = found
        .iter()
        .filter(|(p, _, _)| p == "keys/server.pem")
        .collect();
    assert_eq!(pem.len(), 1, "{pem:?}");
    assert_eq!(pem[0].2, "vp.private-key.rsa.1");
    assert!(
        !found.iter().any(|(p, _, _)| p == "docs/keys.md"),
        "{found:?}"
    );
    // The RSA key armoured, wrapped in a YAML block, in a JSON string and as a binary DER
    // file is one credential: one finding with one fingerprint, found in all four places.
    let findings = report["findings"].as_array().expect(&stderr);
    let paths = |finding: &serde_json::Value| -> Vec<String> {
        let mut paths: Vec<String> = finding["locations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| format!("{}:{}", l["path"].as_str().unwrap(), l["line"]))
            .collect();
        paths.sort();
        paths
    };
    let mut all: Vec<Vec<String>> = findings.iter().map(paths).collect();
    all.sort();
    assert_eq!(
        all,
        [
            vec![
                "config/jwt.yaml:3",
                "config/keys.json:3",
                "keys/server.der:1",
                "keys/server.pem:1"
            ],
            vec!["src/Signer.java:2"],
        ],
        "{report:#}"
    );
}
