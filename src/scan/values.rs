//! The detectors over many small texts in a row (values read from Vault), with one set of
//! buffers for all of them: the matcher's scratch space, the structured analyser and the
//! candidate lists are kept from one text to the next instead of being built and dropped
//! for each, which for a value of a few dozen bytes cost more than the detection itself.
//! What is found is exactly what [`secret_fingerprints`](super::secret_fingerprints)
//! finds: the same detector runs, only its buffers are reused.

use std::sync::Mutex;

use super::detector::{is_secret_rule, Detector, Origin, Shared, Source};
use crate::detect::structured::analyze::Analyzer;
use crate::detect::{Candidate, Matcher, Scratch};
use crate::finding::{AuditKey, Fingerprint};

/// Runs the detectors over one text after another, reusing its buffers. One per thread
/// (or per task): it is not shared while it scans.
pub struct ValueScanner<'m> {
    matcher: &'m Matcher,
    key: &'m AuditKey,
    scratch: Scratch,
    analyzer: Analyzer,
    candidates: Vec<Candidate>,
    encoded: Vec<Candidate>,
    /// Index of the rule that finds base64 payloads to decode, looked up once.
    payload_rule: Option<usize>,
}

impl std::fmt::Debug for ValueScanner<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ValueScanner").finish_non_exhaustive()
    }
}

impl<'m> ValueScanner<'m> {
    /// A scanner for `matcher`, fingerprinting with `key`.
    pub fn new(matcher: &'m Matcher, key: &'m AuditKey) -> Self {
        ValueScanner {
            matcher,
            key,
            scratch: Scratch::default(),
            analyzer: Analyzer::default(),
            candidates: Vec::new(),
            encoded: Vec::new(),
            payload_rule: matcher.rule_index(crate::detect::encoded::ENCODED_PAYLOAD_RULE),
        }
    }

    /// The matcher it runs.
    pub fn matcher(&self) -> &'m Matcher {
        self.matcher
    }

    /// The audit key it fingerprints with.
    pub fn key(&self) -> &'m AuditKey {
        self.key
    }

    /// Appends to `out` the fingerprints of every secret the detectors find in `data`,
    /// judged as a file named `name` would be (`""`: as plain text); endpoints and
    /// posture hits are left out. The same as [`secret_fingerprints`](super::secret_fingerprints).
    pub fn secret_fingerprints(&mut self, name: &str, data: &[u8], out: &mut Vec<Fingerprint>) {
        let shared = Shared {
            matcher: self.matcher,
            key: self.key,
            progress: None,
            collected: Mutex::default(),
            clean_chunks: None,
        };
        let mut detector = Detector::new_with(
            &shared,
            std::mem::take(&mut self.scratch),
            std::mem::take(&mut self.analyzer),
            std::mem::take(&mut self.candidates),
            std::mem::take(&mut self.encoded),
            self.payload_rule,
        );
        let source = if name.is_empty() {
            Source::Text
        } else {
            Source::Blob { path: name }
        };
        detector.detect(data, source, || Origin::Message { repo: 0, commit: 0 });
        let matcher = self.matcher;
        out.extend(
            detector
                .hits
                .drain(..)
                .filter(|hit| is_secret_rule(matcher, hit.rule))
                .map(|hit| hit.fingerprint),
        );
        // The buffers go back for the next text; the candidates hold offsets, not bytes.
        self.scratch = std::mem::take(&mut detector.scratch);
        self.analyzer = std::mem::take(&mut detector.analyzer);
        self.candidates = std::mem::take(&mut detector.candidates);
        self.candidates.clear();
        self.encoded = std::mem::take(&mut detector.encoded);
        self.encoded.clear();
    }
}
