//! The Vault side, read-only: the client ([`client`]), posture evidence ([`evidence`]),
//! the keyed-fingerprint index ([`index`]), ACL policy evaluation ([`policy`]), the file
//! audit device's log ([`audit_log`]), correlation with the scan ([`correlate`]) and the
//! posture checks ([`posture`]).
//!
//! vaultproof never writes to Vault and never keeps a value longer than it takes to
//! fingerprint it.

pub mod audit_log;
pub mod client;
pub mod correlate;
pub mod evidence;
pub mod index;
pub mod policy;
pub mod posture;

use std::path::PathBuf;

use crate::detect::Matcher;
use crate::finding::AuditKey;
use crate::report::model::Report;

pub use client::{VaultClient, VaultConfig, VaultError};
pub use correlate::EvidenceSource;
pub use index::{IndexError, IndexOptions, VaultIndex};

/// Builds an index from a live Vault, on a runtime of its own (the rest of vaultproof is
/// synchronous).
pub fn index_live(
    config: &VaultConfig,
    matcher: &Matcher,
    key: &AuditKey,
    options: &IndexOptions,
    progress: Option<index::IndexProgress<'_>>,
) -> Result<VaultIndex, VaultError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| VaultError::Config(format!("cannot start the I/O runtime: {e}")))?;
    runtime.block_on(async {
        let client = VaultClient::connect(config).await?;
        index::build(&client, matcher, key, options, progress).await
    })
}

/// The audit-log part of a scan's Vault options.
#[derive(Debug, Clone, Default)]
pub struct AuditLogOptions {
    /// The file audit device's log (`--audit-log`).
    pub file: Option<PathBuf>,
    /// Only events at or after this date (`--audit-log-since`).
    pub since: Option<String>,
}

/// Puts the Vault evidence into `report`: correlation statuses, the Vault section with
/// policies from Vault and from `.hcl` files in the scanned roots, the audit log summary
/// and the posture checks. `index` is `Err(message)` when Vault could not be read: every
/// Vault-dependent status is then `unknown`.
pub fn attach(
    report: &mut Report,
    source: EvidenceSource,
    address: &str,
    index: Result<&VaultIndex, String>,
    audit: &AuditLogOptions,
) -> Result<(), audit_log::AuditLogError> {
    let (index, errors) = match index {
        Ok(index) => (Some(index), Vec::new()),
        Err(message) => (None, vec![message]),
    };
    correlate::apply(report, source, address, index, errors);
    let roots = report.roots.clone();
    let expected: Vec<String> = report
        .inventory
        .iter()
        .map(|r| r.expected_vault_path.clone())
        .filter(|p| !p.is_empty())
        .collect();
    let section = report.vault.as_mut().expect("apply sets the section");
    let files = posture::repository_policies(&roots);
    if !files.is_empty() {
        section.policies.get_or_insert_with(Vec::new).extend(files);
    }
    if let Some(file) = &audit.file {
        let since = match &audit.since {
            Some(text) => Some((audit_log::parse_since(text)?, text.clone())),
            None => None,
        };
        let kv2: Vec<String> = section
            .mounts
            .iter()
            .flatten()
            .filter(|m| m.kind == "kv" && m.version == Some(2))
            .map(|m| m.path.clone())
            .collect();
        let kv2 = if kv2.is_empty() {
            vec![posture::credentials_mount(section, &expected)]
        } else {
            kv2
        };
        section.audit_log = Some(audit_log::read(file, &kv2, since)?);
    }
    let mount = posture::credentials_mount(section, &expected);
    section.checks = posture::checks(section, &mount);
    Ok(())
}

#[cfg(test)]
mod tests;
