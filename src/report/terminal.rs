//! The terminal view for people: findings grouped by file, then a one-line summary.
//! Colours are written as ANSI styles; the binary strips them when stdout is not a TTY.
//! Every text a scanned repository controls (paths, authors, rule names from its own
//! config, previews) goes through [`escape::terminal`] so it cannot drive the terminal.

use std::collections::BTreeMap;
use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::Report;
use crate::escape;
use crate::finding::{GitStatus, Location, SecretStatus, Severity};

const PATH: Style = Style::new().bold().underline();
const DIM: Style = Style::new().dimmed();

fn severity_style(severity: Severity) -> Style {
    let colour = match severity {
        Severity::Critical => AnsiColor::BrightRed,
        Severity::High => AnsiColor::Red,
        Severity::Medium => AnsiColor::Yellow,
        Severity::Low => AnsiColor::Cyan,
        Severity::Info => AnsiColor::White,
    };
    Style::new().fg_color(Some(colour.into())).bold()
}

/// Writes the human view of `report`.
pub fn write(report: &Report, mut out: impl Write) -> std::io::Result<()> {
    // (root, path) -> [(location, finding index)]
    let mut by_file: BTreeMap<(&str, &str), Vec<(&Location, usize)>> = BTreeMap::new();
    for (index, finding) in report.findings.iter().enumerate() {
        for location in &finding.locations {
            by_file
                .entry((&location.root, &location.path))
                .or_default()
                .push((location, index));
        }
    }
    let several_roots = report.roots.len() > 1;
    for ((root, path), mut hits) in by_file {
        hits.sort_by_key(|(location, _)| (location.line, location.column, location.date.clone()));
        // A nested repository's history locations have its directory as their root.
        let shown = if several_roots || !report.roots.iter().any(|r| r == root) {
            format!("{root}/{path}")
        } else {
            path.to_string()
        };
        let shown = escape::terminal(&shown);
        writeln!(out, "{PATH}{shown}{PATH:#}")?;
        for (location, index) in hits {
            let finding = &report.findings[index];
            let style = severity_style(finding.severity);
            let where_ = match (location.git, &location.commit) {
                (GitStatus::History, Some(commit)) => format!(
                    " [commit {} {} {}{}]",
                    escape::terminal(commit.get(..10).unwrap_or(commit)),
                    escape::terminal(location.date.as_deref().unwrap_or("")),
                    escape::terminal(location.author.as_deref().unwrap_or("")),
                    match finding.status {
                        Some(SecretStatus::HistoryOnly) => ", history only: rotate it",
                        _ => "",
                    }
                ),
                (GitStatus::Ignored, _) => " [git-ignored]".to_string(),
                (GitStatus::Untracked, _) => " [untracked]".to_string(),
                _ => String::new(),
            };
            writeln!(
                out,
                "  {:<9} {style}{:<8}{style:#}  {}{}  {DIM}{} fp:{}{where_}{DIM:#}",
                format!("{}:{}", location.line, location.column),
                finding.severity.as_str(),
                escape::terminal(&finding.rule_name),
                // Posture findings carry their description as preview: say it once.
                if finding.redacted == finding.rule_name {
                    String::new()
                } else {
                    format!("  {}", escape::terminal(&finding.redacted))
                },
                escape::terminal(&finding.rule_id),
                escape::terminal(
                    finding
                        .fingerprint
                        .0
                        .get(..12)
                        .unwrap_or(&finding.fingerprint.0)
                ),
            )?;
        }
    }
    write_summary(report, &mut out)
}

fn write_summary(report: &Report, out: &mut impl Write) -> std::io::Result<()> {
    let counts = report.counts_by_severity();
    let breakdown: Vec<String> = counts
        .iter()
        .rev()
        .map(|(severity, count)| format!("{count} {severity}"))
        .collect();
    let skipped: u64 = report.stats.skipped.values().sum();
    let suppressed: u64 = report.suppressed.counts.values().sum();
    let found = if report.findings.is_empty() {
        "no findings".to_string()
    } else {
        format!(
            "{} finding{} ({})",
            report.findings.len(),
            if report.findings.len() == 1 { "" } else { "s" },
            breakdown.join(", ")
        )
    };
    let suppressed_by = if suppressed == 0 {
        String::new()
    } else {
        let reasons: Vec<String> = report
            .suppressed
            .counts
            .iter()
            .map(|(reason, count)| format!("{count} {}", reason.as_str()))
            .collect();
        format!(" ({})", reasons.join(", "))
    };
    let excluded = if report.stats.excluded == 0 {
        String::new()
    } else {
        let mut patterns: Vec<String> = report
            .excluded
            .iter()
            .map(|e| format!("{} from {}", e.pattern, e.origin))
            .collect();
        patterns.sort();
        patterns.dedup();
        format!(
            "; {} path{} excluded ({})",
            report.stats.excluded,
            if report.stats.excluded == 1 { "" } else { "s" },
            patterns.join(", ")
        )
    };
    // Summary lines hold patterns, repository names and errors a repository controls:
    // each line is escaped whole (they carry no styles of their own).
    let line = format!(
        "{found} in {} files ({:.1} MB) in {:.2} s; {skipped} skipped; \
         {suppressed} suppressed{suppressed_by}{excluded}",
        report.stats.files,
        report.stats.bytes as f64 / 1e6,
        report.stats.seconds,
    );
    writeln!(out, "\n{}", escape::terminal(&line))?;
    for history in &report.history {
        let mut problems = Vec::new();
        if !history.errors.is_empty() {
            let shown: Vec<&str> = history.errors.iter().take(3).map(String::as_str).collect();
            problems.push(format!(
                "{} error{} (not read: {}{})",
                history.errors.len(),
                if history.errors.len() == 1 { "" } else { "s" },
                shown.join("; "),
                if history.errors.len() > 3 {
                    "; …"
                } else {
                    ""
                }
            ));
        }
        if history.blobs_absent > 0 {
            problems.push(format!(
                "{} blob{} absent (partial clone, not scanned)",
                history.blobs_absent,
                if history.blobs_absent == 1 { "" } else { "s" }
            ));
        }
        if history.shallow {
            problems.push("shallow clone: older history absent".to_string());
        }
        let line = format!(
            "history {}: {} refs, {} commits, {} of {} blobs scanned{}{}",
            history.repository,
            history.refs,
            history.commits,
            history.blobs_scanned,
            history.blobs,
            if problems.is_empty() { "" } else { "; " },
            problems.join("; ")
        );
        writeln!(out, "{}", escape::terminal(&line))?;
    }
    Ok(())
}
