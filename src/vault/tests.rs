//! The Vault side against Vault's documented JSON answers served by a local mock server:
//! KV v2 versions (deleted, destroyed), the read-only guarantee, retries, and every error
//! path (sealed, forbidden, timeout, malformed, TLS, unreachable).

use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::client::{VaultClient, VaultConfig, VaultError};
use super::index::{self, IndexOptions, VersionState};
use crate::finding::AuditKey;

const TOKEN: &str = "hvs.TESTTOKENdoNotPrint7Qx";
// Fake credentials generated for these tests.
const STRIPE_V4: &str = "sk_live_9fQ2xW7mLr4Tz8Kp1Vb6Nc3Hd0Js5Ga";
const STRIPE_V2: &str = "sk_live_3Hq8Zr1Wm6Xt4Lp9Ck2Vn7Bd5Fs0Gj";
const DB_PASSWORD: &str = "Zx9vQ2mW7rT4kP1s";

fn config(address: &str) -> VaultConfig {
    VaultConfig {
        address: address.to_string(),
        token: Some(zeroize::Zeroizing::new(TOKEN.to_string())),
        timeout: Duration::from_millis(800),
        attempts: 3,
        backoff: Duration::from_millis(5),
        ..VaultConfig::defaults()
    }
}

fn key() -> AuditKey {
    AuditKey::from_bytes(b"vault-tests-key")
}

fn ok(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// A Vault 1.15 with one KV v2 mount holding `ws-billing/stripe` (versions 1 destroyed,
/// 2 live, 3 deleted, 4 current) and `ws-billing/db` (a `DATABASE_URL`).
async fn mock_vault() -> MockServer {
    let server = MockServer::start().await;
    let mount_table = json!({
        "portarium/credentials/": {"type": "kv", "options": {"version": "2"}},
        "sys/": {"type": "system", "options": null}
    });
    let mut mounts = mount_table.clone();
    mounts["data"] = mount_table;
    let routes = vec![
        (
            "GET",
            "/v1/sys/health",
            json!({"initialized": true, "sealed": false, "standby": false, "version": "1.15.2"}),
        ),
        (
            "GET",
            "/v1/sys/seal-status",
            json!({"type": "shamir", "initialized": true, "sealed": false, "t": 3, "n": 5, "version": "1.15.2"}),
        ),
        ("GET", "/v1/sys/mounts", mounts),
        (
            "GET",
            "/v1/sys/auth",
            json!({"data": {"approle/": {"type": "approle"}, "token/": {"type": "token"}}}),
        ),
        (
            "LIST",
            "/v1/sys/policies/acl",
            json!({"data": {"keys": ["control-plane", "default", "root"]}}),
        ),
        (
            "GET",
            "/v1/sys/policies/acl/control-plane",
            json!({"data": {"name": "control-plane", "policy": "path \"portarium/credentials/data/*\" {\n  capabilities = [\"read\"]\n}\n"}}),
        ),
        (
            "GET",
            "/v1/sys/policies/acl/default",
            json!({"data": {"name": "default", "policy": "path \"auth/token/lookup-self\" {\n  capabilities = [\"read\"]\n}\n"}}),
        ),
        (
            "GET",
            "/v1/sys/policies/acl/root",
            json!({"data": {"name": "root", "policy": ""}}),
        ),
        (
            "GET",
            "/v1/sys/audit",
            json!({"data": {"file/": {"type": "file", "options": {"file_path": "/var/log/vault_audit.log"}}}}),
        ),
        (
            "GET",
            "/v1/auth/token/lookup-self",
            json!({"data": {"id": TOKEN, "accessor": "acc", "display_name": "approle", "policies": ["default", "vaultproof-read"], "ttl": 2764}}),
        ),
        (
            "LIST",
            "/v1/portarium/credentials/metadata/",
            json!({"data": {"keys": ["ws-billing/"]}}),
        ),
        (
            "LIST",
            "/v1/portarium/credentials/metadata/ws-billing/",
            json!({"data": {"keys": ["db", "stripe"]}}),
        ),
        (
            "GET",
            "/v1/portarium/credentials/metadata/ws-billing/stripe",
            json!({"data": {
                "created_time": "2026-01-01T00:00:00Z", "updated_time": "2026-04-01T00:00:00Z",
                "current_version": 4, "oldest_version": 1,
                "versions": {
                    "1": {"created_time": "2026-01-01T00:00:00Z", "deletion_time": "", "destroyed": true},
                    "2": {"created_time": "2026-02-01T00:00:00Z", "deletion_time": "", "destroyed": false},
                    "3": {"created_time": "2026-03-01T00:00:00Z", "deletion_time": "2026-03-02T00:00:00Z", "destroyed": false},
                    "4": {"created_time": "2026-04-01T00:00:00Z", "deletion_time": "", "destroyed": false}
                }
            }}),
        ),
        (
            "GET",
            "/v1/portarium/credentials/metadata/ws-billing/db",
            json!({"data": {
                "created_time": "2026-01-01T00:00:00Z", "updated_time": "2026-01-01T00:00:00Z",
                "current_version": 1,
                "versions": {"1": {"created_time": "2026-01-01T00:00:00Z", "deletion_time": "", "destroyed": false}}
            }}),
        ),
    ];
    for (verb, route, body) in routes {
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(ok(body))
            .mount(&server)
            .await;
    }
    for (version, value) in [("4", STRIPE_V4), ("2", STRIPE_V2)] {
        Mock::given(method("GET"))
            .and(path("/v1/portarium/credentials/data/ws-billing/stripe"))
            .and(query_param("version", version))
            .respond_with(ok(json!({"data": {
                "data": {"api_key": value, "account": "acct_billing"},
                "metadata": {"version": version.parse::<u64>().unwrap()}
            }})))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/v1/portarium/credentials/data/ws-billing/db"))
        .respond_with(ok(json!({"data": {
            "data": {"DATABASE_URL": format!("postgres://billing:{DB_PASSWORD}@db.internal:5432/billing")},
            "metadata": {"version": 1}
        }})))
        .mount(&server)
        .await;
    server
}

async fn build(server: &MockServer, versions: u32) -> Result<index::VaultIndex, VaultError> {
    let client = VaultClient::connect(&config(&server.uri())).await?;
    let matcher = crate::scan::load_matcher(&[]).unwrap();
    let options = IndexOptions {
        versions,
        ..IndexOptions::default()
    };
    index::build(&client, &matcher, &key(), &options, None).await
}

#[tokio::test]
async fn kv_v2_versions_deleted_destroyed_and_no_values() {
    let server = mock_vault().await;
    let index = build(&server, 5).await.unwrap();
    assert!(index.complete, "{:?}", index.errors);
    let states: Vec<(u64, bool, VersionState, bool)> = index
        .versions
        .iter()
        .filter(|v| v.path == "ws-billing/stripe")
        .map(|v| (v.version, v.current, v.state, v.indexed))
        .collect();
    assert_eq!(
        states,
        [
            (1, false, VersionState::Destroyed, false),
            (2, false, VersionState::Live, true),
            (3, false, VersionState::Deleted, false),
            (4, true, VersionState::Live, true),
        ]
    );
    let key = key();
    let find = |value: &str| {
        let fingerprint = key.fingerprint(value.as_bytes());
        index
            .entries
            .iter()
            .filter(|e| e.fingerprint == fingerprint)
            .map(|e| (e.path.as_str(), e.key.as_str(), e.version, e.current))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        find(STRIPE_V4),
        [("ws-billing/stripe", "api_key", Some(4), true)]
    );
    assert_eq!(
        find(STRIPE_V2),
        [("ws-billing/stripe", "api_key", Some(2), false)]
    );
    // The password inside the DATABASE_URL is indexed on its own (derived), as the
    // scanner reports it.
    let password = key.fingerprint(DB_PASSWORD.as_bytes());
    assert!(
        index
            .entries
            .iter()
            .any(|e| e.fingerprint == password && e.derived && e.key == "DATABASE_URL"),
        "{:#?}",
        index.entries
    );
    // Evidence: posture items read, the RustyVault-style swap not applied to real Vault.
    let seal = index.evidence.seal.as_ref().unwrap();
    assert_eq!((seal.threshold, seal.shares), (Some(3), Some(5)));
    assert_eq!(seal.version.as_deref(), Some("1.15.2"));
    assert_eq!(index.evidence.policies.as_ref().unwrap().len(), 3);
    assert_eq!(index.evidence.audit_devices.as_ref().unwrap().len(), 1);

    // No value, no token in the written index; mode 0600; key checked on load.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("vault-index.json");
    index::save(&index, &file).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    for secret in [STRIPE_V4, STRIPE_V2, DB_PASSWORD, TOKEN] {
        assert!(!text.contains(secret), "the index holds {secret}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(index::load(&file, &key).is_ok());
    let other = AuditKey::from_bytes(b"another key");
    let error = index::load(&file, &other).unwrap_err().to_string();
    assert!(error.contains("another audit key"), "{error}");
    std::fs::write(&file, "{\"findings\": []}").unwrap();
    let error = index::load(&file, &key).unwrap_err().to_string();
    assert!(error.contains("not a vaultproof Vault index"), "{error}");
}

#[tokio::test]
async fn only_get_and_list_reach_vault_and_the_token_rides_a_header() {
    let server = mock_vault().await;
    build(&server, 5).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(requests.len() > 10);
    for request in &requests {
        assert!(
            matches!(request.method.as_str(), "GET" | "LIST"),
            "{} {}",
            request.method,
            request.url
        );
        assert!(!request.url.as_str().contains(TOKEN));
    }
    assert!(requests
        .iter()
        .filter(|r| r.url.path() != "/v1/sys/health" && r.url.path() != "/v1/sys/seal-status")
        .all(|r| r.headers.get("x-vault-token").map(|v| v.as_bytes()) == Some(TOKEN.as_bytes())));
}

#[tokio::test]
async fn approle_login_is_the_one_write_and_its_token_is_used() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/auth/approle/login"))
        .respond_with(ok(json!({
            "request_id": "r", "lease_id": "", "renewable": false, "lease_duration": 0,
            "data": null, "wrap_info": null, "warnings": null,
            "auth": {"client_token": "hvs.FROMAPPROLE", "accessor": "a",
                     "policies": ["default", "vaultproof-read"],
                     "token_policies": ["default", "vaultproof-read"],
                     "metadata": {"role_name": "vaultproof"}, "lease_duration": 60,
                     "renewable": true, "entity_id": "", "token_type": "service",
                     "orphan": true}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/auth/token/lookup-self"))
        .respond_with(ok(json!({"data": {"display_name": "approle", "policies": ["vaultproof-read"], "ttl": 60}})))
        .mount(&server)
        .await;
    let mut config = config(&server.uri());
    config.token = None;
    config.role_id = Some("role-1".into());
    config.secret_id = Some(zeroize::Zeroizing::new("secret-1".into()));
    let client = VaultClient::connect(&config).await.unwrap();
    client.lookup_self().await.unwrap().unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].method.as_str(), "POST");
    assert_eq!(
        requests[1].headers.get("x-vault-token").unwrap().as_bytes(),
        b"hvs.FROMAPPROLE"
    );
    // A failed login says so, without the secret id.
    let failing = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(json!({"errors": ["invalid role or secret ID"]})),
        )
        .mount(&failing)
        .await;
    config.address = failing.uri();
    let error = VaultClient::connect(&config).await.unwrap_err();
    assert!(matches!(error, VaultError::Login { .. }), "{error}");
    assert!(!error.to_string().contains("secret-1"));
}

#[tokio::test]
async fn retries_429_and_5xx_with_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/kv/app"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/kv/app"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/kv/app"))
        .respond_with(ok(json!({"data": {"k": "v"}})))
        .with_priority(3)
        .mount(&server)
        .await;
    let client = VaultClient::connect(&config(&server.uri())).await.unwrap();
    let body = client.read("kv/app").await.unwrap().unwrap();
    assert_eq!(body["data"]["k"], "v");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

/// Every error path: one clear error that names the place, never the token.
#[tokio::test]
async fn error_paths_are_clear_and_never_show_the_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/sys/health"))
        .respond_with(
            ResponseTemplate::new(503).set_body_json(json!({"errors": ["Vault is sealed"]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/secret/forbidden"))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(json!({"errors": ["permission denied"]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/secret/slow"))
        .respond_with(ok(json!({})).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/secret/garbled"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>proxy error</html>"))
        .mount(&server)
        .await;
    let client = VaultClient::connect(&config(&server.uri())).await.unwrap();
    let mut errors = Vec::new();

    let sealed = client.read("sys/health").await.unwrap_err();
    assert!(matches!(sealed, VaultError::Sealed { .. }), "{sealed}");
    errors.push(sealed);
    let forbidden = client.read("secret/forbidden").await.unwrap_err();
    assert!(matches!(forbidden, VaultError::Forbidden { ref path } if path == "secret/forbidden"));
    assert!(!forbidden.is_fatal());
    errors.push(forbidden);
    let slow = client.read("secret/slow").await.unwrap_err();
    assert!(matches!(slow, VaultError::Timeout { .. }), "{slow}");
    errors.push(slow);
    let garbled = client.read("secret/garbled").await.unwrap_err();
    assert!(matches!(garbled, VaultError::Malformed { .. }), "{garbled}");
    errors.push(garbled);

    // TLS: an https address served by a plain HTTP server fails the handshake.
    let tls = VaultClient::connect(&config(&server.uri().replace("http://", "https://")))
        .await
        .unwrap()
        .read("sys/health")
        .await
        .unwrap_err();
    assert!(matches!(tls, VaultError::Tls { .. }), "{tls}");
    errors.push(tls);

    // Unreachable: nothing listens on a port just freed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let gone = VaultClient::connect(&config(&format!("http://127.0.0.1:{port}")))
        .await
        .unwrap()
        .read("sys/health")
        .await
        .unwrap_err();
    assert!(matches!(gone, VaultError::Unreachable { .. }), "{gone}");
    errors.push(gone);

    for error in &errors {
        assert!(
            error.is_fatal()
                || matches!(
                    error,
                    VaultError::Forbidden { .. } | VaultError::Malformed { .. }
                )
        );
        assert!(!error.to_string().contains(TOKEN), "{error}");
        assert!(!format!("{error:?}").contains(TOKEN), "{error:?}");
    }
    assert!(!format!("{client:?}").contains(TOKEN));
}

#[tokio::test]
async fn sealed_vault_stops_the_index_with_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/sys/health"))
        .respond_with(ok(
            json!({"initialized": true, "sealed": true, "standby": true, "version": "1.15.2"}),
        ))
        .mount(&server)
        .await;
    let error = build(&server, 0).await.unwrap_err();
    assert!(matches!(error, VaultError::Sealed { .. }), "{error}");
}

#[tokio::test]
async fn forbidden_folder_leaves_the_index_incomplete() {
    let server = mock_vault().await;
    Mock::given(method("LIST"))
        .and(path("/v1/portarium/credentials/metadata/ws-billing/"))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(json!({"errors": ["permission denied"]})),
        )
        .with_priority(1)
        .mount(&server)
        .await;
    let index = build(&server, 0).await.unwrap();
    assert!(!index.complete);
    assert!(
        index.errors.iter().any(|e| e.contains("403")),
        "{:?}",
        index.errors
    );
}

#[tokio::test]
async fn empty_answers_are_unknown_not_none() {
    // RustyVault answers its policy and audit endpoints with nothing.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/sys/seal-status"))
        .respond_with(ok(json!({"sealed": false, "t": 5, "n": 3, "progress": 0})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/sys/mounts"))
        .respond_with(ok(
            json!({"data": {"kv/": {"type": "kv", "description": ""}}}),
        ))
        .mount(&server)
        .await;
    for (verb, route) in [("GET", "/v1/sys/audit"), ("LIST", "/v1/sys/policies/acl")] {
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
    }
    let client = VaultClient::connect(&config(&server.uri())).await.unwrap();
    let (evidence, _) = super::evidence::gather(&client).await.unwrap();
    assert_eq!(evidence.audit_devices, None);
    assert_eq!(evidence.policies, None);
    let seal = evidence.seal.unwrap();
    // RustyVault's swapped t/n put back: threshold 3 of 5 shares.
    assert_eq!((seal.threshold, seal.shares), (Some(3), Some(5)));
    assert_eq!(evidence.mounts.unwrap()[0].version, Some(1));
}

#[tokio::test]
async fn namespace_rides_its_header_and_prefix_limits_the_walk() {
    let server = mock_vault().await;
    let mut config = config(&server.uri());
    config.namespace = Some("team-a".into());
    let client = VaultClient::connect(&config).await.unwrap();
    let matcher = crate::scan::load_matcher(&[]).unwrap();
    let options = IndexOptions {
        mounts: vec![format!("{}/", "portarium/credentials")],
        prefix: Some("ws-billing".into()),
        versions: 0,
    };
    let index = index::build(&client, &matcher, &key(), &options, None)
        .await
        .unwrap();
    assert_eq!(index.secrets.len(), 2);
    assert!(
        index.entries.iter().all(|e| e.current),
        "no older versions asked"
    );
    let requests = server.received_requests().await.unwrap();
    assert!(requests
        .iter()
        .all(|r| r.headers.get("x-vault-namespace").map(|v| v.as_bytes())
            == Some(b"team-a".as_slice())));
    // The walk started at the prefix, not at the mount's root.
    assert!(!requests
        .iter()
        .any(|r| r.url.path() == "/v1/portarium/credentials/metadata/"));
}
