//! The filesystem source: walks directory trees in parallel with `ignore::WalkParallel`
//! and hands each readable, non-binary file's bytes (UTF-16 with a byte order mark decoded to
//! UTF-8) to a per-thread [`BlobVisitor`].
//!
//! Hidden and git-ignored files are walked (a git-ignored `.env` is what an audit must
//! see); `.git/` is not (history is another source: each directory holding a `.git` is
//! returned as a repository, nested ones included). Every file that is not scanned is
//! reported to the visitor as [`Skipped`] with its reason, every path an exclude glob kept
//! out is returned with its glob, and every entry's name is handed to the visitor to be
//! scanned: nothing is dropped silently. Files are read, never mapped (a mapped file
//! truncated by another process kills the reader), and opened without blocking.
//!
//! Archives (zip, jar, tar, tar.gz and their kin) are opened unless
//! [`FsOptions::archives`] is `None`, and each member is handed on as a file located
//! `archive!/member` ([`super::archive`]). A binary file that starts with the Kerberos
//! keytab magic (`05 02`) or parses as a private key store is handed on too, for the
//! detector to report.

use std::fs::File;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};
use serde::{Deserialize, Serialize};

use super::archive::{self, ArchiveLimits};
use crate::detect::keystore::{self, Inspection};

/// The most worker threads a walk starts, whatever `--threads` says.
pub const MAX_THREADS: usize = 256;
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
    /// Open archives and scan their members, within these bounds (`None`: `--no-archives`,
    /// archives are skipped as binary files).
    pub archives: Option<ArchiveLimits>,
}

impl Default for FsOptions {
    fn default() -> Self {
        FsOptions {
            follow_symlinks: false,
            max_file_size: 64 << 20,
            exclude: Vec::new(),
            threads: 0,
            archives: Some(ArchiveLimits::default()),
        }
    }
}

/// Why a file was not scanned.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    schemars::JsonSchema,
    Deserialize,
)]
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
    /// The file changed size while it was read: what was read was scanned, and the
    /// skip says the scan may have missed what was written meanwhile.
    ChangedDuringScan,
    /// An archive nested deeper than the depth bound: not opened.
    ArchiveTooDeep,
    /// An archive member that inflates past the compression-ratio bound, or an archive
    /// with more members than the member bound: a decompression bomb, not read further.
    ArchiveBomb,
    /// An archive (or one member) that cannot be read: truncated, corrupt, not the format
    /// its name says.
    ArchiveCorrupt,
    /// An archive member larger than `--max-file-size`.
    ArchiveMemberTooLarge,
    /// An archive whose decompressed bytes went over the per-archive bound: the member
    /// named and the rest of the archive are not scanned.
    ArchiveTooLarge,
    /// An archive member stored with an unsupported method (encrypted, or compressed
    /// with other than deflate), or a compressed tar whose decoder window is over the
    /// memory bound.
    ArchiveUnsupported,
    /// A Java class file or Python bytecode whose strings could not be read: truncated,
    /// or not the format its name says.
    BytecodeMalformed,
    /// vaultproof failed on the file (a defect, caught): its findings are left out.
    InternalError,
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
            SkipReason::ChangedDuringScan => "changed_during_scan",
            SkipReason::ArchiveTooDeep => "archive_too_deep",
            SkipReason::ArchiveBomb => "archive_bomb",
            SkipReason::ArchiveCorrupt => "archive_corrupt",
            SkipReason::ArchiveMemberTooLarge => "archive_member_too_large",
            SkipReason::ArchiveTooLarge => "archive_too_large",
            SkipReason::ArchiveUnsupported => "archive_unsupported",
            SkipReason::BytecodeMalformed => "bytecode_malformed",
            SkipReason::InternalError => "internal_error",
        }
    }
}

/// A file that was not scanned, and why.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema, Deserialize,
)]
pub struct Skipped {
    /// Path relative to the scanned root (the absolute path if it is outside every root).
    pub path: String,
    /// The reason class.
    pub reason: SkipReason,
    /// A human explanation (never file content).
    pub detail: String,
}

impl Skipped {
    /// The skip recording that vaultproof failed on `path` (a panic caught at `place`, a
    /// `src/file.rs:line`): its findings are left out.
    pub fn internal_error(path: &str, place: &str) -> Self {
        Skipped {
            path: path.to_string(),
            reason: SkipReason::InternalError,
            detail: format!(
                "vaultproof failed on it (a defect at {place}): its findings are left out; \
                 please report it"
            ),
        }
    }
}

/// A file's bytes and where they came from.
#[derive(Debug, Clone, Copy)]
pub struct Blob<'a> {
    /// Index of the scanned root in the list the walk was given.
    pub root: usize,
    /// The path as opened.
    pub path: &'a Path,
    /// The path relative to its root, with `/` separators; for an archive member,
    /// `archive!/member` (`path` is then the archive's).
    pub relative: &'a str,
    /// The content.
    pub data: &'a [u8],
    /// Whether this is a member of an archive rather than a file of its own.
    pub in_archive: bool,
}

/// Receives blobs and skips on one worker thread; one visitor is made per thread.
pub trait BlobVisitor: Send {
    /// A file to scan.
    fn blob(&mut self, blob: Blob<'_>);
    /// A file that was not scanned.
    fn skipped(&mut self, skipped: Skipped);
    /// Every walked entry below a root (file, directory, link or special file): its
    /// `name` (last component) and, made only when asked, its path relative to root
    /// `root`. Names are scanned too: a token can be a file name.
    fn name(&mut self, root: usize, name: &str, relative: &dyn Fn() -> String) {
        let _ = (root, name, relative);
    }
}

/// A path the walk did not enter because an exclude glob matched it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Excluded {
    /// Index of the scanned root.
    pub root: usize,
    /// Path relative to the root (a directory stands for everything under it).
    pub path: String,
    /// The glob that matched, as written.
    pub pattern: String,
}

/// A git repository met inside a scanned directory (its `.git` is not walked as files).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NestedRepository {
    /// Index of the scanned root.
    pub root: usize,
    /// The repository's directory, relative to the root (empty for the root itself).
    pub relative: String,
    /// The repository's directory as a path to open.
    pub path: PathBuf,
}

/// What a walk learned besides the blobs: excluded paths and the repositories met.
#[derive(Debug, Default)]
pub struct WalkOutcome {
    /// Paths not walked because an exclude glob matched.
    pub excluded: Vec<Excluded>,
    /// Git repositories found below the roots (work trees with a `.git`), roots included.
    pub repositories: Vec<NestedRepository>,
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
///
/// A root that cannot be scanned at all (missing, a dangling link, not a file or a
/// directory, a directory that cannot be listed, a file that cannot be opened) is an
/// error; problems with entries inside a tree are skips.
pub fn walk<V, F>(
    roots: &[PathBuf],
    options: &FsOptions,
    make_visitor: F,
) -> Result<WalkOutcome, WalkError>
where
    V: BlobVisitor,
    F: Fn() -> V + Sync,
{
    let found = Arc::new(Mutex::new(WalkOutcome::default()));
    for (index, root) in roots.iter().enumerate() {
        check_root(root)?;
        let excludes = Arc::new(exclude_matcher(root, &options.exclude)?);
        let filter_found = Arc::clone(&found);
        let filter_root = root.clone();
        let walker = WalkBuilder::new(root)
            .standard_filters(false)
            .follow_links(options.follow_symlinks)
            .threads(options.threads.min(MAX_THREADS))
            .filter_entry(move |entry| {
                filter_entry(entry, index, &filter_root, &excludes, &filter_found)
            })
            .build_parallel();
        let mut builder = VisitorBuilder {
            root_index: index,
            root,
            options,
            make_visitor: &make_visitor,
        };
        walker.visit(&mut builder);
    }
    let mut outcome = std::mem::take(&mut *found.lock().unwrap_or_else(|e| e.into_inner()));
    outcome.excluded.sort();
    outcome.repositories.sort();
    outcome.repositories.dedup();
    Ok(outcome)
}

/// Checks that a named root can be scanned at all: it exists (a link is followed), it
/// is a directory that can be listed or a regular file that can be opened.
fn check_root(root: &Path) -> Result<(), WalkError> {
    let fail = |message: String| WalkError::Root {
        path: root.to_path_buf(),
        message,
    };
    let metadata = std::fs::metadata(root).map_err(|e| {
        if std::fs::symlink_metadata(root).is_ok_and(|m| m.file_type().is_symlink()) {
            fail(format!("dangling symbolic link: {e}"))
        } else {
            fail(e.to_string())
        }
    })?;
    if metadata.is_dir() {
        std::fs::read_dir(root).map_err(|e| fail(format!("cannot list directory: {e}")))?;
    } else if metadata.is_file() {
        open_regular(root).map_err(|(_, detail)| fail(detail))?;
    } else {
        return Err(fail(format!(
            "not a regular file or a directory ({}): nothing to scan",
            special_kind(&metadata.file_type())
        )));
    }
    Ok(())
}

/// The exclude globs of a root, as one gitignore matcher that says which glob matched.
fn exclude_matcher(root: &Path, globs: &[String]) -> Result<Gitignore, WalkError> {
    let mut builder = GitignoreBuilder::new(root);
    for glob in globs {
        builder.add_line(None, glob).map_err(|e| WalkError::Glob {
            glob: glob.clone(),
            message: e.to_string(),
        })?;
    }
    builder.build().map_err(|e| WalkError::Glob {
        glob: globs.join(", "),
        message: e.to_string(),
    })
}

/// Decides whether the walk enters `entry`: not `.git` (whose parent is recorded as a
/// repository), not an excluded path (recorded with its glob).
fn filter_entry(
    entry: &DirEntry,
    root_index: usize,
    root: &Path,
    excludes: &Gitignore,
    found: &Mutex<WalkOutcome>,
) -> bool {
    if entry.file_name() == ".git" {
        if let Some(parent) = entry.path().parent() {
            let relative = if parent == root {
                String::new()
            } else {
                relative_path(root, parent)
            };
            let mut found = found.lock().unwrap_or_else(|e| e.into_inner());
            found.repositories.push(NestedRepository {
                root: root_index,
                relative,
                path: parent.to_path_buf(),
            });
        }
        return false;
    }
    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
    if let ignore::Match::Ignore(glob) = excludes.matched(entry.path(), is_dir) {
        let mut found = found.lock().unwrap_or_else(|e| e.into_inner());
        found.excluded.push(Excluded {
            root: root_index,
            path: relative_path(root, entry.path()),
            pattern: glob.original().to_string(),
        });
        return false;
    }
    true
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
            decoded: Vec::new(),
            binary_members: None,
            visitor: (self.make_visitor)(),
        })
    }
}

/// The largest read buffer a thread keeps between files (most files are far smaller).
const KEPT_BUFFER_BYTES: usize = 2 << 20;

/// One worker thread's state: its visitor and one reusable read buffer.
struct FileReader<V> {
    root_index: usize,
    root: PathBuf,
    options: FsOptions,
    buffer: Vec<u8>,
    /// A UTF-16 file decoded to UTF-8.
    decoded: Vec<u8>,
    /// While an archive is walked: its binary members, counted into one skip for the
    /// archive (a jar holds thousands of class files; one skip each would cost the report
    /// and the scan's memory more than the members are worth).
    binary_members: Option<u64>,
    visitor: V,
}

impl<V> Drop for FileReader<V> {
    fn drop(&mut self) {
        // The buffer held whole files, secrets included.
        zeroize::Zeroize::zeroize(&mut self.buffer);
        zeroize::Zeroize::zeroize(&mut self.decoded);
    }
}

impl<V: BlobVisitor> ParallelVisitor for FileReader<V> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        match entry {
            Ok(entry) => {
                // A defect met on one entry (reading, decoding, opening an archive) skips
                // that entry only; what the visitor scans is guarded on its own.
                if let Err(place) = crate::panic::catch(|| self.entry(&entry)) {
                    self.binary_members = None;
                    zeroize::Zeroize::zeroize(&mut self.buffer);
                    let path = self.relative(entry.path());
                    self.visitor.skipped(Skipped::internal_error(&path, &place));
                }
            }
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
        let path = entry.path();
        if entry.depth() > 0 {
            let name = entry.file_name().to_string_lossy();
            let root = &self.root;
            self.visitor
                .name(self.root_index, &name, &|| relative_path(root, path));
        }
        if file_type.is_dir() {
            return;
        }
        if file_type.is_symlink() {
            let detail = "symbolic link not followed (use --follow-symlinks)".to_string();
            return self.skip(path, SkipReason::Symlink, detail);
        }
        if !file_type.is_file() {
            let detail = format!("not a regular file ({})", special_kind(&file_type));
            return self.skip(path, SkipReason::NotRegularFile, detail);
        }
        if let Some(limits) = self.options.archives {
            let name = entry.file_name().to_string_lossy();
            if let Some(kind) = archive::kind_of(&name) {
                if self.archive(path, kind, &limits) {
                    return;
                }
            }
        }
        match self.read(path) {
            Ok(changed) => {
                let relative = self.relative(path);
                // Wiped if a defect unwinds past it (the buffer holds the whole file).
                let mut data = zeroize::Zeroizing::new(std::mem::take(&mut self.buffer));
                self.emit(path, &relative, &data, false);
                self.keep_buffer(std::mem::take(&mut *data));
                if let Some(detail) = changed {
                    self.skip(path, SkipReason::ChangedDuringScan, detail);
                }
            }
            Err((reason, detail)) => self.skip(path, reason, detail),
        }
    }

    /// Opens the file at `path` as an archive of `kind` and hands on its members; `false`
    /// (nothing done) when its first bytes say it is not one, so it is read as a file.
    fn archive(&mut self, path: &Path, kind: archive::ArchiveKind, limits: &ArchiveLimits) -> bool {
        let (mut file, _) = match open_regular(path) {
            Ok(opened) => opened,
            Err((reason, detail)) => {
                self.skip(path, reason, detail);
                return true;
            }
        };
        let mut head = [0u8; 512];
        let mut filled = 0;
        while filled < head.len() {
            match file.read(&mut head[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.skip(path, SkipReason::Unreadable, e.to_string());
                    return true;
                }
            }
        }
        if !archive::magic_matches(kind, &head[..filled]) {
            return false;
        }
        if let Err(e) = file.rewind() {
            self.skip(path, SkipReason::Unreadable, e.to_string());
            return true;
        }
        let relative = self.relative(path);
        let mut buffer = std::mem::take(&mut self.buffer);
        let max_member = self.options.max_file_size;
        self.binary_members = Some(0);
        archive::walk(
            kind,
            std::io::BufReader::new(file),
            &relative,
            limits,
            max_member,
            &mut buffer,
            &mut |event| match event {
                archive::Event::Member { path: member, data } => {
                    self.emit(path, member, data, true)
                }
                archive::Event::Skip {
                    path,
                    reason,
                    detail,
                } => self.visitor.skipped(Skipped {
                    path,
                    reason,
                    detail,
                }),
            },
        );
        self.keep_buffer(buffer);
        if let Some(count @ 1..) = self.binary_members.take() {
            let detail = format!(
                "{count} binary member{} (NUL byte in the first 8 KiB) not scanned",
                if count == 1 { "" } else { "s" }
            );
            self.skip_at(&relative, SkipReason::Binary, detail);
        }
        self.binary_members = None;
        true
    }

    /// Hands `data` (the file at `path`, or a member of the archive there, located
    /// `relative`) to the visitor, or skips it as empty or binary.
    fn emit(&mut self, path: &Path, relative: &str, data: &[u8], in_archive: bool) {
        if data.is_empty() {
            let detail = "empty file".to_string();
            return self.skip_at(relative, SkipReason::Empty, detail);
        }
        // UTF-16 with a byte order mark is decoded; compiled code gives its string
        // constants as lines of text (scanned and counted even when it holds none).
        // Wiped if a defect unwinds past it, as after each use.
        let mut decoded = zeroize::Zeroizing::new(std::mem::take(&mut self.decoded));
        let converted = if super::encoding::decode_utf16_bom(data, &mut decoded) {
            true
        } else if let Some(kind) = super::bytecode::kind_of(relative) {
            if let Err(detail) = super::bytecode::strings(kind, data, &mut decoded) {
                self.decoded = std::mem::take(&mut *decoded);
                return self.skip_at(relative, SkipReason::BytecodeMalformed, detail);
            }
            true
        } else {
            false
        };
        if converted {
            self.visitor.blob(Blob {
                root: self.root_index,
                path,
                relative,
                data: &decoded,
                in_archive,
            });
            zeroize::Zeroize::zeroize(&mut *decoded);
            self.decoded = std::mem::take(&mut *decoded);
            return;
        }
        self.decoded = std::mem::take(&mut *decoded);
        // A keytab is binary: the detector parses it, and skips it as binary if it is not
        // one. A key store is parsed here, so that other DER files (the signature in every
        // signed jar's META-INF) stay counted with the archive's binary members.
        if is_binary(data) && !data.starts_with(KEYTAB_MAGIC) {
            let inspection = keystore::inspect(data);
            if !matches!(inspection, Inspection::Key(_)) {
                if let Some(count) = &mut self.binary_members {
                    *count += 1;
                    return;
                }
                let detail = if inspection == Inspection::LockedPkcs12 {
                    LOCKED_PKCS12_DETAIL
                } else {
                    BINARY_DETAIL
                };
                return self.skip_at(relative, SkipReason::Binary, detail.to_string());
            }
        }
        self.visitor.blob(Blob {
            root: self.root_index,
            path,
            relative,
            data,
            in_archive,
        });
    }

    /// Takes the read buffer back for the next file, unless a large file grew it past
    /// [`KEPT_BUFFER_BYTES`]: that one is wiped and freed, so that a thread which once read
    /// a 14 MB file does not hold 14 MB for the rest of the scan, on top of what the
    /// other threads and the rules' caches grow to later.
    fn keep_buffer(&mut self, mut buffer: Vec<u8>) {
        if buffer.capacity() > KEPT_BUFFER_BYTES {
            zeroize::Zeroize::zeroize(&mut buffer);
        } else {
            self.buffer = buffer;
        }
    }

    /// Reads a regular file into the thread's buffer with one `read` (plus the one that
    /// sees the end), never more than its size said. Files are read, not mapped: a
    /// mapped file truncated by another process kills the reader with SIGBUS. Returns
    /// a note when the file changed size while it was read (what was read is scanned).
    fn read(&mut self, path: &Path) -> Result<Option<String>, (SkipReason, String)> {
        let unreadable = |e: std::io::Error| (SkipReason::Unreadable, e.to_string());
        let (file, size) = open_regular(path)?;
        if size > self.options.max_file_size {
            let detail = format!(
                "{size} bytes is over the --max-file-size limit of {} bytes",
                self.options.max_file_size
            );
            return Err((SkipReason::TooLarge, detail));
        }
        self.buffer.clear();
        // `read_to_end` reads into the reserved capacity without zeroing it first.
        self.buffer.reserve(size as usize + 1);
        file.take(size + 1)
            .read_to_end(&mut self.buffer)
            .map_err(unreadable)?;
        let read = self.buffer.len() as u64;
        if read == size {
            return Ok(None);
        }
        // It grew: scan what its size said; it shrank: scan what is left.
        self.buffer.truncate(size as usize);
        Ok(Some(format!(
            "changed while it was read ({size} bytes when opened, {} when read): scanned as read",
            if read > size {
                format!("more than {size}")
            } else {
                read.to_string()
            }
        )))
    }

    fn skip(&mut self, path: &Path, reason: SkipReason, detail: String) {
        let path = self.relative(path);
        self.visitor.skipped(Skipped {
            path,
            reason,
            detail,
        });
    }

    fn skip_at(&mut self, relative: &str, reason: SkipReason, detail: String) {
        self.visitor.skipped(Skipped {
            path: relative.to_string(),
            reason,
            detail,
        });
    }

    fn relative(&self, path: &Path) -> String {
        relative_path(&self.root, path)
    }
}

/// The first bytes of a Kerberos keytab (version 2).
const KEYTAB_MAGIC: &[u8] = &[0x05, 0x02];

/// The detail of a [`SkipReason::Binary`] skip.
pub const BINARY_DETAIL: &str = "binary file (NUL byte in the first 8 KiB)";

/// The skip detail of a PKCS#12 file whose encrypted contents no well-known default
/// password opens, or that was too large or too costly to try, or encrypted in a scheme
/// not read ([`keystore::inspect`]).
pub const LOCKED_PKCS12_DETAIL: &str = "encrypted PKCS#12 file that no well-known default password opens: whether it holds a private key is unknown";

/// Whether `data` is binary: a NUL byte in its first 8 KiB.
pub fn is_binary(data: &[u8]) -> bool {
    memchr::memchr(0, &data[..data.len().min(BINARY_SNIFF_LEN)]).is_some()
}

/// Opens `path` for reading without blocking (a FIFO put in place of a file between the
/// walk and the open must not hang the scan) and checks it is a regular file; returns it
/// with its size.
pub fn open_regular(path: &Path) -> Result<(File, u64), (SkipReason, String)> {
    let unreadable = |e: std::io::Error| (SkipReason::Unreadable, e.to_string());
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(unreadable)?;
    let metadata = file.metadata().map_err(unreadable)?;
    if !metadata.is_file() {
        let detail = format!(
            "not a regular file ({})",
            special_kind(&metadata.file_type())
        );
        return Err((SkipReason::NotRegularFile, detail));
    }
    #[cfg(unix)]
    {
        // Reads of a regular file never block; clear the flag all the same.
        use std::os::unix::io::AsRawFd;
        // SAFETY: fcntl on a descriptor this function owns, with integer arguments.
        unsafe {
            let flags = libc::fcntl(file.as_raw_fd(), libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(file.as_raw_fd(), libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    Ok((file, metadata.len()))
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

pub(crate) fn special_kind(file_type: &std::fs::FileType) -> &'static str {
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
