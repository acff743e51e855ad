//! The JSON Schema of the report, generated from the model's types. The committed copy
//! is `docs/report.schema.json`; a test fails when it is stale (`VAULTPROOF_BLESS=1`
//! rewrites it).

use super::diff::DiffReport;
use super::Report;

/// The JSON Schema (draft 2020-12) of [`Report`], pretty-printed with a final newline.
pub fn report_schema() -> String {
    pretty(schemars::schema_for!(Report))
}

/// The JSON Schema of [`DiffReport`] (`vaultproof diff --format json`).
pub fn diff_schema() -> String {
    pretty(schemars::schema_for!(DiffReport))
}

fn pretty(schema: schemars::Schema) -> String {
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}
