//! The named checks a checklist item can use, each with typed parameters (validated when
//! the checklist is loaded) and a function that decides it from evidence only: the scan's
//! [`Report`] (findings, references, inventory, history, Vault section), the repository's
//! file list ([`Repo`]) and the report of the audit before the migration.
//!
//! A check never passes vacuously: when its subject is missing (no agent config, no Vault
//! evidence, no audit log) it says so and returns `not_applicable` or `unknown`.
//!
//! | check | decides from |
//! | --- | --- |
//! | `scan.no_plaintext` | secret findings in files of given classes |
//! | `scan.no_findings` | findings of given rule ids (posture issues) |
//! | `scan.no_direct_endpoints` | system-of-record endpoint findings in agent code |
//! | `inventory.document`, `inventory.complete` | the Phase 1 inventory document vs the credentials found |
//! | `vault.*` | the Vault section (live or offline index) and the audit log |
//! | `git.not_tracked`, `git.gitignore_has`, `git.history_rotated` | git's index, ignore rules, history findings |
//! | `config.key_equals`, `yaml.key_exists` | parsed YAML, JSON and TOML files |
//! | `files.present`, `files.absent`, `text.present` | the file list and file texts |
//! | `refs.present`, `refs.no_retired_backend`, `k8s.external_secrets_vault`, `env.key_preferred` | references and manifests |
//! | `manual` | an attestation only |

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::repo::{FileClass, Repo};
use crate::finding::{Finding, FindingKind, GitStatus};
use crate::report::model::{
    AuditEvidence, CheckStatus, EvidenceLocation, Report, VaultMatch, VaultPolicy, VaultStatus,
};

mod files;
mod scan;
mod vault;

/// `(policies, path) -> names of the policies that can read`.
pub type ReadersFn = fn(&[VaultPolicy], &str) -> Result<Vec<String>, String>;

/// Vault ACL evaluation, passed in so checks can be tested with stand-ins.
#[derive(Debug, Clone, Copy)]
pub struct PolicyReaders {
    /// The policies that can read the request path.
    pub at: ReadersFn,
    /// The policies that can read at least one request path under the prefix.
    pub under: ReadersFn,
}

impl PolicyReaders {
    /// Vault's own rules, from [`crate::vault::policy`].
    pub fn vault() -> PolicyReaders {
        PolicyReaders {
            at: |policies, path| {
                crate::vault::policy::readers(policies, path).map_err(|e| e.to_string())
            },
            under: |policies, prefix| {
                crate::vault::policy::readers_under(policies, prefix).map_err(|e| e.to_string())
            },
        }
    }
}

/// Everything a check may look at. Evidence files (index, audit log, attestations, before
/// report) reach it only through the report the command line built.
pub struct Ctx<'a> {
    /// The scan of the repository (with `vault` filled from `--vault`/`--vault-index`).
    pub report: &'a Report,
    /// The repository's files.
    pub repo: &'a Repo,
    /// The report of the audit before the migration (`--before`).
    pub before: Option<&'a Report>,
    /// Now (checks of age and expiry compare against it).
    pub now: jiff::Timestamp,
    /// Vault ACL evaluation, when available.
    pub policy_readers: Option<PolicyReaders>,
}

/// A check's verdict and its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The status.
    pub status: CheckStatus,
    /// What decided it.
    pub evidence: AuditEvidence,
}

impl Outcome {
    fn new(status: CheckStatus, statement: impl Into<String>) -> Outcome {
        Outcome {
            status,
            evidence: AuditEvidence {
                statement: statement.into(),
                ..AuditEvidence::default()
            },
        }
    }
    /// A pass.
    pub fn pass(statement: impl Into<String>) -> Outcome {
        Outcome::new(CheckStatus::Pass, statement)
    }
    /// A fail.
    pub fn fail(statement: impl Into<String>) -> Outcome {
        Outcome::new(CheckStatus::Fail, statement)
    }
    /// Evidence could not be gathered.
    pub fn unknown(statement: impl Into<String>) -> Outcome {
        Outcome::new(CheckStatus::Unknown, statement)
    }
    /// The subject is not there.
    pub fn not_applicable(statement: impl Into<String>) -> Outcome {
        Outcome::new(CheckStatus::NotApplicable, statement)
    }
    fn count(mut self, name: &str, n: usize) -> Outcome {
        self.evidence.counts.insert(name.to_string(), n as u64);
        self
    }
    fn locations(mut self, locations: impl IntoIterator<Item = EvidenceLocation>) -> Outcome {
        let set: BTreeSet<EvidenceLocation> = locations.into_iter().collect();
        self.evidence.locations = set.into_iter().take(MAX_LISTED).collect();
        self
    }
    fn fingerprints(mut self, fps: impl IntoIterator<Item = String>) -> Outcome {
        let set: BTreeSet<String> = fps.into_iter().collect();
        self.evidence.fingerprints = set.into_iter().take(MAX_LISTED).collect();
        self
    }
    fn vault_paths(mut self, paths: impl IntoIterator<Item = String>) -> Outcome {
        let set: BTreeSet<String> = paths.into_iter().collect();
        self.evidence.vault_paths = set.into_iter().take(MAX_LISTED).collect();
        self
    }
    fn time(mut self, label: &str, time: &str) -> Outcome {
        self.evidence
            .timestamps
            .insert(label.to_string(), time.to_string());
        self
    }
}

/// At most this many fingerprints, places or paths are listed per item (counts say all).
const MAX_LISTED: usize = 50;

/// A named check with its parameters, as written in a checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "check", content = "params")]
pub enum Check {
    /// No plaintext secret in files of the given classes.
    #[serde(rename = "scan.no_plaintext")]
    NoPlaintext(scan::PlaintextParams),
    /// No finding of the given rule ids.
    #[serde(rename = "scan.no_findings")]
    NoFindings(scan::FindingsParams),
    /// No system-of-record endpoint in files of the given classes.
    #[serde(rename = "scan.no_direct_endpoints")]
    NoDirectEndpoints(scan::EndpointParams),
    /// A Phase 1 inventory document is in the repository.
    #[serde(rename = "inventory.document")]
    InventoryDocument(scan::DocumentParams),
    /// The inventory document lists every credential found.
    #[serde(rename = "inventory.complete")]
    InventoryComplete(scan::DocumentParams),
    /// Every secret left in history is rotated.
    #[serde(rename = "git.history_rotated")]
    HistoryRotated(Empty),
    /// Every credential is in Vault at its expected path.
    #[serde(rename = "vault.at_expected_path")]
    AtExpectedPath(Empty),
    /// Vault is initialised and unsealed.
    #[serde(rename = "vault.seal_status")]
    SealStatus(Empty),
    /// A KV mount at one of the paths, with the version.
    #[serde(rename = "vault.kv_mount")]
    KvMount(vault::KvMountParams),
    /// An auth method of one of the kinds.
    #[serde(rename = "vault.auth_method")]
    AuthMethod(vault::AuthMethodParams),
    /// Only the allowed policies can read the credential paths.
    #[serde(rename = "vault.policy_restricts")]
    PolicyRestricts(vault::PolicyParams),
    /// An audit device is enabled.
    #[serde(rename = "vault.audit_device")]
    AuditDevice(Empty),
    /// The audit log shows reads of every credential path.
    #[serde(rename = "vault.audit_reads")]
    AuditReads(vault::AuditReadsParams),
    /// Key shares and threshold at least as given.
    #[serde(rename = "vault.seal_shares")]
    SealShares(vault::SealSharesParams),
    /// A seal other than Shamir.
    #[serde(rename = "vault.auto_unseal")]
    AutoUnseal(Empty),
    /// TLS on every listener.
    #[serde(rename = "vault.tls_listeners")]
    TlsListeners(Empty),
    /// Snapshots or backups are scheduled.
    #[serde(rename = "vault.backups_scheduled")]
    BackupsScheduled(Empty),
    /// No application uses a root token.
    #[serde(rename = "vault.root_token_not_used")]
    RootTokenNotUsed(Empty),
    /// Every credential's secret is at least this old in Vault.
    #[serde(rename = "vault.secret_age")]
    SecretAge(vault::SecretAgeParams),
    /// No file matching the globs is tracked by git.
    #[serde(rename = "git.not_tracked")]
    NotTracked(files::GlobsParams),
    /// The `.gitignore` ignores every sample path.
    #[serde(rename = "git.gitignore_has")]
    GitignoreHas(files::GitignoreParams),
    /// A configuration key equals a value.
    #[serde(rename = "config.key_equals")]
    KeyEquals(files::KeyEqualsParams),
    /// A file matching the globs exists (or existed in history).
    #[serde(rename = "files.present")]
    FilesPresent(files::PresentParams),
    /// No file matching the globs exists.
    #[serde(rename = "files.absent")]
    FilesAbsent(files::GlobsParams),
    /// Every pattern is found in the files.
    #[serde(rename = "text.present")]
    TextPresent(files::TextParams),
    /// References of a kind are present in the files.
    #[serde(rename = "refs.present")]
    RefsPresent(files::RefsParams),
    /// A YAML key exists (with a value matching a pattern).
    #[serde(rename = "yaml.key_exists")]
    YamlKeyExists(files::YamlKeyParams),
    /// ExternalSecrets and their stores point at Vault.
    #[serde(rename = "k8s.external_secrets_vault")]
    ExternalSecretsVault(Empty),
    /// No reference to a retired backend is left.
    #[serde(rename = "refs.no_retired_backend")]
    NoRetiredBackend(files::RulesParams),
    /// One environment variable name is used instead of another.
    #[serde(rename = "env.key_preferred")]
    KeyPreferred(files::PreferredParams),
    /// Decided by a person: attested or unknown.
    #[serde(rename = "manual")]
    Manual,
}

/// No parameters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

impl Check {
    /// Builds a check from its name and parameter table; the error says what is wrong.
    pub fn from_parts(name: &str, params: &toml::Table) -> Result<Check, String> {
        let mut table = toml::Table::new();
        table.insert("check".into(), toml::Value::String(name.to_string()));
        if name != "manual" {
            table.insert("params".into(), toml::Value::Table(params.clone()));
        } else if !params.is_empty() {
            return Err("check `manual` takes no params".into());
        }
        Check::deserialize(toml::Value::Table(table)).map_err(|e| {
            let message = e.to_string();
            format!("check {name}: {}", message.trim())
        })
    }

    /// Validates what serde cannot: globs and regular expressions compile.
    pub fn validate(&self) -> Result<(), String> {
        let globs = |list: &[String]| -> Result<(), String> {
            for glob in list {
                globset::Glob::new(glob).map_err(|e| format!("invalid glob {glob:?}: {e}"))?;
            }
            Ok(())
        };
        let regexes = |list: &[String]| -> Result<(), String> {
            for re in list {
                regex::Regex::new(re).map_err(|e| format!("invalid regex {re:?}: {e}"))?;
            }
            Ok(())
        };
        match self {
            Check::InventoryDocument(p) | Check::InventoryComplete(p) => globs(&p.files),
            Check::NotTracked(p) | Check::FilesAbsent(p) => globs(&p.globs),
            Check::FilesPresent(p) => globs(&p.globs),
            Check::KeyEquals(p) => globs(&p.files),
            Check::TextPresent(p) => globs(&p.files).and_then(|()| regexes(&p.patterns)),
            Check::RefsPresent(p) => globs(&p.files),
            Check::YamlKeyExists(p) => {
                globs(&p.files).and_then(|()| regexes(std::slice::from_ref(&p.pattern)))
            }
            _ => Ok(()),
        }
    }

    /// Decides the check from the evidence in `ctx`.
    pub fn evaluate(&self, ctx: &Ctx<'_>) -> Outcome {
        match self {
            Check::NoPlaintext(p) => scan::no_plaintext(ctx, p),
            Check::NoFindings(p) => scan::no_findings(ctx, p),
            Check::NoDirectEndpoints(p) => scan::no_direct_endpoints(ctx, p),
            Check::InventoryDocument(p) => scan::inventory_document(ctx, p),
            Check::InventoryComplete(p) => scan::inventory_complete(ctx, p),
            Check::HistoryRotated(_) => scan::history_rotated(ctx),
            Check::AtExpectedPath(_) => vault::at_expected_path(ctx),
            Check::SealStatus(_) => vault::seal_status(ctx),
            Check::KvMount(p) => vault::kv_mount(ctx, p),
            Check::AuthMethod(p) => vault::auth_method(ctx, p),
            Check::PolicyRestricts(p) => vault::policy_restricts(ctx, p),
            Check::AuditDevice(_) => vault::audit_device(ctx),
            Check::AuditReads(p) => vault::audit_reads(ctx, p),
            Check::SealShares(p) => vault::seal_shares(ctx, p),
            Check::AutoUnseal(_) => vault::auto_unseal(ctx),
            Check::TlsListeners(_) => vault::tls_listeners(ctx),
            Check::BackupsScheduled(_) => vault::backups_scheduled(ctx),
            Check::RootTokenNotUsed(_) => vault::root_token_not_used(ctx),
            Check::SecretAge(p) => vault::secret_age(ctx, p),
            Check::NotTracked(p) => files::not_tracked(ctx, p),
            Check::GitignoreHas(p) => files::gitignore_has(ctx, p),
            Check::KeyEquals(p) => files::key_equals(ctx, p),
            Check::FilesPresent(p) => files::present(ctx, p),
            Check::FilesAbsent(p) => files::absent(ctx, p),
            Check::TextPresent(p) => files::text_present(ctx, p),
            Check::RefsPresent(p) => files::refs_present(ctx, p),
            Check::YamlKeyExists(p) => files::yaml_key_exists(ctx, p),
            Check::ExternalSecretsVault(_) => files::external_secrets_vault(ctx),
            Check::NoRetiredBackend(p) => files::no_retired_backend(ctx, p),
            Check::KeyPreferred(p) => files::key_preferred(ctx, p),
            Check::Manual => {
                Outcome::unknown("Manual item: no attestation for it in the --attestations file.")
            }
        }
    }
}

/// Whether a finding is a credential (not an endpoint or a posture issue).
pub(crate) fn is_credential(finding: &Finding) -> bool {
    matches!(
        finding.kind,
        FindingKind::ProviderSecret | FindingKind::GenericSecret | FindingKind::PrivateKey
    )
}

/// Where a credential the audit must account for came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Origin {
    /// A file of the working tree.
    Tree,
    /// Only git history.
    History,
    /// The report before the migration (`--before`).
    Before,
}

impl Credential {
    /// A name to show: the key it was assigned to, else its system, else its rule.
    pub fn name(&self) -> &str {
        [&self.key, &self.system, &self.rule_id]
            .into_iter()
            .find(|s| !s.is_empty())
            .map(String::as_str)
            .unwrap_or("credential")
    }
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::Tree => "tree",
            Origin::History => "history",
            Origin::Before => "before report",
        }
    }
}

/// A credential the migration must account for: found now (tree or history) or before.
#[derive(Debug, Clone)]
pub(crate) struct Credential {
    pub fingerprint: String,
    pub origin: Origin,
    /// System of record or provider.
    pub system: String,
    /// Endpoint seen with it (may be empty).
    pub endpoint: String,
    /// The rule that found it.
    pub rule_id: String,
    /// The key it was assigned to (`STRIPE_API_KEY`), when structured.
    pub key: String,
    /// `path:line` where it was (first place).
    pub place: EvidenceLocation,
    /// Expected Vault path, when the inventory template gives one.
    pub expected_path: String,
    /// Vault correlation, when the scan had Vault evidence.
    pub vault: Option<VaultMatch>,
}

/// The prefix of inventory rows the audit copies from the `--before` report.
pub const BEFORE_PREFIX: &str = "before: ";

/// Every credential to account for, one per fingerprint: inventory rows (tree, and rows
/// copied from the before report), then credential findings of the tree and history.
/// Vault's own secrets (unseal keys, root tokens: provider `vault`) are not credentials to
/// migrate into Vault; the posture checks deal with them.
pub(crate) fn credentials(ctx: &Ctx<'_>) -> Vec<Credential> {
    let vault_own: BTreeSet<&str> = ctx
        .report
        .findings
        .iter()
        .chain(
            ctx.before
                .map(|b| b.findings.as_slice())
                .unwrap_or_default(),
        )
        .filter(|f| f.provider == "vault")
        .map(|f| f.fingerprint.0.as_str())
        .collect();
    let mut all = all_credentials(ctx);
    all.retain(|c| c.system != "vault" && !vault_own.contains(c.fingerprint.as_str()));
    all
}

fn all_credentials(ctx: &Ctx<'_>) -> Vec<Credential> {
    let mut out: BTreeMap<String, Credential> = BTreeMap::new();
    for row in &ctx.report.inventory {
        if row.fingerprint.is_empty() || out.contains_key(&row.fingerprint) {
            continue;
        }
        let (origin, location) = match row.location.strip_prefix(BEFORE_PREFIX) {
            Some(rest) => (Origin::Before, rest),
            None => (Origin::Tree, row.location.as_str()),
        };
        out.insert(
            row.fingerprint.clone(),
            Credential {
                fingerprint: row.fingerprint.clone(),
                origin,
                system: row.system.clone(),
                endpoint: row.endpoint.clone(),
                rule_id: row.rule_id.clone(),
                key: last_key(&row.key_path),
                place: parse_place(location),
                expected_path: row.expected_vault_path.clone(),
                vault: row.vault.clone(),
            },
        );
    }
    let mut add_findings = |findings: &[Finding], before: bool| {
        for finding in findings.iter().filter(|f| is_credential(f)) {
            let fp = &finding.fingerprint.0;
            if let Some(existing) = out.get_mut(fp) {
                if existing.vault.is_none() && !before {
                    existing.vault = finding.vault.clone();
                }
                continue;
            }
            let Some(first) = finding.locations.first() else {
                continue;
            };
            let in_history = finding
                .locations
                .iter()
                .all(|l| l.git == GitStatus::History);
            out.insert(
                fp.clone(),
                Credential {
                    fingerprint: fp.clone(),
                    origin: if before {
                        Origin::Before
                    } else if in_history {
                        Origin::History
                    } else {
                        Origin::Tree
                    },
                    system: finding.provider.clone(),
                    endpoint: String::new(),
                    rule_id: finding.rule_id.clone(),
                    key: first.key_path.as_deref().map(last_key).unwrap_or_default(),
                    place: EvidenceLocation {
                        path: first.path.clone(),
                        line: first.line,
                        commit: first.commit.clone(),
                    },
                    expected_path: finding
                        .vault
                        .as_ref()
                        .and_then(|v| v.expected_path.clone())
                        .unwrap_or_default(),
                    vault: if before { None } else { finding.vault.clone() },
                },
            );
        }
    };
    add_findings(&ctx.report.findings, false);
    if let Some(before) = ctx.before {
        add_findings(&before.findings, true);
    }
    out.into_values().collect()
}

fn last_key(key_path: &str) -> String {
    key_path
        .rsplit(['.', '/'])
        .next()
        .unwrap_or_default()
        .trim_end_matches(']')
        .to_string()
}

fn parse_place(location: &str) -> EvidenceLocation {
    match location.rsplit_once(':') {
        Some((path, line)) if line.parse::<usize>().is_ok() => EvidenceLocation {
            path: path.to_string(),
            line: line.parse().unwrap_or(0),
            commit: None,
        },
        _ => EvidenceLocation {
            path: location.to_string(),
            line: 0,
            commit: None,
        },
    }
}

/// Whether a Vault match puts the value at its expected path (current or older version).
pub(crate) fn in_vault_ok(vault: &VaultMatch) -> bool {
    match vault.status {
        VaultStatus::AtExpectedPath => true,
        VaultStatus::Rotated => match &vault.expected_path {
            Some(expected) => {
                vault.paths.is_empty()
                    || vault.paths.iter().any(|p| p.starts_with(expected.as_str()))
            }
            None => true,
        },
        _ => false,
    }
}

/// The class of every file matching, for subject checks.
pub(crate) fn class_names(classes: &[String]) -> Vec<FileClass> {
    classes
        .iter()
        .filter_map(|c| {
            serde_json::from_value::<FileClass>(serde_json::Value::String(c.clone())).ok()
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builders for unit tests: findings, reports and contexts made by hand.
    use super::*;
    use crate::finding::{Fingerprint, Location, Severity};
    use crate::report::model::VaultSection;

    pub fn finding(rule: &str, kind: FindingKind, path: &str, git: GitStatus, fp: &str) -> Finding {
        Finding {
            rule_id: rule.to_string(),
            rule_name: rule.to_string(),
            provider: "stripe".to_string(),
            kind,
            severity: Severity::High,
            fingerprint: Fingerprint(fp.to_string()),
            redacted: "sk_…(32 chars)".to_string(),
            locations: vec![Location {
                path: path.to_string(),
                line: 3,
                column: 1,
                root: ".".to_string(),
                git,
                commit: (git == GitStatus::History).then(|| "abc123".to_string()),
                author: None,
                email: None,
                date: None,
                key_path: Some("mcpServers.stripe.env.STRIPE_API_KEY".to_string()),
            }],
            status: None,
            introduced: None,
            vault: None,
        }
    }

    pub fn report(findings: Vec<Finding>) -> Report {
        Report {
            schema_version: 1,
            tool: Default::default(),
            roots: vec![".".into()],
            findings,
            skipped: vec![],
            suppressed: Default::default(),
            history: vec![],
            references: vec![],
            inventory: vec![],
            vault: None,
            audit: None,
            excluded: vec![],
            stats: crate::report::Stats {
                files: 10,
                ..Default::default()
            },
        }
    }

    pub fn vault() -> VaultSection {
        VaultSection {
            source: "index".into(),
            address: "https://vault.internal:8200".into(),
            ..Default::default()
        }
    }

    pub fn ctx<'a>(report: &'a Report, repo: &'a Repo) -> Ctx<'a> {
        Ctx {
            report,
            repo,
            before: None,
            now: "2026-06-01T00:00:00Z".parse().unwrap(),
            policy_readers: None,
        }
    }
}
