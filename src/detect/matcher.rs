//! The hot path: one Aho-Corasick pass over a blob finds every rule keyword; only the rules
//! that hit run their regex, and only in a window around each hit. A blob with no keyword
//! costs that one pass and nothing else.

use super::keywords::{KeywordHit, Keywords, Pending};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use regex_automata::meta::{Cache, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::util::syntax;
use regex_automata::{Input, PatternID};
use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};

use super::judge::{
    basic_pair_holds_no_secret, ends_in_a_pass_not_a_password, is_action_reference,
    is_approle_secret_id, is_arn, is_camel_case_phrase, is_class_name, is_code_reference,
    is_compound_identifier, is_constant_name, is_credential_label, is_diverse_chosen_password,
    is_notation, is_numeronym_name, is_pgp_key_id_under_key_name, is_public_key, is_secret_key,
    is_snake_case_name, is_sum_of_names, is_variable_name, is_word_then_digits, key_tokens,
    names_a_kubernetes_secret, names_a_public_value, names_a_resource, names_credentials,
    value_repeats_name,
};
use super::placeholder::{is_documented_example, is_placeholder, is_sample};
use super::rules::{LoadedRule, Rule, RuleError, ValueEncoding, BUILTIN_ORIGIN};
use super::seen::CleanChunks;
use super::validate::{is_one_case_hex, validate};
use crate::finding::FindingKind;

/// How far before a keyword a single-line rule's regex may start (bounded by line start).
const LINE_WINDOW_BEFORE: usize = 256;
/// How far after a keyword a single-line rule's regex may reach (bounded by line end).
const LINE_WINDOW_AFTER: usize = 1024;
/// How far a single-line window may run on past [`LINE_WINDOW_AFTER`] to the end of a
/// token it would otherwise cut: a long JWT (an Azure access token is 1.5 to 2.5 KB) or a
/// base64 key is matched whole, not cut at the bound.
const LINE_TOKEN_TAIL: usize = 16 * 1024;
/// How far before a keyword a multi-line rule's regex may start.
const MULTILINE_WINDOW_BEFORE: usize = 4 * 1024;
/// How far after a keyword a multi-line rule's regex may reach (a 16 Kib RSA key fits).
const MULTILINE_WINDOW_AFTER: usize = 24 * 1024;
/// How much of a file a path rule reads: the files it names hold one key or a few lines.
const PATH_RULE_MAX_BYTES: usize = 64 * 1024;
/// How many bytes the rules' search caches of one [`Scratch`] (one worker's) may hold
/// before those run longest ago are dropped ([`Scratch::keep_searches_in_budget`]), to be
/// rebuilt as their rules run again. A rule's lazy DFAs keep
/// up to 1 MiB of states each way (see [`compile`]), so a thousand rules could pin
/// gigabytes per worker: text that wakes every rule with varied values (the history of a
/// repository holding every rule's examples) pinned 935 MiB on two workers. 16 MiB, not
/// the 64 MiB of before: on the 1.4 GB benchmark tree two workers peaked at 190 to 195
/// MiB with 64 (200 MiB is the bound), 160 to 176 MiB with 16, in the same CPU time (an
/// 8 MiB budget cost 5% more); the rules' own examples went from 334 to 216 MiB.
const SEARCH_CACHE_BUDGET: usize = 16 << 20;

/// A rule ready to run: its regex, compiled on the rule's first keyword hit (most of the
/// hundreds of built-in rules never meet their keyword in a given tree, and compiling them
/// all would cost a scan of a small tree most of its time and memory), and the index of
/// its `secret` group.
#[derive(Debug)]
pub struct CompiledRule {
    /// The rule as written.
    pub rule: Rule,
    regex: OnceLock<RuleRegex>,
}

/// A rule's compiled regex and the indexes of its `secret` group and, when it has one, its
/// `name` group: the key the value is assigned to, which must then be a credential's name
/// as [`is_secret_key`] judges it (`godaddyKey`, `commercejs_key`; not `cacheKey`,
/// `publicKey`). The judge of structured files and the text rule then agree on key names.
#[derive(Debug)]
struct RuleRegex {
    regex: Regex,
    secret_group: usize,
    name_group: Option<usize>,
    /// The longest value the rule's counts allow, when the compiled regex left them open
    /// (see [`with_open_secret_counts`]): a longer match is no match.
    max_secret_len: Option<usize>,
}

impl CompiledRule {
    /// The compiled regex and its groups. Built-in rules compile: the rule tests compile
    /// each one; rules from files were compiled when loaded.
    fn regex(&self) -> &RuleRegex {
        self.regex.get_or_init(|| {
            compile(&self.rule).unwrap_or_else(|e| panic!("rule {}: {e}", self.rule.id))
        })
    }
}

/// Compiles a rule's regex and finds its `secret` and `name` groups.
fn compile(rule: &Rule) -> Result<RuleRegex, String> {
    // Bytes, as `regex::bytes` reads them: `.` and classes match any byte.
    let config = syntax::Config::new().unicode(false).utf8(false);
    let hir = syntax::parse_with(&rule.regex, &config).map_err(|e| format!("bad regex: {e}"))?;
    let (hir, max_secret_len) = with_open_secret_counts(&hir);
    let regex = Regex::builder()
        .configure(
            Regex::config()
                .utf8_empty(false)
                .nfa_size_limit(Some(32 << 20))
                // Each scratch keeps a lazy DFA cache per rule it ran; with a thousand
                // rules, the default 2 MiB per cache let the generic rules that run on most
                // files (any `token=`, `password:`, `key:`) add about 8 MiB of peak memory
                // to a file scan. 1 MiB keeps their states without re-building them (same
                // scan time, measured).
                .hybrid_cache_capacity(1 << 20),
        )
        .build_from_hir(&hir)
        .map_err(|e| format!("bad regex: {e}"))?;
    let group = |wanted: &str| regex.group_info().to_index(PatternID::ZERO, wanted);
    let secret_group =
        group("secret").ok_or_else(|| "regex has no named group `secret`".to_string())?;
    let name_group = group("name");
    Ok(RuleRegex {
        regex,
        secret_group,
        name_group,
        max_secret_len,
    })
}

/// The most a rule's match may hold beyond its value (the key's name, quotes, separators).
/// When a rule's counts were opened, a match longer than its longest value plus this is
/// passed over before its groups are searched (see [`with_open_secret_counts`]).
const LONGEST_CONTEXT: usize = 4096;

/// Counted repetitions of at least this many inside a `secret` group are left open.
const OPEN_COUNT_FROM: u32 = 20;

/// A rule's pattern with the counted repetitions inside its `secret` group left open
/// (`[A-Za-z0-9]{0,100}` run as `[A-Za-z0-9]*`), and the longest value the counts allowed,
/// which the search then checks on each match: the lazy DFA carries a count per counted
/// repetition it is inside, and builds new states for each value it meets, some 5% of a
/// file scan's CPU on the generic rules (measured). The rule's text keeps its counts, which
/// say how long its value may be. Exact counts (`ghp_[A-Za-z0-9]{36}`) and short ranges
/// stay as written; `None` when nothing was opened.
fn with_open_secret_counts(hir: &Hir) -> (Hir, Option<usize>) {
    let mut max_len = None;
    let hir = open_counts(hir, false, &mut max_len);
    (hir, max_len)
}

/// [`with_open_secret_counts`]' walk: `inside` says whether `hir` is in the `secret`
/// group; `max_len` gets the group's longest length once a count in it is opened.
fn open_counts(hir: &Hir, inside: bool, max_len: &mut Option<usize>) -> Hir {
    match hir.kind() {
        HirKind::Capture(capture) => {
            let is_secret = capture.name.as_deref() == Some("secret");
            let sub = open_counts(&capture.sub, inside || is_secret, max_len);
            if is_secret && sub != *capture.sub {
                *max_len = capture.sub.properties().maximum_len();
            }
            Hir::capture(Capture {
                index: capture.index,
                name: capture.name.clone(),
                sub: Box::new(sub),
            })
        }
        HirKind::Repetition(repetition) => {
            let opened = inside
                && repetition
                    .max
                    .is_some_and(|max| max > repetition.min && max >= OPEN_COUNT_FROM);
            Hir::repetition(Repetition {
                min: repetition.min,
                max: if opened { None } else { repetition.max },
                greedy: repetition.greedy,
                sub: Box::new(open_counts(&repetition.sub, inside, max_len)),
            })
        }
        HirKind::Concat(parts) => Hir::concat(
            parts
                .iter()
                .map(|part| open_counts(part, inside, max_len))
                .collect(),
        ),
        HirKind::Alternation(branches) => Hir::alternation(
            branches
                .iter()
                .map(|branch| open_counts(branch, inside, max_len))
                .collect(),
        ),
        _ => hir.clone(),
    }
}

/// A candidate secret: the rule that matched and the byte span of the value in the blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Start of the secret value (byte offset in the blob).
    pub start: usize,
    /// End of the secret value (exclusive).
    pub end: usize,
    /// Index of the rule in [`Matcher::rules`].
    pub rule: usize,
}

/// All rules compiled, with the keyword automaton that routes hits to rules.
#[derive(Debug)]
pub struct Matcher {
    rules: Vec<CompiledRule>,
    /// Each rule's index by id: the structured judge and the detectors look rules up per
    /// value, and a search of a thousand ids there cost a sixth of a file scan's CPU.
    index_by_id: HashMap<String, usize>,
    keywords: Keywords,
    /// For each automaton pattern, the rules that listed that keyword.
    keyword_rules: Vec<Vec<usize>>,
    /// No keyword spans lines (a line break may only end one), so the keyword pass may skip
    /// known chunks of lines.
    keywords_are_single_line: bool,
    /// The `paths` globs of every path rule, and for each glob the rule it belongs to.
    path_globs: GlobSet,
    path_glob_rules: Vec<usize>,
    /// Scratches that finished workers gave back, their rules' search caches warm: a scan
    /// makes many short-lived workers (a history's runs of loose objects, commit
    /// messages), and lazy DFA states rebuilt by each would cost more than the search.
    idle_scratches: Mutex<Vec<Scratch>>,
}

/// What a keyword pass over a span hit, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Hits {
    /// No keyword.
    None,
    /// Keywords of single-line rules only.
    SingleLine,
    /// A keyword of a multi-line rule (its window reaches past the line).
    MultiLine,
}

/// One rule's regex search state in one [`Scratch`]: its caches (lazy DFA states, which
/// grow as the rule meets new text) and its capture slots.
#[derive(Debug)]
struct Search {
    cache: Cache,
    captures: Captures,
    /// The most the cache has held, in bytes: a lazy DFA that fills its capacity clears
    /// its states but keeps the memory.
    bytes: usize,
    /// The scratch's run count when the rule last ran: the searches run longest ago are
    /// the ones dropped when the budget is spent.
    last_run: u64,
}

impl Search {
    fn new(regex: &Regex) -> Self {
        Search {
            cache: regex.create_cache(),
            captures: regex.create_captures(),
            bytes: 0,
            last_run: 0,
        }
    }
}

/// Per-thread reusable buffers, so that scanning a blob allocates nothing on the no-hit path.
#[derive(Debug)]
pub struct Scratch {
    /// Per rule, the regex windows around its keyword hits, merged as the hits stream in
    /// (sorted and disjoint): memory grows with the number of windows, not of hits (a run
    /// of `AAAA…` hits a keyword at every byte).
    windows: Vec<Vec<(usize, usize)>>,
    /// Rules with at least one hit in the current blob.
    triggered: Vec<usize>,
    /// Per rule, the state its regex searches with, made on first use.
    searches: Vec<Option<Search>>,
    /// The bytes `searches` held when last measured.
    search_bytes: usize,
    /// How many bytes `searches` may hold ([`SEARCH_CACHE_BUDGET`] but in tests).
    search_budget: usize,
    /// How many rule runs this scratch has made (the clock of [`Search::last_run`]).
    runs: u64,
    /// The keyword search's occurrences found ahead of their turn.
    keyword_pending: Pending,
    /// The current blob's chunks not known to be clean: `(start, end, hash)`.
    new_chunks: Vec<(usize, usize, u64)>,
    /// What the keyword pass hit in each of `new_chunks`.
    chunk_hits: Vec<Hits>,
    /// Chunks whose keywords triggered only single-line rules: `(start, end, hash)`.
    hit_chunks: Vec<(usize, usize, u64)>,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            windows: Vec::new(),
            triggered: Vec::new(),
            searches: Vec::new(),
            search_bytes: 0,
            search_budget: SEARCH_CACHE_BUDGET,
            runs: 0,
            keyword_pending: Pending::default(),
            new_chunks: Vec::new(),
            chunk_hits: Vec::new(),
            hit_chunks: Vec::new(),
        }
    }
}

impl Scratch {
    /// Once the rules' search states together hold more than the budget
    /// ([`SEARCH_CACHE_BUDGET`]), drops those run longest ago until half the budget is
    /// left; each is made again when its rule next runs. The rules that run on most text
    /// (the generic `password`, `token`, `key` ones) keep their lazy DFA states: dropping
    /// every state instead cost a tree that wakes every rule a fifth more time. Checked
    /// after each rule's run, so a blob that wakes hundreds of rules stays in budget too.
    fn keep_searches_in_budget(&mut self) {
        if self.search_bytes <= self.search_budget {
            return;
        }
        let mut by_last_run: Vec<(u64, usize)> = (self.searches.iter().enumerate())
            .filter_map(|(rule, search)| search.as_ref().map(|s| (s.last_run, rule)))
            .collect();
        by_last_run.sort_unstable();
        for (_, rule) in by_last_run {
            if self.search_bytes <= self.search_budget / 2 {
                break;
            }
            if let Some(dropped) = self.searches[rule].take() {
                self.search_bytes -= dropped.bytes;
            }
        }
    }
}

impl Matcher {
    /// Compiles `rules`, checking ids are unique, regexes compile and have a `secret`
    /// group, and every rule has at least one keyword or else path globs (not both).
    pub fn new(rules: Vec<LoadedRule>) -> Result<Self, RuleError> {
        let mut seen = std::collections::HashSet::new();
        let mut compiled = Vec::with_capacity(rules.len());
        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        let mut path_globs = GlobSetBuilder::new();
        let mut path_glob_rules = Vec::new();
        for LoadedRule { rule, origin } in rules {
            let invalid = |message: String| RuleError::Invalid {
                path: origin.clone(),
                id: rule.id.clone(),
                message,
            };
            if !seen.insert(rule.id.clone()) {
                return Err(invalid("duplicate rule id".into()));
            }
            let has_keywords = rule.keywords.iter().any(|k| !k.is_empty());
            let has_paths = !rule.paths.is_empty();
            if has_keywords == has_paths {
                return Err(invalid(
                    "a rule needs at least one non-empty keyword, or else `paths`".into(),
                ));
            }
            for path in &rule.paths {
                let glob = GlobBuilder::new(path)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| invalid(format!("bad path glob {path:?}: {e}")))?;
                path_globs.add(glob);
                path_glob_rules.push(compiled.len());
            }
            // Rules from files are compiled now, so that a bad one is an error at load.
            let regex = OnceLock::new();
            if !origin.to_string_lossy().starts_with(BUILTIN_ORIGIN) {
                let _ = regex.set(compile(&rule).map_err(invalid)?);
            }
            let index = compiled.len();
            for keyword in rule.keywords.iter().filter(|k| !k.is_empty()) {
                let keyword = keyword.to_ascii_lowercase();
                match patterns.iter().position(|p| *p == keyword) {
                    Some(p) => keyword_rules[p].push(index),
                    None => {
                        patterns.push(keyword);
                        keyword_rules.push(vec![index]);
                    }
                }
            }
            compiled.push(CompiledRule { rule, regex });
        }
        let keywords = Keywords::new(&patterns).map_err(|e| RuleError::Invalid {
            path: "keywords".into(),
            id: "*".into(),
            message: e.to_string(),
        })?;
        // A keyword may end in its line's break (`token>\n`: an XML tag alone on its line):
        // it still lies in one line. One with a break inside spans lines.
        let keywords_are_single_line = !patterns
            .iter()
            .any(|p| p.trim_end_matches('\n').contains('\n'));
        let path_globs = path_globs.build().map_err(|e| RuleError::Invalid {
            path: "paths".into(),
            id: "*".into(),
            message: e.to_string(),
        })?;
        let mut index_by_id = HashMap::with_capacity(compiled.len());
        for (i, compiled) in compiled.iter().enumerate() {
            index_by_id.entry(compiled.rule.id.clone()).or_insert(i);
        }
        Ok(Matcher {
            rules: compiled,
            index_by_id,
            keywords,
            keyword_rules,
            keywords_are_single_line,
            path_globs,
            path_glob_rules,
            idle_scratches: Mutex::default(),
        })
    }

    /// One credential, one hit: a provider-secret or private-key candidate whose span lies
    /// inside another such candidate's span is part of that value (a token inside a webhook
    /// URL, a key body inside its armour), so it is dropped. Candidates stay sorted.
    pub fn merge_nested(&self, candidates: &mut Vec<Candidate>) {
        let is_value = |c: &Candidate| {
            matches!(
                self.rules()[c.rule].rule.kind,
                FindingKind::ProviderSecret | FindingKind::PrivateKey
            )
        };
        if candidates.iter().filter(|c| is_value(c)).count() < 2 {
            return;
        }
        let mut values: Vec<(usize, usize)> = candidates
            .iter()
            .filter(|c| is_value(c))
            .map(|c| (c.start, c.end))
            .collect();
        values.sort_unstable();
        // Running maximum of the ends, so each containment test is two binary searches.
        let mut max_end = Vec::with_capacity(values.len());
        let mut running = 0;
        for &(_, e) in &values {
            running = running.max(e);
            max_end.push(running);
        }
        let contained = |c: &Candidate| {
            let before = values.partition_point(|&(s, _)| s < c.start);
            let same_start = values.partition_point(|&(s, _)| s <= c.start);
            (before > 0 && max_end[before - 1] >= c.end)
                || (same_start > before && values[same_start - 1].1 > c.end)
        };
        candidates.retain(|c| !is_value(c) || !contained(c));
        // The engine-agnostic rules (provider `database`: any JDBC URL) also match the URLs
        // of engines with their own rule; the same span under an engine's rule keeps only
        // that one, so a PostgreSQL JDBC URL is labelled PostgreSQL.
        let agnostic = |c: &Candidate| self.rules()[c.rule].rule.provider == "database";
        if candidates.iter().any(|c| is_value(c) && agnostic(c)) {
            let specific: Vec<(usize, usize)> = candidates
                .iter()
                .filter(|c| is_value(c) && !agnostic(c))
                .map(|c| (c.start, c.end))
                .collect();
            candidates.retain(|c| !agnostic(c) || !specific.contains(&(c.start, c.end)));
        }
    }

    /// The compiled rules, indexed by [`Candidate::rule`].
    pub fn rules(&self) -> &[CompiledRule] {
        &self.rules
    }

    /// A scratch to scan with: one a finished worker gave back with
    /// [`Matcher::give_back_scratch`], or a new one.
    pub fn take_scratch(&self) -> Scratch {
        let mut idle = self
            .idle_scratches
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        idle.pop().unwrap_or_default()
    }

    /// Keeps a worker's scratch for the next worker, unless it never searched.
    pub fn give_back_scratch(&self, scratch: Scratch) {
        if scratch.searches.iter().any(Option::is_some) {
            let mut idle = self
                .idle_scratches
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            idle.push(scratch);
        }
    }

    /// The index of the rule with this id, if loaded.
    pub fn rule_index(&self, id: &str) -> Option<usize> {
        self.index_by_id.get(id).copied()
    }

    /// Adds rules that never run in the keyword pass: findings that other detectors
    /// (the structured judge, repository posture checks) report under a rule id. Their
    /// keywords and regex are ignored; ids must still be unique.
    pub fn add_structural(&mut self, rules: Vec<Rule>) -> Result<(), RuleError> {
        let regex = Regex::new("(?P<secret>)").expect("trivial regex");
        for rule in rules {
            if self.rule_index(&rule.id).is_some() {
                return Err(RuleError::Invalid {
                    path: "builtin:structural".into(),
                    id: rule.id,
                    message: "duplicate rule id".into(),
                });
            }
            self.index_by_id.insert(rule.id.clone(), self.rules.len());
            self.rules.push(CompiledRule {
                rule,
                regex: OnceLock::from(RuleRegex {
                    regex: regex.clone(),
                    secret_group: 1,
                    name_group: None,
                    max_secret_len: None,
                }),
            });
        }
        Ok(())
    }

    /// Finds candidate secrets in `data`, appending them to `out` sorted by start offset.
    ///
    /// A generic-secret match that overlaps a provider-specific one is dropped: the
    /// specific rule says more about the same bytes.
    pub fn find(&self, data: &[u8], scratch: &mut Scratch, out: &mut Vec<Candidate>) {
        self.prepare(scratch);
        self.keyword_pass(data, 0..data.len(), scratch);
        self.run_triggered(data, scratch, out);
    }

    /// Runs the rules whose `paths` globs match `path` (relative to its scan root or
    /// repository) over the first 64 KiB of `data`, appending their candidates to `out`
    /// and keeping it sorted by start offset.
    pub fn find_by_path(
        &self,
        path: &str,
        data: &[u8],
        scratch: &mut Scratch,
        out: &mut Vec<Candidate>,
    ) {
        if self.path_glob_rules.is_empty() || !self.path_globs.is_match(path) {
            return;
        }
        self.prepare(scratch);
        let data = &data[..data.len().min(PATH_RULE_MAX_BYTES)];
        let first = out.len();
        let mut rules: Vec<usize> = self
            .path_globs
            .matches(path)
            .into_iter()
            .map(|glob| self.path_glob_rules[glob])
            .collect();
        rules.dedup();
        for rule in rules {
            self.run_rule(rule, data, &[(0, data.len())], scratch, out);
        }
        if out.len() > first {
            out.sort_unstable();
        }
    }

    /// [`Matcher::find`] for text that repeats text scanned before (the versions of a file
    /// in git history): the keyword pass skips every chunk of lines that `clean` knows to
    /// yield nothing, and records the new chunks that yield nothing. Finds the same
    /// candidates as `find`.
    ///
    /// A chunk yields nothing when it holds no keyword, or when its keywords trigger only
    /// single-line rules and none of them matched: a single-line rule's window lies in the
    /// line of its keyword, so what it finds there depends on that line alone.
    pub fn find_skipping_clean(
        &self,
        data: &[u8],
        clean: &CleanChunks,
        scratch: &mut Scratch,
        out: &mut Vec<Candidate>,
    ) {
        if !self.keywords_are_single_line {
            return self.find(data, scratch, out);
        }
        self.prepare(scratch);
        let mut hit_chunks = std::mem::take(&mut scratch.hit_chunks);
        hit_chunks.clear();
        // The blob's chunks are all cut and hashed before the table is asked about any:
        // each question is a cache miss in a table of megabytes, and asked back to back,
        // the misses overlap instead of each waiting behind the hashing of a chunk.
        let mut new_chunks = std::mem::take(&mut scratch.new_chunks);
        new_chunks.clear();
        new_chunks.extend(clean.chunks(data));
        new_chunks.retain(|&(_, _, hash)| !clean.contains(hash));
        let chunk_hits = self.keyword_pass_chunks(data, &new_chunks, scratch);
        for (&(start, end, hash), hits) in new_chunks.iter().zip(chunk_hits) {
            match hits {
                Hits::None => clean.insert(hash),
                Hits::SingleLine => hit_chunks.push((start, end, hash)),
                Hits::MultiLine => {}
            }
        }
        let first = out.len();
        self.run_triggered(data, scratch, out);
        let found = &out[first..];
        let mut next = 0;
        for &(start, end, hash) in &hit_chunks {
            while next < found.len() && found[next].start < start {
                next += 1;
            }
            if found.get(next).is_none_or(|c| c.start >= end) {
                clean.insert(hash);
            }
        }
        scratch.hit_chunks = hit_chunks;
        new_chunks.clear();
        new_chunks.shrink_to(4096); // one huge blob should not pin its chunk list
        scratch.new_chunks = new_chunks;
    }

    fn prepare(&self, scratch: &mut Scratch) {
        if scratch.windows.len() < self.rules.len() {
            scratch.windows.resize_with(self.rules.len(), Vec::new);
            scratch.searches.resize_with(self.rules.len(), || None);
        }
    }

    /// Runs the keyword automaton over `data[span]`, adding each hit's window to its
    /// rules' windows; what was hit. Spans must come in increasing order.
    fn keyword_pass(
        &self,
        data: &[u8],
        span: std::ops::Range<usize>,
        scratch: &mut Scratch,
    ) -> Hits {
        let mut hits = Hits::None;
        let (windows, triggered) = (&mut scratch.windows, &mut scratch.triggered);
        self.keywords.find_all(
            data,
            span,
            self.keywords_are_single_line,
            &mut scratch.keyword_pending,
            &mut |hit| hits = hits.max(self.add_keyword_hit(data, hit, windows, triggered)),
        );
        hits
    }

    /// Runs the keyword automaton over each of `chunks` (in increasing order, none
    /// spanning a line break its keywords could hold), as [`Matcher::keyword_pass`] over
    /// each in turn; what was hit in each chunk. The chunks are searched side by side.
    fn keyword_pass_chunks<'s>(
        &self,
        data: &[u8],
        chunks: &[(usize, usize, u64)],
        scratch: &'s mut Scratch,
    ) -> &'s [Hits] {
        let chunk_hits = &mut scratch.chunk_hits;
        chunk_hits.clear();
        chunk_hits.resize(chunks.len(), Hits::None);
        let (windows, triggered) = (&mut scratch.windows, &mut scratch.triggered);
        self.keywords.find_in_spans(
            data,
            chunks.iter().map(|&(start, end, _)| start..end),
            self.keywords_are_single_line,
            &mut scratch.keyword_pending,
            &mut |chunk, hit| {
                let hits = self.add_keyword_hit(data, hit, windows, triggered);
                chunk_hits[chunk] = chunk_hits[chunk].max(hits);
            },
        );
        if chunk_hits.capacity() > 4096 {
            chunk_hits.shrink_to(4096); // one huge blob should not pin its chunks' results
        }
        chunk_hits
    }

    /// Adds a keyword occurrence's window to the windows of each rule it triggers (the
    /// rule is marked triggered on its first); what it hit.
    fn add_keyword_hit(
        &self,
        data: &[u8],
        hit: KeywordHit,
        windows: &mut [Vec<(usize, usize)>],
        triggered: &mut Vec<usize>,
    ) -> Hits {
        let mut hits = Hits::None;
        // A keyword that ends in a line break opens a window over the next line too.
        let next_line = data[hit.end - 1] == b'\n';
        for &rule in &self.keyword_rules[hit.keyword] {
            if self.rules[rule].rule.keyword_starts_word && !starts_word(data, hit.start) {
                continue;
            }
            let windows = &mut windows[rule];
            if windows.is_empty() {
                triggered.push(rule);
            }
            let multiline = self.rules[rule].rule.multiline;
            hits = hits.max(if multiline || next_line {
                Hits::MultiLine
            } else {
                Hits::SingleLine
            });
            add_hit(windows, data, hit.start, hit.end, multiline);
        }
        hits
    }

    /// Runs the regex of every rule the keyword pass triggered, in its windows.
    fn run_triggered(&self, data: &[u8], scratch: &mut Scratch, out: &mut Vec<Candidate>) {
        let first = out.len();
        let mut triggered = std::mem::take(&mut scratch.triggered);
        for &rule in &triggered {
            let mut windows = std::mem::take(&mut scratch.windows[rule]);
            self.run_rule(rule, data, &windows, scratch, out);
            windows.clear();
            if windows.capacity() > 4096 {
                windows.shrink_to(4096); // one huge blob should not pin its window list
            }
            scratch.windows[rule] = windows;
        }
        triggered.clear();
        scratch.triggered = triggered;
        let found = &mut out[first..];
        found.sort_unstable();
        self.drop_shadowed_generic(out, first);
    }

    /// Runs rule `index`'s regex over `windows` with the scratch's search state for it,
    /// counting what the rule's caches grew by and keeping the scratch in its budget.
    fn run_rule(
        &self,
        index: usize,
        data: &[u8],
        windows: &[(usize, usize)],
        scratch: &mut Scratch,
        out: &mut Vec<Candidate>,
    ) {
        let search = scratch.searches[index]
            .get_or_insert_with(|| Search::new(&self.rules[index].regex().regex));
        scratch.runs += 1;
        search.last_run = scratch.runs;
        for &window in windows {
            self.run_window(index, data, window, search, out);
        }
        let bytes = search.cache.memory_usage();
        if bytes > search.bytes {
            scratch.search_bytes += bytes - search.bytes;
            search.bytes = bytes;
        }
        scratch.keep_searches_in_budget();
    }

    /// Runs a rule's regex over one window, then, when the window holds JSON-escaped
    /// quotes (`"{\"apiKey\":\"…\"}"` in a string literal, a recorded request body),
    /// over the window read with those escapes removed, so that a rule written for plain
    /// quotes finds a key in escaped JSON too. A match in the unescaped reading is kept
    /// when its value is contiguous in the blob (no escape inside it) and the plain reading
    /// did not find the same span.
    fn run_window(
        &self,
        index: usize,
        data: &[u8],
        (start, end): (usize, usize),
        search: &mut Search,
        out: &mut Vec<Candidate>,
    ) {
        let rule = &self.rules[index].rule;
        let first = out.len();
        // A window starts at its line's start. Searching from the line break before it lets
        // a pattern that opens with `(?:^|[^…])` match at the start of any line (a regex
        // `^` holds only at the start of the blob, and the class needs a byte to consume).
        let from = if start > 0 && data[start - 1] == b'\n' {
            start - 1
        } else {
            start
        };
        self.each_match(index, data, (from, end), search, |s, e| {
            if accept(rule, data, s, e) {
                out.push(Candidate {
                    start: s,
                    end: e,
                    rule: index,
                });
            }
        });
        let Some(view) = Unescaped::of(&data[start..end]) else {
            return;
        };
        self.each_match(index, &view.text, (0, view.text.len()), search, |s, e| {
            let Some((s, e)) = view.original_span(s, e) else {
                return;
            };
            let (s, e) = (start + s, start + e);
            let found_plain = out[first..].iter().any(|c| c.start == s && c.end == e);
            if !found_plain && accept(rule, data, s, e) {
                out.push(Candidate {
                    start: s,
                    end: e,
                    rule: index,
                });
            }
        });
    }

    /// Calls `found` with the secret span of each match of rule `index`'s regex that
    /// starts in `text[start..end]` (and whose name group, if any, names a secret).
    fn each_match(
        &self,
        index: usize,
        text: &[u8],
        (start, end): (usize, usize),
        search: &mut Search,
        mut found: impl FnMut(usize, usize),
    ) {
        let RuleRegex {
            regex,
            secret_group,
            name_group,
            max_secret_len,
        } = self.rules[index].regex();
        let Search {
            cache, captures, ..
        } = search;
        let haystack = &text[..end];
        let mut at = start;
        while at <= end {
            let mut from = at;
            if let Some(max) = max_secret_len {
                // With its counts open, a rule can match a run as long as the window (60 MB
                // of `A` under a bearer token's keyword): such a match is too long to hold
                // a value the counts allowed, and is passed over without its groups, whose
                // search would cost the run's length times the pattern's states.
                let Some(found) = regex.search_with(cache, &Input::new(haystack).range(at..))
                else {
                    break;
                };
                if found.len() > max + LONGEST_CONTEXT {
                    at = found.end().max(at + 1);
                    continue;
                }
                from = found.start();
            }
            regex.search_captures_with(cache, &Input::new(haystack).range(from..), captures);
            let Some(m) = captures.get_match() else {
                break;
            };
            at = if m.is_empty() { m.end() + 1 } else { m.end() };
            let Some(secret) = captures.get_group(*secret_group) else {
                continue;
            };
            if max_secret_len.is_some_and(|max| secret.len() > max) {
                continue;
            }
            // A bare `secret_id` holding a UUID is an AppRole's (`variable "secret_id"` with
            // its default in Terraform).
            let named_a_secret = |name: regex_automata::Span| {
                std::str::from_utf8(&text[name.range()]).is_ok_and(|name| {
                    is_secret_key(name) || is_approle_secret_id(name, &text[secret.range()])
                })
            };
            if name_group
                .and_then(|g| captures.get_group(g))
                .is_some_and(|name| !named_a_secret(name))
            {
                continue;
            }
            let (start, end) = if self.rules[index].rule.kind == FindingKind::GenericSecret {
                let end = secret.start + before_next_query_parameter(&text[secret.range()]);
                let end = secret.start + before_html_quote(&text[secret.start..end]);
                without_emphasis(text, secret.start, end)
            } else {
                (secret.start, secret.end)
            };
            // The next match may begin where this value ends: the `&` that ended it (and
            // was matched as its end) opens the next query parameter
            // (`?oauth_token=…&oauth_token_secret=…`), as does what a trimmed value left.
            at = end.max(m.start() + 1);
            found(start, end);
        }
    }

    fn drop_shadowed_generic(&self, out: &mut Vec<Candidate>, first: usize) {
        let is_generic = |c: &Candidate| self.rules[c.rule].rule.kind == FindingKind::GenericSecret;
        if !out[first..].iter().any(is_generic) {
            return;
        }
        // Endpoints and posture marks say nothing about whether the bytes are a secret.
        let is_specific = |c: &Candidate| {
            matches!(
                self.rules[c.rule].rule.kind,
                FindingKind::ProviderSecret | FindingKind::PrivateKey
            )
        };
        let found = out.split_off(first);
        let specific: Vec<(usize, usize)> = found
            .iter()
            .filter(|c| is_specific(c))
            .map(|c| (c.start, c.end))
            .collect();
        // Two generic rules can match the same span (`password` and `secret` keywords on
        // one line): keep the first.
        let mut last_generic = None;
        for candidate in found {
            if is_generic(&candidate) {
                let span = (candidate.start, candidate.end);
                let shadowed = specific.iter().any(|&(s, e)| s < span.1 && span.0 < e);
                if shadowed || last_generic == Some(span) {
                    continue;
                }
                last_generic = Some(span);
            }
            out.push(candidate);
        }
    }
}

/// Whether a keyword hit at `at` starts a word: at the start of `data`, after a byte that
/// is not an ASCII letter or digit, or as the capital after a lowercase letter or digit
/// (`myNimbleKey`). Only the byte before the hit is read, so a hit at the start of a line
/// always starts a word, whatever the line before (the clean-chunk skipping relies on it).
fn starts_word(data: &[u8], at: usize) -> bool {
    let Some(&before) = at.checked_sub(1).and_then(|i| data.get(i)) else {
        return true;
    };
    !before.is_ascii_alphanumeric()
        || (data[at].is_ascii_uppercase()
            && (before.is_ascii_lowercase() || before.is_ascii_digit()))
}

/// Adds the window around a keyword hit at `start..end` to a rule's windows, merging it
/// with the windows it overlaps, so the list stays sorted and disjoint.
///
/// Hits arrive in order of their end, so a new window never lies wholly before the last
/// one. When a single-line hit starts well inside the last window, only the window's end
/// can move, and only the bytes past it are searched for the line end: a run of hits at
/// every byte costs amortised constant work per hit, not a line search each.
fn add_hit(
    windows: &mut Vec<(usize, usize)>,
    data: &[u8],
    start: usize,
    end: usize,
    multiline: bool,
) {
    if let Some(last) = windows.last_mut() {
        if !multiline && start >= last.0 + LINE_WINDOW_BEFORE && start <= last.1 {
            // This hit's window starts inside the last one. The last window ends at a line
            // end (then so does this one) or at a distance bound this hit may push on.
            if last.1 < data.len() && data[last.1] != b'\n' {
                let ceiling = (end + LINE_WINDOW_AFTER).min(data.len());
                if ceiling > last.1 {
                    last.1 = line_window_end(data, last.1, ceiling);
                }
            }
            return;
        }
    }
    windows.push(hit_window(data, start, end, multiline));
    while let [.., before, last] = windows.as_mut_slice() {
        if last.0 > before.1 {
            break;
        }
        *before = (before.0.min(last.0), before.1.max(last.1));
        windows.pop();
    }
}

/// A window's text with the backslash of each `\"` removed, and where the removed
/// backslashes were, to map a span of the text back to the window.
struct Unescaped {
    text: Vec<u8>,
    /// Offsets in `text` of the quotes whose backslash was removed, ascending.
    unescaped_quotes: Vec<usize>,
}

impl Unescaped {
    /// The unescaped reading of `window`, or `None` when it holds no escaped quote.
    fn of(window: &[u8]) -> Option<Self> {
        let mut escapes = memchr::memmem::find_iter(window, b"\\\"").peekable();
        escapes.peek()?;
        let mut text = Vec::with_capacity(window.len());
        let mut unescaped_quotes = Vec::new();
        // Copied a run at a time: everything up to each escape's backslash, then on
        // from its quote.
        let mut from = 0;
        for backslash in escapes {
            text.extend_from_slice(&window[from..backslash]);
            unescaped_quotes.push(text.len());
            from = backslash + 1;
        }
        text.extend_from_slice(&window[from..]);
        Some(Unescaped {
            text,
            unescaped_quotes,
        })
    }

    /// The window span of `text[start..end]`, if no backslash was removed inside it.
    fn original_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let before = self.unescaped_quotes.partition_point(|&q| q <= start);
        let inside = self.unescaped_quotes.partition_point(|&q| q < end);
        (before == inside).then_some((start + before, end + before))
    }
}

/// The byte window a rule's regex runs in around a keyword hit at `start..end`.
fn hit_window(data: &[u8], start: usize, end: usize, multiline: bool) -> (usize, usize) {
    if multiline {
        return (
            start.saturating_sub(MULTILINE_WINDOW_BEFORE),
            (end + MULTILINE_WINDOW_AFTER).min(data.len()),
        );
    }
    let floor = start.saturating_sub(LINE_WINDOW_BEFORE);
    let ws = memchr::memrchr(b'\n', &data[floor..start]).map_or(floor, |i| floor + i + 1);
    let ceiling = (end + LINE_WINDOW_AFTER).min(data.len());
    (ws, line_window_end(data, end, ceiling))
}

/// Where a single-line window searched from `from` ends: at the first line end before
/// `ceiling`, or at `ceiling` moved [through the token](through_token) it falls inside.
fn line_window_end(data: &[u8], from: usize, ceiling: usize) -> usize {
    memchr::memchr(b'\n', &data[from..ceiling])
        .map_or_else(|| through_token(data, ceiling), |i| from + i)
}

/// A window end moved past the rest of a token it falls inside (base64, base64url, a
/// JWT's dots, hex), by at most [`LINE_TOKEN_TAIL`] bytes; `at` itself when it falls
/// between tokens.
fn through_token(data: &[u8], at: usize) -> usize {
    let is_token =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_' | b'.');
    if at == 0 || at >= data.len() || !is_token(data[at - 1]) {
        return at;
    }
    let limit = (at + LINE_TOKEN_TAIL).min(data.len());
    data[at..limit]
        .iter()
        .position(|&b| !is_token(b))
        .map_or(limit, |i| at + i)
}

/// Whether a regex match is a secret: entropy floor, validator, and not a placeholder.
/// Endpoints are judged as hosts (not loopback, not a template slot); a posture match
/// only marks where an issue is.
fn accept(rule: &Rule, data: &[u8], start: usize, end: usize) -> bool {
    let value = &data[start..end];
    match rule.kind {
        FindingKind::Endpoint => {
            let in_authority = super::endpoints::in_url_authority(data, start);
            return super::endpoints::accept_endpoint(&rule.provider, value, in_authority);
        }
        FindingKind::Posture => return !value.is_empty(),
        _ => {}
    }
    // Base64 of `user:password` is never lowercase letters alone: such a value is a word
    // (`Basic fakeauthdetails` in a test, `Authorization: Basic authentication` in prose).
    if rule.encoding == Some(ValueEncoding::Base64UserPassword)
        && (value.iter().all(u8::is_ascii_lowercase) || basic_pair_holds_no_secret(value))
    {
        return false;
    }
    // A form field's placeholder (`placeholder: "gloas-f79c…"`, `placeholder="sk_live_…"`):
    // the format shown to whoever fills the field in, for any rule.
    let name_range = name_before(data, start);
    let name = &data[name_range.clone()];
    // A name qualified by a path says whose id it is (`secret.id`: an AppRole secret).
    let qualified = name_range.start > 0 && data[name_range.start - 1] == b'.';
    if name.eq_ignore_ascii_case(b"placeholder") || (!qualified && is_record_id(name, value)) {
        return false;
    }
    let checked = placeholder_view(rule, value);
    let sample = if rule.symbol_alphabet {
        is_sample(&checked)
    } else {
        is_placeholder(&checked)
    };
    // A percent-encoded value (a URL's user info) is compared with the documented examples
    // as it decodes too: `open%20sesame` is RFC 7617's sample password.
    let sample = sample
        || (checked.contains(&b'%')
            && is_documented_example(
                &percent_encoding::percent_decode(&checked).collect::<Vec<u8>>(),
            ));
    if value.is_empty()
        || sample
        || url_password_stands_in(data, start, end)
        || (rule.kind == FindingKind::PrivateKey && pem_body_too_short(value))
    {
        return false;
    }
    let text = std::str::from_utf8(value).ok();
    let name_text = std::str::from_utf8(name).ok();
    if rule.kind == FindingKind::GenericSecret
        && (is_public_key(value)
            || super::judge::encodes_no_secret(value)
            || is_pgp_key_id_under_key_name(name, value)
            || is_arn(value)
            || names_a_public_value(name)
            || names_a_stand_in(name)
            || text.is_some_and(is_credential_label)
            || line_marks_an_example(data, start)
            || is_meeting_passcode(data, start)
            || is_shared_link_id(data, start)
            || is_algolia_search_key(data, start, end)
            || names_a_kubernetes_secret(name, value)
            || is_code_reference(value)
            || is_labelled_digest(value)
            || is_notation(value)
            || opens_with_cjk_punctuation(value)
            || is_compared(data, start, value)
            || runs_into_an_escaped_quote(value)
            || is_long_option(value)
            || is_setting_pair(value)
            || is_outcome_and_id(name, value)
            || names_a_credential_variable(value)
            || text.is_some_and(|text| {
                names_credentials(text)
                    || is_snake_case_name(text)
                    || is_numeronym_name(text)
                    || is_action_reference(text)
            })
            || names_a_debconf_question(value)
            || continues_a_url_scheme(data, start)
            || follows_a_class_name_in_a_list(data, start, end)
            || is_an_argument_after_a_name_in_a_list(data, start)
            || name_text.is_some_and(|n| ends_in_a_pass_not_a_password(&key_tokens(n)))
            || text.is_some_and(names_a_resource)
            || (rule.encoding.is_none()
                && is_digest_length_hex(value)
                && follows_a_password_name(data, start)))
    {
        return false;
    }
    // What a provider's rule and a generic one both meet in code and config: a
    // provider's keyword in the name of a digest (`linodeDriverChecksum := "…"`; a
    // password hash is reported under such names: `password_md5 = "$1$…"`), a value
    // repeating its name (`DROPBOX_OAUTH_KEY=dropboxoauthkey`; to a provider's rule,
    // only a credential's name: a database URL's password repeating its user,
    // `geo:geo@`, is a weak password), a class or a function's name where a value was
    // expected, a constant's name (`OVH_SERVICE_NAME` in an error message listing the
    // variables a program reads).
    if matches!(
        rule.kind,
        FindingKind::ProviderSecret | FindingKind::GenericSecret
    ) {
        let repeats_name = value_repeats_name(name, value)
            && (rule.kind == FindingKind::GenericSecret || name_text.is_some_and(is_secret_key));
        if names_a_digest(name)
            || (rule.kind == FindingKind::ProviderSecret && is_type_annotation(data, start, end))
            || repeats_name
            || text.is_some_and(is_constant_name)
            || spells_its_provider(rule, value)
            || is_class_argument(data, start, end)
            || is_called(data, start, end)
            || is_camel_case_phrase(value)
            || inside_pem_body(data, start)
            || inside_urn(data, start)
            || is_option_read_as_value(data, start, end)
        {
            return false;
        }
    }
    if let Some(floor) = rule.entropy {
        let floor = match rule.kind {
            // The line is read only for the values the password floor can change.
            FindingKind::GenericSecret
                if (is_short_hex(value)
                    || (is_short_password(value) && is_assigned(data, start)))
                    && follows_a_password_name(data, start) =>
            {
                password_entropy_floor(floor, value)
            }
            _ if is_short_password(value) && in_url_password_slot(data, start, end) => {
                floor.min(SHORT_PASSWORD_FLOOR)
            }
            FindingKind::GenericSecret => generic_entropy_floor(floor, value),
            _ => floor,
        };
        if shannon_entropy(value) < floor {
            return false;
        }
    }
    rule.validator.is_none_or(|v| validate(v, value))
}

/// The span of a generic value without Markdown's strong emphasis around it (`password
/// "**admin123**"`, a tutorial's text in bold): the value is what is between the marks.
fn without_emphasis(data: &[u8], start: usize, end: usize) -> (usize, usize) {
    let value = &data[start..end];
    let emphasised = value.len() > 4
        && [&b"**"[..], b"__"]
            .iter()
            .any(|mark| value.starts_with(mark) && value.ends_with(mark));
    if emphasised {
        (start + 2, end - 2)
    } else {
        (start, end)
    }
}

/// How much of a generic value is the value when it ends with a quote written as an HTML
/// character reference, whose `;` ended the match: PHP source rendered into a page
/// (`'Error: SMTP password required!&#039;`) or an attribute (`value=&quot;…&quot;`). The
/// value is what comes before the `&`.
fn before_html_quote(value: &[u8]) -> usize {
    const QUOTES: [&[u8]; 7] = [
        b"&#039", b"&#39", b"&#x27", b"&#34", b"&#x22", b"&quot", b"&apos",
    ];
    QUOTES
        .iter()
        .find(|quote| value.len() > quote.len() && value.ends_with(quote))
        .map_or(value.len(), |quote| value.len() - quote.len())
}

/// How much of a generic value is the value when it runs on into a query string's next
/// parameter: `access_token=…&scope=repo&token_type=bearer`, an OAuth token response as
/// tests, logs and docs hold it, is the token alone; so is `random` in a signed request's
/// `X-Amz-Credential=random&X-Amz-Content-Sha256=…`. The value ends at an `&` before a
/// parameter name of four or more characters and its `=`, after at least four characters:
/// lowercase letters and `_`, or a name that opens with a letter and holds a capital
/// (`X-Amz-Date`, `redirectUri`), digits and `-`. (A Django key's 50-character alphabet
/// holds `&`, `_` and `=` but no capital: about three 50-character keys in a thousand have
/// a lowercase run and lose their tail, still reported.)
fn before_next_query_parameter(value: &[u8]) -> usize {
    memchr::memchr_iter(b'&', value)
        .find(|&at| {
            let rest = &value[at + 1..];
            let name = rest
                .iter()
                .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                .count();
            let name_bytes = &rest[..name];
            let lowercase = name_bytes
                .iter()
                .all(|&b| b.is_ascii_lowercase() || b == b'_');
            let capitalised = name_bytes.first().is_some_and(u8::is_ascii_alphabetic)
                && name_bytes.iter().any(u8::is_ascii_uppercase);
            at >= 4 && name >= 4 && (lowercase || capitalised) && rest.get(name) == Some(&b'=')
        })
        .unwrap_or(value.len())
}

/// Whether the line holding `at` carries AWS's documentation marker, `EXAMPLE` in
/// capitals (`AccessKeyId=ABCDE12345670EXAMPLE, RawSecretAccessKey=DXjS…`): the values
/// written beside an example key id are the example's too; or, before `at`, labels the
/// value an example in prose (`# Example password: …`, `Sample token: …`), as password
/// generators' and libraries' docs show their output. Only the line's part within a rule's
/// window of `at` is read, so a minified line costs no more per match than a short one.
fn line_marks_an_example(data: &[u8], at: usize) -> bool {
    const PROSE_LABELS: &[&[u8]] = &[b"example ", b"sample "];
    const CREDENTIAL_WORDS: &[&[u8]] = &[b"password", b"passphrase", b"token", b"secret", b"key"];
    let floor = at.saturating_sub(LINE_WINDOW_BEFORE);
    let ceiling = (at + LINE_WINDOW_AFTER).min(data.len());
    let start = memchr::memrchr(b'\n', &data[floor..at]).map_or(floor, |i| floor + i + 1);
    let end = memchr::memchr(b'\n', &data[at..ceiling]).map_or(ceiling, |i| at + i);
    if memchr::memmem::find(&data[start..end], b"EXAMPLE").is_some() {
        return true;
    }
    let before = &data[start..at];
    let opens_with = |at: usize, word: &[u8]| {
        before
            .get(at..at + word.len())
            .is_some_and(|bytes| bytes.eq_ignore_ascii_case(word))
    };
    (0..before.len()).any(|i| {
        PROSE_LABELS.iter().any(|label| {
            opens_with(i, label)
                && CREDENTIAL_WORDS
                    .iter()
                    .any(|word| opens_with(i + label.len(), word))
        })
    })
}

/// Whether a value is the rest of a URL whose scheme a rule read as a user name
/// (`curl -u 'http://localhost:9000/api/…'`: `http`, then `//localhost…` as a password).
fn continues_a_url_scheme(data: &[u8], start: usize) -> bool {
    let before = &data[start.saturating_sub(6)..start];
    data[start..].starts_with(b"//") && (before.ends_with(b"http:") || before.ends_with(b"https:"))
}

/// Whether a value is a variable named for a credential (`tOpenIDConnectPBKDF2ClientSecret`
/// after `Secret:` in a struct literal): an identifier of sixteen characters or more whose
/// last word, capitalised after a lowercase letter or a digit, is `Secret`, `Token`, `Key`,
/// `Password` or `Credentials`. The assignment rules skip such names by their pattern; a
/// label rule reads them too. A shorter one may be a password spelled in camel case
/// (`newS3cretKey`).
fn names_a_credential_variable(value: &[u8]) -> bool {
    const LAST_WORDS: &[&[u8]] = &[b"Secret", b"Token", b"Key", b"Password", b"Credentials"];
    value.len() >= 16
        && value
            .first()
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        && value
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        && LAST_WORDS.iter().any(|word| {
            value.strip_suffix(*word).is_some_and(|stem| {
                stem.last()
                    .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
        })
}

/// Whether a value names a Debian package's configuration question about a password
/// (`mysql-server/root_password`, `percona-server-server-5.7/root-pass`: the package, `/`,
/// then the question), as `debconf-set-selections` and a Salt or Ansible state preseeding
/// it write it: the slot the password goes in, not the password.
fn names_a_debconf_question(value: &[u8]) -> bool {
    let Some((package, question)) = std::str::from_utf8(value)
        .ok()
        .and_then(|text| text.split_once('/'))
    else {
        return false;
    };
    package.starts_with(|c: char| c.is_ascii_lowercase())
        && package.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'+' | b'-')
        })
        && question
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-'))
        && is_secret_key(question)
}

/// Whether a value after `PASS` in capitals is a test's outcome and what passed
/// (`success_msg: "PASS: SEC-ND-000120 …"`, a compliance check's control id; `Playwright
/// PASS: PO-2026-01`, a document's number): three parts or more joined by `-`, each
/// capitals (six at most) or digits. A password after a `PASS:` label holds lowercase
/// letters or a symbol, or is two parts (`SUMMER-2024`).
fn is_outcome_and_id(name: &[u8], value: &[u8]) -> bool {
    let id_part = |part: &[u8]| {
        (!part.is_empty() && part.len() <= 6 && part.iter().all(u8::is_ascii_uppercase))
            || (!part.is_empty() && part.iter().all(u8::is_ascii_digit))
    };
    if name != b"PASS" {
        return false;
    }
    let mut parts = 0;
    value.split(|&b| b == b'-').all(|part| {
        parts += 1;
        id_part(part)
    }) && parts >= 3
        && value.iter().any(u8::is_ascii_digit)
        && value.iter().any(u8::is_ascii_uppercase)
}

/// Whether a value is a setting written `name=value` in lowercase words (`add("PASS",
/// "host=cloudflare", …)`, a check's detail after its outcome): a pair, not a password.
fn is_setting_pair(value: &[u8]) -> bool {
    let Some(at) = memchr::memchr(b'=', value) else {
        return false;
    };
    let word = |part: &[u8], joiners: &[u8]| {
        part.len() >= 2
            && part[0].is_ascii_lowercase()
            && part
                .iter()
                .all(|b| b.is_ascii_lowercase() || joiners.contains(b))
    };
    word(&value[..at], b"_") && word(&value[at + 1..], b"_.-")
}

/// Whether a value is a command's long option (`authelia hash-password --iterations=4`:
/// the word before it named the command, not a password).
fn is_long_option(value: &[u8]) -> bool {
    value.starts_with(b"--") && value.get(2).is_some_and(u8::is_ascii_alphabetic)
}

/// Whether a value at `start` of `data` is the right side of a comparison a rule read as
/// an assignment (`password==undefined` gives `=undefined`, `token!=null` gives `=null`):
/// `=` and then a letter, after `=` or `!`. A value that opens with `=` after a blank is
/// one (`zip -P =ltKy…`).
fn is_compared(data: &[u8], start: usize, value: &[u8]) -> bool {
    value.first() == Some(&b'=')
        && value.get(1).is_some_and(u8::is_ascii_alphabetic)
        && start
            .checked_sub(1)
            .and_then(|before| data.get(before))
            .is_some_and(|b| matches!(b, b'=' | b'!'))
}

/// Whether the value at `at` ends a URN (`urn:linkedin:phoneticlastname`, a claim's name,
/// where a provider's keyword sits in the namespace): `urn:` earlier on the line, not
/// inside a word (`return:`, `turn:`), and only a URN's characters between it and the
/// value.
fn inside_urn(data: &[u8], at: usize) -> bool {
    let floor = at.saturating_sub(64);
    let before = &data[floor..at];
    memchr::memmem::rfind(before, b"urn:").is_some_and(|urn| {
        let opens = urn
            .checked_sub(1)
            .is_none_or(|i| !before[i].is_ascii_alphanumeric());
        opens
            && before[urn..]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'.' | b'_' | b'-'))
    })
}

/// Whether a value opens with CJK or full-width punctuation (`，然后输入密码` after
/// `mysql -u root -p` in a Chinese tutorial: "then type the password"): the rule read on
/// into the sentence around a flag, not into a password.
fn opens_with_cjk_punctuation(value: &[u8]) -> bool {
    String::from_utf8_lossy(&value[..value.len().min(4)])
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF65}'))
}

/// Whether a value ran into an HTML-escaped quote (`updated!&#34` in `{&#34;message&#34;:
/// &#34;password updated!&#34;}`, `can&#x27;t` in a docs page's prose): the rule read past
/// the end of escaped text.
fn runs_into_an_escaped_quote(value: &[u8]) -> bool {
    [
        &b"&#34"[..],
        b"&#39",
        b"&#x27",
        b"&#x22",
        b"&quot",
        b"&apos",
    ]
    .iter()
    .any(|entity| memchr::memmem::find(value, entity).is_some())
}

/// Whether the name before a value names a digest (`linodeDriverChecksum`,
/// `artifact_sha256`, `integrity`): a hash of a file or a payload, never a credential,
/// even where a provider's keyword opens the name.
fn names_a_digest(name: &[u8]) -> bool {
    const DIGESTS: &[&str] = &[
        "checksum",
        "sha256",
        "sha512",
        "sha1",
        "md5",
        "digest",
        "integrity",
    ];
    // A platform after the digest's name (`DOCKER_MACHINE_LINODE_CHECKSUM_amd64`): one
    // digest per build.
    const PLATFORMS: &[&str] = &[
        "amd64", "arm64", "arm", "armv7", "x86", "x64", "386", "i386", "aarch64", "ppc64le",
        "s390x", "linux", "darwin", "windows", "macos",
    ];
    std::str::from_utf8(name).is_ok_and(|name| {
        key_tokens(name)
            .iter()
            .rev()
            .find(|token| !PLATFORMS.contains(&token.as_str()))
            .is_some_and(|last| DIGESTS.contains(&last.as_str()))
    })
}

/// Whether the value at `start..end`, in the file at `path`, is a variable: an
/// unquoted identifier of words assigned whole (`password = google_oauth2_access_token`
/// in Ruby, `config.PrivateKey = keyRSA2048` in Go: after `=` or `: `, before the end of
/// the statement) in a language where a bare word is a name, on a line that is code, not
/// a comment. An env, YAML or shell file writes literals unquoted (`password: hunter2`);
/// a comment may quote a value without its quotes; a URL's password
/// (`mqtt://user:sVNoccqwvXxE@host`) is a literal inside a string. Names joined by `+`
/// (`console1+console2`) are an expression of variables.
pub fn is_variable_in_source(path: &str, data: &[u8], start: usize, end: usize) -> bool {
    const SOURCE_EXTENSIONS: &[&str] = &[
        "py", "rb", "js", "jsx", "mjs", "cjs", "ts", "tsx", "go", "java", "kt", "kts", "scala",
        "cs", "php", "rs", "c", "h", "cc", "cpp", "hpp", "swift", "dart", "groovy", "ex", "exs",
        "lua",
    ];
    let source = path
        .rsplit_once('.')
        .is_some_and(|(_, extension)| SOURCE_EXTENSIONS.contains(&extension));
    if !source {
        return false;
    }
    let before = &data[start.saturating_sub(8)..start];
    let operator = before.trim_ascii_end();
    let assigned =
        operator.ends_with(b"=") || (operator.ends_with(b":") && operator.len() < before.len());
    let ends_statement = data
        .get(end)
        .is_none_or(|b| matches!(b, b';' | b',' | b')' | b'\r' | b'\n' | b' ' | b'\t'));
    if !assigned || !ends_statement {
        return false;
    }
    let floor = start.saturating_sub(LINE_WINDOW_BEFORE);
    let line_start = memchr::memrchr(b'\n', &data[floor..start]).map_or(floor, |i| floor + i + 1);
    let code = data[line_start..start].trim_ascii_start();
    let comment = [&b"#"[..], b"//", b"/*", b"*", b"--", b";"]
        .iter()
        .any(|opening| code.starts_with(opening));
    let value = &data[start..end];
    !comment && (is_variable_name(value) || is_sum_of_names(value))
}

/// Whether a value is a class's or a variable's name spelling its rule's provider
/// (`LinkedinContinue` after `'linkedin-page':`, a component's name in a table of
/// providers; `pagerDutySettingsMap` after `Map<String, PagerDutySettings>`): a name built
/// from the provider's, where a generated secret holds its issuer's name only as a prefix
/// before random characters (`ngrok_api_jyjrZTGj…`). A variable's name here is letters
/// in lower camel case only, not any identifier of words: a Redis URL's `redis_…`
/// password is a weak password, and CredData counts it.
fn spells_its_provider(rule: &Rule, value: &[u8]) -> bool {
    let camel_case_variable = || {
        value.iter().all(u8::is_ascii_alphabetic)
            && value[0].is_ascii_lowercase()
            && value.iter().any(u8::is_ascii_uppercase)
    };
    rule.provider.len() >= 4
        && (is_class_name(value) || camel_case_variable())
        && memchr::memmem::find(&value.to_ascii_lowercase(), rule.provider.as_bytes()).is_some()
}

/// Whether the value at `start..end` is a class name quoted in a list after another
/// (`__all__ = ['OAuth2AccessToken', 'OAuth2Application']`, where a rule reads the first
/// as a credential's name and `,` as its separator): both quoted class names.
fn follows_a_class_name_in_a_list(data: &[u8], start: usize, end: usize) -> bool {
    let before = &data[start.saturating_sub(80)..start];
    let Some(rest) = before
        .strip_suffix(b"'")
        .or_else(|| before.strip_suffix(b"\""))
    else {
        return false;
    };
    let rest = rest.trim_ascii_end();
    let Some(rest) = rest.strip_suffix(b",") else {
        return false;
    };
    let rest = rest.trim_ascii_end();
    let Some(rest) = rest.strip_suffix(b"'").or_else(|| rest.strip_suffix(b"\"")) else {
        return false;
    };
    let name_length = rest
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    is_class_name(&rest[rest.len() - name_length..]) && is_class_name(&data[start..end])
}

/// Whether a generic value is a checksum in a lock file (`*.lock`: a package manager's
/// integrity hashes, `i18n.lock`'s digest of each message keyed by the message's name,
/// `forgot_password: 97f548ff…`): hex digits, or a hash named by its algorithm
/// (`sha512-…`). A lock file's other values (a registry URL with a token) stay judged.
pub fn is_checksum_in_lock_file(path: &str, value: &[u8]) -> bool {
    let lock_file = path
        .rsplit('/')
        .next()
        .is_some_and(|name| name.len() > 5 && name.ends_with(".lock"));
    let named_hash = [&b"sha1-"[..], b"sha256-", b"sha384-", b"sha512-"]
        .iter()
        .any(|algorithm| value.starts_with(algorithm));
    lock_file && (named_hash || (value.len() >= 16 && value.iter().all(u8::is_ascii_hexdigit)))
}

/// Whether `at` lies in the base64 body of a PEM block (a certificate's
/// `hxAAAAAAAAAAAAAAAAAAAAABMB0GA1Ud…` line, whose run of `A`s a Dropbox token's shape
/// fits): its line is base64 alone, and the nearest `-----BEGIN ` above it, within 64 KiB,
/// has no `-----END ` between. A key inside a private key's PEM is the private key's
/// finding, not a provider's token.
fn inside_pem_body(data: &[u8], at: usize) -> bool {
    const WINDOW: usize = 64 * 1024;
    // A PEM body's lines are 64 characters: a longer line is none of them, and is not
    // searched to its ends for each match on it (a minified line holding thousands).
    const LONGEST_BODY_LINE: usize = 1024;
    let before = &data[at.saturating_sub(LONGEST_BODY_LINE)..at];
    let line_start = match memchr::memrchr(b'\n', before) {
        Some(i) => at - before.len() + i + 1,
        None if before.len() == at => 0,
        None => return false,
    };
    let after = &data[at..(at + LONGEST_BODY_LINE).min(data.len())];
    let line_end = match memchr::memchr(b'\n', after) {
        Some(i) => at + i,
        None if at + after.len() == data.len() => data.len(),
        None => return false,
    };
    let line = data[line_start..line_end].trim_ascii();
    let base64_line = !line.is_empty()
        && line
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    if !base64_line {
        return false;
    }
    let above = &data[line_start.saturating_sub(WINDOW)..line_start];
    memchr::memmem::rfind(above, b"-----BEGIN ")
        .is_some_and(|begin| memchr::memmem::find(&above[begin..], b"-----END ").is_none())
}

/// Whether the value at `start..end` is a function's name, called: a name of words with
/// `(` right after it (`alchemyEnvVarExists = checkIfEnvironmentVariableExists(…)`,
/// `getNamesOfAssetsInChunkOrGroup(…)`, where a provider's rule reads the call's name as
/// the value assigned). Up to ten words, short ones too (`Of`, `In`, `Or`): the `(` says
/// it is code.
fn is_called(data: &[u8], start: usize, end: usize) -> bool {
    let name = &data[start..end];
    data.get(end) == Some(&b'(')
        && name.first().is_some_and(u8::is_ascii_alphabetic)
        && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        && std::str::from_utf8(name).is_ok_and(|name| {
            let tokens = key_tokens(name);
            (1..=10).contains(&tokens.len()) && tokens.iter().all(|t| is_word_then_digits(t))
        })
}

/// Whether the value at `start..end` is a class name passed as an argument, unquoted
/// after `(` or `,`: `class LinkedInOAuth2Tests(OAuth2TestsMixin, TestCase)` gives a
/// provider's keyword, a `(` a rule reads as a call's argument, and a base class. A key
/// passed to a call is a quoted literal or a variable of another shape.
fn is_class_argument(data: &[u8], start: usize, end: usize) -> bool {
    let opens_argument = data[start.saturating_sub(8)..start]
        .iter()
        .rev()
        .find(|b| !matches!(b, b' ' | b'\t'))
        .is_some_and(|&b| matches!(b, b'(' | b','));
    let quoted = data
        .get(end)
        .is_some_and(|b| matches!(b, b'"' | b'\'' | b'`'));
    opens_argument && !quoted && is_class_name(&data[start..end])
}

/// Whether the value at `start` is the passcode of a meeting's join link
/// (`https://zoom.us/j/91768411674?pwd=…`, `…/meeting/92028872923?password=…`): a numeric
/// meeting id of nine digits or more as the path's last segment, the passcode in its
/// query. An invitation published for its audience (a community's calendar, a README),
/// not a credential an application holds.
fn is_meeting_passcode(data: &[u8], start: usize) -> bool {
    let floor = start.saturating_sub(LINE_WINDOW_BEFORE);
    let before = &data[floor..start];
    let Some(query) = memchr::memrchr(b'?', before) else {
        return false;
    };
    let path = &before[..query];
    let id = path.len() - path.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let digits = path.len() - id;
    let segment = &path[..id];
    digits >= 9
        && [&b"/j/"[..], b"/w/", b"/meeting/", b"/join/"]
            .iter()
            .any(|opening| segment.ends_with(opening))
        && !before[query..].iter().any(u8::is_ascii_whitespace)
}

/// Whether the value at `start..end` is the rest of an option's name read as a password
/// after `-p`: a `find` action (`find /usr/local/mysql -type f -print | xargs strip`:
/// `mysql`, a directory, then `-print`; `-print0`, `-printf`, `-prune`) or the password
/// option spelled with one dash (`mysqladmin -uroot -password ab12`).
fn is_option_read_as_value(data: &[u8], start: usize, end: usize) -> bool {
    data[..start].ends_with(b" -p")
        && matches!(
            &data[start..end],
            b"rint" | b"rint0" | b"rintf" | b"rune" | b"assword" | b"asswd"
        )
}

/// Whether the value at `start` is a shared link's id in its query: a Google document's
/// (`https://docs.google.com/spreadsheet/ccc?key=0ApoVX4…&usp=sharing`,
/// `spreadsheets.google.com/pub?key=…`; the old Sheets links name the document by `key=`)
/// or a Firebase Storage download link's (`firebasestorage.googleapis.com/v0/b/…/o/…
/// ?alt=media&token=<uuid>`, the link an app shows an image by; GitBook serves its pages'
/// images from Firebase Storage behind `gblobscdn.gitbook.com`). Either is published for
/// whoever reads the page, not a credential.
fn is_shared_link_id(data: &[u8], start: usize) -> bool {
    let floor = start.saturating_sub(LINE_WINDOW_BEFORE);
    let before = &data[floor..start];
    let url_start = before
        .iter()
        .rposition(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'(' | b'<' | b'['))
        .map_or(0, |at| at + 1);
    let url = &before[url_start..];
    let host = url
        .strip_prefix(b"https://")
        .or_else(|| url.strip_prefix(b"http://"))
        .unwrap_or(url);
    [
        &b"docs.google.com/spreadsheet"[..],
        b"spreadsheets.google.com/",
        b"firebasestorage.googleapis.com/",
        b"gblobscdn.gitbook.com/",
    ]
    .iter()
    .any(|opening| host.starts_with(opening))
}

/// How far around a value [`is_algolia_search_key`] looks for the search client's other
/// settings: a configuration object's neighbouring lines.
const SEARCH_CONFIG_WINDOW: usize = 300;

/// Whether the value at `start..end` is the key of an Algolia search configuration
/// (DocSearch in a documentation site's config, InstantSearch in a front end: `appId`,
/// `apiKey`, `indexName` side by side): a search-only key, which Algolia makes for pages to
/// send to every reader. An admin key is not written next to the index a page searches.
fn is_algolia_search_key(data: &[u8], start: usize, end: usize) -> bool {
    let name = data[name_before(data, start)].to_ascii_lowercase();
    let name: Vec<u8> = name.into_iter().filter(|b| *b != b'_').collect();
    if !matches!(
        name.as_slice(),
        b"apikey" | b"searchkey" | b"searchapikey" | b"algoliaapikey" | b"algoliasearchkey"
    ) {
        return false;
    }
    let around = |from: usize, to: usize| {
        let mut text = data[from..to].to_ascii_lowercase();
        text.retain(|b| *b != b'_');
        text
    };
    let before = around(start.saturating_sub(SEARCH_CONFIG_WINDOW), start);
    let after = around(end, (end + SEARCH_CONFIG_WINDOW).min(data.len()));
    let near = |word: &[u8]| {
        memchr::memmem::find(&before, word).is_some()
            || memchr::memmem::find(&after, word).is_some()
    };
    near(b"indexname") && (near(b"appid") || near(b"applicationid"))
}

/// Whether the value at `start..end` is a type in an annotation (`config:
/// ApiConfiguration)` in TypeScript, after a provider's name in a function's): a
/// camel-case identifier after `:`, before `)`, `,`, `;`, `|`, `<`, `[` or `>`.
fn is_type_annotation(data: &[u8], start: usize, end: usize) -> bool {
    let before = data[..start].trim_ascii_end();
    let after = data[end..].trim_ascii_start();
    before.ends_with(b":")
        && after
            .first()
            .is_some_and(|b| matches!(b, b')' | b',' | b';' | b'|' | b'<' | b'[' | b'>'))
        && std::str::from_utf8(&data[start..end]).is_ok_and(is_compound_identifier)
}

/// Whether a name and the value after it are two items of a list or of a call's
/// arguments, one quoted item before them (`new AuthenticationUser("alice", "password",
/// "group1")`, `compact('username', 'password', 'name')`): the name is a value there (the
/// user's password is `password`), not the key of what follows. Not a `name: value`
/// pair of an object (`{"user": "alice", "password": "…"}`, no `,` before the value), a
/// call's first pair (`put("password", "…")`) nor an option's name (`["--user", "bob",
/// "--password", "…"]`). Backquoted items are a SQL statement's column names
/// (`` (`snmpv3_authpassphrase`,`snmpv3_privpassphrase`,…) VALUES `` in a MySQL dump).
fn is_an_argument_after_a_name_in_a_list(data: &[u8], start: usize) -> bool {
    let is_quote = |b: &u8| matches!(b, b'"' | b'\'' | b'`');
    // Back from the value: its opening quote, `,`, the name's closing quote.
    let Some(rest) = data[..start]
        .split_last()
        .filter(|(quote, _)| is_quote(quote))
        .map(|(_, rest)| rest)
    else {
        return false;
    };
    let Some(rest) = rest.trim_ascii_end().strip_suffix(b",") else {
        return false;
    };
    let Some((closing, rest)) = rest.trim_ascii_end().split_last() else {
        return false;
    };
    let name_length = rest
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        .count();
    let (rest, name) = rest.split_at(rest.len() - name_length);
    let Some((opening, rest)) = rest.split_last() else {
        return false;
    };
    is_quote(closing)
        && opening == closing
        && std::str::from_utf8(name).is_ok_and(|name| !name.starts_with('-') && is_secret_key(name))
        && rest
            .trim_ascii_end()
            .strip_suffix(b",")
            .is_some_and(|item| item.trim_ascii_end().last().is_some_and(is_quote))
}

/// Whether a UUID stands under an identifier's name (`<Provider Name="HubSpot"
/// Id="416c…"`, `"guid": "…"`): a record's id, not the key of a provider whose keys are
/// UUIDs too.
fn is_record_id(name: &[u8], value: &[u8]) -> bool {
    super::judge::is_uuid(value)
        && [b"id".as_slice(), b"uuid", b"guid"]
            .iter()
            .any(|id| name.eq_ignore_ascii_case(id))
}

/// The name written just before the value at `start` (`finish_pass` in `pub.finish_pass =
/// finish_pass_2_quant`, `api_key` in `"api_key": "…"`): up to eight bytes of quotes,
/// blanks and assignment marks are skipped back, then the name's letters, digits, `_` and
/// `-` are taken. Its range in `data`, empty when no name stands there.
fn name_before(data: &[u8], start: usize) -> std::ops::Range<usize> {
    let floor = start.saturating_sub(8);
    let mut end = start;
    while end > floor
        && matches!(
            data[end - 1],
            b' ' | b'\t' | b'"' | b'\'' | b'`' | b'=' | b':' | b'>'
        )
    {
        end -= 1;
    }
    let mut begin = end;
    while begin > end.saturating_sub(64)
        && (data[begin - 1].is_ascii_alphanumeric() || matches!(data[begin - 1], b'_' | b'-'))
    {
        begin -= 1;
    }
    begin..end
}

/// The fewest base64 characters a PEM private key's body holds: 48 bytes, an Ed25519 key
/// in PKCS#8, the smallest there is.
const PEM_KEY_BODY_MIN: usize = 64;

/// Whether a PEM block's body is too short to hold any private key
/// (`-----BEGIN PRIVATE KEY-----\nMIIDXTCCAkWg…MEU=\n-----END…`, a test's truncated
/// block for a parse error): its letters, digits, `+` and `/` counted. What else its lines
/// hold (a log's timestamps, `Proc-Type:` headers, escaped line breaks) only adds to the
/// count: a body this short is never a key.
fn pem_body_too_short(value: &[u8]) -> bool {
    if !value.starts_with(b"-----BEGIN") {
        return false;
    }
    // The body runs from the end of the `-----BEGIN … KEY-----` line to `-----END`.
    let label_end = memchr::memmem::find(&value[10..], b"-----").map_or(value.len(), |i| i + 15);
    let body_end = memchr::memmem::rfind(value, b"-----END").unwrap_or(value.len());
    let base64 = value[label_end.min(body_end)..body_end]
        .iter()
        .filter(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
        .count();
    base64 < PEM_KEY_BODY_MIN
}

/// What of a match the placeholder check reads: for a private key, every line but its
/// `Comment:` lines, the owner's free text in a PuTTY key (`Comment: dummy-key` on a
/// real key); for a password hash holding `...` (a mask elsewhere), the hash without its
/// `.`: bcrypt's and crypt's alphabets hold `.`, and a hash the rule matched at its full
/// length holds three in a row by chance (one bcrypt hash in about five thousand); the
/// whole match otherwise.
fn placeholder_view<'a>(rule: &Rule, value: &'a [u8]) -> Cow<'a, [u8]> {
    match rule.kind {
        FindingKind::PrivateKey if memchr::memmem::find(value, b"Comment:").is_some() => {
            Cow::Owned(
                value
                    .split_inclusive(|&b| b == b'\n')
                    .filter(|line| !line.trim_ascii_start().starts_with(b"Comment:"))
                    .flatten()
                    .copied()
                    .collect(),
            )
        }
        FindingKind::PasswordHash if memchr::memmem::find(value, b"...").is_some() => {
            Cow::Owned(value.iter().copied().filter(|&b| b != b'.').collect())
        }
        _ => Cow::Borrowed(value),
    }
}

/// The floor a generic rule's entropy floor becomes for `value`. Hexadecimal carries at most
/// 4 bits a character, so a floor set for any alphabet (3.5) rejects one random 32-digit hex
/// key in five; a value of 32 or more digits of one hex case is held to 3.0 at most (which
/// one random 32-digit key in 4,000 fails). Provider rules keep their floors: theirs are
/// measured on their own format, and some are set to turn away hex (a SHA-1 is not an AWS
/// secret key).
///
/// A short value cannot reach a long one's entropy: 16 characters have at most 4 bits each,
/// and a random 16-character key of lowercase letters and digits averages 3.61, so a 3.5
/// floor turned away one in five such keys. A value of 16 to 63 characters that is not
/// hexadecimal is held at most to the entropy a random value of its length and alphabet
/// has on average, less `RANDOM_MARGIN` (about 2.5 standard deviations: one random value in
/// a hundred falls under it). Short hex keeps the rule's floor: 16-digit hex values are
/// mostly schema hashes and ids (`48205d4ffd7feba3`). A value of 8 to 15 characters is held
/// to the same only when it mixes three character classes, as generated passwords do
/// (`nCzx8A8#!`), or, from 12 characters, when its letters and digits take turns as a
/// generator's do (`yu6is09oyu0cve6`: a 3.5 floor turned away three random 15-character
/// keys of lowercase letters and digits in ten); two classes side by side (`sdlfkj452`,
/// `XYZ12345`, `abc123def456`) are how people type examples.
fn generic_entropy_floor(floor: f64, value: &[u8]) -> f64 {
    const HEX_FLOOR: f64 = 3.0;
    // A run of more than twenty digits alone (VBOUT's 25-digit keys, a console's numeric
    // secret) is drawn from ten symbols, not sixteen: no random one reaches a floor of 3.0,
    // so it is held to the entropy of random digits of its length, as the judge's long
    // digit keys are.
    if value.len() > 20 && value.iter().all(u8::is_ascii_digit) {
        return floor.min(expected_entropy(value.len(), 10) - RANDOM_MARGIN);
    }
    if is_one_case_hex(value) {
        return if value.len() >= 32 {
            floor.min(HEX_FLOOR)
        } else {
            floor
        };
    }
    let short_and_mixed = (8..16).contains(&value.len())
        && (character_classes(value) >= 3
            || (value.len() >= 12 && alternates_letters_and_digits(value)))
        && !has_counting_run(value);
    if (16..64).contains(&value.len()) || short_and_mixed {
        let random = expected_entropy(value.len(), alphabet_size(value));
        return floor.min(random - RANDOM_MARGIN);
    }
    floor
}

/// How far under the mean entropy of random values of its length and alphabet a value may
/// fall and still be taken for random: about 2.5 standard deviations, one random value in
/// a hundred falls under it (for alphabets of 36 symbols or more).
const RANDOM_MARGIN: f64 = 0.45;

/// [`RANDOM_MARGIN`] for hex: over 16 symbols the entropy of 16 to 31 digits spreads wider
/// (one random 16-digit value in a hundred falls 0.53 under the mean, measured on 20,000
/// draws).
const RANDOM_HEX_MARGIN: f64 = 0.55;

/// [`generic_entropy_floor`] for a value written after a password's name: there, 16 to 31
/// hex digits are a generated password (`openssl rand -hex 8`: `var smtpPassword string =
/// "ff54337396931611"`), not a schema hash or an id, and are held to the entropy of random
/// hex of their length, as other short values are.
///
/// So are six or seven letters and digits written as a value (`dkajco1`, `Xq7pL2`; see
/// [`is_assigned`]): the structured judge takes them under a password's key, and the same
/// line in code is read alike. Their entropy cannot reach a floor made for longer values
/// (seven distinct characters have 2.81 bits), so they are held to
/// [`SHORT_PASSWORD_FLOOR`]: six distinct characters, or seven with one repeated once.
/// A longer one that repeats a word's letters (`pepper0787`: six distinct characters in
/// ten, 2.45 bits) is held to [`is_diverse_chosen_password`], not to an entropy.
fn password_entropy_floor(floor: f64, value: &[u8]) -> f64 {
    if is_short_hex(value) {
        return floor.min(expected_entropy(value.len(), 16) - RANDOM_HEX_MARGIN);
    }
    if is_short_password(value) {
        if is_diverse_chosen_password(value) {
            return 0.0;
        }
        return floor.min(SHORT_PASSWORD_FLOOR);
    }
    generic_entropy_floor(floor, value)
}

/// The entropy a six- or seven-character password must reach (the structured judge's
/// floor for values under eight characters; a Basic pair's password under it is a plain
/// word, `world` at 2.32 bits).
pub(crate) const SHORT_PASSWORD_FLOOR: f64 = 2.5;

/// Whether `value` is six to twenty characters holding both letters and digits, as
/// people choose passwords (`welcome1`, `trustno1`, `Hello1234`, `s1thrul3s`,
/// `Harboraurora022#`: two words repeat their letters, so sixteen characters of them fall
/// under a floor made for generated ones): after a
/// password's name these are passwords, and the structured judge takes them so in a
/// `.properties` or YAML file; a floor made for generated values (eight characters with
/// one repeated have 2.75 bits, under the rules' 3.0) turned them away in code. Not a CSS
/// colour (`--pass: #1a7f37`, a stylesheet's name for a passing check's colour), and from
/// eight characters on not names joined by `_`, `-`, `+` or `.` (`md4_hash`,
/// `str1+str2`): a variable's or an expression's.
fn is_short_password(value: &[u8]) -> bool {
    let css_colour = value.first() == Some(&b'#') && value[1..].iter().all(u8::is_ascii_hexdigit);
    (6..=20).contains(&value.len())
        && value.iter().any(u8::is_ascii_alphabetic)
        && value.iter().any(u8::is_ascii_digit)
        && !css_colour
        && (value.len() < 8 || !joins_names(value))
}

/// Whether `value` is two or more words, each maybe with digits after it, joined by `_`,
/// `-`, `+` or `.` (`md4_hash`, `str1+str2`; not `ncc-1701` or `existing-key-1`, whose
/// last part is no word).
fn joins_names(value: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(value) else {
        return false;
    };
    let parts: Vec<&str> = text.split(['_', '-', '+', '.']).collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|part| is_word_then_digits(&part.to_ascii_lowercase()))
}

/// Whether `value` is 16 to 31 hex digits of one case: the values whose floor depends on
/// the name before them.
fn is_short_hex(value: &[u8]) -> bool {
    (16..32).contains(&value.len()) && is_one_case_hex(value)
}

/// Whether `value` is a content digest named by its algorithm (`sha256:9f86…`, an image's
/// or a download's digest; `hmac-sha256:…`, as Vault's audit log writes a value): it
/// identifies content and opens nothing.
fn is_labelled_digest(value: &[u8]) -> bool {
    let Some(colon) = memchr::memchr(b':', value) else {
        return false;
    };
    let (algorithm, digest) = (value[..colon].to_ascii_lowercase(), &value[colon + 1..]);
    let algorithm = algorithm.strip_prefix(b"hmac-").unwrap_or(&algorithm);
    matches!(
        algorithm,
        b"md5" | b"sha1" | b"sha224" | b"sha256" | b"sha384" | b"sha512"
    ) && digest.len() >= 32
        && digest.iter().all(u8::is_ascii_hexdigit)
}

/// Whether `value` is one case of hex as long as a SHA-384 or SHA-512 digest or longer
/// (`password='ba3253876aed…'`, 128 digits, in a schema upgrade's `UPDATE`): what a
/// system stores for a password, no password anyone types. (A rule whose value encodes
/// the password, as JetBrains' XOR-ed hex does, is read by its encoding instead.)
fn is_digest_length_hex(value: &[u8]) -> bool {
    value.len() >= 96 && is_one_case_hex(value)
}

/// Whether the line holding `at`, before it, names a password (`pass`, `pwd`, any case):
/// only the rule's window before `at` is read.
fn follows_a_password_name(data: &[u8], at: usize) -> bool {
    let floor = at.saturating_sub(LINE_WINDOW_BEFORE);
    let start = memchr::memrchr(b'\n', &data[floor..at]).map_or(floor, |i| floor + i + 1);
    let before = &data[start..at];
    before.windows(4).any(|w| w.eq_ignore_ascii_case(b"pass"))
        || before.windows(3).any(|w| w.eq_ignore_ascii_case(b"pwd"))
}

/// Whether `data[start..end]` is the password of a URL's user info (`scheme://user:…@host`):
/// a place only a password fills, so a chosen one (`squ1ddy`, `Hello1234`) is held to the
/// short-password floor there as after a password's name. A percent-encoded value
/// (`pw%20d`) is shorter than it is written and keeps the rule's floor. Only the rule's
/// window before `start` is read.
fn in_url_password_slot(data: &[u8], start: usize, end: usize) -> bool {
    let percent_encoded = data[start..end].contains(&b'%');
    if percent_encoded || data.get(end) != Some(&b'@') || start == 0 || data[start - 1] != b':' {
        return false;
    }
    let floor = start.saturating_sub(LINE_WINDOW_BEFORE);
    let user_info = &data[floor..start - 1];
    let user_start = user_info
        .iter()
        .rposition(|b| matches!(b, b'/' | b'@' | b':' | b' ' | b'\t' | b'\n' | b'"' | b'\''))
        .map_or(0, |i| i + 1);
    user_info[..user_start].ends_with(b"//")
}

/// Words in a name that call its value a stand-in for a secret: what a redactor writes
/// in a secret's place (Flowise's `REDACTED_CREDENTIAL_VALUE = '_FLOWISE_BLANK_…'`, a
/// `maskedToken`).
const STAND_IN_NAME_WORDS: &[&str] = &["redacted", "masked", "obfuscated"];

/// Whether the name a generic secret is assigned to says it stands in for one
/// ([`STAND_IN_NAME_WORDS`]). Not for a provider's format: TruffleHog's reports put an
/// AWS key's id, a real one, under `"Redacted"`.
fn names_a_stand_in(name: &[u8]) -> bool {
    std::str::from_utf8(name).is_ok_and(|name| {
        key_tokens(name)
            .iter()
            .any(|token| STAND_IN_NAME_WORDS.contains(&token.as_str()))
    })
}

/// Whether the password of a URL's user info (`value` between `:` and `@`) stands in for
/// one: percent-encoded words that describe it once decoded
/// (`x-access-token:review%20token%2Fwith%2Bsymbols@github.com`, a test of escaping), or
/// a password without a digit at a host reserved for documentation
/// (`oauth2:application-secret@example.com`, `gitlab.example.test`). A generated password
/// decodes to no words, and a chosen one at a real host is still reported.
fn url_password_stands_in(data: &[u8], start: usize, end: usize) -> bool {
    if data.get(end) != Some(&b'@') || start == 0 || data[start - 1] != b':' {
        return false;
    }
    let value = &data[start..end];
    if value.contains(&b'%') {
        let words: Vec<u8> = percent_encoding::percent_decode(value)
            .map(|b| {
                if matches!(b, b' ' | b'+' | b'/') {
                    b'-'
                } else {
                    b
                }
            })
            .collect();
        // Only words: a chosen password that decodes to symbols and digits
        // (`D1fficultP%40ssw0rd`, MongoDB's documented sample) is still one.
        let only_words = words
            .iter()
            .all(|b| b.is_ascii_alphabetic() || matches!(b, b'-' | b'_' | b'.'));
        if only_words && is_sample(&words) {
            return true;
        }
    }
    let host_end = data[end + 1..]
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')))
        .map_or(data.len(), |i| end + 1 + i);
    let host = String::from_utf8_lossy(&data[end + 1..host_end]).to_ascii_lowercase();
    !value.iter().any(u8::is_ascii_digit) && super::endpoints::is_documentation_host(&host)
}

/// Whether the value at `at` is written as a value: opened by a quote, or right after an
/// `=` or a `:` (blanks aside). In prose (`Set the password SHA256 hash`, `--password
/// s3cr3t!` in a shell example) a short word with a digit is not taken for a password.
fn is_assigned(data: &[u8], at: usize) -> bool {
    let floor = at.saturating_sub(8);
    data[floor..at]
        .iter()
        .rev()
        .find(|b| !matches!(b, b' ' | b'\t'))
        .is_some_and(|b| matches!(b, b'"' | b'\'' | b'`' | b'=' | b':'))
}

/// How many of the four character classes (lowercase, uppercase, digits, symbols) `value`
/// draws on. The separators of names (`_`, `-`, `.`) are not counted as symbols:
/// `lsv2_pt_short` is a name's alphabet, not a generator's.
fn character_classes(value: &[u8]) -> usize {
    [
        value.iter().any(u8::is_ascii_lowercase),
        value.iter().any(u8::is_ascii_uppercase),
        value.iter().any(u8::is_ascii_digit),
        value
            .iter()
            .any(|b| !b.is_ascii_alphanumeric() && !matches!(b, b'_' | b'-' | b'.')),
    ]
    .iter()
    .filter(|&&class| class)
    .count()
}

/// Whether letters and digits take turns in `value` at least four times, as in a random
/// value of lowercase letters and digits (`yu6is09oyu0cve6`), not a word and a number
/// typed side by side (`user1234test`, `abc123def456`).
fn alternates_letters_and_digits(value: &[u8]) -> bool {
    value
        .windows(2)
        .filter(|pair| pair[0].is_ascii_digit() != pair[1].is_ascii_digit())
        .count()
        >= 4
}

/// Three characters counting up or repeated (`123`, `abc`, `111`): how people type a
/// made-up value (`AbCeFG123`, `5Aep86111`); one short random value in several hundred
/// holds such a run.
fn has_counting_run(value: &[u8]) -> bool {
    value.windows(3).any(|w| {
        w.iter().all(u8::is_ascii_alphanumeric)
            && ((w[1] == w[0] + 1 && w[2] == w[1] + 1) || (w[0] == w[1] && w[1] == w[2]))
    })
}

/// The size of the alphabet `value` looks drawn from: 26 for each letter case it uses, 10
/// for digits, 32 for punctuation (the printable ASCII symbols).
fn alphabet_size(value: &[u8]) -> u32 {
    let has = |class: fn(&u8) -> bool| value.iter().any(class);
    let mut size = 0;
    if has(u8::is_ascii_lowercase) {
        size += 26;
    }
    if has(u8::is_ascii_uppercase) {
        size += 26;
    }
    if has(u8::is_ascii_digit) {
        size += 10;
    }
    if has(|b| !b.is_ascii_alphanumeric()) {
        size += 32;
    }
    size
}

/// The mean Shannon entropy (bits per character) of `len` characters drawn uniformly from
/// an alphabet of `alphabet` symbols: each symbol's count is binomial(`len`, 1/`alphabet`),
/// and the entropy sums `-(c/len) log2(c/len)` over the symbols.
fn expected_entropy(len: usize, alphabet: u32) -> f64 {
    if len == 0 || alphabet < 2 {
        return 0.0;
    }
    let n = len as f64;
    let p = 1.0 / f64::from(alphabet);
    // P(count = 0), then each next binomial probability from the last.
    let mut probability = (1.0 - p).powf(n);
    let mut per_symbol = 0.0;
    for count in 1..=len {
        let c = count as f64;
        probability *= (n - c + 1.0) / c * p / (1.0 - p);
        let share = c / n;
        per_symbol -= probability * share * share.log2();
    }
    per_symbol * f64::from(alphabet)
}

/// Shannon entropy of `bytes` in bits per byte.
pub fn shannon_entropy(bytes: &[u8]) -> f64 {
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::endpoints::endpoint_rules;
    use crate::detect::rules::builtin_rules;

    /// The built-in secret rules and endpoint rules, as a scan loads them.
    fn matcher() -> Matcher {
        let mut rules = builtin_rules().expect("built-in rules parse");
        rules.extend(endpoint_rules(&[]).expect("endpoint rules parse").0);
        Matcher::new(rules).expect("built-in rules compile")
    }

    #[test]
    fn a_generic_value_ends_before_the_next_query_parameter() {
        let token = "519e3f859210aa34265a52acb6b88290087f8996";
        let line = format!("access_token={token}&scope=repo&token_type=bearer");
        assert_eq!(
            before_next_query_parameter(&line.as_bytes()[13..]),
            token.len()
        );
        // A signed request's next parameter, named in capitals and dashes.
        assert_eq!(
            before_next_query_parameter(b"random&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD"),
            6
        );
        // `&` inside a value, or before a short name, a name of lowercase letters and
        // digits (a Django key's alphabet) or no `=`, is the value's own.
        for value in [
            "Qx7&vLm2pRz9wKt4n",
            "Qx7vLm2pRz9w&ab=4n",
            "Qx7vLm2pRz9w&amp;Kt4n",
            "q7v$lm2p&r9z4-k=t4n",
        ] {
            assert_eq!(before_next_query_parameter(value.as_bytes()), value.len());
        }
    }

    #[test]
    fn a_generic_value_in_bold_is_the_text_between_the_marks() {
        let matcher = matcher();
        for (line, value) in [
            ("Then set `password: \"**Kq7vTz2mWx9p**\"`.", "Kq7vTz2mWx9p"),
            ("db_password = '__Rt5Kq7vTz2m__'", "Rt5Kq7vTz2m"),
            // Marks inside or on one side only are the value's own characters.
            ("db_password = 'Kq7**vTz2mWx9p'", "Kq7**vTz2mWx9p"),
            ("db_password = '**Kq7vTz2mWx9p'", "**Kq7vTz2mWx9p"),
        ] {
            let mut found = Vec::new();
            matcher.find(line.as_bytes(), &mut Scratch::default(), &mut found);
            let spans: Vec<&str> = found.iter().map(|c| &line[c.start..c.end]).collect();
            assert!(spans.contains(&value), "{line}: {spans:?}");
        }
    }

    #[test]
    fn a_generic_value_ends_before_a_quote_written_as_an_html_reference() {
        let matcher = matcher();
        for (line, value) in [
            (
                "$note = &#039;SSH: root password Hq72kLmx9PzW&#039;;",
                Some("Hq72kLmx9PzW"),
            ),
            (
                "<td>&quot;VPN password Vb83kQ2mLx9z&quot;</td>",
                Some("Vb83kQ2mLx9z"),
            ),
            // a word and the reference's digits are no password
            (
                "throw new \\Exception(&#039;Error: SMTP password required!&#039;);",
                None,
            ),
        ] {
            let mut found = Vec::new();
            matcher.find(line.as_bytes(), &mut Scratch::default(), &mut found);
            let spans: Vec<&str> = found.iter().map(|c| &line[c.start..c.end]).collect();
            match value {
                Some(value) => assert!(spans.contains(&value), "{line}: {spans:?}"),
                None => assert!(
                    spans.iter().all(|s| !s.contains("required")),
                    "{line}: {spans:?}"
                ),
            }
        }
    }

    #[test]
    fn a_token_longer_than_the_line_window_is_matched_whole() {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine as _;
        let matcher = matcher();
        // An access token of 2.5 KB (Azure's carry their roles and groups), its claims
        // past the line window's bound.
        let roles: Vec<String> = (0..150).map(|i| format!("\"role-{i}\"")).collect();
        let claims = format!("{{\"sub\":\"svc-7\",\"roles\":[{}]}}", roles.join(","));
        let signature: Vec<u8> = (0..256u32).map(|i| (i * 73 + 11) as u8).collect();
        let token = format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(claims),
            URL_SAFE_NO_PAD.encode(signature)
        );
        assert!(token.len() > LINE_WINDOW_AFTER * 2, "{}", token.len());
        let line = format!("Authorization: Bearer {token} (expires in 3599 s)");
        let mut found = Vec::new();
        matcher.find(line.as_bytes(), &mut Scratch::default(), &mut found);
        let jwt = found
            .iter()
            .find(|c| matcher.rules()[c.rule].rule.id == "vp.jwt.token.1")
            .expect("the token is found");
        assert_eq!(&line[jwt.start..jwt.end], token);
        // A window is moved to its token's end, never past a separator.
        let text = b"key=abc def";
        assert_eq!(through_token(text, 5), 7);
        assert_eq!(through_token(text, 8), 8);
        assert_eq!(through_token(text, 0), 0);
    }

    #[test]
    fn the_search_states_run_longest_ago_are_dropped_first() {
        let matcher = matcher();
        let mut scratch = Scratch {
            search_budget: 1000,
            ..Scratch::default()
        };
        matcher.prepare(&mut scratch);
        for (rule, last_run) in [(0, 3), (1, 1), (2, 2)] {
            let mut search = Search::new(&matcher.rules[rule].regex().regex);
            search.bytes = 400;
            search.last_run = last_run;
            scratch.searches[rule] = Some(search);
        }
        scratch.search_bytes = 1200;
        scratch.keep_searches_in_budget();
        // Over the budget: rule 1 (run first), then rule 2 go, until half of it is left.
        assert!(scratch.searches[0].is_some());
        assert!(scratch.searches[1].is_none() && scratch.searches[2].is_none());
        assert_eq!(scratch.search_bytes, 400);
    }

    #[test]
    fn search_caches_stay_in_their_budget_and_find_the_same() {
        let matcher = matcher();
        let examples: Vec<&str> = matcher
            .rules()
            .iter()
            .filter_map(|r| r.rule.examples.first().map(String::as_str))
            .collect();
        let mut unbounded = Scratch {
            search_budget: usize::MAX,
            ..Scratch::default()
        };
        let mut bounded = Scratch {
            search_budget: 256 << 10,
            ..Scratch::default()
        };
        let (mut found, mut found_bounded) = (Vec::new(), Vec::new());
        for run in examples.chunks(40) {
            let text = run.join("\n");
            matcher.find(text.as_bytes(), &mut unbounded, &mut found);
            matcher.find(text.as_bytes(), &mut bounded, &mut found_bounded);
            assert!(bounded.search_bytes <= bounded.search_budget);
        }
        assert!(unbounded.search_bytes > 4 * bounded.search_budget);
        assert!(found.len() > examples.len() / 2, "{}", found.len());
        assert_eq!(found, found_bounded);
    }

    #[test]
    fn a_scratch_given_back_is_taken_again_with_its_caches() {
        let matcher = matcher();
        let mut scratch = matcher.take_scratch();
        let mut found = Vec::new();
        matcher.find(b"password = \"s3cr3t-Vb8#qLm2\"", &mut scratch, &mut found);
        let warm = scratch.search_bytes;
        assert!(warm > 0);
        matcher.give_back_scratch(scratch);
        assert_eq!(matcher.take_scratch().search_bytes, warm);
        // A scratch that never searched is not kept.
        matcher.give_back_scratch(Scratch::default());
        assert_eq!(matcher.take_scratch().search_bytes, 0);
    }

    fn rule_ids(matcher: &Matcher, text: &str) -> Vec<String> {
        rule_ids_at(matcher, "", text)
    }

    /// The rules that match `text` in a file at `path`, as a scan runs them.
    fn rule_ids_at(matcher: &Matcher, path: &str, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut scratch = matcher.take_scratch();
        matcher.find(text.as_bytes(), &mut scratch, &mut out);
        matcher.find_by_path(path, text.as_bytes(), &mut scratch, &mut out);
        matcher.give_back_scratch(scratch);
        out.iter()
            .map(|c| matcher.rules()[c.rule].rule.id.clone())
            .collect()
    }

    /// A Teams incoming webhook on a tenant's host with a `-` in its name (the table's
    /// generated examples draw such hosts only by chance).
    #[test]
    fn a_teams_webhook_on_a_hyphenated_tenant_host_is_found() {
        let line = "TEAMS_WEBHOOK_URL=https://contoso-dev.webhook.office.com/webhookb2/e4cf4414-0ab6-a12b-6342-01262d7f3b70@81d1acc9-1808-6a36-97eb-aa3fbb5b0654/IncomingWebhook/2b631d8a83706cf1fc273d607b02dc15/930b6949-d6e8-1a61-5e7c-d90b4bd42a7f";
        assert!(rule_ids(&matcher(), line).contains(&"vp.microsoft.teams-webhook.1".to_string()));
    }

    /// A base class after a provider's name and `(`, a called function's name, a value
    /// repeating its credential's name, a column's type, constants' names are code or
    /// placeholders, not keys; a key passed to a call, quoted or not, is still found.
    #[test]
    fn a_class_or_function_name_is_no_key() {
        let matcher = matcher();
        for line in [
            "class LinkedInOAuth2Tests(OAuth2TestsMixin, TestCase):",
            "const alchemyEnvVarExists = checkIfEnvironmentVariableExists('ALCHEMY_API_KEY')",
            "  const assetsInChunkOrGroup = getNamesOfAssetsInChunkOrGroup(",
            "DROPBOX_OAUTH_KEY=dropboxoauthkey",
            "  client_secret VARCHAR(256),",
            "with the variables `OAUTH2_GENERIC_APP_SECRET`, `OAUTH2_GENERIC_CLIENT_SITE`, and",
            "public const string PhoneticLastName = \"urn:linkedin:phoneticlastname\";",
            "/*if (lychee.publicMode&&password==undefined) {",
            // a form control's name of eight words, as long as a Typeform key
            "transportPayloadTypeForm.get('useJsonPayloadFormatForDefaultDownlinkTopics').enable();",
        ] {
            assert!(rule_ids(&matcher, line).is_empty(), "{line}");
        }
        for line in [
            "client = LinkedInClient(Cl0sUJ7SmYJT1Cwe)",
            "linkedin_key(\"OAuth2TestsMixin\")",
        ] {
            assert!(
                rule_ids(&matcher, line).contains(&"vp.linkedin.client-secret.1".to_string()),
                "{line}"
            );
        }
    }

    /// DocSearch's configuration (`appId`, `apiKey`, `indexName`) holds a search-only key,
    /// published to every reader; the same key beside an app id alone (an indexing
    /// script's client) may be an admin key and is reported.
    #[test]
    fn an_algolia_search_configurations_key_is_public() {
        let matcher = matcher();
        let key = "7d1f0b9c52e84a36b0e9f4c1a8d27e53";
        let docsearch = format!(
            "algolia: {{\n  appId: 'BH4D9OD16A',\n  apiKey: '{key}',\n  indexName: 'acme-docs',\n}},\n"
        );
        assert!(rule_ids(&matcher, &docsearch).is_empty(), "{docsearch}");
        let client =
            format!("const client = {{\n  appId: 'BH4D9OD16A',\n  apiKey: '{key}',\n}};\n");
        assert!(!rule_ids(&matcher, &client).is_empty(), "{client}");
    }

    /// A certificate's base64 line whose run of `A`s fits a Dropbox token's shape is the
    /// certificate's, not a token; the same line alone is a token's shape.
    #[test]
    fn a_line_of_a_pem_body_is_no_provider_token() {
        let matcher = matcher();
        let line = "hxAAAAAAAAAAAAAAAAAAAAABMB0GA1UdDgQWBBTUMDpoUrM3w2wFFELKWpaHnmER";
        let pem = format!("-----BEGIN CERTIFICATE-----\n{line}\n-----END CERTIFICATE-----\n");
        assert!(rule_ids(&matcher, &pem).is_empty(), "{pem}");
        let alone = format!("token\n{line}\n");
        assert!(
            rule_ids(&matcher, &alone).contains(&"vp.dropbox.long-lived-token.1".to_string()),
            "{alone}"
        );
    }

    /// A flag followed by a sentence's punctuation in a Chinese tutorial has no value; the
    /// same flag with a password has one.
    #[test]
    fn a_flag_before_full_width_punctuation_has_no_value() {
        let matcher = matcher();
        let prose = "试一下：mysql -h localhost -u root -p，然后输入密码，输入：select 1;";
        assert!(rule_ids(&matcher, prose).is_empty(), "{prose}");
        let command = "mysql -h localhost -u root -pQx7vLm2Hq9 -e 'select 1;'";
        assert!(!rule_ids(&matcher, command).is_empty(), "{command}");
    }

    /// A password as people choose them (a word and a digit, eight to fifteen characters)
    /// after a password's name is a password in code, as the structured judge takes it in
    /// a configuration file; names joined by `_` or `+` and a type's name are not.
    #[test]
    fn a_chosen_password_after_a_password_name_is_found_in_code() {
        let matcher = matcher();
        for line in [
            "rcuSchemaPassword = 'sunrise7'",
            "static const char *ST_PASS        = \"harbor42\";",
            "ALTER ROLE ops WITH PASSWORD = 'Tide4two2Tide'",
            "-e MYSQL_ROOT_PASSWORD=quiet123 -d mysql:5.7",
        ] {
            assert!(!rule_ids(&matcher, line).is_empty(), "{line}");
        }
        for line in [
            "// derived = pbkdf2-hmac-sha256 (pass=md4_hash, salt=utf16le(SID))",
            "password = str1+str2",
            "attr (3) := attributeinfo('PASSWORD','varchar2',1,1,0,1);",
            // a letter used four times in eight: under the floor still
            "password = 'aaaab123'",
        ] {
            assert!(rule_ids(&matcher, line).is_empty(), "{line}");
        }
    }

    /// A URL's user info holds a password in its second part: a chosen one there
    /// (`squ1ddy`, a word with a digit) is held to the short-password floor, in a database
    /// URL as in any scheme's. The same value elsewhere in a URL, a placeholder word, a
    /// repeated letter, a short percent-encoded value and RFC 7617's sample credential
    /// (percent-encoded) are not taken.
    #[test]
    fn a_chosen_password_in_a_urls_user_info_is_found() {
        let matcher = matcher();
        // The host is an endpoint finding; only secrets are asked about here.
        let secrets = |line: &str| -> Vec<String> {
            let ids = rule_ids(&matcher, line);
            ids.into_iter()
                .filter(|id| !id.starts_with("vp.endpoint."))
                .collect()
        };
        for line in [
            "url: 'mysql://root:squ1ddy@db.eleven.internal:3306/shop',",
            "DATABASE_URL=postgres://app:harbor42@db.internal:5432/app",
            "proxy = HttpProxy(url=\"http://ops:s1thrul3s@proxy.corp.internal:3128\")",
        ] {
            assert!(!secrets(line).is_empty(), "{line}");
        }
        for line in [
            "url: 'mysql://root:password1@db.eleven.internal:3306/shop',",
            "url: 'mysql://root:aaaab123@db.eleven.internal:3306/shop',",
            "see https://db.eleven.internal/squ1ddy@v2 and mysql://root@db.internal/app",
            "proxy = ProxyOptions.from 'http://a%40b:pw%20d@proxy.corp.internal'",
            // RFC 7617's sample credential, percent-encoded in a URL
            "let(:url) { 'http://Aladdin:open%20sesame@httpbingo.org/fish' }",
        ] {
            assert!(secrets(line).is_empty(), "{line}");
        }
    }

    /// Names and generators where a value was expected, from the history of 45 more
    /// CredData repositories: a PHP plugin's constants passed as arguments, a Mock.js
    /// generator, lowercase words after `Basic`, the password option spelled with one dash,
    /// a search index's list of module paths. Beside each, a value of the same place that
    /// stays a finding.
    #[test]
    fn names_and_generators_where_a_value_was_expected_are_no_secrets() {
        let matcher = matcher();
        for line in [
            "$yourls_db = new wpdb(yourls_DB_USER, yourls_DB_PASS, yourls_DB_NAME, yourls_DB_HOST);",
            "    password: '@word(6)'",
            "$request = $request->withAddedHeader('Authorization', 'Basic fakeauthdetails');",
            "#mysqladmin -uroot -password ab12",
            r#"["server/util/mkpasswd","server/v2","server/vendor/github.com/nat"]"#,
            // and from the ninth batch: a dereferenced name, a host's name in prose, a
            // value that says it is a sample
            "\t\tSecret:        *s3ScanSecret,",
            "  input: \"A hasura domain without a secret: project-one-12345.hasura.app\",",
            "w.Header().Set(\"x-subject-token\", \"sample-header-token-123\")",
            // a placeholder of constants' names after `Basic`, a contraction escaped in
            // HTML prose, a Cabal package's id
            "AddHeader(\"Authorization\", \"Basic BASE64ENCODE_CLIENT_ID:CLIENT_SECRET\"),",
            "<li>warns you when a database password can&#x27;t apply to existing data.</li>",
            "#define CURRENT_PACKAGE_KEY \"hasql-1.9.1.2-inplace\"",
            // and from the tenth: a command's long option after its name, a key file's
            // name, a record's field, a minified member, a test's deliberately wrong token
            "authelia hash-password --iterations=4 -- 'mypass'",
            "gen --file.private-key='rsa.1024.pkcs8.pem' --sans='example.com'",
            "\t{\"@collection.profiles.tokenKey\", \"@collection.users.tokenKey2\"},",
            "function f(){xa0=plotinfo.xaxis;pw=xa0._length;ph=ya0._length;}",
            "headers = {\"Authorization\": \"Token wrong_token_123\"}",
            "UPDATE dashboard_user SET password='ba3253876aed6bc22d4a6ff53d8406c6ad864195ed144ab5c87621b6c233b548baeae6956df346ec8c17f5ea10f35ee3cbc514797ed7ddd3145464e2a0bab413' WHERE user_name = 'admin';",
            // a component named for its provider in a table of providers
            "  'linkedin-page': LinkedinContinue,",
            // a variable named for a credential after a label; a URL read as
            // `user:password` after `curl -u`
            "\t\tSecret:     tOpenIDConnectPBKDF2ClientSecret,",
            "curl -u 'http://localhost:9000/api/public/subscription' \\",
        ] {
            assert!(rule_ids(&matcher, line).is_empty(), "{line}");
        }
        for line in [
            "$db = new wpdb(DB_USER, DB_PASS, 'vKqTzRmWpLxN', DB_HOST); $pass = 'vKqTzRmWpLxN';",
            "    password: '@Kq7vL2mZx9'",
            "$request->withAddedHeader('Authorization', 'Basic YWRtaW46S3E3dkwybVp4OVJ0');",
            "#mysqladmin -uroot -pKq7vL2mZx9 status",
            "  input: \"A hasura secret: Kq7vL2mZx9Rt4Wn8\",",
            "w.Header().Set(\"x-subject-token\", \"Kq7vL2mZx9Rt4Wn8Pd3\")",
            "authelia hash-password 'Kq7vL2mZx9'",
            "gen --file.private-key='Kq7vL2mZx9Rt4Wn8'",
            "xa0=plotinfo.xaxis;pw=Kq7vL2mZx9;ph=ya0._length;",
            "headers = {\"Authorization\": \"Token Kq7vL2mZx9Rt4Wn8\"}",
            "UPDATE dashboard_user SET password='Kq7vL2mZx9Rt4Wn8' WHERE user_name = 'admin';",
            "  'linkedin-page': 'Kq7vL2mZxRtWnPdA',",
            "\t\tSecret:     Kq7vL2mZx9Rt4Wn8PdSecretX,",
            "export GF_AUTH_GOOGLE_CLIENT_SECRET=newS3cretKq7vL2",
            "curl -u 'api:Kq7vL2mZx9Rt4Wn8' http://localhost:9000/api/public/subscription",
        ] {
            assert!(!rule_ids(&matcher, line).is_empty(), "{line}");
        }
    }

    /// From the eleventh sample of real trees: a list of class names, a module's
    /// constant, FFmpeg's nested options and an encoder's pass, a form field's placeholder,
    /// `dd` inside a word, Basic pairs that show the format, made-up values that say so;
    /// a random value in each place is still found.
    #[test]
    fn names_settings_and_format_samples_in_code_and_docs_are_no_secrets() {
        let matcher = matcher();
        for line in [
            "__all__ = ['OAuth2AccessToken', 'OAuth2Application']",
            "        sp_id=settings.CMPP2_SP_ID, sp_secret=settings.CMPP2_SP_SECRET,",
            "            overlayFilters.Add(\"overlay=eof_action=pass:repeatlast=0\");",
            "            var hwScaleFilterFirstPass = \"vpp_rkrga=format=bgra:afbc=1\";",
            // an encryption algorithm's name after the password it encrypts with
            "def encrypted = jasyptEncrypt(plaintext, password, \"PBEWithMD5AndDES\", \"BC\", 1000)",
            // a map of a provider's settings, named for the provider
            "    private Map<String, PagerDutySettings> pagerDutySettingsMap;",
            // a passkey provider's id in an enum of password managers
            "    NordPass = \"9f7aab8d-e5bd-4357-a890-a428d70ac9a2\",",
            "        placeholder: \"gloas-f79cfa9a03c97f6ffab303177a5a6778a53c61e3914ba093412f68a9298a1b28\",",
            "Authorization: Basic ZXhhbXBsZTpleGFtcGxl",
            "  <Provider Name=\"HubSpot\" Id=\"416ca088-0096-4215-b85d-2e83c47abf89\"",
            "export function convertApiConfigurationToProto(config: ApiConfiguration): Proto {",
            "        AuthenticationUser alice = new AuthenticationUser(\"alice\", \"password\", \"group1\");",
            "{%- set debconf_root_password = 'percona-server-server-5.7/root-pass' %}",
            "GITLAB_SECRETS_OTP_KEY_BASE=long-long-long-long-long-long-secret-key-is-her3",
            "for i in `seq 1 1000`; do mysql -uroot -pwrong -h your-ip -P3306 ; done",
            "const deployerPrivateKey = process.env.DEPLOYER_PRIVATE_KEY ?? \"0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80\";",
            "INSERT INTO `items` (`snmpv3_securitylevel`,`snmpv3_authpassphrase`,`snmpv3_privpassphrase`,`formula`) values ('0','','','1');",
            "headers = {'Authorization': 'Basic Y2xpZW50X2lkOmNsaWVudF9zZWNyZXQ='}",
            // `clientid11211:    `: a blank password
            "    Authorization    = \"Basic Y2xpZW50aWQxMTIxMTogICAg\"",
            "  \"password\": \"ghp_FakeSeederToken4DevOrg2026\",",
            "      client_secret: bogus_secret_a8b3afe691c933c1",
            "  {\"client_secret\": \"pi_3ABC_secret_xyz\"}",
            "#   google_translate_api_key: \"AbC-dEf5\"",
            "      SECRET_KEY_BASE: generate-with-openssl-rand-hex-64",
            "      private_metadata_key: private_metadata_value_prod_1",
        ] {
            assert!(rule_ids(&matcher, line).is_empty(), "{line}");
        }
        for line in [
            "__all__ = ['OAuth2AccessToken', 'Kq7vL2mZx9Rt4Wn8']",
            "{%- set debconf_root_password = 'Kq7vL2mZx9Rt4Wn8' %}",
            "for i in `seq 1 3`; do mysql -uroot -pKq7vL2mZx9 -h db ; done",
            "const deployerPrivateKey = process.env.DEPLOYER_PRIVATE_KEY ?? \"0x02bb2aa076c534bfc342f86209fda88a4430f48bda9078e189f2ef810041a6cc\";",
            "        sp_id=settings.CMPP2_SP_ID, sp_secret=Kq7vL2mZx9Rt4Wn8,",
            "            var pass = \"Kq7vL2mZx9Rt4Wn8\";",
            "        gitlab_secret: \"gloas-f79cfa9a03c97f6ffab303177a5a6778a53c61e3914ba093412f68a9298a1b28\",",
            "Authorization: Basic YWRtaW46S3E3dkwybVp4OVJ0",
            "  <Provider Name=\"HubSpot\" ApiKey=\"416ca088-0096-4215-b85d-2e83c47abf89\"",
            "export function convertApiConfigurationToProto(config: Kq7vL2mZx9Rt4Wn8): Proto {",
            "        params.put(\"password\", \"group1Kq7v\");",
            "        creds = {\"user\": \"alice\", \"password\": \"group1Kq7v\"}",
            "        args = [\"--user\", \"bob\", \"--password\", \"group1Kq7v\"]",
            "  \"password\": \"ghp_Kq7vL2mZx9Rt4Wn8PdSeeder2026\",",
            "      client_secret: live_secret_a8b3afe691c933c1",
            "      SECRET_KEY_BASE: 60gp0byfz2dvffa45cxl20p1scy9xbpf6d8c5y0geejgkyp1b5",
        ] {
            assert!(!rule_ids(&matcher, line).is_empty(), "{line}");
        }
        // `dd` inside a word is no Datadog: `add_api_key` stays a generic key's name.
        let datadog = |line: &str| {
            rule_ids(&matcher, line)
                .iter()
                .any(|id| id.starts_with("vp.datadog."))
        };
        assert!(!datadog("add_api_key: 3c7633bae18a6e19af7a5af12f9bc3da"));
        assert!(datadog("MY_DD_API_KEY: 3c7633bae18a6e19af7a5af12f9bc3da"));
    }

    /// A shared Google Sheets link's document id and etcd's cluster token are public, and
    /// `find`'s `-print` no password; an API's `key=`, another flag's token and a password
    /// after `mysql -p` are found.
    #[test]
    fn a_shared_document_id_and_a_cluster_label_are_no_secrets() {
        let matcher = matcher();
        for line in [
            "[roadmap]: https://docs.google.com/spreadsheet/ccc?key=0ApoVX4GOiXr-dGNKN1pObFh6ek1DR2FKUjBNZ1FmaEE&usp=sharing",
            "<a href=\"https://spreadsheets.google.com/pub?key=0Aq9vLm2Hq7zT4wR8nK3pXc5Jb6Dt\">",
            "etcd --name infra1 --initial-cluster-token etcd-cluster-1 --initial-cluster-state new",
            // `find`'s actions after a directory named `mysql`
            "RUN ((find /usr/local/mysql -type f -print | xargs strip --strip-all) || true)",
            "RUN find /etc/mysql/ -name '*.cnf' -print0 | xargs -0 grep -lZE '^bind-address'",
        ] {
            assert!(rule_ids(&matcher, line).is_empty(), "{line}");
        }
        for line in [
            "curl \"https://maps.ledger.io/v2/geocode?q=Oslo&key=Qx7vLm2Hq9zT4wR8nK3pXc5J\"",
            "vault login --auth-token Qx7vLm2Hq9zT4wR8nK3pXc5J",
            "RUN mysql -u root -pQx7vLm2Hq9 -e 'select 1'",
        ] {
            assert!(!rule_ids(&matcher, line).is_empty(), "{line}");
        }
    }

    /// A Kubernetes Secret's name under `secret:`, a constant's name after a provider's
    /// keyword and a fixture's made-up token are no secrets; random values in their place
    /// are, and an AWS secret key after a prompt's `>` or in an XML element is found.
    #[test]
    fn object_names_constants_and_fixture_tokens_are_no_secrets() {
        let matcher = matcher();
        for line in [
            "  - secret: root-ca5",
            "  - secret: my-ca-1",
            "\tlog.Fatal(\"OVH_APPLICATION_SECRET, OVH_APPLICATION_KEY, OVH_SERVICE_NAME, OVH_CONSUMER_KEY\")",
            "\tcfg := Config{OauthToken: \"monalisa2-token\", ActiveToken: \"inactive-user-2-token\"}",
        ] {
            assert!(rule_ids(&matcher, line).is_empty(), "{line}");
        }
        for line in [
            "  - secret: Kq7vL2mZx9Rt4Wn8",
            "\tlog.Fatal(\"OVH_APPLICATION_KEY, Kq7vL2mZx9Rt4Wn8\")",
            "\tcfg := Config{OauthToken: \"gho_Kq7vL2mZx9Rt4Wn8PdSe2026\"}",
            "secret_access_key> kW8pT2vR6nY4mQ9sL3xZ7cB1fH5jD0gA2eU8iO6t",
            "<SecretAccessKey>Xh3kR9vT2mQ7pL5wN8bY4cJ6fD1gS0aZ9eU3iO7t</SecretAccessKey>",
        ] {
            assert!(!rule_ids(&matcher, line).is_empty(), "{line}");
        }
        let aws = rule_ids(
            &matcher,
            "secret_access_key> kW8pT2vR6nY4mQ9sL3xZ7cB1fH5jD0gA2eU8iO6t",
        );
        assert!(
            aws.iter().any(|id| id == "vp.aws.secret-access-key.1"),
            "{aws:?}"
        );
    }

    /// A lock file's list of a package's parts is paths of words; base64 holding `/` under
    /// the same name is a secret.
    #[test]
    fn a_lock_files_package_list_is_no_secret() {
        let matcher = matcher();
        let lock = r#"  packages = ["aws","aws/credentials","aws/credentials/ec2rolecreds","aws/defaults"]"#;
        assert!(rule_ids(&matcher, lock).is_empty(), "{lock}");
        let secret = r#"  credentials = "aB3/xY9+Qz/Lm2Hq7vT4wR8n""#;
        assert!(!rule_ids(&matcher, secret).is_empty(), "{secret}");
    }

    /// A digest's name keeps a provider's rule away with a platform after it too; the
    /// provider's key under its own name is still found.
    #[test]
    fn a_digest_named_for_a_platform_is_no_key() {
        let matcher = matcher();
        let digest = "ENV DOCKER_MACHINE_LINODE_CHECKSUM_amd64=d9c3b8c389a022b0e5c5e8912496c18a673fa74bb52ec6ab51c0a93e0f4de06d";
        assert!(rule_ids(&matcher, digest).is_empty(), "{digest}");
        let key =
            "ENV LINODE_TOKEN=d9c3b8c389a022b0e5c5e8912496c18a673fa74bb52ec6ab51c0a93e0f4de06d";
        assert!(!rule_ids(&matcher, key).is_empty(), "{key}");
    }

    /// An unquoted name assigned in source code is a variable; the same line in a YAML or
    /// env file, in a comment, or a URL's password in a string is a literal.
    #[test]
    fn an_unquoted_name_assigned_in_source_is_a_variable() {
        let variable = |path: &str, line: &str, value: &str| {
            let start = line.find(value).expect("value in line");
            is_variable_in_source(path, line.as_bytes(), start, start + value.len())
        };
        assert!(variable(
            "app/imap.rb",
            "    password = google_oauth2_access_token\n",
            "google_oauth2_access_token"
        ));
        assert!(variable(
            "shared_test.go",
            "\tconfig.PrivateKey = keyRSA2048\n",
            "keyRSA2048"
        ));
        assert!(variable("index.ts", "  secret: Uint8Array,", "Uint8Array"));
        assert!(variable(
            "settings.py",
            "    password = console1+console2\n",
            "console1+console2"
        ));
        for (path, line, value) in [
            (
                "config.yml",
                "token: google_oauth2_access_token\n",
                "google_oauth2_access_token",
            ),
            (
                "app.py",
                "# token = google_oauth2_access_token\n",
                "google_oauth2_access_token",
            ),
            (
                "mqtt.rb",
                "'uri' => 'mqtt://kcqlmkgx:sVNoccqwvXxE@m10.example.com'",
                "sVNoccqwvXxE",
            ),
            ("kubefile.rs", "    password: admin123\n", "admin123"),
            (
                "app.py",
                "password = 'google_oauth2_access_token'\n",
                "google_oauth2_access_token",
            ),
        ] {
            assert!(!variable(path, line, value), "{path}: {line}");
        }
    }

    /// A path each of a rule's `paths` globs matches (`**/` and `*` filled in), or the
    /// empty path for a keyword rule.
    fn example_paths(rule: &Rule) -> Vec<String> {
        if rule.paths.is_empty() {
            return vec![String::new()];
        }
        rule.paths
            .iter()
            .map(|glob| glob.replace("**/", "srv/app/").replace('*', "production"))
            .collect()
    }

    /// Every built-in rule (secret and endpoint) finds each of its examples and none of its
    /// negative examples.
    #[test]
    fn every_rule_matches_its_examples_and_not_its_negative_examples() {
        let matcher = matcher();
        let mut failures = Vec::new();
        for compiled in matcher.rules() {
            let rule = &compiled.rule;
            if rule.examples.is_empty() || rule.negative_examples.is_empty() {
                failures.push(format!("{}: needs examples and negative_examples", rule.id));
            }
            for path in example_paths(rule) {
                for example in &rule.examples {
                    if !rule_ids_at(&matcher, &path, example).contains(&rule.id) {
                        failures.push(format!("{}: example not found: {example:?}", rule.id));
                    }
                    // the same line between others (not the blob's first or last line)
                    let below = format!("settings:\n{example}\nend\n");
                    if rule.paths.is_empty()
                        && !rule_ids_at(&matcher, &path, &below).contains(&rule.id)
                    {
                        failures.push(format!(
                            "{}: example not found below another line: {example:?}",
                            rule.id
                        ));
                    }
                }
                for example in &rule.negative_examples {
                    if rule_ids_at(&matcher, &path, example).contains(&rule.id) {
                        failures.push(format!(
                            "{}: negative example matched: {example:?}",
                            rule.id
                        ));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// The counted repetitions of `hir` outside the capture group named `secret`, whose
    /// bounds let a lazy DFA count to twenty or more (`{0,40}`, `{1,64}`), written out.
    fn counted_outside_secret(hir: &regex_syntax::hir::Hir, found: &mut Vec<String>) {
        use regex_syntax::hir::HirKind;
        match hir.kind() {
            HirKind::Capture(capture) if capture.name.as_deref() == Some("secret") => {}
            HirKind::Capture(capture) => counted_outside_secret(&capture.sub, found),
            HirKind::Repetition(repetition) => {
                if repetition.min <= 1 && repetition.max.is_some_and(|max| max >= 20) {
                    found.push(format!("{{{},{:?}}}", repetition.min, repetition.max));
                }
                counted_outside_secret(&repetition.sub, found);
            }
            HirKind::Concat(parts) | HirKind::Alternation(parts) => {
                for part in parts {
                    counted_outside_secret(part, found);
                }
            }
            _ => {}
        }
    }

    /// The generic rules run on most lines of most files (any `token=`, `password:`) and
    /// their patterns are tried at every quote and line start. Outside the `secret` group
    /// (whose bounds say how long a value may be, and which the matcher runs open: see
    /// [`with_open_secret_counts`]) they repeat with `*` and `+`, not with
    /// bounds such as `{0,40}`: a lazy DFA keeps a count for each counted repetition it is
    /// inside, so a counted key-name prefix begun at every quote multiplied its states,
    /// built anew for each new value (a tenth of a file scan's CPU); the window around the
    /// keyword bounds the match anyway.
    #[test]
    fn generic_rules_count_only_inside_their_secret() {
        let matcher = matcher();
        let mut failures = Vec::new();
        let mut generic = 0;
        for compiled in matcher.rules() {
            let rule = &compiled.rule;
            if !rule.id.starts_with("vp.generic.") {
                continue;
            }
            generic += 1;
            let hir = regex_syntax::ParserBuilder::new()
                .unicode(false)
                .utf8(false)
                .build()
                .parse(&rule.regex)
                .unwrap_or_else(|e| panic!("{}: {e}", rule.id));
            let mut counted = Vec::new();
            counted_outside_secret(&hir, &mut counted);
            if !counted.is_empty() {
                failures.push(format!("{}: {}", rule.id, counted.join(" ")));
            }
        }
        assert!(generic >= 50, "{generic}");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// A path rule reads only the files its globs name: its examples, found at those
    /// paths, are not found in a file of another name.
    #[test]
    fn path_rules_run_only_on_the_files_they_name() {
        let matcher = matcher();
        let path_rules: Vec<&Rule> = matcher
            .rules()
            .iter()
            .map(|c| &c.rule)
            .filter(|r| !r.paths.is_empty())
            .collect();
        assert!(path_rules.len() >= 3, "{}", path_rules.len());
        for rule in path_rules {
            for example in &rule.examples {
                for path in ["srv/app/notes.txt", "srv/app/config/master.key.example"] {
                    let found = rule_ids_at(&matcher, path, example);
                    assert!(!found.contains(&rule.id), "{} at {path}", rule.id);
                }
            }
        }
    }

    /// The keyword pass that skips chunks already found to yield nothing finds exactly
    /// what the full pass finds, over versions of a file that reuse, move and edit
    /// lines holding keywords, examples and negative examples of every rule.
    #[test]
    fn skipping_clean_chunks_finds_what_the_full_pass_finds() {
        let matcher = matcher();
        let mut lines: Vec<String> = Vec::new();
        for (i, compiled) in matcher.rules().iter().enumerate() {
            lines.push(format!(
                "fn step_{i}(token: &str, key: Key) {{ let secret = key; }}"
            ));
            lines.extend(compiled.rule.negative_examples.iter().cloned());
            if i % 3 == 0 {
                lines.extend(compiled.rule.examples.iter().cloned());
            }
        }
        let clean = CleanChunks::new(16);
        // Text of every rule's examples fills any budget: unbounded, the lazy DFA states
        // are built once (in a debug build this test took 125 s with the budget, 71 s without).
        let mut scratch = Scratch {
            search_budget: usize::MAX,
            ..Scratch::default()
        };
        for version in 0..6 {
            let mut text = lines.clone();
            match version {
                1 => text.rotate_left(lines.len() / 3),
                2 => {
                    for (i, compiled) in matcher.rules().iter().enumerate().step_by(2) {
                        text.insert(i * 3 % text.len(), compiled.rule.examples[0].clone());
                    }
                }
                3 => text.reverse(),
                4 => text.retain(|l| l.len() % 4 != 0),
                _ => {}
            }
            let data = text.join(if version == 5 { "\r\n" } else { "\n" });
            let mut full = Vec::new();
            matcher.find(data.as_bytes(), &mut scratch, &mut full);
            let mut skipping = Vec::new();
            matcher.find_skipping_clean(data.as_bytes(), &clean, &mut scratch, &mut skipping);
            assert_eq!(full, skipping, "version {version}");
            assert!(!full.is_empty());
        }
    }

    /// A built-in keyword holding a line break anywhere but at its end would turn off the
    /// skipping of known lines in history scans (it cost rust-lang/cargo's history 2.7 CPU
    /// seconds once, 70% more).
    #[test]
    fn builtin_keywords_let_history_scans_skip_known_lines() {
        assert!(matcher().keywords_are_single_line);
    }

    /// Built-in rules compile on first use, so every one is compiled here.
    /// A lock file's checksums are no secrets; its other values, and hex elsewhere, are
    /// judged as before.
    #[test]
    fn a_lock_files_checksums_are_no_secrets() {
        let digest = b"97f548ff4b0886fcfe1e3b8cc9ca36d2";
        assert!(is_checksum_in_lock_file("apps/web/i18n.lock", digest));
        assert!(is_checksum_in_lock_file(
            "yarn.lock",
            b"sha512-Kq7vL2mZx9Rt4Wn8Pd3X=="
        ));
        assert!(!is_checksum_in_lock_file("config/settings.yml", digest));
        assert!(!is_checksum_in_lock_file(
            "Gemfile.lock",
            b"Kq7vL2mZx9Rt4Wn8Pd3X"
        ));
        assert!(!is_checksum_in_lock_file(".lock", digest));
    }

    /// The counted repetitions of a `secret` group run open and their sum is kept as the
    /// value's length bound; exact counts, short ranges and counts outside the group stay.
    #[test]
    fn a_secret_groups_counts_are_opened_and_kept_as_a_length_bound() {
        let config = syntax::Config::new().unicode(false).utf8(false);
        let parse = |pattern: &str| syntax::parse_with(pattern, &config).expect("valid");
        let (open, max) =
            with_open_secret_counts(&parse(r"key=(?P<secret>[a-z]{0,30}[0-9]{1,40})"));
        assert_eq!(max, Some(70));
        assert_eq!(open, parse(r"key=(?P<secret>[a-z]*[0-9]+)"));
        let kept = parse(r"[a-z]{0,40}=(?P<secret>ghp_[A-Za-z0-9]{36}[a-z]{2,8})");
        assert_eq!(with_open_secret_counts(&kept), (kept.clone(), None));
        // A value longer than the counts allowed is no match of the rule.
        let matcher = matcher();
        // Hex digits that never repeat a unit (a repeated one reads as filler): a linear
        // congruential generator's high bits.
        let token = |len: usize| {
            let mut state: u32 = 12345;
            (0..len)
                .map(|_| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    char::from(b"0123456789abcdef"[(state >> 16) as usize % 16])
                })
                .collect::<String>()
        };
        let line = |len: usize| format!("aws sns confirm-subscription --token {}", token(len));
        assert!(rule_ids(&matcher, &line(224)).contains(&"vp.generic.cli-flag.1".to_string()));
        assert!(rule_ids(&matcher, &line(400)).is_empty());
    }

    #[test]
    fn every_builtin_rule_compiles_with_a_secret_group() {
        let failures: Vec<String> = matcher()
            .rules()
            .iter()
            .filter_map(|c| {
                compile(&c.rule)
                    .err()
                    .map(|e| format!("{}: {e}", c.rule.id))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn there_are_at_least_150_builtin_rules() {
        let secret_rules = builtin_rules().expect("built-in rules parse").len();
        assert!(secret_rules >= 150, "{secret_rules}");
    }

    /// A run of `A` hits the twitter keyword at every byte: the windows stay one, and
    /// a real token after the run is still found.
    #[test]
    fn keys_in_escaped_json_are_found_where_they_stand_in_the_blob() {
        let matcher = matcher();
        let line =
            r#"String body = "{\"awsSecretKey\":\"p4JzBqE7vWc2LrT9kXy1Hn6Ds8Gf3Ma0Uo5RiKe7\"}";"#;
        let mut scratch = Scratch::default();
        let mut found = Vec::new();
        matcher.find(line.as_bytes(), &mut scratch, &mut found);
        let aws = matcher.rule_index("vp.aws.secret-access-key.1").unwrap();
        let spans: Vec<&str> = found
            .iter()
            .filter(|c| c.rule == aws)
            .map(|c| &line[c.start..c.end])
            .collect();
        assert_eq!(spans, ["p4JzBqE7vWc2LrT9kXy1Hn6Ds8Gf3Ma0Uo5RiKe7"]);
    }

    #[test]
    fn unescaped_spans_map_back_to_the_window() {
        let window = br#"{\"k\":\"value\"}"#;
        let view = Unescaped::of(window).unwrap();
        assert_eq!(view.text, br#"{"k":"value"}"#);
        let start = 6; // `value` in the unescaped text
        let (s, e) = view.original_span(start, start + 5).unwrap();
        assert_eq!(&window[s..e], b"value");
        assert_eq!(view.original_span(1, 8), None, "spans an escape");
        assert!(Unescaped::of(br#"{"k":"value"}"#).is_none());
        // An escaped backslash before an escaped quote keeps its first backslash.
        let view = Unescaped::of(br#"a\\"b"#).unwrap();
        assert_eq!(view.text, br#"a\"b"#);
        assert_eq!(view.unescaped_quotes, [2]);
    }

    #[test]
    fn a_run_of_keyword_hits_is_one_window() {
        let mut data = vec![b'A'; 200_000];
        let mut windows = Vec::new();
        let mut at = 0;
        while at + 21 <= data.len() {
            add_hit(&mut windows, &data, at, at + 21, false);
            at += 1;
        }
        assert_eq!(windows, vec![(0, data.len())]);
        data.extend_from_slice(b"\nnext line\n");
        let mut windows = Vec::new();
        add_hit(&mut windows, &data, 10, 31, false);
        add_hit(&mut windows, &data, 200_000 - 30, 200_000 - 9, false);
        // The first window's bound falls inside the run of `A`s (one token): it runs on
        // by at most the token tail. The second ends at the line's end.
        assert_eq!(
            windows,
            vec![(0, 1055 + LINE_TOKEN_TAIL), (200_000 - 286, 200_000)]
        );
    }

    /// Windows merged while hits stream in are the windows merged after sorting.
    #[test]
    fn streamed_windows_equal_sorted_merge() {
        let text = "x\n".repeat(50) + &"password token ".repeat(100) + "\nend\n";
        let data = text.as_bytes();
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for keyword in ["password", "token"] {
            for (i, _) in text.match_indices(keyword) {
                hits.push((i, i + keyword.len()));
            }
        }
        hits.sort_by_key(|&(s, e)| (e, s));
        for multiline in [false, true] {
            let mut streamed = Vec::new();
            for &(s, e) in &hits {
                add_hit(&mut streamed, data, s, e, multiline);
            }
            let mut sorted = hits.clone();
            sorted.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::new();
            for (s, e) in sorted {
                let (ws, we) = hit_window(data, s, e, multiline);
                match merged.last_mut() {
                    Some(last) if ws <= last.1 => last.1 = last.1.max(we),
                    _ => merged.push((ws, we)),
                }
            }
            assert_eq!(streamed, merged, "multiline: {multiline}");
        }
    }

    /// A rule whose keywords must start a word is triggered by `nimble` after a separator
    /// or as a camelCase part, not inside another word; other rules keep every hit.
    #[test]
    fn keyword_starts_word_skips_hits_inside_words() {
        let rule = |id: &str, starts_word: bool| {
            let text = format!(
                "[[rules]]\nid = \"{id}\"\nname = \"n\"\nprovider = \"p\"\nseverity = \"high\"\n\
                 keywords = [\"nimble\"]\nregex = '''(?i:nimble)[A-Za-z_]*=(?P<secret>[a-z0-9]{{8}})'''\n\
                 keyword_starts_word = {starts_word}\nexamples = []\nnegative_examples = []\n"
            );
            crate::detect::rules::parse_rules(std::path::Path::new("test.toml"), &text)
                .expect("rule parses")
        };
        let mut rules = rule("word", true);
        rules.extend(rule("any", false));
        let matcher = Matcher::new(rules).expect("rules compile");
        for (text, expected) in [
            ("NIMBLE_KEY=k3j5h2g7", vec!["any", "word"]),
            ("x = 1\nnimble_key=k3j5h2g7", vec!["any", "word"]),
            ("const myNimble_key=k3j5h2g7", vec!["any", "word"]),
            ("nim_2Nimble=k3j5h2g7", vec!["any", "word"]),
            ("unimble_key=k3j5h2g7", vec!["any"]),
            ("UNIMBLE_KEY=k3j5h2g7", vec!["any"]),
            ("getnimble_key=k3j5h2g7", vec!["any"]),
        ] {
            let mut ids = rule_ids(&matcher, text);
            ids.sort();
            assert_eq!(ids, expected, "{text}");
        }
    }

    #[test]
    fn entropy_of_uniform_and_constant_strings() {
        assert_eq!(shannon_entropy(b"aaaa"), 0.0);
        assert!((shannon_entropy(b"abcd") - 2.0).abs() < 1e-9);
    }

    #[test]
    fn long_hex_values_are_held_to_the_hex_floor() {
        // A random 32-digit hex key whose entropy (3.48) is under the generic floor (3.5).
        let key = b"24203d9f149dd02d1d944ee799cfb57e";
        assert!(shannon_entropy(key) < 3.5);
        assert_eq!(generic_entropy_floor(3.5, key), 3.0);
        assert_eq!(generic_entropy_floor(3.5, &key.to_ascii_uppercase()), 3.0);
        // Short hex (schema hashes such as `48205d4ffd7feba3`), mixed case and other
        // alphabets keep the rule's floor; a lower floor is never raised.
        assert_eq!(generic_entropy_floor(3.5, &key[..16]), 3.5);
        assert_eq!(
            generic_entropy_floor(3.5, b"24203D9F149dd02d1d944ee799cfb57e"),
            3.5
        );
        assert_eq!(
            generic_entropy_floor(3.5, b"24203d9f149dd02d1d944ee799cfb57g"),
            3.5
        );
        assert_eq!(generic_entropy_floor(2.5, key), 2.5);
    }

    #[test]
    fn a_putty_key_commented_dummy_is_still_a_key_but_sample_key_material_is_not() {
        let matcher = matcher();
        let rules = builtin_rules().expect("built-in rules parse");
        let putty = rules
            .iter()
            .find(|r| r.rule.id == "vp.private-key.putty.1")
            .expect("PuTTY rule");
        let key = putty.rule.examples[0].replace("deploy@ledger-bastion", "dummy-key");
        assert!(key.contains("Comment: dummy-key"));
        assert!(rule_ids(&matcher, &key).contains(&putty.rule.id));
        // The word in the key material itself still marks a sample.
        let sample = key.replace("AAAAIBfLB1j", "EXAMPLEB1j");
        assert!(!rule_ids(&matcher, &sample).contains(&putty.rule.id));
    }

    #[test]
    fn short_values_are_held_to_the_entropy_of_random_values_of_their_length() {
        // The mean entropy of random values, as a simulation of 20,000 draws measures it.
        assert!((expected_entropy(16, 36) - 3.614).abs() < 0.01);
        assert!((expected_entropy(20, 62) - 4.032).abs() < 0.01);
        assert!((expected_entropy(32, 16) - 3.611).abs() < 0.01);
        // A random 16-character lowercase key under the 3.5 floor is taken...
        let key = b"ddsu7mo1ssg1krji";
        assert!(shannon_entropy(key) < 3.5);
        assert!(shannon_entropy(key) >= generic_entropy_floor(3.5, key));
        // ...a patterned one is not, and long random alphabets keep the rule's floor.
        let patterned = b"test1234test1234";
        assert!(shannon_entropy(patterned) < generic_entropy_floor(3.5, patterned));
        assert_eq!(generic_entropy_floor(3.5, b"Fk2mQ8vLp3ZxR7wNc4Ty"), 3.5);
        // Short hex keeps the floor (schema hashes), values under 16 characters too...
        assert_eq!(generic_entropy_floor(3.5, b"22534cf7d6ebb65b9d9fdb9d"), 3.5);
        assert_eq!(generic_entropy_floor(3.5, b"ddsumossgkr714"), 3.5);
        // ...unless they mix three classes with no counting run, as generated passwords do,
        // or hold twelve characters or more whose letters and digits take turns.
        let generated = b"nCzx8A8#!";
        assert!(shannon_entropy(generated) < 3.0);
        assert!(shannon_entropy(generated) >= generic_entropy_floor(3.0, generated));
        let generated = b"yu6is09oyu0cve6";
        assert!(shannon_entropy(generated) < 3.5);
        assert!(shannon_entropy(generated) >= generic_entropy_floor(3.5, generated));
        for typed in [
            &b"AbCeFG123"[..],
            b"5Aep86111",
            b"lsv2_pt_short",
            b"sdlfkj452",
            b"abc123def456",
            b"user1234testab",
        ] {
            assert_eq!(generic_entropy_floor(3.0, typed), 3.0, "{typed:?}");
        }
    }

    #[test]
    fn short_hex_after_a_password_name_is_held_to_random_hex() {
        // Short hex keeps a rule's floor elsewhere, but after a password's name it is a
        // generated password (`openssl rand -hex 8`).
        let hex_password = b"ff54337396931611";
        assert!(shannon_entropy(hex_password) < generic_entropy_floor(3.0, hex_password));
        assert!(shannon_entropy(hex_password) >= password_entropy_floor(3.0, hex_password));
        // A low draw of random 16-digit hex (2.75) is taken too; other values keep the
        // generic floor.
        let low_draw = b"03e13e343403ea6f";
        assert!(shannon_entropy(low_draw) >= password_entropy_floor(3.0, low_draw));
        assert_eq!(password_entropy_floor(3.0, b"ddsu7mo1ssg1kr9x2q4w5"), 3.0);
        // A chosen word repeating its letters: six distinct characters are enough, five not.
        let repeated = b"pepper0787";
        assert!(shannon_entropy(repeated) < SHORT_PASSWORD_FLOOR);
        assert!(shannon_entropy(repeated) >= password_entropy_floor(3.0, repeated));
        let five = b"pepper7777";
        assert_eq!(password_entropy_floor(3.0, five), SHORT_PASSWORD_FLOOR);
        assert!(shannon_entropy(five) < password_entropy_floor(3.0, five));
        // Up to twenty characters, letters and digits are a password people chose (two
        // words repeat their letters: `Harboraurora022#` has 2.95 bits).
        for chosen in [&b"ddsu7mo1ssg1kr"[..], b"Harboraurora022#"] {
            assert!(password_entropy_floor(3.0, chosen) <= SHORT_PASSWORD_FLOOR);
            assert!(shannon_entropy(chosen) >= password_entropy_floor(3.0, chosen));
        }
        let line = b"var smtpPassword string = \"ff54337396931611\"";
        assert!(follows_a_password_name(line, line.len() - 17));
        assert!(!follows_a_password_name(
            b"schema_hash = \"ff54337396931611\"",
            15
        ));
    }
}
