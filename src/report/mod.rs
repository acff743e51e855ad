//! Reports: one serde model ([`model::Report`]) and one renderer per format.

pub mod audit_terminal;
pub mod json;
pub mod model;
pub mod terminal;

pub use model::{Note, NoteReason, Report, Stats, Suppressed, SuppressedEntry, SCHEMA_VERSION};
