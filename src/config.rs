//! `.vaultproof.toml`, read from the root of each scanned tree: excludes, allowlists,
//! the user's system-of-record endpoints and the inventory's Vault path template.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The largest configuration file read (a configuration is a few lines).
const MAX_CONFIG_SIZE: u64 = 1 << 20;

/// The name of the per-tree configuration file.
pub const CONFIG_FILE_NAME: &str = ".vaultproof.toml";

/// The whole configuration file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// What to walk.
    #[serde(default)]
    pub scan: ScanConfig,
    /// Known, accepted findings.
    #[serde(default)]
    pub allowlist: Allowlist,
    /// The user's own system-of-record endpoints (`[[endpoints]] system = "erp"
    /// host = "erp.example.com"`), added to the built-in list.
    #[serde(default)]
    pub endpoints: Vec<crate::detect::endpoints::UserEndpoint>,
    /// How the credential inventory names workspaces and expected Vault paths.
    #[serde(default)]
    pub inventory: crate::inventory::InventoryConfig,
}

/// The `[scan]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanConfig {
    /// Globs (gitignore syntax, relative to the root) of paths not to walk at all.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// `archives = false` turns off opening archives (as `--no-archives` does).
    #[serde(default)]
    pub archives: Option<bool>,
}

/// The `[allowlist]` table: findings it matches are suppressed, and counted as such.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allowlist {
    /// Globs of paths whose findings are accepted (test fixtures, documentation).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Rule ids whose findings are accepted everywhere.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Fingerprints of accepted values (from a report's `fingerprint` field).
    #[serde(default)]
    pub fingerprints: Vec<String>,
}

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but cannot be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The file is not valid TOML for the model.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },
}

impl Config {
    /// Reads `path`; a missing file is the empty configuration only if `optional`.
    pub fn load(path: &Path, optional: bool) -> Result<Self, ConfigError> {
        if optional && std::fs::symlink_metadata(path).is_err() {
            return Ok(Config::default());
        }
        let read_error = |source: std::io::Error| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        };
        // A FIFO in place of the file must not hang the scan, nor a huge file exhaust it.
        let (file, size) = crate::source::fs::open_regular(path)
            .map_err(|(_, detail)| read_error(std::io::Error::other(detail)))?;
        if size > MAX_CONFIG_SIZE {
            return Err(read_error(std::io::Error::other(format!(
                "{size} bytes is over the {MAX_CONFIG_SIZE}-byte limit for a configuration"
            ))));
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::Read::take(file, MAX_CONFIG_SIZE), &mut text)
            .map_err(read_error)?;
        toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: toml_error_message(&text, &e),
        })
    }

    /// The configuration of a scanned root: its `.vaultproof.toml` if there is one.
    pub fn for_root(root: &Path) -> Result<Self, ConfigError> {
        if root.is_dir() {
            Config::load(&root.join(CONFIG_FILE_NAME), true)
        } else {
            Ok(Config::default())
        }
    }
}

/// A TOML parse error as one line that gives the position but never echoes the file (the
/// parser's own display quotes the offending line, which may hold a credential):
/// `line 3, column 9: string values must be quoted`. A quoted value the parser's message
/// repeats (`invalid type: string "…"`) is redacted like a finding's preview.
pub fn toml_error_message(text: &str, error: &toml::de::Error) -> String {
    let message = redact_quoted(error.message().trim());
    match error.span() {
        Some(span) => {
            let before = &text.as_bytes()[..span.start.min(text.len())];
            let line = 1 + memchr::memchr_iter(b'\n', before).count();
            let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
            let column = 1 + String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count();
            format!("line {line}, column {column}: {message}")
        }
        None => message,
    }
}

/// `message` with the text of every `"…"` replaced by its redacted preview, and on one
/// line.
fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('"') {
            Some(close) => {
                out.push('"');
                out.push_str(&crate::finding::redact(&after.as_bytes()[..close]));
                out.push('"');
                rest = &after[close + 1..];
            }
            None => {
                out.push('"');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod message_tests {
    use super::*;

    #[test]
    fn toml_errors_never_echo_the_file() {
        let secret = "sk_live_Qm3Zt8Lw1Vb6Nx4Rp9Kd2Hs7Jf5";
        for text in [
            format!("[allowlist]\npaths = [\"x\"]\ntoken = {secret}\n"),
            format!("[allowlist]\npaths = \"{secret}\"\n"),
            format!("[scan]\nexclude = [\"a\"]\n[allowlist\n{secret}\n"),
        ] {
            let error = toml::from_str::<Config>(&text).unwrap_err();
            let message = toml_error_message(&text, &error);
            assert!(!message.contains(&secret[8..20]), "{message}");
            assert!(message.starts_with("line "), "{message}");
            assert!(!message.contains('\n'), "{message}");
        }
    }
}
