//! Git's view of scanned files: whether each path is tracked (in the index), ignored,
//! or untracked. Audits report git-ignored files apart instead of dropping them, and a
//! tracked `.env` is a posture problem of its own.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::finding::GitStatus;

/// The index of the git work tree that contains a scanned root, if any.
pub struct WorkTree {
    repo: git2::Repository,
    workdir: PathBuf,
    tracked: HashSet<Vec<u8>>,
}

impl WorkTree {
    /// The work tree containing `root`, or `None` when `root` is not inside one (or the
    /// repository cannot be opened: then every path is reported as not in a repository).
    pub fn discover(root: &Path) -> Option<Self> {
        let repo = crate::source::gitdir::discover(root)?;
        let workdir = repo.workdir()?.canonicalize().ok()?;
        let tracked = repo.index().ok()?.iter().map(|entry| entry.path).collect();
        Some(WorkTree {
            repo,
            workdir,
            tracked,
        })
    }

    /// The status of `path` (absolute, or relative to the current directory).
    pub fn status(&self, path: &Path) -> GitStatus {
        let Ok(absolute) = path.canonicalize() else {
            return GitStatus::NotInRepo;
        };
        let Ok(relative) = absolute.strip_prefix(&self.workdir) else {
            return GitStatus::NotInRepo;
        };
        let key = relative
            .to_string_lossy()
            .replace(std::path::MAIN_SEPARATOR, "/");
        if self.tracked.contains(key.as_bytes()) {
            GitStatus::Tracked
        } else if self.repo.is_path_ignored(relative).unwrap_or(false) {
            GitStatus::Ignored
        } else {
            GitStatus::Untracked
        }
    }
}
