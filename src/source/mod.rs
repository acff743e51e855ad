//! Where bytes come from: the filesystem walk ([`fs`]), text encodings it decodes
//! ([`encoding`]) and what git knows about the files it finds ([`worktree`]).

pub mod encoding;
pub mod fs;
pub mod git;
pub mod worktree;
