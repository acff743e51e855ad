//! Per-thread detection shared by every source: the matcher, the structured analysis,
//! fingerprinting and redaction of one blob, and the visitors that feed it from the file
//! walk, the history scan and commit messages.

use std::sync::Mutex;

use rayon::prelude::*;

use super::ProgressFn;
use crate::baseline::line_allows;
use crate::detect::matcher::{is_checksum_in_lock_file, is_variable_in_source};
use crate::detect::seen::CleanChunks;
use crate::detect::structured::analyze::{self as structured, Analyzer, Context};
use crate::detect::structured::{char_count, is_dotenv_name};
use crate::detect::{keystore, keytab, Candidate, Matcher, Scratch};
use crate::finding::{AuditKey, FindingKind, Fingerprint};
use crate::posture;
use crate::report::{Note, NoteReason};
use crate::source::archive::{self, ArchiveLimits};
use crate::source::fs::{Blob, BlobVisitor, SkipReason, Skipped};
use crate::source::git::{HistoryIndex, HistoryVisitor, MetaText};

/// What every worker thread reads and where it puts its results.
pub(super) struct Shared<'a> {
    pub(super) matcher: &'a Matcher,
    pub(super) key: &'a AuditKey,
    pub(super) progress: Option<ProgressFn<'a>>,
    pub(super) collected: Mutex<Collected>,
    /// Chunks of history text found free of keywords: each version of a file repeats
    /// most of the one before, and the keyword pass skips what it has seen.
    pub(super) clean_chunks: Option<CleanChunks>,
}

/// Where a hit was seen.
#[derive(Debug, Clone)]
pub(super) enum Origin {
    /// A file of the working tree.
    File { root: usize, path: String },
    /// Blob `blob` of history number `repo`.
    Blob { repo: usize, blob: u32 },
    /// A member of archive blob `blob` of history `repo`; `member` is the location inside
    /// it (`!/conf/app.yml`, nested: `!/lib/b.jar!/c.properties`), after the blob's path.
    BlobMember {
        repo: usize,
        blob: u32,
        member: Box<str>,
    },
    /// The message of commit `commit` of history number `repo`.
    Message { repo: usize, commit: u32 },
    /// The name of a walked entry (file or directory) at `path` under root `root`.
    Name { root: usize, path: String },
    /// Metadata text `item` (author, committer, ref name, tag message) of history `repo`.
    Meta { repo: usize, item: u32 },
    /// The path of occurrence `occurrence` of blob `blob` in history `repo`: a file or
    /// directory name committed once is leaked like content.
    HistoryName {
        repo: usize,
        blob: u32,
        occurrence: u32,
    },
}

/// One matched value in one blob, before aggregation.
#[derive(Debug)]
pub(super) struct Hit {
    pub(super) rule: usize,
    pub(super) fingerprint: Fingerprint,
    pub(super) redacted: String,
    pub(super) line: usize,
    pub(super) column: usize,
    pub(super) inline_allowed: bool,
    pub(super) origin: Origin,
    /// Key path and config object, for values in structured files.
    pub(super) context: Option<Box<Context>>,
}

/// What the workers gathered.
#[derive(Debug, Default)]
pub(super) struct Collected {
    pub(super) hits: Vec<Hit>,
    pub(super) skipped: Vec<Skipped>,
    /// Files scanned as plain text because their structured parse failed.
    pub(super) notes: Vec<Note>,
    /// References found in structured files: (root, path, reference).
    pub(super) references: Vec<(usize, String, structured::FileReference)>,
    /// `.env`-family files seen by the walk: (root, path), for the posture checks.
    pub(super) env_files: Vec<(usize, String)>,
    pub(super) files: u64,
    pub(super) bytes: u64,
}

/// What a blob is: it decides the structured analysis and what is recorded besides hits.
#[derive(Clone, Copy)]
pub(super) enum Source<'p> {
    /// A working-tree file: parsed by its name; its references and parse notes recorded.
    File { root: usize, path: &'p str },
    /// A history blob: parsed by the path that introduced it; references and notes are
    /// not repeated for history.
    Blob { path: &'p str },
    /// Text with no path (a commit message): the plain scan only.
    Text,
}

/// One worker thread's detection state, shared by every source: the matcher's scratch
/// space and a local result buffer merged into the shared one when the thread finishes.
pub(super) struct Detector<'a> {
    pub(super) shared: &'a Shared<'a>,
    pub(super) scratch: Scratch,
    pub(super) candidates: Vec<Candidate>,
    pub(super) hits: Vec<Hit>,
    pub(super) files: u64,
    pub(super) bytes: u64,
    pub(super) analyzer: Analyzer,
    pub(super) references: Vec<(usize, String, structured::FileReference)>,
    pub(super) env_files: Vec<(usize, String)>,
    pub(super) notes: Vec<Note>,
    /// Candidates found in decoded text (a `data:` URL's payload, a base64 document).
    pub(super) encoded: Vec<Candidate>,
    /// Index of the rule that finds base64 payloads to decode, if loaded.
    pub(super) payload_rule: Option<usize>,
    /// The strings of a class file or `.pyc` in history (reused, zeroized after each).
    pub(super) bytecode_text: Vec<u8>,
    /// Blobs a defect kept from being scanned (see [`Detector::detect`]).
    pub(super) failed: Vec<Skipped>,
}

/// A detector's scratch goes back to the matcher, its rules' search caches warm for the
/// next detector.
impl Drop for Detector<'_> {
    fn drop(&mut self) {
        let scratch = std::mem::take(&mut self.scratch);
        self.shared.matcher.give_back_scratch(scratch);
    }
}

impl<'a> Detector<'a> {
    pub(super) fn new(shared: &'a Shared<'a>) -> Self {
        Detector::new_with(
            shared,
            shared.matcher.take_scratch(),
            Analyzer::default(),
            Vec::new(),
            Vec::new(),
            shared
                .matcher
                .rule_index(crate::detect::encoded::ENCODED_PAYLOAD_RULE),
        )
    }

    /// A detector on buffers kept from an earlier one (see `values`), with the payload
    /// rule already looked up.
    pub(super) fn new_with(
        shared: &'a Shared<'a>,
        scratch: Scratch,
        analyzer: Analyzer,
        candidates: Vec<Candidate>,
        encoded: Vec<Candidate>,
        payload_rule: Option<usize>,
    ) -> Self {
        Detector {
            shared,
            scratch,
            candidates,
            hits: Vec::new(),
            files: 0,
            bytes: 0,
            analyzer,
            references: Vec::new(),
            env_files: Vec::new(),
            notes: Vec::new(),
            encoded,
            payload_rule,
            bytecode_text: Vec::new(),
            failed: Vec::new(),
        }
    }

    /// Runs every detector over `data`, recording hits from `origin`. The secret bytes
    /// are fingerprinted and redacted here and go no further. A blob whose path marks it
    /// as structured (a working-tree file or a history blob alike) is also parsed and
    /// judged key by key. A defect met on the way (a panic) leaves out this blob's
    /// findings only: it is counted as skipped and the scan goes on.
    pub(super) fn detect(&mut self, data: &[u8], source: Source<'_>, origin: impl Fn() -> Origin) {
        self.guarded(source, |detector| {
            detector.detect_unguarded(data, source, &origin)
        });
    }

    /// Runs `work` on this detector; if it panics (`None`), drops what it recorded for
    /// the blob, replaces the state it may have left half-written, and counts the blob
    /// from `source` as skipped, naming where the defect is.
    fn guarded<R>(&mut self, source: Source<'_>, work: impl FnOnce(&mut Self) -> R) -> Option<R> {
        let recorded = (
            self.hits.len(),
            self.notes.len(),
            self.references.len(),
            self.files,
            self.bytes,
        );
        let place = match crate::panic::catch(|| work(self)) {
            Ok(result) => return Some(result),
            Err(place) => place,
        };
        let (hits, notes, references, files, bytes) = recorded;
        self.hits.truncate(hits);
        self.notes.truncate(notes);
        self.references.truncate(references);
        (self.files, self.bytes) = (files, bytes);
        self.scratch = self.shared.matcher.take_scratch();
        self.analyzer = Analyzer::default();
        self.candidates.clear();
        self.encoded.clear();
        zeroize::Zeroize::zeroize(&mut self.bytecode_text);
        self.failed.push(internal_error(source, &place));
        None
    }

    fn detect_unguarded(&mut self, data: &[u8], source: Source<'_>, origin: impl Fn() -> Origin) {
        // A token printed in colour (`\x1b[94msq0csp-…\x1b[0m` in a CI log) starts no word
        // after the `m`: the rules read a copy with the colour codes blanked.
        let blanked = without_colour_codes(data);
        let data = blanked.as_deref().unwrap_or(data);
        self.files += 1;
        self.bytes += data.len() as u64;
        if let Some(progress) = self.shared.progress {
            progress(data.len() as u64);
        }
        self.candidates.clear();
        let matcher = self.shared.matcher;
        if let (Source::Blob { .. }, Some(clean)) = (source, &self.shared.clean_chunks) {
            matcher.find_skipping_clean(data, clean, &mut self.scratch, &mut self.candidates);
        } else {
            matcher.find(data, &mut self.scratch, &mut self.candidates);
        }
        let path = match source {
            Source::File { path, .. } | Source::Blob { path } => path,
            Source::Text => "",
        };
        matcher.find_by_path(path, data, &mut self.scratch, &mut self.candidates);
        matcher.merge_nested(&mut self.candidates);
        // Base64 payloads (`data:` URLs, credential documents) ride the keyword pass: their
        // matches are decoded, not reported.
        let payloads: Vec<(usize, usize)> = match self.payload_rule {
            Some(rule) if self.candidates.iter().any(|c| c.rule == rule) => {
                let spans = self
                    .candidates
                    .iter()
                    .filter(|c| c.rule == rule)
                    .map(|c| (c.start, c.end))
                    .collect();
                self.candidates.retain(|c| c.rule != rule);
                spans
            }
            _ => Vec::new(),
        };
        let mut analysis = if path.is_empty() {
            None
        } else {
            self.analyzer.analyze(
                matcher,
                &mut self.scratch,
                self.shared.key,
                path,
                data,
                &self.candidates,
            )
        };
        if self.candidates.is_empty() && analysis.is_none() && payloads.is_empty() {
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
            let variable = rule.kind == FindingKind::GenericSecret
                && (is_variable_in_source(path, data, candidate.start, candidate.end)
                    || is_checksum_in_lock_file(path, &data[candidate.start..candidate.end]));
            if !keep
                || own_config
                || variable
                || (rule.kind == FindingKind::Posture && !posture::applies(&rule.id, path))
            {
                continue;
            }
            let (line, column, _) = lines.locate(candidate.start);
            let value = &data[candidate.start..candidate.end];
            let (fingerprint, redacted) =
                structured::describe(matcher, candidate.rule, value, path, self.shared.key);
            self.hits.push(Hit {
                rule: candidate.rule,
                fingerprint,
                redacted,
                line,
                column,
                inline_allowed: lines.allows(),
                origin: origin(),
                context: context.map(Box::new),
            });
        }
        // A payload the structured analysis decoded itself (a Kubernetes Secret's data) is
        // reported from there, fingerprinted as it decodes the value: not twice.
        let judged = |line: usize| {
            analysis
                .as_ref()
                .is_some_and(|a| a.extra.iter().any(|e| e.line == line))
        };
        for (start, end) in payloads {
            if judged(lines.locate(start).0) {
                continue;
            }
            let end = crate::detect::encoded::payload_end(data, end);
            let matched = &data[start..end];
            if let Some(payload) = crate::detect::encoded::encoded_payload(matched) {
                let offset = end - payload.len();
                if self.scan_encoded_payload(payload, offset, path, &mut lines, &origin) {
                    if let Source::File { .. } = source {
                        self.notes.push(Note {
                            path: path.to_string(),
                            reason: NoteReason::PartlyDecoded,
                            detail: format!(
                                "a base64 payload of {} bytes: its first {} bytes were \
                                 decoded and scanned",
                                payload.len(),
                                crate::detect::encoded::MAX_PAYLOAD
                            ),
                        });
                    }
                }
            }
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
        let Source::File { root, path } = source else {
            return;
        };
        for reference in analysis.references {
            self.references.push((root, path.to_string(), reference));
        }
        if let Some(detail) = analysis.note {
            self.notes.push(Note {
                path: path.to_string(),
                reason: NoteReason::ReadAsText,
                detail,
            });
        }
    }

    /// Reports `data` (binary, from `source`) as one credential if it parses as a Kerberos
    /// keytab or as a binary private key or key store (fingerprinted over its whole bytes,
    /// counted as a scanned file); `false` if it is neither.
    fn binary_credential(
        &mut self,
        data: &[u8],
        source: Source<'_>,
        origin: impl Fn() -> Origin,
    ) -> bool {
        self.guarded(source, |detector| {
            detector.binary_credential_unguarded(data, &origin)
        })
        .unwrap_or(true)
    }

    fn binary_credential_unguarded(&mut self, data: &[u8], origin: impl Fn() -> Origin) -> bool {
        let matcher = self.shared.matcher;
        let key = self.shared.key;
        let found = if keytab::has_magic(data) {
            keytab::parse(data).and_then(|parsed| {
                let rule = matcher.rule_index(keytab::RULE_ID)?;
                Some((rule, keytab::describe(&parsed, data, key)))
            })
        } else {
            keystore::parse(data).and_then(|kind| {
                let rule = matcher.rule_index(keystore::RULE_ID)?;
                Some((rule, keystore::describe(kind, data, key)))
            })
        };
        let Some((rule, (fingerprint, redacted))) = found else {
            return false;
        };
        self.files += 1;
        self.bytes += data.len() as u64;
        if let Some(progress) = self.shared.progress {
            progress(data.len() as u64);
        }
        self.hits.push(Hit {
            rule,
            fingerprint,
            redacted,
            line: 1,
            column: 1,
            inline_allowed: false,
            origin: origin(),
            context: None,
        });
        true
    }

    /// Scans the string constants of a Java class file or `.pyc` blob at `path` (in git
    /// history) as text, as the working-tree walk does; a malformed one is a skip. `false`
    /// when `path` is not compiled code.
    fn bytecode(
        &mut self,
        data: &[u8],
        path: &str,
        origin: impl Fn() -> Origin,
        skipped: &mut Vec<Skipped>,
    ) -> bool {
        use crate::source::bytecode;
        let Some(kind) = bytecode::kind_of(path) else {
            return false;
        };
        let mut text = std::mem::take(&mut self.bytecode_text);
        let read = self.guarded(Source::Blob { path }, |_| {
            bytecode::strings(kind, data, &mut text)
        });
        match read {
            None => {} // counted as failed
            Some(Ok(())) => self.detect(&text, Source::Blob { path }, origin),
            Some(Err(detail)) => skipped.push(Skipped {
                path: path.to_string(),
                reason: crate::source::fs::SkipReason::BytecodeMalformed,
                detail: format!("in git history: {detail}"),
            }),
        }
        zeroize::Zeroize::zeroize(&mut text);
        self.bytecode_text = text;
        true
    }

    /// A base64 payload at `offset` (of a `data:` URL, or a credential document): decoded
    /// when it is text, and its secrets reported on the payload's line, fingerprinted as
    /// decoded (the same secret written plain elsewhere is the same finding). One level: a
    /// payload inside the decoded text is not opened. Returns whether the payload was
    /// decoded only in part.
    fn scan_encoded_payload(
        &mut self,
        payload: &[u8],
        offset: usize,
        path: &str,
        lines: &mut LineCounter<'_>,
        origin: &impl Fn() -> Origin,
    ) -> bool {
        let (decoded, cut) = crate::detect::encoded::decode_payload(payload);
        let Some(decoded) = decoded else {
            return false;
        };
        let matcher = self.shared.matcher;
        let mut found = std::mem::take(&mut self.encoded);
        found.clear();
        matcher.find(&decoded, &mut self.scratch, &mut found);
        matcher.merge_nested(&mut found);
        for candidate in &found {
            if !is_secret_rule(matcher, candidate.rule) {
                continue;
            }
            let (line, column, _) = lines.locate(offset);
            let value = &decoded[candidate.start..candidate.end];
            let (fingerprint, redacted) =
                structured::describe(matcher, candidate.rule, value, path, self.shared.key);
            self.hits.push(Hit {
                rule: candidate.rule,
                fingerprint,
                redacted,
                line,
                column,
                inline_allowed: lines.allows(),
                origin: origin(),
                context: None,
            });
        }
        found.clear();
        self.encoded = found;
        cut
    }

    /// Scans a name or other short text that is not content (a file name, an author, a
    /// ref name, a tag message) for secrets: not counted as a file, endpoints and posture
    /// marks not reported (a directory named after a host is not an endpoint in use).
    fn detect_text(&mut self, data: &[u8], origin: impl Fn() -> Origin) {
        self.guarded(Source::Text, |detector| {
            detector.detect_text_unguarded(data, &origin)
        });
    }

    fn detect_text_unguarded(&mut self, data: &[u8], origin: impl Fn() -> Origin) {
        self.candidates.clear();
        let matcher = self.shared.matcher;
        matcher.find(data, &mut self.scratch, &mut self.candidates);
        if self.candidates.is_empty() {
            return;
        }
        let mut lines = LineCounter::new(data);
        for candidate in &self.candidates {
            if !is_secret_rule(matcher, candidate.rule) {
                continue;
            }
            let (line, column, _) = lines.locate(candidate.start);
            let value = &data[candidate.start..candidate.end];
            let (fingerprint, redacted) =
                structured::describe(matcher, candidate.rule, value, "", self.shared.key);
            self.hits.push(Hit {
                rule: candidate.rule,
                fingerprint,
                redacted,
                line,
                column,
                inline_allowed: lines.allows(),
                origin: origin(),
                context: None,
            });
        }
    }

    pub(super) fn flush(&mut self, skipped: Vec<Skipped>, count_as_files: bool) {
        let mut collected = self
            .shared
            .collected
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        collected.hits.append(&mut self.hits);
        collected.skipped.extend(skipped);
        collected.skipped.append(&mut self.failed);
        collected.notes.append(&mut self.notes);
        collected.references.append(&mut self.references);
        collected.env_files.append(&mut self.env_files);
        if count_as_files {
            collected.files += self.files;
            collected.bytes += self.bytes;
        }
    }
}

/// The file walk's per-thread visitor.
pub(super) struct FileScanner<'a> {
    pub(super) detector: Detector<'a>,
    pub(super) skipped: Vec<Skipped>,
}

impl BlobVisitor for FileScanner<'_> {
    fn blob(&mut self, blob: Blob<'_>) {
        let root = blob.root;
        // The walk hands on binary files only when they start like a keytab or parse as a
        // key store.
        if crate::source::fs::is_binary(blob.data) {
            return self.binary_credential(blob);
        }
        if !blob.in_archive && is_dotenv_name(blob.relative) {
            self.detector
                .env_files
                .push((root, blob.relative.to_string()));
        }
        self.detector.detect(
            blob.data,
            Source::File {
                root,
                path: blob.relative,
            },
            || Origin::File {
                root,
                path: blob.relative.to_string(),
            },
        );
    }

    fn skipped(&mut self, skipped: Skipped) {
        self.skipped.push(skipped);
    }

    fn name(&mut self, root: usize, name: &str, relative: &dyn Fn() -> String) {
        self.detector.detect_text(name.as_bytes(), || Origin::Name {
            root,
            path: relative(),
        });
    }
}

impl FileScanner<'_> {
    /// A binary file that starts like a Kerberos keytab or a key store: one finding if it
    /// parses as one (fingerprinted over its whole bytes), else a binary file skipped as
    /// any other.
    fn binary_credential(&mut self, blob: Blob<'_>) {
        let origin = || Origin::File {
            root: blob.root,
            path: blob.relative.to_string(),
        };
        let source = Source::File {
            root: blob.root,
            path: blob.relative,
        };
        if !self.detector.binary_credential(blob.data, source, origin) {
            self.skipped.push(Skipped {
                path: blob.relative.to_string(),
                reason: SkipReason::Binary,
                detail: crate::source::fs::BINARY_DETAIL.to_string(),
            });
        }
    }
}

impl Drop for FileScanner<'_> {
    fn drop(&mut self) {
        self.detector.flush(std::mem::take(&mut self.skipped), true);
    }
}

/// The history scan's per-thread visitor.
pub(super) struct BlobScanner<'a> {
    pub(super) detector: Detector<'a>,
    pub(super) repo: usize,
    /// Archive blobs are opened within these bounds (`None`: `--no-archives`).
    pub(super) archives: Option<ArchiveLimits>,
    /// The largest archive member read (the walk's `--max-file-size`).
    pub(super) max_member: u64,
    /// Archive members not scanned, located `path!/member` (the blob's first path).
    pub(super) skipped: Vec<Skipped>,
    /// A UTF-16 blob decoded to UTF-8 (reused, zeroized after each blob).
    pub(super) decoded: Vec<u8>,
}

impl HistoryVisitor for BlobScanner<'_> {
    fn blob(&mut self, index: u32, path: &str, data: &[u8]) {
        if self.archive(index, path, data) {
            return;
        }
        let repo = self.repo;
        let origin = || Origin::Blob { repo, blob: index };
        // UTF-16 with a byte order mark (the history hands it on as text): decoded like a
        // working-tree file, line for line, so lines and columns hold.
        let mut decoded = std::mem::take(&mut self.decoded);
        if crate::source::encoding::decode_utf16_bom(data, &mut decoded) {
            self.detector
                .detect(&decoded, Source::Blob { path }, origin);
            zeroize::Zeroize::zeroize(&mut decoded);
        } else {
            self.detector.detect(data, Source::Blob { path }, origin);
        }
        self.decoded = decoded;
    }

    fn binary_blob(&mut self, index: u32, path: &str, data: &[u8]) -> bool {
        let repo = self.repo;
        let origin = || Origin::Blob { repo, blob: index };
        self.archive(index, path, data)
            || self
                .detector
                .bytecode(data, path, origin, &mut self.skipped)
            || self
                .detector
                .binary_credential(data, Source::Blob { path }, origin)
    }
}

impl BlobScanner<'_> {
    /// Scans blob `index` as an archive if its path and first bytes say it is one; its
    /// members are located after the blob's path, as in the working tree.
    fn archive(&mut self, index: u32, path: &str, data: &[u8]) -> bool {
        let Some(limits) = self.archives else {
            return false;
        };
        let Some(kind) = archive::kind_of(path).filter(|&k| archive::magic_matches(k, data)) else {
            return false;
        };
        let repo = self.repo;
        let mut buffer = Vec::new();
        let (detector, skipped) = (&mut self.detector, &mut self.skipped);
        // The archive reader's own defects (its members' scans are guarded on their own).
        let walked = crate::panic::catch(|| {
            archive::walk(
                kind,
                std::io::Cursor::new(data),
                path,
                &limits,
                self.max_member,
                &mut buffer,
                &mut |event| match event {
                    archive::Event::Member {
                        path: member_path,
                        data,
                    } => {
                        let member: Box<str> = member_path[path.len()..].into();
                        let origin = || Origin::BlobMember {
                            repo,
                            blob: index,
                            member: member.clone(),
                        };
                        let compiled = detector.bytecode(data, member_path, origin, skipped);
                        if compiled {
                            // read through its string constants
                        } else if crate::source::fs::is_binary(data) {
                            let source = Source::Blob { path: member_path };
                            detector.binary_credential(data, source, origin);
                        } else {
                            detector.detect(data, Source::Blob { path: member_path }, origin);
                        }
                    }
                    archive::Event::Skip {
                        path,
                        reason,
                        detail,
                    } => skipped.push(Skipped {
                        path,
                        reason,
                        detail: format!("in git history: {detail}"),
                    }),
                },
            )
        });
        if let Err(place) = walked {
            self.skipped
                .push(internal_error(Source::Blob { path }, &place));
        }
        zeroize::Zeroize::zeroize(&mut buffer);
        true
    }
}

impl Drop for BlobScanner<'_> {
    fn drop(&mut self) {
        self.detector
            .flush(std::mem::take(&mut self.skipped), false);
    }
}

/// Scans a history's commit messages with `detector` (a token pasted into a message is
/// leaked as well), then its authors, committers, ref names, tag messages and taggers. One
/// thread: it runs beside the tree walk of the same history, which keeps a core busy.
pub(super) fn scan_commit_texts(
    detector: &mut Detector<'_>,
    messages: &[String],
    metadata: &[MetaText],
    repo: usize,
) {
    for (commit, message) in messages.iter().enumerate() {
        detector.detect(message.as_bytes(), Source::Text, || Origin::Message {
            repo,
            commit: commit as u32,
        });
    }
    for (item, meta) in metadata.iter().enumerate() {
        detector.detect_text(meta.text.as_bytes(), || Origin::Meta {
            repo,
            item: item as u32,
        });
    }
}

/// Scans every distinct path of history `repo`'s blobs (a secret can be a file's name).
pub(super) fn scan_history_paths(index: &HistoryIndex, repo: usize, shared: &Shared<'_>) {
    // Each distinct path once (paths are interned): its first occurrence names it.
    let mut seen = std::collections::HashSet::new();
    let mut names = Vec::new();
    for (blob, record) in index.blobs.iter().enumerate() {
        for (occurrence, at) in record.occurrences.iter().enumerate() {
            if seen.insert(at.path) {
                names.push((blob as u32, occurrence as u32, at.path));
            }
        }
    }
    scan_in_runs(&names, shared, |detector, _, &(blob, occurrence, path)| {
        detector.detect_text(index.path(path).as_bytes(), || Origin::HistoryName {
            repo,
            blob,
            occurrence,
        });
    });
}

/// Calls `scan` on each of `items` (with its index) in as many runs as there are worker
/// threads, each run with its own detector: a large history has tens of thousands of
/// messages and paths.
fn scan_in_runs<T: Sync>(
    items: &[T],
    shared: &Shared<'_>,
    scan: impl Fn(&mut Detector<'_>, usize, &T) + Sync,
) {
    let run = items.len().div_ceil(rayon::current_num_threads()).max(1);
    items.par_chunks(run).enumerate().for_each(|(n, chunk)| {
        let mut detector = Detector::new(shared);
        for (i, item) in chunk.iter().enumerate() {
            scan(&mut detector, n * run + i, item);
        }
        detector.flush(Vec::new(), false);
    });
}

/// The fingerprints of every secret the detectors find in `data` (a value read from
/// Vault), judged as a file named `name` would be (`""`: as plain text). Endpoints and
/// posture hits are not secrets and are left out.
pub(super) fn secret_fingerprints(
    matcher: &Matcher,
    key: &AuditKey,
    name: &str,
    data: &[u8],
) -> Vec<Fingerprint> {
    let shared = Shared {
        matcher,
        key,
        progress: None,
        collected: Mutex::default(),
        clean_chunks: None,
    };
    let mut detector = Detector::new(&shared);
    let source = if name.is_empty() {
        Source::Text
    } else {
        Source::Blob { path: name }
    };
    detector.detect(data, source, || Origin::Message { repo: 0, commit: 0 });
    detector
        .hits
        .drain(..)
        .filter(|hit| is_secret_rule(matcher, hit.rule))
        .map(|hit| hit.fingerprint)
        .collect()
}

/// Whether a rule reports secrets or password hashes (not endpoints, not posture marks).
pub(super) fn is_secret_rule(matcher: &Matcher, rule: usize) -> bool {
    matches!(
        matcher.rules()[rule].rule.kind,
        FindingKind::ProviderSecret
            | FindingKind::GenericSecret
            | FindingKind::PrivateKey
            | FindingKind::PasswordHash
    )
}

/// The skip recording that a defect (a panic caught at `place`) kept the item from
/// `source` from being scanned; a history blob's says so.
fn internal_error(source: Source<'_>, place: &str) -> Skipped {
    match source {
        Source::File { path, .. } => Skipped::internal_error(path, place),
        Source::Blob { path } => {
            let mut failed = Skipped::internal_error(path, place);
            failed.detail.insert_str(0, "in git history: ");
            failed
        }
        Source::Text => Skipped::internal_error("(a commit message, name or ref)", place),
    }
}

/// Turns byte offsets into 1-based lines and columns, for offsets in increasing order,
/// counting newlines and characters only between successive offsets: on one long line
/// (a minified file holding thousands of matches) each offset costs the bytes since the
/// last one, not since the line's start.
pub(super) struct LineCounter<'a> {
    data: &'a [u8],
    offset: usize,
    line: usize,
    line_start: usize,
    /// Characters from `line_start` to `offset`.
    column_chars: usize,
    /// The end of the line holding `offset` (its newline, or the end of `data`), once found.
    line_end: Option<usize>,
    /// Whether that line carries the inline allow marker, once looked up: a minified line
    /// holding thousands of matches is searched for it once.
    allows: Option<bool>,
}

impl<'a> LineCounter<'a> {
    fn new(data: &'a [u8]) -> Self {
        LineCounter {
            data,
            offset: 0,
            line: 1,
            line_start: 0,
            column_chars: 0,
            line_end: None,
            allows: None,
        }
    }

    /// The line, the column (in characters) and the text of the line at `offset`.
    fn locate(&mut self, offset: usize) -> (usize, usize, &'a [u8]) {
        if offset < self.offset {
            *self = LineCounter::new(self.data);
        }
        let mut counted_from = self.offset;
        for newline in memchr::memchr_iter(b'\n', &self.data[self.offset..offset]) {
            self.line += 1;
            self.line_start = self.offset + newline + 1;
        }
        if self.line_start > counted_from {
            counted_from = self.line_start;
            self.column_chars = 0;
            self.line_end = None;
            self.allows = None;
        }
        self.column_chars += char_count(&self.data[counted_from..offset]);
        self.offset = offset;
        let line_end = self.line_end();
        (
            self.line,
            1 + self.column_chars,
            &self.data[self.line_start..line_end],
        )
    }

    /// The end of the line holding `offset` (its newline, or the end of `data`).
    fn line_end(&mut self) -> usize {
        let (data, offset) = (self.data, self.offset);
        *self.line_end.get_or_insert_with(|| {
            memchr::memchr(b'\n', &data[offset..]).map_or(data.len(), |i| offset + i)
        })
    }

    /// Whether the line [`LineCounter::locate`] last located carries the inline allow
    /// marker (`baseline::line_allows`).
    fn allows(&mut self) -> bool {
        if let Some(allows) = self.allows {
            return allows;
        }
        let line_end = self.line_end();
        *self
            .allows
            .insert(line_allows(&self.data[self.line_start..line_end]))
    }
}

/// `data` with each terminal colour code (`ESC [ digits and ; m`, ANSI SGR) blanked to
/// spaces of the same length, so that offsets and lines hold; `None` when it has none.
fn without_colour_codes(data: &[u8]) -> Option<Vec<u8>> {
    const ESC: u8 = 0x1b;
    let sgr_end = |at: usize| {
        let params = data
            .get(at + 2..)?
            .iter()
            .take(32)
            .take_while(|&&b| b.is_ascii_digit() || b == b';')
            .count();
        (data.get(at + 1) == Some(&b'[') && data.get(at + 2 + params) == Some(&b'm'))
            .then_some(at + 3 + params)
    };
    let mut out: Option<Vec<u8>> = None;
    for at in memchr::memchr_iter(ESC, data) {
        if let Some(end) = sgr_end(at) {
            out.get_or_insert_with(|| data.to_vec())[at..end].fill(b' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{
        without_colour_codes, AuditKey, Detector, LineCounter, Mutex, Origin, Shared, Source,
    };

    #[test]
    fn colour_codes_are_blanked_in_place() {
        let text = b"\x1b[94mtoken\x1b[0m \x1b[1;32mok\x1b[m \x1b]0;title\x07 \x1b[2J";
        let blanked = without_colour_codes(text).unwrap();
        assert_eq!(blanked.len(), text.len());
        assert_eq!(
            String::from_utf8_lossy(&blanked),
            "     token            ok    \x1b]0;title\x07 \x1b[2J"
        );
        assert_eq!(without_colour_codes(b"no colour \x1b[2J here"), None);
    }
    use crate::detect::Candidate;
    use crate::finding::FindingKind;

    #[test]
    fn nested_value_candidates_merge_into_the_outer_one() {
        let matcher = crate::scan::load_matcher(&[]).unwrap();
        let rule = |kind| {
            matcher
                .rules()
                .iter()
                .position(|r| r.rule.kind == kind)
                .unwrap()
        };
        let provider = rule(FindingKind::ProviderSecret);
        let endpoint = rule(FindingKind::Endpoint);
        let candidate = |start, end, rule| Candidate { start, end, rule };
        let mut found = vec![
            candidate(0, 100, provider),
            candidate(10, 50, provider),  // inside the first: one value
            candidate(0, 100, provider),  // the same span twice stays (one fingerprint)
            candidate(90, 120, provider), // overlaps only: kept
            candidate(20, 30, endpoint),  // endpoints are not values
            candidate(200, 220, provider),
        ];
        matcher.merge_nested(&mut found);
        let spans: Vec<(usize, usize)> = found.iter().map(|c| (c.start, c.end)).collect();
        assert_eq!(
            spans,
            vec![(0, 100), (0, 100), (90, 120), (20, 30), (200, 220)]
        );
    }

    #[test]
    fn a_defect_on_one_blob_skips_it_and_the_next_blob_is_scanned() {
        let matcher = crate::scan::load_matcher(&[]).unwrap();
        let key = AuditKey::from_bytes(b"0123456789abcdef0123");
        let shared = Shared {
            matcher: &matcher,
            key: &key,
            progress: None,
            collected: Mutex::default(),
            clean_chunks: None,
        };
        let mut detector = Detector::new(&shared);
        // Generated at random for this test.
        let text = b"DB_PASSWORD=\"Vr7qLx2mTz9wKp4n\"\n";
        let file = |path| Source::File { root: 0, path };
        let origin = || Origin::File {
            root: 0,
            path: "app.env".to_string(),
        };
        // A defect after the blob's scan recorded a hit: the hit goes, the blob is a skip.
        let outcome = detector.guarded(file("broken.env"), |detector| {
            detector.detect(text, file("broken.env"), origin);
            assert_eq!(detector.hits.len(), 1);
            panic!("a defect");
        });
        assert!(outcome.is_none());
        assert!(detector.hits.is_empty());
        assert_eq!((detector.files, detector.bytes), (0, 0));
        let [skip] = detector.failed.as_slice() else {
            panic!("one skip expected: {:?}", detector.failed);
        };
        assert_eq!(skip.path, "broken.env");
        assert_eq!(skip.reason, crate::source::fs::SkipReason::InternalError);
        assert!(skip.detail.contains("a defect at"), "{}", skip.detail);
        // The detector goes on with fresh state.
        detector.detect(text, file("app.env"), origin);
        assert_eq!(detector.hits.len(), 1);
        assert_eq!(detector.files, 1);
    }

    #[test]
    fn database_urls_are_labelled_by_their_scheme() {
        let matcher = crate::scan::load_matcher(&[]).unwrap();
        // Every password below was generated at random for this test.
        for (line, provider) in [
            (
                "postgres://app:Rk4vT9qLz2Wm7XbN@db.internal/app",
                "postgres",
            ),
            (
                "postgresql://app:Rk4vT9qLz2Wm7XbN@db.internal/app",
                "postgres",
            ),
            (
                "postgresql+psycopg2://app:Rk4vT9qLz2Wm7XbN@db.internal/app",
                "postgres",
            ),
            ("mysql://app:Rk4vT9qLz2Wm7XbN@my.internal/app", "mysql"),
            ("mariadb://app:Rk4vT9qLz2Wm7XbN@my.internal/app", "mysql"),
            (
                "mongodb://app:Rk4vT9qLz2Wm7XbN@mongo.internal/app",
                "mongodb",
            ),
            (
                "mongodb+srv://app:Rk4vT9qLz2Wm7XbN@c0.ab1cd.mongodb.net/app",
                "mongodb",
            ),
            ("redis://:Rk4vT9qLz2Wm7XbN@cache.internal:6379/0", "redis"),
            (
                "rediss://default:Rk4vT9qLz2Wm7XbN@cache.internal:6380",
                "redis",
            ),
            (
                "sqlserver://sa:Rk4vT9qLz2Wm7XbN@sql01.internal:1433",
                "mssql",
            ),
            (
                "mssql://sa:Rk4vT9qLz2Wm7XbN@sql01.internal:1433/erp",
                "mssql",
            ),
            (
                "jdbc:postgresql://pg.internal:5432/app?user=app&password=Rk4vT9qLz2Wm7XbN",
                "postgres",
            ),
            (
                "jdbc:mysql://my.internal:3306/app?user=app&password=Rk4vT9qLz2Wm7XbN",
                "mysql",
            ),
            (
                "jdbc:mariadb://my.internal:3306/app?user=app&password=Rk4vT9qLz2Wm7XbN",
                "mysql",
            ),
            (
                "jdbc:sqlserver://sql01.internal:1433;user=sa;password=Rk4vT9qLz2Wm7XbN;",
                "mssql",
            ),
            (
                "jdbc:db2://db2.internal:50000/app:user=app;password=Rk4vT9qLz2Wm7XbN;",
                "database",
            ),
            // An unencoded `/` in the password: still found, still the engine's.
            (
                "postgres://app:Rk4v/T9qLz2Wm7XbN@db.internal/app",
                "postgres",
            ),
            ("mysql://app:Rk4v/T9qL@z2Wm7XbN@my.internal/app", "mysql"),
        ] {
            let mut found = Vec::new();
            matcher.find(
                line.as_bytes(),
                &mut crate::detect::Scratch::default(),
                &mut found,
            );
            matcher.merge_nested(&mut found);
            let secrets: Vec<(&str, &str)> = found
                .iter()
                .filter(|c| super::is_secret_rule(&matcher, c.rule))
                .map(|c| {
                    (
                        matcher.rules()[c.rule].rule.provider.as_str(),
                        &line[c.start..c.end],
                    )
                })
                .collect();
            assert_eq!(secrets.len(), 1, "{line}: {secrets:?}");
            assert_eq!(secrets[0].0, provider, "{line}");
            assert!(secrets[0].1.starts_with("Rk4v"), "{line}");
            assert!(secrets[0].1.ends_with("XbN"), "{line}");
        }
        // A port then a path is not a password.
        let mut found = Vec::new();
        let line = "postgres://db.internal:5432/files/x@mail.acme.io";
        matcher.find(
            line.as_bytes(),
            &mut crate::detect::Scratch::default(),
            &mut found,
        );
        assert!(!found
            .iter()
            .any(|c| super::is_secret_rule(&matcher, c.rule)));
    }

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
        // Offsets along one line count on from the last; an earlier one starts over.
        let data = "a = é1; b = é2\nc".as_bytes();
        let mut lines = LineCounter::new(data);
        let at = |needle: &str| {
            data.windows(needle.len())
                .position(|w| w == needle.as_bytes())
                .unwrap()
        };
        assert_eq!(lines.locate(at("é1")), (1, 5, "a = é1; b = é2".as_bytes()));
        assert_eq!(lines.locate(at("é2")), (1, 13, "a = é1; b = é2".as_bytes()));
        assert_eq!(lines.locate(at("c")), (2, 1, "c".as_bytes()));
        assert_eq!(lines.locate(at("b =")), (1, 9, "a = é1; b = é2".as_bytes()));
    }

    #[test]
    fn line_counter_says_which_lines_allow_their_findings() {
        let data = b"a = 1 # vaultproof:allow\nb = 2\nc = 3 # vaultproof:allow";
        let mut lines = LineCounter::new(data);
        let mut allows_at = |offset: usize| {
            lines.locate(offset);
            lines.allows()
        };
        assert!(allows_at(0));
        assert!(allows_at(4));
        assert!(!allows_at(25));
        assert!(allows_at(31));
        // An earlier offset starts over, and its line is looked up again.
        assert!(!allows_at(29));
    }
}
