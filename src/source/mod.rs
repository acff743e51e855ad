//! Where bytes come from: the filesystem walk ([`fs`]), git history ([`git`], with the
//! guards in [`gitdir`] and its interned [`paths`]) and what git knows about the files
//! it finds ([`worktree`]).

pub mod fs;
pub mod git;
pub mod gitdir;
pub mod paths;
pub mod worktree;
