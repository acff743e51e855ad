//! The HTML report in a real browser: headless Chromium driven over the DevTools
//! protocol (a websocket, no driver). Opens the report, checks there is no console
//! error, that the rows and statuses in the DOM match the JSON report, that sorting and
//! filtering work, that nothing scrolls sideways at 1400 px, and saves a screenshot to
//! `target/report-screenshot.png`. Without Chromium the test skips, except under `CI=true`.

use std::io::BufRead;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

use crate::common::{fixtures, vaultproof};

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("VAULTPROOF_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// Kills the browser we started when the test ends, however it ends.
struct Browser(Child);

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A DevTools session on one page (flat session over the browser's websocket).
struct Cdp {
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    session: Option<String>,
    events: Vec<Value>,
}

impl Cdp {
    fn connect(url: &str) -> Cdp {
        let (socket, _) = tungstenite::connect(url).expect("connects to the DevTools websocket");
        if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream
                .set_read_timeout(Some(Duration::from_secs(30)))
                .unwrap();
        }
        Cdp {
            socket,
            next_id: 1,
            session: None,
            events: Vec::new(),
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = &self.session {
            message["sessionId"] = session.clone().into();
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("sends");
        loop {
            let value = self.read();
            if value["id"] == id {
                assert!(value.get("error").is_none(), "{method}: {}", value["error"]);
                return value["result"].clone();
            }
            self.events.push(value);
        }
    }

    fn read(&mut self) -> Value {
        loop {
            match self.socket.read().expect("reads from DevTools") {
                Message::Text(text) => return serde_json::from_str(text.as_str()).unwrap(),
                Message::Binary(bytes) => return serde_json::from_slice(&bytes).unwrap(),
                _ => continue,
            }
        }
    }

    fn wait_event(&mut self, method: &str, timeout: Duration) {
        if self.events.iter().any(|e| e["method"] == method) {
            return;
        }
        let start = Instant::now();
        while start.elapsed() < timeout {
            let value = self.read();
            let done = value["method"] == method;
            self.events.push(value);
            if done {
                return;
            }
        }
        panic!("no {method} within {timeout:?}");
    }

    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    fn errors(&self) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|e| match e["method"].as_str() {
                Some("Runtime.exceptionThrown") => {
                    Some(e["params"]["exceptionDetails"].to_string())
                }
                Some("Runtime.consoleAPICalled") if e["params"]["type"] == "error" => {
                    Some(e["params"]["args"].to_string())
                }
                Some("Log.entryAdded") if e["params"]["entry"]["level"] == "error" => {
                    Some(e["params"]["entry"]["text"].to_string())
                }
                _ => None,
            })
            .collect()
    }
}

fn start_browser(binary: &Path, profile: &Path) -> (Browser, String) {
    let child = Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            "--no-first-run",
            "--no-default-browser-check",
            "--remote-debugging-port=0",
            "--remote-debugging-address=127.0.0.1",
            "--window-size=1400,1000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts chromium");
    let mut browser = Browser(child);
    let stderr = browser.0.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(url) = line.strip_prefix("DevTools listening on ") {
                let _ = tx.send(url.trim().to_string());
            }
        }
    });
    let url = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("chromium prints its DevTools address");
    (browser, url)
}

/// Opens `html` at 1400x1000 and returns the page session.
fn open(url: &str, html: &Path) -> Cdp {
    let mut cdp = Cdp::connect(url);
    let target = cdp.call("Target.createTarget", json!({"url": "about:blank"}));
    let attached = cdp.call(
        "Target.attachToTarget",
        json!({"targetId": target["targetId"], "flatten": true}),
    );
    cdp.session = Some(attached["sessionId"].as_str().unwrap().to_string());
    cdp.call("Page.enable", json!({}));
    cdp.call("Runtime.enable", json!({}));
    cdp.call("Log.enable", json!({}));
    cdp.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": false}),
    );
    cdp.events.clear();
    cdp.call(
        "Page.navigate",
        json!({"url": format!("file://{}", html.display())}),
    );
    cdp.wait_event("Page.loadEventFired", Duration::from_secs(30));
    cdp
}

fn screenshot(cdp: &mut Cdp, to: &Path) {
    use base64::Engine;
    let shot = cdp.call("Page.captureScreenshot", json!({"format": "png"}));
    let png = base64::engine::general_purpose::STANDARD
        .decode(shot["data"].as_str().unwrap())
        .unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    std::fs::write(to, png).unwrap();
}

/// An audit section over the workspace scan's findings: two checklists whose items take
/// every status, with evidence pointing at real findings (until the audit engine's
/// `fixtures/migration` audit replaces it).
fn audit_section(report: &Value) -> Value {
    let fps: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    let item = |id: &str, status: &str, text: &str, fingerprints: &[&str]| {
        json!({
            "id": id, "text": text, "severity": "high", "check": "scan.no_plaintext", "status": status,
            "source": {"seed": "000_test.txt", "section": "Audit checklist", "quote": text},
            "evidence": {"statement": format!("{} findings decide this item.", fingerprints.len()), "fingerprints": fingerprints,
                         "locations": [{"path": "agents/support-agent/mcp.json", "line": 16}], "vault_paths": ["portarium/credentials/ws/github"]},
            "fix": "Move the credentials into Vault and rotate them."
        })
    };
    let items = vec![
        item(
            "000-audit-1",
            "fail",
            "No plaintext credential in agent configs",
            &fps[..3],
        ),
        item("000-audit-2", "pass", "KV v2 mount exists", &[]),
        item("000-audit-3", "unknown", "Audit device enabled", &[]),
        item(
            "000-audit-4",
            "attested",
            "Old keys revoked at the provider",
            &[],
        ),
        item(
            "000-audit-5",
            "not_applicable",
            "Kubernetes auth configured",
            &[],
        ),
    ];
    json!({
        "evaluated_at": "2026-11-30T12:00:00Z",
        "evidence": {"vault": "none"},
        "checklists": [{
            "id": "000-credential-relocation", "title": "Credential relocation", "source": "000_test.txt",
            "chosen_because": "named with --checklist",
            "counts": {"pass": 1, "fail": 1, "unknown": 1, "attested": 1, "not_applicable": 1},
            "items": items
        }]
    })
}

/// The report to open: a scan of `fixtures/workspace` with an audit section, rendered
/// through `vaultproof merge` (the renderers read only the report).
fn make_report(dir: &Path) -> (PathBuf, Value) {
    let scan_path = dir.join("scan.json");
    let json_path = dir.join("report.json");
    let html_path = dir.join("report.html");
    let output = vaultproof()
        .args([
            "scan",
            fixtures().join("workspace").to_str().unwrap(),
            "--no-history",
            "-q",
            "--json",
            scan_path.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut scan: Value = serde_json::from_slice(&std::fs::read(&scan_path).unwrap()).unwrap();
    scan["audit"] = audit_section(&scan);
    std::fs::write(&scan_path, serde_json::to_vec_pretty(&scan).unwrap()).unwrap();
    let output = vaultproof()
        .args([
            "merge",
            scan_path.to_str().unwrap(),
            "-o",
            json_path.to_str().unwrap(),
            "--html",
            html_path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    crate::common::assert_valid_report(&report);
    (html_path, report)
}

/// The `fixtures/migration` demo: the before repository audited, then the after one
/// audited with the before report, the attestations and `--previous`.
fn migration_report(dir: &Path) -> (PathBuf, Value) {
    let before = crate::audit::import(dir, "before");
    let after = crate::audit::import(dir, "after");
    let before_json = dir.join("before.json");
    let json_path = dir.join("migration.json");
    let html_path = dir.join("migration.html");
    let run = |args: Vec<&str>| {
        let output = vaultproof()
            .env("VAULTPROOF_KEY", crate::audit::demo_key())
            .args(args)
            .output()
            .unwrap();
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    run(vec![
        "audit",
        before.to_str().unwrap(),
        "-q",
        "--as-of",
        "2026-03-01",
        "--format",
        "json",
        "-o",
        before_json.to_str().unwrap(),
    ]);
    let attestations = fixtures().join("migration/attestations.toml");
    let vault_index = fixtures()
        .join("migration/vault/index.json")
        .display()
        .to_string();
    let audit_log = fixtures()
        .join("migration/vault/audit.log")
        .display()
        .to_string();
    run(vec![
        "audit",
        after.to_str().unwrap(),
        "-q",
        "--as-of",
        "2026-03-01",
        "--before",
        before_json.to_str().unwrap(),
        "--attestations",
        attestations.to_str().unwrap(),
        "--vault-index",
        &vault_index,
        "--audit-log",
        &audit_log,
        "--previous",
        before_json.to_str().unwrap(),
        "--json",
        json_path.to_str().unwrap(),
        "--html",
        html_path.to_str().unwrap(),
    ]);
    let report: Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    crate::common::assert_valid_report(&report);
    (html_path, report)
}

fn strings(value: Value) -> Vec<String> {
    serde_json::from_value(value).unwrap()
}

/// What every report page must do in the browser; returns the session for more checks.
fn check_page(url: &str, html: &Path, report: &Value) -> Cdp {
    let mut cdp = open(url, html);

    // Checklist rows and statuses match the JSON, item by item; verdicts one per checklist.
    let checklists = report["audit"]["checklists"]
        .as_array()
        .map(|c| c.as_slice())
        .unwrap_or(&[]);
    let expected_items: Vec<(String, String)> = checklists
        .iter()
        .flat_map(|c| c["items"].as_array().unwrap().iter())
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_string(),
                i["status"].as_str().unwrap().replace('_', " "),
            )
        })
        .collect();
    let dom_items = cdp.eval("[...document.querySelectorAll('tr[data-item]')].map(r => [r.dataset.item, r.dataset.status])");
    let dom_items: Vec<(String, String)> = serde_json::from_value(dom_items).unwrap();
    assert_eq!(dom_items, expected_items);
    if !checklists.is_empty() {
        let titles = strings(
            cdp.eval("[...document.querySelectorAll('#verdict .card h3')].map(h => h.textContent)"),
        );
        let expected: Vec<String> = checklists
            .iter()
            .map(|c| c["title"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(titles, expected);
        // An item that names findings links to them, and the finding links back.
        let findings_fps: Vec<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap())
            .collect();
        let linked = checklists
            .iter()
            .flat_map(|c| c["items"].as_array().unwrap().iter())
            .find(|i| {
                i["evidence"]["fingerprints"].as_array().is_some_and(|fps| {
                    fps.iter()
                        .any(|f| findings_fps.contains(&f.as_str().unwrap()))
                })
            })
            .expect("an item with evidence from a finding");
        let id = linked["id"].as_str().unwrap();
        let back = cdp.eval(&format!(
            "(() => {{ const a = document.querySelector('#i-{id} .links a[href^=\"#f-\"]'); a.click(); \
             const row = document.querySelector(a.getAttribute('href')); \
             return row ? [...row.querySelectorAll('a')].map(x => x.getAttribute('href')) : null; }})()"
        ));
        assert!(
            back.as_array()
                .expect("the linked finding row exists")
                .iter()
                .any(|h| *h == format!("#i-{id}")),
            "{back}"
        );
    }

    // Findings rows in the DOM: same count and same severities, in the JSON's order.
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    let severities: Vec<String> = findings
        .iter()
        .take(100)
        .map(|f| f["severity"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(strings(cdp.eval("[...document.querySelectorAll('#findings-table tbody tr')].map(r => r.cells[0].textContent)")), severities);
    let count = cdp.eval("document.querySelector('#findings-table [data-role=count]').textContent");
    assert!(
        count
            .as_str()
            .unwrap()
            .starts_with(&format!("{} of {}", findings.len(), findings.len())),
        "{count}"
    );
    let first_fp = &findings[0]["fingerprint"].as_str().unwrap()[..16];
    assert_eq!(
        cdp.eval(&format!("!!document.getElementById('f-{first_fp}')")),
        true
    );
    // Inventory rows match too.
    let inventory = report["inventory"].as_array().unwrap().len();
    assert_eq!(
        cdp.eval("document.querySelectorAll('#inventory-table tbody tr').length"),
        json!(inventory.min(100))
    );

    // Sorting: the Credential column sorts ascending, then descending.
    let names = "[...document.querySelectorAll('#findings-table tbody tr')].map(r => r.cells[1].textContent.toLowerCase())";
    let click = "[...document.querySelectorAll('#findings-table th button')].find(b => b.textContent === 'Credential').click()";
    cdp.eval(click);
    let ascending = strings(cdp.eval(names));
    let mut sorted = ascending.clone();
    sorted.sort();
    assert_eq!(ascending, sorted);
    let aria = cdp.eval("[...document.querySelectorAll('#findings-table th')].find(t => t.textContent.startsWith('Credential')).getAttribute('aria-sort')");
    assert_eq!(aria, "ascending");
    cdp.eval(click);
    sorted.reverse();
    assert_eq!(strings(cdp.eval(names)), sorted);

    // Facet filter: the most common severity leaves exactly its findings, with its count.
    let mut by_severity: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in findings {
        *by_severity
            .entry(f["severity"].as_str().unwrap())
            .or_default() += 1;
    }
    if by_severity.len() > 1 {
        let (severity, n) = by_severity
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(s, n)| (*s, *n))
            .unwrap();
        let shown = strings(cdp.eval(&format!(
            "(() => {{ const s = document.querySelector('#findings-table select[data-facet=Severity]'); \
             s.value = '{severity}'; s.dispatchEvent(new Event('change')); \
             return [...document.querySelectorAll('#findings-table tbody tr')].map(r => r.cells[0].textContent); }})()"
        )));
        assert_eq!(shown.len(), n.min(100));
        assert!(shown.iter().all(|s| s == severity));
        let label = cdp.eval(&format!("document.querySelector('#findings-table select[data-facet=Severity] option[value={severity}]').textContent"));
        assert_eq!(label, json!(format!("{severity} ({n})")), "facet counts");
        cdp.eval("(() => { const s = document.querySelector('#findings-table select[data-facet=Severity]'); s.value = ''; s.dispatchEvent(new Event('change')); })()");
    }
    // Text filter: a file name leaves exactly the findings seen in that file.
    let path = findings[0]["locations"][0]["path"].as_str().unwrap();
    let needle = path.rsplit('/').next().unwrap().to_lowercase();
    let with_needle = findings
        .iter()
        .filter(|f| {
            f["locations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["path"].as_str().unwrap().to_lowercase().contains(&needle))
        })
        .count();
    let filtered = cdp.eval(&format!(
        "(() => {{ const i = document.querySelector('#findings-table input[data-role=filter]'); \
         i.value = {needle:?}; i.dispatchEvent(new Event('input')); \
         return document.querySelectorAll('#findings-table tbody tr').length; }})()"
    ));
    assert_eq!(filtered, json!(with_needle.min(100)), "filter {needle}");
    cdp.eval("(() => { const i = document.querySelector('#findings-table input[data-role=filter]'); i.value = ''; i.dispatchEvent(new Event('input')); })()");

    // Layout: nothing scrolls sideways at 1400 px.
    let width = cdp.eval("document.documentElement.scrollWidth");
    assert!(width.as_u64().unwrap() <= 1400, "scrollWidth {width}");
    // Provenance: the footer hash is the SHA-256 of the JSON report file.
    use sha2::Digest;
    let bytes = std::fs::read(html.with_extension("json")).unwrap();
    assert_eq!(
        cdp.eval("document.getElementById('report-sha256').textContent"),
        json!(hex::encode(sha2::Sha256::digest(&bytes)))
    );
    let errors = cdp.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    cdp
}

#[test]
fn html_report_works_in_a_real_browser() {
    let Some(binary) = chromium() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true needs chromium (apt-get install -y chromium)"
        );
        eprintln!("skipped: no chromium");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (_browser, url) = start_browser(&binary, &tmp.path().join("profile"));

    // The workspace scan with a hand-made audit section: every status, links both ways.
    let (html, report) = make_report(tmp.path());
    let mut cdp = check_page(&url, &html, &report);
    let verdict = cdp.eval("document.querySelector('#verdict .sentence').textContent");
    assert_eq!(
        verdict,
        "1/4 pass, 1 attested, 1 fail, 1 unknown, 1 not applicable"
    );
    drop(cdp);

    // The migration demo's after audit, as a manager opens it.
    let (html, report) = migration_report(tmp.path());
    let mut cdp = check_page(&url, &html, &report);
    let change =
        strings(cdp.eval(
            "[...document.querySelectorAll('#verdict .card .change')].map(p => p.textContent)",
        ));
    assert_eq!(
        change.len(),
        report["audit"]["checklists"].as_array().unwrap().len(),
        "each verdict says its change since --previous"
    );
    cdp.eval("window.scrollTo(0, 0)");
    let shot = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/report-screenshot.png");
    screenshot(&mut cdp, &shot);

    // Printing expands every collapsed section and renders every row.
    cdp.eval("document.querySelectorAll('details').forEach(d => d.removeAttribute('open'))");
    let pdf = cdp.call("Page.printToPDF", json!({}));
    assert!(pdf["data"].as_str().is_some_and(|d| d.len() > 1000));
    assert_eq!(
        cdp.eval("[...document.querySelectorAll('details')].every(d => d.open)"),
        true
    );
    let rows = cdp.eval("document.querySelectorAll('#findings-table tbody tr').length");
    assert_eq!(rows, json!(report["findings"].as_array().unwrap().len()));
    assert!(cdp.errors().is_empty(), "{:#?}", cdp.errors());
}
