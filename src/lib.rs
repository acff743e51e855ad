//! vaultproof: proves a credentials migration into HashiCorp Vault is done.
//!
//! One pipeline, one direction: [`source`] yields blobs, [`detect`] turns them into
//! candidates, [`scan`] aggregates them into [`finding::Finding`]s and a
//! [`report::Report`], which the renderers in [`report`] write out. The library never
//! prints; the binary decides what goes to the terminal.

#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod audit;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod detect;
pub mod escape;
pub mod finding;
pub mod inventory;
pub mod panic;
pub mod posture;
pub mod report;
pub mod scan;
pub mod source;
pub mod vault;
