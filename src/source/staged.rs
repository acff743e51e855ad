//! What is staged in the git index (for a pre-commit hook): every index entry whose blob
//! differs from HEAD's (added, modified, renamed, copied), written under a scratch
//! directory with its repository-relative path so the normal file scan reads it.
//! Submodules and deleted entries are left out.

use std::path::{Path, PathBuf};

/// Why the staged files could not be had.
#[derive(Debug, thiserror::Error)]
pub enum StagedError {
    /// The path is not inside a git work tree, or the index or HEAD could not be read.
    #[error("{path}: {message}")]
    Git {
        /// The path given.
        path: PathBuf,
        /// What git2 said.
        message: String,
    },
    /// A staged file could not be written to the scratch directory.
    #[error("{path}: cannot write the staged copy: {source}")]
    Io {
        /// The scratch file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// The staged files of the repository at (or above) `path`.
#[derive(Debug)]
pub struct Staged {
    /// The repository's work tree.
    pub workdir: PathBuf,
    /// Repository-relative paths written, sorted.
    pub paths: Vec<String>,
}

/// Writes every staged added or changed blob of the repository containing `path` under
/// `into` (same relative paths).
pub fn materialize(path: &Path, into: &Path) -> Result<Staged, StagedError> {
    let git = |e: git2::Error| StagedError::Git {
        path: path.to_path_buf(),
        message: e.message().to_string(),
    };
    let repo = git2::Repository::discover(path).map_err(git)?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| StagedError::Git {
            path: path.to_path_buf(),
            message: "a bare repository has no index to scan".to_string(),
        })?
        .to_path_buf();
    let index = repo.index().map_err(git)?;
    // An unborn HEAD (first commit): everything staged is new.
    let head_tree = match repo.head() {
        Ok(head) => Some(head.peel_to_tree().map_err(git)?),
        Err(e)
            if e.code() == git2::ErrorCode::UnbornBranch
                || e.code() == git2::ErrorCode::NotFound =>
        {
            None
        }
        Err(e) => return Err(git(e)),
    };
    let diff = repo
        .diff_tree_to_index(head_tree.as_ref(), Some(&index), None)
        .map_err(git)?;
    let mut paths = Vec::new();
    for delta in diff.deltas() {
        use git2::Delta;
        if !matches!(
            delta.status(),
            Delta::Added | Delta::Modified | Delta::Renamed | Delta::Copied | Delta::Typechange
        ) {
            continue;
        }
        let file = delta.new_file();
        if file.mode() == git2::FileMode::Commit || file.mode() == git2::FileMode::Link {
            continue;
        }
        let Some(relative) = file.path().and_then(Path::to_str) else {
            continue;
        };
        let blob = repo.find_blob(file.id()).map_err(git)?;
        let target = into.join(relative);
        let io = |source| StagedError::Io {
            path: target.clone(),
            source,
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&target, blob.content()).map_err(io)?;
        paths.push(relative.replace('\\', "/"));
    }
    paths.sort();
    Ok(Staged { workdir, paths })
}
