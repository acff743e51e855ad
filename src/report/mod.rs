//! Reports: one serde model ([`model::Report`]) and one renderer per format.

pub use crate::escape;

pub mod audit_terminal;
pub mod json;
pub mod model;
pub mod output;
pub mod terminal;

pub use model::{Report, Stats, Suppressed, SuppressedEntry, SCHEMA_VERSION};
