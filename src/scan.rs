//! The scan pipeline: walk the roots, run the matcher on every blob on every worker
//! thread, then fold the per-thread hits into one [`Finding`] per distinct value with all
//! its locations, apply suppressions and git status, and build the [`Report`].

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use crate::baseline::{line_allows, SuppressionError, SuppressionReason, Suppressions};
use crate::config::{Config, ConfigError};
use crate::detect::{builtin_rules, rules_from_dir, Candidate, Matcher, RuleError, Scratch};
use crate::finding::{
    AuditKey, Finding, FindingKind, Fingerprint, GitStatus, Location, SecretValue,
};
use crate::report::{Report, Stats, Suppressed, SuppressedEntry, SCHEMA_VERSION};
use crate::source::fs::{self, Blob, BlobVisitor, FsOptions, Skipped, WalkError};
use crate::source::worktree::WorkTree;

/// What to scan and how.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// Files or directories to scan.
    pub roots: Vec<PathBuf>,
    /// Walk options (excludes from the configuration are added to these).
    pub fs: FsOptions,
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
    /// The configuration could not be loaded.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The baseline or allowlist could not be used.
    #[error(transparent)]
    Suppression(#[from] SuppressionError),
    /// The walk could not start.
    #[error(transparent)]
    Walk(#[from] WalkError),
}

/// Called after each scanned file with its size; used for a progress display.
pub type ProgressFn<'a> = &'a (dyn Fn(u64) + Sync);

/// Loads the built-in rules plus those in `rule_dirs` and compiles them.
pub fn load_matcher(rule_dirs: &[PathBuf]) -> Result<Matcher, RuleError> {
    let mut rules = builtin_rules()?;
    for dir in rule_dirs {
        rules.extend(rules_from_dir(dir)?);
    }
    Matcher::new(rules)
}

/// Runs a scan and returns its report.
pub fn scan(
    options: &ScanOptions,
    key: &AuditKey,
    progress: Option<ProgressFn<'_>>,
) -> Result<Report, ScanError> {
    let started = Instant::now();
    let matcher = load_matcher(&options.rule_dirs)?;
    let config = load_config(options)?;
    let suppressions = Suppressions::new(&config.allowlist, options.baseline.as_deref())?;
    let mut fs_options = options.fs.clone();
    fs_options
        .exclude
        .extend(config.scan.exclude.iter().cloned());

    let collected = Mutex::new(Collected::default());
    fs::walk(&options.roots, &fs_options, || ScanVisitor {
        matcher: &matcher,
        key,
        progress,
        scratch: Scratch::default(),
        candidates: Vec::new(),
        local: Collected::default(),
        shared: &collected,
    })?;
    let collected = collected
        .into_inner()
        .expect("no worker panicked holding the lock");

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
    let (findings, suppressed) = aggregate(&matcher, &options.roots, collected.hits, &suppressions);
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
    }
    Ok(merged)
}

/// One location of one matched value, before aggregation.
#[derive(Debug)]
struct Hit {
    rule: usize,
    fingerprint: Fingerprint,
    redacted: String,
    root: usize,
    path: String,
    line: usize,
    column: usize,
    inline_allowed: bool,
}

/// What the workers gathered.
#[derive(Debug, Default)]
struct Collected {
    hits: Vec<Hit>,
    skipped: Vec<Skipped>,
    files: u64,
    bytes: u64,
}

/// One worker thread's scanner: matcher scratch space and a local result buffer that is
/// merged into the shared one when the thread finishes.
struct ScanVisitor<'a> {
    matcher: &'a Matcher,
    key: &'a AuditKey,
    progress: Option<ProgressFn<'a>>,
    scratch: Scratch,
    candidates: Vec<Candidate>,
    local: Collected,
    shared: &'a Mutex<Collected>,
}

impl BlobVisitor for ScanVisitor<'_> {
    fn blob(&mut self, blob: Blob<'_>) {
        self.local.files += 1;
        self.local.bytes += blob.data.len() as u64;
        if let Some(progress) = self.progress {
            progress(blob.data.len() as u64);
        }
        self.candidates.clear();
        self.matcher
            .find(blob.data, &mut self.scratch, &mut self.candidates);
        if self.candidates.is_empty() {
            return;
        }
        let mut lines = LineCounter::new(blob.data);
        for candidate in &self.candidates {
            let (line, column, line_text) = lines.locate(candidate.start);
            let value = SecretValue::new(&blob.data[candidate.start..candidate.end]);
            self.local.hits.push(Hit {
                rule: candidate.rule,
                fingerprint: value.fingerprint(self.key),
                redacted: value.redacted(),
                root: blob.root,
                path: blob.relative.to_string(),
                line,
                column,
                inline_allowed: line_allows(line_text),
            });
        }
    }

    fn skipped(&mut self, skipped: Skipped) {
        self.local.skipped.push(skipped);
    }
}

impl Drop for ScanVisitor<'_> {
    fn drop(&mut self) {
        let local = std::mem::take(&mut self.local);
        let mut shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        shared.hits.extend(local.hits);
        shared.skipped.extend(local.skipped);
        shared.files += local.files;
        shared.bytes += local.bytes;
    }
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

/// Folds hits into one finding per distinct value, applying suppressions and git status.
fn aggregate(
    matcher: &Matcher,
    roots: &[PathBuf],
    hits: Vec<Hit>,
    suppressions: &Suppressions,
) -> (Vec<Finding>, Suppressed) {
    let mut suppressed = Suppressed::default();
    let mut worktrees: HashMap<usize, Option<WorkTree>> = HashMap::new();
    let mut by_value: BTreeMap<Fingerprint, (usize, String, Vec<Location>)> = BTreeMap::new();
    for hit in hits {
        let rule = &matcher.rules()[hit.rule].rule;
        let reason = if hit.inline_allowed {
            Some(SuppressionReason::InlineAllow)
        } else {
            suppressions.check(&rule.id, &hit.fingerprint, &hit.path)
        };
        if let Some(reason) = reason {
            *suppressed.counts.entry(reason).or_insert(0) += 1;
            suppressed.entries.push(SuppressedEntry {
                rule_id: rule.id.clone(),
                fingerprint: hit.fingerprint,
                path: hit.path,
                line: hit.line,
                reason,
            });
            continue;
        }
        let root = &roots[hit.root];
        let git = worktrees
            .entry(hit.root)
            .or_insert_with(|| WorkTree::discover(root))
            .as_ref()
            .map_or(GitStatus::NotInRepo, |tree| {
                tree.status(&absolute(root, &hit.path))
            });
        let location = Location {
            path: hit.path,
            line: hit.line,
            column: hit.column,
            root: root.display().to_string(),
            git,
        };
        let entry = by_value
            .entry(hit.fingerprint)
            .or_insert_with(|| (hit.rule, hit.redacted, Vec::new()));
        if rule_preference(matcher, hit.rule) > rule_preference(matcher, entry.0) {
            entry.0 = hit.rule;
        }
        entry.2.push(location);
    }
    suppressed.entries.sort();
    let mut findings: Vec<Finding> = by_value
        .into_iter()
        .map(|(fingerprint, (rule, redacted, mut locations))| {
            locations.sort();
            locations.dedup();
            let rule = &matcher.rules()[rule].rule;
            Finding {
                rule_id: rule.id.clone(),
                rule_name: rule.name.clone(),
                provider: rule.provider.clone(),
                kind: rule.kind,
                severity: rule.severity,
                fingerprint,
                redacted,
                locations,
            }
        })
        .collect();
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.locations.first().cmp(&b.locations.first()))
            .then_with(|| a.rule_id.cmp(&b.rule_id))
    });
    (findings, suppressed)
}

/// Which of two rules matching the same value names it best: a provider format beats a
/// generic assignment, then the higher severity wins.
fn rule_preference(matcher: &Matcher, rule: usize) -> (bool, crate::finding::Severity) {
    let rule = &matcher.rules()[rule].rule;
    (rule.kind != FindingKind::GenericSecret, rule.severity)
}

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
