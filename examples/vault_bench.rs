//! Helpers for `scripts/bench-vault.sh` (not part of vaultproof):
//!
//! - `vault_bench rvault-setup ADDR N`: initialise and unseal a fresh RustyVault, mount KV
//!   at `portarium/credentials`, write N secrets (random fake values, 32 writes in flight),
//!   print the root token.
//! - `vault_bench mock N LATENCY_MS`: serve Vault's documented answers for a KV v2 mount
//!   holding N secrets, each answer delayed by LATENCY_MS (a remote Vault); print the
//!   address, serve until killed.
//! - `vault_bench fingerprint N`: the index client's detector work alone, no HTTP: N
//!   secrets shaped as the RustyVault ones (`api_key`, `user`) through
//!   `index::fingerprint_data_with` on one scanner, as the index does; prints the process CPU time (user + sys) per secret.

use std::time::Duration;

use futures_util::stream::{self, StreamExt};
use serde_json::{json, Value};
use vaultproof::vault::index::fingerprint_data_with;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn fake_value(i: usize) -> String {
    let mut bytes = [0u8; 18];
    getrandom::fill(&mut bytes).expect("random bytes");
    format!("bench-{i}-{}", hex::encode(bytes))
}

async fn call(
    client: &reqwest::Client,
    method: &str,
    url: String,
    token: Option<&str>,
    body: Value,
) -> Value {
    let mut request = client
        .request(
            reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
            url.as_str(),
        )
        .header("Content-Type", "application/json")
        .body(body.to_string());
    if let Some(token) = token {
        request = request.header("X-Vault-Token", token);
    }
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = response.status();
    let bytes = response.bytes().await.unwrap();
    assert!(status.is_success(), "{url}: {status}");
    serde_json::from_slice(&bytes).unwrap_or(Value::Null)
}

async fn rvault_setup(address: &str, n: usize) {
    let client = reqwest::Client::new();
    let url = |path: &str| format!("{address}/v1/{path}");
    let init = call(
        &client,
        "PUT",
        url("sys/init"),
        None,
        json!({"secret_shares": 1, "secret_threshold": 1}),
    )
    .await;
    let token = init["root_token"].as_str().unwrap().to_string();
    call(
        &client,
        "PUT",
        url("sys/unseal"),
        None,
        json!({"key": init["keys"][0]}),
    )
    .await;
    call(
        &client,
        "POST",
        url("sys/mounts/portarium/credentials"),
        Some(&token),
        json!({"type": "kv"}),
    )
    .await;
    stream::iter(0..n)
        .map(|i| {
            let client = &client;
            let token = &token;
            let url = url(&format!("portarium/credentials/ws-{}/secret-{i}", i % 100));
            async move {
                call(
                    client,
                    "POST",
                    url,
                    Some(token),
                    json!({"api_key": fake_value(i), "user": "svc"}),
                )
                .await;
            }
        })
        .buffer_unordered(32)
        .collect::<Vec<()>>()
        .await;
    println!("{token}");
}

async fn mock(n: usize, latency: Duration) {
    let server = MockServer::start().await;
    let per_folder = 100;
    let folders = n.div_ceil(per_folder);
    let values: Vec<String> = (0..n).map(fake_value).collect();
    let respond = move |request: &Request| -> ResponseTemplate {
        let path = request.url.path().trim_start_matches("/v1/");
        let ok = |body: Value| {
            ResponseTemplate::new(200)
                .set_body_json(body)
                .set_delay(latency)
        };
        let body = match path {
            "sys/health" => json!({"initialized": true, "sealed": false, "version": "1.15.2"}),
            "sys/seal-status" => {
                json!({"type": "shamir", "initialized": true, "sealed": false, "t": 1, "n": 1})
            }
            "sys/mounts" => {
                json!({"data": {"portarium/credentials/": {"type": "kv", "options": {"version": "2"}}}})
            }
            "sys/auth" => json!({"data": {"approle/": {"type": "approle"}}}),
            "sys/audit" => json!({"data": {}}),
            "sys/policies/acl" => json!({"data": {"keys": []}}),
            "auth/token/lookup-self" => {
                json!({"data": {"display_name": "bench", "policies": ["vaultproof-read"], "ttl": 3600}})
            }
            "portarium/credentials/metadata/" => {
                json!({"data": {"keys": (0..folders).map(|f| format!("ws-{f}/")).collect::<Vec<_>>()}})
            }
            other => {
                let Some(rest) = other
                    .strip_prefix("portarium/credentials/metadata/")
                    .or_else(|| other.strip_prefix("portarium/credentials/data/"))
                else {
                    return ResponseTemplate::new(404).set_delay(latency);
                };
                let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
                let folder: usize = parts[0]
                    .trim_start_matches("ws-")
                    .parse()
                    .unwrap_or(usize::MAX);
                if parts.len() == 1 {
                    let keys: Vec<String> = (folder * per_folder
                        ..((folder + 1) * per_folder).min(n))
                        .map(|i| format!("secret-{i}"))
                        .collect();
                    json!({"data": {"keys": keys}})
                } else {
                    let i: usize = parts[1]
                        .trim_start_matches("secret-")
                        .parse()
                        .unwrap_or(usize::MAX);
                    let Some(value) = values.get(i) else {
                        return ResponseTemplate::new(404).set_delay(latency);
                    };
                    if other.contains("/metadata/") {
                        json!({"data": {"current_version": 1, "created_time": "2026-01-01T00:00:00Z",
                                        "updated_time": "2026-01-01T00:00:00Z",
                                        "versions": {"1": {"created_time": "2026-01-01T00:00:00Z", "deletion_time": "", "destroyed": false}}}})
                    } else {
                        json!({"data": {"data": {"api_key": value, "user": "svc"}, "metadata": {"version": 1}}})
                    }
                }
            }
        };
        ok(body)
    };
    Mock::given(wiremock::matchers::any())
        .respond_with(respond)
        .mount(&server)
        .await;
    println!("{}", server.uri());
    std::future::pending::<()>().await;
}

/// User + system CPU time of this process so far, in seconds.
fn cpu_seconds() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a `rusage` into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

fn fingerprint(n: usize) {
    let matcher = vaultproof::scan::load_matcher(&[]).expect("built-in rules");
    let key = vaultproof::finding::AuditKey::from_bytes(b"bench-vault-audit-key");
    let secrets: Vec<Value> = (0..n)
        .map(|i| json!({"api_key": fake_value(i), "user": "svc"}))
        .collect();
    // One warm-up pass compiles the regexes the values trigger, as the first secrets do.
    let mut scanner = vaultproof::scan::ValueScanner::new(&matcher, &key);
    let mut entries = 0usize;
    for data in secrets.iter().take(100) {
        fingerprint_data_with(&mut scanner, data, |_, _, _| entries += 1);
    }
    entries = 0;
    let start = cpu_seconds();
    let wall = std::time::Instant::now();
    for data in &secrets {
        fingerprint_data_with(&mut scanner, data, |_, _, _| entries += 1);
    }
    let cpu = cpu_seconds() - start;
    println!(
        "fingerprint: {n} secrets, {entries} entries, {:.1} us CPU per secret ({:.2} s CPU, {:.2} s wall)",
        cpu * 1e6 / n as f64,
        cpu,
        wall.elapsed().as_secs_f64()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    match args.get(1).map(String::as_str) {
        Some("rvault-setup") => runtime.block_on(rvault_setup(&args[2], args[3].parse().unwrap())),
        Some("mock") => runtime.block_on(mock(
            args[2].parse().unwrap(),
            Duration::from_millis(args[3].parse().unwrap()),
        )),
        Some("fingerprint") => fingerprint(args[2].parse().unwrap()),
        _ => {
            eprintln!("usage: vault_bench rvault-setup ADDR N | mock N LATENCY_MS | fingerprint N");
            std::process::exit(2);
        }
    }
}
