//! End to end against a real Vault-API server, RustyVault (`rvault`): started on a free
//! port, initialised, unsealed, seeded with fixture secrets; then `vaultproof vault index`
//! and `vaultproof scan --vault` / `--vault-index` on a workspace whose credentials are at
//! the expected path, elsewhere, or not in Vault. Under CI (`CI=true`) a missing `rvault`
//! fails; locally these tests are skipped with a message.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::{exit_code, vaultproof, EC_PKCS8, EC_SEC1};

// Fake credentials generated for this test.
const ERP_KEY: &str = "Ek9Wq4Zt7Lm2Xp6R";
const JIRA_SECRET: &str = "Jc5Hn1Kv8Xr3Qd7M";
const DB_PASSWORD: &str = "Pq7-Vz2mK9xR4wT8nL3s";
const STRIPE_KEY: &str = "sk_live_4Rt8Kq2Zm6Xw1Lp9Vn3Bc7Hd";

/// The `rvault` binary: on PATH or in ~/.cargo/bin. `None` (and a message) when missing
/// outside CI; a failure under CI.
fn rvault() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    let found = dirs
        .into_iter()
        .map(|d| d.join("rvault"))
        .find(|p| p.is_file());
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("rvault (RustyVault) is not installed: `cargo install rusty_vault --version 0.2.1 --locked` (.ci/run does this)");
        }
        eprintln!("skipped: rvault (RustyVault) is not installed");
    }
    found
}

/// A running RustyVault, killed on drop.
struct RustyVault {
    child: Child,
    address: String,
    root_token: String,
    _dir: tempfile::TempDir,
}

impl Drop for RustyVault {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Sends one request to the test server (the seeding side: it writes, vaultproof never
/// does).
fn call(method: &str, url: &str, token: Option<&str>, body: Option<Value>) -> (u16, Value) {
    runtime().block_on(async {
        let client = reqwest::Client::new();
        let mut request =
            client.request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url);
        if let Some(token) = token {
            request = request.header("X-Vault-Token", token);
        }
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_string());
        }
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let bytes = response.bytes().await.unwrap_or_default();
                (
                    status,
                    serde_json::from_slice(&bytes).unwrap_or(Value::Null),
                )
            }
            Err(_) => (0, Value::Null),
        }
    })
}

impl RustyVault {
    fn start(binary: &Path) -> RustyVault {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        // One attribute per line: RustyVault's HCL parser rejects two on one line.
        let config = format!(
            "storage \"file\" {{\n  path = \"{}\"\n}}\n\nlistener \"tcp\" {{\n  address = \"127.0.0.1:{port}\"\n  tls_disable = true\n}}\n",
            data.display()
        );
        let config_path = dir.path().join("rvault.hcl");
        std::fs::write(&config_path, config).unwrap();
        let log = std::fs::File::create(dir.path().join("rvault.log")).unwrap();
        let child = Command::new(binary)
            .args(["server", "--config"])
            .arg(&config_path)
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("starts rvault");
        let address = format!("http://127.0.0.1:{port}");
        let mut server = RustyVault {
            child,
            address,
            root_token: String::new(),
            _dir: dir,
        };
        let started = Instant::now();
        while call("GET", &server.url("sys/seal-status"), None, None).0 == 0 {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "rvault did not listen within 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let (status, init) = call(
            "PUT",
            &server.url("sys/init"),
            None,
            Some(json!({"secret_shares": 1, "secret_threshold": 1})),
        );
        assert_eq!(status, 200, "init: {init}");
        server.root_token = init["root_token"].as_str().unwrap().to_string();
        let key = init["keys"][0].as_str().unwrap();
        let (status, unseal) = call(
            "PUT",
            &server.url("sys/unseal"),
            None,
            Some(json!({"key": key})),
        );
        assert_eq!(status, 200, "unseal: {unseal}");
        assert_eq!(unseal["sealed"], false);
        server
    }

    fn url(&self, path: &str) -> String {
        format!("{}/v1/{path}", self.address)
    }

    fn write(&self, path: &str, data: Value) {
        let (status, body) = call("POST", &self.url(path), Some(&self.root_token), Some(data));
        assert!(
            (200..300).contains(&status),
            "write {path}: {status} {body}"
        );
    }

    fn seal(&self) {
        let (status, body) = call("PUT", &self.url("sys/seal"), Some(&self.root_token), None);
        assert!((200..300).contains(&status), "seal: {status} {body}");
    }

    fn command(&self, token: &str) -> Command {
        let mut command = vaultproof();
        command
            .env("VAULT_ADDR", &self.address)
            .env("VAULT_TOKEN", token)
            .env_remove("VAULT_ROLE_ID")
            .env_remove("VAULT_SECRET_ID")
            .env_remove("VAULT_NAMESPACE");
        command
    }
}

/// The workspace: credentials at their expected Vault path, elsewhere, and not in Vault.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("agents/ws-alpha")).unwrap();
    std::fs::write(
        root.join(".vaultproof.toml"),
        "[[endpoints]]\nsystem = \"erpnext\"\nhost = \"erp.example.com\"\nname = \"Company ERP\"\n\n\
         [inventory]\nvault_path = \"portarium/credentials/{workspace}/{provider}\"\n\
         workspace_from = \"agents/{workspace}/**\"\ndefault_workspace = \"shared\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("agents/ws-alpha/.env"),
        format!(
            "ERPNEXT_URL=https://erp.example.com\nERPNEXT_KEY={ERP_KEY}\n\
             JIRA_BASE_URL=https://jira.example.com\nJIRA_CLIENT_SECRET={JIRA_SECRET}\n\
             STRIPE_SECRET_KEY={STRIPE_KEY}\n"
        ),
    )
    .unwrap();
    // A deploy key kept as PKCS#8 in the repository; Vault holds it in SEC 1.
    std::fs::write(root.join("agents/ws-alpha/deploy.pem"), EC_PKCS8).unwrap();
    std::fs::write(
        root.join("shared.env"),
        format!("DATABASE_HOST=pg-prod.acme.io\nDATABASE_PASSWORD={DB_PASSWORD}\n"),
    )
    .unwrap();
    dir
}

fn seed(vault: &RustyVault) {
    vault.write("sys/mounts/portarium/credentials", json!({"type": "kv"}));
    // At the expected path.
    vault.write(
        "portarium/credentials/ws-alpha/erpnext",
        json!({"api_key": ERP_KEY, "url": "https://erp.example.com"}),
    );
    // The password only inside a whole DATABASE_URL, at the expected path.
    vault.write(
        "portarium/credentials/shared/database",
        json!({"DATABASE_URL": format!("postgres://app:{DB_PASSWORD}@pg-prod.acme.io:5432/app")}),
    );
    // The deploy key at the expected path, in its other container.
    vault.write(
        "portarium/credentials/ws-alpha/private-key",
        json!({"pem": EC_SEC1}),
    );
    // The Jira secret filed under the wrong workspace.
    vault.write(
        "portarium/credentials/ws-beta/jira",
        json!({"client_secret": JIRA_SECRET}),
    );
}

/// `(file, rule, vault status)` of every secret finding, sorted.
fn statuses(report: &Value) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] != "posture" && f["kind"] != "endpoint")
        .map(|f| {
            (
                f["locations"][0]["path"].as_str().unwrap().to_string(),
                f["redacted"].as_str().unwrap_or_default().to_string(),
                f["vault"]["status"].as_str().unwrap_or("none").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn status_of(report: &Value, path: &str, line: u64) -> String {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["locations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["path"] == path && l["line"] == line)
                && f["kind"] != "posture"
                && f["kind"] != "endpoint"
        })
        .unwrap_or_else(|| panic!("no secret finding at {path}:{line}: {report:#}"))["vault"]
        .clone()
        .to_string()
}

fn scan(command: &mut Command, root: &Path, extra: &[&str]) -> (i32, Value, String) {
    let output = command
        .arg("scan")
        .arg(root)
        .args(["--no-history", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {stderr}"));
    (exit_code(&output), report, stderr)
}

#[test]
fn rvault_index_then_scan_gives_each_finding_its_vault_status() {
    let Some(binary) = rvault() else { return };
    let vault = RustyVault::start(&binary);
    seed(&vault);
    let work = workspace();
    let out = tempfile::tempdir().unwrap();
    let index = out.path().join("vault-index.json");

    let output = vault
        .command(&vault.root_token)
        .args(["vault", "index", "-o"])
        .arg(&index)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(exit_code(&output), 0, "{stderr}");
    let text = std::fs::read_to_string(&index).unwrap();
    for value in [
        ERP_KEY,
        JIRA_SECRET,
        DB_PASSWORD,
        STRIPE_KEY,
        EC_SEC1.lines().nth(1).unwrap(),
        &vault.root_token,
    ] {
        assert!(
            !text.contains(value),
            "the index holds a seeded value or the token"
        );
        assert!(!stderr.contains(value));
    }
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&index).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed["complete"], true, "{text}");
    assert_eq!(parsed["secrets"].as_array().unwrap().len(), 4);

    // Offline, from the index.
    let (code, report, stderr) = scan(
        &mut vault.command("unused"),
        work.path(),
        &["--vault-index", index.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{stderr}");
    let erp = status_of(&report, "agents/ws-alpha/.env", 2);
    assert!(erp.contains("\"at_expected_path\""), "{erp}");
    assert!(
        erp.contains("portarium/credentials/ws-alpha/erpnext#api_key"),
        "{erp}"
    );
    let jira = status_of(&report, "agents/ws-alpha/.env", 4);
    assert!(jira.contains("\"elsewhere\""), "{jira}");
    assert!(
        jira.contains("portarium/credentials/ws-beta/jira#client_secret"),
        "{jira}"
    );
    let key = status_of(&report, "agents/ws-alpha/deploy.pem", 1);
    assert!(key.contains("\"at_expected_path\""), "{key}");
    assert!(
        key.contains("portarium/credentials/ws-alpha/private-key#pem"),
        "{key}"
    );
    let stripe = status_of(&report, "agents/ws-alpha/.env", 5);
    assert!(stripe.contains("\"not_in_vault\""), "{stripe}");
    let db = status_of(&report, "shared.env", 2);
    assert!(db.contains("\"at_expected_path\""), "{db}");
    assert!(
        db.contains("portarium/credentials/shared/database#DATABASE_URL"),
        "{db}"
    );
    let section = &report["vault"];
    assert_eq!(section["source"], "index");
    assert_eq!(
        section["missing_paths"],
        json!([
            "portarium/credentials/ws-alpha/jira",
            "portarium/credentials/ws-alpha/stripe"
        ])
    );
    let check = |id: &str| {
        section["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(check("vault-seal"), "pass");
    // RustyVault has KV v1 only, no policy and no audit endpoint: fail, then unknown.
    assert_eq!(check("vault-kv-mount"), "fail");
    assert_eq!(check("vault-audit-device"), "unknown");
    assert_eq!(check("vault-policy-readers"), "unknown");
    assert_eq!(check("vault-token"), "fail", "the root token is in use");
    assert_eq!(check("vault-missing-paths"), "fail");

    // Live: the same statuses.
    let (code, live, stderr) = scan(
        &mut vault.command(&vault.root_token),
        work.path(),
        &["--vault"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(statuses(&live), statuses(&report));
    assert_eq!(live["vault"]["source"], "live");
    assert!(!stderr.contains(&vault.root_token));

    // Another audit key: refused, exit 2.
    let output = vault
        .command("unused")
        .env("VAULTPROOF_KEY", "another-key-of-16-bytes-or-more")
        .arg("scan")
        .arg(work.path())
        .args(["--no-history", "--vault-index"])
        .arg(&index)
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("another audit key"));
}

#[test]
fn rvault_bad_token_and_sealed_give_unknown_and_the_scan_completes() {
    let Some(binary) = rvault() else { return };
    let vault = RustyVault::start(&binary);
    seed(&vault);
    let work = workspace();
    let bad = "00000000-1111-2222-3333-444444444444";

    let (code, report, stderr) = scan(&mut vault.command(bad), work.path(), &["--vault"]);
    assert_eq!(code, 1, "the scan exits by its own findings: {stderr}");
    assert_eq!(stderr.matches("vaultproof: vault:").count(), 1, "{stderr}");
    assert!(stderr.contains("refused the token"), "{stderr}");
    assert!(!stderr.contains(bad));
    for (_, _, status) in statuses(&report) {
        assert_eq!(status, "unknown");
    }
    for check in report["vault"]["checks"].as_array().unwrap() {
        assert_ne!(check["status"], "pass", "{check}");
    }

    let out = tempfile::tempdir().unwrap();
    let output = vault
        .command(bad)
        .args(["vault", "index", "-o"])
        .arg(out.path().join("i.json"))
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 2);

    vault.seal();
    let (code, report, stderr) = scan(
        &mut vault.command(&vault.root_token),
        work.path(),
        &["--vault"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("sealed"), "{stderr}");
    for (_, _, status) in statuses(&report) {
        assert_eq!(status, "unknown");
    }
    let output = vault
        .command(&vault.root_token)
        .args(["vault", "index", "-o"])
        .arg(out.path().join("i.json"))
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("sealed"));
}

/// `vaultproof audit --vault` against a live Vault decides the runbooks' Vault items from
/// it: the seal, the KV mount, and whether each credential is at its expected path; once
/// every credential is filed where the inventory expects it, that item passes; a sealed
/// Vault makes it unknown, never a pass.
#[test]
fn rvault_live_audit_decides_the_vault_items() {
    let Some(binary) = rvault() else { return };
    let vault = RustyVault::start(&binary);
    seed(&vault);
    let work = workspace();
    let audit = |token: &str| -> (i32, std::collections::BTreeMap<String, String>, Value) {
        let output = vault
            .command(token)
            .arg("audit")
            .arg(work.path())
            .args(["--vault", "--format", "json", "--checklist", "000"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(!stderr.contains(&vault.root_token));
        let report: Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {stderr}"));
        let items = report["audit"]["checklists"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["items"].as_array().unwrap())
            .map(|i| {
                let id = i["id"].as_str().unwrap().to_string();
                (id, i["status"].as_str().unwrap().to_string())
            })
            .collect();
        (exit_code(&output), items, report)
    };

    let (code, items, report) = audit(&vault.root_token);
    assert_eq!(code, 1);
    assert_eq!(report["vault"]["source"], "live");
    assert_eq!(
        items["000-prereq-2"], "pass",
        "Vault is unsealed and answers"
    );
    assert_eq!(
        items["000-prereq-3"], "fail",
        "RustyVault mounts KV version 1"
    );
    assert_eq!(
        items["000-audit-2"], "fail",
        "the Jira secret is filed under another workspace and Stripe's is not in Vault"
    );

    vault.write(
        "portarium/credentials/ws-alpha/jira",
        json!({"client_secret": JIRA_SECRET}),
    );
    vault.write(
        "portarium/credentials/ws-alpha/stripe",
        json!({"secret_key": STRIPE_KEY}),
    );
    let (_, items, _) = audit(&vault.root_token);
    assert_eq!(
        items["000-audit-2"], "pass",
        "every credential is at its path"
    );

    vault.seal();
    let (code, items, _) = audit(&vault.root_token);
    assert_eq!(code, 1);
    assert_ne!(items["000-prereq-2"], "pass");
    assert_eq!(items["000-audit-2"], "unknown");
}
