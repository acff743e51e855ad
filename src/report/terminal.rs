//! The terminal view for people: one entry per secret, at most about four lines, worst
//! first, then what the scan covered.
//!
//! An entry says what the secret is (severity, rule, preview, fingerprint), where it is
//! now (files and lines on disk, or HEAD), and folds its history into one line: the
//! commit that introduced it, how many commits and paths it went through, and whether it
//! survives only in history (then it must be rotated). [`TerminalOptions::all_locations`]
//! adds every location, one per line; the JSON report always keeps them all.
//! Colours are written as ANSI styles; the binary strips them when stdout is not a TTY.
//! Every text a scanned repository controls (paths, authors, rule names from its own
//! config, previews) goes through [`escape::terminal`] so it cannot drive the terminal.

use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::{view, Report};
use crate::escape;
use crate::finding::{Finding, GitStatus, Location, SecretStatus, Severity};

const TITLE: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const ROTATE: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .bold();

/// How many current locations the folded view names before `+N more`.
const SHOWN_LOCATIONS: usize = 3;

/// Choices for the terminal view.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TerminalOptions {
    /// List every location of every finding (each history commit too), one per line,
    /// under the folded entry.
    pub all_locations: bool,
}

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

/// Writes the human view of `report` with the default options (history folded).
pub fn write(report: &Report, out: impl Write) -> std::io::Result<()> {
    write_with(report, TerminalOptions::default(), out)
}

/// Writes the human view of `report`.
pub fn write_with(
    report: &Report,
    options: TerminalOptions,
    mut out: impl Write,
) -> std::io::Result<()> {
    let mut order: Vec<(&Finding, String)> = report
        .findings
        .iter()
        .map(|finding| (finding, primary_path(finding)))
        .collect();
    order.sort_by(|(a, a_path), (b, b_path)| {
        (Reverse(a.severity), a_path, &a.rule_id, &a.fingerprint).cmp(&(
            Reverse(b.severity),
            b_path,
            &b.rule_id,
            &b.fingerprint,
        ))
    });
    for (finding, _) in order {
        write_entry(finding, &report.roots, options, &mut out)?;
    }
    write_summary(report, &mut out)
}

/// The path a finding is sorted by: where it is now, else where it was introduced.
fn primary_path(finding: &Finding) -> String {
    finding
        .locations
        .iter()
        .find(|l| l.git != GitStatus::History)
        .map(|l| l.path.clone())
        .or_else(|| finding.introduced.as_ref().map(|i| i.path.clone()))
        .or_else(|| finding.locations.first().map(|l| l.path.clone()))
        .unwrap_or_default()
}

/// A location's path, under its root when several roots were scanned or when the root is
/// not one of them (a nested repository's history locations have its directory as root);
/// a file given on the command line shows as given.
fn shown_path(location: &Location, roots: &[String]) -> String {
    let path = if roots.len() > 1 || !roots.contains(&location.root) {
        if view::is_file_root(location) {
            format!("{}{}", view::root_directory(&location.root), location.path)
        } else {
            format!("{}/{}", location.root.trim_end_matches('/'), location.path)
        }
    } else {
        location.path.clone()
    };
    escape::terminal(&path).into_owned()
}

fn short(commit: &str) -> &str {
    &commit[..commit.len().min(10)]
}

/// The date part of an RFC 3339 time.
fn day(date: &str) -> &str {
    date.get(..10).unwrap_or(date)
}

fn write_entry(
    finding: &Finding,
    roots: &[String],
    options: TerminalOptions,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let style = severity_style(finding.severity);
    // Posture findings carry their description as preview: say it once.
    let preview = if finding.redacted == finding.rule_name {
        String::new()
    } else {
        format!("  {}", finding.redacted)
    };
    writeln!(
        out,
        "{style}{:<8}{style:#} {TITLE}{}{TITLE:#}{preview}  {DIM}fp:{} {}{DIM:#}",
        finding.severity.as_str(),
        escape::terminal(&finding.rule_name),
        &finding.fingerprint.0[..finding.fingerprint.0.len().min(12)],
        finding.rule_id,
    )?;

    let current: Vec<&Location> = finding
        .locations
        .iter()
        .filter(|l| l.git != GitStatus::History)
        .collect();
    let history: Vec<&Location> = finding
        .locations
        .iter()
        .filter(|l| l.git == GitStatus::History)
        .collect();

    if !current.is_empty() {
        let mut names: Vec<String> = current
            .iter()
            .take(SHOWN_LOCATIONS)
            .map(|l| {
                let mark = match l.git {
                    GitStatus::Ignored => " (git-ignored)",
                    GitStatus::Untracked => " (untracked)",
                    _ => "",
                };
                format!("{}:{}{mark}", shown_path(l, roots), l.line)
            })
            .collect();
        if current.len() > SHOWN_LOCATIONS {
            names.push(format!("+{} more", current.len() - SHOWN_LOCATIONS));
        }
        writeln!(out, "  now: {}", names.join(", "))?;
    } else if finding.status == Some(SecretStatus::InHead) {
        writeln!(out, "  now: in HEAD (files not scanned)")?;
    }

    if !history.is_empty() {
        let commits: BTreeSet<&str> = history.iter().filter_map(|l| l.commit.as_deref()).collect();
        let paths: BTreeSet<&str> = history.iter().map(|l| l.path.as_str()).collect();
        let first = match &finding.introduced {
            Some(first) => format!(
                "first {} {} {} ({}), ",
                short(&first.commit),
                day(&first.date),
                escape::terminal(&first.author),
                escape::terminal(&first.path)
            ),
            None => String::new(),
        };
        let rotate = if finding.status == Some(SecretStatus::HistoryOnly) {
            format!("; {ROTATE}history only: rotate it{ROTATE:#}")
        } else {
            String::new()
        };
        writeln!(
            out,
            "  history: {first}{} commit{}, {} path{}{rotate}",
            commits.len(),
            plural(commits.len()),
            paths.len(),
            plural(paths.len()),
        )?;
    }

    if options.all_locations {
        for location in &current {
            let status = match location.git {
                GitStatus::Tracked => "tracked",
                GitStatus::Ignored => "git-ignored",
                GitStatus::Untracked => "untracked",
                GitStatus::NotInRepo => "not in a repository",
                GitStatus::History => "history",
            };
            writeln!(
                out,
                "    {}:{}:{}  {DIM}{status}{}{DIM:#}",
                shown_path(location, roots),
                location.line,
                location.column,
                key_path(location),
            )?;
        }
        let mut history = history;
        history.sort_by(|a, b| {
            (&a.date, &a.commit, &a.path, a.line).cmp(&(&b.date, &b.commit, &b.path, b.line))
        });
        for location in history {
            writeln!(
                out,
                "    {}:{}:{}  {DIM}commit {} {} {}{}{DIM:#}",
                shown_path(location, roots),
                location.line,
                location.column,
                short(location.commit.as_deref().unwrap_or("")),
                day(location.date.as_deref().unwrap_or("")),
                escape::terminal(location.author.as_deref().unwrap_or("")),
                key_path(location),
            )?;
        }
    }
    writeln!(out)
}

fn key_path(location: &Location) -> String {
    location
        .key_path
        .as_deref()
        .map(|k| format!(" key {}", escape::terminal(k)))
        .unwrap_or_default()
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

fn write_summary(report: &Report, out: &mut impl Write) -> std::io::Result<()> {
    let counts = report.counts_by_severity();
    let breakdown: Vec<String> = counts
        .iter()
        .rev()
        .map(|(severity, count)| format!("{count} {severity}"))
        .collect();
    let found = if report.findings.is_empty() {
        "no findings".to_string()
    } else {
        format!(
            "{} finding{} ({})",
            report.findings.len(),
            plural(report.findings.len()),
            breakdown.join(", ")
        )
    };
    writeln!(out, "{TITLE}{found}{TITLE:#}")?;
    let skipped: u64 = report.stats.skipped.values().sum();
    let suppressed: u64 = report.suppressed.counts.values().sum();
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
            plural(report.stats.excluded as usize),
            patterns.join(", ")
        )
    };
    let as_text = match report.stats.read_as_text {
        0 => String::new(),
        n => format!("; {n} read as plain text"),
    };
    // Summary lines hold patterns, repository names and errors a repository controls:
    // each line is escaped whole (they carry no styles of their own).
    let line = format!(
        "scanned {} file{} ({:.1} MB) in {:.2} s; {skipped} skipped; \
         {suppressed} suppressed{suppressed_by}{excluded}{as_text}",
        report.stats.files,
        plural(report.stats.files as usize),
        report.stats.bytes as f64 / 1e6,
        report.stats.seconds,
    );
    writeln!(out, "{}", escape::terminal(&line))?;
    for history in &report.history {
        let mut problems = Vec::new();
        if !history.errors.is_empty() {
            let shown: Vec<&str> = history.errors.iter().take(3).map(String::as_str).collect();
            problems.push(format!(
                "{} error{} (not read: {}{})",
                history.errors.len(),
                plural(history.errors.len()),
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
                plural(history.blobs_absent)
            ));
        }
        if history.shallow {
            problems.push("shallow clone: older history absent".to_string());
        }
        let line = format!(
            "history {}: {} ref{}, {} commit{}, {} of {} blobs scanned{}{}",
            history.repository,
            history.refs,
            plural(history.refs),
            history.commits,
            plural(history.commits),
            history.blobs_scanned,
            history.blobs,
            if problems.is_empty() {
                "; no errors"
            } else {
                "; "
            },
            problems.join("; ")
        );
        writeln!(out, "{}", escape::terminal(&line))?;
    }
    Ok(())
}
