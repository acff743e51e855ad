//! Guards a repository's files before libgit2 opens them. A repository is hostile input:
//! a FIFO as `.git/HEAD`, `packed-refs`, a loose ref, an alternates file or a config
//! include would block the reader forever, and an alternates chain can point at itself.
//! Every file libgit2 may read is checked to be a regular file (or a directory), by the
//! file type the directory listing gives, before the repository is opened.

use std::path::{Path, PathBuf};

/// How deep alternates may chain (libgit2 stops at 5 as well).
const MAX_ALTERNATES_DEPTH: usize = 5;
/// The most directory entries checked in one repository (a bound on a hostile tree).
const MAX_ENTRIES: usize = 2_000_000;
/// Small control files (`.git` link, `commondir`, alternates, config) larger than this
/// are not read.
const MAX_CONTROL_FILE: u64 = 1 << 20;

/// Why a repository is not opened.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct UnsafeRepository {
    /// The offending file.
    pub path: PathBuf,
    /// What is wrong with it.
    pub message: String,
}

/// The git directory of the repository at `path` (a work tree whose `.git` is a
/// directory or a `gitdir:` file, or a bare repository), without opening it.
pub fn git_dir(path: &Path) -> Result<PathBuf, UnsafeRepository> {
    let dot_git = path.join(".git");
    if std::fs::symlink_metadata(&dot_git).is_err() {
        return Ok(path.to_path_buf()); // no `.git`: a bare repository
    }
    match std::fs::metadata(&dot_git) {
        Ok(meta) if meta.is_dir() => Ok(dot_git),
        Ok(_) => {
            let text = read_control_file(&dot_git)?;
            let target = text
                .lines()
                .find_map(|line| line.strip_prefix("gitdir:"))
                .map(str::trim)
                .ok_or_else(|| unsafe_at(&dot_git, "a `.git` file without a `gitdir:` line"))?;
            Ok(path.join(target))
        }
        Err(e) => Err(unsafe_at(&dot_git, &format!("cannot be read: {e}"))),
    }
}

/// Checks every file of the repository at `path` that libgit2 may read: its git
/// directory, the common directory of a linked work tree, alternate object directories
/// (chained at most 5 deep) and config includes.
pub fn check(path: &Path) -> Result<(), UnsafeRepository> {
    let dot_git = path.join(".git");
    if let Ok(meta) = std::fs::symlink_metadata(&dot_git) {
        if !meta.is_dir() {
            check_entry(&dot_git)?;
        }
    }
    let git_dir = git_dir(path)?;
    let mut budget = MAX_ENTRIES;
    check_tree(&git_dir, &mut budget)?;
    let mut dirs = vec![git_dir.clone()];
    let common = git_dir.join("commondir");
    if common.exists() {
        let text = read_control_file(&common)?;
        let common_dir = git_dir.join(text.trim());
        check_tree(&common_dir, &mut budget)?;
        dirs.push(common_dir);
    }
    for dir in &dirs {
        check_config_includes(dir)?;
        check_alternates(&dir.join("objects"), 0, &mut budget)?;
    }
    Ok(())
}

/// Checks the alternates of an object directory, recursively.
fn check_alternates(
    objects: &Path,
    depth: usize,
    budget: &mut usize,
) -> Result<(), UnsafeRepository> {
    let file = objects.join("info").join("alternates");
    if !file.exists() {
        return Ok(());
    }
    if depth >= MAX_ALTERNATES_DEPTH {
        return Err(unsafe_at(
            &file,
            &format!("alternates chained more than {MAX_ALTERNATES_DEPTH} deep"),
        ));
    }
    let text = read_control_file(&file)?;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let alternate = objects.join(line);
        let same = match (alternate.canonicalize(), objects.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            return Err(unsafe_at(&file, "an alternate object directory is itself"));
        }
        if alternate.exists() {
            check_entry(&alternate)?;
            check_tree(&alternate, budget)?;
            check_alternates(&alternate, depth + 1, budget)?;
        }
    }
    Ok(())
}

/// Checks that the files a config's `include.path` / `includeIf.*.path` name are regular.
fn check_config_includes(dir: &Path) -> Result<(), UnsafeRepository> {
    let config = dir.join("config");
    if !config.exists() {
        return Ok(());
    }
    let text = read_control_file(&config)?;
    for line in text.lines() {
        let line = line.trim();
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if !key.trim().eq_ignore_ascii_case("path") {
            continue;
        }
        let value = value.trim().trim_matches('"');
        let target = match value.strip_prefix("~/") {
            Some(rest) => match std::env::var_os("HOME") {
                Some(home) => PathBuf::from(home).join(rest),
                None => continue,
            },
            None => dir.join(value),
        };
        if std::fs::symlink_metadata(&target).is_ok() {
            check_entry(&target)?;
        }
    }
    Ok(())
}

/// Every entry under `dir` must be a regular file, a directory, or a symbolic link to one
/// of those. Uses the type the listing gives (no extra `stat` except for links).
fn check_tree(dir: &Path, budget: &mut usize) -> Result<(), UnsafeRepository> {
    check_entry(dir)?;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue; // unreadable directories fail in libgit2 with an error, not a hang
        };
        for entry in entries.flatten() {
            *budget = budget.saturating_sub(1);
            if *budget == 0 {
                return Err(unsafe_at(
                    &dir,
                    &format!("more than {MAX_ENTRIES} files in the git directory"),
                ));
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(entry.path());
            } else if !kind.is_file() {
                check_entry(&entry.path())?;
            }
        }
    }
    Ok(())
}

/// `path` (links followed) is a regular file or a directory, or does not exist.
fn check_entry(path: &Path) -> Result<(), UnsafeRepository> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() || meta.is_dir() => Ok(()),
        Ok(meta) => Err(unsafe_at(
            path,
            &format!(
                "not a regular file ({}): the repository is not opened",
                crate::source::fs::special_kind(&meta.file_type())
            ),
        )),
        Err(_) => Ok(()), // a dangling link: libgit2 reports it as missing, no hang
    }
}

/// Reads a small control file, refusing special files and files over 1 MiB.
fn read_control_file(path: &Path) -> Result<String, UnsafeRepository> {
    let (file, size) =
        crate::source::fs::open_regular(path).map_err(|(_, d)| unsafe_at(path, &d))?;
    if size > MAX_CONTROL_FILE {
        return Err(unsafe_at(path, &format!("{size} bytes is too large")));
    }
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::Read::take(file, MAX_CONTROL_FILE), &mut text)
        .map_err(|e| unsafe_at(path, &e.to_string()))?;
    Ok(text)
}

fn unsafe_at(path: &Path, message: &str) -> UnsafeRepository {
    UnsafeRepository {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// Opens the repository containing `path` (searching parent directories), if its files
/// pass [`check`]; `None` when there is none or it is not safe to open.
pub fn discover(path: &Path) -> Option<git2::Repository> {
    let git_dir = git2::Repository::discover_path(path, std::iter::empty::<&Path>()).ok()?;
    // `discover_path` gives the git directory; its work tree is its parent for `.git`.
    let top = if git_dir.file_name().is_some_and(|n| n == ".git") {
        git_dir.parent()?.to_path_buf()
    } else {
        git_dir.clone()
    };
    check(&top).ok()?;
    git2::Repository::open(&git_dir).ok()
}
