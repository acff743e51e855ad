//! Where bytes come from: the filesystem walk ([`fs`]) and what git knows about the
//! files it finds ([`worktree`]).

pub mod fs;
pub mod git;
pub mod staged;
pub mod worktree;
