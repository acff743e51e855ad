//! Detection: rules as data, the keyword-prefiltered matcher, and the filters every
//! candidate passes (placeholders, entropy, checksums); system-of-record endpoints; and
//! structured files judged key by key.

pub mod encoded;
pub mod endpoints;
pub mod judge;
pub mod keystore;
pub mod keytab;
pub mod keywords;
pub mod matcher;
pub mod placeholder;
pub mod rules;
pub mod seen;
pub mod structured;
pub mod validate;

pub use matcher::{Candidate, Matcher, Scratch};
pub use rules::{builtin_rules, rules_from_dir, LoadedRule, Rule, RuleError, Validator};
