//! The migration audit: runbook checklists as data ([`checklist`]), named checks that decide
//! each item from evidence ([`checks`]), the repository's files and git facts ([`repo`]),
//! and evaluation with applicability, attestations and the gate ([`evaluate`]).
//!
//! Evidence that decides items (a Vault index, an audit log, attestations, the report
//! before the migration) comes only from the caller (the command line), never from the
//! scanned repository, so a repository cannot vouch for itself.

pub mod checklist;
pub mod checks;
pub mod evaluate;
pub mod repo;
