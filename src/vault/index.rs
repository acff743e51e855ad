//! The Vault index: every KV secret's keys fingerprinted with the audit key, exactly as the
//! scanner fingerprints a finding, plus the posture evidence, written as schema-versioned
//! JSON that an air-gapped scan correlates against. It holds no value and no token.
//!
//! KV mounts come from sys/mounts (v2 when the mount's options say version 2, else v1) and
//! are walked with LIST; every secret is read (v2: the current version and, with
//! `versions`, older ones; deleted and destroyed versions are recorded as such). Each
//! string value is fingerprinted whole and also run through the detectors (as text, as a
//! one-key JSON document and as a dotenv line), so a `DATABASE_URL` in Vault yields the
//! fingerprint of the password the scanner reports. Values live in zeroizing buffers and
//! are dropped once fingerprinted.

use std::path::{Path, PathBuf};

use futures_util::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use zeroize::Zeroizing;

use super::client::{VaultClient, VaultError};
use super::evidence::{self, Evidence};
use crate::detect::Matcher;
use crate::finding::{AuditKey, Fingerprint};
use crate::report::model::{Tool, VaultMount, VaultSecret};
use crate::scan::ValueScanner;

/// The version of the index layout.
pub const INDEX_SCHEMA_VERSION: u32 = 1;

/// The `format` field that marks a file as a vaultproof index.
pub const INDEX_FORMAT: &str = "vaultproof-vault-index";

/// The constant whose keyed hash identifies the audit key an index was made with.
const KEY_ID_MATERIAL: &[u8] = b"vaultproof vault index: audit key id v1";

/// The id of `key`: a keyed hash of a constant. Two keys give two ids; the id reveals
/// nothing of the key.
pub fn key_id(key: &AuditKey) -> String {
    key.fingerprint(KEY_ID_MATERIAL).0
}

/// A Vault index (see the module documentation).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaultIndex {
    /// Always [`INDEX_FORMAT`].
    pub format: String,
    /// [`INDEX_SCHEMA_VERSION`] of the writer.
    pub schema_version: u32,
    /// The writer.
    pub tool: Tool,
    /// The Vault address read.
    pub address: String,
    /// When it was made (RFC 3339 UTC).
    pub created_at: String,
    /// [`key_id`] of the audit key the fingerprints were made with.
    pub key_id: String,
    /// True when every listed mount was walked and every secret read without error: only
    /// then does "no match" mean "not in Vault".
    pub complete: bool,
    /// What could not be read, and why.
    #[serde(default)]
    pub errors: Vec<String>,
    /// The mounts indexed (mount path and KV version).
    pub indexed_mounts: Vec<VaultMount>,
    /// The posture evidence.
    pub evidence: Evidence,
    /// Every secret read, without values.
    pub secrets: Vec<VaultSecret>,
    /// Every KV v2 version seen, with its state.
    #[serde(default)]
    pub versions: Vec<IndexedVersion>,
    /// One entry per (secret, version, key, fingerprint).
    pub entries: Vec<IndexEntry>,
}

/// One fingerprint of one key of one secret version.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexEntry {
    /// Mount path (`portarium/credentials`).
    pub mount: String,
    /// Secret path inside the mount (`ws-billing/stripe`).
    pub path: String,
    /// Key inside the secret (`api_key`).
    pub key: String,
    /// KV v2 version (`None` for KV v1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    /// True for the current version (always for KV v1).
    pub current: bool,
    /// The fingerprint.
    pub fingerprint: Fingerprint,
    /// True when the detectors extracted it from the value (a password inside a URL),
    /// false for the whole value.
    pub derived: bool,
    /// When the version was written (RFC 3339), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
}

impl IndexEntry {
    /// `mount/path#key`, as reports show a Vault place.
    pub fn place(&self) -> String {
        format!("{}/{}#{}", self.mount, self.path, self.key)
    }
}

/// What a KV v2 version is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionState {
    /// Readable.
    Live,
    /// Soft-deleted (recoverable).
    Deleted,
    /// Destroyed (gone).
    Destroyed,
}

/// One KV v2 version of a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexedVersion {
    /// Mount path.
    pub mount: String,
    /// Secret path inside the mount.
    pub path: String,
    /// Version number.
    pub version: u64,
    /// True for the current version.
    pub current: bool,
    /// Live, deleted or destroyed.
    pub state: VersionState,
    /// Whether its values were read and fingerprinted.
    pub indexed: bool,
    /// When it was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
}

/// What to index.
#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    /// Only these mounts (default: every KV mount).
    pub mounts: Vec<String>,
    /// Only secrets under this folder inside each mount.
    pub prefix: Option<String>,
    /// Also fingerprint up to this many versions older than the current one (KV v2).
    pub versions: u32,
}

/// Why an index file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// It could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The index file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// It is not a vaultproof Vault index.
    #[error("{path}: not a vaultproof Vault index ({detail})")]
    NotAnIndex {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// It was written by a newer layout.
    #[error("{path}: Vault index schema {found} is newer than this vaultproof reads ({INDEX_SCHEMA_VERSION})")]
    Schema {
        /// The file.
        path: PathBuf,
        /// The schema version found.
        found: u32,
    },
    /// It was made with another audit key: no fingerprint could match.
    #[error("{path}: this Vault index was made with another audit key (VAULTPROOF_KEY or the key file); run `vaultproof vault index` again with this key, or scan with the key that made it")]
    KeyMismatch {
        /// The file.
        path: PathBuf,
    },
}

/// Called as secrets are read: (secrets read, secrets found so far).
pub type IndexProgress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Builds an index. A fatal error (unreachable, sealed, TLS, timeout) is returned; a path
/// refused or malformed is recorded in `errors` and leaves the index incomplete.
pub async fn build(
    client: &VaultClient,
    matcher: &Matcher,
    key: &AuditKey,
    options: &IndexOptions,
    progress: Option<IndexProgress<'_>>,
) -> Result<VaultIndex, VaultError> {
    let (evidence, mut errors) = evidence::gather(client).await?;
    let mounts = kv_mounts(client, &evidence, options, &mut errors).await?;
    let mut complete = errors.iter().all(|e| !e.starts_with("mounts:"));
    let prefix = options
        .prefix
        .as_deref()
        .map(|p| p.trim_matches('/'))
        .filter(|p| !p.is_empty())
        .map(|p| format!("{p}/"))
        .unwrap_or_default();

    let mut targets = Vec::new();
    for mount in &mounts {
        let (paths, walk_errors) = walk(client, mount, &prefix).await?;
        complete &= walk_errors.is_empty();
        errors.extend(walk_errors);
        targets.extend(paths.into_iter().map(|p| (mount.clone(), p)));
    }
    let total = targets.len() as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    let scanners = Scanners::new(matcher, key);
    let results: Vec<Result<SecretIndex, VaultError>> = stream::iter(targets)
        .map(|(mount, path)| {
            let (done, scanners) = (&done, &scanners);
            async move {
                let result = read_secret(client, scanners, &mount, &path, options.versions).await;
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if let Some(progress) = progress {
                    progress(n, total);
                }
                result
            }
        })
        .buffer_unordered(client.concurrency())
        .collect()
        .await;

    let mut secrets = Vec::new();
    let mut versions = Vec::new();
    let mut entries = Vec::new();
    for result in results {
        match result {
            Ok(secret) => {
                if let Some(s) = secret.secret {
                    secrets.push(s);
                }
                versions.extend(secret.versions);
                entries.extend(secret.entries);
                if let Some(error) = secret.error {
                    complete = false;
                    errors.push(error);
                }
            }
            Err(e) if e.is_fatal() => return Err(e),
            Err(e) => {
                complete = false;
                errors.push(e.to_string());
            }
        }
    }
    secrets.sort_by(|a, b| (&a.mount, &a.path).cmp(&(&b.mount, &b.path)));
    versions.sort_by(|a, b| (&a.mount, &a.path, a.version).cmp(&(&b.mount, &b.path, b.version)));
    // Equal entries are identical: an unstable sort groups them as well as a stable one.
    entries.sort_unstable();
    entries.dedup();
    errors.sort();
    Ok(VaultIndex {
        format: INDEX_FORMAT.into(),
        schema_version: INDEX_SCHEMA_VERSION,
        tool: Tool::default(),
        address: client.address().to_string(),
        created_at: now_rfc3339(),
        key_id: key_id(key),
        complete,
        errors,
        indexed_mounts: mounts,
        evidence,
        secrets,
        versions,
        entries,
    })
}

/// Now, RFC 3339 UTC to the second.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// The KV mounts to walk: from sys/mounts, filtered by `--mount`; a `--mount` that
/// sys/mounts did not show (not allowed to read it) is asked of
/// sys/internal/ui/mounts, as the Vault CLI does.
async fn kv_mounts(
    client: &VaultClient,
    evidence: &Evidence,
    options: &IndexOptions,
    errors: &mut Vec<String>,
) -> Result<Vec<VaultMount>, VaultError> {
    let wanted: Vec<&str> = options.mounts.iter().map(|m| m.trim_matches('/')).collect();
    let known: Vec<VaultMount> = evidence
        .mounts
        .iter()
        .flatten()
        .filter(|m| m.kind == "kv")
        .cloned()
        .collect();
    if wanted.is_empty() {
        return Ok(known);
    }
    let mut mounts = Vec::new();
    for name in wanted {
        if let Some(mount) = known.iter().find(|m| m.path == name) {
            mounts.push(mount.clone());
            continue;
        }
        match client.read(&format!("sys/internal/ui/mounts/{name}")).await {
            Ok(Some(body)) if body.pointer("/data/type").and_then(Value::as_str) == Some("kv") => {
                let version = body
                    .pointer("/data/options/version")
                    .and_then(Value::as_str)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1);
                mounts.push(VaultMount {
                    path: name.to_string(),
                    kind: "kv".into(),
                    version: Some(version),
                });
            }
            Ok(_) => errors.push(format!("{name}: not a KV mount in this Vault")),
            Err(e) if e.is_fatal() => return Err(e),
            Err(e) => errors.push(format!("{name}: {e}")),
        }
    }
    Ok(mounts)
}

fn is_v2(mount: &VaultMount) -> bool {
    mount.version.unwrap_or(1) >= 2
}

/// LISTs `mount` from `prefix` down, level by level with bounded concurrency; returns the
/// secret paths and the folders that could not be listed.
async fn walk(
    client: &VaultClient,
    mount: &VaultMount,
    prefix: &str,
) -> Result<(Vec<String>, Vec<String>), VaultError> {
    let base = if is_v2(mount) {
        format!("{}/metadata/", mount.path)
    } else {
        format!("{}/", mount.path)
    };
    let mut folders = vec![prefix.to_string()];
    let mut secrets = Vec::new();
    let mut errors = Vec::new();
    while !folders.is_empty() {
        let level: Vec<(String, Result<Vec<String>, VaultError>)> =
            stream::iter(std::mem::take(&mut folders))
                .map(|folder| {
                    let path = format!("{base}{folder}");
                    async move {
                        let listed = client.list(&path).await;
                        (folder, listed)
                    }
                })
                .buffer_unordered(client.concurrency())
                .collect()
                .await;
        for (folder, listed) in level {
            match listed {
                Ok(keys) => {
                    for key in keys {
                        let path = format!("{folder}{key}");
                        if key.ends_with('/') {
                            folders.push(path);
                        } else {
                            secrets.push(path);
                        }
                    }
                }
                Err(e) if e.is_fatal() => return Err(e),
                Err(e) => errors.push(e.to_string()),
            }
        }
    }
    secrets.sort();
    Ok((secrets, errors))
}

/// One secret's share of the index.
struct SecretIndex {
    secret: Option<VaultSecret>,
    versions: Vec<IndexedVersion>,
    entries: Vec<IndexEntry>,
    error: Option<String>,
}

/// Value scanners for the reads in flight: a read takes one while it fingerprints (it
/// does not await meanwhile) and gives it back, so their buffers serve every secret.
struct Scanners<'m> {
    matcher: &'m Matcher,
    key: &'m AuditKey,
    idle: std::sync::Mutex<Vec<ValueScanner<'m>>>,
}

impl<'m> Scanners<'m> {
    fn new(matcher: &'m Matcher, key: &'m AuditKey) -> Self {
        Scanners {
            matcher,
            key,
            idle: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// [`fingerprint_data_with`] on an idle scanner.
    fn fingerprint_data(
        &self,
        data: &Value,
        emit: impl FnMut(&str, Fingerprint, bool),
    ) -> Vec<String> {
        let idle = || self.idle.lock().unwrap_or_else(|e| e.into_inner());
        let taken = idle().pop();
        let mut scanner = taken.unwrap_or_else(|| ValueScanner::new(self.matcher, self.key));
        let keys = fingerprint_data_with(&mut scanner, data, emit);
        idle().push(scanner);
        keys
    }
}

async fn read_secret(
    client: &VaultClient,
    scanners: &Scanners<'_>,
    mount: &VaultMount,
    path: &str,
    older: u32,
) -> Result<SecretIndex, VaultError> {
    let mut out = SecretIndex {
        secret: None,
        versions: Vec::new(),
        entries: Vec::new(),
        error: None,
    };
    if !is_v2(mount) {
        let request = format!("{}/{}", mount.path, path);
        let Some(mut body) = client.read(&request).await? else {
            return Ok(out);
        };
        let data = body.get_mut("data").map(Value::take).unwrap_or(Value::Null);
        let keys = scanners.fingerprint_data(&data, |k, fingerprint, derived| {
            out.entries.push(IndexEntry {
                mount: mount.path.clone(),
                path: path.to_string(),
                key: k.to_string(),
                version: None,
                current: true,
                fingerprint,
                derived,
                created_time: None,
            })
        });
        out.secret = Some(VaultSecret {
            mount: mount.path.clone(),
            path: path.to_string(),
            keys,
            current_version: None,
            updated_time: None,
            created_time: None,
        });
        return Ok(out);
    }

    let metadata = client
        .read(&format!("{}/metadata/{}", mount.path, path))
        .await?
        .and_then(|mut b| b.get_mut("data").map(Value::take));
    let Some(metadata) = metadata else {
        return Ok(out);
    };
    let current = metadata
        .get("current_version")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let text = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let mut listed: Vec<(u64, Value)> = metadata
        .get("versions")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(n, v)| Some((n.parse().ok()?, v.clone())))
                .collect()
        })
        .unwrap_or_default();
    listed.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    let mut keys = Vec::new();
    let mut older_left = older;
    for (version, info) in listed {
        let state = if info.get("destroyed").and_then(Value::as_bool) == Some(true) {
            VersionState::Destroyed
        } else if text(&info, "deletion_time").is_some() {
            VersionState::Deleted
        } else {
            VersionState::Live
        };
        let is_current = version == current;
        let wanted = is_current || (version < current && older_left > 0);
        if version < current && older_left > 0 && state == VersionState::Live {
            older_left -= 1;
        }
        let created_time = text(&info, "created_time");
        let mut indexed = false;
        if wanted && state == VersionState::Live {
            let request = format!("{}/data/{}?version={}", mount.path, path, version);
            match client.read(&request).await {
                Ok(Some(mut body)) => {
                    let data = body
                        .pointer_mut("/data/data")
                        .map(Value::take)
                        .unwrap_or(Value::Null);
                    let found = scanners.fingerprint_data(&data, |k, fingerprint, derived| {
                        out.entries.push(IndexEntry {
                            mount: mount.path.clone(),
                            path: path.to_string(),
                            key: k.to_string(),
                            version: Some(version),
                            current: is_current,
                            fingerprint,
                            derived,
                            created_time: created_time.clone(),
                        })
                    });
                    if is_current {
                        keys = found;
                    }
                    indexed = true;
                }
                Ok(None) => {}
                Err(e) if e.is_fatal() => return Err(e),
                Err(e) => out.error = Some(e.to_string()),
            }
        }
        out.versions.push(IndexedVersion {
            mount: mount.path.clone(),
            path: path.to_string(),
            version,
            current: is_current,
            state,
            indexed,
            created_time,
        });
    }
    out.secret = Some(VaultSecret {
        mount: mount.path.clone(),
        path: path.to_string(),
        keys,
        current_version: Some(current),
        updated_time: text(&metadata, "updated_time"),
        created_time: text(&metadata, "created_time"),
    });
    Ok(out)
}

/// Fingerprints every string value of a secret's `data` (nested objects as their JSON
/// text) and every secret the detectors find in it; calls `emit(key, fingerprint,
/// derived)` once per distinct fingerprint of each key. Returns the keys, sorted.
pub fn fingerprint_data(
    matcher: &Matcher,
    key: &AuditKey,
    data: &Value,
    emit: impl FnMut(&str, Fingerprint, bool),
) -> Vec<String> {
    fingerprint_data_with(&mut ValueScanner::new(matcher, key), data, emit)
}

/// [`fingerprint_data`] on a scanner whose buffers are kept from one secret to the next
/// (what an index of many secrets does): the same fingerprints.
pub fn fingerprint_data_with(
    scanner: &mut ValueScanner<'_>,
    data: &Value,
    emit: impl FnMut(&str, Fingerprint, bool),
) -> Vec<String> {
    let key = scanner.key();
    let mut detect = |name: &str, text: &[u8], out: &mut Vec<Fingerprint>| {
        scanner.secret_fingerprints(name, text, out)
    };
    fingerprint_values(key, data, &mut detect, emit)
}

/// Runs the detectors over a text judged as a file of that name (`""`: plain text),
/// appending the fingerprints of the secrets found.
type Detect<'d> = dyn FnMut(&str, &[u8], &mut Vec<Fingerprint>) + 'd;

/// [`fingerprint_data`] with the detectors given as `detect`.
fn fingerprint_values(
    key: &AuditKey,
    data: &Value,
    detect: &mut Detect<'_>,
    mut emit: impl FnMut(&str, Fingerprint, bool),
) -> Vec<String> {
    let Some(map) = data.as_object() else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    let mut found = Vec::new();
    for (name, value) in map {
        keys.push(name.clone());
        let text = match value {
            Value::String(s) => Zeroizing::new(s.clone()),
            Value::Null | Value::Bool(_) | Value::Number(_) => continue,
            other => Zeroizing::new(other.to_string()),
        };
        // The canonical form (`finding::canonical_secret`), as scan findings are fingerprinted.
        let whole = key.fingerprint_secret(text.as_bytes());
        found.clear();
        value_fingerprints(detect, name, &text, &mut found);
        let mut seen = vec![whole.clone()];
        emit(name, whole, false);
        for fingerprint in found.drain(..) {
            if !seen.contains(&fingerprint) {
                seen.push(fingerprint.clone());
                emit(name, fingerprint, true);
            }
        }
    }
    keys.sort();
    keys
}

/// Runs the detectors over one value the ways a file could hold it: as plain text, as
/// the value of its key in a JSON document and in a dotenv line (or, holding dotenv lines
/// itself, as a dotenv file), and (when it is JSON itself, a service-account key) as a JSON
/// file; appends what they find to `out`.
fn value_fingerprints(detect: &mut Detect<'_>, name: &str, text: &str, out: &mut Vec<Fingerprint>) {
    detect("", text.as_bytes(), out);
    let document = Zeroizing::new(
        serde_json::to_string(&serde_json::json!({ name: text })).unwrap_or_default(),
    );
    detect("vault-secret.json", document.as_bytes(), out);
    if !text.contains('\n') && is_env_name(name) {
        let line = Zeroizing::new(format!("{name}={text}\n"));
        detect(".env", line.as_bytes(), out);
    } else if text.lines().any(is_env_line) {
        // A whole dotenv file stored as one value: judged as the file it was, so a value the
        // structured judge takes (a password with no digit) is indexed as the scan finds it.
        detect(".env", text.as_bytes(), out);
    }
    if text.trim_start().starts_with('{') {
        detect("vault-value.json", text.as_bytes(), out);
    }
}

/// Whether `line` is a dotenv assignment (`NAME=value`, `export NAME=value`).
fn is_env_line(line: &str) -> bool {
    let line = line.trim_start();
    let line = line.strip_prefix("export ").unwrap_or(line);
    line.split_once('=')
        .is_some_and(|(name, _)| is_env_name(name.trim_end()))
}

fn is_env_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
}

/// Writes `index` to `path` as JSON, with owner-only permissions (0600): with the audit
/// key, an index confirms a guessed value offline.
pub fn save(index: &VaultIndex, path: &Path) -> Result<(), IndexError> {
    use std::io::Write;
    let io = |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(io)?;
    }
    let mut writer = std::io::BufWriter::new(file);
    serde_json::to_writer_pretty(&mut writer, index).map_err(|e| io(std::io::Error::other(e)))?;
    writer.write_all(b"\n").map_err(io)?;
    writer.flush().map_err(io)
}

/// Reads an index and checks it was made with `key`.
pub fn load(path: &Path, key: &AuditKey) -> Result<VaultIndex, IndexError> {
    let text = std::fs::read_to_string(path).map_err(|source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let not_index = |detail: String| IndexError::NotAnIndex {
        path: path.to_path_buf(),
        detail,
    };
    let value: Value =
        serde_json::from_str(&text).map_err(|e| not_index(format!("not JSON: {e}")))?;
    if value.get("format").and_then(Value::as_str) != Some(INDEX_FORMAT) {
        return Err(not_index(format!("no \"format\": \"{INDEX_FORMAT}\"")));
    }
    let found = value
        .get("schema_version")
        .and_then(Value::as_u64)
        .unwrap_or(0) as u32;
    if found > INDEX_SCHEMA_VERSION {
        return Err(IndexError::Schema {
            path: path.to_path_buf(),
            found,
        });
    }
    let index: VaultIndex = serde_json::from_value(value).map_err(|e| not_index(e.to_string()))?;
    if index.key_id != key_id(key) {
        return Err(IndexError::KeyMismatch {
            path: path.to_path_buf(),
        });
    }
    Ok(index)
}

#[cfg(test)]
mod canonical_tests {
    use super::*;
    use crate::finding::SecretValue;

    /// A value Vault holds with a trailing CRLF (written from a file) has the fingerprint
    /// the scan gives the same value in a repository.
    #[test]
    fn whole_values_are_fingerprinted_in_canonical_form() {
        let matcher = crate::scan::load_matcher(&[]).unwrap();
        let key = AuditKey::from_bytes(b"0123456789abcdef0123");
        let data = serde_json::json!({ "password": "Hk2Jd9Xs4Lq7Mw3Zp8\r\n" });
        let mut whole = Vec::new();
        fingerprint_data(&matcher, &key, &data, |_, fingerprint, derived| {
            if !derived {
                whole.push(fingerprint);
            }
        });
        assert_eq!(
            whole,
            vec![SecretValue::new(b"Hk2Jd9Xs4Lq7Mw3Zp8").fingerprint(&key)]
        );
    }
}

#[cfg(test)]
mod reuse_tests {
    use super::*;

    /// Random letters and digits (fake credentials made for these tests).
    fn random(len: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
        let mut bytes = vec![0u8; len];
        getrandom::fill(&mut bytes).expect("random bytes");
        bytes
            .iter()
            .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
            .collect()
    }

    /// A fake PEM private key: PKCS#8 armour around random base64, 64-column lines.
    fn fake_pem() -> String {
        use base64::Engine as _;
        let mut bytes = vec![0u8; 600];
        getrandom::fill(&mut bytes).expect("random bytes");
        let body = base64::engine::general_purpose::STANDARD.encode(bytes);
        let lines: Vec<&str> = body
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            lines.join("\n")
        )
    }

    struct Fixture {
        secrets: Vec<Value>,
        /// What the scanner's detectors find for the same credentials in files.
        scanned: Vec<(&'static str, Vec<Fingerprint>)>,
    }

    fn fixture(matcher: &Matcher, key: &AuditKey) -> Fixture {
        let password = random(20);
        let stripe = format!("sk_live_{}", random(32));
        // No digit: the structured judge takes it where the text rules (which want a
        // digit) do not, so the multi-line dotenv value must be judged as a dotenv file.
        let letters = || random(16).replace(|c: char| c.is_ascii_digit(), "");
        let env_password = format!("{}!{}#", letters(), letters());
        let pem = fake_pem();
        let account = serde_json::json!({
            "type": "service_account",
            "project_id": "demo-project",
            "private_key": pem,
            "client_email": "svc@demo-project.iam.gserviceaccount.com",
        });
        let url = format!("postgres://app:{password}@db.internal:5432/app");
        let dotenv = format!("STRIPE_KEY={stripe}\nDB_PASSWORD={env_password}\n");
        let secrets = vec![
            serde_json::json!({"DATABASE_URL": url, "user": "svc"}),
            serde_json::json!({"credentials.json": account.to_string(), "user": "svc"}),
            serde_json::json!({"service_account": account, "region": "eu-west-1"}),
            serde_json::json!({"env": dotenv, "user": "svc"}),
            serde_json::json!({"api_key": random(40), "port": 5432, "enabled": true}),
            serde_json::json!({"token": format!("ghp_{}", random(36)), "user": "svc"}),
            serde_json::json!({"password": "changeme", "note": "rotate {{ monthly }}"}),
        ];
        let fingerprints = |name: &str, text: &str| {
            crate::scan::secret_fingerprints(matcher, key, name, text.as_bytes())
        };
        let one = |name: &str, text: &str| {
            let found = fingerprints(name, text);
            assert!(!found.is_empty(), "{name}: a secret in a file");
            found
        };
        let scanned = vec![
            (
                "database url password",
                one("config/.env", &format!("DATABASE_URL={url}\n")),
            ),
            (
                "service-account key",
                one("service-account.json", &account.to_string()),
            ),
            (
                "dotenv stripe key",
                one("src/billing.py", &format!("key = \"{stripe}\"\n")),
            ),
            (
                "dotenv password",
                one("app/.env", &format!("DB_PASSWORD={env_password}\n")),
            ),
        ];
        Fixture { secrets, scanned }
    }

    fn entries(
        secrets: &[Value],
        mut fingerprint: impl FnMut(&Value, &mut dyn FnMut(&str, Fingerprint, bool)),
    ) -> Vec<(usize, String, Fingerprint, bool)> {
        let mut out = Vec::new();
        for (i, data) in secrets.iter().enumerate() {
            fingerprint(data, &mut |k, f, derived| {
                out.push((i, k.to_string(), f, derived));
            });
        }
        out.sort();
        out
    }

    /// One scanner kept across secrets (its buffers reused, as `build` does) gives the
    /// entries a new detector for every pass gives, in any order of the secrets; and the
    /// derived fingerprints are the ones the scanner reports for the same credentials in
    /// files: the password inside a `DATABASE_URL`, the key inside a service-account JSON
    /// (as a string and as an object), the values of a multi-line dotenv value.
    #[test]
    fn a_reused_scanner_indexes_what_a_fresh_one_does() {
        let matcher = crate::scan::load_matcher(&[]).unwrap();
        let key = AuditKey::from_bytes(b"reuse-test-key-0123456789");
        let fixture = fixture(&matcher, &key);
        // A new detector for every pass over every value, as before buffers were kept.
        let fresh = entries(&fixture.secrets, |data, emit| {
            let mut detect = |name: &str, text: &[u8], out: &mut Vec<Fingerprint>| {
                out.extend(crate::scan::secret_fingerprints(&matcher, &key, name, text))
            };
            fingerprint_values(&key, data, &mut detect, |k, f, d| emit(k, f, d));
        });
        let one_per_secret = entries(&fixture.secrets, |data, emit| {
            fingerprint_data(&matcher, &key, data, |k, f, d| emit(k, f, d));
        });
        assert_eq!(fresh, one_per_secret);
        let mut scanner = ValueScanner::new(&matcher, &key);
        let reused = entries(&fixture.secrets, |data, emit| {
            fingerprint_data_with(&mut scanner, data, |k, f, d| emit(k, f, d));
        });
        assert_eq!(fresh, reused);
        // The same scanner again, the secrets in reverse order: buffers left by a later
        // secret change nothing for an earlier one.
        let mut reversed: Vec<Value> = fixture.secrets.clone();
        reversed.reverse();
        let again = entries(&reversed, |data, emit| {
            fingerprint_data_with(&mut scanner, data, |k, f, d| emit(k, f, d));
        });
        let n = fixture.secrets.len();
        let mut again: Vec<_> = again
            .into_iter()
            .map(|(i, k, f, d)| (n - 1 - i, k, f, d))
            .collect();
        again.sort();
        assert_eq!(fresh, again);

        let derived: Vec<&Fingerprint> = fresh
            .iter()
            .filter(|(_, _, _, d)| *d)
            .map(|(_, _, f, _)| f)
            .collect();
        for (what, fingerprints) in &fixture.scanned {
            for fingerprint in fingerprints {
                assert!(derived.contains(&fingerprint), "{what} is not indexed");
            }
        }
        // The service-account key is indexed from the string and from the object.
        for account_key in &fixture.scanned[1].1 {
            for secret in [1, 2] {
                assert!(
                    fresh
                        .iter()
                        .any(|(i, _, f, d)| *i == secret && *d && f == account_key),
                    "secret {secret}: the service-account key"
                );
            }
        }
    }
}
