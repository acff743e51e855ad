//! The command line: every subcommand and flag, and nothing else.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::finding::Severity;

/// Proves a credentials migration into HashiCorp Vault is done: finds plaintext
/// credentials and turns the scan into audit evidence.
#[derive(Debug, Parser)]
#[command(name = "vaultproof", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once; boxing would only add noise
pub enum Command {
    /// Scan files and directories for plaintext credentials.
    Scan(ScanArgs),
    /// List the detection rules (built-in plus any `--rules DIR`).
    Rules(RulesArgs),
    /// Compare two JSON reports: findings fixed, new and still present (by fingerprint),
    /// checklist items whose status changed, inventory rows migrated.
    Diff(DiffArgs),
    /// Join JSON reports (one per repository) into one; findings with the same
    /// fingerprint across repositories become one finding.
    Merge(MergeArgs),
    /// Audit a credentials migration: every item of the runbooks' checklists decided from
    /// evidence (the scan, Vault, its audit log, attestations).
    Audit(AuditArgs),
    /// Read-only Vault commands.
    #[command(subcommand)]
    Vault(VaultCommand),
}

/// `vaultproof vault ...`.
#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// Index Vault's KV secrets by keyed fingerprint (no values) with its posture evidence,
    /// for offline scans (`scan --vault-index`).
    Index(VaultIndexArgs),
}

/// How to reach and log in to Vault (besides VAULT_ADDR, VAULT_TOKEN or ~/.vault-token,
/// VAULT_NAMESPACE, VAULT_CACERT, VAULT_SKIP_VERIFY, VAULT_ROLE_ID, VAULT_SECRET_ID).
#[derive(Debug, Clone, Args)]
pub struct VaultConnectArgs {
    /// AppRole role id (else VAULT_ROLE_ID).
    #[arg(long, value_name = "ID", help_heading = "Vault")]
    pub role_id: Option<String>,
    /// File holding the AppRole secret id (else VAULT_SECRET_ID); never on the command line.
    #[arg(long, value_name = "FILE", help_heading = "Vault")]
    pub secret_id_file: Option<PathBuf>,
    /// AppRole auth mount.
    #[arg(
        long,
        value_name = "PATH",
        default_value = "approle",
        help_heading = "Vault"
    )]
    pub approle_mount: String,
    /// Seconds before a Vault request times out.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 10,
        help_heading = "Vault"
    )]
    pub vault_timeout: u64,
    /// Vault requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 16, help_heading = "Vault")]
    pub vault_concurrency: usize,
}

/// `vaultproof vault index`.
#[derive(Debug, Args)]
pub struct VaultIndexArgs {
    /// Index only this KV mount; repeatable (default: every KV mount).
    #[arg(long = "mount", value_name = "MOUNT")]
    pub mounts: Vec<String>,
    /// Index only secrets under this folder inside each mount.
    #[arg(long, value_name = "PATH")]
    pub prefix: Option<String>,
    /// Also fingerprint up to N versions older than the current one (KV v2), so a leaked
    /// value that was rotated out is told apart from a live one.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub versions: u32,
    /// Write the index here (mode 0600; keep it apart from the audit key).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Connection.
    #[command(flatten)]
    pub connect: VaultConnectArgs,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Findings grouped by file, for people.
    Terminal,
    /// The JSON report (schema-versioned contract).
    Json,
    /// One self-contained HTML page (no network needed to open it).
    Html,
    /// SARIF 2.1.0 for code-scanning UIs.
    Sarif,
    /// A compact Markdown summary for pull-request comments and CI job summaries.
    Markdown,
}

/// More formats written from the same run, beside `--format`/`-o`.
#[derive(Debug, Clone, Default, Args)]
pub struct ExtraOutputs {
    /// Also write the HTML report to FILE.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub html: Option<PathBuf>,
    /// Also write the SARIF 2.1.0 log to FILE.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub sarif: Option<PathBuf>,
    /// Also write the Markdown summary to FILE.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub markdown: Option<PathBuf>,
    /// Also write the JSON report to FILE.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub json: Option<PathBuf>,
    /// A previous JSON report of the same scope: reports show what changed since.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub previous: Option<PathBuf>,
}

/// `vaultproof diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The JSON report before (the migration, the change...).
    pub before: PathBuf,
    /// The JSON report after.
    pub after: PathBuf,
    /// Output format (`sarif` is not available for a diff).
    #[arg(long, value_enum, default_value_t = OutputFormat::Terminal)]
    pub format: OutputFormat,
    /// Write to FILE instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the HTML diff to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Also write the Markdown diff to FILE.
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Also write the JSON diff to FILE.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Exit 1 when the after report has findings the before report did not.
    #[arg(long)]
    pub fail_on_new: bool,
}

/// `vaultproof merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The JSON reports to join (one per repository or shard).
    #[arg(required = true)]
    pub reports: Vec<PathBuf>,
    /// Report format of the merged report.
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    pub format: OutputFormat,
    /// Write the merged report to FILE instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// More formats of the merged report.
    #[command(flatten)]
    pub extra: ExtraOutputs,
}

/// `vaultproof scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Report format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Terminal, help_heading = "Output")]
    pub format: OutputFormat,
    /// Write the report to FILE instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
    /// Also write the credential inventory (system of record, endpoint, credential type,
    /// location, expected Vault path) to FILE as CSV.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub inventory: Option<PathBuf>,
    /// More formats written from the same run.
    #[command(flatten)]
    pub extra: ExtraOutputs,
    /// No progress bar and no per-file messages on standard error.
    #[arg(short, long, help_heading = "Output")]
    pub quiet: bool,
    /// Also list every skipped file (binary, empty, symlink) and every file read as
    /// plain text on standard error, and every location in the terminal view.
    #[arg(short, long, conflicts_with = "quiet", help_heading = "Output")]
    pub verbose: bool,
    /// Terminal view: list every location of each finding (each history commit too),
    /// not only the folded summary.
    #[arg(long, help_heading = "Output")]
    pub all_locations: bool,

    /// Exit 1 when a finding at or above this severity remains.
    #[arg(long, value_enum, default_value_t = Severity::Info, value_name = "SEVERITY", help_heading = "Gate")]
    pub fail_on: Severity,
    /// A previous JSON report: its findings are accepted (counted as suppressed).
    #[arg(long, value_name = "FILE", help_heading = "Gate")]
    pub baseline: Option<PathBuf>,
    /// Configuration file (default: `.vaultproof.toml` at each scanned root).
    #[arg(long, value_name = "FILE", help_heading = "Gate")]
    pub config: Option<PathBuf>,
    /// Ignore the scanned roots' own `.vaultproof.toml` (their excludes and allowlists):
    /// for audits of repositories that must not be able to hide their own secrets.
    #[arg(long, help_heading = "Gate")]
    pub no_repo_config: bool,

    /// Do not walk paths matching GLOB (gitignore syntax, relative to the root); repeatable.
    #[arg(long, value_name = "GLOB", help_heading = "Walk")]
    pub exclude: Vec<String>,
    /// Follow symbolic links (loops are detected and reported).
    #[arg(long, help_heading = "Walk")]
    pub follow_symlinks: bool,
    /// Skip files larger than this (bytes, or with a K, M or G suffix).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size, help_heading = "Walk")]
    pub max_file_size: u64,
    /// Do not open archives (zip, jar, war, whl, nupkg, docx, xlsx, tar, tar.gz...): skip
    /// them as binary files instead of scanning their members.
    #[arg(long, help_heading = "Walk")]
    pub no_archives: bool,
    /// Worker threads (default: one per core; at most 256).
    #[arg(long, value_name = "N", default_value_t = 0, help_heading = "Walk",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=256))]
    pub threads: usize,

    /// Add the rules in every `*.toml` file of DIR; repeatable.
    #[arg(long = "rules", value_name = "DIR", help_heading = "Rules")]
    pub rule_dirs: Vec<PathBuf>,

    /// Scan only what is staged in the git index (added or changed against HEAD), for a
    /// pre-commit hook; the one path given must be inside the repository.
    #[arg(long, conflicts_with_all = ["git", "since", "branch"], help_heading = "Git history")]
    pub staged: bool,
    /// Scan files only, not the git history of repositories.
    #[arg(long, conflicts_with = "git", help_heading = "Git history")]
    pub no_history: bool,
    /// Scan git history only (every root must be a repository), not the files.
    #[arg(long, help_heading = "Git history")]
    pub git: bool,
    /// Only commits not reachable from REV (incremental CI scans).
    #[arg(long, value_name = "REV", help_heading = "Git history")]
    pub since: Option<String>,
    /// Only commits reachable from REF (default: every ref, HEAD and the stash).
    #[arg(long, value_name = "REF", help_heading = "Git history")]
    pub branch: Option<String>,
    /// Skip blobs larger than this (bytes, or with a K, M or G suffix).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size, help_heading = "Git history")]
    pub max_blob_size: u64,
    /// Exit as usual (0 or 1) even when some history could not be read (a corrupt or
    /// missing object, an unreadable ref, blobs absent from a partial clone); without it
    /// such a scan exits 2. What was not read is listed either way.
    #[arg(long, help_heading = "Git history")]
    pub allow_incomplete: bool,

    /// Vault evidence.
    #[command(flatten)]
    pub vault: VaultEvidenceArgs,
}

/// `vaultproof audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The repository (or directory) to audit.
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// A checklist to evaluate: a built-in id (`000-credential-relocation`, or `000`) or a
    /// checklist file; repeatable. Default: every built-in checklist that applies.
    #[arg(long, value_name = "ID|FILE", help_heading = "Checklists")]
    pub checklist: Vec<String>,
    /// Sign-offs of manual items (TOML: `[[attestation]] item, by, date, note, expires`).
    #[arg(long, value_name = "FILE", help_heading = "Checklists")]
    pub attestations: Option<PathBuf>,
    /// The JSON report of the audit before the migration: its credentials must be gone
    /// from the tree and present at their expected Vault paths.
    #[arg(long, value_name = "REPORT.json", help_heading = "Checklists")]
    pub before: Option<PathBuf>,

    /// Vault evidence.
    #[command(flatten)]
    pub vault: VaultEvidenceArgs,

    /// Report format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Terminal, help_heading = "Output")]
    pub format: OutputFormat,
    /// Write the report to FILE instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
    /// More formats written from the same run.
    #[command(flatten)]
    pub extra: ExtraOutputs,
    /// No progress display.
    #[arg(short, long, help_heading = "Output")]
    pub quiet: bool,

    /// Evaluate as of this time (RFC 3339 or YYYY-MM-DD; default: now). Secret ages and
    /// attestation expiry are measured against it, so an audit can be reproduced.
    #[arg(long, value_name = "DATE", help_heading = "Checklists")]
    pub as_of: Option<String>,

    /// Exit 1 when an item of at least this severity fails (or is unknown).
    #[arg(long, value_enum, default_value_t = Severity::Info, value_name = "SEVERITY", help_heading = "Gate")]
    pub fail_on: Severity,
    /// Do not fail the gate on unknown items (evidence that could not be gathered).
    #[arg(long, help_heading = "Gate")]
    pub allow_unknown: bool,
}

/// Where `scan` and `audit` take their Vault evidence from: a live Vault (read-only), an
/// offline index, and the file audit device's log.
#[derive(Debug, Args)]
pub struct VaultEvidenceArgs {
    /// Read Vault live (read-only; VAULT_ADDR, VAULT_TOKEN or ~/.vault-token,
    /// VAULT_NAMESPACE, VAULT_CACERT...): every finding gets a Vault status.
    #[arg(long, conflicts_with = "vault_index", help_heading = "Vault")]
    pub vault: bool,
    /// An offline index from `vaultproof vault index` instead of a live Vault.
    #[arg(long, value_name = "FILE", help_heading = "Vault")]
    pub vault_index: Option<PathBuf>,
    /// With --vault: only this KV mount; repeatable.
    #[arg(long, value_name = "MOUNT", requires = "vault", help_heading = "Vault")]
    pub vault_mount: Vec<String>,
    /// With --vault: also fingerprint up to N versions older than the current one (KV v2),
    /// so a leaked value that was rotated out (`rotated`) is told apart from a live one.
    #[arg(long, value_name = "N", default_value_t = 5, help_heading = "Vault")]
    pub vault_versions: u32,
    /// The file audit device's log (JSON lines): read events per credential path.
    #[arg(long, value_name = "FILE", help_heading = "Vault")]
    pub audit_log: Option<PathBuf>,
    /// Count audit-log events from this date on (RFC 3339 or YYYY-MM-DD).
    #[arg(
        long,
        value_name = "DATE",
        requires = "audit_log",
        help_heading = "Vault"
    )]
    pub audit_log_since: Option<String>,
    /// Connection (with --vault).
    #[command(flatten)]
    pub connect: VaultConnectArgs,
}

/// `vaultproof rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Add the rules in every `*.toml` file of DIR; repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
}

/// Parses `123`, `64K`, `64M`, `1G` (binary multiples; a trailing `B` or `iB` is allowed).
fn parse_size(text: &str) -> Result<u64, String> {
    let upper = text.trim().to_ascii_uppercase();
    let digits = upper.trim_end_matches("IB").trim_end_matches('B');
    let (number, shift) = match digits.chars().last() {
        Some('K') => (&digits[..digits.len() - 1], 10),
        Some('M') => (&digits[..digits.len() - 1], 20),
        Some('G') => (&digits[..digits.len() - 1], 30),
        _ => (digits, 0),
    };
    let value: u64 = number
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a size such as 1048576, 64M or 1G"))?;
    value
        .checked_shl(shift)
        .filter(|v| v >> shift == value)
        .ok_or_else(|| format!("{text:?} is too large"))
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_with_suffixes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert!(parse_size("lots").is_err());
    }
}
