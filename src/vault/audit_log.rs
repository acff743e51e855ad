//! The file audit device's log: JSON lines, streamed line by line (a 1 GB log in bounded
//! memory: one line buffer and one counter per path and identity). Request paths are in
//! clear there; HMAC'd fields (tokens, values) stay opaque and are never read.
//!
//! A read event is a `response` entry whose request operation is `read` with no error. A
//! KV v2 `MOUNT/data/PATH` is mapped to the secret's `MOUNT/PATH`; metadata reads do not
//! hand out values and are not counted. vaultproof's own reads (its policy
//! [`OWN_POLICY`]) are counted apart, never as anyone's access.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;
use std::time::SystemTime;

use serde::Deserialize;

use crate::report::model::{AuditLogReads, AuditLogSummary};

/// The name of vaultproof's own read policy (`policies/vaultproof-read.hcl`).
pub const OWN_POLICY: &str = "vaultproof-read";

/// Lines longer than this are counted as malformed and skipped.
const MAX_LINE: usize = 16 << 20;

/// Why the log could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AuditLogError {
    /// The file could not be opened or read.
    #[error("{path}: audit log: {source}")]
    Io {
        /// The log file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// `--audit-log-since` is not a date.
    #[error("--audit-log-since {0:?}: not a date (2026-11-01 or 2026-11-01T12:00:00Z)")]
    Since(String),
}

/// Parses `--audit-log-since`: a date (`2026-11-01`, midnight UTC) or an RFC 3339 time.
pub fn parse_since(text: &str) -> Result<SystemTime, AuditLogError> {
    let full = if text.len() == 10 {
        format!("{text}T00:00:00Z")
    } else {
        text.to_string()
    };
    humantime::parse_rfc3339_weak(full.trim_end_matches('Z'))
        .map_err(|_| AuditLogError::Since(text.to_string()))
}

/// (secret path, display name, policies).
type ReadKey = (String, String, Vec<String>);

#[derive(Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: Option<String>,
    time: Option<String>,
    auth: Option<Auth>,
    request: Option<Request>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct Auth {
    display_name: Option<String>,
    policies: Option<Vec<String>>,
    token_policies: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct Request {
    operation: Option<String>,
    path: Option<String>,
}

/// Reads the log at `path`. `kv2_mounts` are the KV v2 mount paths (to map `data/`);
/// `since` drops earlier events.
pub fn read(
    path: &Path,
    kv2_mounts: &[String],
    since: Option<(SystemTime, String)>,
) -> Result<AuditLogSummary, AuditLogError> {
    let io = |source| AuditLogError::Io {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let mut summary = AuditLogSummary {
        file: path.display().to_string(),
        since: since.as_ref().map(|(_, text)| text.clone()),
        ..AuditLogSummary::default()
    };
    // (path, display name, policies) -> (count, first, last)
    let mut reads: BTreeMap<ReadKey, (u64, String, String)> = BTreeMap::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = read_line_bounded(&mut reader, &mut line).map_err(io)?;
        if n == 0 {
            break;
        }
        summary.lines += 1;
        if line.len() > MAX_LINE {
            summary.malformed += 1;
            continue;
        }
        let text = trim_ascii(&line);
        if text.is_empty() {
            continue;
        }
        let Ok(event) = serde_json::from_slice::<Event>(text) else {
            summary.malformed += 1;
            continue;
        };
        if event.kind.as_deref() != Some("response") || event.error.is_some_and(|e| !e.is_empty()) {
            continue;
        }
        let Some(request) = event.request else {
            continue;
        };
        if request.operation.as_deref() != Some("read") {
            continue;
        }
        let Some(request_path) = request.path else {
            continue;
        };
        let Some(secret_path) = secret_path(&request_path, kv2_mounts) else {
            continue;
        };
        let time = event.time.unwrap_or_default();
        if let Some((since, _)) = &since {
            match humantime::parse_rfc3339_weak(time.trim_end_matches('Z')) {
                Ok(at) if at >= *since => {}
                _ => continue,
            }
        }
        let auth = event.auth.unwrap_or(Auth {
            display_name: None,
            policies: None,
            token_policies: None,
        });
        let mut policies = auth.policies.or(auth.token_policies).unwrap_or_default();
        policies.sort();
        policies.dedup();
        if policies.iter().any(|p| p == OWN_POLICY) {
            summary.own_reads += 1;
            continue;
        }
        let slot = reads
            .entry((secret_path, auth.display_name.unwrap_or_default(), policies))
            .or_insert_with(|| (0, time.clone(), time.clone()));
        slot.0 += 1;
        if time < slot.1 {
            slot.1 = time.clone();
        }
        if time > slot.2 {
            slot.2 = time;
        }
    }
    summary.reads = reads
        .into_iter()
        .map(
            |((path, display_name, policies), (count, first, last))| AuditLogReads {
                path,
                display_name,
                policies,
                count,
                first,
                last,
            },
        )
        .collect();
    Ok(summary)
}

/// Reads one line, keeping at most [`MAX_LINE`] + 1 bytes of it (the rest is consumed).
fn read_line_bounded(reader: &mut impl BufRead, line: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut total = 0;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(total);
        }
        let (chunk, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let len = chunk.len();
        if line.len() <= MAX_LINE {
            let room = MAX_LINE + 1 - line.len();
            line.extend_from_slice(&chunk[..len.min(room)]);
        }
        reader.consume(len);
        total += len;
        if done {
            return Ok(total);
        }
    }
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// The secret a read request path reads, or `None` when it is not a secret value
/// (`sys/`, `auth/`, KV v2 metadata).
fn secret_path(request: &str, kv2_mounts: &[String]) -> Option<String> {
    let request = request.trim_matches('/');
    if request.starts_with("sys/")
        || request.starts_with("auth/")
        || request.starts_with("identity/")
    {
        return None;
    }
    for mount in kv2_mounts {
        let mount = mount.trim_matches('/');
        let Some(rest) = request
            .strip_prefix(mount)
            .and_then(|r| r.strip_prefix('/'))
        else {
            continue;
        };
        return rest
            .strip_prefix("data/")
            .map(|secret| format!("{mount}/{secret}"));
    }
    Some(request.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn line(time: &str, kind: &str, op: &str, path: &str, name: &str, policies: &[&str]) -> String {
        serde_json::json!({
            "time": time, "type": kind,
            "auth": {"client_token": "hmac-sha256:0f0f", "accessor": "hmac-sha256:abab",
                     "display_name": name, "policies": policies},
            "request": {"id": "r", "operation": op, "path": path,
                        "client_token": "hmac-sha256:0f0f"},
            "response": {"data": {"data": {"api_key": "hmac-sha256:1234"}}}
        })
        .to_string()
    }

    #[test]
    fn reads_per_path_and_identity_with_own_reads_apart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        let mut file = std::fs::File::create(&path).unwrap();
        let m = "portarium/credentials";
        let lines = [
            line(
                "2026-11-01T10:00:00.123Z",
                "request",
                "read",
                &format!("{m}/data/ws-a/stripe"),
                "approle-control-plane",
                &["control-plane"],
            ),
            line(
                "2026-11-01T10:00:00.125Z",
                "response",
                "read",
                &format!("{m}/data/ws-a/stripe"),
                "approle-control-plane",
                &["control-plane"],
            ),
            line(
                "2026-11-02T09:00:00Z",
                "response",
                "read",
                &format!("{m}/data/ws-a/stripe"),
                "approle-control-plane",
                &["default", "control-plane"],
            ),
            line(
                "2026-11-03T09:00:00Z",
                "response",
                "read",
                &format!("{m}/data/ws-a/stripe"),
                "agent-billing",
                &["agent"],
            ),
            line(
                "2026-11-03T09:00:01Z",
                "response",
                "list",
                &format!("{m}/metadata/ws-a"),
                "agent-billing",
                &["agent"],
            ),
            line(
                "2026-11-03T09:00:02Z",
                "response",
                "read",
                &format!("{m}/metadata/ws-a/stripe"),
                "agent-billing",
                &["agent"],
            ),
            line(
                "2026-11-04T09:00:00Z",
                "response",
                "read",
                &format!("{m}/data/ws-a/stripe"),
                "approle-vaultproof",
                &["vaultproof-read"],
            ),
            line(
                "2026-11-04T09:00:00Z",
                "response",
                "read",
                "sys/mounts",
                "x",
                &["root"],
            ),
            "not json at all".to_string(),
            line(
                "2026-10-01T09:00:00Z",
                "response",
                "read",
                &format!("{m}/data/ws-a/old"),
                "agent-billing",
                &["agent"],
            ),
        ];
        for l in lines {
            writeln!(file, "{l}").unwrap();
        }
        drop(file);
        let mounts = vec![m.to_string()];
        let summary = read(&path, &mounts, None).unwrap();
        assert_eq!(summary.lines, 10);
        assert_eq!(summary.malformed, 1);
        assert_eq!(summary.own_reads, 1);
        let got: Vec<(&str, &str, u64, &str, &str)> = summary
            .reads
            .iter()
            .map(|r| {
                (
                    r.path.as_str(),
                    r.display_name.as_str(),
                    r.count,
                    r.first.as_str(),
                    r.last.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "portarium/credentials/ws-a/old",
                    "agent-billing",
                    1,
                    "2026-10-01T09:00:00Z",
                    "2026-10-01T09:00:00Z"
                ),
                (
                    "portarium/credentials/ws-a/stripe",
                    "agent-billing",
                    1,
                    "2026-11-03T09:00:00Z",
                    "2026-11-03T09:00:00Z"
                ),
                (
                    "portarium/credentials/ws-a/stripe",
                    "approle-control-plane",
                    1,
                    "2026-11-01T10:00:00.125Z",
                    "2026-11-01T10:00:00.125Z"
                ),
                (
                    "portarium/credentials/ws-a/stripe",
                    "approle-control-plane",
                    1,
                    "2026-11-02T09:00:00Z",
                    "2026-11-02T09:00:00Z"
                ),
            ]
        );
        // HMAC'd fields never surface.
        assert!(!format!("{summary:?}").contains("hmac-sha256"));

        let since = parse_since("2026-11-01").unwrap();
        let summary = read(&path, &mounts, Some((since, "2026-11-01".into()))).unwrap();
        assert!(summary.reads.iter().all(|r| r.path.ends_with("stripe")));
        assert_eq!(summary.since.as_deref(), Some("2026-11-01"));
        assert!(parse_since("yesterday").is_err());
    }

    #[test]
    fn overlong_lines_are_malformed_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        let mut file = std::fs::File::create(&path).unwrap();
        file.write_all(&vec![b'x'; MAX_LINE + 10]).unwrap();
        file.write_all(b"\n").unwrap();
        writeln!(
            file,
            "{}",
            line(
                "2026-11-01T00:00:00Z",
                "response",
                "read",
                "kv/app",
                "a",
                &["p"]
            )
        )
        .unwrap();
        drop(file);
        let summary = read(&path, &[], None).unwrap();
        assert_eq!(
            (summary.lines, summary.malformed, summary.reads.len()),
            (2, 1, 1)
        );
    }
}
