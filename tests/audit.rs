//! `vaultproof audit` end to end on the migration demo (fixtures/migration): the `before/`
//! and `after/` repositories are imported from their fast-export streams into a temporary
//! directory, audited, and every checklist item's status is asserted. A second test removes
//! each piece of evidence in turn and checks that no item it decided is still `pass`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{exit_code, fixtures, vaultproof};

/// The audit key of the demo (committed beside its Vault data; a fake).
fn demo_key() -> String {
    std::fs::read_to_string(fixtures().join("migration/vault/audit.key"))
        .unwrap()
        .trim()
        .to_string()
}

/// Imports `name` (`before` or `after`) into `dir/name`: fast-import, check out, then add
/// its untracked files, as scripts/import-migration-fixtures.sh does.
fn import(dir: &Path, name: &str) -> PathBuf {
    let repo = dir.join(name);
    std::fs::create_dir_all(&repo).unwrap();
    let git = |args: &[&str], stdin: Option<&Path>| {
        let mut command = Command::new("git");
        command.current_dir(&repo).args(args);
        if let Some(file) = stdin {
            command.stdin(std::fs::File::open(file).unwrap());
        }
        let status = command.status().expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"], None);
    let stream = fixtures().join(format!("migration/{name}.fi"));
    git(&["fast-import", "--quiet"], Some(&stream));
    git(&["reset", "-q", "--hard", "main"], None);
    let untracked = fixtures().join(format!("migration/{name}.untracked"));
    if untracked.is_dir() {
        copy_dir(&untracked, &repo);
    }
    repo
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs `vaultproof audit PATH ARGS... --format json` and returns (exit code, report).
fn audit(path: &Path, args: &[&str]) -> (i32, serde_json::Value) {
    let output = vaultproof()
        .env("VAULTPROOF_KEY", demo_key())
        .arg("audit")
        .arg(path)
        .args(args)
        .args(["--format", "json", "--as-of", "2026-03-01"])
        .output()
        .expect("runs vaultproof");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (exit_code(&output), report)
}

/// item id -> status.
fn statuses(report: &serde_json::Value) -> BTreeMap<String, String> {
    report["audit"]["checklists"]
        .as_array()
        .expect("checklists")
        .iter()
        .flat_map(|c| c["items"].as_array().unwrap())
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_string(),
                i["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn expect(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(id, status)| (id.to_string(), status.to_string()))
        .collect()
}

const BEFORE: &[(&str, &str)] = &[
    ("000-prereq-1", "fail"),
    ("000-prereq-2", "unknown"),
    ("000-prereq-3", "unknown"),
    ("000-prereq-4", "unknown"),
    ("000-prereq-5", "unknown"),
    ("000-audit-1", "fail"),
    ("000-audit-2", "unknown"),
    ("000-audit-3", "unknown"),
    ("000-audit-4", "fail"),
    ("000-audit-5", "unknown"),
    ("000-audit-6", "unknown"),
    ("000-audit-7", "fail"),
    ("000-audit-8", "unknown"),
    ("000-derived-1", "fail"),
    ("000-derived-2", "fail"),
    ("001-derived-1", "fail"),
    ("001-derived-2", "fail"),
    ("001-derived-3", "unknown"),
    ("001-derived-4", "unknown"),
    ("001-derived-5", "unknown"),
    ("001-derived-6", "fail"),
    ("001-derived-7", "unknown"),
    ("002-pre-1", "unknown"),
    ("002-pre-2", "unknown"),
    ("002-pre-3", "pass"),
    ("002-pre-4", "unknown"),
    ("002-pre-5", "unknown"),
    ("002-pre-6", "unknown"),
    ("002-pre-7", "fail"),
    ("002-post-1", "unknown"),
    ("002-post-2", "unknown"),
    ("002-post-3", "unknown"),
    ("002-post-4", "unknown"),
    ("002-post-5", "unknown"),
    ("002-post-6", "unknown"),
    ("002-cleanup-1", "unknown"),
    ("002-cleanup-2", "fail"),
    ("002-cleanup-3", "fail"),
    ("002-derived-1", "fail"),
    ("002-derived-2", "fail"),
    ("002-derived-3", "pass"),
    ("002-derived-4", "fail"),
    ("003-ws-1", "fail"),
    ("003-ws-2", "fail"),
    ("003-ws-3", "fail"),
    ("003-ws-4", "fail"),
    ("003-ws-5", "fail"),
    ("003-ws-6", "unknown"),
    ("003-ws-7", "unknown"),
    ("003-ws-8", "fail"),
    ("003-ws-9", "fail"),
    ("003-ws-10", "unknown"),
    ("003-derived-1", "fail"),
    ("003-derived-2", "fail"),
    ("004-accept-1", "unknown"),
    ("004-accept-2", "unknown"),
    ("004-accept-3", "unknown"),
    ("004-accept-4", "fail"),
    ("004-accept-5", "fail"),
    ("004-prod-1", "fail"),
    ("004-prod-2", "fail"),
    ("004-prod-3", "fail"),
    ("004-prod-4", "fail"),
    ("004-prod-5", "unknown"),
    ("004-prod-6", "fail"),
    ("004-derived-1", "pass"),
    ("004-derived-2", "fail"),
    ("004-derived-3", "unknown"),
    ("004-derived-4", "fail"),
];

/// After the migration, with the before report and the attestations but no Vault
/// evidence: everything Vault decides is unknown, never pass.
const AFTER_NO_VAULT: &[(&str, &str)] = &[
    ("000-prereq-1", "pass"),
    ("000-prereq-2", "unknown"),
    ("000-prereq-3", "unknown"),
    ("000-prereq-4", "unknown"),
    ("000-prereq-5", "attested"),
    ("000-audit-1", "pass"),
    ("000-audit-2", "unknown"),
    ("000-audit-3", "unknown"),
    ("000-audit-4", "pass"),
    ("000-audit-5", "unknown"),
    ("000-audit-6", "unknown"),
    ("000-audit-7", "pass"),
    ("000-audit-8", "attested"),
    ("000-derived-1", "pass"),
    ("000-derived-2", "unknown"),
    ("001-derived-1", "pass"),
    ("001-derived-2", "pass"),
    ("001-derived-3", "unknown"),
    ("001-derived-4", "unknown"),
    ("001-derived-5", "unknown"),
    ("001-derived-6", "pass"),
    ("001-derived-7", "unknown"),
    ("002-pre-1", "unknown"),
    ("002-pre-2", "attested"),
    ("002-pre-3", "pass"),
    ("002-pre-4", "attested"),
    ("002-pre-5", "attested"),
    ("002-pre-6", "attested"),
    ("002-pre-7", "pass"),
    ("002-post-1", "unknown"),
    ("002-post-2", "attested"),
    ("002-post-3", "attested"),
    ("002-post-4", "unknown"),
    ("002-post-5", "unknown"),
    ("002-post-6", "unknown"),
    ("002-cleanup-1", "unknown"),
    ("002-cleanup-2", "pass"),
    ("002-cleanup-3", "pass"),
    ("002-derived-1", "not_applicable"),
    ("002-derived-2", "pass"),
    ("002-derived-3", "pass"),
    ("002-derived-4", "unknown"),
    ("003-ws-1", "pass"),
    ("003-ws-2", "pass"),
    ("003-ws-3", "pass"),
    ("003-ws-4", "pass"),
    ("003-ws-5", "pass"),
    ("003-ws-6", "attested"),
    ("003-ws-7", "unknown"),
    ("003-ws-8", "pass"),
    ("003-ws-9", "pass"),
    ("003-ws-10", "unknown"),
    ("003-derived-1", "pass"),
    ("003-derived-2", "pass"),
    ("004-accept-1", "unknown"),
    ("004-accept-2", "unknown"),
    ("004-accept-3", "attested"),
    ("004-accept-4", "pass"),
    ("004-accept-5", "pass"),
    ("004-prod-1", "pass"),
    ("004-prod-2", "pass"),
    ("004-prod-3", "pass"),
    ("004-prod-4", "unknown"),
    ("004-prod-5", "unknown"),
    ("004-prod-6", "pass"),
    ("004-derived-1", "pass"),
    ("004-derived-2", "pass"),
    ("004-derived-3", "unknown"),
    ("004-derived-4", "unknown"),
];

/// After the migration with every piece of evidence: the offline Vault index, the audit
/// log, the before report and the attestations. What is left is manual and unsigned.
const AFTER: &[(&str, &str)] = &[
    ("000-prereq-1", "pass"),
    ("000-prereq-2", "pass"),
    ("000-prereq-3", "pass"),
    ("000-prereq-4", "pass"),
    ("000-prereq-5", "attested"),
    ("000-audit-1", "pass"),
    ("000-audit-2", "pass"),
    ("000-audit-3", "pass"),
    ("000-audit-4", "pass"),
    ("000-audit-5", "pass"),
    ("000-audit-6", "pass"),
    ("000-audit-7", "pass"),
    ("000-audit-8", "attested"),
    ("000-derived-1", "pass"),
    ("000-derived-2", "pass"),
    ("001-derived-1", "pass"),
    ("001-derived-2", "pass"),
    ("001-derived-3", "pass"),
    ("001-derived-4", "not_applicable"),
    ("001-derived-5", "pass"),
    ("001-derived-6", "pass"),
    ("001-derived-7", "unknown"),
    ("002-pre-1", "pass"),
    ("002-pre-2", "attested"),
    ("002-pre-3", "pass"),
    ("002-pre-4", "attested"),
    ("002-pre-5", "attested"),
    ("002-pre-6", "attested"),
    ("002-pre-7", "pass"),
    ("002-post-1", "pass"),
    ("002-post-2", "attested"),
    ("002-post-3", "attested"),
    ("002-post-4", "unknown"),
    ("002-post-5", "unknown"),
    ("002-post-6", "unknown"),
    ("002-cleanup-1", "pass"),
    ("002-cleanup-2", "pass"),
    ("002-cleanup-3", "pass"),
    ("002-derived-1", "not_applicable"),
    ("002-derived-2", "pass"),
    ("002-derived-3", "pass"),
    ("002-derived-4", "pass"),
    ("003-ws-1", "pass"),
    ("003-ws-2", "pass"),
    ("003-ws-3", "pass"),
    ("003-ws-4", "pass"),
    ("003-ws-5", "pass"),
    ("003-ws-6", "attested"),
    ("003-ws-7", "pass"),
    ("003-ws-8", "pass"),
    ("003-ws-9", "pass"),
    ("003-ws-10", "unknown"),
    ("003-derived-1", "pass"),
    ("003-derived-2", "pass"),
    ("004-accept-1", "pass"),
    ("004-accept-2", "pass"),
    ("004-accept-3", "attested"),
    ("004-accept-4", "pass"),
    ("004-accept-5", "pass"),
    ("004-prod-1", "pass"),
    ("004-prod-2", "pass"),
    ("004-prod-3", "pass"),
    ("004-prod-4", "pass"),
    ("004-prod-5", "pass"),
    ("004-prod-6", "pass"),
    ("004-derived-1", "pass"),
    ("004-derived-2", "pass"),
    ("004-derived-3", "pass"),
    ("004-derived-4", "pass"),
];

fn demo_file(name: &str) -> String {
    fixtures()
        .join("migration")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn audit_migration_demo_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let before = import(dir.path(), "before");
    let after = import(dir.path(), "after");

    let (code, before_report) = audit(&before, &[]);
    assert_eq!(code, 1, "the before audit fails the gate");
    assert_eq!(statuses(&before_report), expect(BEFORE));
    let chosen: Vec<&str> = before_report["audit"]["checklists"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["chosen_because"].as_str().unwrap())
        .collect();
    assert!(chosen[0].contains("agents/billing/.mcp.json"), "{chosen:?}");

    let before_json = dir.path().join("before.json");
    std::fs::write(&before_json, before_report.to_string()).unwrap();
    let attestations = fixtures().join("migration/attestations.toml");
    let (code, after_report) = audit(
        &after,
        &[
            "--before",
            before_json.to_str().unwrap(),
            "--attestations",
            attestations.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1, "unknown items keep the gate closed");
    assert_eq!(statuses(&after_report), expect(AFTER_NO_VAULT));

    let full = [
        "--before",
        before_json.to_str().unwrap(),
        "--attestations",
        attestations.to_str().unwrap(),
        "--vault-index",
        &demo_file("vault/index.json"),
        "--audit-log",
        &demo_file("vault/audit.log"),
    ];
    let (code, with_vault) = audit(&after, &full);
    assert_eq!(code, 1, "unsigned manual items keep the gate closed");
    assert_eq!(statuses(&with_vault), expect(AFTER));
    let (code, _) = audit(&after, &[&full[..], &["--allow-unknown"]].concat());
    assert_eq!(code, 0, "nothing fails once unknown is allowed");

    // Without the index, nothing only Vault can say passes; without the audit log, no
    // read is proven; without either, no Vault item passes but those the repository's own
    // server configuration decides (TLS, seal stanza, key shares in the bootstrap script).
    let (_, no_index) = audit(&after, &[&full[..4], &full[6..]].concat());
    let (_, no_log) = audit(&after, &full[..6]);
    let (_, neither) = audit(&after, &full[..4]);
    let from_vault = [
        "vault.seal_status",
        "vault.kv_mount",
        "vault.auth_method",
        "vault.policy_restricts",
        "vault.audit_device",
        "vault.secret_age",
        "vault.at_expected_path",
        "git.history_rotated",
    ];
    let from_log = ["vault.audit_reads", "vault.root_token_not_used"];
    let repo_config = [
        "vault.tls_listeners",
        "vault.auto_unseal",
        "vault.seal_shares",
        "vault.backups_scheduled",
    ];
    let all_vault: Vec<&str> = from_vault.iter().chain(&from_log).copied().collect();
    for (report, what, checks) in [
        (&no_index, "index", &from_vault[..]),
        (&no_log, "audit log", &from_log[..]),
        (&neither, "Vault evidence", &all_vault[..]),
    ] {
        let mut seen = 0;
        for item in items(report) {
            let check = item["check"].as_str().unwrap();
            if checks.contains(&check) {
                seen += 1;
                assert_ne!(
                    item["status"], "pass",
                    "{} passes without the {what}",
                    item["id"]
                );
            }
            if what == "Vault evidence" && check.starts_with("vault.") && item["status"] == "pass" {
                assert!(
                    repo_config.contains(&check),
                    "{} passes without Vault evidence",
                    item["id"]
                );
            }
        }
        assert!(seen >= 3, "{what}: only {seen} items checked");
    }

    // The expired attestation is shown, and still unknown.
    let item = find(&after_report, "001-derived-7");
    assert!(item["evidence"]["statement"]
        .as_str()
        .unwrap()
        .contains("expired"));

    // No secret value anywhere in the reports.
    for report in [&before_report, &after_report] {
        let text = report.to_string();
        for fake in [
            "sk_live_AgStVFTowK4Gd8I1qRuze5CaJEDSz0xw",
            "KQfYnTrpQzFTQmac8BIyXynZQQiMg8JQ6iwaUcte",
            "3k3HVbrMtENzA1NtpJ38bVGCs7tzeLLw",
            "hvs.DcNgS2qSWEstzfXIqNRJ8mft",
        ] {
            assert!(!text.contains(fake), "a secret value is in the report");
        }
    }
}

fn items(report: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    report["audit"]["checklists"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["items"].as_array().unwrap())
}

fn find<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    items(report)
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

/// Every item that passes after the migration cites the files that decided it; delete
/// them, one item at a time, and the item must no longer pass. Removing the attestations
/// file leaves no item attested.
#[test]
fn audit_no_item_passes_without_its_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let before = import(dir.path(), "before");
    let (_, before_report) = audit(&before, &[]);
    let before_json = dir.path().join("before.json");
    std::fs::write(&before_json, before_report.to_string()).unwrap();
    let after = import(dir.path(), "after");
    let attestations = fixtures().join("migration/attestations.toml");
    let (index, log) = (demo_file("vault/index.json"), demo_file("vault/audit.log"));
    let args = [
        "--before",
        before_json.to_str().unwrap(),
        "--vault-index",
        &index,
        "--audit-log",
        &log,
        "--attestations",
        attestations.to_str().unwrap(),
    ];
    let (_, full) = audit(&after, &args);

    let (_, no_attestations) = audit(&after, &args[..6]);
    assert!(statuses(&no_attestations)
        .values()
        .all(|status| status != "attested"));

    let mut checked = 0;
    for (id, status) in statuses(&full) {
        if status != "pass" {
            continue;
        }
        let item = find(&full, &id);
        let files: Vec<String> = item["evidence"]["locations"]
            .as_array()
            .map(|l| {
                l.iter()
                    .filter(|l| l.get("commit").is_none())
                    .map(|l| l["path"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let present: std::collections::BTreeSet<&String> =
            files.iter().filter(|f| after.join(f).is_file()).collect();
        if present.is_empty() {
            continue; // decided by an absence, or by history: nothing to delete
        }
        let copy = dir.path().join(format!("after-{id}"));
        copy_tree(&after, &copy);
        for file in &present {
            std::fs::remove_file(copy.join(file)).unwrap();
        }
        let (_, report) = audit(&copy, &args);
        let now = &statuses(&report)[&id];
        assert_ne!(now, "pass", "{id} still passes without {present:?}");
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} items cite files");
}

/// Copies a repository with its `.git` (git itself, so the index stays valid).
fn copy_tree(from: &Path, to: &Path) {
    let status = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn audit_bad_checklist_and_attestation_files_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("mine.toml");
    std::fs::write(
        &list,
        "id = \"mine\"\ntitle = \"t\"\n[[items]]\nid = \"mine-1\"\ntext = \"x\"\nseverity = \"high\"\nfix = \"f\"\ncheck = \"vault.kv_mount\"\nparams = { path = \"kv\" }\n",
    )
    .unwrap();
    let output = vaultproof()
        .args(["audit", dir.path().to_str().unwrap(), "--checklist"])
        .arg(&list)
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("mine.toml") && stderr.contains("mine-1") && stderr.contains("path"),
        "{stderr}"
    );

    let output = vaultproof()
        .args(["audit", dir.path().to_str().unwrap(), "--checklist", "009"])
        .output()
        .unwrap();
    assert_eq!(exit_code(&output), 2);
    assert!(String::from_utf8_lossy(&output.stderr).contains("000-credential-relocation"));
}

#[test]
fn audit_user_checklist_runs_its_own_items() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "# x\n").unwrap();
    let list = dir.path().join("mine.toml");
    std::fs::write(
        &list,
        "id = \"mine\"\ntitle = \"Mine\"\n[[items]]\nid = \"mine-1\"\ntext = \"No .vault-keys file.\"\nseverity = \"high\"\nfix = \"Delete it.\"\ncheck = \"files.absent\"\nparams = { globs = [\".vault-keys\"] }\n",
    )
    .unwrap();
    let (code, report) = audit(dir.path(), &["--checklist", list.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(statuses(&report), expect(&[("mine-1", "pass")]));
    std::fs::write(dir.path().join(".vault-keys"), "x\n").unwrap();
    let (code, report) = audit(dir.path(), &["--checklist", list.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(statuses(&report), expect(&[("mine-1", "fail")]));
}

/// The demo's offline Vault index, built from `fixtures/migration/vault/seed.json` with the
/// demo audit key and the same fingerprinting as `vaultproof vault index`.
///
/// Built from the seed rather than read from a test server: RustyVault 0.2.1 (the test
/// server) has no KV v2 versions, no audit devices and no Kubernetes auth, and reports the
/// seal's shares and threshold swapped, so it cannot hold the state this demo shows.
fn index_from_seed() -> vaultproof::vault::VaultIndex {
    use serde_json::Value;
    use vaultproof::report::model::{
        VaultAuditDevice, VaultAuthMethod, VaultMount, VaultPolicy, VaultSeal, VaultSecret,
        VaultToken,
    };
    use vaultproof::vault::index::{self, IndexEntry, IndexedVersion, VersionState};

    let seed: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("migration/vault/seed.json")).unwrap(),
    )
    .unwrap();
    let key = vaultproof::finding::AuditKey::from_bytes(demo_key().as_bytes());
    let matcher = vaultproof::scan::load_matcher(&[]).unwrap();
    let text = |v: &Value| v.as_str().unwrap().to_string();
    let mounts: Vec<VaultMount> = seed["mounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| VaultMount {
            path: text(&m["path"]),
            kind: text(&m["type"]),
            version: m["version"].as_u64().map(|v| v as u32),
        })
        .collect();
    let mut secrets = Vec::new();
    let mut versions = Vec::new();
    let mut entries = Vec::new();
    for secret in seed["secrets"].as_array().unwrap() {
        let (mount, path) = (text(&secret["mount"]), text(&secret["path"]));
        let all = secret["versions"].as_array().unwrap();
        let mut keys = Vec::new();
        for (n, version) in all.iter().enumerate() {
            let number = n as u64 + 1;
            let current = n + 1 == all.len();
            let created = text(&version["created_time"]);
            let found =
                index::fingerprint_data(&matcher, &key, &version["data"], |k, fp, derived| {
                    entries.push(IndexEntry {
                        mount: mount.clone(),
                        path: path.clone(),
                        key: k.to_string(),
                        version: Some(number),
                        current,
                        fingerprint: fp,
                        derived,
                        created_time: Some(created.clone()),
                    })
                });
            if current {
                keys = found;
            }
            versions.push(IndexedVersion {
                mount: mount.clone(),
                path: path.clone(),
                version: number,
                current,
                state: VersionState::Live,
                indexed: true,
                created_time: Some(created),
            });
        }
        secrets.push(VaultSecret {
            mount: mount.clone(),
            path: path.clone(),
            keys,
            current_version: Some(all.len() as u64),
            updated_time: Some(text(&all[all.len() - 1]["created_time"])),
            created_time: Some(text(&all[0]["created_time"])),
        });
    }
    entries.sort();
    let seal = &seed["seal"];
    vaultproof::vault::VaultIndex {
        format: index::INDEX_FORMAT.to_string(),
        schema_version: index::INDEX_SCHEMA_VERSION,
        tool: Default::default(),
        address: text(&seed["address"]),
        created_at: "2026-01-20T08:00:00Z".to_string(),
        key_id: index::key_id(&key),
        complete: true,
        errors: vec![],
        indexed_mounts: mounts.clone(),
        evidence: vaultproof::vault::evidence::Evidence {
            seal: Some(VaultSeal {
                initialized: seal["initialized"].as_bool().unwrap(),
                sealed: seal["sealed"].as_bool().unwrap(),
                version: Some(text(&seal["version"])),
                shares: seal["shares"].as_u64().map(|v| v as u32),
                threshold: seal["threshold"].as_u64().map(|v| v as u32),
                seal_type: Some(text(&seal["seal_type"])),
            }),
            mounts: Some(mounts),
            auth_methods: Some(
                seed["auth"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| VaultAuthMethod {
                        path: text(&a["path"]),
                        kind: text(&a["type"]),
                    })
                    .collect(),
            ),
            policies: Some(
                seed["policies"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(name, hcl)| VaultPolicy {
                        name: name.clone(),
                        source: "vault".into(),
                        file: None,
                        text: text(hcl),
                    })
                    .collect(),
            ),
            audit_devices: Some(
                seed["audit"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| VaultAuditDevice {
                        path: format!("{}/", text(&d["path"])),
                        kind: text(&d["type"]),
                        file_path: d["options"]["file_path"].as_str().map(String::from),
                    })
                    .collect(),
            ),
            token: Some(VaultToken {
                display_name: text(&seed["token"]["display_name"]),
                policies: seed["token"]["policies"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(text)
                    .collect(),
                ttl_seconds: seed["token"]["ttl_seconds"].as_u64().unwrap(),
            }),
        },
        secrets,
        versions,
        entries,
    }
}

/// The committed demo index is what the seed data gives; `VAULTPROOF_REGENERATE=1`
/// rewrites it (scripts/regenerate-migration-index.sh).
#[test]
fn audit_demo_index_is_fresh() {
    let path = fixtures().join("migration/vault/index.json");
    let built = index_from_seed();
    if std::env::var("VAULTPROOF_REGENERATE").is_ok_and(|v| v == "1") {
        vaultproof::vault::index::save(&built, &path).unwrap();
    }
    let mut committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect(
            "fixtures/migration/vault/index.json: run scripts/regenerate-migration-index.sh",
        ))
        .unwrap();
    let mut fresh = serde_json::to_value(&built).unwrap();
    for value in [&mut committed, &mut fresh] {
        value.as_object_mut().unwrap().remove("tool");
    }
    assert!(
        committed == fresh,
        "fixtures/migration/vault/index.json is stale: run scripts/regenerate-migration-index.sh"
    );
}
