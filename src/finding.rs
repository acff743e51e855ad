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
    /// A password hash (crypt(3) `$1$`/`$2b$`/`$6$`..., Kerberos roasting output): not the
    /// password, but credential material an offline attack turns into one for weak
    /// passwords. Reported apart from secrets so reviewers can weigh or filter it.
    PasswordHash,
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
            FindingKind::PasswordHash => "password_hash",
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

/// The shortest audit key accepted, in bytes: a shorter key makes fingerprints of short
/// passwords guessable by anyone who guesses the key.
pub const MIN_KEY_LEN: usize = 16;

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
    /// The key (from `VAULTPROOF_KEY` or the key file) is shorter than [`MIN_KEY_LEN`].
    #[error(
        "{origin}: the audit key is {len} bytes; at least {MIN_KEY_LEN} are required \
         (fingerprints under a short key can be guessed); set a longer key or delete the \
         key file to have a new one created"
    )]
    TooShort {
        /// `VAULTPROOF_KEY` or the key file's path.
        origin: String,
        /// The key's length in bytes.
        len: usize,
    },
}

/// The name of the environment variable that holds the audit key.
pub const KEY_ENV: &str = "VAULTPROOF_KEY";

impl AuditKey {
    /// A key from raw bytes (tests, and `VAULTPROOF_KEY`). No length check: the loaders
    /// ([`AuditKey::load_default`], [`AuditKey::load_or_create`]) refuse short keys.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        AuditKey(Zeroizing::new(bytes.to_vec()))
    }

    /// A key from `bytes`, refused when shorter than [`MIN_KEY_LEN`]; `origin` names where
    /// it came from in the error.
    fn checked(bytes: &[u8], origin: impl FnOnce() -> String) -> Result<Self, AuditKeyError> {
        if bytes.len() < MIN_KEY_LEN {
            return Err(AuditKeyError::TooShort {
                origin: origin(),
                len: bytes.len(),
            });
        }
        Ok(Self::from_bytes(bytes))
    }

    /// The key from env `VAULTPROOF_KEY` (set but empty or short is an error, so that a CI
    /// secret that did not expand fails closed), else from `vaultproof/audit.key` in the
    /// user's config directory, created with mode 0600 on first use.
    pub fn load_default() -> Result<Self, AuditKeyError> {
        if let Some(key) = std::env::var_os(KEY_ENV) {
            return Self::checked(key.as_encoded_bytes(), || KEY_ENV.to_string());
        }
        Self::load_or_create(&Self::default_path()?)
    }

    /// Where the key file lives: `vaultproof/audit.key` in the user's config directory.
    pub fn default_path() -> Result<PathBuf, AuditKeyError> {
        let dir = dirs::config_dir().ok_or(AuditKeyError::NoConfigDir)?;
        Ok(dir.join("vaultproof").join("audit.key"))
    }

    /// The key file the default key comes from, when it is readable by its group or by
    /// others (mode bits `0o077` set): the binary warns about it. `None` when the key
    /// comes from `VAULTPROOF_KEY`, the file is private, or it does not exist.
    pub fn exposed_key_file() -> Option<(PathBuf, u32)> {
        if std::env::var_os(KEY_ENV).is_some() {
            return None;
        }
        let path = Self::default_path().ok()?;
        exposed_mode(&path).map(|mode| (path, mode))
    }

    /// The key kept in `path`, created there (0600) with 32 random bytes if it is missing.
    ///
    /// Creation is atomic: the key is written to a private temporary file in the same
    /// directory, which is then hard-linked to `path` without replacing anything. When
    /// several first runs race, one link wins and every other run reads the winner's key,
    /// so all of them fingerprint under the same key.
    pub fn load_or_create(path: &Path) -> Result<Self, AuditKeyError> {
        let io = |source| AuditKeyError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(key) = Self::read_key_file(path)? {
            return Ok(key);
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let mut raw = Zeroizing::new([0u8; 32]);
        getrandom::fill(raw.as_mut()).map_err(|e| AuditKeyError::Random(e.to_string()))?;
        let encoded = Zeroizing::new(hex::encode(raw.as_ref()));
        let temp = write_private_temp(path, encoded.as_bytes()).map_err(io)?;
        let linked = std::fs::hard_link(&temp, path);
        let _ = std::fs::remove_file(&temp);
        match linked {
            Ok(()) => Ok(Self::from_bytes(encoded.as_bytes())),
            // Another run created the key first: use its key.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Self::read_key_file(path)?.ok_or_else(|| io(e))
            }
            Err(e) => Err(io(e)),
        }
    }

    /// The key in `path`; `None` if there is no such file.
    fn read_key_file(path: &Path) -> Result<Option<Self>, AuditKeyError> {
        match std::fs::read(path) {
            Ok(bytes) => {
                let bytes = Zeroizing::new(bytes);
                let trimmed = bytes.trim_ascii();
                Self::checked(trimmed, || path.display().to_string()).map(Some)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(AuditKeyError::Io {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// The fingerprint of `value` under this key, as it is (see [`canonical_secret`] for
    /// the form secret values are fingerprinted in).
    pub fn fingerprint(&self, value: &[u8]) -> Fingerprint {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any size");
        mac.update(value);
        Fingerprint(hex::encode(mac.finalize().into_bytes()))
    }

    /// The fingerprint of a secret value: of its [`canonical_secret`] form, so that one
    /// credential written in different ways (CRLF, JSON-escaped, re-wrapped PEM) has one
    /// fingerprint. The Vault index fingerprints the values it reads with this too.
    pub fn fingerprint_secret(&self, value: &[u8]) -> Fingerprint {
        self.fingerprint(&canonical_secret(value))
    }
}

/// The group/other permission bits of `path` when any is set (unix); `None` otherwise.
fn exposed_mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then_some(mode)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Writes `bytes` to a new owner-only (0600) temporary file next to `path` and returns
/// the temporary file's path.
fn write_private_temp(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "audit.key".into(), |n| n.to_string_lossy());
    for attempt in 0..16u32 {
        let mut nonce = [0u8; 8];
        getrandom::fill(&mut nonce).map_err(|e| std::io::Error::other(e.to_string()))?;
        let temp = dir.join(format!(
            ".{name}.{}.{}.{attempt}.tmp",
            std::process::id(),
            hex::encode(nonce)
        ));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = match options.open(&temp) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let written = file.write_all(bytes).and_then(|()| file.sync_all());
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
        return Ok(temp);
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "cannot create a temporary key file",
    ))
}

/// The form a secret value is fingerprinted in, so that one credential gives one
/// fingerprint however a file spells it:
///
/// 1. JSON and YAML double-quoted string escapes are resolved (`\n`, `\r`, `\t`, `\"`,
///    `\\`, `\/`, `\uXXXX` with surrogate pairs, `\xNN`); unknown escapes stay as
///    written. A value matched in the raw text of a JSON file (`"-----BEGIN…\n…"`) thus
///    equals the same value decoded by the parser.
/// 2. CRLF line endings become LF.
/// 3. A PEM block (text holding `-----BEGIN `, or `---- BEGIN ` for SSH2 keys) is re-armoured: every line is trimmed,
///    blank lines are dropped, the base64 body lines are joined into one line, and the
///    armour, header and body lines are joined with `\n`, with no trailing newline. A key
///    wrapped at 64 or 76 columns, indented in YAML, commented out line by line (`#`,
///    `;`), or stored on one line is one key.
/// 4. Base64 wrapped over lines with nothing else in them (a DER key kept without armour,
///    in a YAML block or a string with `\n`) is joined into one line.
/// 5. A DER private key written as bare base64 is armoured as PEM (step 3's form), so the
///    key kept as `MIIEvQ…` in a Java string, as a `.der` file or as PEM in Vault is one
///    credential.
/// 6. Trailing line breaks are removed (a value written to Vault from a file often ends
///    with one).
/// 7. An RSA or EC private key is written in one container: a PKCS#8 RSA key as the
///    PKCS#1 key it wraps, a PKCS#8 or SEC 1 EC key as SEC 1 without its public key (see
///    [`keystore::canonical_key`](crate::detect::keystore::canonical_key)), so the key
///    kept as `BEGIN PRIVATE KEY` in a repository and as `BEGIN RSA PRIVATE KEY` in
///    Vault is one credential.
///
/// The Vault index fingerprints every value it reads through this same function (via
/// [`AuditKey::fingerprint_secret`] or [`SecretValue::fingerprint`]), so a value stored
/// in Vault with plain `\n` matches the same key found JSON-escaped in a repository.
/// The result is zeroized on drop.
///
/// # Example
/// ```
/// use vaultproof::finding::canonical_secret;
/// let pem = b"-----BEGIN PRIVATE KEY-----\r\nMIIB\r\nAAAA\r\n-----END PRIVATE KEY-----\r\n";
/// let escaped = br"-----BEGIN PRIVATE KEY-----\nMIIBAAAA\n-----END PRIVATE KEY-----\n";
/// assert_eq!(*canonical_secret(pem), *canonical_secret(escaped));
/// assert_eq!(&*canonical_secret(b"hunter2\n"), b"hunter2");
/// assert_eq!(&*canonical_secret(br"MIIBVQ\nIBADAN"), b"MIIBVQIBADAN");
/// assert_eq!(&*canonical_secret(b"correct horse\nbattery"), b"correct horse\nbattery");
/// ```
pub fn canonical_secret(value: &[u8]) -> Zeroizing<Vec<u8>> {
    let unescaped = unescape(value);
    let mut text = Zeroizing::new(Vec::with_capacity(unescaped.len()));
    let mut i = 0;
    while i < unescaped.len() {
        if unescaped[i] == b'\r' && unescaped.get(i + 1) == Some(&b'\n') {
            i += 1;
            continue;
        }
        text.push(unescaped[i]);
        i += 1;
    }
    drop(unescaped);
    if memchr::memmem::find(&text, b"-----BEGIN ").is_some()
        || memchr::memmem::find(&text, b"---- BEGIN ").is_some()
    {
        text = rearmour(&text);
    } else {
        if is_wrapped_base64(&text) {
            text.retain(|b| !b.is_ascii_whitespace());
        }
        if let Some(pem) = bare_der_private_key(&text) {
            text = pem;
        }
    }
    while text.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
        text.pop();
    }
    if text.starts_with(b"-----BEGIN ") {
        if let Some(key) = crate::detect::keystore::canonical_key(&text) {
            text = key;
        }
    }
    text
}

/// Whether `text` is base64 broken over lines: two lines or more, each (indentation and
/// blank lines aside) one run of base64 characters and `=`, nothing else; a phrase or a
/// list of words over lines is not.
fn is_wrapped_base64(text: &[u8]) -> bool {
    let mut lines = text
        .split(|&b| b == b'\n')
        .map(<[u8]>::trim_ascii)
        .filter(|line| !line.is_empty());
    let is_base64 = |line: &[u8]| line.iter().copied().all(is_base64_byte);
    let mut count = 0;
    lines.all(|line| {
        count += 1;
        is_base64(line)
    }) && count >= 2
}

/// A character of standard base64, padding included.
fn is_base64_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}

/// `text` as PEM when it is a DER private key written as base64 without armour (one run
/// of base64 that starts like a DER SEQUENCE, `M`, and decodes to a key); see
/// [`keystore::armoured`](crate::detect::keystore::armoured).
fn bare_der_private_key(text: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
    use base64::Engine;
    let base64_run =
        text.first() == Some(&b'M') && text.len() >= 64 && text.iter().copied().all(is_base64_byte);
    if !base64_run {
        return None;
    }
    let der = Zeroizing::new(
        STANDARD
            .decode(text)
            .or_else(|_| STANDARD_NO_PAD.decode(text))
            .ok()?,
    );
    crate::detect::keystore::armoured(&der)
}

/// Resolves JSON / YAML double-quoted escapes (and a Java `.properties` file's, the same
/// `\uXXXX` and `\n`); anything else is copied as it is.
pub(crate) fn unescape(value: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(value.len()));
    if memchr::memchr(b'\\', value).is_none() {
        out.extend_from_slice(value);
        return out;
    }
    let hex = |bytes: &[u8]| -> Option<u32> {
        let text = std::str::from_utf8(bytes).ok()?;
        u32::from_str_radix(text, 16).ok()
    };
    let mut i = 0;
    while i < value.len() {
        let b = value[i];
        if b != b'\\' || i + 1 >= value.len() {
            out.push(b);
            i += 1;
            continue;
        }
        let simple = match value[i + 1] {
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            b'/' => Some(b'/'),
            b'0' => Some(0),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(c);
            i += 2;
            continue;
        }
        if value[i + 1] == b'x' {
            if let Some(n) = value.get(i + 2..i + 4).and_then(hex) {
                out.push(n as u8);
                i += 4;
                continue;
            }
        }
        if value[i + 1] == b'u' {
            if let Some(high) = value.get(i + 2..i + 6).and_then(hex) {
                let mut consumed = 6;
                let mut code = high;
                if (0xD800..0xDC00).contains(&high) && value.get(i + 6..i + 8) == Some(b"\\u") {
                    if let Some(low) = value.get(i + 8..i + 12).and_then(hex) {
                        if (0xDC00..0xE000).contains(&low) {
                            code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                            consumed = 12;
                        }
                    }
                }
                if let Some(c) = char::from_u32(code) {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    i += consumed;
                    continue;
                }
            }
        }
        out.push(b);
        i += 1;
    }
    out
}

/// PEM text with its whitespace normalised (see [`canonical_secret`], step 3).
fn rearmour(text: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(text.len()));
    let mut in_body = false;
    let lines = text
        .split(|&b| b == b'\n')
        .flat_map(|line| split_flattened_armour(unquote(line)));
    for line in lines {
        let line = uncomment(line);
        if line.is_empty() {
            continue;
        }
        let armour = line.starts_with(b"----");
        let header = !armour && memchr::memchr(b':', line).is_some();
        if armour || header {
            if !out.is_empty() {
                out.push(b'\n');
            }
            out.extend_from_slice(line);
            in_body = false;
        } else {
            if !in_body && !out.is_empty() {
                out.push(b'\n');
            }
            // A flattened body keeps the spaces that were its line breaks.
            out.extend(line.iter().filter(|b| !b.is_ascii_whitespace()));
            in_body = true;
        }
    }
    out
}

/// A key flattened onto one line, its line breaks turned to spaces (`echo $KEY`, a
/// one-line environment variable: `-----BEGIN RSA PRIVATE KEY----- MIIE… … -----END RSA
/// PRIVATE KEY-----`), as its armour lines and its body; any other line as it is.
fn split_flattened_armour(line: &[u8]) -> Vec<&[u8]> {
    const DASHES: &[u8] = b"-----";
    let begin_end = line
        .strip_prefix(b"-----BEGIN ")
        .and_then(|rest| memchr::memmem::find(rest, DASHES))
        .map(|at| "-----BEGIN ".len() + at + DASHES.len());
    let footer = memchr::memmem::rfind(line, b"-----END ");
    match (begin_end, footer) {
        (Some(body_start), Some(footer)) if body_start < footer => vec![
            &line[..body_start],
            line[body_start..footer].trim_ascii(),
            &line[footer..],
        ],
        _ => vec![line],
    }
}

/// One line of a key written as a string literal per line (`"MIIE…\n"` in C or Go,
/// `'…\n' +` in Python or Java, `"…\n" .` in PHP, `.. "…\n"` in Lua), once `\n` is
/// resolved: the closing quote goes to the start of the next line. Drops a closing quote
/// with the concatenation punctuation after it (`+`, `.`, `&`, `,`, `;`, `)`), and an
/// opening quote with the concatenation operator before it; a line without quotes is
/// returned trimmed. A backslash that continues the literal on the next line (`"…\` in
/// Lua, C or the shell) is dropped too.
fn unquote(line: &[u8]) -> &[u8] {
    let is_quote = |b: &u8| matches!(b, b'"' | b'\'' | b'`');
    let is_operator = |b: &u8| b.is_ascii_whitespace() || matches!(b, b'+' | b'.' | b'&');
    let mut line = line.trim_ascii();
    if let Some(continued) = line.strip_suffix(b"\\") {
        line = continued.trim_ascii_end();
    }
    if let Some(last) = line.iter().rposition(is_quote) {
        let tail = &line[last + 1..];
        if tail
            .iter()
            .all(|b| is_operator(b) || matches!(b, b',' | b';' | b')'))
        {
            line = line[..last].trim_ascii_end();
        }
    }
    let operators = line.iter().take_while(|b| is_operator(b)).count();
    if line.get(operators).is_some_and(is_quote) {
        line = &line[operators + 1..];
    }
    line.trim_ascii()
}

/// One line of a key commented out in a configuration file (`#     MIIEvQ…` in a YAML
/// comment, `; …` in an INI file): the line without its comment markers. `#` and `;` are
/// outside base64's alphabet, so a body line never opens with one.
fn uncomment(line: &[u8]) -> &[u8] {
    let markers = line
        .iter()
        .take_while(|b| matches!(b, b'#' | b';') || b.is_ascii_whitespace())
        .count();
    if line[..markers].iter().any(|b| matches!(b, b'#' | b';')) {
        line[markers..].trim_ascii()
    } else {
        line
    }
}

/// A secret value on its way to becoming a fingerprint: its bytes are zeroized on drop.
pub struct SecretValue(Zeroizing<Vec<u8>>);

impl SecretValue {
    /// Takes a copy of the secret bytes.
    pub fn new(bytes: &[u8]) -> Self {
        SecretValue(Zeroizing::new(bytes.to_vec()))
    }

    /// The fingerprint under `key`, of the value's [`canonical_secret`] form.
    pub fn fingerprint(&self, key: &AuditKey) -> Fingerprint {
        key.fingerprint_secret(&self.0)
    }

    /// A preview of the value's [`canonical_secret`] form that shows at most the first 4
    /// characters (fewer for short values, so that a short password is never mostly
    /// revealed), then `…` and the length.
    pub fn redacted(&self) -> String {
        redact(&canonical_secret(&self.0))
    }
}

impl fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretValue({})", self.redacted())
    }
}

/// The redacted preview of `value`: at most 4 leading characters, never more than a
/// quarter of the value (both counted in characters, not bytes), followed by `…` and the
/// length in characters. Control characters in the prefix are shown as `?`.
pub fn redact(value: &[u8]) -> String {
    let text = String::from_utf8_lossy(value);
    let chars = text.chars().count();
    let shown = (chars / 4).min(4);
    let prefix: String = text
        .chars()
        .take(shown)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    format!("{prefix}…({chars} chars)")
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
    fn redaction_counts_characters_not_bytes() {
        // 7 characters of 2 bytes each: a quarter is one character, not three.
        assert_eq!(redact("éàüößçñ".as_bytes()), "é…(7 chars)");
        // 5 characters of 4 bytes: a quarter is one character.
        assert_eq!(redact("🔑🔒🗝🔐🔓".as_bytes()), "🔑…(5 chars)");
        for value in ["日本語のパスワード", "пароль-секрет", "ab", "🔑x"] {
            let preview = redact(value.as_bytes());
            let shown = preview.split('…').next().unwrap().chars().count();
            assert!(shown * 4 <= value.chars().count(), "{value}: {preview}");
        }
    }

    #[test]
    fn one_private_key_one_canonical_form() {
        let body = [
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
            "BKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
        ];
        let lf = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n{}\n-----END PRIVATE KEY-----\n",
            body[0], body[1]
        );
        let crlf = lf.replace('\n', "\r\n");
        let json_escaped = lf.replace('\n', "\\n");
        let one_line = format!(
            "-----BEGIN PRIVATE KEY-----\n{}{}\n-----END PRIVATE KEY-----",
            body[0], body[1]
        );
        let indented = lf.replace('\n', "\n    ");
        // Commented out in a YAML or INI file: the match runs from the BEGIN armour on.
        let commented = lf.replace('\n', "\n  #     ");
        let ini_commented = lf.replace('\n', "\n; ");
        // One string literal per line, as the match of a key in source code spans it: from
        // the BEGIN armour to the END armour, quotes and operators in between. Each form:
        // what ends the armour's line, a body line, what opens the END armour's line.
        let literals = |armour_end: &str, line: &dyn Fn(&str) -> String, end_opening: &str| {
            format!(
                "-----BEGIN PRIVATE KEY-----{armour_end}{}{}{end_opening}-----END PRIVATE KEY-----",
                line(body[0]),
                line(body[1])
            )
        };
        // C or Go.
        let c_literals = literals("\\n\"", &|l| format!("\n    \"{l}\\n\""), "\n    \"");
        // Java or Python with `+`, the quotes mixed.
        let java_concatenated = format!(
            "-----BEGIN PRIVATE KEY-----\\n\" +\n  \"{}\" +\n  '{}\\n' +\n  \"-----END PRIVATE KEY-----",
            body[0], body[1]
        );
        // No line break inside the literals: the armour's own literal ends its line.
        let java_without_breaks = literals("\" +", &|l| format!("\n  \"{l}\" +"), "\n  \"");
        // PHP and Perl join literals with `.` at the line's end, Lua with `..` at the start.
        let php_concatenated = literals("\\n\" .", &|l| format!("\n  \"{l}\\n\" ."), "\n  \"");
        let lua_concatenated = literals("\\n\"", &|l| format!("\n  .. \"{l}\\n\""), "\n  .. \"");
        // One literal over lines, each line ended by a backslash (Lua, C, the shell).
        let continued = lf.replace('\n', "\\\n");
        // Flattened onto one line, its line breaks turned to spaces (`echo $KEY`).
        let flattened = format!(
            "-----BEGIN PRIVATE KEY----- {} {} -----END PRIVATE KEY-----",
            body[0], body[1]
        );
        let canonical = canonical_secret(lf.as_bytes());
        for other in [
            &php_concatenated,
            &lua_concatenated,
            &flattened,
            &continued,
            &crlf,
            &json_escaped,
            &one_line,
            &indented,
            &commented,
            &ini_commented,
            &c_literals,
            &java_concatenated,
            &java_without_breaks,
        ] {
            assert_eq!(*canonical_secret(other.as_bytes()), *canonical, "{other:?}");
        }
        let key = AuditKey::from_bytes(b"0123456789abcdef0123");
        assert_eq!(
            SecretValue::new(crlf.as_bytes()).fingerprint(&key),
            key.fingerprint_secret(json_escaped.as_bytes())
        );
        assert_ne!(
            *canonical_secret(
                lf.replace(body[1], "BKcwggSjAgEAAoIBAQC7VJTUt9Us8cKZ")
                    .as_bytes()
            ),
            *canonical
        );
    }

    #[test]
    fn json_escapes_resolve_and_others_stay() {
        assert_eq!(
            &*canonical_secret(br#"a\"b\\c\u00e9\ud83d\udd11"#),
            "a\"b\\cé🔑".as_bytes()
        );
        assert_eq!(&*canonical_secret(br"p\qx"), br"p\qx");
        assert_eq!(&*canonical_secret(b"line\r\n"), b"line");
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
    fn short_and_empty_key_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for content in ["", "\n", "short-key"] {
            let path = dir.path().join("audit.key");
            std::fs::write(&path, content).unwrap();
            let error = AuditKey::load_or_create(&path).unwrap_err();
            assert!(matches!(error, AuditKeyError::TooShort { .. }), "{error}");
            assert!(error.to_string().contains("at least 16"), "{error}");
        }
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
