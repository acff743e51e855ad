//! The scan pipeline: walk the roots and their git history, run the detectors on every
//! blob on every worker thread, then fold the per-thread hits into one [`Finding`] per
//! distinct value with all its locations, apply suppressions, git status and history
//! status, and build the [`Report`].

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use crate::baseline::{line_allows, SuppressionError, SuppressionReason, Suppressions};
use crate::config::{Config, ConfigError};
use crate::detect::endpoints::{endpoint_rules, Systems, UserEndpoint};
use crate::detect::structured::analyze::{self as structured, Analyzer, Context, Reference};
use crate::detect::structured::is_dotenv_name;
use crate::detect::{builtin_rules, rules_from_dir, Candidate, Matcher, RuleError, Scratch};
use crate::finding::{
    defang, AuditKey, Finding, FindingKind, Fingerprint, GitStatus, Introduction, Location,
    SecretStatus, Severity,
};
use crate::inventory::{Fact, Inventory, InventoryError};
use crate::posture;
use crate::report::{Report, Stats, Suppressed, SuppressedEntry, SCHEMA_VERSION};
use crate::source::fs::{self, Blob, BlobVisitor, FsOptions, SkipReason, Skipped, WalkError};
use crate::source::git::{self, HistoryError, HistoryIndex, HistoryOptions, HistoryVisitor};
use crate::source::worktree::WorkTree;

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
    let mut matcher = Matcher::new(rules)?;
    matcher.add_structural(posture::structural_rules())?;
    Ok((matcher, systems))
}

/// Runs a scan and returns its report.
pub fn scan(
    options: &ScanOptions,
    key: &AuditKey,
    progress: Option<ProgressFn<'_>>,
) -> Result<Report, ScanError> {
    let started = Instant::now();
    let config = load_config(options)?;
    let (matcher, systems) = load_matcher_with(&options.rule_dirs, &config.endpoints)?;
    let inventory = Inventory::new(&config.inventory)?;
    let suppressions = Suppressions::new(&config.allowlist, options.baseline.as_deref())?;
    let mut fs_options = options.fs.clone();
    fs_options
        .exclude
        .extend(config.scan.exclude.iter().cloned());
    let shared = Shared {
        matcher: &matcher,
        key,
        progress,
        collected: Mutex::new(Collected::default()),
    };

    if options.history_mode != HistoryMode::HistoryOnly {
        fs::walk(&options.roots, &fs_options, || FileScanner {
            detector: Detector::new(&shared),
            skipped: Vec::new(),
        })?;
    }
    let mut histories = Vec::new();
    if options.history_mode != HistoryMode::FilesOnly {
        for (root_index, root) in options.roots.iter().enumerate() {
            if !git::is_repository(root) {
                if options.history_mode == HistoryMode::HistoryOnly {
                    return Err(ScanError::NotARepository(root.clone()));
                }
                continue;
            }
            let mut index = HistoryIndex::build(root, &options.history)?;
            let repo = histories.len();
            index.scan(&options.history, || BlobScanner {
                detector: Detector::new(&shared),
                repo,
            });
            scan_commit_messages(&index, repo, &shared);
            histories.push((root_index, index));
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
            .map(|r| r.display().to_string())
            .collect(),
        findings: Vec::new(),
        skipped: Vec::new(),
        suppressed: Suppressed::default(),
        history: histories
            .iter()
            .map(|(_, index)| index.summary.clone())
            .collect(),
        references: Vec::new(),
        inventory: Vec::new(),
        stats: Stats {
            files: collected.files,
            bytes: collected.bytes,
            rules: matcher.rules().len(),
            ..Stats::default()
        },
    };
    for skipped in &collected.skipped {
        *report.stats.skipped.entry(skipped.reason).or_insert(0) += 1;
    }
    report.skipped = collected.skipped;
    report.skipped.sort();
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
            root: options.roots[root].display().to_string(),
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
    report.stats.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

fn load_config(options: &ScanOptions) -> Result<Config, ConfigError> {
    if let Some(path) = &options.config {
        return Config::load(path, false);
    }
    let mut merged = Config::default();
    for root in &options.roots {
        let config = Config::for_root(root)?;
        merged.scan.exclude.extend(config.scan.exclude);
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
    Ok(merged)
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

/// What every worker thread reads and where it puts its results.
struct Shared<'a> {
    matcher: &'a Matcher,
    key: &'a AuditKey,
    progress: Option<ProgressFn<'a>>,
    collected: Mutex<Collected>,
}

/// Where a hit was seen.
#[derive(Debug, Clone)]
enum Origin {
    /// A file of the working tree.
    File { root: usize, path: String },
    /// Blob `blob` of history number `repo`.
    Blob { repo: usize, blob: u32 },
    /// The message of commit `commit` of history number `repo`.
    Message { repo: usize, commit: u32 },
}

/// One matched value in one blob, before aggregation.
#[derive(Debug)]
struct Hit {
    rule: usize,
    fingerprint: Fingerprint,
    redacted: String,
    line: usize,
    column: usize,
    inline_allowed: bool,
    origin: Origin,
    /// Key path and config object, for values in structured files.
    context: Option<Box<Context>>,
}

/// What the workers gathered.
#[derive(Debug, Default)]
struct Collected {
    hits: Vec<Hit>,
    skipped: Vec<Skipped>,
    /// References found in structured files: (root, path, reference).
    references: Vec<(usize, String, structured::FileReference)>,
    /// `.env`-family files seen by the walk: (root, path), for the posture checks.
    env_files: Vec<(usize, String)>,
    files: u64,
    bytes: u64,
}

/// One worker thread's detection state, shared by every source: the matcher's scratch
/// space and a local result buffer merged into the shared one when the thread finishes.
struct Detector<'a> {
    shared: &'a Shared<'a>,
    scratch: Scratch,
    candidates: Vec<Candidate>,
    hits: Vec<Hit>,
    files: u64,
    bytes: u64,
    analyzer: Analyzer,
    references: Vec<(usize, String, structured::FileReference)>,
    env_files: Vec<(usize, String)>,
    notes: Vec<Skipped>,
}

impl<'a> Detector<'a> {
    fn new(shared: &'a Shared<'a>) -> Self {
        Detector {
            shared,
            scratch: Scratch::default(),
            candidates: Vec::new(),
            hits: Vec::new(),
            files: 0,
            bytes: 0,
            analyzer: Analyzer::default(),
            references: Vec::new(),
            env_files: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Runs every detector over `data`, recording hits from `origin`. The secret bytes
    /// are fingerprinted and redacted here and go no further. A blob whose `path` marks
    /// it as structured (a working-tree file or a history blob alike) is also parsed and
    /// judged key by key; references and parse notes are recorded only for working-tree
    /// files (`file` is `(root, path)`), so history does not repeat them.
    fn detect(
        &mut self,
        data: &[u8],
        path: Option<&str>,
        file: Option<(usize, &str)>,
        origin: impl Fn() -> Origin,
    ) {
        self.files += 1;
        self.bytes += data.len() as u64;
        if let Some(progress) = self.shared.progress {
            progress(data.len() as u64);
        }
        self.candidates.clear();
        let matcher = self.shared.matcher;
        matcher.find(data, &mut self.scratch, &mut self.candidates);
        let path = path.unwrap_or("");
        let mut analysis = if path.is_empty() {
            None
        } else {
            self.analyzer
                .analyze(matcher, self.shared.key, path, data, &self.candidates)
        };
        if self.candidates.is_empty() && analysis.is_none() {
            return;
        }
        let mut lines = LineCounter::new(data);
        for (i, candidate) in self.candidates.iter().enumerate() {
            let (keep, context) = analysis
                .as_mut()
                .map_or((true, None), |a| std::mem::take(&mut a.candidates[i]));
            let rule = &matcher.rules()[candidate.rule].rule;
            let own_config = rule.kind == FindingKind::Endpoint
                && path.rsplit('/').next() == Some(crate::config::CONFIG_FILE_NAME);
            if !keep
                || own_config
                || (rule.kind == FindingKind::Posture && !posture::applies(&rule.id, path))
            {
                continue;
            }
            let (line, column, line_text) = lines.locate(candidate.start);
            let value = &data[candidate.start..candidate.end];
            let (fingerprint, redacted) =
                structured::describe(matcher, candidate.rule, value, path, self.shared.key);
            self.hits.push(Hit {
                rule: candidate.rule,
                fingerprint,
                redacted,
                line,
                column,
                inline_allowed: line_allows(line_text),
                origin: origin(),
                context: context.map(Box::new),
            });
        }
        let Some(analysis) = analysis else {
            return;
        };
        for extra in analysis.extra {
            self.hits.push(Hit {
                rule: extra.rule,
                fingerprint: extra.fingerprint,
                redacted: extra.redacted,
                line: extra.line,
                column: extra.column,
                inline_allowed: extra.inline_allowed,
                origin: origin(),
                context: extra.context.map(Box::new),
            });
        }
        let Some((root, path)) = file else {
            return;
        };
        for reference in analysis.references {
            self.references.push((root, path.to_string(), reference));
        }
        if let Some(detail) = analysis.note {
            self.notes.push(Skipped {
                path: path.to_string(),
                reason: SkipReason::ParseError,
                detail,
            });
        }
    }

    fn flush(&mut self, skipped: Vec<Skipped>, count_as_files: bool) {
        let mut collected = self
            .shared
            .collected
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        collected.hits.append(&mut self.hits);
        collected.skipped.extend(skipped);
        collected.skipped.append(&mut self.notes);
        collected.references.append(&mut self.references);
        collected.env_files.append(&mut self.env_files);
        if count_as_files {
            collected.files += self.files;
            collected.bytes += self.bytes;
        }
    }
}

/// The file walk's per-thread visitor.
struct FileScanner<'a> {
    detector: Detector<'a>,
    skipped: Vec<Skipped>,
}

impl BlobVisitor for FileScanner<'_> {
    fn blob(&mut self, blob: Blob<'_>) {
        let root = blob.root;
        if is_dotenv_name(blob.relative) {
            self.detector
                .env_files
                .push((root, blob.relative.to_string()));
        }
        self.detector.detect(
            blob.data,
            Some(blob.relative),
            Some((root, blob.relative)),
            || Origin::File {
                root,
                path: blob.relative.to_string(),
            },
        );
    }

    fn skipped(&mut self, skipped: Skipped) {
        self.skipped.push(skipped);
    }
}

impl Drop for FileScanner<'_> {
    fn drop(&mut self) {
        self.detector.flush(std::mem::take(&mut self.skipped), true);
    }
}

/// The history scan's per-thread visitor.
struct BlobScanner<'a> {
    detector: Detector<'a>,
    repo: usize,
}

impl HistoryVisitor for BlobScanner<'_> {
    fn blob(&mut self, index: u32, path: &str, data: &[u8]) {
        let repo = self.repo;
        self.detector
            .detect(data, Some(path), None, || Origin::Blob {
                repo,
                blob: index,
            });
    }
}

impl Drop for BlobScanner<'_> {
    fn drop(&mut self) {
        self.detector.flush(Vec::new(), false);
    }
}

/// Commit messages are scanned too: a token pasted into a message is leaked as well.
fn scan_commit_messages(index: &HistoryIndex, repo: usize, shared: &Shared<'_>) {
    let mut detector = Detector::new(shared);
    for (commit, message) in index.messages.iter().enumerate() {
        let commit = commit as u32;
        detector.detect(message.as_bytes(), None, None, || Origin::Message {
            repo,
            commit,
        });
    }
    detector.flush(Vec::new(), false);
}

/// Turns byte offsets into 1-based lines and columns, for offsets in increasing order,
/// counting newlines only between successive offsets.
struct LineCounter<'a> {
    data: &'a [u8],
    offset: usize,
    line: usize,
    line_start: usize,
}

impl<'a> LineCounter<'a> {
    fn new(data: &'a [u8]) -> Self {
        LineCounter {
            data,
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The line, the column (in characters) and the text of the line at `offset`.
    fn locate(&mut self, offset: usize) -> (usize, usize, &'a [u8]) {
        if offset < self.offset {
            *self = LineCounter::new(self.data);
        }
        for newline in memchr::memchr_iter(b'\n', &self.data[self.offset..offset]) {
            self.line += 1;
            self.line_start = self.offset + newline + 1;
        }
        self.offset = offset;
        let column = 1 + self.data[self.line_start..offset]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        let line_end =
            memchr::memchr(b'\n', &self.data[offset..]).map_or(self.data.len(), |i| offset + i);
        (self.line, column, &self.data[self.line_start..line_end])
    }
}

/// A finding being assembled: the best rule so far, its preview, and where it was seen.
struct Draft {
    rule: usize,
    redacted: String,
    locations: Vec<Location>,
    in_head: bool,
    in_working_tree: bool,
    /// (repository, commit number, path) of the earliest history location.
    introduced: Option<(usize, u32, String)>,
}

/// Folds hits into findings.
struct Aggregation<'a> {
    matcher: &'a Matcher,
    roots: &'a [PathBuf],
    histories: &'a [(usize, HistoryIndex)],
    suppressions: &'a Suppressions,
}

impl Aggregation<'_> {
    /// One finding per distinct value, with suppressions, git status and history status.
    fn run(&self, hits: Vec<Hit>) -> (Vec<Finding>, Suppressed) {
        let mut suppressed = Suppressed::default();
        let mut worktrees: HashMap<usize, Option<WorkTree>> = HashMap::new();
        let mut drafts: BTreeMap<Fingerprint, Draft> = BTreeMap::new();
        for hit in hits {
            let rule_id = &self.matcher.rules()[hit.rule].rule.id;
            for (location, in_head) in self.locations(&hit, &mut worktrees) {
                let reason = if hit.inline_allowed {
                    Some(SuppressionReason::InlineAllow)
                } else {
                    self.suppressions
                        .check(rule_id, &hit.fingerprint, &location.path)
                };
                if let Some(reason) = reason {
                    *suppressed.counts.entry(reason).or_insert(0) += 1;
                    suppressed.entries.push(SuppressedEntry {
                        rule_id: rule_id.clone(),
                        fingerprint: hit.fingerprint.clone(),
                        path: location.path,
                        line: location.line,
                        reason,
                    });
                    continue;
                }
                let draft = drafts
                    .entry(hit.fingerprint.clone())
                    .or_insert_with(|| Draft {
                        rule: hit.rule,
                        redacted: hit.redacted.clone(),
                        locations: Vec::new(),
                        in_head: false,
                        in_working_tree: false,
                        introduced: None,
                    });
                if self.preference(hit.rule) > self.preference(draft.rule) {
                    draft.rule = hit.rule;
                }
                draft.in_head |= in_head;
                draft.in_working_tree |= matches!(hit.origin, Origin::File { .. });
                if let Some(first) = self.introduction(&hit.origin, &location) {
                    let earlier = draft
                        .introduced
                        .as_ref()
                        .is_none_or(|(repo, commit, _)| (first.0, first.1) < (*repo, *commit));
                    if earlier {
                        draft.introduced = Some(first);
                    }
                }
                draft.locations.push(location);
            }
        }
        suppressed.entries.sort();
        let mut findings: Vec<Finding> = drafts
            .into_iter()
            .map(|(fingerprint, draft)| self.finish(fingerprint, draft))
            .collect();
        findings.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.locations.first().cmp(&b.locations.first()))
                .then_with(|| a.rule_id.cmp(&b.rule_id))
        });
        (findings, suppressed)
    }

    /// The locations a hit stands for (a history blob stands at every path it appeared
    /// at), each with whether it is in HEAD.
    fn locations(
        &self,
        hit: &Hit,
        worktrees: &mut HashMap<usize, Option<WorkTree>>,
    ) -> Vec<(Location, bool)> {
        let at = |path: String, root: &Path, git: GitStatus| Location {
            path,
            line: hit.line,
            column: hit.column,
            root: root.display().to_string(),
            git,
            commit: None,
            key_path: hit.context.as_ref().map(|c| c.key_path.clone()),
            author: None,
            email: None,
            date: None,
        };
        match &hit.origin {
            Origin::File { root, path } => {
                let root_path = &self.roots[*root];
                let git = worktrees
                    .entry(*root)
                    .or_insert_with(|| WorkTree::discover(root_path))
                    .as_ref()
                    .map_or(GitStatus::NotInRepo, |tree| {
                        tree.status(&absolute(root_path, path))
                    });
                vec![(at(path.clone(), root_path, git), false)]
            }
            Origin::Blob { repo, blob } => {
                let (root, index) = &self.histories[*repo];
                let in_head = index.in_head.contains(blob);
                index.blobs[*blob as usize]
                    .occurrences
                    .iter()
                    .map(|occurrence| {
                        let commit = &index.commits[occurrence.commit as usize];
                        let mut location = at(
                            occurrence.path.to_string(),
                            &self.roots[*root],
                            GitStatus::History,
                        );
                        location.commit = Some(commit.id.clone());
                        location.author = Some(commit.author.clone());
                        location.email = Some(commit.email.clone());
                        location.date = Some(commit.date.clone());
                        (location, in_head)
                    })
                    .collect()
            }
            Origin::Message { repo, commit } => {
                let (root, index) = &self.histories[*repo];
                let info = &index.commits[*commit as usize];
                let mut location = at(
                    COMMIT_MESSAGE_PATH.to_string(),
                    &self.roots[*root],
                    GitStatus::History,
                );
                location.commit = Some(info.id.clone());
                location.author = Some(info.author.clone());
                location.email = Some(info.email.clone());
                location.date = Some(info.date.clone());
                vec![(location, false)]
            }
        }
    }

    /// (repository, commit number, path) of a history location, for "first introduced".
    fn introduction(&self, origin: &Origin, location: &Location) -> Option<(usize, u32, String)> {
        match origin {
            Origin::File { .. } => None,
            Origin::Blob { repo, blob } => {
                let index = &self.histories[*repo].1;
                let occurrence = index.blobs[*blob as usize]
                    .occurrences
                    .iter()
                    .find(|o| *o.path == location.path)?;
                Some((*repo, occurrence.commit, location.path.clone()))
            }
            Origin::Message { repo, commit } => Some((*repo, *commit, location.path.clone())),
        }
    }

    fn finish(&self, fingerprint: Fingerprint, mut draft: Draft) -> Finding {
        draft.locations.sort();
        draft.locations.dedup();
        let rule = &self.matcher.rules()[draft.rule].rule;
        let status = (!self.histories.is_empty()).then_some({
            if draft.in_head {
                SecretStatus::InHead
            } else if draft.in_working_tree {
                SecretStatus::InWorkingTree
            } else {
                SecretStatus::HistoryOnly
            }
        });
        let introduced = draft.introduced.map(|(repo, commit, path)| {
            let info = &self.histories[repo].1.commits[commit as usize];
            Introduction {
                commit: info.id.clone(),
                author: info.author.clone(),
                email: info.email.clone(),
                date: info.date.clone(),
                path,
            }
        });
        Finding {
            rule_id: rule.id.clone(),
            rule_name: rule.name.clone(),
            provider: rule.provider.clone(),
            kind: rule.kind,
            severity: rule.severity,
            fingerprint,
            redacted: draft.redacted,
            locations: draft.locations,
            status,
            introduced,
        }
    }

    /// Which of two rules matching the same value names it best: a provider format beats
    /// a generic assignment, then the higher severity wins.
    fn preference(&self, rule: usize) -> (bool, Severity) {
        let rule = &self.matcher.rules()[rule].rule;
        (rule.kind != FindingKind::GenericSecret, rule.severity)
    }
}

/// The `path` of a location in a commit message.
pub const COMMIT_MESSAGE_PATH: &str = "<commit message>";

fn absolute(root: &Path, relative: &str) -> PathBuf {
    if root.is_dir() {
        root.join(relative)
    } else {
        root.to_path_buf()
    }
}

#[cfg(test)]
mod tests {
    use super::LineCounter;

    #[test]
    fn line_counter_gives_one_based_lines_and_character_columns() {
        let data = "first\nsé = x\nthird".as_bytes();
        let mut lines = LineCounter::new(data);
        let offset_x = data.iter().position(|&b| b == b'x').unwrap();
        assert_eq!(lines.locate(0).0, 1);
        let (line, column, text) = lines.locate(offset_x);
        assert_eq!((line, column, text), (2, 6, "sé = x".as_bytes()));
        let third = data.len() - 5;
        assert_eq!(lines.locate(third).0, 3);
    }
}
