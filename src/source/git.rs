//! The git history source: every ref, every reachable commit, each unique blob once.
//!
//! Two passes. First, git2 walks the commit graph oldest-first and, pipelined behind it on
//! a second thread, every tree not seen before, so each blob is recorded once with the
//! first commit and path that introduced it, plus every other path it later appears at: a
//! [`HistoryIndex`], built without a quadratic walk because unchanged subtrees are skipped
//! by id. Second, the
//! blobs are decoded in parallel: pack files are traversed along the delta trees of their
//! blobs with gix-pack (each blob decompressed once, on all cores; the commits and trees
//! the walk has read are left out) and loose objects are read with git2, one repository
//! handle per thread.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::Mutex;

use git2::{ObjectType, Oid, Repository, Sort};
use gix_object::tree::EntryKind;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::batch::{batch_channel, BatchSender};
use super::object_ids::{OidMap, OidSet};
use super::paths::{PathId, PathTable};

/// Below this many blobs to decode, reading them one by one beats traversing every pack.
const DIRECT_READ_LIMIT: usize = 2_000;

/// Pages of a mapped pack stay resident (and count in the process's memory) until
/// unmapped or released: the pack traversal releases its pack's pages after each this
/// many decoded bytes, and libgit2 keeps at most [`MAPPED_PACK_LIMIT`] bytes of packs
/// mapped, in windows of [`PACK_WINDOW`]. Released pages are read again from the page
/// cache if needed. At 16 MiB the resident part of rust-lang/cargo's 100 MB pack stays
/// under about 20 MB (at 64 MiB it reached 45 MB) for no measurable CPU.
const RELEASE_EVERY: u64 = 16 << 20;
/// See [`RELEASE_EVERY`].
const MAPPED_PACK_LIMIT: usize = 64 << 20;
/// See [`RELEASE_EVERY`].
const PACK_WINDOW: usize = 16 << 20;

/// How to read history.
#[derive(Debug, Clone, Default)]
pub struct HistoryOptions {
    /// Only commits not reachable from this revision (incremental CI scans).
    pub since: Option<String>,
    /// Only commits reachable from this ref (default: every ref, HEAD and the stash).
    pub branch: Option<String>,
    /// Blobs larger than this many bytes are not scanned (counted in the summary).
    pub max_blob_size: u64,
}

/// Why history could not be read at all. Per-object problems are not errors: they are
/// listed in [`HistorySummary::errors`] and the scan goes on.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The repository could not be opened or walked.
    #[error("{path}: git history: {message}")]
    Git {
        /// The repository.
        path: PathBuf,
        /// What git2 said.
        message: String,
    },
    /// A file of the repository is a FIFO, socket or device, or its alternates loop:
    /// opening it could hang, so it is not opened.
    #[error(transparent)]
    Unsafe(#[from] crate::source::gitdir::UnsafeRepository),
    /// `--since` or `--branch` names nothing.
    #[error("{path}: no revision {rev:?}: {message}")]
    Revision {
        /// The repository.
        path: PathBuf,
        /// The revision as given.
        rev: String,
        /// What git2 said.
        message: String,
    },
}

/// A commit, as findings are attributed to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitInfo {
    /// Full hex commit id.
    pub id: String,
    /// Author name.
    pub author: String,
    /// Author email.
    pub email: String,
    /// Author date, RFC 3339 in UTC.
    pub date: String,
}

/// One path a blob appeared at, and the first commit it appeared there in (8 bytes:
/// the path is interned in [`HistoryIndex::paths`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// Index into [`HistoryIndex::commits`].
    pub commit: u32,
    /// Path in that commit's tree ([`HistoryIndex::path`] spells it).
    pub path: PathId,
}

/// A unique blob reachable from the scanned refs.
#[derive(Debug, Clone)]
pub struct BlobRecord {
    /// The blob id.
    pub oid: Oid,
    /// Where it appeared, first introduction first.
    pub occurrences: Vec<Occurrence>,
}

/// What the history scan covered and what went wrong, for the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema, Deserialize)]
pub struct HistorySummary {
    /// The repository, as given on the command line.
    pub repository: String,
    /// Refs whose commits were walked.
    pub refs: usize,
    /// Commits walked.
    pub commits: usize,
    /// Unique blobs found in those commits' trees.
    pub blobs: usize,
    /// Blobs decoded and scanned.
    pub blobs_scanned: usize,
    /// Bytes of unique blobs scanned.
    pub blob_bytes: u64,
    /// Blobs over `--max-blob-size`, not scanned.
    pub blobs_too_large: usize,
    /// Binary blobs (NUL in the first 8 KiB), not scanned.
    pub blobs_binary: usize,
    /// Submodule entries seen and not entered.
    pub submodules_skipped: usize,
    /// Whether the repository is a shallow clone (history before the graft is absent).
    pub shallow: bool,
    /// Objects that could not be read (corrupt or missing), each naming the object.
    pub errors: Vec<String>,
    /// Whether the repository is a partial clone (objects may be absent, on a promisor
    /// remote).
    #[serde(default)]
    pub partial_clone: bool,
    /// Blobs absent from a partial clone (promisor objects): not scanned.
    #[serde(default)]
    pub blobs_absent: usize,
    /// Each absent blob, as `blob <id> (<path>)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<String>,
}

impl HistorySummary {
    /// Whether everything the scan was asked to read was read: no errors and no absent
    /// blobs. Blobs over the size limit, binary blobs and a shallow clone's missing past
    /// are what was asked for, not failures.
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty() && self.blobs_absent == 0
    }
}

/// Text git stores beside file content, where a secret can be pasted too: author and
/// committer names and emails, ref names, annotated tag messages and taggers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaText {
    /// What the text is: `git.author`, `git.committer`, `git.ref`, `git.tag_message` or
    /// `git.tagger`.
    pub field: &'static str,
    /// The commit (index into [`HistoryIndex::commits`]) an author or committer is from.
    pub commit: Option<u32>,
    /// The ref it belongs to, for ref names, tag messages and taggers.
    pub reference: Option<String>,
    /// The text itself.
    pub text: String,
}

/// Every unique blob of the walked history with where it was introduced.
#[derive(Debug)]
pub struct HistoryIndex {
    repo_path: PathBuf,
    /// The packs, opened and their delta trees built on a thread of their own while the
    /// commits and trees are walked (the walk leaves a core mostly idle).
    packs: Option<PackPreparation>,
    /// Commits walked, oldest first (parents before children).
    pub commits: Vec<CommitInfo>,
    /// Each commit's message, in the same order as `commits`.
    pub messages: Vec<String>,
    /// Unique blobs, in order of first introduction.
    pub blobs: Vec<BlobRecord>,
    /// Blob indexes present in the HEAD commit's tree.
    pub in_head: HashSet<u32>,
    /// Every path of the occurrences, interned.
    pub paths: PathTable,
    /// Author, committer, ref and tag texts to scan (each distinct text once).
    pub metadata: Vec<MetaText>,
    /// Counts and errors so far.
    pub summary: HistorySummary,
}

/// Receives decoded blobs on one worker thread.
pub trait HistoryVisitor: Send {
    /// Blob number `index` of [`HistoryIndex::blobs`], with its bytes.
    fn blob(&mut self, index: u32, path: &str, data: &[u8]);
    /// A binary blob (NUL in its first 8 KiB) at `path`: `true` if the visitor scanned it
    /// (an archive, a keytab), `false` to count it as binary.
    fn binary_blob(&mut self, index: u32, path: &str, data: &[u8]) -> bool {
        let _ = (index, path, data);
        false
    }
}

/// Whether `path` is the top of a git repository (work tree with `.git`, or bare).
pub fn is_repository(path: &Path) -> bool {
    path.join(".git").exists() || (path.join("HEAD").is_file() && path.join("objects").is_dir())
}

/// Sets libgit2's process-wide options for the history walk, once per process: no
/// object cache for trees and commits (each is read once by the walk: libgit2's cache,
/// 256 MiB by default, would only hold memory), the pack window sizes, and no re-hashing
/// of objects read (they are read, never written; a corrupt object still fails to inflate
/// or parse and is reported as an error). Call it before any other thread uses libgit2:
/// [`HistoryIndex::start`] does, and a scan calls it first of all, before its threads.
pub fn configure_libgit2() {
    static CONFIGURED: std::sync::Once = std::sync::Once::new();
    CONFIGURED.call_once(|| {
        // SAFETY: sets process-wide libgit2 options; the caller guarantees no other
        // thread uses libgit2 yet (the `Once` makes later calls no-ops).
        unsafe {
            let _ = git2::opts::set_cache_object_limit(ObjectType::Tree, 0);
            let _ = git2::opts::set_cache_object_limit(ObjectType::Commit, 0);
            let _ = git2::opts::set_mwindow_size(PACK_WINDOW);
            let _ = git2::opts::set_mwindow_mapped_limit(MAPPED_PACK_LIMIT);
        }
        git2::opts::strict_hash_verification(false);
    });
}

/// A history index half built: every commit is read and handed to the tree walk, which
/// goes on on a thread of its own while the caller scans the commit texts
/// ([`IndexBuild::messages`], [`IndexBuild::metadata`]), known by now;
/// [`IndexBuild::finish`] waits for the walk and completes the index.
#[derive(Debug)]
pub struct IndexBuild {
    index: HistoryIndex,
    tree_walk: std::thread::JoinHandle<Result<TreeOutput, git2::Error>>,
}

impl IndexBuild {
    /// Each commit's message, oldest commit first (as [`HistoryIndex::messages`]).
    pub fn messages(&self) -> &[String] {
        &self.index.messages
    }

    /// Author, committer, ref and tag texts (as [`HistoryIndex::metadata`]).
    pub fn metadata(&self) -> &[MetaText] {
        &self.index.metadata
    }

    /// Waits for the tree walk and returns the complete index.
    pub fn finish(self) -> Result<HistoryIndex, HistoryError> {
        let IndexBuild {
            mut index,
            tree_walk,
        } = self;
        let walked = match tree_walk.join() {
            Ok(walked) => walked.map_err(|e| HistoryError::Git {
                path: index.repo_path.clone(),
                message: e.message().to_string(),
            })?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        index.blobs = walked.blobs;
        index.in_head = walked.in_head;
        index.paths = walked.paths;
        index.summary.errors.extend(walked.summary.errors);
        index.summary.submodules_skipped = walked.summary.submodules_skipped;
        index.summary.blobs = index.blobs.len();
        return_freed_memory();
        Ok(index)
    }
}

impl HistoryIndex {
    /// Starts indexing the history of the repository at `path` (a work tree, a bare
    /// repository, or a directory whose `.git` file points elsewhere): reads every commit
    /// and starts the walk of their trees on a thread of its own; [`IndexBuild::finish`]
    /// completes the index.
    pub fn start(path: &Path, options: &HistoryOptions) -> Result<IndexBuild, HistoryError> {
        let git_err = |e: git2::Error| HistoryError::Git {
            path: path.to_path_buf(),
            message: e.message().to_string(),
        };
        configure_libgit2();
        crate::source::gitdir::check(path)?;
        let repo = Repository::open(path).map_err(git_err)?;
        let mut summary = HistorySummary {
            repository: crate::escape::os_name(path.as_os_str()).into_owned(),
            shallow: repo.is_shallow(),
            partial_clone: is_partial_clone(&repo),
            ..HistorySummary::default()
        };
        let mut walk = repo.revwalk().map_err(git_err)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
            .map_err(git_err)?;
        let mut refs = RefTargets::default();
        // libgit2's walk runs only from a `--since` base; otherwise the commits are read
        // and sorted here (`topological`), and pushing the tips to it would parse each one
        // for nothing.
        let since_walk = options.since.is_some().then_some(&mut walk);
        summary.refs = push_refs(
            &repo,
            since_walk,
            options.branch.as_deref(),
            path,
            &mut refs,
        )?;
        summary.errors.append(&mut refs.errors);
        let packs = PackPreparation::start(repo.commondir().join("objects"));
        let mut index = HistoryIndex {
            packs,
            repo_path: path.to_path_buf(),
            commits: Vec::new(),
            messages: Vec::new(),
            blobs: Vec::new(),
            in_head: HashSet::new(),
            paths: PathTable::default(),
            metadata: std::mem::take(&mut refs.metadata),
            summary,
        };
        let mut identities: HashSet<(&'static str, String)> = HashSet::new();
        let since_tree = match &options.since {
            Some(since) => {
                let base = revision(&repo, since, path)?;
                walk.hide(base.id()).map_err(git_err)?;
                Some(base.tree_id())
            }
            None => None,
        };
        let head_tree = repo
            .head()
            .and_then(|h| h.peel_to_tree())
            .ok()
            .map(|t| t.id());
        // The commit walk and the tree walk run as a pipeline: this thread walks commits
        // and hands each (commit number, root tree) over, in order, to a tree walker with
        // its own repository handle. Same order as a serial walk, so the same attribution.
        //
        // Without a `--since` base, every commit is read once: read from the refs, then
        // sorted parents first here, all before the first is handed over; the channel
        // then holds them all, so that this thread is free as soon as they are sent (its
        // caller scans the commit texts while the tree walk runs). With a base, libgit2's
        // walk hides the base's ancestry without reading all of it, and streams.
        let (commits, in_flight): (Box<dyn Iterator<Item = Result<WalkedCommit, String>>>, _) =
            if since_tree.is_none() {
                let tips = std::mem::take(&mut refs.tips);
                let (sorted, errors) = topological(&repo, tips);
                index.summary.errors.extend(errors);
                let all = sorted.len() + refs.objects.len();
                (Box::new(sorted.into_iter().map(Ok)), all)
            } else {
                let walked = walk.map(|oid| {
                    let oid = oid.map_err(|e| format!("commit walk: {}", e.message()))?;
                    repo.find_commit(oid)
                        .map(|commit| WalkedCommit::read(&commit))
                        .map_err(|e| format!("commit {oid}: {}", e.message()))
                });
                (Box::new(walked), 4096)
            };
        let (mut trees_in, trees_out) = batch_channel::<ToWalk>(in_flight);
        let walker_path = path.to_path_buf();
        let tree_walk = std::thread::Builder::new()
            .name("tree-walk".into())
            .spawn(move || walk_trees(&walker_path, since_tree, head_tree, trees_out))
            .map_err(|e| HistoryError::Git {
                path: path.to_path_buf(),
                message: format!("cannot start the tree walk: {e}"),
            })?;
        for commit in commits {
            let commit = match commit {
                Ok(commit) => commit,
                Err(message) => {
                    index.summary.errors.push(message);
                    continue;
                }
            };
            let number = index.commits.len() as u32;
            for (field, bytes) in [
                ("git.author", &commit.author_name),
                ("git.author", &commit.author_email),
                ("git.committer", &commit.committer_name),
                ("git.committer", &commit.committer_email),
            ] {
                let text = String::from_utf8_lossy(bytes).into_owned();
                if identities.insert((field, text.clone())) {
                    index.metadata.push(MetaText {
                        field,
                        commit: Some(number),
                        reference: None,
                        text,
                    });
                }
            }
            index.commits.push(CommitInfo {
                id: commit.id.to_string(),
                author: crate::escape::name(&commit.author_name).into_owned(),
                email: crate::escape::name(&commit.author_email).into_owned(),
                date: rfc3339_utc(commit.author_time),
            });
            index.messages.push(commit.message);
            if !trees_in.send(ToWalk::Tree(number, commit.tree)) {
                break; // the tree walker stopped: `finish` reports its error
            }
        }
        // Refs straight at a tree or a blob: their content is history too. Each gets
        // a pseudo-commit (the object's id, no author) after the real commits, so a
        // blob a real commit also holds is attributed to that commit.
        for (name, oid, kind) in std::mem::take(&mut refs.objects) {
            let number = index.commits.len() as u32;
            index.commits.push(CommitInfo {
                id: oid.to_string(),
                author: String::new(),
                email: String::new(),
                date: String::new(),
            });
            index.messages.push(String::new());
            let message = if kind == ObjectType::Tree {
                ToWalk::Tree(number, oid)
            } else {
                ToWalk::Blob(number, oid, name)
            };
            if !trees_in.send(message) {
                break;
            }
        }
        drop(trees_in);
        index.summary.commits = index.commits.len();
        Ok(IndexBuild { index, tree_walk })
    }

    /// The path an occurrence's [`PathId`] stands for.
    pub fn path(&self, id: PathId) -> String {
        self.paths.path(id)
    }

    /// Decodes every blob of the index in parallel and hands it to a visitor made per
    /// worker thread by `make_visitor`. Objects that cannot be read are recorded in the
    /// summary's errors.
    pub fn scan<V, F>(&mut self, options: &HistoryOptions, make_visitor: F)
    where
        V: HistoryVisitor,
        F: Fn() -> V + Sync + Send + Clone,
    {
        let by_oid: OidMap<u32> = self
            .blobs
            .iter()
            .enumerate()
            .map(|(i, blob)| (blob.oid, i as u32))
            .collect();
        let done: Vec<AtomicBool> = self.blobs.iter().map(|_| AtomicBool::new(false)).collect();
        let tally = Tally::default();
        let delivery = Delivery {
            blobs: &self.blobs,
            paths: &self.paths,
            done: &done,
            max_blob_size: options.max_blob_size,
            partial_clone: self.summary.partial_clone,
            tally: &tally,
        };
        let traverse = self.blobs.len() > DIRECT_READ_LIMIT;
        // Without a thread, or with few blobs, every blob is read one by one below.
        let packs = self
            .packs
            .take()
            .map(|p| p.finish(traverse))
            .unwrap_or_default();
        if traverse {
            let errors = traverse_packs(packs, &by_oid, &delivery, &make_visitor);
            self.summary.errors.extend(errors);
        }
        let rest: Vec<u32> = (0..self.blobs.len() as u32)
            .filter(|&i| !done[i as usize].load(Ordering::Relaxed))
            .collect();
        let repo_path = self.repo_path.clone();
        rest.par_chunks(64).for_each_init(
            || (Repository::open(&repo_path).ok(), make_visitor()),
            |(repo, visitor), chunk| {
                for &index in chunk {
                    delivery.read_one(repo.as_ref(), index, visitor);
                }
            },
        );
        self.summary.blobs_scanned += tally.scanned.into_inner();
        self.summary.blob_bytes += tally.bytes.into_inner();
        self.summary.blobs_too_large += tally.too_large.into_inner();
        self.summary.blobs_binary += tally.binary.into_inner();
        let errors = tally.errors.into_inner();
        self.summary
            .errors
            .extend(errors.unwrap_or_else(|e| e.into_inner()));
        let mut absent = tally.absent.into_inner().unwrap_or_else(|e| e.into_inner());
        absent.sort();
        self.summary.blobs_absent += absent.len();
        self.summary.absent.extend(absent);
    }
}

/// Hands the heap memory freed by the walk back to the system. The sorted commits and
/// the tree walk's sets (a third of the walk's peak on a large history) are freed when the
/// walk ends, but glibc keeps freed blocks in its arenas, where the pack traversal that
/// follows cannot always reuse them: without this the two phases' memory adds up.
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator's arenas to the kernel;
    // it is thread-safe and touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A commit as the commit walk reads it: once, everything the index and the tree walk need.
#[cfg_attr(test, derive(Debug, PartialEq))]
struct WalkedCommit {
    id: Oid,
    tree: Oid,
    parents: Vec<Oid>,
    /// Committer time (seconds), which orders unrelated commits.
    time: i64,
    author_name: Vec<u8>,
    author_email: Vec<u8>,
    author_time: i64,
    committer_name: Vec<u8>,
    committer_email: Vec<u8>,
    message: String,
}

impl WalkedCommit {
    fn read(commit: &git2::Commit<'_>) -> Self {
        let (author, committer) = (commit.author(), commit.committer());
        WalkedCommit {
            id: commit.id(),
            tree: commit.tree_id(),
            parents: commit.parent_ids().collect(),
            time: commit.time().seconds(),
            author_name: author.name_bytes().to_vec(),
            author_email: author.email_bytes().to_vec(),
            author_time: author.when().seconds(),
            committer_name: committer.name_bytes().to_vec(),
            committer_email: committer.email_bytes().to_vec(),
            message: String::from_utf8_lossy(commit.message_bytes()).into_owned(),
        }
    }
}

/// Reads commits from a repository's packs with gix-pack: the commit walk reads every
/// commit once, one after the other, and spends most of its time inflating them, which
/// zlib-rs does faster than the zlib libgit2 links, with one decompressor reused. A
/// commit it does not find packed, or whose text is unusual in any way libgit2 might read
/// differently (a signature holding `<`, `>` or a NUL, a time that is not a number, a
/// message holding a NUL), is left to libgit2.
struct PackedCommits {
    bundles: Vec<gix_pack::Bundle>,
    inflate: gix_zlib::Inflate,
    buffer: Vec<u8>,
}

impl PackedCommits {
    /// The packs under `objects_dir` (`pack/*.idx` and their `.pack`); one that cannot be
    /// opened is left out, its commits read by libgit2.
    fn open(objects_dir: &Path) -> Self {
        PackedCommits {
            bundles: pack_indexes(objects_dir)
                .iter()
                .filter_map(|index| gix_pack::Bundle::at(index, gix_hash::Kind::Sha1).ok())
                .collect(),
            inflate: gix_zlib::Inflate::default(),
            buffer: Vec::new(),
        }
    }

    /// Commit `id`, read from the packs, or from libgit2 as [`PackedCommits`] says.
    fn read(&mut self, repo: &Repository, id: Oid) -> Result<WalkedCommit, git2::Error> {
        match self.packed(id) {
            Some(commit) => Ok(commit),
            None => repo
                .find_commit(id)
                .map(|commit| WalkedCommit::read(&commit)),
        }
    }

    /// Commit `id` from the packs; `None` when it is not there or is left to libgit2.
    fn packed(&mut self, id: Oid) -> Option<WalkedCommit> {
        let oid = gix_hash::oid::try_from_bytes(id.as_bytes()).ok()?;
        let (bundle, at) = self
            .bundles
            .iter()
            .find_map(|bundle| bundle.index.lookup(oid).map(|at| (bundle, at)))?;
        let (object, _) = bundle
            .get_object_by_index(
                at,
                &mut self.buffer,
                &mut self.inflate,
                &mut gix_pack::cache::Never,
            )
            .ok()?;
        if object.kind != gix_object::Kind::Commit {
            return None;
        }
        let commit = gix_object::CommitRef::from_bytes(object.data, gix_hash::Kind::Sha1).ok()?;
        let as_oid = |id: gix_hash::ObjectId| Oid::from_bytes(id.as_slice()).ok();
        let signature = |raw: &[u8]| -> Option<(Vec<u8>, Vec<u8>, i64)> {
            // libgit2 splits at the last `<` and `>`: only signatures where that is the
            // first of each are read here.
            let open = raw.iter().position(|&b| b == b'<')?;
            let close = open + raw[open..].iter().position(|&b| b == b'>')?;
            let (name, email, time) = (&raw[..open], &raw[open + 1..close], &raw[close + 1..]);
            if name
                .iter()
                .chain(email)
                .any(|b| matches!(b, b'<' | b'>' | 0))
                || time.iter().any(|b| matches!(b, b'<' | b'>'))
            {
                return None;
            }
            // libgit2 reads the time from the second byte after `>`, whatever the first.
            if time.first() != Some(&b' ') {
                return None;
            }
            let seconds = std::str::from_utf8(time)
                .ok()?
                .split_ascii_whitespace()
                .next()?
                .parse()
                .ok()?;
            Some((trim_crud(name).to_vec(), trim_crud(email).to_vec(), seconds))
        };
        let (author_name, author_email, author_time) = signature(commit.author)?;
        let (committer_name, committer_email, time) = signature(commit.committer)?;
        let message: &[u8] = commit.message;
        if message.contains(&0) {
            return None;
        }
        let first_line = message
            .iter()
            .position(|&b| b != b'\n')
            .unwrap_or(message.len());
        Some(WalkedCommit {
            id,
            tree: as_oid(commit.tree())?,
            parents: commit.parents().map(as_oid).collect::<Option<_>>()?,
            time,
            author_name,
            author_email,
            author_time,
            committer_name,
            committer_email,
            message: String::from_utf8_lossy(&message[first_line..]).into_owned(),
        })
    }
}

/// The index files of the packs under `objects_dir` (`pack/*.idx`), in the order of their
/// names; none when there is no `pack` directory (everything is loose).
fn pack_indexes(objects_dir: &Path) -> Vec<PathBuf> {
    let mut indexes: Vec<PathBuf> = std::fs::read_dir(objects_dir.join("pack"))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|ext| ext == "idx"))
                .collect()
        })
        .unwrap_or_default();
    indexes.sort();
    indexes
}

/// A signature's name or email as libgit2 reads it: without the "crud" it trims from both
/// ends (control characters, spaces and `,:;<>"\'`: git's own list, less the `.`).
fn trim_crud(mut text: &[u8]) -> &[u8] {
    let crud = |b: &u8| *b <= b' ' || b",:;<>\"\\'".contains(b);
    while let [first, rest @ ..] = text {
        if !crud(first) {
            break;
        }
        text = rest;
    }
    while let [rest @ .., last] = text {
        if !crud(last) {
            break;
        }
        text = rest;
    }
    text
}

/// Every commit reachable from `tips`, each read once, parents before children; among
/// commits free to come next, the oldest (by committer time) first. A parent missing from
/// a shallow clone ends its line quietly; any other commit that cannot be read is an
/// error (returned), and its ancestry is not walked through it.
fn topological(repo: &Repository, tips: Vec<Oid>) -> (Vec<WalkedCommit>, Vec<String>) {
    let mut packed = PackedCommits::open(&repo.commondir().join("objects"));
    let shallow = repo.is_shallow();
    let mut errors = Vec::new();
    let mut position: OidMap<usize> = OidMap::default();
    let mut commits: Vec<WalkedCommit> = Vec::new();
    let mut missing = OidSet::default();
    let mut stack = tips;
    while let Some(id) = stack.pop() {
        if position.contains_key(&id) || missing.contains(&id) {
            continue;
        }
        match packed.read(repo, id) {
            Ok(walked) => {
                position.insert(id, commits.len());
                stack.extend(walked.parents.iter().rev());
                commits.push(walked);
            }
            Err(e) => {
                missing.insert(id);
                if !(shallow && e.code() == git2::ErrorCode::NotFound) {
                    errors.push(format!("commit {id}: {}", e.message()));
                }
            }
        }
    }
    // Kahn's algorithm from the tips down (children before parents, the newest free
    // commit first), then reversed.
    let parents_of = |i: usize| {
        commits[i]
            .parents
            .iter()
            .filter_map(|p| position.get(p).copied())
    };
    let mut children = vec![0u32; commits.len()];
    for i in 0..commits.len() {
        for parent in parents_of(i) {
            children[parent] += 1;
        }
    }
    let mut free: std::collections::BinaryHeap<(i64, usize)> = (0..commits.len())
        .filter(|&i| children[i] == 0)
        .map(|i| (commits[i].time, i))
        .collect();
    let mut order = Vec::with_capacity(commits.len());
    while let Some((_, i)) = free.pop() {
        order.push(i);
        for parent in parents_of(i) {
            children[parent] -= 1;
            if children[parent] == 0 {
                free.push((commits[parent].time, parent));
            }
        }
    }
    order.reverse();
    let mut slots: Vec<Option<WalkedCommit>> = commits.into_iter().map(Some).collect();
    let sorted = order.into_iter().filter_map(|i| slots[i].take()).collect();
    (sorted, errors)
}

/// A pack ready to traverse: its mapped data, the releaser of its pages, and its delta
/// tree (which object is a delta of which), built from the pack index.
struct PreparedPack {
    path: PathBuf,
    data: gix_pack::data::File<PackMap>,
    release: Release,
    tree: gix_pack::cache::delta::Tree<gix_pack::index::Entry>,
}

/// The thread preparing the packs ([`prepare_packs`]), and the flag that stops it early.
#[derive(Debug)]
struct PackPreparation {
    thread: std::thread::JoinHandle<Vec<Result<PreparedPack, String>>>,
    cancel: std::sync::Arc<AtomicBool>,
}

impl PackPreparation {
    /// Starts preparing the packs under `objects_dir`; `None` if no thread can be made.
    fn start(objects_dir: PathBuf) -> Option<Self> {
        let cancel = std::sync::Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        std::thread::Builder::new()
            .name("pack-index".into())
            .spawn(move || prepare_packs(&objects_dir, &flag))
            .ok()
            .map(|thread| PackPreparation { thread, cancel })
    }

    /// The prepared packs when `wanted`; otherwise the preparation is stopped where it is
    /// (a scan with few blobs reads them one by one and should not wait for the trees of a
    /// large pack) and nothing is returned.
    fn finish(self, wanted: bool) -> Vec<Result<PreparedPack, String>> {
        if !wanted {
            self.cancel.store(true, Ordering::SeqCst);
        }
        match self.thread.join() {
            Ok(packs) if wanted => packs,
            Ok(_) => Vec::new(),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// Opens every pack under `objects_dir` and builds its delta tree, in the order of their
/// names, until `cancel` is set; a pack that cannot be opened or indexed is an error naming
/// it.
fn prepare_packs(objects_dir: &Path, cancel: &AtomicBool) -> Vec<Result<PreparedPack, String>> {
    pack_indexes(objects_dir)
        .into_iter()
        .take_while(|_| !cancel.load(Ordering::SeqCst))
        .map(|index_path| {
            let pack_path = index_path.with_extension("pack");
            prepare_pack(&index_path, &pack_path, cancel)
                .map_err(|e| format!("{}: cannot open pack: {e}", pack_path.display()))
        })
        .collect()
}

/// One pack opened and its delta tree built (what gix-pack's index traversal does before
/// it decodes, with the index entry itself as each object's record). Every pack's tree is
/// held until its turn to be traversed: the sum over the packs, about as much as one pack
/// of all their objects would take.
fn prepare_pack(
    index_path: &Path,
    pack_path: &Path,
    cancel: &AtomicBool,
) -> Result<PreparedPack, String> {
    let (index, data, release) = open_pack(index_path, pack_path)?;
    let mut entries: Vec<gix_pack::index::Entry> = index.iter().collect();
    entries.sort_unstable_by_key(|e| e.pack_offset);
    let entries = blob_entries(&index, pack_path, entries, cancel);
    let tree = gix_pack::cache::delta::Tree::from_offsets_in_pack(
        pack_path,
        entries.into_iter(),
        &|e| e.pack_offset,
        &|id| Ok(index.lookup(id).map(|i| index.pack_offset_at_index(i))),
        &mut gix_utils::progress::Discard,
        cancel,
        gix_hash::Kind::Sha1,
    )
    .map_err(|e| e.to_string())?;
    Ok(PreparedPack {
        path: pack_path.to_path_buf(),
        data,
        release,
        tree,
    })
}

/// The entries (sorted by offset) of the pack's blobs: commits, trees and tags are left
/// out of the delta tree, so the traversal does not inflate them again (the walk has read
/// them; in a typical history they are two thirds of the objects though a tenth of the
/// bytes). A delta's object is of its base's kind, so each entry's kind is its delta
/// chain's root's, read from the headers in offset order (an offset delta's base comes
/// before it). Should a ref delta's base come later, as in no pack git writes, or a header
/// not read, every entry is kept, as when `cancel` is set (the tree build then stops at
/// once). The headers are read from the file, not the mapping: they are spread over the
/// whole pack, whose pages would all stay resident.
fn blob_entries(
    index: &gix_pack::index::File,
    pack_path: &Path,
    entries: Vec<gix_pack::index::Entry>,
    cancel: &AtomicBool,
) -> Vec<gix_pack::index::Entry> {
    use gix_pack::data::entry::Header;
    use std::io::BufReader;
    let Ok(file) = std::fs::File::open(pack_path) else {
        return entries;
    };
    let mut reader = BufReader::with_capacity(64 << 10, file);
    let mut position = 0u64;
    let hash_len = gix_hash::Kind::Sha1.len_in_bytes();
    let mut is_blob: Vec<bool> = Vec::with_capacity(entries.len());
    let kind_at = |is_blob: &[bool], offset: u64| {
        let at = entries[..is_blob.len()]
            .binary_search_by_key(&offset, |e| e.pack_offset)
            .ok()?;
        Some(is_blob[at])
    };
    for (at, entry) in entries.iter().enumerate() {
        if at % 10_000 == 0 && cancel.load(Ordering::SeqCst) {
            return entries;
        }
        let header = reader
            .seek_relative(entry.pack_offset as i64 - position as i64)
            .and_then(|()| {
                gix_pack::data::Entry::from_read(&mut reader, entry.pack_offset, hash_len)
            });
        let Ok(header) = header else {
            return entries;
        };
        position = entry.pack_offset + header.header_size() as u64;
        let header = header.header;
        let blob = match header {
            Header::Blob => Some(true),
            Header::Tree | Header::Commit | Header::Tag => Some(false),
            Header::OfsDelta { base_distance } => entry
                .pack_offset
                .checked_sub(base_distance)
                .and_then(|base| kind_at(&is_blob, base)),
            Header::RefDelta { base_id } => index
                .lookup(base_id)
                .and_then(|at| kind_at(&is_blob, index.pack_offset_at_index(at))),
        };
        let Some(blob) = blob else {
            return entries;
        };
        is_blob.push(blob);
    }
    // The first entry stays whatever it is: gix-pack reads the first header where the
    // pack's objects begin, not at the first offset it is given.
    entries
        .into_iter()
        .zip(is_blob)
        .enumerate()
        .filter_map(|(at, (entry, blob))| (blob || at == 0).then_some(entry))
        .collect()
}

/// Decodes every pack along its delta tree, on all cores, delivering the blobs the index
/// wants; returns the problems met (packs that could not be opened or fully traversed).
fn traverse_packs<V, F>(
    packs: Vec<Result<PreparedPack, String>>,
    by_oid: &OidMap<u32>,
    delivery: &Delivery<'_>,
    make_visitor: &F,
) -> Vec<String>
where
    V: HistoryVisitor,
    F: Fn() -> V + Sync + Send + Clone,
{
    let mut errors = Vec::new();
    for pack in packs {
        let PreparedPack {
            path,
            data,
            release,
            tree,
        } = match pack {
            Ok(pack) => pack,
            Err(message) => {
                errors.push(message);
                continue;
            }
        };
        let mut processor = PackProcessor {
            by_oid,
            delivery,
            release: &release,
            make_visitor: make_visitor.clone(),
            visitor: None,
        };
        let interrupt = AtomicBool::new(false);
        let outcome = tree.traverse(
            |range, data: &gix_pack::data::File<PackMap>| data.entry_slice(range),
            &data,
            data.pack_end() as u64,
            move |entry: &mut gix_pack::index::Entry,
                  _: &dyn gix_utils::progress::Progress,
                  context: gix_pack::cache::delta::traverse::Context<'_>| {
                if let Some(kind) = context.entry.header.as_kind() {
                    processor.object(kind, context.decompressed, entry);
                }
                Ok(())
            },
            gix_pack::cache::delta::traverse::Options {
                object_progress: Box::new(gix_utils::progress::Discard),
                size_progress: &mut gix_utils::progress::Discard,
                thread_limit: None,
                should_interrupt: &interrupt,
                object_hash: gix_hash::Kind::Sha1,
                alloc_limit_bytes: None,
            },
        );
        if let Err(e) = outcome {
            // Blobs the traversal did not deliver are read one by one afterwards.
            errors.push(format!("{}: pack traversal stopped: {e}", path.display()));
        }
    }
    errors
}

/// A pack's bytes, mapped by us rather than by gix-pack so that the traversal can
/// release the pages it has read ([`Release`]) while it runs.
struct PackMap(std::sync::Arc<memmap2::Mmap>);

impl std::ops::Deref for PackMap {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

/// Opens a pack index and its pack data, mapped, with the releaser of its pages.
fn open_pack(
    index_path: &Path,
    pack_path: &Path,
) -> Result<
    (
        gix_pack::index::File,
        gix_pack::data::File<PackMap>,
        Release,
    ),
    String,
> {
    let index = gix_pack::index::File::at(index_path, gix_hash::Kind::Sha1)
        .map_err(|e| format!("{}: {e}", index_path.display()))?;
    let file = std::fs::File::open(pack_path).map_err(|e| e.to_string())?;
    // SAFETY: the pack is only read; git never rewrites a pack in place (repacking
    // writes new files), the same assumption gix-pack's own mapping makes.
    let map = std::sync::Arc::new(unsafe { memmap2::Mmap::map(&file) }.map_err(|e| e.to_string())?);
    let pack = gix_pack::data::File::from_data(
        PackMap(map.clone()),
        pack_path.to_path_buf(),
        gix_hash::Kind::Sha1,
    )
    .map_err(|e| e.to_string())?;
    Ok((
        index,
        pack,
        Release {
            map,
            decoded: AtomicU64::new(0),
        },
    ))
}

/// Releases a mapped pack's resident pages after every [`RELEASE_EVERY`] decoded bytes,
/// so the traversal's memory does not grow with the size of the pack.
struct Release {
    map: std::sync::Arc<memmap2::Mmap>,
    decoded: AtomicU64,
}

impl Release {
    fn decoded(&self, bytes: usize) {
        let bytes = bytes as u64;
        let before = self.decoded.fetch_add(bytes, Ordering::Relaxed);
        if (before + bytes) / RELEASE_EVERY != before / RELEASE_EVERY {
            #[cfg(unix)]
            // SAFETY: a read-only shared file mapping: released pages are read again
            // from the file on the next access, with the same bytes (see `open_pack`).
            unsafe {
                let _ = self
                    .map
                    .unchecked_advise(memmap2::UncheckedAdvice::DontNeed);
            }
        }
    }
}

/// What the tree walk found: unique blobs with their occurrences, the blobs of HEAD, and
/// the problems met (errors, submodules skipped) in a partial summary.
#[derive(Default)]
struct TreeOutput {
    blobs: Vec<BlobRecord>,
    in_head: HashSet<u32>,
    paths: PathTable,
    summary: HistorySummary,
}

/// The tree-walk stage: walks the root tree of each commit received, in order, then
/// HEAD's snapshot. `since_tree`'s trees and blobs count as already seen.
///
/// It runs as two threads: a reader that decodes the trees the walk will need, in the
/// order it will need them (it walks the same trees with the same "seen" rule), and the
/// walker proper, which parses them and records blobs and paths. Decoding (libgit2's
/// inflate and delta resolution) and bookkeeping then use two cores instead of one.
fn walk_trees(
    path: &Path,
    since_tree: Option<Oid>,
    head_tree: Option<Oid>,
    commits: Receiver<Vec<ToWalk>>,
) -> Result<TreeOutput, git2::Error> {
    let repo = Repository::open(path)?;
    let (ahead_in, ahead_out) = batch_channel::<Ahead>(1024);
    let reader_repo = Repository::open(path)?;
    std::thread::scope(|scope| {
        scope.spawn(move || read_ahead(&reader_repo, since_tree, commits, ahead_in));
        let mut trees = TreeWalker::default();
        let mut out = TreeOutput::default();
        if let Some(base) = since_tree {
            trees.mark_seen(&repo, base, &mut out.summary);
        }
        let mut source = TreeSource {
            repo: &repo,
            ahead: ahead_out.iter().flatten(),
            in_step: true,
            pending: None,
        };
        while let Some(message) = source.next_walk() {
            match message {
                ToWalk::Tree(number, tree) => trees.walk(&mut source, tree, number, &mut out),
                ToWalk::Blob(number, blob, name) => {
                    trees.record(blob, PathId::ROOT, name.as_bytes(), number, &mut out);
                }
            }
        }
        if let Some(head) = head_tree {
            out.in_head = trees.blobs_in(&repo, head, &mut out.summary);
        }
        Ok(out)
    })
}

/// What the commit walk hands the tree walk: a commit's (or a ref's) root tree, or a
/// blob a ref points at, with the ref's name as its path.
enum ToWalk {
    Tree(u32, Oid),
    Blob(u32, Oid, String),
}

/// What the tree reader hands the walker, in the walk's order: each commit's message,
/// followed by the raw bytes of every tree the walk of that commit will open.
enum Ahead {
    Walk(ToWalk),
    Tree(Oid, Result<Vec<u8>, String>),
}

/// The reader thread of [`walk_trees`]: forwards each commit and decodes, ahead of the
/// walker, every tree not seen before, depth first in entry order, exactly as
/// [`TreeWalker::walk`] opens them. Stops when the walker hangs up.
fn read_ahead(
    repo: &Repository,
    since_tree: Option<Oid>,
    commits: Receiver<Vec<ToWalk>>,
    mut out: BatchSender<Ahead>,
) {
    let mut seen = OidSet::default();
    if let Some(base) = since_tree {
        for_each_blob(
            repo,
            base,
            &mut seen,
            &mut HistorySummary::default(),
            |_| {},
        );
    }
    let Ok(odb) = repo.odb() else {
        // The walker reads every tree itself when the reader's feed runs dry.
        return;
    };
    for message in commits.iter().flatten() {
        let root = match &message {
            ToWalk::Tree(_, root) => Some(*root),
            ToWalk::Blob(..) => None,
        };
        if !out.send(Ahead::Walk(message)) {
            return;
        }
        let Some(root) = root.filter(|&root| seen.insert(root)) else {
            continue;
        };
        let mut stack = vec![root];
        while let Some(tree) = stack.pop() {
            let raw = read_tree(&odb, tree);
            if let Ok(bytes) = &raw {
                stack.extend(subtrees(bytes).filter(|&child| seen.insert(child)));
            }
            if !out.send(Ahead::Tree(tree, raw)) {
                return;
            }
        }
    }
}

/// The raw bytes of tree `id`, or why it cannot be read.
fn read_tree(odb: &git2::Odb<'_>, id: Oid) -> Result<Vec<u8>, String> {
    let object = odb.read(id).map_err(|e| e.message().to_string())?;
    if object.kind() != ObjectType::Tree {
        return Err(format!("is a {}, not a tree", object.kind()));
    }
    Ok(object.data().to_vec())
}

/// One entry of a raw tree: its id, its name and what it is.
struct TreeEntry<'a> {
    id: Oid,
    name: &'a [u8],
    kind: EntryKind,
}

/// The entries of a raw tree, in order, up to the first malformed one (`Err`).
fn tree_entries(raw: &[u8]) -> impl Iterator<Item = Result<TreeEntry<'_>, ()>> {
    gix_object::TreeRefIter::from_bytes(raw, gix_hash::Kind::Sha1)
        .map(|entry| {
            let entry = entry.map_err(|_| ())?;
            let id = Oid::from_bytes(entry.oid.as_bytes()).map_err(|_| ())?;
            Ok(TreeEntry {
                id,
                name: entry.filename.as_ref(),
                kind: entry.mode.kind(),
            })
        })
        .scan(false, |failed, entry| {
            // Yield the first error, then stop.
            if *failed {
                return None;
            }
            *failed = entry.is_err();
            Some(entry)
        })
}

/// The ids of the subtrees of a raw tree, in entry order.
fn subtrees(raw: &[u8]) -> impl Iterator<Item = Oid> + '_ {
    tree_entries(raw)
        .map_while(Result::ok)
        .filter(|entry| entry.kind == EntryKind::Tree)
        .map(|entry| entry.id)
}

/// Raw trees for the walker: from the reader thread while it keeps in step, else read
/// directly from the repository.
struct TreeSource<'r, 'c> {
    repo: &'r Repository,
    ahead: std::iter::Flatten<std::sync::mpsc::Iter<'c, Vec<Ahead>>>,
    /// False once a tree came out of order (never expected): trees are then read
    /// directly, and the reader's are dropped.
    in_step: bool,
    /// A commit met where a tree was expected, handed out next.
    pending: Option<ToWalk>,
}

impl TreeSource<'_, '_> {
    /// The next commit (or ref object) to walk, `None` when the commit walk is done.
    fn next_walk(&mut self) -> Option<ToWalk> {
        if let Some(message) = self.pending.take() {
            return Some(message);
        }
        loop {
            match self.ahead.next()? {
                Ahead::Walk(message) => return Some(message),
                Ahead::Tree(..) => self.in_step = false,
            }
        }
    }

    /// Tree `id`'s raw bytes.
    fn read(&mut self, id: Oid) -> Result<Vec<u8>, String> {
        if self.in_step && self.pending.is_none() {
            match self.ahead.next() {
                Some(Ahead::Tree(tree, raw)) if tree == id => return raw,
                Some(Ahead::Walk(message)) => self.pending = Some(message),
                _ => {}
            }
            self.in_step = false;
        }
        let odb = self.repo.odb().map_err(|e| e.message().to_string())?;
        read_tree(&odb, id)
    }
}

/// Counts gathered by the workers: atomics on the per-blob path, a lock only for the
/// (rare) unreadable or absent objects.
#[derive(Debug, Default)]
struct Tally {
    scanned: AtomicUsize,
    bytes: AtomicU64,
    too_large: AtomicUsize,
    binary: AtomicUsize,
    errors: Mutex<Vec<String>>,
    absent: Mutex<Vec<String>>,
}

/// What every worker needs to hand a decoded blob on exactly once.
struct Delivery<'a> {
    blobs: &'a [BlobRecord],
    paths: &'a PathTable,
    done: &'a [AtomicBool],
    max_blob_size: u64,
    /// Missing objects of a partial clone are absent (on the promisor remote), not errors.
    partial_clone: bool,
    tally: &'a Tally,
}

impl Delivery<'_> {
    /// Hands blob `index` to `visitor` unless another worker already did, it is too large
    /// or it is binary.
    fn deliver<V: HistoryVisitor>(&self, index: u32, data: &[u8], visitor: &mut V) {
        if self.done[index as usize].swap(true, Ordering::Relaxed) {
            return;
        }
        let tally = self.tally;
        if data.len() as u64 > self.max_blob_size {
            tally.too_large.fetch_add(1, Ordering::Relaxed);
            return;
        }
        let path = self
            .paths
            .path(self.blobs[index as usize].occurrences[0].path);
        // UTF-16 text with a byte order mark has NULs but is text: the visitor decodes it.
        if !super::encoding::has_utf16_bom(data)
            && memchr::memchr(0, &data[..data.len().min(8 * 1024)]).is_some()
        {
            if !visitor.binary_blob(index, &path, data) {
                tally.binary.fetch_add(1, Ordering::Relaxed);
                return;
            }
        } else {
            visitor.blob(index, &path, data);
        }
        tally.scanned.fetch_add(1, Ordering::Relaxed);
        tally.bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
    }

    /// Reads blob `index` with git2 (loose objects, or what a pack traversal missed).
    fn read_one<V: HistoryVisitor>(&self, repo: Option<&Repository>, index: u32, visitor: &mut V) {
        let oid = self.blobs[index as usize].oid;
        let path = self
            .paths
            .path(self.blobs[index as usize].occurrences[0].path);
        let fail = |message: String| {
            self.done[index as usize].store(true, Ordering::Relaxed);
            let mut errors = self.tally.errors.lock().unwrap_or_else(|e| e.into_inner());
            errors.push(format!("blob {oid} ({path}): {message}"));
        };
        let missing = |e: &git2::Error| {
            if self.partial_clone && e.code() == git2::ErrorCode::NotFound {
                self.done[index as usize].store(true, Ordering::Relaxed);
                let mut absent = self.tally.absent.lock().unwrap_or_else(|e| e.into_inner());
                absent.push(format!("blob {oid} ({path})"));
                true
            } else {
                false
            }
        };
        let Some(repo) = repo else {
            return fail("repository could not be reopened".into());
        };
        let odb = match repo.odb() {
            Ok(odb) => odb,
            Err(e) => return fail(e.message().to_string()),
        };
        match odb.read_header(oid) {
            Ok((size, _)) if size as u64 > self.max_blob_size => {
                self.done[index as usize].store(true, Ordering::Relaxed);
                self.tally.too_large.fetch_add(1, Ordering::Relaxed);
            }
            Ok(_) => match odb.read(oid) {
                Ok(object) => self.deliver(index, object.data(), visitor),
                Err(e) if missing(&e) => {}
                Err(e) => fail(e.message().to_string()),
            },
            Err(e) if missing(&e) => {}
            Err(e) => fail(e.message().to_string()),
        }
    }
}

/// The per-thread state of a pack traversal: gix-pack clones the processor for each
/// thread, and each clone makes its own visitor on first use.
struct PackProcessor<'a, V, F> {
    by_oid: &'a OidMap<u32>,
    delivery: &'a Delivery<'a>,
    release: &'a Release,
    make_visitor: F,
    visitor: Option<V>,
}

impl<V, F: Clone> Clone for PackProcessor<'_, V, F> {
    fn clone(&self) -> Self {
        PackProcessor {
            by_oid: self.by_oid,
            delivery: self.delivery,
            release: self.release,
            make_visitor: self.make_visitor.clone(),
            visitor: None,
        }
    }
}

impl<V: HistoryVisitor, F: Fn() -> V> PackProcessor<'_, V, F> {
    fn object(&mut self, kind: gix_object::Kind, data: &[u8], entry: &gix_pack::index::Entry) {
        self.release.decoded(data.len());
        if kind != gix_object::Kind::Blob {
            return;
        }
        let Ok(oid) = Oid::from_bytes(entry.oid.as_slice()) else {
            return;
        };
        if let Some(&index) = self.by_oid.get(&oid) {
            let visitor = self.visitor.get_or_insert_with(&self.make_visitor);
            self.delivery.deliver(index, data, visitor);
        }
    }
}

/// A blob seen at more paths than this has its (blob, path) pairs in a set: a linear
/// look through its occurrences would make a file copied to 100,000 paths quadratic.
const WIDE_BLOB: usize = 32;

/// Walks trees not seen before, recording blobs and where they appear.
#[derive(Default)]
struct TreeWalker {
    seen_trees: OidSet,
    /// Trees that could not be read (or only in part), each reported once.
    failed_trees: OidSet,
    blob_index: OidMap<u32>,
    /// (blob, path) of every occurrence of the blobs with over [`WIDE_BLOB`] of them.
    wide: HashSet<(u32, PathId)>,
}

impl TreeWalker {
    /// Records every blob under `tree` that is new, or new at its path, for `commit`.
    /// Subtrees already seen are skipped by id, and a path string is only built for a
    /// tree to descend into or a (blob, path) pair not recorded yet.
    fn walk(&mut self, trees: &mut TreeSource, tree: Oid, commit: u32, index: &mut TreeOutput) {
        if !self.seen_trees.insert(tree) {
            return;
        }
        let mut stack = vec![(tree, PathId::ROOT)];
        while let Some((tree_id, prefix)) = stack.pop() {
            let raw = match trees.read(tree_id) {
                Ok(raw) => raw,
                Err(message) => {
                    self.failed(tree_id, prefix, &message, index);
                    continue;
                }
            };
            for entry in tree_entries(&raw) {
                let Ok(entry) = entry else {
                    self.failed(tree_id, prefix, "malformed entry", index);
                    break;
                };
                match entry.kind {
                    EntryKind::Tree if self.seen_trees.insert(entry.id) => {
                        let dir = index.paths.intern(prefix, entry.name);
                        stack.push((entry.id, dir));
                    }
                    EntryKind::Tree => {} // seen in an earlier commit
                    EntryKind::Blob | EntryKind::BlobExecutable => {
                        self.record(entry.id, prefix, entry.name, commit, index);
                    }
                    EntryKind::Commit => index.summary.submodules_skipped += 1,
                    EntryKind::Link => {} // its blob is a path, not content
                }
            }
        }
    }

    /// Reports tree `tree` (at `prefix`) as unreadable, once.
    fn failed(&mut self, tree: Oid, prefix: PathId, message: &str, index: &mut TreeOutput) {
        self.failed_trees.insert(tree);
        let at = if prefix == PathId::ROOT {
            "/".to_string()
        } else {
            index.paths.path(prefix)
        };
        index
            .summary
            .errors
            .push(format!("tree {tree} ({at}): {message}"));
    }

    /// Records blob `oid` at `prefix/name` for `commit`, unless it was already seen at
    /// that path (occurrences keep the first commit per path).
    fn record(
        &mut self,
        oid: Oid,
        prefix: PathId,
        name: &[u8],
        commit: u32,
        index: &mut TreeOutput,
    ) {
        match self.blob_index.get(&oid) {
            None => {
                self.blob_index.insert(oid, index.blobs.len() as u32);
                let path = index.paths.intern(prefix, name);
                index.blobs.push(BlobRecord {
                    oid,
                    occurrences: vec![Occurrence { commit, path }],
                });
            }
            Some(&u32::MAX) => {} // in the `--since` base: not new
            Some(&known) => {
                let path = index.paths.intern(prefix, name);
                let occurrences = &mut index.blobs[known as usize].occurrences;
                let new = if occurrences.len() > WIDE_BLOB {
                    self.wide.insert((known, path))
                } else {
                    !occurrences.iter().any(|o| o.path == path)
                };
                if new {
                    occurrences.push(Occurrence { commit, path });
                    if occurrences.len() == WIDE_BLOB + 1 {
                        self.wide
                            .extend(occurrences.iter().map(|o| (known, o.path)));
                    }
                }
            }
        }
    }

    /// Marks every tree and blob under `tree` as already seen (the `--since` base).
    fn mark_seen(&mut self, repo: &Repository, tree: Oid, summary: &mut HistorySummary) {
        let blob_index = &mut self.blob_index;
        for_each_blob(repo, tree, &mut self.seen_trees, summary, |blob| {
            blob_index.insert(blob, u32::MAX);
        });
    }

    /// The indexes of the recorded blobs under `tree` (HEAD's snapshot).
    fn blobs_in(&self, repo: &Repository, tree: Oid, summary: &mut HistorySummary) -> HashSet<u32> {
        let mut found = HashSet::new();
        // Trees the walk could not read were reported there: not a second time.
        let mut seen = self.failed_trees.clone();
        for_each_blob(repo, tree, &mut seen, summary, |blob| {
            if let Some(&index) = self.blob_index.get(&blob) {
                found.insert(index);
            }
        });
        found
    }
}

/// Calls `on_blob` for every blob under `tree`, skipping trees already in `seen`.
fn for_each_blob(
    repo: &Repository,
    tree: Oid,
    seen: &mut OidSet,
    summary: &mut HistorySummary,
    mut on_blob: impl FnMut(Oid),
) {
    let mut stack = vec![tree];
    while let Some(tree_id) = stack.pop() {
        if !seen.insert(tree_id) {
            continue;
        }
        match repo.find_tree(tree_id) {
            Ok(tree) => {
                for entry in tree.iter() {
                    match entry.kind() {
                        Some(ObjectType::Tree) => stack.push(entry.id()),
                        Some(ObjectType::Blob) => on_blob(entry.id()),
                        _ => {}
                    }
                }
            }
            Err(e) => summary
                .errors
                .push(format!("tree {tree_id}: {}", e.message())),
        }
    }
}

/// What the refs held besides commits: trees and blobs to scan, texts to scan, and refs
/// whose target could not be read.
#[derive(Default)]
struct RefTargets {
    /// The commits pushed onto the walk.
    tips: Vec<Oid>,
    /// (ref name, object, its type) for refs that peel to a tree or a blob.
    objects: Vec<(String, Oid, ObjectType)>,
    /// Ref names, annotated tag messages and taggers.
    metadata: Vec<MetaText>,
    /// Refs that could not be read or whose target could not be read.
    errors: Vec<String>,
}

/// How many annotated tags may point at each other before the chain is cut.
const MAX_TAG_CHAIN: usize = 32;

/// Collects the commits of every ref (or only `branch`) as the tips of the history, and
/// pushes them onto `walk` when there is one; returns how many refs. A ref that cannot be
/// read, or whose target cannot be read, is an error in `out`.
fn push_refs(
    repo: &Repository,
    mut walk: Option<&mut git2::Revwalk<'_>>,
    branch: Option<&str>,
    path: &Path,
    out: &mut RefTargets,
) -> Result<usize, HistoryError> {
    let git_err = |e: git2::Error| HistoryError::Git {
        path: path.to_path_buf(),
        message: e.message().to_string(),
    };
    if let Some(branch) = branch {
        let commit = revision(repo, branch, path)?;
        if let Some(walk) = walk.as_deref_mut() {
            walk.push(commit.id()).map_err(git_err)?;
        }
        out.tips.push(commit.id());
        return Ok(1);
    }
    let odb = repo.odb().map_err(git_err)?;
    let mut push_tip = |id: Oid, at: &str, out: &mut RefTargets| -> bool {
        match walk.as_deref_mut().map_or(Ok(()), |walk| walk.push(id)) {
            Ok(()) => {
                out.tips.push(id);
                true
            }
            Err(e) => {
                out.errors
                    .push(format!("{at}: commit {id}: {}", e.message()));
                false
            }
        }
    };
    let mut count = 0;
    let references = repo.references().map_err(git_err)?;
    let mut seen_objects = HashSet::new();
    for reference in references {
        let reference = match reference {
            Ok(reference) => reference,
            Err(e) => {
                out.errors
                    .push(format!("ref: cannot read: {}", e.message()));
                continue;
            }
        };
        let name = crate::escape::name(reference.name_bytes()).into_owned();
        out.metadata.push(MetaText {
            field: "git.ref",
            commit: None,
            reference: Some(name.clone()),
            text: name.clone(),
        });
        if reference.kind() == Some(git2::ReferenceType::Symbolic)
            && reference
                .resolve()
                .is_err_and(|e| e.code() == git2::ErrorCode::NotFound)
        {
            // A symbolic ref to a ref that does not exist (an unborn branch, or
            // `origin/HEAD` after its branch was pruned): no object to read, like an
            // unborn HEAD.
            continue;
        }
        // A ref straight at a commit (most are: branches, pull-request refs) is known from
        // its object's header, without inflating the commit, which the history walk reads
        // anyway.
        if let Some(target) = reference.target() {
            if let Ok((_, ObjectType::Commit)) = odb.read_header(target) {
                count += usize::from(push_tip(target, &format!("ref {name}"), out));
                continue;
            }
        }
        let peeled = reference.peel(ObjectType::Any);
        if let (Some(target), Ok(object)) = (reference.target(), &peeled) {
            if object.id() != target {
                // Peeling moved: the ref is at an annotated tag (or a chain of them).
                tag_texts(repo, target, &name, &mut out.metadata);
            }
        }
        match peeled {
            Ok(object) => match object.kind() {
                Some(ObjectType::Commit) => {
                    count += usize::from(push_tip(object.id(), &format!("ref {name}"), out));
                }
                Some(kind @ (ObjectType::Tree | ObjectType::Blob)) => {
                    count += 1;
                    if seen_objects.insert(object.id()) {
                        out.objects.push((name, object.id(), kind));
                    }
                }
                _ => {}
            },
            Err(e) => out.errors.push(format!(
                "ref {name}: cannot read its target{}: {}",
                reference
                    .target()
                    .map_or_else(String::new, |oid| format!(" {oid}")),
                e.message()
            )),
        }
    }
    match repo.head() {
        Ok(head) => match head.peel(ObjectType::Any) {
            Ok(object) if object.kind() == Some(ObjectType::Commit) => {
                push_tip(object.id(), "HEAD", out);
            }
            Ok(_) => {} // a detached HEAD at a tree or blob: nothing to walk
            Err(e) => out
                .errors
                .push(format!("HEAD: cannot read its target: {}", e.message())),
        },
        Err(e) if e.code() == git2::ErrorCode::UnbornBranch => {} // no commit yet
        Err(e) => out
            .errors
            .push(format!("HEAD: cannot read: {}", e.message())),
    }
    Ok(count)
}

/// The messages and taggers of the annotated tag `target` and the tags it points at.
fn tag_texts(repo: &Repository, mut target: Oid, name: &str, out: &mut Vec<MetaText>) {
    for _ in 0..MAX_TAG_CHAIN {
        let Ok(tag) = repo.find_tag(target) else {
            return;
        };
        let mut push = |field: &'static str, bytes: &[u8]| {
            out.push(MetaText {
                field,
                commit: None,
                reference: Some(name.to_string()),
                text: String::from_utf8_lossy(bytes).into_owned(),
            });
        };
        if let Some(message) = tag.message_bytes() {
            push("git.tag_message", message);
        }
        if let Some(tagger) = tag.tagger() {
            push("git.tagger", tagger.name_bytes());
            push("git.tagger", tagger.email_bytes());
        }
        target = tag.target_id();
    }
}

/// Whether the repository is a partial clone: `extensions.partialClone` is set or a pack
/// came from a promisor remote.
fn is_partial_clone(repo: &Repository) -> bool {
    let configured = repo
        .config()
        .and_then(|c| c.get_string("extensions.partialclone"))
        .is_ok();
    let promisor_pack = std::fs::read_dir(repo.commondir().join("objects").join("pack"))
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "promisor"))
        })
        .unwrap_or(false);
    configured || promisor_pack
}

fn revision<'r>(
    repo: &'r Repository,
    rev: &str,
    path: &Path,
) -> Result<git2::Commit<'r>, HistoryError> {
    repo.revparse_single(rev)
        .and_then(|object| object.peel_to_commit())
        .map_err(|e| HistoryError::Revision {
            path: path.to_path_buf(),
            rev: rev.to_string(),
            message: e.message().to_string(),
        })
}

/// Seconds since the Unix epoch as `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian, UTC).
fn rfc3339_utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let time = seconds.rem_euclid(86_400);
    // Days to civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        time / 3_600,
        time % 3_600 / 60,
        time % 60
    )
}

#[cfg(test)]
mod tests {
    use super::{
        blob_entries, open_pack, rfc3339_utc, HistoryIndex, HistoryOptions, PackedCommits,
        WalkedCommit,
    };
    use std::collections::HashSet;
    use std::path::Path;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// Of a pack with commits, trees and blobs, deltas of each among them, only the blobs
    /// (and the pack's first entry, which gix-pack reads first) go to the traversal.
    #[test]
    fn the_traversal_gets_the_blobs_of_a_pack_and_no_tree_or_commit() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        git(repo, &["init", "-q"]);
        // Trees of 60 entries with one changed per round, and files with one line changed:
        // git stores both as deltas.
        for round in 0..6 {
            for file in 0..60 {
                let last = if file % 6 == round { round } else { 0 };
                let text = format!("{}round {last}\n", format!("line {file}\n").repeat(200));
                std::fs::write(repo.join(format!("f{file}.txt")), text).unwrap();
            }
            git(repo, &["add", "."]);
            git(repo, &["commit", "-q", "-m", &format!("round {round}")]);
        }
        git(repo, &["repack", "-adq", "--depth=20"]);
        let pack_dir = repo.join(".git/objects/pack");
        let index_path = std::fs::read_dir(&pack_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "idx"))
            .unwrap();
        let pack_path = index_path.with_extension("pack");
        let (index, _, _) = open_pack(&index_path, &pack_path).unwrap();
        let mut entries: Vec<_> = index.iter().collect();
        entries.sort_unstable_by_key(|e| e.pack_offset);
        let first = entries[0].oid.to_string();
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let kept: HashSet<String> = blob_entries(&index, &pack_path, entries, &cancel)
            .iter()
            .map(|e| e.oid.to_string())
            .filter(|oid| *oid != first)
            .collect();
        let listing = git(
            repo,
            &[
                "cat-file",
                "--batch-all-objects",
                "--batch-check=%(objectname) %(objecttype) %(deltabase)",
            ],
        );
        let blobs: HashSet<String> = listing
            .lines()
            .filter(|l| l.split(' ').nth(1) == Some("blob"))
            .map(|l| l.split(' ').next().unwrap().to_string())
            .filter(|oid| *oid != first)
            .collect();
        let deltas = |kind: &str| {
            listing
                .lines()
                .filter(|l| l.split(' ').nth(1) == Some(kind) && !l.ends_with(&"0".repeat(40)))
                .count()
        };
        assert!(deltas("blob") > 0 && deltas("tree") > 0, "{listing}");
        assert_eq!(kept, blobs);
    }

    /// The commit texts are known as soon as the build starts, in commit order, before
    /// the tree walk ends; finishing it gives the blobs with the commits that introduced
    /// them.
    #[test]
    fn a_started_build_knows_the_commit_texts_and_finishing_it_gives_the_blobs() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        git(repo, &["init", "-q"]);
        for round in 0..3 {
            std::fs::write(repo.join(format!("file{round}.txt")), format!("{round}\n")).unwrap();
            git(repo, &["add", "."]);
            git(repo, &["commit", "-q", "-m", &format!("round {round}")]);
        }
        let build = HistoryIndex::start(repo, &HistoryOptions::default()).unwrap();
        let messages: Vec<&str> = build.messages().iter().map(|m| m.trim()).collect();
        assert_eq!(messages, ["round 0", "round 1", "round 2"]);
        assert!(build.metadata().iter().any(|m| m.text == "t@example.com"));
        let index = build.finish().unwrap();
        assert_eq!(index.summary.commits, 3);
        assert_eq!(index.blobs.len(), 3);
        let introduced: Vec<(String, u32)> = index
            .blobs
            .iter()
            .map(|b| (index.path(b.occurrences[0].path), b.occurrences[0].commit))
            .collect();
        assert_eq!(
            introduced,
            [
                ("file0.txt".into(), 0),
                ("file1.txt".into(), 1),
                ("file2.txt".into(), 2)
            ]
        );
    }

    /// Commits read from the packs are the commits libgit2 reads, signature crud and all,
    /// and a signature libgit2 would read differently is left to it.
    #[test]
    fn packed_commits_read_as_libgit2_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        git(repo, &["init", "-q"]);
        git(repo, &["commit", "-q", "--allow-empty", "-m", "root"]);
        let tree = git(repo, &["rev-parse", "HEAD^{tree}"]).trim().to_string();
        let root = git(repo, &["rev-parse", "HEAD"]).trim().to_string();
        let signatures = [
            (
                "  \"Ann\" O'Neil, ",
                " ann@example.com ",
                " 1700000000 +0100",
                true,
            ),
            ("Bob Jr.", "bob@example.com", " 1700000001 -0500", true),
            ("Eve", "eve@example.com", "1700000002 +0000", false), // no space before the time
            ("Mal <x", "mal@example.com", " 1700000003 +0000", false), // a second `<`
        ];
        let mut ids = Vec::new();
        for (n, (name, email, time, packed_read)) in signatures.iter().enumerate() {
            let text = format!(
                "tree {tree}\nparent {root}\nauthor {name}<{email}>{time}\ncommitter {name}<{email}>{time}\n\n\n\nmessage {n}\n"
            );
            let path = repo.join(format!("commit{n}"));
            std::fs::write(&path, text).unwrap();
            let id = git(
                repo,
                &[
                    "hash-object",
                    "-t",
                    "commit",
                    "-w",
                    "--literally",
                    path.to_str().unwrap(),
                ],
            );
            ids.push((git2::Oid::from_str(id.trim()).unwrap(), *packed_read));
            git(
                repo,
                &["update-ref", &format!("refs/heads/b{n}"), id.trim()],
            );
        }
        git(repo, &["repack", "-adq"]);
        let git2_repo = git2::Repository::open(repo).unwrap();
        let mut packed = PackedCommits::open(&repo.join(".git/objects"));
        for (id, packed_read) in ids {
            let libgit2 = WalkedCommit::read(&git2_repo.find_commit(id).unwrap());
            match packed.packed(id) {
                Some(read) => {
                    assert!(packed_read, "{id} should be left to libgit2");
                    assert_eq!(read, libgit2);
                }
                None => assert!(!packed_read, "{id} should be read from the pack"),
            }
            assert_eq!(packed.read(&git2_repo, id).unwrap(), libgit2);
        }
    }

    #[test]
    fn dates_are_rfc3339_utc() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(1_767_225_600), "2026-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(951_782_400), "2000-02-29T00:00:00Z");
    }
}
