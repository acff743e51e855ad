//! The scan pipeline: walk the roots and their git history, run the detectors on every
//! blob on every worker thread, then fold the per-thread hits into one [`Finding`](crate::finding::Finding) per
//! distinct value with all its locations, apply suppressions, git status and history
//! status, and build the [`Report`]. Per-thread detection lives in `detector`, the fold
//! into findings in `aggregate`; this module wires the sources to them.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use crate::baseline::{SuppressionError, Suppressions};
use crate::config::{Config, ConfigError};
use crate::detect::endpoints::{endpoint_rules, Systems, UserEndpoint};
use crate::detect::structured::analyze::Reference;
use crate::detect::{builtin_rules, rules_from_dir, Matcher, RuleError};
use crate::finding::{defang, AuditKey, FindingKind};
use crate::inventory::{Fact, Inventory, InventoryError};
use crate::posture;
use crate::report::model::ExcludedPath;
use crate::report::{Report, Stats, Suppressed, SCHEMA_VERSION};
use crate::source::fs::{self, FsOptions, NestedRepository, WalkError};
use crate::source::git::{self, HistoryError, HistoryIndex, HistoryOptions, HistorySummary};

mod aggregate;
mod detector;
pub mod names;
mod values;

use crate::detect::seen::CleanChunks;
use aggregate::Aggregation;

pub use aggregate::{
    COMMIT_AUTHOR_PATH, COMMIT_COMMITTER_PATH, COMMIT_MESSAGE_PATH, FILE_NAME_KEY_PATH,
};
use detector::{
    scan_commit_texts, scan_history_paths, BlobScanner, Collected, Detector, FileScanner, Hit,
    Origin, Shared,
};
pub use values::ValueScanner;

/// Which sources a scan reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HistoryMode {
    /// Files, plus the history of every root that is a git repository.
    #[default]
    FilesAndHistory,
    /// Files only (`--no-history`).
    FilesOnly,
    /// History only (`--git`); every root must be a repository.
    HistoryOnly,
}

/// What to scan and how.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// Files or directories to scan.
    pub roots: Vec<PathBuf>,
    /// Walk options (excludes from the configuration are added to these).
    pub fs: FsOptions,
    /// Which sources to read.
    pub history_mode: HistoryMode,
    /// How to read git history.
    pub history: HistoryOptions,
    /// Directories of extra rule files (`--rules`).
    pub rule_dirs: Vec<PathBuf>,
    /// An explicit configuration file; by default each root's `.vaultproof.toml`.
    pub config: Option<PathBuf>,
    /// A previous JSON report whose findings are accepted.
    pub baseline: Option<PathBuf>,
    /// Ignore the scanned roots' own `.vaultproof.toml` (`--no-repo-config`): a
    /// repository under audit must not be able to exclude or allowlist its own secrets.
    pub no_repo_config: bool,
}

/// A repository whose history was scanned, and where its locations are shown.
pub(super) struct RepoHistory {
    /// The location root: the scanned root, or a nested repository's directory.
    pub(super) shown_root: String,
    /// Its history.
    pub(super) index: HistoryIndex,
}

/// Why a scan could not run. Per-file problems are not errors: they are skips.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// Rules could not be loaded.
    #[error(transparent)]
    Rules(#[from] RuleError),
    /// The `[inventory]` configuration is invalid.
    #[error(transparent)]
    Inventory(#[from] InventoryError),
    /// The configuration could not be loaded.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The baseline or allowlist could not be used.
    #[error(transparent)]
    Suppression(#[from] SuppressionError),
    /// The walk could not start.
    #[error(transparent)]
    Walk(#[from] WalkError),
    /// A repository's history could not be read.
    #[error(transparent)]
    History(#[from] HistoryError),
    /// `--git` was given for a root that is not a repository.
    #[error("{0}: not a git repository (--git scans history only)")]
    NotARepository(PathBuf),
}

/// Called after each scanned file or blob with its size; used for a progress display.
pub type ProgressFn<'a> = &'a (dyn Fn(u64) + Sync);

/// Loads the built-in rules plus those in `rule_dirs` and compiles them.
pub fn load_matcher(rule_dirs: &[PathBuf]) -> Result<Matcher, RuleError> {
    load_matcher_with(rule_dirs, &[]).map(|(matcher, _)| matcher)
}

/// Loads the secret rules (built-in plus `rule_dirs`), the endpoint rules (built-in plus
/// the user's `[[endpoints]]`) and the posture rules into one matcher, so that every
/// keyword rides one Aho-Corasick pass; returns it with the systems-of-record table.
pub fn load_matcher_with(
    rule_dirs: &[PathBuf],
    endpoints: &[UserEndpoint],
) -> Result<(Matcher, Systems), RuleError> {
    let mut rules = builtin_rules()?;
    for dir in rule_dirs {
        rules.extend(rules_from_dir(dir)?);
    }
    let (endpoint_rules, systems) = endpoint_rules(endpoints)?;
    rules.extend(endpoint_rules);
    rules.extend(posture::keyword_rules()?);
    rules.extend(crate::detect::encoded::keyword_rules());
    let mut matcher = Matcher::new(rules)?;
    matcher.add_structural(posture::structural_rules())?;
    matcher.add_structural(vec![
        crate::detect::keytab::rule(),
        crate::detect::keystore::rule(),
    ])?;
    Ok((matcher, systems))
}

/// The fingerprints of every secret the detectors find in `data`, judged as the content
/// of a file named `name` (`""`: plain text, as a commit message is). The Vault index runs
/// each Vault value through this, so a value and the same credential found in a file get
/// the same fingerprint (a whole `DATABASE_URL` in Vault yields its password's).
pub fn secret_fingerprints(
    matcher: &Matcher,
    key: &AuditKey,
    name: &str,
    data: &[u8],
) -> Vec<crate::finding::Fingerprint> {
    detector::secret_fingerprints(matcher, key, name, data)
}

/// Runs a scan and returns its report.
pub fn scan(
    options: &ScanOptions,
    key: &AuditKey,
    progress: Option<ProgressFn<'_>>,
) -> Result<Report, ScanError> {
    let started = Instant::now();
    // Before any thread of the scan uses libgit2.
    git::configure_libgit2();
    let (config, exclude_origins) = load_config(options)?;
    // With history only, nothing comes before the history: the first repository's commits
    // are read while the rules load on another thread (a core would otherwise wait).
    let first_repository = options.roots.first().filter(|root| {
        options.history_mode == HistoryMode::HistoryOnly && git::is_repository(root)
    });
    let (loaded, mut early_history) = match first_repository {
        Some(root) => std::thread::scope(|scope| {
            let loading = scope.spawn(|| load_matcher_with(&options.rule_dirs, &config.endpoints));
            let started = HistoryIndex::start(root, &options.history);
            let loaded = loading
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (loaded, Some((root.clone(), started)))
        }),
        None => (
            load_matcher_with(&options.rule_dirs, &config.endpoints),
            None,
        ),
    };
    let (matcher, systems) = loaded?;
    let inventory = Inventory::new(&config.inventory)?;
    let suppressions = Suppressions::new(&config.allowlist, options.baseline.as_deref())?;
    let mut fs_options = options.fs.clone();
    fs_options
        .exclude
        .extend(config.scan.exclude.iter().cloned());
    if config.scan.archives == Some(false) {
        fs_options.archives = None;
    }
    let mut shared = Shared {
        matcher: &matcher,
        key,
        progress,
        collected: Mutex::new(Collected::default()),
        // Made for the first history to scan, sized for it (a tree without one pays nothing).
        clean_chunks: None,
    };

    let mut walked = fs::WalkOutcome::default();
    if options.history_mode != HistoryMode::HistoryOnly {
        walked = fs::walk(&options.roots, &fs_options, || FileScanner {
            detector: Detector::new(&shared),
            skipped: Vec::new(),
        })?;
    }
    let mut histories: Vec<RepoHistory> = Vec::new();
    let mut summaries: Vec<HistorySummary> = Vec::new();
    if options.history_mode != HistoryMode::FilesOnly {
        let mut repositories = Vec::new();
        for (root_index, root) in options.roots.iter().enumerate() {
            if git::is_repository(root) {
                repositories.push(NestedRepository {
                    root: root_index,
                    relative: String::new(),
                    path: root.clone(),
                });
            } else if options.history_mode == HistoryMode::HistoryOnly {
                return Err(ScanError::NotARepository(root.clone()));
            }
        }
        // Repositories met inside the walked trees: a workspace of repositories.
        repositories.extend(
            walked
                .repositories
                .iter()
                .filter(|r| !r.relative.is_empty())
                .cloned(),
        );
        for found in repositories {
            let shown_root = if found.relative.is_empty() {
                crate::escape::os_name(options.roots[found.root].as_os_str()).into_owned()
            } else {
                crate::escape::os_name(found.path.as_os_str()).into_owned()
            };
            let started = match early_history.take() {
                Some((path, started)) if path == found.path => started,
                _ => HistoryIndex::start(&found.path, &options.history),
            };
            let repo = histories.len();
            // The commit texts are scanned while the tree walk runs; their findings are
            // kept only if the walk completes the index.
            let mut texts = Detector::new(&shared);
            let built = started.and_then(|build| {
                scan_commit_texts(&mut texts, build.messages(), build.metadata(), repo);
                build.finish()
            });
            let mut index = match built {
                Ok(index) => index,
                Err(error @ HistoryError::Revision { .. }) => return Err(error.into()),
                Err(error) => {
                    // The repository could not be read at all: its summary says so and
                    // the scan goes on (and fails closed on the incomplete history).
                    summaries.push(HistorySummary {
                        repository: shown_root,
                        errors: vec![error.to_string()],
                        ..HistorySummary::default()
                    });
                    continue;
                }
            };
            texts.flush(Vec::new(), false);
            drop(texts);
            let wanted = CleanChunks::slots_log2_for(index.summary.blobs);
            if shared
                .clean_chunks
                .as_ref()
                .is_none_or(|table| table.slots_log2() < wanted)
            {
                shared.clean_chunks = Some(CleanChunks::new(wanted));
            }
            index.scan(&options.history, || BlobScanner {
                detector: Detector::new(&shared),
                repo,
                archives: fs_options.archives,
                max_member: fs_options.max_file_size,
                skipped: Vec::new(),
                decoded: Vec::new(),
            });
            scan_history_paths(&index, repo, &shared);
            index.summary.repository = shown_root.clone();
            summaries.push(index.summary.clone());
            histories.push(RepoHistory { shown_root, index });
        }
    }
    let mut collected = shared
        .collected
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    collected.env_files.sort();
    for hit in posture::repo_checks(&options.roots, &collected.env_files, &matcher, key) {
        collected.hits.push(Hit {
            rule: hit.rule,
            fingerprint: hit.fingerprint,
            redacted: hit.redacted,
            line: 1,
            column: 1,
            inline_allowed: false,
            origin: Origin::File {
                root: hit.root,
                path: hit.path,
            },
            context: None,
        });
    }

    let mut report = Report {
        schema_version: SCHEMA_VERSION,
        tool: Default::default(),
        roots: options
            .roots
            .iter()
            .map(|r| crate::escape::os_name(r.as_os_str()).into_owned())
            .collect(),
        findings: Vec::new(),
        skipped: Vec::new(),
        notes: Vec::new(),
        suppressed: Suppressed::default(),
        history: summaries,
        references: Vec::new(),
        inventory: Vec::new(),
        excluded: walked
            .excluded
            .iter()
            .map(|e| ExcludedPath {
                root: crate::escape::os_name(options.roots[e.root].as_os_str()).into_owned(),
                path: e.path.clone(),
                pattern: e.pattern.clone(),
                origin: exclude_origins
                    .get(&e.pattern)
                    .cloned()
                    .unwrap_or_else(|| "--exclude".to_string()),
            })
            .collect(),
        vault: None,
        audit: None,
        stats: Stats {
            files: collected.files,
            bytes: collected.bytes,
            rules: matcher.rules().len(),
            excluded: walked.excluded.len() as u64,
            ..Stats::default()
        },
        generated_at: Some(crate::report::now_rfc3339()),
        change: None,
        merged_from: Vec::new(),
    };
    for skipped in &collected.skipped {
        *report.stats.skipped.entry(skipped.reason).or_insert(0) += 1;
    }
    report.skipped = collected.skipped;
    report.skipped.sort();
    report.stats.read_as_text = collected.notes.len() as u64;
    report.notes = collected.notes;
    report.notes.sort();
    let aggregation = Aggregation {
        matcher: &matcher,
        roots: &options.roots,
        histories: &histories,
        suppressions: &suppressions,
    };
    let facts = inventory_facts(&matcher, &suppressions, &collected.hits);
    report.inventory = inventory.rows(&facts, &systems);
    for row in &mut report.inventory {
        row.endpoint = defang(&row.endpoint);
    }
    report.references = collected
        .references
        .into_iter()
        .map(|(root, path, r)| Reference {
            path,
            line: r.line,
            key_path: r.key_path,
            kind: r.kind,
            // URLs (Azure Key Vault secret URIs) are defanged like endpoints; paths and
            // names (`secret/data/x`, `.Values.token`) are left as they are.
            target: if r.target.contains("://") {
                defang(&r.target)
            } else {
                r.target
            },
            root: crate::escape::os_name(options.roots[root].as_os_str()).into_owned(),
        })
        .collect();
    report.references.sort();
    report.references.dedup();
    let (mut findings, suppressed) = aggregation.run(collected.hits);
    for finding in findings
        .iter_mut()
        .filter(|f| f.kind == FindingKind::Endpoint)
    {
        finding.redacted = defang(&finding.redacted);
    }
    report.findings = findings;
    report.suppressed = suppressed;
    names::redact_report(&mut report, &matcher);
    report.stats.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// The configuration (explicit `--config`, else each root's own unless
/// `--no-repo-config`), with the file each exclude glob came from.
fn load_config(
    options: &ScanOptions,
) -> Result<(Config, std::collections::HashMap<String, String>), ConfigError> {
    let mut origins = std::collections::HashMap::new();
    let mut note = |config: &Config, path: &Path| {
        for glob in &config.scan.exclude {
            if !options.fs.exclude.contains(glob) {
                origins
                    .entry(glob.clone())
                    .or_insert_with(|| path.display().to_string());
            }
        }
    };
    if let Some(path) = &options.config {
        let config = Config::load(path, false)?;
        note(&config, path);
        return Ok((config, origins));
    }
    let mut merged = Config::default();
    if options.no_repo_config {
        return Ok((merged, origins));
    }
    for root in &options.roots {
        let config = Config::for_root(root)?;
        note(&config, &root.join(crate::config::CONFIG_FILE_NAME));
        merged.scan.exclude.extend(config.scan.exclude);
        if config.scan.archives == Some(false) {
            merged.scan.archives = Some(false);
        }
        merged.allowlist.paths.extend(config.allowlist.paths);
        merged.allowlist.rules.extend(config.allowlist.rules);
        merged
            .allowlist
            .fingerprints
            .extend(config.allowlist.fingerprints);
        merged.endpoints.extend(config.endpoints);
        if merged.inventory == Default::default() {
            merged.inventory = config.inventory;
        }
    }
    Ok((merged, origins))
}

/// The credentials and endpoints of the working tree that are not suppressed, for the
/// inventory join.
fn inventory_facts(matcher: &Matcher, suppressions: &Suppressions, hits: &[Hit]) -> Vec<Fact> {
    hits.iter()
        .filter_map(|hit| {
            let Origin::File { root, path } = &hit.origin else {
                return None;
            };
            let rule = &matcher.rules()[hit.rule].rule;
            let suppressed = hit.inline_allowed
                || suppressions
                    .check(&rule.id, &hit.fingerprint, path)
                    .is_some();
            if suppressed || rule.kind == FindingKind::Posture {
                return None;
            }
            Some(Fact {
                root: *root,
                path: path.clone(),
                line: hit.line,
                rule_id: rule.id.clone(),
                rule_name: rule.name.clone(),
                provider: rule.provider.clone(),
                kind: rule.kind,
                endpoint: if rule.kind == FindingKind::Endpoint {
                    hit.redacted.clone()
                } else {
                    String::new()
                },
                fingerprint: hit.fingerprint.0.clone(),
                context: hit.context.as_deref().cloned(),
            })
        })
        .collect()
}
