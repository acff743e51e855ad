//! Checks decided from Vault evidence (`Report.vault`: live or an offline index, and the
//! file audit device's log) and, for a Vault server's own configuration (listeners,
//! seal, backups), from the server configuration files in the repository.
//!
//! A missing Vault section, or a list that could not be read (`None`), is `unknown`.

use std::collections::BTreeSet;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::{credentials, in_vault_ok, Credential, Ctx, Origin, Outcome};
use crate::audit::repo::{FileClass, RepoFile};
use crate::finding::GitStatus;
use crate::report::model::{EvidenceLocation, VaultSection, VaultStatus};

/// `vault.kv_mount`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KvMountParams {
    /// Acceptable mount paths (any one).
    pub paths: Vec<String>,
    /// Environment variables (`VAULT_KV_MOUNT`) whose values in `.env` files and templates
    /// name the mount; when set anywhere, they replace `paths`.
    #[serde(default)]
    pub from_env: Vec<String>,
    /// Required KV version.
    pub version: u32,
}

/// `vault.auth_method`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthMethodParams {
    /// Acceptable method types (any one): `approle`, `kubernetes`...
    pub kinds: Vec<String>,
}

/// `vault.policy_restricts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyParams {
    /// The policies that may read (besides `root`).
    pub allowed: Vec<String>,
    /// The KV mount the credentials live in.
    pub mount: String,
    /// The sub-path of the mount to probe when no credential path is known.
    #[serde(default)]
    pub under: Option<String>,
}

/// `vault.audit_reads`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditReadsParams {
    /// Only reads by an identity with one of these policies count (empty: anyone).
    #[serde(default)]
    pub policies: Vec<String>,
    /// Only reads at or after this time (RFC 3339 or `YYYY-MM-DD`).
    #[serde(default)]
    pub since: Option<String>,
    /// Also require an enabled audit device in Vault's own list.
    #[serde(default)]
    pub require_device: bool,
}

/// `vault.seal_shares`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealSharesParams {
    /// Minimum key shares.
    pub shares: u32,
    /// Minimum threshold.
    pub threshold: u32,
}

/// `vault.secret_age`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretAgeParams {
    /// Minimum age in days of every credential's secret.
    pub min_days: u32,
}

fn no_vault() -> Outcome {
    Outcome::unknown(
        "No Vault evidence: run with --vault (VAULT_ADDR, VAULT_TOKEN) or --vault-index FILE.",
    )
}

fn errors(vault: &VaultSection) -> String {
    if vault.errors.is_empty() {
        String::new()
    } else {
        format!(" ({})", vault.errors.join("; "))
    }
}

fn trim(path: &str) -> &str {
    path.trim_matches('/')
}

/// Whether Vault holds a secret at `path` (`mount/path`).
pub(crate) fn secret_exists(vault: &VaultSection, path: &str) -> bool {
    let path = trim(path);
    !path.is_empty()
        && !vault.missing_paths.iter().any(|m| trim(m) == path)
        && vault
            .secrets
            .iter()
            .any(|s| format!("{}/{}", trim(&s.mount), trim(&s.path)) == path)
}

/// Every credential and the Vault path it is expected at (credentials with none left out).
fn credential_paths(ctx: &Ctx<'_>) -> (Vec<Credential>, BTreeSet<String>) {
    let creds = credentials(ctx);
    let paths = creds
        .iter()
        .filter(|c| !c.expected_path.is_empty())
        .map(|c| trim(&c.expected_path).to_string())
        .collect();
    (creds, paths)
}

/// The values `.env` files and templates give the variables `names`.
fn env_values(ctx: &Ctx<'_>, names: &[String]) -> Vec<String> {
    let mut out = BTreeSet::new();
    if names.is_empty() {
        return Vec::new();
    }
    let setting =
        Regex::new(r"(?m)^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)\s*=\s*([^\s#]+)").expect("valid");
    for file in ctx
        .repo
        .files
        .iter()
        .filter(|f| matches!(f.class(), FileClass::Dotenv | FileClass::EnvTemplate))
    {
        let Some(text) = ctx.repo.text(file) else {
            continue;
        };
        for c in setting.captures_iter(text) {
            if names.iter().any(|n| n == &c[1]) {
                out.insert(c[2].trim_matches(['"', '\'']).to_string());
            }
        }
    }
    out.into_iter().collect()
}

/// Vault is initialised and unsealed.
pub fn seal_status(ctx: &Ctx<'_>) -> Outcome {
    let Some(vault) = ctx.report.vault.as_ref() else {
        return no_vault();
    };
    match &vault.seal {
        None => Outcome::unknown(format!(
            "Vault's seal status could not be read{}.",
            errors(vault)
        )),
        Some(seal) if seal.initialized && !seal.sealed => Outcome::pass(format!(
            "Vault at {} is initialised and unsealed{} ({} evidence).",
            vault.address,
            seal.version
                .as_deref()
                .map(|v| format!(", version {v}"))
                .unwrap_or_default(),
            vault.source
        ))
        .time("gathered_at", vault.gathered_at.as_deref().unwrap_or("")),
        Some(seal) => Outcome::fail(format!(
            "Vault at {} is {}.",
            vault.address,
            if !seal.initialized {
                "not initialised"
            } else {
                "sealed"
            }
        )),
    }
}

/// A KV mount at one of the paths, with the required version.
pub fn kv_mount(ctx: &Ctx<'_>, p: &KvMountParams) -> Outcome {
    let Some(vault) = ctx.report.vault.as_ref() else {
        return no_vault();
    };
    let Some(mounts) = &vault.mounts else {
        return Outcome::unknown(format!(
            "Vault's mounts could not be read{}.",
            errors(vault)
        ));
    };
    let named = env_values(ctx, &p.from_env);
    let wanted: Vec<&str> = if named.is_empty() {
        p.paths.iter().map(|s| trim(s)).collect()
    } else {
        named.iter().map(|s| trim(s)).collect()
    };
    let found: Vec<_> = mounts
        .iter()
        .filter(|m| wanted.contains(&trim(&m.path)))
        .collect();
    let want = wanted.join(" or ");
    if let Some(ok) = found
        .iter()
        .find(|m| m.kind.starts_with("kv") && m.version.unwrap_or(1) == p.version)
    {
        return Outcome::pass(format!(
            "KV v{} is mounted at {}/.",
            p.version,
            trim(&ok.path)
        ))
        .vault_paths([trim(&ok.path).to_string()]);
    }
    match found.first() {
        Some(m) => Outcome::fail(format!(
            "{} is mounted as {} (version {}), not KV v{}.",
            trim(&m.path),
            m.kind,
            m.version
                .map(|v| v.to_string())
                .unwrap_or_else(|| "1".into()),
            p.version
        ))
        .vault_paths([trim(&m.path).to_string()]),
        None => Outcome::fail(format!(
            "No mount at {want}; mounts: {}.",
            mounts
                .iter()
                .map(|m| trim(&m.path))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .count("mounts", mounts.len()),
    }
}

/// An auth method of one of the kinds is enabled.
pub fn auth_method(ctx: &Ctx<'_>, p: &AuthMethodParams) -> Outcome {
    let Some(vault) = ctx.report.vault.as_ref() else {
        return no_vault();
    };
    let Some(methods) = &vault.auth_methods else {
        return Outcome::unknown(format!(
            "Vault's auth methods could not be read{}.",
            errors(vault)
        ));
    };
    let found: Vec<_> = methods
        .iter()
        .filter(|m| p.kinds.contains(&m.kind))
        .collect();
    if found.is_empty() {
        Outcome::fail(format!(
            "No {} auth method; enabled: {}.",
            p.kinds.join(" or "),
            methods
                .iter()
                .map(|m| format!("{} ({})", trim(&m.path), m.kind))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    } else {
        Outcome::pass(format!(
            "Auth method enabled: {}.",
            found
                .iter()
                .map(|m| format!("{} at auth/{}", m.kind, trim(&m.path)))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// Only the allowed policies (and `root`) can read the credential paths.
pub fn policy_restricts(ctx: &Ctx<'_>, p: &PolicyParams) -> Outcome {
    let Some(vault) = ctx.report.vault.as_ref() else {
        return no_vault();
    };
    // Policy files in the repository are not evidence of what Vault enforces.
    let policies: Vec<_> = vault
        .policies
        .iter()
        .flatten()
        .filter(|p| p.source == "vault")
        .cloned()
        .collect();
    if policies.is_empty() {
        return Outcome::unknown(format!(
            "Vault's policies could not be read{}.",
            errors(vault)
        ));
    }
    let policies = &policies;
    let Some(readers) = ctx.policy_readers else {
        return Outcome::unknown("Vault policy evaluation is not available in this build.");
    };
    let mount = trim(&p.mount);
    if let Some(mounts) = &vault.mounts {
        if !mounts.iter().any(|m| trim(&m.path) == mount) {
            return Outcome::not_applicable(format!(
                "Vault has no mount at {mount}/: no secret there to restrict."
            ));
        }
    }
    let version = vault
        .mounts
        .as_ref()
        .and_then(|ms| ms.iter().find(|m| trim(&m.path) == mount))
        .and_then(|m| m.version)
        .unwrap_or(2);
    let (_, paths) = credential_paths(ctx);
    let secret_paths: Vec<String> = paths
        .iter()
        .filter_map(|path| path.strip_prefix(mount).map(|rest| trim(rest).to_string()))
        .filter(|rest| !rest.is_empty())
        .collect();
    let request = |secret: &str| crate::vault::policy::kv_read_path(mount, version, secret);
    let under = p.under.as_deref().map(trim).unwrap_or("");
    let prefix = format!("{}/", trim(&request(under)));
    let mut extra = BTreeSet::new();
    let mut unreadable = Vec::new();
    let mut probed = Vec::new();
    let mut checks: Vec<(String, bool)> =
        secret_paths.iter().map(|s| (request(s), false)).collect();
    checks.push((prefix, true));
    for (path, is_prefix) in checks {
        let eval = if is_prefix { readers.under } else { readers.at };
        let names = match eval(policies, &path) {
            Ok(names) => names,
            Err(e) => {
                return Outcome::unknown(format!("Vault policies could not be evaluated: {e}"))
            }
        };
        for other in names
            .iter()
            .filter(|n| n.as_str() != "root" && !p.allowed.contains(n))
        {
            extra.insert(format!(
                "{other} ({path}{})",
                if is_prefix { "*" } else { "" }
            ));
        }
        if !names.iter().any(|n| p.allowed.contains(n)) {
            unreadable.push(path.clone());
        }
        probed.push(path);
    }
    let allowed = p.allowed.join(", ");
    if !extra.is_empty() {
        Outcome::fail(format!(
            "Policies other than {allowed} can read credential paths: {}.",
            extra.iter().cloned().collect::<Vec<_>>().join(", ")
        ))
        .count("policies", policies.len())
        .vault_paths(probed)
    } else if !unreadable.is_empty() {
        Outcome::fail(format!(
            "{allowed} cannot read {}: the control plane would be denied.",
            unreadable.join(", ")
        ))
        .vault_paths(unreadable)
    } else {
        Outcome::pass(format!(
            "Of {} policies, only {allowed} (and root) can read {}.",
            policies.len(),
            probed.join(", ")
        ))
        .count("policies", policies.len())
        .vault_paths(probed)
    }
}

/// An audit device is enabled.
pub fn audit_device(ctx: &Ctx<'_>) -> Outcome {
    let Some(vault) = ctx.report.vault.as_ref() else {
        return no_vault();
    };
    match &vault.audit_devices {
        None => Outcome::unknown(format!(
            "Vault's audit devices could not be read{}.",
            errors(vault)
        )),
        Some(devices) if devices.is_empty() => Outcome::fail("Vault has no audit device enabled."),
        Some(devices) => Outcome::pass(format!(
            "Audit device(s) enabled: {}.",
            devices
                .iter()
                .map(|d| format!("{} ({})", d.path, d.kind))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .count("audit_devices", devices.len()),
    }
}

fn parse_time(text: &str) -> Option<jiff::Timestamp> {
    text.parse::<jiff::Timestamp>().ok().or_else(|| {
        text.parse::<jiff::civil::Date>()
            .ok()
            .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
            .map(|z| z.timestamp())
    })
}

/// The audit log shows reads of every credential path (by the given policies, since a time).
pub fn audit_reads(ctx: &Ctx<'_>, p: &AuditReadsParams) -> Outcome {
    let Some(vault) = ctx.report.vault.as_ref() else {
        return no_vault();
    };
    if p.require_device && vault.audit_devices.as_ref().is_some_and(|d| d.is_empty()) {
        return Outcome::fail("Vault has no audit device enabled: no read can be logged.");
    }
    let Some(log) = &vault.audit_log else {
        return Outcome::unknown(
            "No audit log: give the Vault file audit device's log with --audit-log FILE.",
        );
    };
    let (_, paths) = credential_paths(ctx);
    if paths.is_empty() {
        return Outcome::unknown(
            "No credential with an expected Vault path to look for in the audit log (set [inventory] \
             vault_path, and give --before REPORT.json after the migration).",
        );
    }
    let since = p.since.as_deref().or(log.since.as_deref());
    let since_ts = since.and_then(parse_time);
    let who = if p.policies.is_empty() {
        "anyone".to_string()
    } else {
        format!("an identity with policy {}", p.policies.join(" or "))
    };
    let mut read = Vec::new();
    let mut missing = Vec::new();
    let mut count = 0;
    let mut first: Option<String> = None;
    let mut last: Option<String> = None;
    for path in &paths {
        let reads: Vec<_> = log
            .reads
            .iter()
            .filter(|r| trim(&r.path) == path)
            .filter(|r| p.policies.is_empty() || r.policies.iter().any(|x| p.policies.contains(x)))
            .filter(|r| match (since_ts, parse_time(&r.last)) {
                (Some(s), Some(l)) => l >= s,
                (Some(_), None) => false,
                (None, _) => true,
            })
            .collect();
        if reads.is_empty() {
            missing.push(path.clone());
        } else {
            read.push(path.clone());
            for r in reads {
                count += r.count;
                if first.as_ref().is_none_or(|f| r.first < *f) {
                    first = Some(r.first.clone());
                }
                if last.as_ref().is_none_or(|l| r.last > *l) {
                    last = Some(r.last.clone());
                }
            }
        }
    }
    let since_text = since.map(|s| format!(" since {s}")).unwrap_or_default();
    let mut out = if missing.is_empty() {
        Outcome::pass(format!(
            "The audit log shows {count} read(s) by {who}{since_text} of all {} credential path(s).",
            paths.len()
        ))
        .vault_paths(read)
    } else {
        Outcome::fail(format!(
            "No read by {who}{since_text} of {} of {} credential path(s) in the audit log {}: {}.",
            missing.len(),
            paths.len(),
            log.file,
            missing.join(", ")
        ))
        .vault_paths(missing.clone())
        .count("paths_unread", missing.len())
    };
    out = out
        .count("reads", count as usize)
        .count("paths", paths.len());
    if let Some(f) = first {
        out = out.time("first_read", &f);
    }
    if let Some(l) = last {
        out = out.time("last_read", &l);
    }
    out
}

fn server_configs<'a>(ctx: &'a Ctx<'_>) -> Vec<(&'a RepoFile, &'a str)> {
    let stanza = Regex::new(r#"(?m)^\s*(listener|storage|seal)\s+"[a-z_]+"\s*\{"#).expect("valid");
    ctx.repo
        .files
        .iter()
        .filter(|f| {
            let class = f.class();
            class == FileClass::Config || class == FileClass::Other
        })
        .filter(|f| crate::posture::applies("vp.posture.vault-tls-disabled.1", &f.path))
        .filter_map(|f| ctx.repo.text(f).map(|t| (f, t)))
        .filter(|(_, t)| stanza.is_match(t))
        .collect()
}

/// The `listener "tcp" { ... }` blocks of a server configuration (HCL or embedded in YAML).
fn listener_blocks(text: &str) -> Vec<(usize, String)> {
    let start = Regex::new(r#"listener\s+"tcp"\s*\{"#).expect("valid");
    start
        .find_iter(text)
        .map(|m| {
            let mut depth = 0usize;
            let mut end = text.len();
            for (i, c) in text[m.end() - 1..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = m.end() - 1 + i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let line = text[..m.start()].matches('\n').count() + 1;
            (line, text[m.start()..end].to_string())
        })
        .collect()
}

/// TLS on every Vault listener: from server configurations outside dev/local paths, else
/// from the scheme of the Vault address the evidence came from.
pub fn tls_listeners(ctx: &Ctx<'_>) -> Outcome {
    let disabled = Regex::new(r#"(?i)tls_disable\s*=\s*("?)(1|true)"#).expect("valid");
    let helm_disabled = Regex::new(r"(?im)^\s*tlsDisable:\s*true\b").expect("valid");
    let mut off = Vec::new();
    let mut on = 0;
    let mut listeners = 0;
    for file in ctx.repo.files.iter().filter(|f| {
        matches!(f.class(), FileClass::Config | FileClass::Other)
            && crate::posture::applies("vp.posture.vault-tls-disabled.1", &f.path)
    }) {
        let Some(text) = ctx.repo.text(file) else {
            continue;
        };
        for (line, block) in listener_blocks(text) {
            listeners += 1;
            if disabled.is_match(&block) {
                off.push(EvidenceLocation {
                    path: file.path.clone(),
                    line,
                    commit: None,
                });
            } else {
                on += 1;
            }
        }
        for m in helm_disabled.find_iter(text) {
            listeners += 1;
            let line = text[..m.start()].matches('\n').count() + 1;
            off.push(EvidenceLocation {
                path: file.path.clone(),
                line,
                commit: None,
            });
        }
    }
    if !off.is_empty() {
        return Outcome::fail(format!(
            "{} of {listeners} Vault listener(s) have TLS disabled.",
            off.len()
        ))
        .count("listeners", listeners)
        .count("tls_disabled", off.len())
        .locations(off);
    }
    if on > 0 {
        return Outcome::pass(format!(
            "All {on} Vault listener(s) in the server configuration have TLS on."
        ))
        .count("listeners", on);
    }
    match &ctx.report.vault {
        Some(v) if v.address.starts_with("https://") => Outcome::pass(format!(
            "No server configuration in the repository; Vault answers over TLS at {}.",
            v.address
        )),
        Some(v) if v.address.starts_with("http://") => Outcome::fail(format!(
            "No server configuration in the repository; Vault answers without TLS at {}.",
            v.address
        )),
        _ => Outcome::unknown(
            "No Vault listener configuration in the repository (outside dev/local paths) and no Vault address.",
        ),
    }
}

/// A seal other than Shamir (Vault's seal type, else the server configuration's `seal` stanza).
pub fn auto_unseal(ctx: &Ctx<'_>) -> Outcome {
    if let Some(kind) = ctx
        .report
        .vault
        .as_ref()
        .and_then(|v| v.seal.as_ref())
        .and_then(|s| s.seal_type.as_deref())
    {
        return if kind == "shamir" {
            Outcome::fail("Vault's seal type is shamir: unsealing is manual.")
        } else {
            Outcome::pass(format!("Vault's seal type is {kind}: it auto-unseals."))
        };
    }
    let seal = Regex::new(r#"(?m)^\s*seal\s+"([a-z_]+)"\s*\{"#).expect("valid");
    let configs = server_configs(ctx);
    let mut shamir = Vec::new();
    for (file, text) in &configs {
        if let Some(c) = seal.captures(text) {
            if &c[1] != "shamir" {
                return Outcome::pass(format!(
                    "{} configures a {} seal (auto-unseal).",
                    file.path, &c[1]
                ))
                .locations([EvidenceLocation {
                    path: file.path.clone(),
                    line: 0,
                    commit: None,
                }]);
            }
        }
        shamir.push(EvidenceLocation {
            path: file.path.clone(),
            line: 0,
            commit: None,
        });
    }
    if !shamir.is_empty() {
        return Outcome::fail(format!(
            "{} Vault server configuration(s) have no auto-unseal seal stanza (Shamir, manual unseal).",
            shamir.len()
        ))
        .locations(shamir);
    }
    Outcome::unknown(
        "Vault's seal type was not read and no Vault server configuration is in the repository.",
    )
}

/// Key shares and threshold at least as given: from Vault's seal status, else from init
/// output or a bootstrap script in the repository.
pub fn seal_shares(ctx: &Ctx<'_>, p: &SealSharesParams) -> Outcome {
    let decide = |shares: u32, threshold: u32, from: String, place: Option<EvidenceLocation>| {
        let out = if shares >= p.shares && threshold >= p.threshold {
            Outcome::pass(format!(
                "{from}: {shares} key shares, threshold {threshold}."
            ))
        } else {
            Outcome::fail(format!(
                "{from}: {shares} key share(s), threshold {threshold}; at least {} and {} are required.",
                p.shares, p.threshold
            ))
        };
        out.count("shares", shares as usize)
            .count("threshold", threshold as usize)
            .locations(place)
    };
    if let Some(seal) = ctx.report.vault.as_ref().and_then(|v| v.seal.as_ref()) {
        if let (Some(n), Some(t)) = (seal.shares, seal.threshold) {
            return decide(n, t, "Vault's seal status".into(), None);
        }
    }
    let flags = Regex::new(r"-key-shares[= ](\d+)\s+-key-threshold[= ](\d+)").expect("valid");
    let init = Regex::new(r"(?i)initialized with (\d+) key shares and a key threshold of (\d+)")
        .expect("valid");
    let unseal = Regex::new(r"(?m)^Unseal Key (\d+):").expect("valid");
    for file in &ctx.repo.files {
        if file.class() == FileClass::Docs {
            continue;
        }
        let Some(text) = ctx.repo.text(file) else {
            continue;
        };
        for re in [&init, &flags] {
            if let Some(c) = re.captures(text) {
                let line = text[..c.get(0).map_or(0, |m| m.start())]
                    .matches('\n')
                    .count()
                    + 1;
                let n = c[1].parse().unwrap_or(0);
                let t = c[2].parse().unwrap_or(0);
                let place = EvidenceLocation {
                    path: file.path.clone(),
                    line,
                    commit: None,
                };
                return decide(n, t, format!("{}:{line}", file.path), Some(place));
            }
        }
        let keys = unseal
            .captures_iter(text)
            .filter_map(|c| c[1].parse::<u32>().ok())
            .max();
        if let Some(n) = keys {
            if n < p.shares {
                return Outcome::fail(format!(
                    "{} holds vault operator init output with {n} unseal key(s); at least {} shares are required.",
                    file.path, p.shares
                ))
                .count("shares", n as usize)
                .locations([EvidenceLocation { path: file.path.clone(), line: 0, commit: None }]);
            }
        }
    }
    Outcome::unknown(
        "Vault's key shares were not read (no seal status, init output or bootstrap script).",
    )
}

/// Snapshots or backups of Vault's data are scheduled in the repository's automation.
pub fn backups_scheduled(ctx: &Ctx<'_>) -> Outcome {
    let backup = Regex::new(
        r"(?i)raft\s+snapshot\s+save|sys/storage/raft/snapshot|autoSnapshot|snapshot-agent|automated-snapshots|vault[-_]backup|(tar|rsync|restic|borg)\b[^\n]*vault/data",
    )
    .expect("valid");
    let mut found = Vec::new();
    for file in ctx
        .repo
        .files
        .iter()
        .filter(|f| f.class() != FileClass::Docs)
    {
        let Some(text) = ctx.repo.text(file) else {
            continue;
        };
        if let Some(m) = backup.find(text) {
            let line = text[..m.start()].matches('\n').count() + 1;
            found.push(EvidenceLocation {
                path: file.path.clone(),
                line,
                commit: None,
            });
        }
    }
    if !found.is_empty() {
        return Outcome::pass(format!(
            "Vault backups or snapshots are automated in {}.",
            found
                .iter()
                .map(|l| format!("{}:{}", l.path, l.line))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .locations(found);
    }
    let deployed = !server_configs(ctx).is_empty()
        || ctx.repo.files.iter().any(|f| {
            matches!(f.class(), FileClass::Config)
                && ctx
                    .repo
                    .text(f)
                    .is_some_and(|t| t.contains("hashicorp/vault"))
        });
    if deployed {
        Outcome::fail(
            "The repository deploys Vault but schedules no snapshot or backup of its data.",
        )
    } else {
        Outcome::unknown(
            "The repository does not deploy Vault; its backups cannot be seen from here.",
        )
    }
}

/// No application reads secrets with a root token: the audit log's readers and the `.env`
/// files' Vault tokens.
pub fn root_token_not_used(ctx: &Ctx<'_>) -> Outcome {
    let dev_root: Vec<_> = ctx
        .report
        .findings
        .iter()
        .filter(|f| f.rule_id == crate::detect::structured::analyze::ids::VAULT_DEV_ROOT_TOKEN)
        .flat_map(|f| f.locations.iter().filter(|l| l.git != GitStatus::History))
        .map(|l| EvidenceLocation {
            path: l.path.clone(),
            line: l.line,
            commit: None,
        })
        .collect();
    if !dev_root.is_empty() {
        return Outcome::fail(format!(
            "{} .env file(s) give applications a root token.",
            dev_root.len()
        ))
        .locations(dev_root);
    }
    let Some(log) = ctx.report.vault.as_ref().and_then(|v| v.audit_log.as_ref()) else {
        return Outcome::unknown(
            "No audit log (--audit-log): which tokens applications use cannot be seen.",
        );
    };
    let root: Vec<_> = log
        .reads
        .iter()
        .filter(|r| r.policies.iter().any(|p| p == "root") || r.display_name == "root")
        .collect();
    if root.is_empty() {
        Outcome::pass(format!(
            "None of the {} reader(s) in the audit log used a root token.",
            log.reads.len()
        ))
        .count("readers", log.reads.len())
    } else {
        let count: u64 = root.iter().map(|r| r.count).sum();
        Outcome::fail(format!(
            "{count} secret read(s) in the audit log were made with a root token."
        ))
        .count("root_reads", count as usize)
        .vault_paths(root.iter().map(|r| r.path.clone()))
    }
}

/// Every credential's secret was created in Vault at least `min_days` ago.
pub fn secret_age(ctx: &Ctx<'_>, p: &SecretAgeParams) -> Outcome {
    let Some(vault) = ctx.report.vault.as_ref() else {
        return no_vault();
    };
    let (_, paths) = credential_paths(ctx);
    if paths.is_empty() {
        return Outcome::unknown("No credential with an expected Vault path to date.");
    }
    let mut young = Vec::new();
    let mut undated = Vec::new();
    let mut newest: Option<String> = None;
    for path in &paths {
        let secret = vault
            .secrets
            .iter()
            .find(|s| format!("{}/{}", trim(&s.mount), trim(&s.path)) == *path);
        let Some(created) = secret
            .and_then(|s| s.created_time.as_deref())
            .and_then(|t| parse_time(t).map(|ts| (t, ts)))
        else {
            undated.push(path.clone());
            continue;
        };
        let days = (ctx.now.as_second() - created.1.as_second()) / 86_400;
        if newest.as_ref().is_none_or(|n| created.0 > n.as_str()) {
            newest = Some(created.0.to_string());
        }
        if days < i64::from(p.min_days) {
            young.push(format!("{path} ({days} days)"));
        }
    }
    let out = if !young.is_empty() {
        Outcome::fail(format!(
            "{} secret(s) are younger than {} days: {}.",
            young.len(),
            p.min_days,
            young.join(", ")
        ))
    } else if !undated.is_empty() {
        Outcome::unknown(format!(
            "{} credential path(s) are not in Vault or have no creation time: {}.",
            undated.len(),
            undated.join(", ")
        ))
        .vault_paths(undated)
    } else {
        Outcome::pass(format!(
            "All {} credential secret(s) have been in Vault for at least {} days.",
            paths.len(),
            p.min_days
        ))
        .vault_paths(paths.iter().cloned())
    };
    match newest {
        Some(n) => out
            .time("newest_created", &n)
            .time("now", &ctx.now.to_string()),
        None => out,
    }
}

/// Every credential is in Vault at its expected path (or rotated there).
pub fn at_expected_path(ctx: &Ctx<'_>) -> Outcome {
    let Some(vault) = ctx.report.vault.as_ref() else {
        return no_vault();
    };
    let creds = credentials(ctx);
    if creds.is_empty() {
        return Outcome::unknown(
            "No credential found in the tree, its history or a before report: nothing to look for \
             in Vault (give --before REPORT.json from the audit before the migration).",
        );
    }
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    let mut unknown = Vec::new();
    let mut replaced = 0;
    for c in &creds {
        match &c.vault {
            Some(m) if in_vault_ok(m) => ok.push(c),
            // Gone from the tree, and its expected path holds another value: the credential
            // was moved there and rotated (KV v1, or versions not indexed).
            Some(m)
                if m.status == VaultStatus::NotInVault
                    && c.origin != Origin::Tree
                    && secret_exists(vault, &c.expected_path) =>
            {
                replaced += 1;
                ok.push(c)
            }
            Some(m)
                if matches!(
                    m.status,
                    VaultStatus::NotInVault | VaultStatus::Elsewhere | VaultStatus::Rotated
                ) =>
            {
                bad.push(c)
            }
            _ if vault
                .missing_paths
                .iter()
                .any(|p| trim(p) == trim(&c.expected_path))
                && !c.expected_path.is_empty() =>
            {
                bad.push(c)
            }
            _ => unknown.push(c),
        }
    }
    let describe = |list: &[&Credential]| {
        list.iter()
            .take(10)
            .map(|c| {
                let status = c
                    .vault
                    .as_ref()
                    .map(|m| m.status.as_str())
                    .unwrap_or("unknown");
                format!(
                    "{} from {} {} → {} ({status})",
                    c.name(),
                    c.origin.as_str(),
                    c.place.path,
                    if c.expected_path.is_empty() {
                        "no expected path"
                    } else {
                        &c.expected_path
                    }
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let paths = |list: &[&Credential]| -> Vec<String> {
        list.iter()
            .filter(|c| !c.expected_path.is_empty())
            .map(|c| c.expected_path.clone())
            .collect()
    };
    if !bad.is_empty() {
        Outcome::fail(format!(
            "{} of {} credential(s) are not at their expected Vault path: {}.",
            bad.len(),
            creds.len(),
            describe(&bad)
        ))
        .count("credentials", creds.len())
        .count("missing", bad.len())
        .count("at_expected_path", ok.len())
        .fingerprints(bad.iter().map(|c| c.fingerprint.clone()))
        .vault_paths(paths(&bad))
    } else if !unknown.is_empty() {
        Outcome::unknown(format!(
            "{} of {} credential(s) have no Vault correlation: {}.",
            unknown.len(),
            creds.len(),
            describe(&unknown)
        ))
        .count("credentials", creds.len())
        .count("uncorrelated", unknown.len())
        .fingerprints(unknown.iter().map(|c| c.fingerprint.clone()))
    } else {
        Outcome::pass(format!(
            "All {} credential(s) are in Vault at their expected path ({} evidence){}.",
            creds.len(),
            vault.source,
            if replaced > 0 {
                format!("; {replaced} of them gone from the tree with a newer value at that path")
            } else {
                String::new()
            }
        ))
        .count("credentials", creds.len())
        .count("at_expected_path", ok.len())
        .fingerprints(ok.iter().map(|c| c.fingerprint.clone()))
        .vault_paths(paths(&ok))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{ctx, finding, report, vault};
    use super::*;
    use crate::audit::checks::PolicyReaders;
    use crate::audit::repo::Repo;
    use crate::finding::FindingKind;
    use crate::inventory::InventoryRow;
    use crate::report::model::{
        AuditLogReads, AuditLogSummary, CheckStatus, VaultAuditDevice, VaultAuthMethod, VaultMatch,
        VaultMount, VaultPolicy, VaultSeal, VaultSecret,
    };

    fn repo() -> Repo {
        Repo::in_memory(&[("a.txt", "", true)], true, &[])
    }

    fn row(fp: &str, path: &str, status: Option<VaultStatus>) -> InventoryRow {
        InventoryRow {
            workspace: "ws".into(),
            system: "stripe".into(),
            endpoint: "api.stripe.com".into(),
            credential_type: "API key".into(),
            location: "agents/ws/.mcp.json:3".into(),
            key_path: "mcpServers.stripe.env.STRIPE_API_KEY".into(),
            expected_vault_path: path.into(),
            rule_id: "vp.stripe.1".into(),
            fingerprint: fp.into(),
            vault: status.map(|status| VaultMatch {
                status,
                expected_path: Some(path.into()),
                paths: vec![],
            }),
        }
    }

    #[test]
    fn seal_status_pass_fail_unknown() {
        let repo = repo();
        let mut r = report(vec![]);
        assert_eq!(seal_status(&ctx(&r, &repo)).status, CheckStatus::Unknown);
        r.vault = Some(vault());
        assert_eq!(seal_status(&ctx(&r, &repo)).status, CheckStatus::Unknown);
        r.vault.as_mut().unwrap().seal = Some(VaultSeal {
            initialized: true,
            sealed: false,
            ..Default::default()
        });
        assert_eq!(seal_status(&ctx(&r, &repo)).status, CheckStatus::Pass);
        r.vault.as_mut().unwrap().seal = Some(VaultSeal {
            initialized: true,
            sealed: true,
            ..Default::default()
        });
        assert_eq!(seal_status(&ctx(&r, &repo)).status, CheckStatus::Fail);
    }

    #[test]
    fn kv_mount_pass_fail_unknown() {
        let repo = repo();
        let p = KvMountParams {
            paths: vec!["portarium/credentials".into()],
            from_env: vec![],
            version: 2,
        };
        let mut r = report(vec![]);
        r.vault = Some(vault());
        assert_eq!(kv_mount(&ctx(&r, &repo), &p).status, CheckStatus::Unknown);
        let mount = |version| VaultMount {
            path: "portarium/credentials/".into(),
            kind: "kv".into(),
            version: Some(version),
        };
        r.vault.as_mut().unwrap().mounts = Some(vec![mount(2)]);
        assert_eq!(kv_mount(&ctx(&r, &repo), &p).status, CheckStatus::Pass);
        r.vault.as_mut().unwrap().mounts = Some(vec![mount(1)]);
        assert_eq!(kv_mount(&ctx(&r, &repo), &p).status, CheckStatus::Fail);
        r.vault.as_mut().unwrap().mounts = Some(vec![]);
        assert_eq!(kv_mount(&ctx(&r, &repo), &p).status, CheckStatus::Fail);
    }

    #[test]
    fn auth_method_and_audit_device() {
        let repo = repo();
        let p = AuthMethodParams {
            kinds: vec!["approle".into(), "kubernetes".into()],
        };
        let mut r = report(vec![]);
        r.vault = Some(vault());
        assert_eq!(
            auth_method(&ctx(&r, &repo), &p).status,
            CheckStatus::Unknown
        );
        assert_eq!(audit_device(&ctx(&r, &repo)).status, CheckStatus::Unknown);
        let v = r.vault.as_mut().unwrap();
        v.auth_methods = Some(vec![VaultAuthMethod {
            path: "token/".into(),
            kind: "token".into(),
        }]);
        v.audit_devices = Some(vec![]);
        assert_eq!(auth_method(&ctx(&r, &repo), &p).status, CheckStatus::Fail);
        assert_eq!(audit_device(&ctx(&r, &repo)).status, CheckStatus::Fail);
        let v = r.vault.as_mut().unwrap();
        v.auth_methods.as_mut().unwrap().push(VaultAuthMethod {
            path: "kubernetes/".into(),
            kind: "kubernetes".into(),
        });
        v.audit_devices = Some(vec![VaultAuditDevice {
            path: "file/".into(),
            kind: "file".into(),
            file_path: None,
        }]);
        assert_eq!(auth_method(&ctx(&r, &repo), &p).status, CheckStatus::Pass);
        assert_eq!(audit_device(&ctx(&r, &repo)).status, CheckStatus::Pass);
    }

    #[test]
    fn policy_restricts_pass_fail_unknown() {
        let repo = repo();
        let p = PolicyParams {
            allowed: vec!["portarium-cp".into()],
            mount: "portarium/credentials".into(),
            under: None,
        };
        let policy = |name: &str, text: &str| VaultPolicy {
            name: name.into(),
            source: "vault".into(),
            file: None,
            text: text.into(),
        };
        let cp = "path \"portarium/credentials/data/{{identity.entity.metadata.workspace_id}}/*\" {\n  capabilities = [\"read\"]\n}\n";
        let broad = "path \"portarium/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n";
        let other = "path \"secret/data/app/*\" {\n  capabilities = [\"read\"]\n}\n";
        let mut r = report(vec![]);
        r.inventory
            .push(row("f1", "portarium/credentials/ws/stripe", None));
        r.vault = Some(vault());
        let with_vault = |c: &mut Ctx<'_>| c.policy_readers = Some(PolicyReaders::vault());
        let mut c = ctx(&r, &repo);
        with_vault(&mut c);
        assert_eq!(policy_restricts(&c, &p).status, CheckStatus::Unknown);
        let mut r2 = r.clone();
        r2.vault.as_mut().unwrap().policies =
            Some(vec![policy("portarium-cp", cp), policy("app", other)]);
        let mut c = ctx(&r2, &repo);
        with_vault(&mut c);
        let out = policy_restricts(&c, &p);
        assert_eq!(out.status, CheckStatus::Pass, "{out:?}");
        assert!(out
            .evidence
            .vault_paths
            .contains(&"portarium/credentials/data/ws/stripe".to_string()));
        r2.vault
            .as_mut()
            .unwrap()
            .policies
            .as_mut()
            .unwrap()
            .push(policy("agents", broad));
        let mut c = ctx(&r2, &repo);
        with_vault(&mut c);
        let out = policy_restricts(&c, &p);
        assert_eq!(out.status, CheckStatus::Fail);
        assert!(out.evidence.statement.contains("agents"), "{out:?}");
        // Without policy evaluation, unknown.
        assert_eq!(
            policy_restricts(&ctx(&r2, &repo), &p).status,
            CheckStatus::Unknown
        );
    }

    fn log(reads: Vec<AuditLogReads>) -> AuditLogSummary {
        AuditLogSummary {
            file: "audit.log".into(),
            since: None,
            lines: 10,
            malformed: 0,
            reads,
            own_reads: 0,
        }
    }

    fn reads(path: &str, policy: &str, last: &str) -> AuditLogReads {
        AuditLogReads {
            path: path.into(),
            display_name: format!("{policy}-sa"),
            policies: vec![policy.into()],
            count: 3,
            first: "2026-03-01T10:00:00Z".into(),
            last: last.into(),
        }
    }

    #[test]
    fn audit_reads_pass_fail_unknown() {
        let repo = repo();
        let p = AuditReadsParams {
            policies: vec!["portarium-cp".into()],
            since: Some("2026-03-01".into()),
            require_device: false,
        };
        let mut r = report(vec![]);
        r.inventory
            .push(row("f1", "portarium/credentials/ws/stripe", None));
        r.vault = Some(vault());
        assert_eq!(
            audit_reads(&ctx(&r, &repo), &p).status,
            CheckStatus::Unknown
        );
        r.vault.as_mut().unwrap().audit_log = Some(log(vec![reads(
            "portarium/credentials/ws/stripe",
            "portarium-cp",
            "2026-03-02T00:00:00Z",
        )]));
        let out = audit_reads(&ctx(&r, &repo), &p);
        assert_eq!(out.status, CheckStatus::Pass, "{out:?}");
        assert_eq!(out.evidence.counts["reads"], 3);
        assert_eq!(out.evidence.timestamps["last_read"], "2026-03-02T00:00:00Z");
        r.vault.as_mut().unwrap().audit_log = Some(log(vec![reads(
            "portarium/credentials/ws/stripe",
            "agents",
            "2026-03-02T00:00:00Z",
        )]));
        assert_eq!(audit_reads(&ctx(&r, &repo), &p).status, CheckStatus::Fail);
        r.vault.as_mut().unwrap().audit_log = Some(log(vec![reads(
            "portarium/credentials/ws/stripe",
            "portarium-cp",
            "2026-02-02T00:00:00Z",
        )]));
        assert_eq!(
            audit_reads(&ctx(&r, &repo), &p).status,
            CheckStatus::Fail,
            "a read before `since` does not count"
        );
    }

    #[test]
    fn seal_shares_from_seal_status_or_init_output() {
        let p = SealSharesParams {
            shares: 5,
            threshold: 3,
        };
        let r = report(vec![]);
        assert_eq!(
            seal_shares(&ctx(&r, &repo()), &p).status,
            CheckStatus::Unknown
        );
        let script = Repo::in_memory(
            &[(
                "scripts/init.sh",
                "vault operator init -key-shares=1 -key-threshold=1\n",
                true,
            )],
            true,
            &[],
        );
        let out = seal_shares(&ctx(&r, &script), &p);
        assert_eq!(out.status, CheckStatus::Fail);
        assert_eq!(out.evidence.locations[0].path, "scripts/init.sh");
        let mut r = report(vec![]);
        r.vault = Some(vault());
        r.vault.as_mut().unwrap().seal = Some(VaultSeal {
            initialized: true,
            sealed: false,
            shares: Some(5),
            threshold: Some(3),
            ..Default::default()
        });
        assert_eq!(
            seal_shares(&ctx(&r, &script), &p).status,
            CheckStatus::Pass,
            "Vault's own status wins"
        );
    }

    #[test]
    fn auto_unseal_and_tls_from_server_config() {
        let r = report(vec![]);
        let plain = Repo::in_memory(&[("deploy/vault.hcl", "storage \"raft\" {\n}\nlistener \"tcp\" {\n  address = \"0.0.0.0:8200\"\n  tls_disable = 1\n}\n", true)], true, &[]);
        assert_eq!(auto_unseal(&ctx(&r, &plain)).status, CheckStatus::Fail);
        let out = tls_listeners(&ctx(&r, &plain));
        assert_eq!(out.status, CheckStatus::Fail);
        assert_eq!(out.evidence.locations[0].line, 3);
        let good = Repo::in_memory(
            &[(
                "deploy/vault.hcl",
                "seal \"awskms\" {\n}\nlistener \"tcp\" {\n  tls_cert_file = \"/c.pem\"\n}\n",
                true,
            )],
            true,
            &[],
        );
        assert_eq!(auto_unseal(&ctx(&r, &good)).status, CheckStatus::Pass);
        assert_eq!(tls_listeners(&ctx(&r, &good)).status, CheckStatus::Pass);
        let dev_only = Repo::in_memory(
            &[(
                "dev/vault.hcl",
                "listener \"tcp\" {\n tls_disable = 1\n}\n",
                true,
            )],
            true,
            &[],
        );
        assert_eq!(
            auto_unseal(&ctx(&r, &dev_only)).status,
            CheckStatus::Unknown
        );
        assert_eq!(
            tls_listeners(&ctx(&r, &dev_only)).status,
            CheckStatus::Unknown
        );
    }

    #[test]
    fn backups_pass_fail_unknown() {
        let r = report(vec![]);
        let none = repo();
        assert_eq!(
            backups_scheduled(&ctx(&r, &none)).status,
            CheckStatus::Unknown
        );
        let deployed = Repo::in_memory(
            &[("vault/config.hcl", "storage \"raft\" {\n}\n", true)],
            true,
            &[],
        );
        assert_eq!(
            backups_scheduled(&ctx(&r, &deployed)).status,
            CheckStatus::Fail
        );
        let cron = Repo::in_memory(&[("vault/config.hcl", "storage \"raft\" {\n}\n", true), ("k8s/snapshot-cronjob.yaml", "command: [vault, operator, raft, snapshot, save, /backup/x.snap]\nargs: vault operator raft snapshot save /b\n", true)], true, &[]);
        assert_eq!(backups_scheduled(&ctx(&r, &cron)).status, CheckStatus::Pass);
    }

    #[test]
    fn root_token_pass_fail_unknown() {
        let repo = repo();
        let mut r = report(vec![]);
        assert_eq!(
            root_token_not_used(&ctx(&r, &repo)).status,
            CheckStatus::Unknown
        );
        r.vault = Some(vault());
        r.vault.as_mut().unwrap().audit_log =
            Some(log(vec![reads("kv/app", "app", "2026-03-02T00:00:00Z")]));
        assert_eq!(
            root_token_not_used(&ctx(&r, &repo)).status,
            CheckStatus::Pass
        );
        r.vault.as_mut().unwrap().audit_log =
            Some(log(vec![reads("kv/app", "root", "2026-03-02T00:00:00Z")]));
        assert_eq!(
            root_token_not_used(&ctx(&r, &repo)).status,
            CheckStatus::Fail
        );
        let dev = report(vec![finding(
            crate::detect::structured::analyze::ids::VAULT_DEV_ROOT_TOKEN,
            FindingKind::Posture,
            ".env",
            GitStatus::Tracked,
            "x",
        )]);
        assert_eq!(
            root_token_not_used(&ctx(&dev, &repo)).status,
            CheckStatus::Fail
        );
    }

    #[test]
    fn secret_age_and_expected_path() {
        let repo = repo();
        let mut r = report(vec![]);
        r.inventory.push(row(
            "f1",
            "portarium/credentials/ws/stripe",
            Some(VaultStatus::AtExpectedPath),
        ));
        assert_eq!(
            secret_age(&ctx(&r, &repo), &SecretAgeParams { min_days: 30 }).status,
            CheckStatus::Unknown
        );
        assert_eq!(
            at_expected_path(&ctx(&r, &repo)).status,
            CheckStatus::Unknown
        );
        r.vault = Some(vault());
        let secret = |created: &str| VaultSecret {
            mount: "portarium/credentials".into(),
            path: "ws/stripe".into(),
            keys: vec!["api_key".into()],
            current_version: Some(1),
            updated_time: None,
            created_time: Some(created.into()),
        };
        r.vault.as_mut().unwrap().secrets = vec![secret("2026-03-01T00:00:00Z")];
        assert_eq!(
            secret_age(&ctx(&r, &repo), &SecretAgeParams { min_days: 30 }).status,
            CheckStatus::Pass
        );
        assert_eq!(at_expected_path(&ctx(&r, &repo)).status, CheckStatus::Pass);
        r.vault.as_mut().unwrap().secrets = vec![secret("2026-05-25T00:00:00Z")];
        assert_eq!(
            secret_age(&ctx(&r, &repo), &SecretAgeParams { min_days: 30 }).status,
            CheckStatus::Fail
        );
        r.inventory[0].vault.as_mut().unwrap().status = VaultStatus::NotInVault;
        assert_eq!(at_expected_path(&ctx(&r, &repo)).status, CheckStatus::Fail);
        r.inventory[0].vault = None;
        assert_eq!(
            at_expected_path(&ctx(&r, &repo)).status,
            CheckStatus::Unknown
        );
    }
}

#[cfg(test)]
mod replaced_tests {
    use super::super::testing::{ctx, finding, report, vault};
    use super::*;
    use crate::audit::checks::PolicyReaders;
    use crate::audit::repo::Repo;
    use crate::finding::{FindingKind, GitStatus};
    use crate::report::model::{CheckStatus, VaultMatch, VaultPolicy, VaultSecret};

    fn with_secret_at(path: &str) -> crate::report::model::VaultSection {
        let (mount, rest) = path.split_at(path.find("/ws").unwrap());
        let mut v = vault();
        v.secrets = vec![VaultSecret {
            mount: mount.into(),
            path: rest.trim_start_matches('/').into(),
            keys: vec!["api_key".into()],
            current_version: None,
            updated_time: None,
            created_time: None,
        }];
        v
    }

    /// A credential gone from the tree whose path now holds another value was moved and
    /// rotated; one still in the tree with another value in Vault is not migrated.
    #[test]
    fn other_value_at_the_expected_path() {
        let repo = Repo::in_memory(&[("a", "", true)], true, &[]);
        let expected = "portarium/credentials/ws/stripe";
        let not_in_vault = Some(VaultMatch {
            status: VaultStatus::NotInVault,
            expected_path: Some(expected.into()),
            paths: vec![],
        });
        let mut leaked = finding(
            "vp.stripe.1",
            FindingKind::ProviderSecret,
            "agents/ws/.mcp.json",
            GitStatus::History,
            "f1",
        );
        leaked.vault = not_in_vault.clone();
        let mut r = report(vec![leaked.clone()]);
        r.vault = Some(with_secret_at(expected));
        assert_eq!(at_expected_path(&ctx(&r, &repo)).status, CheckStatus::Pass);
        let mut live = leaked.clone();
        live.locations[0].git = GitStatus::Tracked;
        let mut r2 = report(vec![live]);
        r2.vault = Some(with_secret_at(expected));
        assert_eq!(at_expected_path(&ctx(&r2, &repo)).status, CheckStatus::Fail);
        r.vault = Some(vault());
        assert_eq!(at_expected_path(&ctx(&r, &repo)).status, CheckStatus::Fail);
    }

    #[test]
    fn repository_policy_files_are_not_vault_evidence() {
        let repo = Repo::in_memory(&[("a", "", true)], true, &[]);
        let mut r = report(vec![]);
        let mut v = vault();
        v.policies = Some(vec![VaultPolicy {
            name: "portarium-cp".into(),
            source: "file".into(),
            file: Some("policies/portarium-cp.hcl".into()),
            text: "path \"portarium/credentials/data/*\" {\n  capabilities = [\"read\"]\n}\n"
                .into(),
        }]);
        r.vault = Some(v);
        let mut c = ctx(&r, &repo);
        c.policy_readers = Some(PolicyReaders::vault());
        let p = PolicyParams {
            allowed: vec!["portarium-cp".into()],
            mount: "portarium/credentials".into(),
            under: None,
        };
        assert_eq!(policy_restricts(&c, &p).status, CheckStatus::Unknown);
    }
}
