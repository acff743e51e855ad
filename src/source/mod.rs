//! Where bytes come from: the filesystem walk ([`fs`]), the archives it opens ([`archive`],
//! SQLite databases among them, read by [`sqlite`]), the text encodings it decodes
//! ([`encoding`]), the strings of compiled code
//! ([`bytecode`]), git history ([`git`], with the guards in [`gitdir`], its interned
//! [`paths`] and its object-id hash keys in `object_ids`) and what git knows about the files
//! it finds ([`worktree`]).

pub mod archive;
mod batch;
pub mod bytecode;
pub mod encoding;
pub mod fs;
pub mod git;
pub mod gitdir;
mod object_ids;
pub mod paths;
pub mod sqlite;
pub mod staged;
pub mod worktree;
