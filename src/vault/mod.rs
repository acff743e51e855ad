//! The Vault side, read-only: ACL policy evaluation ([`policy`]).
//!
//! vaultproof never writes to Vault and never keeps a value longer than it takes to
//! fingerprint it.

pub mod policy;
