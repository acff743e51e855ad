//! Structured files judged key by key: every expected finding (with its key path),
//! reference and posture item on the fixtures of each file kind, no finding on config or
//! placeholders, the inventory CSV row by row, and bad input (malformed, huge, deep,
//! billion laughs) falling back to the plain scan.

use std::collections::BTreeSet;
use std::fs;

use crate::common::{fixtures, notes, scan_json, skips, vaultproof};

/// `(path, line, key_path or "", rule kind)` of every finding location.
fn located(report: &serde_json::Value) -> BTreeSet<(String, u64, String, String)> {
    let mut out = BTreeSet::new();
    for finding in report["findings"].as_array().unwrap() {
        for l in finding["locations"].as_array().unwrap() {
            out.insert((
                l["path"].as_str().unwrap().to_string(),
                l["line"].as_u64().unwrap(),
                l["key_path"].as_str().unwrap_or("").to_string(),
                finding["kind"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

fn structured_report() -> serde_json::Value {
    let root = fixtures().join("structured");
    let (code, report, stderr) = scan_json(&[root.to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    report
}

#[test]
fn secrets_in_every_file_kind_are_found_with_their_key_path() {
    let found = located(&structured_report());
    let expected = [
        ("dotenv/.env", 2, "DATABASE_PASSWORD"),
        ("dotenv/.env", 6, "JIRA_API_TOKEN"),
        (
            "compose/docker-compose.yml",
            5,
            "services.api.environment.POSTGRES_PASSWORD",
        ),
        ("kubernetes/secret.yaml", 7, "doc[0].data.password"),
        ("kubernetes/secret.yaml", 10, "doc[0].stringData.api-token"),
        (
            "kubernetes/secret.yaml",
            28,
            "doc[1].spec.template.spec.containers[0].env[1].value",
        ),
        ("helm/values.yaml", 6, "smtp.password"),
        ("actions/deploy.yml", 8, "jobs.deploy.env.DEPLOY_PASSWORD"),
        ("json/settings.jsonc", 3, "db.password"),
        ("mcp/.cursor/mcp.json", 5, "mcpServers.stripe.args[2]"),
        (
            "mcp/.cursor/mcp.json",
            10,
            "mcpServers.internal.headers.Authorization",
        ),
        (
            "mcp/.vscode/mcp.json",
            5,
            "servers.hubspot.env.HUBSPOT_ACCESS_TOKEN",
        ),
        (
            "mcp/claude_desktop_config.json",
            5,
            "mcpServers.postgres.args[2]",
        ),
        ("toml/agent.toml", 3, "provider.erpnext.api_key"),
        ("toml/agent.toml", 4, "provider.erpnext.api_secret"),
        ("ini/my.cnf", 3, "client.password"),
        (
            "ini/application.properties",
            2,
            "spring.datasource.password",
        ),
        ("tfvars/prod.tfvars", 2, "db_password"),
        (
            "notebook/analysis.ipynb",
            9,
            "cells[0].source.warehouse_password",
        ),
        (
            "notebook/analysis.ipynb",
            13,
            "cells[0].outputs[0].text.SERVICE_TOKEN",
        ),
    ];
    let mut missing = Vec::new();
    for (path, line, key_path) in expected {
        let hit = found.iter().any(|(p, l, k, kind)| {
            p == path && *l == line && k == key_path && kind != "endpoint" && kind != "posture"
        });
        if !hit {
            missing.push(format!("{path}:{line} {key_path}"));
        }
    }
    assert!(
        missing.is_empty(),
        "missing: {missing:?}\nfound: {found:#?}"
    );
}

#[test]
fn config_placeholders_and_references_are_not_findings() {
    let report = structured_report();
    let found = located(&report);
    // A bcrypt hash is reported as what it is, a password hash, never as a secret.
    assert!(
        found
            .iter()
            .any(|(p, _, k, kind)| p == "json/settings.jsonc"
                && k == "hash.password_hash"
                && kind == "password_hash"),
        "{found:#?}"
    );
    let secrets: Vec<_> = found
        .iter()
        .filter(|(_, _, _, kind)| {
            kind != "endpoint" && kind != "posture" && kind != "password_hash"
        })
        .collect();
    for (path, key_path) in [
        ("dotenv/.env", "DATABASE_HOST"),
        ("dotenv/.env", "STRIPE_KEY"),
        ("dotenv/.env", "REDIS_PASSWORD"),
        ("dotenv/.env", "ALPACA_API_SECRET_KEY"),
        ("dotenv/.env", "DB_PASSWORD_REF"),
        ("dotenv/.env.example", "DATABASE_PASSWORD"),
        (
            "compose/docker-compose.yml",
            "services.worker.environment.QUEUE_PASSWORD",
        ),
        ("helm/values.yaml", "stripe.apiKey"),
        ("helm/values.yaml", "ui.labels.password"),
        ("json/settings.jsonc", "schema.password.type"),
        ("json/settings.jsonc", "i18n.password"),
        ("json/settings.jsonc", "i18n.token"),
        ("json/settings.jsonc", "hash.password_hash"),
        (
            "mcp/.cursor/mcp.json",
            "mcpServers.stripe.env.STRIPE_SECRET",
        ),
        (
            "mcp/claude_desktop_config.json",
            "mcpServers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN",
        ),
        ("toml/agent.toml", "provider.jira.token"),
        ("toml/agent.toml", "provider.jira.max_tokens"),
        ("tfvars/prod.tfvars", "api_token"),
        ("notebook/analysis.ipynb", "cells[0].source.api_key"),
        ("actions/deploy.yml", "jobs.deploy.env.NPM_TOKEN"),
    ] {
        assert!(
            !secrets
                .iter()
                .any(|(p, _, k, _)| p == path && k == key_path),
            "{path} {key_path} must not be a finding"
        );
    }
    // One value, one finding: the Kubernetes base64 value is not reported twice.
    let k8s: Vec<_> = secrets
        .iter()
        .filter(|(p, l, _, _)| p == "kubernetes/secret.yaml" && *l == 7)
        .collect();
    assert_eq!(k8s.len(), 1, "{k8s:?}");
    assert_eq!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["locations"][0]["path"] == "kubernetes/secret.yaml"
                && f["locations"][0]["line"] == 7)
            .count(),
        1
    );
}

#[test]
fn references_are_reported_with_kind_and_target() {
    let report = structured_report();
    let references: BTreeSet<(String, String, String, String)> = report["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().into(),
                r["key_path"].as_str().unwrap().into(),
                r["kind"].as_str().unwrap().into(),
                r["target"].as_str().unwrap().into(),
            )
        })
        .collect();
    for expected in [
        ("dotenv/.env", "STRIPE_KEY", "env_var", "STRIPE_KEY"),
        (
            "dotenv/.env",
            "DB_PASSWORD_REF",
            "vault",
            "secret/data/trader/db",
        ),
        (
            "dotenv/.env",
            "ALPACA_API_SECRET_KEY",
            "placeholder",
            "<YOUR_ALPACA_SECRET>",
        ),
        ("dotenv/.env", "REDIS_PASSWORD", "placeholder", "changeme"),
        (
            "dotenv/.env.example",
            "DATABASE_PASSWORD",
            "vault",
            "secret/data/trader/db",
        ),
        (
            "helm/values.yaml",
            "stripe.apiKey",
            "template",
            ".Values.global.stripeKey",
        ),
        (
            "kubernetes/secret.yaml",
            "doc[1].spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef",
            "secret_key_ref",
            "ledger-db/password",
        ),
        (
            "kubernetes/secret.yaml",
            "doc[2].spec.data[0].remoteRef",
            "external_secret",
            "secret/ledger/api",
        ),
        (
            "kubernetes/secret.yaml",
            "doc[3].spec.provider.vault",
            "secret_store",
            "https://vault[.]internal:8200 secret",
        ),
        (
            "json/settings.jsonc",
            "aws",
            "aws_secrets_manager",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
        ),
        (
            "toml/agent.toml",
            "provider.jira.token",
            "vault",
            "portarium/credentials/ws1/jira",
        ),
        (
            "tfvars/prod.tfvars",
            "api_token",
            "vault",
            "secret/data/tf/api",
        ),
        (
            "mcp/.cursor/mcp.json",
            "mcpServers.stripe.env.STRIPE_SECRET",
            "env_var",
            "STRIPE_SECRET",
        ),
    ] {
        let expected = (
            expected.0.into(),
            expected.1.into(),
            expected.2.into(),
            expected.3.into(),
        );
        assert!(
            references.contains(&expected),
            "{expected:?} not in {references:#?}"
        );
    }
}

#[test]
fn posture_items_and_endpoints() {
    let report = structured_report();
    let by_rule = |id: &str| -> Vec<String> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"] == id)
            .flat_map(|f| f["locations"].as_array().unwrap().clone())
            .map(|l| l["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        by_rule("vp.posture.env-template-values.1"),
        ["dotenv/.env.template"]
    );
    assert_eq!(
        by_rule("vp.posture.vault-dev-root-token.1"),
        ["dotenv/.env.dev"]
    );
    assert_eq!(
        by_rule("vp.posture.vault-tls-disabled.1"),
        ["posture/vault-prod.hcl"]
    );
    assert_eq!(
        by_rule("vp.posture.vault-file-storage.1"),
        ["posture/vault-prod.hcl"]
    );
    assert!(
        by_rule("vp.posture.vault-init-output.1").contains(&"posture/vault-keys.txt".to_string())
    );
    assert_eq!(
        by_rule("vp.posture.azure-keyvault-reference.1"),
        ["posture/appsettings.json"]
    );
    assert_eq!(
        by_rule("vp.posture.azure-keyvault-package.1"),
        ["posture/requirements.txt"]
    );
    for finding in report["findings"].as_array().unwrap() {
        if finding["kind"] == "posture" {
            assert!(finding["redacted"].as_str().unwrap().len() > 10);
            assert!(finding["severity"] != "info");
        }
        if finding["kind"] == "endpoint" {
            assert_eq!(finding["severity"], "info");
        }
    }
    let endpoints: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "endpoint")
        .map(|f| f["redacted"].as_str().unwrap().to_string())
        .collect();
    // An endpoint is a host (and port): the paths called on it (`/v1`, `/v1/charges`) are
    // one finding.
    for host in [
        "db.internal",
        "api.stripe.com",
        "pg-analytics.acme.io:5432",
        "api.hubapi.com",
    ] {
        // Reports defang hosts so that a saved report is not a list of live endpoints.
        let defanged = host.replace('.', "[.]");
        assert!(
            endpoints.contains(&defanged),
            "{defanged} not in {endpoints:?}"
        );
    }
    assert_eq!(
        endpoints
            .iter()
            .filter(|e| e.starts_with("api[.]stripe[.]com"))
            .count(),
        1,
        "{endpoints:?}"
    );
    // The URL's password is a finding; the endpoint shows only the host.
    assert!(!endpoints.iter().any(|e| e.contains("Rd-Pw")));
}

#[test]
fn files_read_as_plain_text_are_one_counted_note_on_stderr() {
    let root = fixtures().join("structured");
    let (_, _, stderr) = scan_json(&[root.to_str().unwrap(), "--no-history"]);
    assert!(!stderr.contains("parse_error"), "{stderr}");
    assert!(!stderr.contains("broken.yaml"), "{stderr}");
    let summary: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("read as plain text"))
        .collect();
    assert_eq!(
        summary,
        ["vaultproof: 3 files read as plain text (structured parse failed), --verbose lists them"],
        "{stderr}"
    );
    let (_, _, verbose) = scan_json(&[root.to_str().unwrap(), "--no-history", "--verbose"]);
    for path in ["broken.json", "broken.toml", "broken.yaml"] {
        assert!(
            verbose
                .lines()
                .any(|l| l.contains(path) && l.contains("read as text")),
            "{path}: {verbose}"
        );
    }
}

#[test]
fn malformed_files_fall_back_to_the_plain_scan_with_a_counted_note() {
    let report = structured_report();
    let mut read_as_text: Vec<String> = notes(&report)
        .into_iter()
        .filter(|(_, reason)| reason == "read_as_text")
        .map(|(path, _)| path)
        .collect();
    read_as_text.sort();
    assert_eq!(
        read_as_text,
        [
            "malformed/broken.json",
            "malformed/broken.toml",
            "malformed/broken.yaml"
        ]
    );
    assert_eq!(report["stats"]["read_as_text"], 3);
    // Notes, not skips: the files were scanned.
    assert!(skips(&report)
        .iter()
        .all(|(_, reason)| reason != "parse_error"));
    assert!(report["stats"]["skipped"].get("parse_error").is_none());
    // Still scanned as plain text: the password in the broken JSON is found.
    assert!(located(&report)
        .iter()
        .any(|(p, _, _, kind)| p == "malformed/broken.json" && kind == "generic_secret"));
}

#[test]
fn secret_values_never_appear_in_clear() {
    let root = fixtures().join("structured");
    let output = vaultproof()
        .args([
            "scan",
            root.to_str().unwrap(),
            "--no-history",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    for secret in [
        "hunter2-prod-7Qz",
        "Zt9vQm2LkR8sWd4eXy7P",
        "Pg-s3cret-2024x",
        "ledger-Db-Pw-991",
        "Vb7Nq2Lx9Pz4Kd8M",
        "Hd8Kq2Zx7Lm4Pw9R",
        "Rd-Pw-8812q",
        "Erp-Key-31Mz8Q",
        "Nb-Wh-Pw-9931z",
        "Tf-Db-Pw-5521x",
        "Mcp-Arg-Key-55Qx",
    ] {
        assert!(!text.contains(secret), "{secret} in the report");
    }
}

#[test]
fn inventory_csv_rows_match_the_workspace() {
    let root = fixtures().join("inventory-workspace");
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("inventory.csv");
    let (code, report, stderr) = scan_json(&[
        root.to_str().unwrap(),
        "--no-history",
        "--inventory",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    let text = fs::read_to_string(&csv).unwrap();
    let rows: Vec<String> = text
        .lines()
        .map(|line| line.rsplitn(3, ',').last().unwrap().to_string()) // drop fingerprint, vault_status
        .collect();
    assert_eq!(
        rows,
        [
            "workspace,system,endpoint,credential_type,location,key_path,expected_vault_path,rule_id",
            "shared,database,pg-prod[.]acme[.]io,password,shared.env:2,DATABASE_PASSWORD,portarium/credentials/shared/database,vp.generic.password-assignment.1",
            "ws-alpha,erpnext,erp[.]example[.]com,API key,agents/ws-alpha/.env:3,ERPNEXT_KEY,portarium/credentials/ws-alpha/erpnext,vp.generic.key-literal.1",
            "ws-alpha,jira,jira[.]example[.]com,OAuth2 client secret,agents/ws-alpha/.env:5,JIRA_CLIENT_SECRET,portarium/credentials/ws-alpha/jira,vp.generic.secret-assignment.1",
            "ws-alpha,stripe,api[.]stripe[.]com,Stripe live secret key,agents/ws-alpha/config.yaml:4,providers.stripe.apiKey,portarium/credentials/ws-alpha/stripe,vp.stripe.secret-key.1",
            "ws-beta,erpnext,erp[.]example[.]com,,agents/ws-beta/.cursor/mcp.json:13,mcpServers.erp.env.ERP_HOST,,user.endpoint.erpnext.1",
            "ws-beta,jira,acme[.]atlassian[.]net,token,agents/ws-beta/.cursor/mcp.json:8,mcpServers.jira.env.JIRA_API_TOKEN,portarium/credentials/ws-beta/jira,vp.generic.secret-literal.1",
            "ws-beta,stripe,api[.]stripe[.]com,,agents/ws-beta/src/charge.py:5,,,vp.endpoint.stripe.1",
        ]
    );
    assert_eq!(
        report["inventory"].as_array().unwrap().len(),
        rows.len() - 1
    );
}

#[test]
fn huge_deep_and_explosive_files_are_notes_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    {
        use std::io::Write;
        let mut big = std::io::BufWriter::new(fs::File::create(root.join("big.json")).unwrap());
        write!(big, "{{\"items\": [").unwrap();
        let item = "{\"name\": \"widget\", \"description\": \"a thing of no consequence\"},";
        let mut written = 0;
        while written < 50 << 20 {
            big.write_all(item.as_bytes()).unwrap();
            written += item.len();
        }
        write!(big, "{{}}], \"password\": \"Big-Json-Pw-42x\"}}").unwrap();
    }
    fs::write(root.join("deep.json"), "[".repeat(100_000)).unwrap();
    fs::write(root.join("deep.yaml"), "[".repeat(100_000)).unwrap();
    fs::write(
        root.join("deep.toml"),
        format!("a = {}", "[".repeat(100_000)),
    )
    .unwrap();
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for name in "bcdefghi".chars() {
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = name;
    }
    bomb.push_str("password: Bomb-Pw-Value-9x\n");
    fs::write(root.join("bomb.yaml"), bomb).unwrap();
    let (code, report, stderr) = scan_json(&[root.to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    let notes: BTreeSet<(String, String)> = notes(&report).into_iter().collect();
    for path in ["big.json", "deep.json", "deep.yaml", "deep.toml"] {
        assert!(
            notes.contains(&(path.into(), "read_as_text".into())),
            "{path}: {notes:?}"
        );
    }
    let found = located(&report);
    assert!(
        found.iter().any(|(p, _, _, _)| p == "big.json"),
        "plain scan still ran"
    );
    assert!(found
        .iter()
        .any(|(p, _, k, _)| p == "bomb.yaml" && k == "password"));
}

/// A Kubernetes manifest whose flow sequence closes at the key's indent (valid for
/// Kubernetes, PyYAML and Go) is parsed, not read as plain text, and its values are judged
/// with their key paths.
#[test]
fn kubernetes_flow_sequence_closed_at_a_lower_indent_is_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("deployment.yaml"),
        "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: esp-echo
spec:
  template:
    spec:
      containers:
      - name: esp
        image: example/esp:1
        args: [
          \"--http_port=8081\",
          \"--service=SERVICE_NAME\",
        ]
        env:
        - name: DB_PASSWORD
          value: \"Vq8-Lk2m-Rt7x-Zp4w\"
",
    )
    .unwrap();
    let (code, report, stderr) = scan_json(&[root.to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(notes(&report).is_empty(), "{:?}", notes(&report));
    let found = located(&report);
    assert!(
        found.contains(&(
            "deployment.yaml".into(),
            17,
            "spec.template.spec.containers[0].env[0].value".into(),
            "generic_secret".into()
        )),
        "{found:?}"
    );
}

/// A `.json` file holding JSON Lines is judged line by line, each value with its own key
/// path, and is not a note.
#[test]
fn json_lines_in_a_json_file_are_judged_key_by_key() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("accounts.json"),
        "\
{\"user\": \"svc-a\", \"password\": \"Hn4-Qw8z-Lp2k-Ty7v\", \"host\": \"localhost\"}
{\"user\": \"svc-b\", \"password\": \"changeme\"}
{\"user\": \"svc-c\", \"db\": {\"password\": \"Mx3-Rb9t-Wc6j-Ks1d\"}}
",
    )
    .unwrap();
    let (code, report, stderr) = scan_json(&[root.to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(notes(&report).is_empty(), "{:?}", notes(&report));
    let found: Vec<(u64, String)> = located(&report)
        .into_iter()
        .filter(|(path, _, _, _)| path == "accounts.json")
        .map(|(_, line, key, _)| (line, key))
        .collect();
    // The placeholder on line 2 is judged as one (not a secret); the others are secrets
    // at their own key paths, each line a document as in multi-document YAML.
    assert_eq!(
        found,
        [
            (1, "doc[0].password".to_string()),
            (3, "doc[2].db.password".to_string())
        ],
        "{found:?}"
    );
}

#[test]
fn a_plain_word_password_in_a_container_environment_is_a_secret_but_not_in_ci_or_settings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let compose = "\
services:
  db:
    image: mariadb:11
    environment:
      MYSQL_ROOT_PASSWORD: quillbarrow
      MYSQL_ALLOW_EMPTY_PASSWORD: quillbarrow
      MYSQL_PASSWORD: mysql_password
  api:
    environment:
      - DB_PASSWORD=quillbarrow
    labels:
      traefik.password: quillbarrow
";
    fs::write(root.join("docker-compose.yml"), compose).unwrap();
    fs::write(root.join("docker-compose.example.yml"), compose).unwrap();
    let manifest = "\
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: api
          env:
            - name: DB_PASSWORD
              value: quillbarrow
";
    fs::write(root.join("deployment.yaml"), manifest).unwrap();
    fs::write(
        root.join("secret.yaml"),
        "apiVersion: v1\nkind: Secret\nstringData:\n  DB_PASSWORD: quillbarrow\n",
    )
    .unwrap();
    fs::write(
        root.join("secret-data.yaml"),
        "apiVersion: v1\nkind: Secret\ndata:\n  DB_PASSWORD: cXVpbGxiYXJyb3c=\n",
    )
    .unwrap();
    fs::create_dir_all(root.join(".github/workflows")).unwrap();
    fs::write(
        root.join(".github/workflows/test.yml"),
        "jobs:\n  test:\n    services:\n      db:\n        environment:\n          DB_PASSWORD: quillbarrow\n",
    )
    .unwrap();
    let (code, report, stderr) = scan_json(&[root.to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    let mut secrets: Vec<(String, u64)> = located(&report)
        .into_iter()
        .filter(|(_, _, _, kind)| kind != "posture")
        .map(|(path, line, _, _)| (path, line))
        .collect();
    secrets.sort();
    // The container's password variables and the Secret's hold the password; a switch, a value repeating
    // the key's words, a label outside the environment, the template, and a CI job's
    // throwaway database do not.
    assert_eq!(
        secrets,
        [
            ("deployment.yaml".to_string(), 10),
            ("docker-compose.yml".to_string(), 5),
            ("docker-compose.yml".to_string(), 10),
            ("secret-data.yaml".to_string(), 4),
            ("secret.yaml".to_string(), 4),
        ],
        "{secrets:?}"
    );
    assert!(!report.to_string().contains("quillbarrow"));
}

#[test]
fn a_plain_word_password_in_a_dotenv_file_is_a_secret_but_not_in_its_template_or_code() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let lines = "\
REACT_APP_AUTH_PASSWORD=quillbarrow
MAILER_PASSWORD=smtp_password
POSTGRES_PASSWORD=postgres
DB_PASS=hidden
ADMIN_PASSWORD=yourpassword
REDIS_PASSWORD=${REDIS_PASSWORD}
THEME=quillbarrow
";
    fs::write(root.join(".env"), lines).unwrap();
    fs::write(root.join(".env.example"), lines).unwrap();
    fs::write(
        root.join("settings.py"),
        "REACT_APP_AUTH_PASSWORD = \"quillbarrow\"\n",
    )
    .unwrap();
    let (code, report, stderr) = scan_json(&[root.to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    let secrets: Vec<(String, u64, String)> = located(&report)
        .into_iter()
        .filter(|(_, _, _, kind)| kind != "posture")
        .map(|(path, line, key, _)| (path, line, key))
        .collect();
    // The word under a password name in `.env` is the password; a value repeating the
    // key's words, a describing word, a sample, a reference, a non-password key, the
    // template's samples and the same word in code are not.
    assert_eq!(
        secrets,
        [(".env".to_string(), 1, "REACT_APP_AUTH_PASSWORD".to_string())],
        "{secrets:?}"
    );
    let json = report.to_string();
    assert!(
        !json.contains("quillbarrow"),
        "the password leaked into the report"
    );
}

#[test]
fn session_cookies_in_har_files_and_cookie_exports_are_found_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // A HAR file as a browser saves it: the session in the Cookie header pair and in the
    // cookie list; analytics and anti-forgery cookies beside it.
    fs::write(
        root.join("login.har"),
        r#"{"log": {"version": "1.2", "entries": [{"request": {
  "method": "GET", "url": "https://app.ledger.io/api/me",
  "headers": [
    {"name": "Cookie", "value": "theme=dark; sessionid=Kq8vL2mZ7xR4tW9yB3nC6fH1jD5sG0aP"}
  ],
  "cookies": [
    {"name": "_ga", "value": "GA1.2.1790342256.1712345678"},
    {"name": "csrftoken", "value": "Tz6pQ2mW9vLx4Rk8Yb3Nc7Hf1Jd5Sg0a"},
    {"name": "sessionid", "value": "Kq8vL2mZ7xR4tW9yB3nC6fH1jD5sG0aP"}
  ]},
  "response": {"status": 200, "headers": [
    {"name": "Set-Cookie", "value": "remember_token=Wx3Rb9tMc6jKs1dHn4Qw8zLp2kTy7vFg; Path=/; HttpOnly"}
  ], "cookies": []}}]}}
"#,
    )
    .unwrap();
    // What Playwright's `storageState` or a browser extension saves: a list of cookies.
    fs::write(
        root.join("cookies.json"),
        r#"[
  {"name": "_gid", "value": "GA1.2.1180934521.1712345678", "domain": ".ledger.io"},
  {"name": "connect.sid", "value": "s%3AVm4xQ8kP2rL7wZ3nB6cF1hJ5dS9aG0eT.Yq2mW7vLx4Rk8Tb3Nc6Hf1Jd5Sg9aP0eKu", "domain": "app.ledger.io"}
]
"#,
    )
    .unwrap();
    let (code, report, stderr) = scan_json(&[root.to_str().unwrap(), "--no-history"]);
    assert_eq!(code, 1, "{stderr}");
    let found: Vec<(String, u64, String)> = crate::common::finding_locations(&report);
    let session = "vp.generic.session-cookie.1".to_string();
    for (path, line) in [("login.har", 4), ("login.har", 9), ("cookies.json", 3)] {
        assert!(
            found.contains(&(path.to_string(), line, session.clone())),
            "{path}:{line} not found as a session cookie: {found:?}"
        );
    }
    // The cookie a Set-Cookie header sets (the text rules read `remember_token=…` too).
    assert!(
        found.iter().any(|(p, l, _)| p == "login.har" && *l == 12),
        "{found:?}"
    );
    // The analytics ids and the anti-forgery token are no findings.
    for (path, line) in [("login.har", 7), ("login.har", 8), ("cookies.json", 2)] {
        assert!(
            !found.iter().any(|(p, l, _)| p == path && *l == line),
            "{path}:{line} reported: {found:?}"
        );
    }
}
