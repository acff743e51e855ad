//! Reports: the JSON Schema is current and every JSON report matches it, SARIF matches
//! the official 2.1.0 schema, every format is free of fixture secrets, Markdown and HTML
//! stay within their size budgets, diff and merge on fixture reports with known
//! differences, `--previous`, `--staged` and the pre-commit hook, and `action.yml`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{assert_valid_report, exit_code, fixtures, github_token, vaultproof};
use vaultproof::report::{self, Report};

/// Copies a directory tree (files and directories only).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs vaultproof with `args`, expecting exit 0 or 1; returns stdout.
fn run_ok(args: &[&str]) -> Vec<u8> {
    let output = vaultproof().args(args).output().unwrap();
    assert!(
        matches!(exit_code(&output), 0 | 1),
        "vaultproof {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Scans `root` (files only) and writes the JSON report to `out`; returns it parsed.
fn scan_to(root: &Path, out: &Path) -> serde_json::Value {
    run_ok(&[
        "scan",
        root.to_str().unwrap(),
        "--no-history",
        "-q",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    let value: serde_json::Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    assert_valid_report(&value);
    value
}

fn schema_check(path: &str, generated: String) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os("VAULTPROOF_BLESS").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == generated,
        "{path} is stale: run `VAULTPROOF_BLESS=1 cargo test --test tests reports::schema` and commit it"
    );
}

#[test]
fn schema_files_match_the_model() {
    schema_check("docs/report.schema.json", report::schema::report_schema());
    schema_check("docs/diff.schema.json", report::schema::diff_schema());
}

#[test]
fn schema_rejects_a_report_that_breaks_the_contract() {
    let (_, mut value, _) = crate::common::scan_json(&[
        fixtures().join("workspace").to_str().unwrap(),
        "--no-history",
    ]);
    value["findings"][0]["severity"] = "catastrophic".into();
    let result = std::panic::catch_unwind(|| assert_valid_report(&value));
    assert!(result.is_err(), "an unknown severity must not validate");
}

fn validator(path: &str) -> jsonschema::Validator {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, value: &serde_json::Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let workspace = fixtures().join("workspace");
    let stdout = run_ok(&[
        "scan",
        workspace.to_str().unwrap(),
        "--no-history",
        "-q",
        "--format",
        "sarif",
    ]);
    let sarif: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    let schema = validator("tests/schemas/sarif-schema-2.1.0.json");
    assert_valid(&schema, &sarif, "SARIF of fixtures/workspace");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(
        !rules.is_empty() && results.len() >= 15,
        "{} rules, {} results",
        rules.len(),
        results.len()
    );
    for rule in rules {
        assert!(
            !rule["help"]["text"].as_str().unwrap().is_empty(),
            "rule {} has help",
            rule["id"]
        );
    }
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex points at the rule"
        );
        let fp = result["partialFingerprints"]["vaultproofFingerprint/v1"]
            .as_str()
            .unwrap();
        assert_eq!(fp.len(), 64);
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(!uri.starts_with('/'), "relative URI: {uri}");
    }
    // A report with a broken level must fail the same schema (the test can fail).
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!schema.is_valid(&broken));
}

/// Every renderer, for scan, diff and merge, on the workspace fixture: no fixture secret
/// in clear, and vaultproof scanning the outputs finds nothing.
#[test]
fn every_format_is_free_of_fixture_secrets_and_rescans_clean() {
    let workspace = fixtures().join("workspace");
    let tokens = crate::redaction::planted_tokens(&workspace);
    assert!(tokens.len() >= 15);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let p = |name: &str| out.join(name).to_str().unwrap().to_string();
    let ws = workspace.to_str().unwrap();
    run_ok(&[
        "scan",
        ws,
        "-q",
        "--format",
        "json",
        "-o",
        &p("report.json"),
        "--html",
        &p("report.html"),
        "--sarif",
        &p("report.sarif"),
        "--markdown",
        &p("report.md"),
    ]);
    std::fs::write(out.join("report.txt"), run_ok(&["scan", ws, "-q"])).unwrap();
    // An "after" copy with one secret file gone, for diff outputs.
    let after_root = tmp.path().join("after");
    copy_tree(&workspace, &after_root);
    std::fs::remove_file(after_root.join("deploy/id_rsa")).unwrap();
    let after = tmp.path().join("after.json");
    scan_to(&after_root, &after);
    for format in ["terminal", "json", "html", "markdown"] {
        let bytes = run_ok(&[
            "diff",
            &p("report.json"),
            after.to_str().unwrap(),
            "--format",
            format,
        ]);
        std::fs::write(out.join(format!("diff.{format}.out")), bytes).unwrap();
    }
    for format in ["json", "html", "markdown", "sarif"] {
        let bytes = run_ok(&[
            "merge",
            &p("report.json"),
            after.to_str().unwrap(),
            "--format",
            format,
        ]);
        std::fs::write(out.join(format!("merge.{format}.out")), bytes).unwrap();
    }
    let mut files = 0;
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        assert!(text.len() > 50, "{} is not empty", path.display());
        for token in &tokens {
            assert!(
                !text.contains(token.as_str()),
                "{} leaks a fixture value (prefix {})",
                path.display(),
                &token[..4]
            );
        }
        // No machine path in what people read (the JSON keeps the roots as given).
        let name = path.file_name().unwrap().to_str().unwrap();
        if !name.contains("json") {
            assert!(!text.contains(ws), "{name} names the machine path {ws}");
            assert!(
                !text.contains(tmp.path().to_str().unwrap()),
                "{name} names a temporary directory"
            );
        }
        files += 1;
    }
    assert_eq!(files, 13);
    let output = vaultproof()
        .args([
            "scan",
            out.to_str().unwrap(),
            "--no-history",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let rescanned: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rescanned["stats"]["files"], 13);
    assert_eq!(
        rescanned["findings"],
        serde_json::json!([]),
        "{rescanned:#}"
    );
    assert_eq!(exit_code(&output), 0);
}

/// A report of the workspace with its findings repeated `n` times under new fingerprints
/// and paths (a large report without a large scan).
fn synthetic(n: usize) -> Report {
    let (_, value, _) = crate::common::scan_json(&[
        fixtures().join("workspace").to_str().unwrap(),
        "--no-history",
    ]);
    let base: Report = serde_json::from_value(value).unwrap();
    let mut report = base.clone();
    report.findings.clear();
    for i in 0..n {
        let mut f = base.findings[i % base.findings.len()].clone();
        f.fingerprint.0 = format!("{i:064x}");
        for l in &mut f.locations {
            l.path = format!("svc-{}/{}", i / base.findings.len(), l.path);
        }
        report.findings.push(f);
    }
    report
}

#[test]
fn markdown_stays_under_64k_for_any_report_size() {
    let report = synthetic(20_000);
    let md = report::markdown::render(&report);
    assert!(md.len() < 64 * 1024, "{} bytes", md.len());
    assert!(
        md.contains("more (see the HTML or JSON report)"),
        "the cut is said"
    );
    assert!(md.contains("**20000 findings**"));
}

#[test]
fn html_of_a_few_hundred_findings_stays_under_300k() {
    let report = synthetic(400);
    let mut html = Vec::new();
    report::html::write(&report, &mut html).unwrap();
    assert!(html.len() < 300 * 1024, "{} bytes", html.len());
    let text = String::from_utf8(html).unwrap();
    for network in ["<link", "src=\"http", "@import", "url(http", "fetch("] {
        assert!(
            !text.contains(network),
            "self-contained, no network: found {network}"
        );
    }
    assert!(
        text.contains(&vaultproof::report::json_sha256(&report)),
        "footer ties the page to its JSON"
    );
}

#[test]
fn diff_finds_fixed_new_and_still_present() {
    let tmp = tempfile::tempdir().unwrap();
    let before_root = tmp.path().join("ws");
    copy_tree(&fixtures().join("workspace"), &before_root);
    let before = scan_to(&before_root, &tmp.path().join("before.json"));
    std::fs::remove_file(before_root.join("deploy/id_rsa")).unwrap();
    let token = github_token("Qm7fT2vXk9LpR4sWz8NcY3hJd6BgA1");
    std::fs::write(
        before_root.join("new.env"),
        format!("GITHUB_TOKEN={token}\n"),
    )
    .unwrap();
    let after = scan_to(&before_root, &tmp.path().join("after.json"));
    let out = run_ok(&[
        "diff",
        tmp.path().join("before.json").to_str().unwrap(),
        tmp.path().join("after.json").to_str().unwrap(),
        "--format",
        "json",
    ]);
    let diff: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_valid(&validator("docs/diff.schema.json"), &diff, "diff JSON");
    let rules = |key: &str| -> Vec<String> {
        diff[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule_id"].as_str().unwrap().to_string())
            .collect()
    };
    let fixed = rules("fixed");
    assert_eq!(fixed.len(), 1, "{fixed:?}");
    assert!(
        fixed[0].contains("private-key") || fixed[0].contains("rsa"),
        "{fixed:?}"
    );
    let new = rules("new");
    assert_eq!(new.len(), 1, "{new:?}");
    assert!(new[0].contains("github"), "{new:?}");
    let before_n = before["findings"].as_array().unwrap().len();
    let after_n = after["findings"].as_array().unwrap().len();
    assert_eq!(rules("still_present").len(), before_n - 1);
    assert_eq!(after_n, before_n);
    assert_eq!(
        diff["before"]["file"], "before.json",
        "file names, not machine paths"
    );
    // --fail-on-new gates on the new finding.
    let output = vaultproof()
        .args([
            "diff",
            tmp.path().join("before.json").to_str().unwrap(),
            tmp.path().join("after.json").to_str().unwrap(),
            "--fail-on-new",
        ])
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 1);
    // --previous puts the same counts into the report itself.
    let (_, with_change, _) = crate::common::scan_json(&[
        before_root.to_str().unwrap(),
        "--no-history",
        "--previous",
        tmp.path().join("before.json").to_str().unwrap(),
    ]);
    assert_eq!(with_change["change"]["fixed"], 1);
    assert_eq!(with_change["change"]["new"], 1);
    assert_eq!(with_change["change"]["previous"], "before.json");
}

#[test]
fn merge_joins_findings_of_the_same_fingerprint_across_repositories() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = github_token("Hx4pW9tLq2ZrN7vKc3MbS8dYf5GjA6");
    let only_beta = github_token("Tz8mQ1wEr5YuI9oPa3SdF7gHj2KlZ4");
    for (name, extra) in [
        ("alpha", String::new()),
        ("beta", format!("OTHER_TOKEN={only_beta}\n")),
    ] {
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(".env"), format!("GITHUB_TOKEN={shared}\n{extra}")).unwrap();
        scan_to(&dir, &tmp.path().join(format!("{name}.json")));
    }
    let merged_path = tmp.path().join("org.json");
    run_ok(&[
        "merge",
        tmp.path().join("alpha.json").to_str().unwrap(),
        tmp.path().join("beta.json").to_str().unwrap(),
        "-o",
        merged_path.to_str().unwrap(),
    ]);
    let merged: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&merged_path).unwrap()).unwrap();
    assert_valid_report(&merged);
    let findings = merged["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{findings:#?}");
    let joined = findings
        .iter()
        .find(|f| f["locations"].as_array().unwrap().len() == 2)
        .expect("the shared token is one finding");
    let roots: Vec<&str> = joined["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["root"].as_str().unwrap())
        .collect();
    assert!(
        roots[0] != roots[1]
            && roots.iter().any(|r| r.ends_with("alpha"))
            && roots.iter().any(|r| r.ends_with("beta")),
        "{roots:?}"
    );
    assert_eq!(merged["merged_from"].as_array().unwrap().len(), 2);
    assert_eq!(merged["roots"].as_array().unwrap().len(), 2);
    // A file that is not a report is named in the error.
    std::fs::write(tmp.path().join("junk.json"), "{\"not\": 1}").unwrap();
    let output = vaultproof()
        .args(["merge", tmp.path().join("junk.json").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 2);
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("junk.json: not a vaultproof JSON report")
    );
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs")
}

fn git_repo(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["config", "user.email", "dev@example.invalid"],
        &["config", "user.name", "Dev"],
        &["config", "commit.gpgsign", "false"],
    ] {
        assert!(git(dir, args).status.success());
    }
}

/// The entry of the hook in `.pre-commit-hooks.yaml`, split into words.
fn hook_entry() -> (Vec<String>, bool) {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap();
    let hook = &docs[0][0];
    assert_eq!(hook["id"].as_str(), Some("vaultproof"));
    let entry: Vec<String> = hook["entry"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut words = entry;
    for arg in hook["args"].as_vec().map(Vec::as_slice).unwrap_or(&[]) {
        words.push(arg.as_str().unwrap().to_string());
    }
    (words, hook["pass_filenames"].as_bool().unwrap_or(true))
}

#[test]
fn pre_commit_hook_blocks_a_staged_secret() {
    let (words, pass_filenames) = hook_entry();
    assert_eq!(words[0], "vaultproof");
    assert!(words.iter().any(|w| w == "--staged"));
    assert!(!pass_filenames, "the hook scans the index, not file names");
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    git_repo(&repo);
    // The hook as pre-commit would run it: the entry, with our binary for `vaultproof`.
    let mut script = String::from("#!/bin/sh\nexec");
    script.push_str(&format!(" '{}'", env!("CARGO_BIN_EXE_vaultproof")));
    for w in &words[1..] {
        script.push_str(&format!(" '{w}'"));
    }
    script.push('\n');
    let hook = repo.join(".git/hooks/pre-commit");
    std::fs::write(&hook, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let commit = |message: &str| {
        Command::new("git")
            .current_dir(&repo)
            .args(["commit", "-q", "-m", message])
            .env("VAULTPROOF_KEY", crate::common::TEST_KEY)
            .env("HOME", &repo)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap()
    };
    std::fs::write(repo.join("README.md"), "hello\n").unwrap();
    // An unstaged secret in the work tree does not block: only the index is scanned.
    let loose = github_token("Lq3Wm8Zt1Xv6Np4Rk9Bc2Hy7Dg5Jf0");
    std::fs::write(repo.join("scratch.env"), format!("GITHUB_TOKEN={loose}\n")).unwrap();
    assert!(git(&repo, &["add", "README.md"]).status.success());
    let ok = commit("clean");
    assert!(
        ok.status.success(),
        "a clean commit passes: {}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // A staged secret blocks the commit.
    let token = github_token("Vb6Nc1Mx8Zq3Lw5Ke7Rj2Tp9Ys4Ud0");
    std::fs::write(repo.join("config.env"), format!("GITHUB_TOKEN={token}\n")).unwrap();
    assert!(git(&repo, &["add", "config.env"]).status.success());
    let blocked = commit("leak");
    assert!(
        !blocked.status.success(),
        "the staged secret blocks the commit"
    );
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(
        said.contains("config.env"),
        "the hook names the file: {said}"
    );
    assert!(!said.contains(&token), "and never the secret");
    let log = git(&repo, &["log", "--oneline"]);
    assert_eq!(
        String::from_utf8_lossy(&log.stdout).lines().count(),
        1,
        "no second commit"
    );
}

#[test]
fn staged_scan_reports_index_paths_relative_to_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    git_repo(&repo);
    let token = github_token("Pa5Sd9Fg2Hj7Kl1Zx4Cv8Bn3Mq6We0");
    std::fs::create_dir_all(repo.join("app")).unwrap();
    std::fs::write(
        repo.join("app/settings.env"),
        format!("GITHUB_TOKEN={token}\n"),
    )
    .unwrap();
    assert!(git(&repo, &["add", "app/settings.env"]).status.success());
    // The work tree copy changes after staging: the staged content is what is scanned.
    std::fs::write(
        repo.join("app/settings.env"),
        "GITHUB_TOKEN=${GITHUB_TOKEN}\n",
    )
    .unwrap();
    let (code, report, _) = crate::common::scan_json(&[repo.to_str().unwrap(), "--staged"]);
    assert_eq!(code, 1);
    let places = crate::common::finding_locations(&report);
    assert_eq!(places.len(), 1, "{places:?}");
    assert_eq!(places[0].0, "app/settings.env");
    assert_eq!(report["roots"][0], repo.to_str().unwrap());
    assert_eq!(report["findings"][0]["locations"][0]["git"], "tracked");
}

fn yaml_to_json(yaml: &yaml_rust2::Yaml) -> serde_json::Value {
    use yaml_rust2::Yaml;
    match yaml {
        Yaml::Real(s) => s
            .parse::<f64>()
            .map(serde_json::Value::from)
            .unwrap_or_else(|_| s.clone().into()),
        Yaml::Integer(i) => (*i).into(),
        Yaml::String(s) => s.clone().into(),
        Yaml::Boolean(b) => (*b).into(),
        Yaml::Array(a) => a.iter().map(yaml_to_json).collect::<Vec<_>>().into(),
        Yaml::Hash(h) => h
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("{k:?}")),
                    yaml_to_json(v),
                )
            })
            .collect::<serde_json::Map<_, _>>()
            .into(),
        Yaml::Null => serde_json::Value::Null,
        _ => panic!("unsupported YAML in action.yml: {yaml:?}"),
    }
}

#[test]
fn action_yml_matches_the_action_metadata_schema() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("action.yml")).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap();
    let action = yaml_to_json(&docs[0]);
    let schema = validator("tests/schemas/github-action.json");
    assert_valid(&schema, &action, "action.yml");
    let mut broken = action.clone();
    broken["runs"]["using"] = "cobol".into();
    assert!(!schema.is_valid(&broken), "the schema check can fail");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let runs: String = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.contains("--sarif") && runs.contains("GITHUB_STEP_SUMMARY"),
        "scans, writes SARIF and the job summary"
    );
    assert!(
        steps.iter().any(|s| s["uses"]
            .as_str()
            .is_some_and(|u| u.contains("upload-sarif"))),
        "uploads SARIF"
    );
}

/// The migration demo's after audit in every format: JSON matches the report schema,
/// SARIF the official schema (with the failed and unknown items as results), Markdown
/// stays small, and no output holds a fixture secret or yields a finding when scanned.
#[test]
fn audit_reports_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let before = crate::audit::import(tmp.path(), "before");
    let after = crate::audit::import(tmp.path(), "after");
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let p = |name: &str| out.join(name).to_str().unwrap().to_string();
    let before_json = tmp.path().join("before.json");
    let audit = |args: &[&str]| {
        let output = vaultproof()
            .env("VAULTPROOF_KEY", crate::audit::demo_key())
            .arg("audit")
            .args(args)
            .args(["-q", "--as-of", "2026-03-01"])
            .output()
            .unwrap();
        assert!(
            matches!(exit_code(&output), 0 | 1),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        output.stdout
    };
    audit(&[
        before.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        before_json.to_str().unwrap(),
    ]);
    let terminal = audit(&[
        after.to_str().unwrap(),
        "--before",
        before_json.to_str().unwrap(),
        "--previous",
        before_json.to_str().unwrap(),
        "--json",
        &p("audit.json"),
        "--html",
        &p("audit.html"),
        "--sarif",
        &p("audit.sarif"),
        "--markdown",
        &p("audit.md"),
    ]);
    std::fs::write(out.join("audit.txt"), terminal).unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("audit.json")).unwrap()).unwrap();
    assert_valid_report(&report);
    assert!(
        report["change"]["checklists"]
            .as_array()
            .is_some_and(|c| !c.is_empty()),
        "--previous adds the change per checklist"
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("audit.sarif")).unwrap()).unwrap();
    assert_valid(
        &validator("tests/schemas/sarif-schema-2.1.0.json"),
        &sarif,
        "SARIF of the audit",
    );
    let open_items = report["audit"]["checklists"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["items"].as_array().unwrap().iter())
        .filter(|i| i["status"] == "fail" || i["status"] == "unknown")
        .count();
    let audit_results = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"].as_str().unwrap().starts_with("audit/"))
        .count();
    assert!(open_items > 0);
    assert_eq!(
        audit_results, open_items,
        "every failed or unknown item is a SARIF result"
    );
    let md = std::fs::read_to_string(out.join("audit.md")).unwrap();
    assert!(md.len() < 64 * 1024);
    assert!(
        md.contains("Items that fail or are unknown") && md.contains("since previous"),
        "{md}"
    );
    // The diff of before and after, in every format, joins the outputs.
    for format in ["terminal", "json", "html", "markdown"] {
        let output = vaultproof()
            .args([
                "diff",
                before_json.to_str().unwrap(),
                &p("audit.json"),
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert_eq!(
            exit_code(&output),
            0,
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        std::fs::write(out.join(format!("diff.{format}.out")), output.stdout).unwrap();
    }
    let diff: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("diff.json.out")).unwrap()).unwrap();
    assert_valid(&validator("docs/diff.schema.json"), &diff, "audit diff");
    assert!(
        !diff["items_changed"].as_array().unwrap().is_empty(),
        "items changed status between before and after"
    );
    assert!(
        !diff["fixed"].as_array().unwrap().is_empty(),
        "the migration fixed findings"
    );
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for fake in [
            "sk_live_AgStVFTowK4Gd8I1qRuze5CaJEDSz0xw",
            "KQfYnTrpQzFTQmac8BIyXynZQQiMg8JQ6iwaUcte",
            "3k3HVbrMtENzA1NtpJ38bVGCs7tzeLLw",
            "hvs.DcNgS2qSWEstzfXIqNRJ8mft",
        ] {
            assert!(
                !text.contains(fake),
                "{} holds a fixture secret",
                path.display()
            );
        }
    }
    let output = vaultproof()
        .args([
            "scan",
            out.to_str().unwrap(),
            "--no-history",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let rescanned: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        rescanned["findings"],
        serde_json::json!([]),
        "{rescanned:#}"
    );
    assert_eq!(rescanned["stats"]["files"], 9);
}

/// A value two rules of the same standing match (a URL's query password in one file, a
/// password after a prose label in another) is reported under one rule whichever file the
/// scan reads first; otherwise a diff of two scans of one tree would call it fixed and new.
#[test]
fn the_rule_naming_a_value_does_not_depend_on_which_file_is_read_first() {
    const URL_LINE: &str = "See https://api.ledger.io/login?password=Xq7vTz2Lw9Kx for the form\n";
    const PROSE_LINE: &str = "The password is Xq7vTz2Lw9Kx\n";
    let mut named = Vec::new();
    for (first, second) in [(URL_LINE, PROSE_LINE), (PROSE_LINE, URL_LINE)] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("1.md"), first).unwrap();
        std::fs::write(dir.path().join("2.md"), second).unwrap();
        let root = dir.path().to_str().unwrap();
        let (_, report, _) = crate::common::scan_json(&[root, "--no-history", "--threads", "1"]);
        let findings = report["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "one value, one finding: {findings:?}");
        assert_eq!(findings[0]["locations"].as_array().unwrap().len(), 2);
        named.push(findings[0]["rule_id"].as_str().unwrap().to_string());
    }
    assert_eq!(named[0], named[1], "the same value named by two rules");
}
