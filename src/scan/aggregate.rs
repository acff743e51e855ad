//! Folding the workers' hits into findings: one per distinct value with every location,
//! suppressions applied, git and history status, and the commit that introduced it.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::detector::{Hit, Origin};
use super::RepoHistory;
use crate::baseline::{SuppressionReason, Suppressions};
use crate::detect::Matcher;
use crate::finding::{
    Finding, FindingKind, Fingerprint, GitStatus, Introduction, Location, SecretStatus, Severity,
};
use crate::report::{Suppressed, SuppressedEntry};
use crate::source::archive;
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
    pub(super) histories: &'a [RepoHistory],
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
                draft.in_working_tree |=
                    matches!(hit.origin, Origin::File { .. } | Origin::Name { .. });
                if let Some(first) = self.introduction(&hit.origin, &location) {
                    // Ties (several paths in one commit) go to the smallest path, so
                    // the attribution does not depend on which thread saw which blob.
                    let earlier = draft
                        .introduced
                        .as_ref()
                        .is_none_or(|(repo, commit, path)| {
                            (first.0, first.1, &first.2) < (*repo, *commit, path)
                        });
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
        let at = |path: String, root: &str, git: GitStatus| Location {
            path,
            line: hit.line,
            column: hit.column,
            root: root.to_string(),
            git,
            commit: None,
            key_path: hit.context.as_ref().map(|c| c.key_path.clone()),
            author: None,
            email: None,
            date: None,
        };
        let in_commit = |mut location: Location, repo: &RepoHistory, commit: u32| {
            let info = &repo.index.commits[commit as usize];
            location.commit = Some(info.id.clone());
            if !info.author.is_empty() || !info.date.is_empty() {
                location.author = Some(info.author.clone());
                location.email = Some(info.email.clone());
                location.date = Some(info.date.clone());
            }
            location
        };
        match &hit.origin {
            Origin::File { root, path } | Origin::Name { root, path } => {
                let root_path = &self.roots[*root];
                let git = worktrees
                    .entry(*root)
                    .or_insert_with(|| WorkTree::discover(root_path))
                    .as_ref()
                    .map_or(GitStatus::NotInRepo, |tree| {
                        // A member of an archive has the archive's status.
                        tree.status(&absolute(root_path, archive::outer(path)))
                    });
                let shown_root = crate::escape::os_name(root_path.as_os_str());
                let mut location = at(path.clone(), &shown_root, git);
                if matches!(hit.origin, Origin::Name { .. }) {
                    location.key_path = Some(FILE_NAME_KEY_PATH.to_string());
                }
                vec![(location, false)]
            }
            Origin::Blob { repo, blob } | Origin::BlobMember { repo, blob, .. } => {
                let member = match &hit.origin {
                    Origin::BlobMember { member, .. } => &**member,
                    _ => "",
                };
                let history = &self.histories[*repo];
                let in_head = history.index.in_head.contains(blob);
                history.index.blobs[*blob as usize]
                    .occurrences
                    .iter()
                    .map(|occurrence| {
                        let location = at(
                            format!("{}{member}", history.index.path(occurrence.path)),
                            &history.shown_root,
                            GitStatus::History,
                        );
                        (in_commit(location, history, occurrence.commit), in_head)
                    })
                    .collect()
            }
            Origin::Message { repo, commit } => {
                let history = &self.histories[*repo];
                let location = at(
                    COMMIT_MESSAGE_PATH.to_string(),
                    &history.shown_root,
                    GitStatus::History,
                );
                vec![(in_commit(location, history, *commit), false)]
            }
            Origin::HistoryName {
                repo,
                blob,
                occurrence,
            } => {
                let history = &self.histories[*repo];
                let occ = &history.index.blobs[*blob as usize].occurrences[*occurrence as usize];
                let mut location = at(
                    history.index.path(occ.path),
                    &history.shown_root,
                    GitStatus::History,
                );
                location.key_path = Some(FILE_NAME_KEY_PATH.to_string());
                vec![(in_commit(location, history, occ.commit), false)]
            }
            Origin::Meta { repo, item } => {
                let history = &self.histories[*repo];
                let meta = &history.index.metadata[*item as usize];
                let path = match (&meta.reference, meta.field) {
                    (Some(reference), _) => reference.clone(),
                    (None, "git.committer") => COMMIT_COMMITTER_PATH.to_string(),
                    (None, _) => COMMIT_AUTHOR_PATH.to_string(),
                };
                let mut location = at(path, &history.shown_root, GitStatus::History);
                location.key_path = Some(meta.field.to_string());
                if let Some(commit) = meta.commit {
                    location = in_commit(location, history, commit);
                }
                vec![(location, false)]
            }
        }
    }

    /// (repository, commit number, path) of a history location, for "first introduced".
    fn introduction(&self, origin: &Origin, location: &Location) -> Option<(usize, u32, String)> {
        match origin {
            Origin::File { .. } | Origin::Name { .. } => None,
            Origin::HistoryName {
                repo,
                blob,
                occurrence,
            } => {
                let index = &self.histories[*repo].index;
                let at = &index.blobs[*blob as usize].occurrences[*occurrence as usize];
                Some((*repo, at.commit, location.path.clone()))
            }
            Origin::Meta { repo, item } => {
                let meta = &self.histories[*repo].index.metadata[*item as usize];
                meta.commit
                    .map(|commit| (*repo, commit, location.path.clone()))
            }
            Origin::Blob { repo, blob } | Origin::BlobMember { repo, blob, .. } => {
                let index = &self.histories[*repo].index;
                // A member's location is the archive's path then `!/member`.
                let path = match origin {
                    Origin::BlobMember { .. } => archive::outer(&location.path),
                    _ => &location.path,
                };
                let occurrence = index.blobs[*blob as usize]
                    .occurrences
                    .iter()
                    .find(|o| index.path(o.path) == path)?;
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
            let info = &self.histories[repo].index.commits[commit as usize];
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
    /// a generic assignment, then the higher severity wins, then the rule listed first
    /// (the rule files list the narrower forms first). The last tie-break makes the
    /// reported rule independent of which worker saw the value first: a value found by
    /// two generic rules in two files kept whichever hit arrived first, so two scans of
    /// the same tree could name it differently (and a diff report them as fixed and new).
    fn preference(&self, rule: usize) -> (bool, Severity, Reverse<usize>) {
        let listed = &self.matcher.rules()[rule].rule;
        (
            listed.kind != FindingKind::GenericSecret,
            listed.severity,
            Reverse(rule),
        )
    }
}

/// The `path` of a location in a commit message.
pub const COMMIT_MESSAGE_PATH: &str = "<commit message>";
/// The `path` of a location in a commit's author name or email.
pub const COMMIT_AUTHOR_PATH: &str = "<commit author>";
/// The `path` of a location in a commit's committer name or email.
pub const COMMIT_COMMITTER_PATH: &str = "<commit committer>";
/// The `key_path` of a location in a file or directory name.
pub const FILE_NAME_KEY_PATH: &str = "file_name";

pub(super) fn absolute(root: &Path, relative: &str) -> PathBuf {
    if root.is_dir() {
        root.join(relative)
    } else {
        root.to_path_buf()
    }
}
