//! The HTML report: one self-contained page (inline CSS, SVG-free bars, a little JS; no
//! network) rendered with askama from view-model structs computed here. Templates in
//! `templates/` hold only `if` and `for`.
//!
//! The page opens on a verdict per runbook checklist, then the checklist as the spine
//! (each item with status, evidence, fix and links to the findings, places and Vault paths
//! behind it), the SoR inventory, findings grouped by secret, Vault posture, and what was
//! scanned and skipped. Large tables travel as compact JSON (strings interned once) that
//! the page's script renders a page at a time, so 100,000 findings stay a few MB.

use std::collections::BTreeMap;
use std::io::Write;

use askama::Template;
use serde::Serialize;

use super::diff::DiffReport;
use super::model::{AuditItem, CheckStatus, VaultSection};
use super::view::{self, check_status_label, check_status_symbol};
use super::Report;
use crate::finding::{defang, Finding, Severity};

/// Skipped files listed one by one at most (the rest are counted).
const MAX_SKIPPED_LISTED: usize = 200;
/// Vault secrets listed one by one at most.
const MAX_VAULT_SECRETS_LISTED: usize = 500;
/// Links from one checklist item to findings or places, at most.
const MAX_ITEM_LINKS: usize = 20;

/// A link.
struct Link {
    href: String,
    label: String,
}

/// One coloured segment of a progress bar.
struct Segment {
    class: &'static str,
    percent: String,
    label: String,
}

/// A verdict card: one per checklist, or one for the scan when there is no audit.
struct Verdict {
    title: String,
    href: String,
    sentence: String,
    segments: Vec<Segment>,
    change: String,
}

/// A key number.
struct Stat {
    label: String,
    value: String,
    class: &'static str,
}

/// One checklist item as the page shows it.
struct ItemView {
    id: String,
    anchor: String,
    text: String,
    quote: String,
    status_class: &'static str,
    status_label: &'static str,
    status_symbol: &'static str,
    evidence: String,
    fix: String,
    findings: Vec<Link>,
    places: Vec<String>,
    more_places: usize,
    vault_paths: Vec<Link>,
    attestation: String,
}

/// One checklist.
struct ChecklistView {
    anchor: String,
    title: String,
    source: String,
    chosen_because: String,
    verdict: String,
    open: bool,
    items: Vec<ItemView>,
}

/// A Vault posture check row.
struct CheckRow {
    title: String,
    status_class: &'static str,
    status_label: &'static str,
    status_symbol: &'static str,
    evidence: String,
}

/// The Vault section.
struct VaultView {
    source: String,
    address: String,
    gathered_at: String,
    errors: Vec<String>,
    facts: Vec<(String, String)>,
    checks: Vec<CheckRow>,
    secrets: Vec<(String, String, String)>,
    secrets_more: usize,
    missing: Vec<(String, String)>,
}

/// The provenance footer.
struct Footer {
    tool: String,
    checklists: Vec<String>,
    generated_at: String,
    scope: String,
    sha256: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    title: String,
    scope: String,
    generated_at: String,
    overall: String,
    overall_class: &'static str,
    verdicts: Vec<Verdict>,
    stats: Vec<Stat>,
    change: String,
    checklists: Vec<ChecklistView>,
    findings_total: usize,
    findings_json: String,
    inventory_total: usize,
    inventory_json: String,
    vault: Option<VaultView>,
    scanned: Vec<(String, String)>,
    skipped: Vec<(String, String, String)>,
    skipped_more: usize,
    history: Vec<(String, String)>,
    merged: Vec<(String, String)>,
    footer: Footer,
}

#[derive(Template)]
#[template(path = "diff.html")]
struct DiffPage {
    title: String,
    generated_at: String,
    stats: Vec<Stat>,
    checklists: Vec<(String, String)>,
    items: Vec<DiffItemRow>,
    findings_total: usize,
    findings_json: String,
    inventory_total: usize,
    inventory_json: String,
    footer: Footer,
}

/// A checklist item whose status changed, as the diff page shows it.
struct DiffItemRow {
    id: String,
    text: String,
    before_class: &'static str,
    before: String,
    after_class: &'static str,
    after: String,
}

/// A table for the page's script: columns, interned strings, rows of string indexes.
#[derive(Serialize)]
struct TableData {
    columns: Vec<Column>,
    /// Every distinct string, joined with newlines (one JSON string, so no two data
    /// strings sit side by side as `"label","value"`, which a secret scanner reads as an
    /// assignment).
    #[serde(serialize_with = "joined_lines")]
    strings: Vec<String>,
    /// Each row: anchor string index (or -1), then one cell per column.
    rows: Vec<Vec<serde_json::Value>>,
    #[serde(skip)]
    index: BTreeMap<String, usize>,
}

#[derive(Serialize)]
struct Column {
    label: &'static str,
    /// `text`, `code`, `status`, `locs` (list of strings), `links` (href, label pairs).
    kind: &'static str,
    /// Facet values with their counts, in display order (empty: no facet).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    facets: Vec<(String, usize)>,
    /// Sort rank of values (severity, statuses); absent: alphabetical.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    order: Vec<&'static str>,
}

impl Column {
    /// A column sorted alphabetically; its facets are counted when the table is built.
    fn new(label: &'static str, kind: &'static str) -> Self {
        Self::ordered(label, kind, Vec::new())
    }

    /// A column whose values sort by their rank in `order` (severities, statuses).
    fn ordered(label: &'static str, kind: &'static str, order: Vec<&'static str>) -> Self {
        Column {
            label,
            kind,
            facets: Vec::new(),
            order,
        }
    }
}

impl TableData {
    fn new(columns: Vec<Column>) -> Self {
        TableData {
            columns,
            strings: Vec::new(),
            rows: Vec::new(),
            index: BTreeMap::new(),
        }
    }

    fn intern(&mut self, s: &str) -> usize {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        self.strings.push(s.replace(['\n', '\r'], " "));
        self.index.insert(s.to_string(), self.strings.len() - 1);
        self.strings.len() - 1
    }

    fn text(&mut self, s: &str) -> serde_json::Value {
        self.intern(s).into()
    }

    fn list(&mut self, items: &[String]) -> serde_json::Value {
        items
            .iter()
            .map(|s| self.intern(s))
            .collect::<Vec<_>>()
            .into()
    }

    fn links(&mut self, links: &[Link]) -> serde_json::Value {
        links
            .iter()
            .flat_map(|l| [l.href.as_str(), l.label.as_str()])
            .map(|s| self.intern(s))
            .collect::<Vec<_>>()
            .into()
    }

    /// Counts the values of every facet column (cells are string indexes).
    fn count_facets(&mut self) {
        for (c, column) in self.columns.iter_mut().enumerate() {
            if column.order.is_empty()
                && column.kind != "status"
                && column.label != "System"
                && column.label != "Workspace"
            {
                continue;
            }
            let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
            for row in &self.rows {
                if let Some(i) = row[c + 1].as_u64() {
                    *counts.entry(i as usize).or_default() += 1;
                }
            }
            let mut facets: Vec<(String, usize)> = counts
                .into_iter()
                .map(|(i, n)| (self.strings[i].clone(), n))
                .collect();
            let rank = |v: &str| {
                column
                    .order
                    .iter()
                    .position(|o| *o == v)
                    .unwrap_or(usize::MAX)
            };
            facets.sort_by(|a, b| rank(&a.0).cmp(&rank(&b.0)).then(a.0.cmp(&b.0)));
            column.facets = facets;
        }
    }

    /// The JSON for a `<script type="application/json">` element: `<` escaped so no
    /// string in the data can close the element.
    fn to_script_json(&self) -> String {
        serde_json::to_string(self)
            .expect("table data serialises")
            .replace('<', "\\u003c")
    }
}

fn joined_lines<S: serde::Serializer>(
    strings: &[String],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&strings.join("\n"))
}

const SEVERITY_ORDER: [&str; 5] = ["critical", "high", "medium", "low", "info"];
const VAULT_ORDER: [&str; 5] = [
    "not_in_vault",
    "elsewhere",
    "rotated",
    "unknown",
    "at_expected_path",
];
const HISTORY_ORDER: [&str; 4] = ["history_only", "in_head", "in_working_tree", "not_scanned"];

fn status_class(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "s-pass",
        CheckStatus::Fail => "s-fail",
        CheckStatus::Unknown => "s-unknown",
        CheckStatus::Attested => "s-attested",
        CheckStatus::NotApplicable => "s-na",
    }
}

/// A stable, HTML-id-safe form of `text`.
fn anchor(prefix: &str, text: &str) -> String {
    let mut out = String::from(prefix);
    for c in text.chars() {
        out.push(if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            c
        } else {
            '-'
        });
    }
    out
}

/// Finding anchors: `f-` and the first 16 hex digits of the fingerprint (suffixed when two
/// rules share one fingerprint).
fn finding_anchors(findings: &[Finding]) -> (Vec<String>, BTreeMap<String, String>) {
    let mut anchors = Vec::with_capacity(findings.len());
    let mut first_by_fp = BTreeMap::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for f in findings {
        let base = anchor("f-", &f.fingerprint.0[..f.fingerprint.0.len().min(16)]);
        let n = seen.entry(base.clone()).or_default();
        let id = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        first_by_fp
            .entry(f.fingerprint.0.clone())
            .or_insert_with(|| id.clone());
        anchors.push(id);
    }
    (anchors, first_by_fp)
}

fn segments(counts: &[(u32, &'static str, &'static str)]) -> Vec<Segment> {
    let total: u32 = counts.iter().map(|c| c.0).sum();
    counts
        .iter()
        .filter(|c| c.0 > 0 && total > 0)
        .map(|&(n, class, word)| Segment {
            class,
            percent: format!("{:.2}", f64::from(n) * 100.0 / f64::from(total)),
            label: format!("{n} {word}"),
        })
        .collect()
}

fn scope_of(report: &Report) -> String {
    let roots: Vec<String> = report.roots.iter().map(|r| view::root_label(r)).collect();
    match roots.len() {
        0 => "nothing".to_string(),
        1 => roots[0].clone(),
        n if n <= 4 => roots.join(", "),
        n => format!("{n} repositories"),
    }
}

fn item_view(
    item: &AuditItem,
    by_fp: &BTreeMap<String, String>,
    vault_anchors: &BTreeMap<String, String>,
) -> ItemView {
    let e = &item.evidence;
    let findings = e
        .fingerprints
        .iter()
        .filter_map(|fp| by_fp.get(fp).map(|a| (fp, a)))
        .take(MAX_ITEM_LINKS)
        .map(|(fp, a)| Link {
            href: format!("#{a}"),
            label: format!("finding {}", &fp[..fp.len().min(8)]),
        })
        .collect();
    let places: Vec<String> = e
        .locations
        .iter()
        .take(MAX_ITEM_LINKS)
        .map(|l| {
            let mut s = view::safe_path(&l.path);
            if l.line > 0 {
                s.push_str(&format!(":{}", l.line));
            }
            if let Some(c) = &l.commit {
                s.push_str(&format!(" @{}", view::short_commit(c)));
            }
            s
        })
        .collect();
    let vault_paths = e
        .vault_paths
        .iter()
        .take(MAX_ITEM_LINKS)
        .map(|p| Link {
            href: vault_anchors
                .get(p)
                .map(|a| format!("#{a}"))
                .unwrap_or_default(),
            label: p.clone(),
        })
        .collect();
    let attestation = e
        .attestation
        .as_ref()
        .map(|a| {
            let mut s = format!("Signed off by {} on {}", a.by, a.date);
            if let Some(x) = &a.expires {
                s.push_str(&format!(", until {x}"));
            }
            if !a.note.is_empty() {
                s.push_str(&format!(": {}", a.note));
            }
            s
        })
        .unwrap_or_default();
    ItemView {
        id: item.id.clone(),
        anchor: anchor("i-", &item.id),
        text: item.text.clone(),
        quote: if item.source.quote.trim() == item.text.trim() {
            String::new()
        } else {
            item.source.quote.clone()
        },
        status_class: status_class(item.status),
        status_label: check_status_label(item.status),
        status_symbol: check_status_symbol(item.status),
        evidence: e.statement.clone(),
        fix: if view::is_done(item.status) || item.status == CheckStatus::NotApplicable {
            String::new()
        } else {
            item.fix.clone()
        },
        findings,
        more_places: e.locations.len().saturating_sub(places.len()),
        places,
        vault_paths,
        attestation,
    }
}

fn vault_anchor_map(vault: Option<&VaultSection>) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    if let Some(v) = vault {
        for s in &v.secrets {
            let path = format!("{}/{}", s.mount.trim_end_matches('/'), s.path);
            map.insert(path.clone(), anchor("v-", &path));
        }
        for p in &v.missing_paths {
            map.entry(p.clone()).or_insert_with(|| anchor("v-", p));
        }
    }
    map
}

fn vault_view(v: &VaultSection, anchors: &BTreeMap<String, String>) -> VaultView {
    let mut facts = Vec::new();
    if let Some(seal) = &v.seal {
        facts.push((
            "Seal".to_string(),
            format!(
                "{}{}{}",
                if seal.sealed { "sealed" } else { "unsealed" },
                seal.version
                    .as_ref()
                    .map(|x| format!(", version {x}"))
                    .unwrap_or_default(),
                seal.seal_type
                    .as_ref()
                    .map(|x| format!(", {x} seal"))
                    .unwrap_or_default()
            ),
        ));
    }
    let list = |name: &str, items: Option<Vec<String>>| {
        (
            name.to_string(),
            match items {
                None => "could not be read".to_string(),
                Some(v) if v.is_empty() => "none".to_string(),
                Some(v) => v.join(", "),
            },
        )
    };
    facts.push(list(
        "Mounts",
        v.mounts.as_ref().map(|m| {
            m.iter()
                .map(|m| {
                    format!(
                        "{} ({}{})",
                        m.path,
                        m.kind,
                        m.version.map(|x| format!(" v{x}")).unwrap_or_default()
                    )
                })
                .collect()
        }),
    ));
    facts.push(list(
        "Auth methods",
        v.auth_methods.as_ref().map(|m| {
            m.iter()
                .map(|a| format!("{} ({})", a.path, a.kind))
                .collect()
        }),
    ));
    facts.push(list(
        "Policies",
        v.policies
            .as_ref()
            .map(|p| p.iter().map(|p| p.name.clone()).collect()),
    ));
    facts.push(list(
        "Audit devices",
        v.audit_devices.as_ref().map(|d| {
            d.iter()
                .map(|d| format!("{} ({})", d.path, d.kind))
                .collect()
        }),
    ));
    if let Some(log) = &v.audit_log {
        let reads: u64 = log.reads.iter().map(|r| r.count).sum();
        facts.push((
            "Audit log".to_string(),
            format!(
                "{}: {} lines, {reads} reads of credentials by {} identities (vaultproof's own {} excluded)",
                view::root_label(&log.file),
                log.lines,
                log.reads.iter().map(|r| &r.display_name).collect::<std::collections::BTreeSet<_>>().len(),
                log.own_reads
            ),
        ));
    }
    VaultView {
        source: v.source.clone(),
        address: defang(&v.address),
        gathered_at: v.gathered_at.clone().unwrap_or_default(),
        errors: v.errors.clone(),
        facts,
        checks: v
            .checks
            .iter()
            .map(|c| CheckRow {
                title: c.title.clone(),
                status_class: status_class(c.status),
                status_label: check_status_label(c.status),
                status_symbol: check_status_symbol(c.status),
                evidence: c.evidence.clone(),
            })
            .collect(),
        secrets: v
            .secrets
            .iter()
            .take(MAX_VAULT_SECRETS_LISTED)
            .map(|s| {
                let path = format!("{}/{}", s.mount.trim_end_matches('/'), s.path);
                let detail = format!(
                    "{} keys{}{}",
                    s.keys.len(),
                    s.current_version
                        .map(|x| format!(", version {x}"))
                        .unwrap_or_default(),
                    s.updated_time
                        .as_ref()
                        .map(|x| format!(", updated {x}"))
                        .unwrap_or_default()
                );
                (
                    anchors.get(&path).cloned().unwrap_or_default(),
                    path,
                    detail,
                )
            })
            .collect(),
        secrets_more: v.secrets.len().saturating_sub(MAX_VAULT_SECRETS_LISTED),
        missing: v
            .missing_paths
            .iter()
            .map(|p| (anchors.get(p).cloned().unwrap_or_default(), p.clone()))
            .collect(),
    }
}

fn findings_table(report: &Report, item_links: &BTreeMap<String, Vec<Link>>) -> TableData {
    let several = report.roots.len() > 1;
    let (anchors, _) = finding_anchors(&report.findings);
    let mut t = TableData::new(vec![
        Column::ordered("Severity", "status", SEVERITY_ORDER.to_vec()),
        Column::new("Credential", "text"),
        Column::new("Value (redacted)", "code"),
        Column::new("Where", "locs"),
        Column::ordered("Vault", "status", VAULT_ORDER.to_vec()),
        Column::ordered("History", "status", HISTORY_ORDER.to_vec()),
        Column::new("First commit", "text"),
        Column::new("Checklist", "links"),
    ]);
    for (f, anchor) in report.findings.iter().zip(&anchors) {
        let places: Vec<String> = f
            .locations
            .iter()
            .map(|l| {
                let mut s = view::location_text(l, several);
                if let Some(k) = &l.key_path {
                    s.push_str(" (");
                    s.push_str(k);
                    s.push(')');
                }
                s
            })
            .collect();
        let first = f
            .introduced
            .as_ref()
            .map(|i| {
                format!(
                    "{} {} {}",
                    view::short_commit(&i.commit),
                    i.date.get(..10).unwrap_or(&i.date),
                    i.author
                )
            })
            .unwrap_or_default();
        let links = item_links
            .get(&f.fingerprint.0)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let row = vec![
            t.text(anchor),
            t.text(f.severity.as_str()),
            t.text(&format!("{} · {}", f.rule_name, f.provider)),
            t.text(&f.redacted),
            t.list(&places),
            t.text(view::vault_status_name(f.vault.as_ref())),
            t.text(view::history_status_name(f.status)),
            t.text(&first),
            t.links(links),
        ];
        t.rows.push(row);
    }
    t.count_facets();
    t
}

fn inventory_table(report: &Report, by_fp: &BTreeMap<String, String>) -> TableData {
    let with_workspace = report.inventory.iter().any(|r| !r.workspace.is_empty());
    let mut columns = vec![
        Column::new("System", "text"),
        Column::new("Endpoint", "code"),
        Column::new("Credential", "links"),
        Column::new("Where it lives", "text"),
        Column::new("Expected Vault path", "code"),
        Column::ordered("Vault", "status", VAULT_ORDER.to_vec()),
    ];
    if with_workspace {
        columns.push(Column::new("Workspace", "text"));
    }
    let mut t = TableData::new(columns);
    for r in &report.inventory {
        let credential = if r.credential_type.is_empty() {
            "(endpoint only)".to_string()
        } else {
            r.credential_type.clone()
        };
        let link = [Link {
            href: by_fp
                .get(&r.fingerprint)
                .map(|a| format!("#{a}"))
                .unwrap_or_default(),
            label: credential,
        }];
        let mut place = view::safe_path(&r.location);
        if !r.key_path.is_empty() {
            place.push_str(&format!(" ({})", r.key_path));
        }
        let mut row = vec![
            serde_json::Value::from(-1),
            t.text(if r.system.is_empty() {
                "(none)"
            } else {
                &r.system
            }),
            t.text(&defang(&r.endpoint)),
            t.links(&link),
            t.text(&place),
            t.text(&r.expected_vault_path),
            t.text(view::vault_status_name(r.vault.as_ref())),
        ];
        if with_workspace {
            row.push(t.text(&r.workspace));
        }
        t.rows.push(row);
    }
    t.count_facets();
    t
}

/// One sentence over every checklist (or over the findings, without an audit), and the
/// status colour it is shown in.
fn overall_verdict(report: &Report) -> (String, &'static str) {
    let Some(audit) = &report.audit else {
        return if report.findings.is_empty() {
            ("No plaintext credential found.".to_string(), "s-pass")
        } else {
            (
                format!(
                    "{} to move into Vault (no audit checklist was evaluated).",
                    view::plural(report.findings.len(), "finding", "findings")
                ),
                "s-fail",
            )
        };
    };
    let mut c = crate::report::model::AuditCounts::default();
    for checklist in &audit.checklists {
        let k = &checklist.counts;
        c.pass += k.pass;
        c.fail += k.fail;
        c.unknown += k.unknown;
        c.attested += k.attested;
    }
    let total = c.pass + c.fail + c.unknown + c.attested;
    let done = c.pass + c.attested;
    if c.fail > 0 {
        (
            format!(
                "Not done: {} of {total} items fail{}; {done} pass or are attested.",
                c.fail,
                if c.unknown > 0 {
                    format!(" and {} lack evidence", c.unknown)
                } else {
                    String::new()
                }
            ),
            "s-fail",
        )
    } else if c.unknown > 0 {
        (
            format!(
                "Not proven yet: no item fails, but {} of {total} items lack evidence; {done} pass or are attested.",
                c.unknown
            ),
            "s-unknown",
        )
    } else {
        (
            format!("Done: all {total} items pass or are attested."),
            "s-pass",
        )
    }
}

fn footer(report: &Report) -> Footer {
    let mut scope = format!(
        "{} ({} files, {} bytes",
        scope_of(report),
        report.stats.files,
        report.stats.bytes
    );
    let commits: usize = report.history.iter().map(|h| h.commits).sum();
    if !report.history.is_empty() {
        scope.push_str(&format!(", {commits} commits of history"));
    }
    scope.push(')');
    Footer {
        tool: format!("{} {}", report.tool.name, report.tool.version),
        checklists: report
            .audit
            .iter()
            .flat_map(|a| &a.checklists)
            .map(|c| format!("{} (from {})", c.id, c.source))
            .collect(),
        generated_at: report
            .generated_at
            .clone()
            .unwrap_or_else(|| "not recorded".to_string()),
        scope,
        sha256: view::json_sha256(report),
    }
}

/// Writes `report` as one self-contained HTML page.
pub fn write(report: &Report, mut out: impl Write) -> std::io::Result<()> {
    let page = report_page(report);
    let html = page.render().map_err(std::io::Error::other)?;
    out.write_all(html.as_bytes())
}

fn report_page(report: &Report) -> ReportPage {
    let (_, by_fp) = finding_anchors(&report.findings);
    let vault_anchors = vault_anchor_map(report.vault.as_ref());
    let mut verdicts = Vec::new();
    let mut checklists = Vec::new();
    let mut item_links: BTreeMap<String, Vec<Link>> = BTreeMap::new();
    if let Some(audit) = &report.audit {
        for c in &audit.checklists {
            let k = &c.counts;
            let change = report
                .change
                .as_ref()
                .and_then(|ch| ch.checklists.iter().find(|x| x.id == c.id))
                .map(|x| {
                    let d = i64::from(x.passed_now) - i64::from(x.passed_before);
                    format!(
                        "{d:+} passing since the previous report ({} → {})",
                        x.passed_before, x.passed_now
                    )
                })
                .unwrap_or_default();
            let anchor_id = anchor("c-", &c.id);
            verdicts.push(Verdict {
                title: c.title.clone(),
                href: format!("#{anchor_id}"),
                sentence: view::verdict_counts(c),
                segments: segments(&[
                    (k.pass, "s-pass", "pass"),
                    (k.attested, "s-attested", "attested"),
                    (k.fail, "s-fail", "fail"),
                    (k.unknown, "s-unknown", "unknown"),
                    (k.not_applicable, "s-na", "not applicable"),
                ]),
                change,
            });
            for item in &c.items {
                for fp in &item.evidence.fingerprints {
                    let links = item_links.entry(fp.clone()).or_default();
                    if links.len() < MAX_ITEM_LINKS {
                        links.push(Link {
                            href: format!("#{}", anchor("i-", &item.id)),
                            label: format!("{} ({})", item.id, check_status_label(item.status)),
                        });
                    }
                }
            }
            checklists.push(ChecklistView {
                anchor: anchor_id,
                title: c.title.clone(),
                source: c.source.clone(),
                chosen_because: c.chosen_because.clone(),
                verdict: view::verdict_counts(c),
                open: true,
                items: c
                    .items
                    .iter()
                    .map(|i| item_view(i, &by_fp, &vault_anchors))
                    .collect(),
            });
        }
    }
    let credential_rows: Vec<_> = report
        .inventory
        .iter()
        .filter(|r| !r.fingerprint.is_empty())
        .collect();
    if report.audit.is_none() {
        let is_secret = |f: &&Finding| {
            !matches!(
                f.kind,
                crate::finding::FindingKind::Endpoint | crate::finding::FindingKind::Posture
            )
        };
        let mut counts: BTreeMap<Severity, usize> = BTreeMap::new();
        for f in report.findings.iter().filter(is_secret) {
            *counts.entry(f.severity).or_default() += 1;
        }
        let secrets = report.findings.iter().filter(is_secret).count();
        verdicts.push(Verdict {
            title: "Plaintext credentials".to_string(),
            href: "#findings".to_string(),
            sentence: if secrets == 0 {
                "none found in the scanned files and history".to_string()
            } else {
                format!(
                    "{} still in plaintext",
                    view::plural(secrets, "credential", "credentials")
                )
            },
            segments: segments(&[
                (
                    *counts.get(&Severity::Critical).unwrap_or(&0) as u32,
                    "sev-critical",
                    "critical",
                ),
                (
                    *counts.get(&Severity::High).unwrap_or(&0) as u32,
                    "sev-high",
                    "high",
                ),
                (
                    *counts.get(&Severity::Medium).unwrap_or(&0) as u32,
                    "sev-medium",
                    "medium",
                ),
                (
                    *counts.get(&Severity::Low).unwrap_or(&0) as u32,
                    "sev-low",
                    "low",
                ),
                (
                    *counts.get(&Severity::Info).unwrap_or(&0) as u32,
                    "sev-info",
                    "info",
                ),
            ]),
            change: String::new(),
        });
        let at = credential_rows
            .iter()
            .filter(|r| {
                r.vault
                    .as_ref()
                    .is_some_and(|v| v.status == crate::report::model::VaultStatus::AtExpectedPath)
            })
            .count() as u32;
        let unknown = credential_rows
            .iter()
            .filter(|r| {
                r.vault
                    .as_ref()
                    .is_none_or(|v| v.status == crate::report::model::VaultStatus::Unknown)
            })
            .count() as u32;
        let total = credential_rows.len() as u32;
        verdicts.push(Verdict {
            title: "Credential inventory in Vault".to_string(),
            href: "#inventory".to_string(),
            sentence: format!(
                "{at}/{total} at their expected Vault path{}",
                if unknown > 0 {
                    format!(", {unknown} without Vault evidence")
                } else {
                    String::new()
                }
            ),
            segments: segments(&[
                (at, "s-pass", "at expected path"),
                (total - at - unknown, "s-fail", "not there"),
                (unknown, "s-unknown", "unknown"),
            ]),
            change: String::new(),
        });
    }
    let history_only = report
        .findings
        .iter()
        .filter(|f| f.status == Some(crate::finding::SecretStatus::HistoryOnly))
        .count();
    let not_in_vault = report
        .findings
        .iter()
        .filter(|f| {
            f.vault
                .as_ref()
                .is_some_and(|v| v.status == crate::report::model::VaultStatus::NotInVault)
        })
        .count();
    let mut stats = vec![
        Stat {
            label: "findings".to_string(),
            value: report.findings.len().to_string(),
            class: if report.findings.is_empty() {
                "ok"
            } else {
                "bad"
            },
        },
        if report.history.is_empty() {
            Stat {
                label: "git history: not scanned".to_string(),
                value: "–".to_string(),
                class: "",
            }
        } else {
            Stat {
                label: "only in git history (rotate)".to_string(),
                value: history_only.to_string(),
                class: if history_only == 0 { "ok" } else { "bad" },
            }
        },
        Stat {
            label: "inventory rows".to_string(),
            value: report.inventory.len().to_string(),
            class: "",
        },
    ];
    if report.vault.is_some() {
        stats.push(Stat {
            label: "not in Vault".to_string(),
            value: not_in_vault.to_string(),
            class: if not_in_vault == 0 { "ok" } else { "bad" },
        });
    }
    stats.push(Stat {
        label: "files scanned".to_string(),
        value: report.stats.files.to_string(),
        class: "",
    });
    let change = report
        .change
        .as_ref()
        .map(|c| {
            format!(
                "Since {}{}: {} fixed, {} new, {} still present.",
                c.previous,
                c.previous_generated_at
                    .as_ref()
                    .map(|t| format!(" ({t})"))
                    .unwrap_or_default(),
                c.fixed,
                c.new,
                c.still_present
            )
        })
        .unwrap_or_default();
    let findings = findings_table(report, &item_links);
    let inventory = inventory_table(report, &by_fp);
    let mut scanned = vec![
        (
            "Roots".to_string(),
            report
                .roots
                .iter()
                .map(|r| view::root_label(r))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("Files scanned".to_string(), report.stats.files.to_string()),
        ("Bytes scanned".to_string(), report.stats.bytes.to_string()),
        ("Rules".to_string(), report.stats.rules.to_string()),
        (
            "Scan time".to_string(),
            format!("{:.2} s", report.stats.seconds),
        ),
    ];
    for (reason, n) in &report.stats.skipped {
        scanned.push((
            format!("Skipped: {}", reason.as_str().replace('_', " ")),
            n.to_string(),
        ));
    }
    for (reason, n) in &report.suppressed.counts {
        scanned.push((
            format!(
                "Suppressed: {}",
                serde_json::to_value(reason)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
                    .replace('_', " ")
            ),
            n.to_string(),
        ));
    }
    if !report.excluded.is_empty() {
        let mut globs: BTreeMap<String, usize> = BTreeMap::new();
        for e in &report.excluded {
            let origin = if e.origin.starts_with("--") {
                e.origin.clone()
            } else {
                view::root_label(&e.origin)
            };
            *globs
                .entry(format!("{} (from {origin})", e.pattern))
                .or_default() += 1;
        }
        for (glob, n) in globs {
            scanned.push((
                format!("Excluded by {glob}"),
                view::plural(n, "path", "paths"),
            ));
        }
    }
    scanned.push((
        "References to Vault and other stores".to_string(),
        report.references.len().to_string(),
    ));
    let history = report
        .history
        .iter()
        .map(|h| {
            (
                view::root_label(&h.repository),
                format!(
                    "{} refs, {} commits, {} unique blobs ({} scanned, {} too large, {} binary){}{}{}",
                    h.refs,
                    h.commits,
                    h.blobs,
                    h.blobs_scanned,
                    h.blobs_too_large,
                    h.blobs_binary,
                    if h.shallow { "; shallow clone: older history absent" } else { "" },
                    if h.blobs_absent > 0 {
                        format!("; partial clone: {} blobs absent, not scanned", h.blobs_absent)
                    } else {
                        String::new()
                    },
                    if h.errors.is_empty() { String::new() } else { format!("; {} unreadable objects", h.errors.len()) }
                ),
            )
        })
        .collect();
    let (overall, overall_class) = overall_verdict(report);
    ReportPage {
        overall,
        overall_class,
        title: format!("vaultproof report: {}", scope_of(report)),
        scope: scope_of(report),
        generated_at: report.generated_at.clone().unwrap_or_default(),
        verdicts,
        stats,
        change,
        checklists,
        findings_total: report.findings.len(),
        findings_json: findings.to_script_json(),
        inventory_total: report.inventory.len(),
        inventory_json: inventory.to_script_json(),
        vault: report.vault.as_ref().map(|v| vault_view(v, &vault_anchors)),
        scanned,
        skipped: report
            .skipped
            .iter()
            .take(MAX_SKIPPED_LISTED)
            .map(|s| {
                (
                    view::safe_path(&s.path),
                    s.reason.as_str().replace('_', " "),
                    s.detail.clone(),
                )
            })
            .collect(),
        skipped_more: report.skipped.len().saturating_sub(MAX_SKIPPED_LISTED),
        history,
        merged: report
            .merged_from
            .iter()
            .map(|m| {
                (
                    m.file.clone(),
                    format!(
                        "{} ({} findings)",
                        m.roots
                            .iter()
                            .map(|r| view::root_label(r))
                            .collect::<Vec<_>>()
                            .join(", "),
                        m.findings
                    ),
                )
            })
            .collect(),
        footer: footer(report),
    }
}

/// Writes a diff as one self-contained HTML page.
pub fn write_diff(diff: &DiffReport, mut out: impl Write) -> std::io::Result<()> {
    let mut t = TableData::new(vec![
        Column::ordered("Change", "status", vec!["new", "still_present", "fixed"]),
        Column::ordered("Severity", "status", SEVERITY_ORDER.to_vec()),
        Column::new("Credential", "text"),
        Column::new("Value (redacted)", "code"),
        Column::new("Where", "locs"),
        Column::new("Vault before → after", "text"),
    ]);
    for (change, list) in [
        ("new", &diff.new),
        ("still_present", &diff.still_present),
        ("fixed", &diff.fixed),
    ] {
        for f in list {
            let places: Vec<String> = f.locations.clone();
            let vault = format!(
                "{} → {}",
                f.vault_before.map_or("absent", |s| s.as_str()),
                f.vault_after.map_or("gone", |s| s.as_str())
            );
            let row = vec![
                serde_json::Value::from(-1),
                t.text(change),
                t.text(f.severity.as_str()),
                t.text(&f.rule_name),
                t.text(&f.redacted),
                t.list(&places),
                t.text(&vault),
            ];
            t.rows.push(row);
        }
    }
    t.count_facets();
    let mut inv = TableData::new(vec![
        Column::ordered("Migrated", "status", vec!["migrated", "not_migrated"]),
        Column::new("System", "text"),
        Column::new("Credential", "text"),
        Column::new("Where it was", "text"),
        Column::new("Expected Vault path", "code"),
        Column::new("Vault before → after", "text"),
    ]);
    for r in &diff.inventory {
        let vault = format!(
            "{} → {}",
            r.before.map_or("absent", |s| s.as_str()),
            r.after.map_or("gone", |s| s.as_str())
        );
        let row = vec![
            serde_json::Value::from(-1),
            inv.text(if r.migrated {
                "migrated"
            } else {
                "not_migrated"
            }),
            inv.text(&r.system),
            inv.text(&r.credential_type),
            inv.text(&view::safe_path(&r.location)),
            inv.text(&r.expected_vault_path),
            inv.text(&vault),
        ];
        inv.rows.push(row);
    }
    inv.count_facets();
    let status = |s: Option<CheckStatus>| -> (&'static str, String) {
        match s {
            Some(s) => (
                status_class(s),
                format!("{} {}", check_status_symbol(s), check_status_label(s)),
            ),
            None => ("s-na", "absent".to_string()),
        }
    };
    let page = DiffPage {
        title: format!(
            "vaultproof diff: {} → {}",
            diff.before.file, diff.after.file
        ),
        generated_at: diff.generated_at.clone(),
        stats: vec![
            Stat {
                label: "fixed".to_string(),
                value: diff.fixed.len().to_string(),
                class: "ok",
            },
            Stat {
                label: "new".to_string(),
                value: diff.new.len().to_string(),
                class: if diff.new.is_empty() { "ok" } else { "bad" },
            },
            Stat {
                label: "still present".to_string(),
                value: diff.still_present.len().to_string(),
                class: if diff.still_present.is_empty() {
                    "ok"
                } else {
                    "bad"
                },
            },
            Stat {
                label: "inventory rows migrated".to_string(),
                value: format!(
                    "{}/{}",
                    diff.inventory.iter().filter(|r| r.migrated).count(),
                    diff.inventory.len()
                ),
                class: "",
            },
        ],
        checklists: diff
            .checklists
            .iter()
            .map(|c| {
                (
                    c.id.clone(),
                    format!(
                        "{} → {} passing ({} items changed)",
                        c.passed_before, c.passed_now, c.items_changed
                    ),
                )
            })
            .collect(),
        items: diff
            .items_changed
            .iter()
            .map(|i| {
                let (bc, b) = status(i.before);
                let (ac, a) = status(i.after);
                DiffItemRow {
                    id: i.id.clone(),
                    text: i.text.clone(),
                    before_class: bc,
                    before: b,
                    after_class: ac,
                    after: a,
                }
            })
            .collect(),
        findings_total: t.rows.len(),
        findings_json: t.to_script_json(),
        inventory_total: inv.rows.len(),
        inventory_json: inv.to_script_json(),
        footer: Footer {
            tool: format!("{} {}", diff.tool.name, diff.tool.version),
            checklists: diff.checklists.iter().map(|c| c.id.clone()).collect(),
            generated_at: diff.generated_at.clone(),
            scope: format!("{} → {}", diff.before.file, diff.after.file),
            sha256: {
                use sha2::{Digest, Sha256};
                let mut bytes = Vec::new();
                super::diff::write_json(diff, &mut bytes)?;
                hex::encode(Sha256::digest(&bytes))
            },
        },
    };
    let html = page.render().map_err(std::io::Error::other)?;
    out.write_all(html.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_its_element() {
        let mut t = TableData::new(vec![Column::new("x", "text")]);
        let cell = t.text("</script><b>");
        t.rows.push(vec![(-1).into(), cell]);
        let json = t.to_script_json();
        assert!(!json.contains("</script"), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["strings"], "</script><b>");
    }

    #[test]
    fn anchors_are_id_safe() {
        assert_eq!(anchor("i-", "000-audit-4"), "i-000-audit-4");
        assert_eq!(anchor("v-", "kv/data x#k"), "v-kv-data-x-k");
    }
}
