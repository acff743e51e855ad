//! The terminal view of an audit: a verdict per runbook checklist ("credential relocation:
//! 9/13 pass, 3 fail, 1 unknown"), then every failed or unknown item with its evidence and
//! its fix. Reads only the [`Report`] model.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::model::{AuditItem, CheckStatus};
use super::Report;
use crate::escape;

const TITLE: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

fn status_style(status: CheckStatus) -> Style {
    let colour = match status {
        CheckStatus::Pass => AnsiColor::Green,
        CheckStatus::Fail => AnsiColor::Red,
        CheckStatus::Unknown => AnsiColor::Yellow,
        CheckStatus::Attested => AnsiColor::Cyan,
        CheckStatus::NotApplicable => AnsiColor::White,
    };
    Style::new().fg_color(Some(colour.into())).bold()
}

/// The lowercase name of a status, as in the JSON report.
pub fn status_name(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "pass",
        CheckStatus::Fail => "fail",
        CheckStatus::Unknown => "unknown",
        CheckStatus::Attested => "attested",
        CheckStatus::NotApplicable => "not_applicable",
    }
}

/// Writes the audit view of `report` (nothing when it has no audit section).
pub fn write(report: &Report, mut out: impl Write) -> std::io::Result<()> {
    let Some(audit) = &report.audit else {
        return Ok(());
    };
    if audit.checklists.is_empty() {
        writeln!(
            out,
            "No checklist applies to {}: name one with --checklist (000, 001, 002, 003, 004 or a file).",
            escape::terminal(&report.roots.join(", "))
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "{TITLE}Audit of {}{TITLE:#}",
        escape::terminal(&report.roots.join(", "))
    )?;
    let inputs = &audit.evidence;
    let mut given = vec![format!("vault: {}", inputs.vault)];
    for (name, value) in [
        ("index", &inputs.vault_index),
        ("audit log", &inputs.audit_log),
        ("attestations", &inputs.attestations),
        ("before", &inputs.before),
    ] {
        if let Some(value) = value {
            given.push(format!("{name}: {value}"));
        }
    }
    writeln!(
        out,
        "{DIM}evidence: {}{DIM:#}",
        escape::terminal(&given.join(", "))
    )?;
    writeln!(out)?;
    for list in &audit.checklists {
        let c = list.counts;
        let decided = list.items.len() as u32 - c.not_applicable;
        let mut parts = vec![format!("{}/{decided} pass", c.pass)];
        for (n, name) in [
            (c.fail, "fail"),
            (c.unknown, "unknown"),
            (c.attested, "attested"),
            (c.not_applicable, "not applicable"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {name}"));
            }
        }
        let verdict = if c.fail > 0 {
            CheckStatus::Fail
        } else if c.unknown > 0 {
            CheckStatus::Unknown
        } else {
            CheckStatus::Pass
        };
        let style = status_style(verdict);
        writeln!(
            out,
            "{style}{:<8}{style:#} {TITLE}{}{TITLE:#}: {}  {DIM}({}; {}){DIM:#}",
            status_name(verdict),
            escape::terminal(&list.title),
            parts.join(", "),
            escape::terminal(&list.source),
            escape::terminal(&list.chosen_because)
        )?;
    }
    for list in &audit.checklists {
        let open: Vec<&AuditItem> = list
            .items
            .iter()
            .filter(|i| matches!(i.status, CheckStatus::Fail | CheckStatus::Unknown))
            .collect();
        if open.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "{TITLE}{}{TITLE:#}", escape::terminal(&list.title))?;
        for item in open {
            let style = status_style(item.status);
            writeln!(
                out,
                "  {style}{:<7}{style:#} {TITLE}{}{TITLE:#} [{}] {}",
                status_name(item.status),
                escape::terminal(&item.id),
                item.severity,
                escape::terminal(&item.text)
            )?;
            writeln!(
                out,
                "          {}",
                escape::terminal(&item.evidence.statement)
            )?;
            for location in item.evidence.locations.iter().take(8) {
                let line = if location.line > 0 {
                    format!(":{}", location.line)
                } else {
                    String::new()
                };
                let commit = location
                    .commit
                    .as_deref()
                    .map(|c| format!(" (commit {})", &c[..c.len().min(10)]))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "          {DIM}at{DIM:#} {}{line}{commit}",
                    escape::terminal(&location.path)
                )?;
            }
            if item.evidence.locations.len() > 8 {
                writeln!(
                    out,
                    "          {DIM}… and {} more{DIM:#}",
                    item.evidence.locations.len() - 8
                )?;
            }
            if !item.evidence.vault_paths.is_empty() {
                writeln!(
                    out,
                    "          {DIM}vault:{DIM:#} {}",
                    escape::terminal(&item.evidence.vault_paths.join(", "))
                )?;
            }
            writeln!(
                out,
                "          {DIM}fix:{DIM:#} {}",
                escape::terminal(&item.fix)
            )?;
        }
    }
    let total = |f: fn(&super::model::AuditCounts) -> u32| -> u32 {
        audit.checklists.iter().map(|c| f(&c.counts)).sum()
    };
    writeln!(out)?;
    writeln!(
        out,
        "{} checklist(s): {} pass, {} fail, {} unknown, {} attested, {} not applicable",
        audit.checklists.len(),
        total(|c| c.pass),
        total(|c| c.fail),
        total(|c| c.unknown),
        total(|c| c.attested),
        total(|c| c.not_applicable)
    )
}
