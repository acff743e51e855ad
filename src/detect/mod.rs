//! Detection: rules as data, the keyword-prefiltered matcher, and the filters every
//! candidate passes (placeholders, entropy, checksums).

pub mod matcher;
pub mod placeholder;
pub mod rules;
pub mod validate;

pub use matcher::{Candidate, Matcher, Scratch};
pub use rules::{builtin_rules, rules_from_dir, LoadedRule, Rule, RuleError, Validator};
