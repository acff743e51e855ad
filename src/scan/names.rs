//! Names a repository controls (file and directory names, authors and committers, ref
//! names, tag messages) are printed in every report. They are scanned like content, and
//! a secret in one is replaced by its redacted preview wherever the name is printed:
//! [`redact_name`] is the one function that does it, and [`redact_report`] applies it to
//! every name-bearing field of the report model, so every format (terminal, JSON, CSV,
//! and any later one) prints the same redacted text.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::detect::{Candidate, Matcher, Scratch};
use crate::finding::redact;
use crate::report::Report;

/// Replaces every secret the matcher finds in `text` with its redacted preview
/// (`ghp_…(40 chars)`); endpoints and posture marks are left as they are.
pub fn redact_name<'t>(
    matcher: &Matcher,
    scratch: &mut Scratch,
    candidates: &mut Vec<Candidate>,
    text: &'t str,
) -> Cow<'t, str> {
    candidates.clear();
    matcher.find(text.as_bytes(), scratch, candidates);
    let mut spans: Vec<(usize, usize)> = candidates
        .iter()
        .filter(|c| super::detector::is_secret_rule(matcher, c.rule))
        .map(|c| (floor_boundary(text, c.start), ceil_boundary(text, c.end)))
        .collect();
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    for (start, end) in merged {
        out.push_str(&text[at..start]);
        out.push_str(&redact(&text.as_bytes()[start..end]));
        at = end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Redacts names with a cache: the same path is printed at many places.
struct Redactor<'a> {
    matcher: &'a Matcher,
    scratch: Scratch,
    candidates: Vec<Candidate>,
    cache: HashMap<String, Option<String>>,
}

impl Redactor<'_> {
    fn apply(&mut self, text: &mut String) {
        let redacted = match self.cache.get(text.as_str()) {
            Some(cached) => cached.clone(),
            None => {
                let redacted = match redact_name(
                    self.matcher,
                    &mut self.scratch,
                    &mut self.candidates,
                    text,
                ) {
                    Cow::Borrowed(_) => None,
                    Cow::Owned(redacted) => Some(redacted),
                };
                self.cache.insert(text.clone(), redacted.clone());
                redacted
            }
        };
        if let Some(redacted) = redacted {
            *text = redacted;
        }
    }

    fn apply_opt(&mut self, text: &mut Option<String>) {
        if let Some(text) = text {
            self.apply(text);
        }
    }
}

/// Applies [`redact_name`] to every field of `report` that holds a name or a message
/// built from names: paths, roots, authors and emails, skip details, history errors,
/// repository names, inventory locations.
pub fn redact_report(report: &mut Report, matcher: &Matcher) {
    let mut r = Redactor {
        matcher,
        scratch: Scratch::default(),
        candidates: Vec::new(),
        cache: HashMap::new(),
    };
    for finding in &mut report.findings {
        for location in &mut finding.locations {
            r.apply(&mut location.path);
            r.apply(&mut location.root);
            r.apply_opt(&mut location.author);
            r.apply_opt(&mut location.email);
        }
        if let Some(introduced) = &mut finding.introduced {
            r.apply(&mut introduced.author);
            r.apply(&mut introduced.email);
            r.apply(&mut introduced.path);
        }
    }
    for skipped in &mut report.skipped {
        r.apply(&mut skipped.path);
        r.apply(&mut skipped.detail);
    }
    for entry in &mut report.suppressed.entries {
        r.apply(&mut entry.path);
    }
    for reference in &mut report.references {
        r.apply(&mut reference.path);
        r.apply(&mut reference.root);
    }
    for row in &mut report.inventory {
        r.apply(&mut row.location);
        r.apply(&mut row.workspace);
    }
    for history in &mut report.history {
        r.apply(&mut history.repository);
        for text in history.errors.iter_mut().chain(history.absent.iter_mut()) {
            r.apply(text);
        }
    }
    for excluded in &mut report.excluded {
        r.apply(&mut excluded.path);
        r.apply(&mut excluded.root);
    }
}
