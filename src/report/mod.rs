//! Reports: one serde model ([`model::Report`]) and one renderer per format. Renderers
//! read only the model: never files, git or Vault.

pub use crate::escape;

pub mod audit_terminal;
pub mod diff;
pub mod html;
pub mod json;
pub mod markdown;
pub mod merge;
pub mod model;
pub mod output;
pub mod sarif;
pub mod schema;
pub mod terminal;
mod view;

use std::io::Write;

pub use model::{Note, NoteReason, Report, Stats, Suppressed, SuppressedEntry, SCHEMA_VERSION};
pub use view::json_sha256;

/// The formats a report renders to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Findings grouped by file, for people at a terminal.
    Terminal,
    /// The JSON report (the schema-versioned contract).
    Json,
    /// One self-contained HTML page.
    Html,
    /// SARIF 2.1.0 for code-scanning UIs.
    Sarif,
    /// A compact Markdown summary for pull-request comments and CI job summaries.
    Markdown,
}

/// Writes `report` in `format` to `out`; `terminal` holds the terminal view's choices.
pub fn render(
    report: &Report,
    format: Format,
    terminal: terminal::TerminalOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        // An audit (or a merge of audits) opens on its verdicts; a scan on its findings.
        Format::Terminal if report.audit.is_some() => audit_terminal::write(report, out),
        Format::Terminal => terminal::write_with(report, terminal, out),
        Format::Json => json::write(report, out),
        Format::Html => html::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Markdown => markdown::write(report, out),
    }
}

/// The current time as RFC 3339 UTC, to the second (`2026-11-30T16:46:51Z`).
pub fn now_rfc3339() -> String {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second())
        .map(|t| t.to_string())
        .unwrap_or_else(|_| now.to_string())
}

/// After a `--staged` scan of a scratch copy of the index: every place is named under the
/// repository path the user gave (`given`) instead of the scratch directory, and files are
/// marked tracked (they are in the index).
pub fn relabel_staged(report: &mut Report, scratch: &str, given: &str) {
    for root in &mut report.roots {
        if root == scratch {
            *root = given.to_string();
        }
    }
    for finding in &mut report.findings {
        for location in &mut finding.locations {
            if location.root == scratch {
                location.root = given.to_string();
                location.git = crate::finding::GitStatus::Tracked;
            }
        }
    }
    for reference in &mut report.references {
        if reference.root == scratch {
            reference.root = given.to_string();
        }
    }
}
