//! The detect stage's output: [`Finding`]s, where they were seen ([`Location`]), the keyed
//! [`Fingerprint`] that identifies a secret without revealing it, and redaction.
//!
//! Secret bytes never reach this module's public types: a value is fingerprinted and
//! previewed in [`SecretValue`], whose buffer is zeroized on drop, and only the
//! fingerprint and the redacted preview travel on.

use std::fmt;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

/// How bad a finding is; the CI gate compares against `--fail-on`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    schemars::JsonSchema,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, not a credential on its own (an endpoint, a posture note).
    Info,
    /// A weak or low-impact credential.
    Low,
    /// A credential of limited scope.
    Medium,
    /// A credential that grants access to a production system.
    High,
    /// A credential that grants broad or administrative access (cloud root keys, private keys).
    Critical,
}

impl Severity {
    /// The lowercase name used in reports and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What sort of thing a finding is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    schemars::JsonSchema,
    Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A credential in a provider's own format (AWS key id, GitHub token, Stripe key...).
    ProviderSecret,
    /// A secret with no provider format, known by the name it is assigned to.
    GenericSecret,
    /// A private key block (RSA, EC, OpenSSH, PGP, PuTTY...).
    PrivateKey,
    /// A direct system-of-record endpoint (ERP, Stripe, Jira...).
    Endpoint,
    /// A repository or Vault hygiene issue from the runbooks.
    Posture,
}

impl FindingKind {
    /// The snake_case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::ProviderSecret => "provider_secret",
            FindingKind::GenericSecret => "generic_secret",
            FindingKind::PrivateKey => "private_key",
            FindingKind::Endpoint => "endpoint",
            FindingKind::Posture => "posture",
        }
    }
}

/// Whether git knows the file a location points at: audits report git-ignored files apart.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    schemars::JsonSchema,
    Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum GitStatus {
    /// The path is in the git index.
    Tracked,
    /// The path is not in the index and a git ignore rule matches it.
    Ignored,
    /// The path is not in the index and no ignore rule matches it.
    Untracked,
    /// The path is not inside a git work tree.
    NotInRepo,
    /// The location is a blob or message in a commit of the history, not a file.
    History,
}

/// Where a secret stands now, once history has been scanned.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    schemars::JsonSchema,
    Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SecretStatus {
    /// In the HEAD commit's tree.
    InHead,
    /// Not in HEAD, but in a file of the working tree (untracked, ignored or modified).
    InWorkingTree,
    /// Only in history: the file was deleted or changed, the secret is still leaked.
    /// Rotate it.
    HistoryOnly,
}

/// The commit that first introduced a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
pub struct Introduction {
    /// Full hex commit id.
    pub commit: String,
    /// Author name.
    pub author: String,
    /// Author email.
    pub email: String,
    /// Author date, RFC 3339 UTC.
    pub date: String,
    /// Path of the file in that commit.
    pub path: String,
}

/// One place a secret was seen.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema, Deserialize,
)]
pub struct Location {
    /// Path relative to the scanned root, with `/` separators.
    pub path: String,
    /// 1-based line of the secret's first byte.
    pub line: usize,
    /// 1-based column (in characters) of the secret's first byte.
    pub column: usize,
    /// The scanned root this path is relative to, as given on the command line.
    pub root: String,
    /// Whether git tracks, ignores or does not know the file (`history` for commits).
    pub git: GitStatus,
    /// For history locations: the commit the blob appeared at this path in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// For history locations: the commit's author name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// For history locations: the commit's author email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// For history locations: the commit's author date (RFC 3339 UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// For values in structured files: the key path, such as
    /// `mcpServers.stripe.env.STRIPE_API_KEY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_path: Option<String>,
}

/// HMAC-SHA256 of a secret value under the audit key, as 64 lowercase hex digits.
///
/// Stable across runs with the same key, so before/after scans and baselines line up;
/// not reversible without the key, even for short passwords.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema, Deserialize,
)]
#[serde(transparent)]
pub struct Fingerprint(pub String);

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The secret key under which values are fingerprinted.
#[derive(Clone)]
pub struct AuditKey(Zeroizing<Vec<u8>>);

impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

/// Why the audit key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum AuditKeyError {
    /// The key file exists but could not be read, or could not be created.
    #[error("{path}: audit key file: {source}")]
    Io {
        /// The key file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// No key in the environment and no config directory to keep one in.
    #[error("no VAULTPROOF_KEY set and no user config directory to keep an audit key in")]
    NoConfigDir,
    /// The system random source failed.
    #[error("cannot generate an audit key: {0}")]
    Random(String),
}

impl AuditKey {
    /// A key from raw bytes (tests, and `VAULTPROOF_KEY`).
    pub fn from_bytes(bytes: &[u8]) -> Self {
        AuditKey(Zeroizing::new(bytes.to_vec()))
    }

    /// The key from env `VAULTPROOF_KEY`, else from `vaultproof/audit.key` in the user's
    /// config directory, created with mode 0600 on first use.
    pub fn load_default() -> Result<Self, AuditKeyError> {
        if let Some(key) = std::env::var_os("VAULTPROOF_KEY").filter(|k| !k.is_empty()) {
            return Ok(Self::from_bytes(key.as_encoded_bytes()));
        }
        let dir = dirs::config_dir().ok_or(AuditKeyError::NoConfigDir)?;
        Self::load_or_create(&dir.join("vaultproof").join("audit.key"))
    }

    /// The key kept in `path`, created there (0600) with 32 random bytes if it is missing.
    pub fn load_or_create(path: &Path) -> Result<Self, AuditKeyError> {
        let io = |source| AuditKeyError::Io {
            path: path.to_path_buf(),
            source,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => return Ok(Self::from_bytes(text.trim().as_bytes())),
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
            Err(_) => {}
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let mut raw = Zeroizing::new([0u8; 32]);
        getrandom::fill(raw.as_mut()).map_err(|e| AuditKeyError::Random(e.to_string()))?;
        let encoded = Zeroizing::new(hex::encode(raw.as_ref()));
        write_private_file(path, encoded.as_bytes()).map_err(io)?;
        Ok(Self::from_bytes(encoded.as_bytes()))
    }

    /// The fingerprint of `value` under this key.
    pub fn fingerprint(&self, value: &[u8]) -> Fingerprint {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any size");
        mac.update(value);
        Fingerprint(hex::encode(mac.finalize().into_bytes()))
    }
}

/// Creates `path` with owner-only permissions and writes `bytes`; fails if it exists.
fn write_private_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(bytes)
}

/// A secret value on its way to becoming a fingerprint: its bytes are zeroized on drop.
pub struct SecretValue(Zeroizing<Vec<u8>>);

impl SecretValue {
    /// Takes a copy of the secret bytes.
    pub fn new(bytes: &[u8]) -> Self {
        SecretValue(Zeroizing::new(bytes.to_vec()))
    }

    /// The fingerprint under `key`.
    pub fn fingerprint(&self, key: &AuditKey) -> Fingerprint {
        key.fingerprint(&self.0)
    }

    /// A preview that shows at most the first 4 characters (fewer for short values, so
    /// that a short password is never mostly revealed), then `…` and the length.
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }
}

impl fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretValue({})", self.redacted())
    }
}

/// The redacted preview of `value`: at most 4 leading characters, never more than a
/// quarter of the value, followed by `…` and the length in bytes.
pub fn redact(value: &[u8]) -> String {
    let text = String::from_utf8_lossy(value);
    let shown = (value.len() / 4).min(4);
    let prefix: String = text
        .chars()
        .take(shown)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    format!("{prefix}…({} chars)", text.chars().count())
}

/// A host or URL made inert for reports: every `.` becomes `[.]` (`api[.]stripe[.]com`).
/// Reports list endpoints and reference targets in a form people read but that is
/// neither clickable nor, when a saved report is scanned again, a new endpoint finding.
pub fn defang(text: &str) -> String {
    text.replace('.', "[.]")
}

/// A secret (or endpoint, or posture issue) with every place it was seen.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, Deserialize, PartialEq, Eq)]
pub struct Finding {
    /// The id of the rule that found it, such as `vp.github.pat.1`.
    pub rule_id: String,
    /// The rule's human name.
    pub rule_name: String,
    /// The provider or system the credential belongs to (`aws`, `stripe`, `generic`...).
    pub provider: String,
    /// What sort of finding this is.
    pub kind: FindingKind,
    /// How bad it is.
    pub severity: Severity,
    /// Keyed fingerprint of the value.
    pub fingerprint: Fingerprint,
    /// Redacted preview of the value.
    pub redacted: String,
    /// Every place the value was seen, sorted.
    pub locations: Vec<Location>,
    /// Where the secret stands now (set when git history was scanned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SecretStatus>,
    /// The first commit that introduced it (set when it was found in history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduced: Option<Introduction>,
    /// Where the value stands in Vault (set when the scan had Vault evidence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault: Option<crate::report::model::VaultMatch>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_shows_at_most_four_chars_and_a_quarter() {
        assert_eq!(
            redact(b"ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
            "ghp_…(40 chars)"
        );
        assert_eq!(redact(b"hunter2"), "h…(7 chars)");
        assert_eq!(redact(b"abc"), "…(3 chars)");
    }

    #[test]
    fn fingerprint_is_keyed_and_stable() {
        let a = AuditKey::from_bytes(b"key-a");
        let b = AuditKey::from_bytes(b"key-b");
        assert_eq!(a.fingerprint(b"secret"), a.fingerprint(b"secret"));
        assert_ne!(a.fingerprint(b"secret"), b.fingerprint(b"secret"));
        assert_eq!(a.fingerprint(b"secret").0.len(), 64);
    }

    #[test]
    fn key_file_is_created_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("audit.key");
        let first = AuditKey::load_or_create(&path).unwrap();
        let second = AuditKey::load_or_create(&path).unwrap();
        assert_eq!(first.fingerprint(b"x"), second.fingerprint(b"x"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
