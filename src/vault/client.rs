//! The one way vaultproof talks to Vault: a client that can only read.
//!
//! [`VaultClient`] is configured and logged in with `vaultrs` (address, CA certificate,
//! TLS verification, timeout, namespace, AppRole login), and then sends requests through
//! that client's HTTP connection pool with exactly two methods, `GET` and `LIST`
//! ([`ReadMethod`]): there is no way to send anything else through it, so vaultproof can
//! never write to Vault. The only other call is the AppRole login, made by `vaultrs`.
//!
//! Retries with exponential backoff on 429 and 5xx and on refused connections; every
//! failure is a [`VaultError`] that names the path and the reason, never the token.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use zeroize::Zeroizing;

/// Where Vault is and how to authenticate: the Vault CLI's environment conventions.
#[derive(Clone, Default)]
pub struct VaultConfig {
    /// `VAULT_ADDR` (default `https://127.0.0.1:8200`, as the Vault CLI).
    pub address: String,
    /// `VAULT_TOKEN`, else the token helper file `~/.vault-token`.
    pub token: Option<Zeroizing<String>>,
    /// `VAULT_NAMESPACE` (Vault Enterprise).
    pub namespace: Option<String>,
    /// `VAULT_CACERT`: a PEM bundle to trust.
    pub ca_cert: Option<PathBuf>,
    /// `VAULT_SKIP_VERIFY`: do not verify the server's certificate.
    pub skip_verify: bool,
    /// AppRole role id (`VAULT_ROLE_ID` or `--role-id`): log in instead of using a token.
    pub role_id: Option<String>,
    /// AppRole secret id (`VAULT_SECRET_ID` or `--secret-id-file`).
    pub secret_id: Option<Zeroizing<String>>,
    /// The AppRole auth mount (default `approle`).
    pub approle_mount: String,
    /// Timeout of one request.
    pub timeout: Duration,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Attempts per request on 429, 5xx or a refused connection.
    pub attempts: u32,
    /// First backoff; doubled on each retry.
    pub backoff: Duration,
}

impl std::fmt::Debug for VaultConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VaultConfig")
            .field("address", &self.address)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("namespace", &self.namespace)
            .field("ca_cert", &self.ca_cert)
            .field("skip_verify", &self.skip_verify)
            .field("role_id", &self.role_id.as_ref().map(|_| "<redacted>"))
            .field("secret_id", &self.secret_id.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("concurrency", &self.concurrency)
            .finish()
    }
}

impl VaultConfig {
    /// The configuration from the environment, as the Vault CLI reads it.
    pub fn from_env() -> VaultConfig {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let token = var("VAULT_TOKEN").map(Zeroizing::new).or_else(|| {
            let path = dirs::home_dir()?.join(".vault-token");
            let text = Zeroizing::new(std::fs::read_to_string(path).ok()?);
            let token = text.trim();
            (!token.is_empty()).then(|| Zeroizing::new(token.to_string()))
        });
        VaultConfig {
            address: var("VAULT_ADDR").unwrap_or_else(|| "https://127.0.0.1:8200".into()),
            token,
            namespace: var("VAULT_NAMESPACE"),
            ca_cert: var("VAULT_CACERT").map(PathBuf::from),
            skip_verify: var("VAULT_SKIP_VERIFY")
                .is_some_and(|v| !matches!(v.as_str(), "0" | "false" | "FALSE" | "False")),
            role_id: var("VAULT_ROLE_ID"),
            secret_id: var("VAULT_SECRET_ID").map(Zeroizing::new),
            ..VaultConfig::defaults()
        }
    }

    /// Defaults for everything but the address and credentials.
    pub fn defaults() -> VaultConfig {
        VaultConfig {
            address: String::new(),
            token: None,
            namespace: None,
            ca_cert: None,
            skip_verify: false,
            role_id: None,
            secret_id: None,
            approle_mount: "approle".into(),
            timeout: Duration::from_secs(10),
            concurrency: 16,
            attempts: 4,
            backoff: Duration::from_millis(100),
        }
    }
}

/// Why Vault could not be read. Names the address or path and the reason; never a token
/// or a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// The configuration is unusable (bad address, unreadable CA file, no credentials).
    #[error("Vault configuration: {0}")]
    Config(String),
    /// No connection could be made.
    #[error("{address}: Vault is unreachable: {detail}")]
    Unreachable {
        /// The Vault address.
        address: String,
        /// What the connection attempt said.
        detail: String,
    },
    /// The TLS handshake failed (unknown CA, bad certificate, plain HTTP server).
    #[error("{address}: TLS failure talking to Vault: {detail} (set VAULT_CACERT, or VAULT_SKIP_VERIFY for a test server)")]
    Tls {
        /// The Vault address.
        address: String,
        /// What the TLS layer said.
        detail: String,
    },
    /// A request took longer than the timeout.
    #[error("{path}: Vault did not answer within {seconds} s")]
    Timeout {
        /// The request path.
        path: String,
        /// The timeout.
        seconds: u64,
    },
    /// Vault is sealed (or not initialised): 503.
    #[error("{path}: Vault is sealed (503)")]
    Sealed {
        /// The request path.
        path: String,
    },
    /// The token may not read this path: 403.
    #[error("{path}: permission denied (403): the token's policies do not allow this read")]
    Forbidden {
        /// The request path.
        path: String,
    },
    /// Any other unexpected status.
    #[error("{path}: Vault answered HTTP {status}")]
    Status {
        /// The request path.
        path: String,
        /// The HTTP status.
        status: u16,
    },
    /// The answer is not the JSON Vault documents.
    #[error("{path}: malformed answer from Vault: {detail}")]
    Malformed {
        /// The request path.
        path: String,
        /// What is wrong with it.
        detail: String,
    },
    /// The token itself is refused (403 on lookup-self, which every valid token may
    /// call): invalid, expired or revoked.
    #[error("{address}: Vault refused the token (403 on auth/token/lookup-self): it is invalid, expired or revoked")]
    TokenRejected {
        /// The Vault address.
        address: String,
    },
    /// The AppRole login failed.
    #[error("{address}: AppRole login failed: {detail}")]
    Login {
        /// The Vault address.
        address: String,
        /// Why (status or connection problem).
        detail: String,
    },
}

impl VaultError {
    /// True when Vault as a whole is out of reach (nothing more can be read from it), as
    /// opposed to one path being refused.
    pub fn is_fatal(&self) -> bool {
        !matches!(
            self,
            VaultError::Forbidden { .. } | VaultError::Status { .. } | VaultError::Malformed { .. }
        )
    }
}

/// The only HTTP methods the client can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadMethod {
    /// `GET`: read a value, a configuration, a status.
    Get,
    /// `LIST`: list keys under a path.
    List,
}

impl ReadMethod {
    fn as_method(self) -> reqwest::Method {
        match self {
            ReadMethod::Get => reqwest::Method::GET,
            ReadMethod::List => {
                reqwest::Method::from_bytes(b"LIST").expect("LIST is a valid method token")
            }
        }
    }
}

/// A response body: `None` for 404 (nothing there) and for an empty body (a server that
/// answers nothing: unknown, not "none").
pub type Answer = Option<Value>;

/// A read-only Vault client. See the module documentation.
pub struct VaultClient {
    http: reqwest::Client,
    address: String,
    token: Zeroizing<String>,
    namespace: Option<String>,
    timeout: Duration,
    attempts: u32,
    backoff: Duration,
    concurrency: usize,
}

impl std::fmt::Debug for VaultClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VaultClient")
            .field("address", &self.address)
            .field("token", &"<redacted>")
            .finish()
    }
}

impl VaultClient {
    /// Builds the client and, when an AppRole is configured, logs in.
    pub async fn connect(config: &VaultConfig) -> Result<VaultClient, VaultError> {
        let address = config.address.trim_end_matches('/').to_string();
        let mut settings = vaultrs::client::VaultClientSettingsBuilder::default();
        settings
            .address(address.as_str())
            .timeout(Some(config.timeout))
            .verify(!config.skip_verify)
            .ca_certs(
                config
                    .ca_cert
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect(),
            )
            .token(String::new());
        if let Some(namespace) = &config.namespace {
            settings.namespace(Some(namespace.clone()));
        }
        let settings = settings
            .build()
            .map_err(|e| VaultError::Config(format!("{address}: {e}")))?;
        let vault = vaultrs::client::VaultClient::new(settings)
            .map_err(|e| VaultError::Config(format!("{address}: {e}")))?;
        let token = match (&config.role_id, &config.secret_id) {
            (Some(role_id), Some(secret_id)) => {
                let auth = vaultrs::auth::approle::login(
                    &vault,
                    &config.approle_mount,
                    role_id,
                    secret_id,
                )
                .await
                .map_err(|e| VaultError::Login {
                    address: address.clone(),
                    detail: login_detail(&e),
                })?;
                Zeroizing::new(auth.client_token)
            }
            (Some(_), None) | (None, Some(_)) => {
                return Err(VaultError::Config(
                    "AppRole login needs both a role id and a secret id".into(),
                ))
            }
            (None, None) => config.token.clone().ok_or_else(|| {
                VaultError::Config(
                    "no Vault token: set VAULT_TOKEN, run `vault login`, or give an AppRole \
                     (VAULT_ROLE_ID and VAULT_SECRET_ID)"
                        .into(),
                )
            })?,
        };
        Ok(VaultClient {
            http: vault.http.http.clone(),
            address,
            token,
            namespace: config.namespace.clone(),
            timeout: config.timeout,
            attempts: config.attempts.max(1),
            backoff: config.backoff,
            concurrency: config.concurrency.max(1),
        })
    }

    /// The Vault address.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// How many requests may be in flight at once.
    pub fn concurrency(&self) -> usize {
        self.concurrency
    }

    /// `GET /v1/{path}`: the JSON body, `None` when 404 or empty.
    pub async fn read(&self, path: &str) -> Result<Answer, VaultError> {
        self.send(ReadMethod::Get, path).await
    }

    /// `LIST /v1/{path}`: the keys (`data.keys`), empty when 404.
    pub async fn list(&self, path: &str) -> Result<Vec<String>, VaultError> {
        let Some(body) = self.send(ReadMethod::List, path).await? else {
            return Ok(Vec::new());
        };
        let keys = body
            .pointer("/data/keys")
            .and_then(Value::as_array)
            .ok_or_else(|| VaultError::Malformed {
                path: path.to_string(),
                detail: "no data.keys list".into(),
            })?;
        keys.iter()
            .map(|k| {
                k.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| VaultError::Malformed {
                        path: path.to_string(),
                        detail: "a key is not a string".into(),
                    })
            })
            .collect()
    }

    /// `GET /v1/auth/token/lookup-self`.
    pub async fn lookup_self(&self) -> Result<Answer, VaultError> {
        self.read("auth/token/lookup-self").await
    }

    /// Sends one read, retrying on 429, 5xx and refused connections.
    pub async fn send(&self, method: ReadMethod, path: &str) -> Result<Answer, VaultError> {
        let path = path.trim_start_matches('/');
        let url = format!("{}/v1/{}", self.address, path);
        let shown = path.split('?').next().unwrap_or(path).to_string();
        let mut delay = self.backoff;
        let mut attempt = 1;
        loop {
            let outcome = self.send_once(method, &url, &shown).await;
            let retry = match &outcome {
                Err(VaultError::Unreachable { .. }) => true,
                Err(VaultError::Sealed { .. }) => true,
                Err(VaultError::Status { status, .. }) => *status == 429 || *status >= 500,
                _ => false,
            };
            if !retry || attempt >= self.attempts {
                return outcome;
            }
            tokio::time::sleep(delay).await;
            delay *= 2;
            attempt += 1;
        }
    }

    async fn send_once(
        &self,
        method: ReadMethod,
        url: &str,
        path: &str,
    ) -> Result<Answer, VaultError> {
        let mut request = self
            .http
            .request(method.as_method(), url)
            .header("X-Vault-Request", "true");
        if !self.token.is_empty() {
            request = request.header("X-Vault-Token", self.token.as_str());
        }
        if let Some(namespace) = &self.namespace {
            request = request.header("X-Vault-Namespace", namespace.as_str());
        }
        let response = request
            .send()
            .await
            .map_err(|e| self.transport_error(&e, path))?;
        let status = response.status().as_u16();
        let body = response
            .bytes()
            .await
            .map_err(|e| self.transport_error(&e, path))?;
        match status {
            200..=299 => {}
            404 => return Ok(None),
            403 => return Err(VaultError::Forbidden { path: path.into() }),
            503 if is_sealed_answer(&body) => return Err(VaultError::Sealed { path: path.into() }),
            _ => {
                return Err(VaultError::Status {
                    path: path.into(),
                    status,
                })
            }
        }
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        serde_json::from_slice(&body)
            .map(Some)
            .map_err(|e| VaultError::Malformed {
                path: path.into(),
                detail: format!("not JSON ({e})"),
            })
    }

    fn transport_error(&self, error: &reqwest::Error, path: &str) -> VaultError {
        if error.is_timeout() {
            return VaultError::Timeout {
                path: path.into(),
                seconds: self.timeout.as_secs().max(1),
            };
        }
        let chain = error_chain(error);
        let lower = chain.to_ascii_lowercase();
        // rustls says "invalid peer certificate: UnknownIssuer" for an unknown CA and
        // "received corrupt message" when the server does not speak TLS at all.
        if [
            "certificate",
            "tls",
            "ssl",
            "handshake",
            "corrupt message",
            "unknownissuer",
        ]
        .iter()
        .any(|w| lower.contains(w))
        {
            return VaultError::Tls {
                address: self.address.clone(),
                detail: chain,
            };
        }
        if error.is_connect() || error.is_request() {
            return VaultError::Unreachable {
                address: self.address.clone(),
                detail: chain,
            };
        }
        VaultError::Malformed {
            path: path.into(),
            detail: chain,
        }
    }
}

/// Vault answers 503 both when sealed and for some transient states; a body naming the
/// seal (Vault's `{"errors":["Vault is sealed"]}`, RustyVault's message) or none is sealed.
fn is_sealed_answer(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body).to_ascii_lowercase();
    text.trim().is_empty() || text.contains("seal")
}

/// An error and its sources, joined: the useful part of a TLS failure is deep inside.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(inner) = source {
        let text = inner.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = inner.source();
    }
    parts.join(": ")
}

fn login_detail(error: &vaultrs::error::ClientError) -> String {
    match error {
        vaultrs::error::ClientError::APIError { code, .. } => format!("HTTP {code}"),
        other => error_chain(other),
    }
}
