//! The filesystem source: walks directory trees in parallel with `ignore::WalkParallel`
//! and hands each readable, non-binary file's bytes to a per-thread [`BlobVisitor`].
//!
//! Hidden and git-ignored files are walked (a git-ignored `.env` is what an audit must
//! see); `.git/` is not (history is another source). Every file that is not scanned is
//! reported to the visitor as [`Skipped`] with its reason: nothing is dropped silently.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use ignore::overrides::OverrideBuilder;
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};
use serde::{Deserialize, Serialize};

/// Files above this size are memory-mapped instead of read into the thread's buffer.
const MMAP_THRESHOLD: u64 = 1 << 20;
/// A NUL byte in this many leading bytes marks a file as binary.
const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// How to walk.
#[derive(Debug, Clone)]
pub struct FsOptions {
    /// Follow symbolic links (loops are detected and reported, not followed forever).
    pub follow_symlinks: bool,
    /// Files larger than this many bytes are skipped.
    pub max_file_size: u64,
    /// Globs (relative to each root, gitignore syntax) of paths not to walk.
    pub exclude: Vec<String>,
    /// Worker threads; 0 picks one per core.
    pub threads: usize,
}

impl Default for FsOptions {
    fn default() -> Self {
        FsOptions {
            follow_symlinks: false,
            max_file_size: 64 << 20,
            exclude: Vec::new(),
            threads: 0,
        }
    }
}

/// Why a file was not scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// A NUL byte in the first 8 KiB.
    Binary,
    /// Larger than `--max-file-size`.
    TooLarge,
    /// Could not be opened or read (permissions, vanished, I/O error).
    Unreadable,
    /// A FIFO, socket or device: reading it could block or never end.
    NotRegularFile,
    /// A symbolic link, not followed without `--follow-symlinks`.
    Symlink,
    /// A symbolic link loop met with `--follow-symlinks`.
    SymlinkLoop,
    /// A file with no bytes.
    Empty,
    /// A directory that could not be listed, or another walk error.
    WalkError,
    /// A structured file that could not be parsed (scanned as plain text instead).
    ParseError,
}

impl SkipReason {
    /// The snake_case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too_large",
            SkipReason::Unreadable => "unreadable",
            SkipReason::NotRegularFile => "not_regular_file",
            SkipReason::Symlink => "symlink",
            SkipReason::SymlinkLoop => "symlink_loop",
            SkipReason::Empty => "empty",
            SkipReason::WalkError => "walk_error",
            SkipReason::ParseError => "parse_error",
        }
    }
}

/// A file that was not scanned, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Skipped {
    /// Path relative to the scanned root (the absolute path if it is outside every root).
    pub path: String,
    /// The reason class.
    pub reason: SkipReason,
    /// A human explanation (never file content).
    pub detail: String,
}

/// A file's bytes and where they came from.
#[derive(Debug, Clone, Copy)]
pub struct Blob<'a> {
    /// Index of the scanned root in the list the walk was given.
    pub root: usize,
    /// The path as opened.
    pub path: &'a Path,
    /// The path relative to its root, with `/` separators.
    pub relative: &'a str,
    /// The content.
    pub data: &'a [u8],
}

/// Receives blobs and skips on one worker thread; one visitor is made per thread.
pub trait BlobVisitor: Send {
    /// A file to scan.
    fn blob(&mut self, blob: Blob<'_>);
    /// A file that was not scanned.
    fn skipped(&mut self, skipped: Skipped);
}

/// Why a walk could not start.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    /// A root does not exist or cannot be read.
    #[error("{path}: {message}")]
    Root {
        /// The root.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// An `--exclude` glob is invalid.
    #[error("invalid exclude glob {glob:?}: {message}")]
    Glob {
        /// The glob.
        glob: String,
        /// The parser's message.
        message: String,
    },
}

/// Walks `roots` in parallel, calling a visitor made by `make_visitor` on each thread.
pub fn walk<V, F>(roots: &[PathBuf], options: &FsOptions, make_visitor: F) -> Result<(), WalkError>
where
    V: BlobVisitor,
    F: Fn() -> V + Sync,
{
    for (index, root) in roots.iter().enumerate() {
        std::fs::metadata(root).map_err(|e| WalkError::Root {
            path: root.clone(),
            message: e.to_string(),
        })?;
        let mut overrides = OverrideBuilder::new(root);
        for glob in &options.exclude {
            overrides
                .add(&format!("!{glob}"))
                .map_err(|e| WalkError::Glob {
                    glob: glob.clone(),
                    message: e.to_string(),
                })?;
        }
        let overrides = overrides.build().map_err(|e| WalkError::Glob {
            glob: options.exclude.join(", "),
            message: e.to_string(),
        })?;
        let walker = WalkBuilder::new(root)
            .standard_filters(false)
            .follow_links(options.follow_symlinks)
            .overrides(overrides)
            .threads(options.threads)
            .filter_entry(|entry| entry.file_name() != ".git")
            .build_parallel();
        let mut builder = VisitorBuilder {
            root_index: index,
            root,
            options,
            make_visitor: &make_visitor,
        };
        walker.visit(&mut builder);
    }
    Ok(())
}

struct VisitorBuilder<'a, F> {
    root_index: usize,
    root: &'a Path,
    options: &'a FsOptions,
    make_visitor: &'a F,
}

impl<'s, V, F> ParallelVisitorBuilder<'s> for VisitorBuilder<'_, F>
where
    V: BlobVisitor + 's,
    F: Fn() -> V + Sync,
{
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(FileReader {
            root_index: self.root_index,
            root: self.root.to_path_buf(),
            options: self.options.clone(),
            buffer: Vec::new(),
            visitor: (self.make_visitor)(),
        })
    }
}

/// One worker thread's state: its visitor and one reusable read buffer.
struct FileReader<V> {
    root_index: usize,
    root: PathBuf,
    options: FsOptions,
    buffer: Vec<u8>,
    visitor: V,
}

impl<V> Drop for FileReader<V> {
    fn drop(&mut self) {
        // The buffer held whole files, secrets included.
        zeroize::Zeroize::zeroize(&mut self.buffer);
    }
}

impl<V: BlobVisitor> ParallelVisitor for FileReader<V> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) => self.entry(&entry),
            Err(error) => {
                let reason = if is_loop(&error) {
                    SkipReason::SymlinkLoop
                } else {
                    SkipReason::WalkError
                };
                let path = error_path(&error).map_or_else(
                    || crate::escape::os_name(self.root.as_os_str()).into_owned(),
                    |path| self.relative(&path),
                );
                self.visitor.skipped(Skipped {
                    path,
                    reason,
                    detail: error.to_string(),
                });
            }
        }
        WalkState::Continue
    }
}

impl<V: BlobVisitor> FileReader<V> {
    fn entry(&mut self, entry: &DirEntry) {
        let Some(file_type) = entry.file_type() else {
            return; // stdin, never produced by a directory walk
        };
        if file_type.is_dir() {
            return;
        }
        let path = entry.path();
        if file_type.is_symlink() {
            let detail = "symbolic link not followed (use --follow-symlinks)".to_string();
            return self.skip(path, SkipReason::Symlink, detail);
        }
        if !file_type.is_file() {
            let detail = format!("not a regular file ({})", special_kind(&file_type));
            return self.skip(path, SkipReason::NotRegularFile, detail);
        }
        match self.read(path) {
            Ok(Content::Buffered) => {
                let relative = self.relative(path);
                let data = std::mem::take(&mut self.buffer);
                self.emit(path, &relative, &data);
                self.buffer = data;
            }
            Ok(Content::Mapped(map)) => {
                let relative = self.relative(path);
                self.emit(path, &relative, &map);
            }
            Err((reason, detail)) => self.skip(path, reason, detail),
        }
    }

    fn emit(&mut self, path: &Path, relative: &str, data: &[u8]) {
        if data.is_empty() {
            let detail = "empty file".to_string();
            return self.skip(path, SkipReason::Empty, detail);
        }
        let sniff = &data[..data.len().min(BINARY_SNIFF_LEN)];
        if memchr::memchr(0, sniff).is_some() {
            let detail = "binary file (NUL byte in the first 8 KiB)".to_string();
            return self.skip(path, SkipReason::Binary, detail);
        }
        self.visitor.blob(Blob {
            root: self.root_index,
            path,
            relative,
            data,
        });
    }

    /// Reads a regular file into the buffer, or maps it if it is large.
    fn read(&mut self, path: &Path) -> Result<Content, (SkipReason, String)> {
        let unreadable = |e: std::io::Error| (SkipReason::Unreadable, e.to_string());
        let mut file = File::open(path).map_err(unreadable)?;
        let size = file.metadata().map_err(unreadable)?.len();
        if size > self.options.max_file_size {
            let detail = format!(
                "{size} bytes is over the --max-file-size limit of {} bytes",
                self.options.max_file_size
            );
            return Err((SkipReason::TooLarge, detail));
        }
        if size > MMAP_THRESHOLD {
            // SAFETY: the map is read-only and dropped before the next file; a file
            // truncated by another process while mapped is the accepted risk of mmap
            // that every mmapping scanner (ripgrep included) takes.
            let map = unsafe { memmap2::Mmap::map(&file) }.map_err(unreadable)?;
            #[cfg(unix)]
            let _ = map.advise(memmap2::Advice::Sequential);
            return Ok(Content::Mapped(map));
        }
        self.buffer.clear();
        self.buffer.resize(size as usize + 1, 0);
        let mut filled = 0;
        loop {
            match file.read(&mut self.buffer[filled..]) {
                Ok(0) => break,
                Ok(n) => {
                    filled += n;
                    if filled == self.buffer.len() {
                        // The file grew while we read it: scan what its size said.
                        filled = size as usize;
                        break;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(unreadable(e)),
            }
        }
        self.buffer.truncate(filled);
        Ok(Content::Buffered)
    }

    fn skip(&mut self, path: &Path, reason: SkipReason, detail: String) {
        let path = self.relative(path);
        self.visitor.skipped(Skipped {
            path,
            reason,
            detail,
        });
    }

    fn relative(&self, path: &Path) -> String {
        relative_path(&self.root, path)
    }
}

enum Content {
    /// The file is in the reader's buffer.
    Buffered,
    /// The file is mapped.
    Mapped(memmap2::Mmap),
}

/// `path` relative to `root` with `/` separators (the root's own name if they are equal),
/// decoded losslessly: a name that is not UTF-8 keeps its bytes as `\xNN` escapes
/// ([`crate::escape::name`]).
pub fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let text = if relative.as_os_str().is_empty() {
        crate::escape::os_name(path.file_name().unwrap_or(path.as_os_str()))
    } else {
        crate::escape::os_name(relative.as_os_str())
    };
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

fn special_kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "fifo";
        }
        if file_type.is_socket() {
            return "socket";
        }
        if file_type.is_block_device() {
            return "block device";
        }
        if file_type.is_char_device() {
            return "character device";
        }
    }
    let _ = file_type;
    "special file"
}

fn is_loop(error: &ignore::Error) -> bool {
    match error {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

fn error_path(error: &ignore::Error) -> Option<PathBuf> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errors) => errors.first().and_then(error_path),
        _ => None,
    }
}
