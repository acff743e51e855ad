//! A compact Markdown summary for pull-request comments and CI job summaries: verdicts,
//! failed items, new (or all) findings. Whatever the report's size, the output stays
//! under [`MAX_BYTES`]: lists are cut with an "and N more" line.

use std::fmt::Write as _;
use std::io::Write;

use super::diff::DiffReport;
use super::model::CheckStatus;
use super::view;
use super::Report;
use crate::finding::Severity;

/// The most bytes a summary takes (GitHub's job summaries and comments allow 64 KiB).
pub const MAX_BYTES: usize = 60 * 1024;
/// Room kept for the closing lines after the lists.
const FOOTER_ROOM: usize = 2 * 1024;

/// Escapes text for a Markdown table cell: no line breaks, no pipes, no HTML, no
/// emphasis or links made from the data.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

/// A text bar of `width` cells, `done` of `total` filled.
fn bar(done: u32, total: u32, width: u32) -> String {
    let filled = (done * width + total / 2).checked_div(total).unwrap_or(0);
    let mut s = "█".repeat(filled as usize);
    s.push_str(&"░".repeat((width - filled.min(width)) as usize));
    s
}

/// Appends `rows` to `out` while the budget allows, then an "and N more" line.
fn push_rows(out: &mut String, rows: impl ExactSizeIterator<Item = String>, budget: usize) {
    let total = rows.len();
    let mut written = 0;
    for row in rows {
        if out.len() + row.len() + FOOTER_ROOM > budget {
            break;
        }
        out.push_str(&row);
        written += 1;
    }
    if written < total {
        let _ = writeln!(
            out,
            "\n_…and {} more (see the HTML or JSON report)._",
            total - written
        );
    }
}

/// Writes the summary of `report`.
pub fn write(report: &Report, mut out: impl Write) -> std::io::Result<()> {
    out.write_all(render(report).as_bytes())
}

/// The summary of `report` as a string.
pub fn render(report: &Report) -> String {
    let mut md = String::new();
    let roots: Vec<String> = report.roots.iter().map(|r| view::root_label(r)).collect();
    let _ = writeln!(md, "## vaultproof: {}\n", cell(&roots.join(", ")));
    if let Some(audit) = &report.audit {
        for checklist in &audit.checklists {
            let c = &checklist.counts;
            let total = c.pass + c.fail + c.unknown + c.attested;
            let since = report
                .change
                .as_ref()
                .and_then(|ch| ch.checklists.iter().find(|x| x.id == checklist.id))
                .map(|x| {
                    format!(
                        " ({:+} since previous)",
                        i64::from(x.passed_now) - i64::from(x.passed_before)
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "- **{}**: {} `{}`{since}",
                cell(&checklist.title),
                view::verdict_counts(checklist),
                bar(c.pass + c.attested, total, 20),
            );
        }
        md.push('\n');
    }
    let counts = report.counts_by_severity();
    let by_sev: Vec<String> = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ]
    .iter()
    .filter_map(|s| counts.get(s).map(|n| format!("{n} {s}")))
    .collect();
    let history_only = report
        .findings
        .iter()
        .filter(|f| f.status == Some(crate::finding::SecretStatus::HistoryOnly))
        .count();
    let _ = writeln!(
        md,
        "**{}**{} · {} scanned · {} only in git history",
        view::plural(report.findings.len(), "finding", "findings"),
        if by_sev.is_empty() {
            String::new()
        } else {
            format!(" ({})", by_sev.join(", "))
        },
        view::plural(report.stats.files as usize, "file", "files"),
        history_only,
    );
    if let Some(change) = &report.change {
        let _ = writeln!(
            md,
            "\nSince `{}`: **{} fixed**, **{} new**, {} still present.",
            cell(&change.previous),
            change.fixed,
            change.new,
            change.still_present
        );
    }
    md.push('\n');

    if let Some(audit) = &report.audit {
        let failed: Vec<_> = audit
            .checklists
            .iter()
            .flat_map(|c| c.items.iter())
            .filter(|i| matches!(i.status, CheckStatus::Fail | CheckStatus::Unknown))
            .collect();
        if !failed.is_empty() {
            md.push_str("### Items that fail or are unknown\n\n| Item | Status | Requirement | Evidence | Fix |\n|---|---|---|---|---|\n");
            push_rows(
                &mut md,
                failed.iter().map(|i| {
                    format!(
                        "| {} | {} {} | {} | {} | {} |\n",
                        cell(&i.id),
                        view::check_status_symbol(i.status),
                        view::check_status_label(i.status),
                        cell(&i.text),
                        cell(&i.evidence.statement),
                        cell(&i.fix)
                    )
                }),
                MAX_BYTES,
            );
            md.push('\n');
        }
    }

    if !report.findings.is_empty() {
        md.push_str("### Findings\n\n| Severity | Rule | Where | Value | Vault | History |\n|---|---|---|---|---|---|\n");
        let several = report.roots.len() > 1;
        push_rows(
            &mut md,
            report.findings.iter().map(|f| {
                let place = f
                    .locations
                    .first()
                    .map(|l| view::location_text(l, several))
                    .unwrap_or_default();
                let more = if f.locations.len() > 1 {
                    format!(" (+{})", f.locations.len() - 1)
                } else {
                    String::new()
                };
                format!(
                    "| {} | {} | {}{} | {} | {} | {} |\n",
                    f.severity,
                    cell(&f.rule_name),
                    cell(&place),
                    more,
                    cell(&f.redacted),
                    view::vault_status_name(f.vault.as_ref()),
                    view::history_status_name(f.status),
                )
            }),
            MAX_BYTES,
        );
    }
    let _ = writeln!(
        md,
        "\n<sub>{} {} · {} · report sha256 {}</sub>",
        cell(&report.tool.name),
        cell(&report.tool.version),
        cell(
            report
                .generated_at
                .as_deref()
                .unwrap_or("time not recorded")
        ),
        &view::json_sha256(report)[..16],
    );
    md
}

/// Writes the Markdown summary of a diff.
pub fn write_diff(diff: &DiffReport, mut out: impl Write) -> std::io::Result<()> {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## vaultproof diff: {} → {}\n\n**{} fixed**, **{} new**, {} still present.\n",
        cell(&diff.before.file),
        cell(&diff.after.file),
        diff.fixed.len(),
        diff.new.len(),
        diff.still_present.len()
    );
    for c in &diff.checklists {
        let _ = writeln!(
            md,
            "- {}: {} → {} passing ({} items changed)",
            cell(&c.id),
            c.passed_before,
            c.passed_now,
            c.items_changed
        );
    }
    if !diff.items_changed.is_empty() {
        md.push_str("\n### Items whose status changed\n\n| Item | Before | After | Requirement |\n|---|---|---|---|\n");
        push_rows(
            &mut md,
            diff.items_changed.iter().map(|i| {
                format!(
                    "| {} | {} | {} | {} |\n",
                    cell(&i.id),
                    i.before.map_or("absent", view::check_status_label),
                    i.after.map_or("absent", view::check_status_label),
                    cell(&i.text)
                )
            }),
            MAX_BYTES,
        );
    }
    for (title, list) in [("New findings", &diff.new), ("Fixed findings", &diff.fixed)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(
            md,
            "\n### {title}\n\n| Severity | Rule | Where | Value |\n|---|---|---|---|"
        );
        push_rows(
            &mut md,
            list.iter().map(|f| {
                format!(
                    "| {} | {} | {} | {} |\n",
                    f.severity,
                    cell(&f.rule_name),
                    cell(f.locations.first().map(String::as_str).unwrap_or("")),
                    cell(&f.redacted)
                )
            }),
            MAX_BYTES,
        );
    }
    let migrated = diff.inventory.iter().filter(|r| r.migrated).count();
    if !diff.inventory.is_empty() {
        let _ = writeln!(
            md,
            "\nInventory: {migrated} of {} changed rows migrated.",
            diff.inventory.len()
        );
    }
    out.write_all(md.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_tables_or_inject_html() {
        assert_eq!(cell("a|b\n<script>"), "a\\|b &lt;script&gt;");
        assert_eq!(cell("[x](y)"), "\\[x\\](y)");
    }

    #[test]
    fn bars_fill_in_proportion() {
        assert_eq!(bar(1, 2, 4), "██░░");
        assert_eq!(bar(0, 0, 2), "░░");
    }
}
