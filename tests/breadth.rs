//! Detection breadth probes, one per place credentials hide that a narrow scan misses:
//! text inside structured string values, labels in prose, fallbacks after an environment
//! lookup, Dockerfile `ENV`, Markdown tables, Terraform variable defaults and secret-named
//! identifiers in code. Every value is generated at random for these tests.

use std::fs;

use crate::common::{finding_locations, scan_json};

/// Writes `files` into a temporary directory, scans it and returns `(path, line, rule)`.
fn scan(files: &[(&str, &str)]) -> Vec<(String, u64, String)> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let (_, report, stderr) = scan_json(&[dir.path().to_str().unwrap(), "--no-history"]);
    assert!(report["findings"].is_array(), "{stderr}");
    finding_locations(&report)
}

fn has(found: &[(String, u64, String)], path: &str, line: u64, rule: &str) -> bool {
    found
        .iter()
        .any(|(p, l, r)| p == path && *l == line && r == rule)
}

#[test]
fn generic_rules_and_jwt_run_inside_structured_free_text() {
    let workflow = "name: deploy\non: push\njobs:\n  call:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -H \"Authorization: Bearer eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAic3ZjLU5CQjFndSIsICJpYXQiOiAxNzY3MjI1NjAwfQ.2BdU9o5HgLNhs52IQLTjFXijhl73C8qdRUtzVp-29zA\" https://api.acme.test/v1/deploy\n      - name: note\n        run: echo \"admin password is RgRRPjfOqm7 for now\"\n";
    let found = scan(&[(".github/workflows/deploy.yml", workflow)]);
    assert!(
        has(&found, ".github/workflows/deploy.yml", 7, "vp.jwt.token.1"),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            ".github/workflows/deploy.yml",
            9,
            "vp.generic.prose-label.1"
        ),
        "{found:?}"
    );
}

#[test]
fn provider_names_in_code_identifiers_and_fallbacks_are_found() {
    let go = "package weather\n\nfunc client() {\n\topenweatherKey := \"b37e4a31139d796f39b6b468fbcac4fe\"\n\t_ = openweatherKey\n}\n";
    let js = "const openweatherKey = process.env.OPENWEATHER_KEY || '4895034a77b9c4df8ab4aae4c28260f9';\n";
    let found = scan(&[("weather.go", go), ("config.js", js)]);
    assert!(
        has(&found, "weather.go", 4, "vp.openweather.api-key.1"),
        "{found:?}"
    );
    assert!(
        has(&found, "config.js", 1, "vp.openweather.api-key.1"),
        "{found:?}"
    );
}

#[test]
fn dockerfile_env_markdown_tables_and_terraform_defaults_are_found() {
    let dockerfile = "FROM alpine:3.20\nENV SONAR_TOKEN ec624782a7040385136c654fcb67711c7e61ae37\n";
    let runbook = "| Variable | Value | Env |\n|---|---|---|\n| `OPENWEATHER_API_KEY` | `ff9d8dcc0f084a87c4936f73dd89df1e` | prod |\n";
    let terraform = "variable \"db_password\" {\n  type      = string\n  sensitive = true\n  default   = \"TqMViEjDuDtWkbKD9\"\n}\n";
    let found = scan(&[
        ("Dockerfile", dockerfile),
        ("RUNBOOK.md", runbook),
        ("variables.tf", terraform),
    ]);
    assert!(
        has(&found, "Dockerfile", 2, "vp.sonarcloud.token.1"),
        "{found:?}"
    );
    assert!(
        has(&found, "RUNBOOK.md", 3, "vp.openweather.api-key.1"),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(p, l, _)| p == "variables.tf" && *l == 4),
        "{found:?}"
    );
}

#[test]
fn documented_examples_and_fillers_are_not_findings() {
    let text = "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\nDATABASE_URL=postgres://app:testpassword@db.internal:5432/app\nSHIPPO_API_TOKEN=shippo_live_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n";
    let found = scan(&[("notes.txt", text)]);
    let secrets: Vec<_> = found
        .iter()
        .filter(|(_, _, rule)| !rule.starts_with("vp.endpoint."))
        .collect();
    assert!(secrets.is_empty(), "{secrets:?}");
}
