//! Vault posture checks, each pass, fail or unknown with one sentence of evidence, decided
//! from a [`VaultSection`] alone, so a live run and an air-gapped run from an index decide
//! the same. Also finds ACL policy files (`.hcl` with `path` blocks) in scanned roots.
//!
//! Check ids: `vault-seal`, `vault-kv-mount`, `vault-auth-method`, `vault-token`,
//! `vault-policy-readers`, `vault-broad-grants`, `vault-agent-policies`,
//! `vault-audit-device`, `vault-audit-reads`, `vault-missing-paths`.

use std::path::Path;

use super::audit_log::OWN_POLICY;
use super::policy::{self, BroadReason, ROOT_POLICY};
use crate::report::model::{CheckStatus, VaultCheck, VaultPolicy, VaultSection};

/// The runbooks' credentials mount, used when the inventory names none.
pub const DEFAULT_KV_MOUNT: &str = "portarium/credentials";

/// Decides every check. `kv_mount` is the credentials mount (from the inventory's
/// expected paths, else [`DEFAULT_KV_MOUNT`]).
pub fn checks(section: &VaultSection, kv_mount: &str) -> Vec<VaultCheck> {
    let kv_mount = kv_mount.trim_matches('/');
    let check = |id: &str, title: &str, status: CheckStatus, evidence: String| VaultCheck {
        id: id.into(),
        title: title.into(),
        status,
        evidence,
    };
    let unknown = |why: &str| {
        if section.errors.is_empty() {
            format!("{why} could not be read")
        } else {
            format!("{why} could not be read: {}", section.errors.join("; "))
        }
    };
    let mut out = Vec::new();

    out.push(match &section.seal {
        Some(seal) if seal.initialized && !seal.sealed => check(
            "vault-seal",
            "Vault initialised and unsealed",
            CheckStatus::Pass,
            format!(
                "initialised, unsealed{}{}",
                seal.version
                    .as_ref()
                    .map(|v| format!(", version {v}"))
                    .unwrap_or_default(),
                match (seal.threshold, seal.shares) {
                    (Some(t), Some(n)) => format!(", {t} of {n} key shares"),
                    _ => String::new(),
                }
            ),
        ),
        Some(seal) => check(
            "vault-seal",
            "Vault initialised and unsealed",
            CheckStatus::Fail,
            format!("initialised: {}, sealed: {}", seal.initialized, seal.sealed),
        ),
        None => check(
            "vault-seal",
            "Vault initialised and unsealed",
            CheckStatus::Unknown,
            unknown("seal status"),
        ),
    });

    let kv_title = format!("KV v2 mounted at {kv_mount}");
    out.push(match &section.mounts {
        None => check(
            "vault-kv-mount",
            &kv_title,
            CheckStatus::Unknown,
            unknown("sys/mounts"),
        ),
        Some(mounts) => match mounts.iter().find(|m| m.path == kv_mount) {
            Some(m) if m.kind == "kv" && m.version == Some(2) => check(
                "vault-kv-mount",
                &kv_title,
                CheckStatus::Pass,
                format!("{kv_mount}: kv, version 2"),
            ),
            Some(m) => check(
                "vault-kv-mount",
                &kv_title,
                CheckStatus::Fail,
                format!(
                    "{kv_mount} is {} version {}",
                    m.kind,
                    m.version.unwrap_or(1)
                ),
            ),
            None => check(
                "vault-kv-mount",
                &kv_title,
                CheckStatus::Fail,
                format!(
                    "no mount at {kv_mount} (mounts: {})",
                    mounts
                        .iter()
                        .map(|m| m.path.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        },
    });

    let auth_title = "AppRole or Kubernetes auth configured";
    out.push(match &section.auth_methods {
        None => check(
            "vault-auth-method",
            auth_title,
            CheckStatus::Unknown,
            unknown("sys/auth"),
        ),
        Some(methods) => {
            let found: Vec<String> = methods
                .iter()
                .filter(|m| m.kind == "approle" || m.kind == "kubernetes")
                .map(|m| format!("{} ({})", m.path, m.kind))
                .collect();
            if found.is_empty() {
                check(
                    "vault-auth-method",
                    auth_title,
                    CheckStatus::Fail,
                    format!(
                        "no approle or kubernetes auth method (enabled: {})",
                        methods
                            .iter()
                            .map(|m| m.kind.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            } else {
                check(
                    "vault-auth-method",
                    auth_title,
                    CheckStatus::Pass,
                    found.join(", "),
                )
            }
        }
    });

    let token_title = "vaultproof reads with a non-root, expiring token";
    out.push(match &section.token {
        None => check(
            "vault-token",
            token_title,
            CheckStatus::Unknown,
            unknown("token lookup-self"),
        ),
        Some(token) if token.policies.iter().any(|p| p == ROOT_POLICY) => check(
            "vault-token",
            token_title,
            CheckStatus::Fail,
            "the token has the root policy: use a token with vaultproof-read".into(),
        ),
        Some(token) => check(
            "vault-token",
            token_title,
            CheckStatus::Pass,
            format!(
                "policies {}; {}",
                token.policies.join(", "),
                if token.ttl_seconds == 0 {
                    "never expires".to_string()
                } else {
                    format!("TTL {} s", token.ttl_seconds)
                }
            ),
        ),
    });

    let data_prefix = format!("{kv_mount}/data/");
    let readers_title = "Policies restrict reads of the credentials";
    let broad_title = "No wildcard or sudo grants";
    let agent_title = "No agent policy can read credentials";
    match &section.policies {
        None => {
            for (id, title) in [
                ("vault-policy-readers", readers_title),
                ("vault-broad-grants", broad_title),
                ("vault-agent-policies", agent_title),
            ] {
                out.push(check(
                    id,
                    title,
                    CheckStatus::Unknown,
                    unknown("ACL policies"),
                ));
            }
        }
        Some(policies) => {
            out.extend(policy_checks(
                policies,
                &data_prefix,
                readers_title,
                broad_title,
                agent_title,
            ));
        }
    }

    let audit_title = "An audit device is enabled";
    out.push(match &section.audit_devices {
        None => check(
            "vault-audit-device",
            audit_title,
            CheckStatus::Unknown,
            unknown("sys/audit"),
        ),
        Some(devices) if devices.is_empty() => check(
            "vault-audit-device",
            audit_title,
            CheckStatus::Fail,
            "no audit device enabled".into(),
        ),
        Some(devices) => check(
            "vault-audit-device",
            audit_title,
            CheckStatus::Pass,
            devices
                .iter()
                .map(|d| format!("{} ({})", d.path, d.kind))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    });

    let reads_title = "The audit log shows reads of each credential";
    out.push(match &section.audit_log {
        None => check(
            "vault-audit-reads",
            reads_title,
            CheckStatus::Unknown,
            "no audit log given (--audit-log)".into(),
        ),
        Some(log) => {
            let credentials: Vec<String> = section
                .secrets
                .iter()
                .filter(|s| s.mount == kv_mount)
                .map(|s| format!("{}/{}", s.mount, s.path))
                .collect();
            let unread: Vec<&String> = credentials
                .iter()
                .filter(|path| !log.reads.iter().any(|r| &&r.path == path))
                .collect();
            if credentials.is_empty() {
                check(
                    "vault-audit-reads",
                    reads_title,
                    CheckStatus::Unknown,
                    format!("no secrets under {kv_mount} known to check the log against"),
                )
            } else if unread.is_empty() {
                check(
                    "vault-audit-reads",
                    reads_title,
                    CheckStatus::Pass,
                    format!(
                        "{} credentials, each read (vaultproof's own {} reads not counted)",
                        credentials.len(),
                        log.own_reads
                    ),
                )
            } else {
                check(
                    "vault-audit-reads",
                    reads_title,
                    CheckStatus::Fail,
                    format!(
                        "{} of {} credentials never read in the log: {}",
                        unread.len(),
                        credentials.len(),
                        unread
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            }
        }
    });

    let missing_title = "Every expected Vault path exists";
    let index_read = section.mounts.is_some() || !section.secrets.is_empty();
    out.push(if !section.missing_paths.is_empty() {
        check(
            "vault-missing-paths",
            missing_title,
            CheckStatus::Fail,
            format!("missing: {}", section.missing_paths.join(", ")),
        )
    } else if index_read && section.errors.is_empty() {
        check(
            "vault-missing-paths",
            missing_title,
            CheckStatus::Pass,
            format!(
                "{} secrets read; none of the inventory's expected paths is missing",
                section.secrets.len()
            ),
        )
    } else {
        check(
            "vault-missing-paths",
            missing_title,
            CheckStatus::Unknown,
            unknown("Vault's secrets"),
        )
    });
    out
}

fn policy_checks(
    policies: &[VaultPolicy],
    data_prefix: &str,
    readers_title: &str,
    broad_title: &str,
    agent_title: &str,
) -> Vec<VaultCheck> {
    let check = |id: &str, title: &str, status, evidence: String| VaultCheck {
        id: id.into(),
        title: title.into(),
        status,
        evidence,
    };
    let (readers, broad) = match (
        policy::readers_under(policies, data_prefix),
        policy::broad_grants(policies),
    ) {
        (Ok(r), Ok(b)) => (r, b),
        (Err(e), _) | (_, Err(e)) => {
            return [
                "vault-policy-readers",
                "vault-broad-grants",
                "vault-agent-policies",
            ]
            .iter()
            .zip([readers_title, broad_title, agent_title])
            .map(|(id, title)| check(id, title, CheckStatus::Unknown, e.to_string()))
            .collect();
        }
    };
    // The builtin root policy always exists; vaultproof's own policy reads by design, and
    // its sudo on sys/audit is what Vault demands to list audit devices.
    let others: Vec<&String> = readers
        .iter()
        .filter(|r| r.as_str() != ROOT_POLICY && r.as_str() != OWN_POLICY)
        .collect();
    let broad: Vec<_> = broad
        .iter()
        .filter(|g| g.reason != BroadReason::Root && g.policy != OWN_POLICY)
        .collect();
    let broad_readers: Vec<&&String> = others
        .iter()
        .filter(|r| {
            broad
                .iter()
                .any(|g| &g.policy == **r && g.reason == BroadReason::TopLevelWildcard)
        })
        .collect();
    let mut out = Vec::new();
    out.push(if others.is_empty() {
        check(
            "vault-policy-readers",
            readers_title,
            CheckStatus::Fail,
            format!("no policy but root can read {data_prefix}*: nothing can use the credentials"),
        )
    } else if !broad_readers.is_empty() {
        check(
            "vault-policy-readers",
            readers_title,
            CheckStatus::Fail,
            format!(
                "wildcard policies can read {data_prefix}*: {} (all readers: {})",
                join(&broad_readers),
                join(&others)
            ),
        )
    } else {
        check(
            "vault-policy-readers",
            readers_title,
            CheckStatus::Pass,
            format!("readers of {data_prefix}*: {}", join(&others)),
        )
    });
    out.push(if broad.is_empty() {
        check(
            "vault-broad-grants",
            broad_title,
            CheckStatus::Pass,
            format!(
                "{} policies, no wildcard over every mount and no sudo",
                policies.len()
            ),
        )
    } else {
        check(
            "vault-broad-grants",
            broad_title,
            CheckStatus::Fail,
            broad
                .iter()
                .map(|g| {
                    format!(
                        "{}: \"{}\" ({})",
                        g.policy,
                        g.path,
                        if g.reason == BroadReason::Sudo {
                            "sudo"
                        } else {
                            "wildcard"
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
        )
    });
    let agents: Vec<&&String> = others
        .iter()
        .filter(|r| r.to_ascii_lowercase().contains("agent"))
        .collect();
    out.push(if agents.is_empty() {
        check(
            "vault-agent-policies",
            agent_title,
            CheckStatus::Pass,
            "no policy named for an agent can read the credentials".into(),
        )
    } else {
        check(
            "vault-agent-policies",
            agent_title,
            CheckStatus::Fail,
            format!("agent policies can read {data_prefix}*: {}", join(&agents)),
        )
    });
    out
}

fn join<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| s.as_ref())
        .collect::<Vec<_>>()
        .join(", ")
}

/// ACL policy files in `roots`: `.hcl` files whose text parses as a policy with at least
/// one `path` block (Terraform, Nomad or Packer HCL has none and is left out).
pub fn repository_policies(roots: &[impl AsRef<Path>]) -> Vec<VaultPolicy> {
    let mut out = Vec::new();
    for root in roots {
        let root = root.as_ref();
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .git_ignore(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        for entry in walker.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("hcl")
                || !entry.file_type().is_some_and(|t| t.is_file())
            {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let relative = path
                .strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string();
            let candidate = VaultPolicy {
                name: path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default()
                    .to_string(),
                source: "file".into(),
                file: Some(relative),
                text,
            };
            if policy::Policy::parse(&candidate).is_ok_and(|p| !p.rules.is_empty()) {
                out.push(candidate);
            }
        }
    }
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}

/// The credentials mount: the KV mount that prefixes the most expected paths, else
/// [`DEFAULT_KV_MOUNT`].
pub fn credentials_mount(section: &VaultSection, expected_paths: &[String]) -> String {
    let mounts = section.mounts.iter().flatten().filter(|m| m.kind == "kv");
    let mut best: Option<(usize, &str)> = None;
    for mount in mounts {
        let count = expected_paths
            .iter()
            .filter(|p| p.starts_with(&format!("{}/", mount.path)))
            .count();
        if count > 0 && best.is_none_or(|(c, _)| count > c) {
            best = Some((count, &mount.path));
        }
    }
    if let Some((_, mount)) = best {
        return mount.to_string();
    }
    // Without mounts: the expected paths' literal head, `portarium/credentials/ws/x` ->
    // the first two segments, as the runbooks lay them out.
    expected_paths
        .first()
        .map(|p| p.split('/').take(2).collect::<Vec<_>>().join("/"))
        .filter(|p| p.contains('/'))
        .unwrap_or_else(|| DEFAULT_KV_MOUNT.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::{
        VaultAuditDevice, VaultAuthMethod, VaultMount, VaultSeal, VaultToken,
    };

    fn status(checks: &[VaultCheck], id: &str) -> CheckStatus {
        checks
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
            .status
    }

    fn policy(name: &str, text: &str) -> VaultPolicy {
        VaultPolicy {
            name: name.into(),
            source: "vault".into(),
            file: None,
            text: text.into(),
        }
    }

    #[test]
    fn nothing_known_is_all_unknown_never_pass() {
        let section = VaultSection {
            errors: vec!["http://x: Vault is unreachable".into()],
            ..Default::default()
        };
        for check in checks(&section, DEFAULT_KV_MOUNT) {
            assert_eq!(check.status, CheckStatus::Unknown, "{}", check.id);
        }
    }

    #[test]
    fn least_privilege_passes_and_too_broad_fails() {
        let control = policy(
            "control-plane",
            "path \"portarium/credentials/data/*\" {\n  capabilities = [\"read\"]\n}\n",
        );
        let own = policy(
            OWN_POLICY,
            include_str!("../../policies/vaultproof-read.hcl"),
        );
        let mut section = VaultSection {
            seal: Some(VaultSeal {
                initialized: true,
                sealed: false,
                ..Default::default()
            }),
            mounts: Some(vec![VaultMount {
                path: "portarium/credentials".into(),
                kind: "kv".into(),
                version: Some(2),
            }]),
            auth_methods: Some(vec![VaultAuthMethod {
                path: "approle".into(),
                kind: "approle".into(),
            }]),
            policies: Some(vec![control.clone(), own.clone(), policy("root", "")]),
            audit_devices: Some(vec![VaultAuditDevice {
                path: "file/".into(),
                kind: "file".into(),
                file_path: None,
            }]),
            token: Some(VaultToken {
                display_name: "approle".into(),
                policies: vec!["default".into(), OWN_POLICY.into()],
                ttl_seconds: 3600,
            }),
            ..Default::default()
        };
        let good = checks(&section, DEFAULT_KV_MOUNT);
        for id in [
            "vault-seal",
            "vault-kv-mount",
            "vault-auth-method",
            "vault-token",
            "vault-policy-readers",
            "vault-broad-grants",
            "vault-agent-policies",
            "vault-audit-device",
            "vault-missing-paths",
        ] {
            assert_eq!(
                status(&good, id),
                CheckStatus::Pass,
                "{id}: {:?}",
                good.iter().find(|c| c.id == id)
            );
        }
        assert_eq!(status(&good, "vault-audit-reads"), CheckStatus::Unknown);

        section.policies = Some(vec![
            control,
            own,
            policy("admin", "path \"*\" {\n  capabilities = [\"read\", \"list\"]\n}\n"),
            policy("billing-agent", "path \"portarium/credentials/data/ws-billing/*\" {\n  capabilities = [\"read\"]\n}\n"),
        ]);
        section.mounts.as_mut().unwrap()[0].version = Some(1);
        section.token.as_mut().unwrap().policies = vec!["root".into()];
        section.audit_devices = Some(vec![]);
        let bad = checks(&section, DEFAULT_KV_MOUNT);
        for id in [
            "vault-kv-mount",
            "vault-token",
            "vault-policy-readers",
            "vault-broad-grants",
            "vault-agent-policies",
            "vault-audit-device",
        ] {
            assert_eq!(status(&bad, id), CheckStatus::Fail, "{id}");
        }
        let readers = bad.iter().find(|c| c.id == "vault-policy-readers").unwrap();
        assert!(readers.evidence.contains("admin"), "{}", readers.evidence);
    }

    #[test]
    fn repository_policy_files_found_other_hcl_left_out() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("vault")).unwrap();
        std::fs::write(
            dir.path().join("vault/agent.hcl"),
            "path \"portarium/credentials/data/*\" {\n  capabilities = [\"read\"]\n}\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("main.hcl"),
            "variable \"region\" {\n  default = \"eu\"\n}\n",
        )
        .unwrap();
        let found = repository_policies(&[dir.path()]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "agent");
        assert_eq!(found[0].file.as_deref(), Some("vault/agent.hcl"));
    }
}
