//! Folding the workers' hits into findings: one per distinct value with every location,
//! suppressions applied, git and history status, and the commit that introduced it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::detector::{Hit, Origin};
use crate::baseline::{SuppressionReason, Suppressions};
use crate::detect::Matcher;
use crate::finding::{
    Finding, FindingKind, Fingerprint, GitStatus, Introduction, Location, SecretStatus, Severity,
};
use crate::report::{Suppressed, SuppressedEntry};
use crate::source::git::HistoryIndex;
use crate::source::worktree::WorkTree;

/// A finding being assembled: the best rule so far, its preview, and where it was seen.
pub(super) struct Draft {
    pub(super) rule: usize,
    pub(super) redacted: String,
    pub(super) locations: Vec<Location>,
    pub(super) in_head: bool,
    pub(super) in_working_tree: bool,
    /// (repository, commit number, path) of the earliest history location.
    pub(super) introduced: Option<(usize, u32, String)>,
}

/// Folds hits into findings.
pub(super) struct Aggregation<'a> {
    pub(super) matcher: &'a Matcher,
    pub(super) roots: &'a [PathBuf],
    pub(super) histories: &'a [(usize, HistoryIndex)],
    pub(super) suppressions: &'a Suppressions,
}

impl Aggregation<'_> {
    /// One finding per distinct value, with suppressions, git status and history status.
    pub(super) fn run(&self, hits: Vec<Hit>) -> (Vec<Finding>, Suppressed) {
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
            root: crate::escape::os_name(root.as_os_str()).into_owned(),
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
            vault: None,
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

pub(super) fn absolute(root: &Path, relative: &str) -> PathBuf {
    if root.is_dir() {
        root.join(relative)
    } else {
        root.to_path_buf()
    }
}
