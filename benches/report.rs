//! Report rendering benchmark: builds reports of N synthetic findings (default 1,000 and
//! 100,000) and prints, per format, the time to render and the size written.
//!
//! `cargo bench --bench report -- 1000 100000` (or `scripts/bench-report.sh`).

use std::time::Instant;

use vaultproof::finding::{
    Finding, FindingKind, Fingerprint, GitStatus, Introduction, Location, SecretStatus, Severity,
};
use vaultproof::inventory::InventoryRow;
use vaultproof::report::model::{VaultMatch, VaultStatus};
use vaultproof::report::{self, Format, Report, Stats, SCHEMA_VERSION};

const RULES: [(&str, &str, &str, Severity); 5] = [
    (
        "vp.github.pat.1",
        "GitHub personal access token (classic)",
        "github",
        Severity::Critical,
    ),
    (
        "vp.stripe.secret-key.1",
        "Stripe live secret key",
        "stripe",
        Severity::Critical,
    ),
    (
        "vp.generic.password.1",
        "Password assigned in configuration",
        "generic",
        Severity::High,
    ),
    (
        "vp.slack.webhook.1",
        "Slack webhook",
        "slack",
        Severity::Medium,
    ),
    ("vp.jira.token.1", "Jira API token", "jira", Severity::Low),
];

/// A deterministic report of `n` findings (1-3 locations each, a third only in history)
/// and an inventory row for every other finding.
fn synthetic(n: usize) -> Report {
    let mut findings = Vec::with_capacity(n);
    let mut inventory = Vec::new();
    for i in 0..n {
        let (rule_id, name, provider, severity) = RULES[i % RULES.len()];
        let service = format!("services/svc-{:04}", i / 25);
        let locations = (0..1 + i % 3)
            .map(|k| Location {
                path: format!("{service}/config/{}.env", ["app", "worker", "deploy"][k]),
                line: 3 + k * 7,
                column: 14,
                root: ".".to_string(),
                git: if i % 3 == 0 {
                    GitStatus::History
                } else {
                    GitStatus::Tracked
                },
                commit: (i % 3 == 0).then(|| format!("{:040x}", i * 7919)),
                author: None,
                email: None,
                date: None,
                key_path: Some("STRIPE_API_KEY".to_string()),
            })
            .collect();
        let fingerprint = Fingerprint(format!("{:064x}", (i as u128 + 1) * 0x9e37_79b9_7f4a_7c15));
        let vault = VaultMatch {
            status: [
                VaultStatus::NotInVault,
                VaultStatus::AtExpectedPath,
                VaultStatus::Unknown,
            ][i % 3],
            expected_path: Some(format!("portarium/credentials/ws-{}/{provider}", i / 25)),
            paths: Vec::new(),
        };
        if i % 2 == 0 {
            inventory.push(InventoryRow {
                workspace: format!("ws-{}", i / 25),
                system: provider.to_string(),
                endpoint: format!("api.{provider}.example"),
                credential_type: name.to_string(),
                location: format!("{service}/config/app.env:3"),
                key_path: "STRIPE_API_KEY".to_string(),
                expected_vault_path: format!("portarium/credentials/ws-{}/{provider}", i / 25),
                rule_id: rule_id.to_string(),
                fingerprint: fingerprint.0.clone(),
                vault: Some(vault.clone()),
            });
        }
        findings.push(Finding {
            rule_id: rule_id.to_string(),
            rule_name: name.to_string(),
            provider: provider.to_string(),
            kind: FindingKind::ProviderSecret,
            severity,
            fingerprint,
            redacted: format!("{}…(40 chars)", &"abcdwxyz"[i % 4..i % 4 + 4]),
            locations,
            status: Some(
                [
                    SecretStatus::HistoryOnly,
                    SecretStatus::InHead,
                    SecretStatus::InWorkingTree,
                ][i % 3],
            ),
            introduced: (i % 3 == 0).then(|| Introduction {
                commit: format!("{:040x}", i * 7919),
                author: "Dev".to_string(),
                email: "dev@example.invalid".to_string(),
                date: "2024-05-01T10:00:00Z".to_string(),
                path: "config/app.env".to_string(),
            }),
            vault: Some(vault),
        });
    }
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.rule_id.cmp(&b.rule_id)));
    Report {
        schema_version: SCHEMA_VERSION,
        roots: vec![".".to_string()],
        findings,
        inventory,
        stats: Stats {
            files: n as u64 * 2,
            bytes: n as u64 * 4096,
            ..Stats::default()
        },
        generated_at: Some("2026-11-30T00:00:00Z".to_string()),
        ..Report::default()
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.replace('_', "").parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 100_000]
    } else {
        sizes
    };
    println!(
        "{:>9} {:<9} {:>10} {:>12} {:>10}",
        "findings", "format", "ms", "bytes", "B/finding"
    );
    for n in sizes {
        let report = synthetic(n);
        for (name, format) in [
            ("json", Format::Json),
            ("html", Format::Html),
            ("sarif", Format::Sarif),
            ("markdown", Format::Markdown),
            ("terminal", Format::Terminal),
        ] {
            let mut out = Vec::new();
            let start = Instant::now();
            report::render(&report, format, Default::default(), &mut out).expect("renders");
            let ms = start.elapsed().as_secs_f64() * 1e3;
            println!(
                "{n:>9} {name:<9} {ms:>10.1} {:>12} {:>10.1}",
                out.len(),
                out.len() as f64 / n as f64
            );
        }
    }
}
