//! Reads Vault's posture evidence through the read-only client: seal status and version
//! (sys/health, else sys/seal-status), mounts and their KV versions, auth methods, ACL
//! policy texts, audit devices, and what lookup-self says of the token in use.
//!
//! Each item is `None` when it could not be read (forbidden, missing endpoint, an empty
//! answer from a server that does not implement it): unknown, never "none".

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::client::{VaultClient, VaultError};
use crate::report::model::{
    VaultAuditDevice, VaultAuthMethod, VaultMount, VaultPolicy, VaultSeal, VaultToken,
};

/// What Vault says about its own setup. Holds no value and no token.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Seal status and version.
    #[serde(default)]
    pub seal: Option<VaultSeal>,
    /// Secret engine mounts.
    #[serde(default)]
    pub mounts: Option<Vec<VaultMount>>,
    /// Auth methods.
    #[serde(default)]
    pub auth_methods: Option<Vec<VaultAuthMethod>>,
    /// ACL policies.
    #[serde(default)]
    pub policies: Option<Vec<VaultPolicy>>,
    /// Audit devices.
    #[serde(default)]
    pub audit_devices: Option<Vec<VaultAuditDevice>>,
    /// The token in use.
    #[serde(default)]
    pub token: Option<VaultToken>,
}

/// Gathers the evidence. A fatal error (unreachable, sealed, TLS, timeout) on the seal
/// status stops it; anything else leaves the item unknown and is returned as a message.
pub async fn gather(client: &VaultClient) -> Result<(Evidence, Vec<String>), VaultError> {
    let mut errors = Vec::new();
    let seal = seal(client).await?;
    if seal.sealed {
        return Err(VaultError::Sealed {
            path: "sys/seal-status".into(),
        });
    }
    let mut evidence = Evidence {
        seal: Some(seal),
        ..Evidence::default()
    };
    // Every valid token may look itself up: a 403 here is a bad token, and nothing else
    // will be readable either.
    match client.lookup_self().await {
        Ok(body) => evidence.token = body.as_ref().and_then(parse_token),
        Err(VaultError::Forbidden { .. }) => {
            return Err(VaultError::TokenRejected {
                address: client.address().to_string(),
            })
        }
        Err(e) if e.is_fatal() => return Err(e),
        Err(e) => errors.push(format!("token: {e}")),
    }
    let mut note = |item: &str, error: VaultError| -> Result<(), VaultError> {
        if error.is_fatal() {
            return Err(error);
        }
        errors.push(format!("{item}: {error}"));
        Ok(())
    };
    match client.read("sys/mounts").await {
        Ok(body) => evidence.mounts = body.as_ref().and_then(parse_mounts),
        Err(e) => note("mounts", e)?,
    }
    match client.read("sys/auth").await {
        Ok(body) => evidence.auth_methods = body.as_ref().and_then(parse_auth),
        Err(e) => note("auth methods", e)?,
    }
    match policies(client).await {
        Ok(found) => evidence.policies = found,
        Err(e) => note("policies", e)?,
    }
    match client.read("sys/audit").await {
        Ok(body) => evidence.audit_devices = body.as_ref().and_then(parse_audit),
        Err(e) => note("audit devices", e)?,
    }
    Ok((evidence, errors))
}

/// sys/health (with every state answering 200, so the body is always there), else
/// sys/seal-status.
async fn seal(client: &VaultClient) -> Result<VaultSeal, VaultError> {
    let health = client
        .read("sys/health?standbyok=true&perfstandbyok=true&sealedcode=200&uninitcode=200")
        .await;
    let health = match health {
        Ok(Some(body)) if body.get("sealed").is_some() => Some(body),
        Ok(_) | Err(VaultError::Status { .. }) | Err(VaultError::Malformed { .. }) => None,
        Err(e) => return Err(e),
    };
    let status = match client.read("sys/seal-status").await {
        Ok(body) => body,
        Err(e) if health.is_some() && !e.is_fatal() => None,
        Err(e) => return Err(e),
    };
    let from = |body: &Value, key: &str| body.get(key).cloned();
    let pick = |key: &str| {
        health
            .as_ref()
            .and_then(|b| from(b, key))
            .or_else(|| status.as_ref().and_then(|b| from(b, key)))
    };
    let Some(sealed) = pick("sealed").and_then(|v| v.as_bool()) else {
        return Err(VaultError::Malformed {
            path: "sys/seal-status".into(),
            detail: "no `sealed` field".into(),
        });
    };
    let number = |v: Option<Value>| v.and_then(|v| v.as_u64()).map(|n| n as u32);
    // Vault: `n` shares, `t` threshold. RustyVault 0.2.1 swaps them; a threshold is
    // never above the share count, so a swapped pair is put back in order.
    let (mut shares, mut threshold) = (
        number(status.as_ref().and_then(|b| from(b, "n"))),
        number(status.as_ref().and_then(|b| from(b, "t"))),
    );
    if let (Some(n), Some(t)) = (shares, threshold) {
        if t > n {
            (shares, threshold) = (Some(t), Some(n));
        }
    }
    Ok(VaultSeal {
        // RustyVault's seal-status has no `initialized`: a server that can be unsealed is.
        initialized: pick("initialized")
            .and_then(|v| v.as_bool())
            .unwrap_or(!sealed),
        sealed,
        version: pick("version").and_then(|v| v.as_str().map(str::to_string)),
        shares,
        threshold,
        seal_type: status
            .as_ref()
            .and_then(|b| from(b, "type"))
            .and_then(|v| v.as_str().map(str::to_string)),
    })
}

/// The table of a sys/mounts or sys/auth answer: Vault puts it both under `data` and at
/// the top level; RustyVault only under `data`.
fn table(body: &Value) -> Option<&serde_json::Map<String, Value>> {
    let data = body.get("data").and_then(Value::as_object);
    let top = body.as_object();
    data.filter(|d| d.values().any(|v| v.get("type").is_some()))
        .or(top)
}

/// Mounts from a sys/mounts answer (an empty answer is unknown).
pub fn parse_mounts(body: &Value) -> Option<Vec<VaultMount>> {
    let mut mounts: Vec<VaultMount> = table(body)?
        .iter()
        .filter_map(|(path, info)| {
            let kind = info.get("type")?.as_str()?.to_string();
            let version = (kind == "kv" || kind == "generic").then(|| {
                info.pointer("/options/version")
                    .and_then(|v| {
                        v.as_str()
                            .and_then(|s| s.parse().ok())
                            .or(v.as_u64().map(|n| n as u32))
                    })
                    .unwrap_or(1)
            });
            Some(VaultMount {
                path: path.trim_end_matches('/').to_string(),
                kind: if kind == "generic" { "kv".into() } else { kind },
                version,
            })
        })
        .collect();
    mounts.sort_by(|a, b| a.path.cmp(&b.path));
    Some(mounts)
}

/// Auth methods from a sys/auth answer.
pub fn parse_auth(body: &Value) -> Option<Vec<VaultAuthMethod>> {
    let mut methods: Vec<VaultAuthMethod> = table(body)?
        .iter()
        .filter_map(|(path, info)| {
            Some(VaultAuthMethod {
                path: path.trim_end_matches('/').to_string(),
                kind: info.get("type")?.as_str()?.to_string(),
            })
        })
        .collect();
    methods.sort_by(|a, b| a.path.cmp(&b.path));
    Some(methods)
}

/// Audit devices from a sys/audit answer (`{}` is "none", an empty body is unknown).
pub fn parse_audit(body: &Value) -> Option<Vec<VaultAuditDevice>> {
    let data = body.get("data").and_then(Value::as_object);
    let table = match data {
        Some(data) => data,
        None => body.as_object()?,
    };
    let mut devices: Vec<VaultAuditDevice> = table
        .iter()
        .filter_map(|(path, info)| {
            Some(VaultAuditDevice {
                path: path.clone(),
                kind: info.get("type")?.as_str()?.to_string(),
                file_path: info
                    .pointer("/options/file_path")
                    .and_then(|v| v.as_str().map(str::to_string)),
            })
        })
        .collect();
    devices.sort_by(|a, b| a.path.cmp(&b.path));
    Some(devices)
}

/// The token facts from a lookup-self answer (never the id or accessor).
pub fn parse_token(body: &Value) -> Option<VaultToken> {
    let data = body.get("data")?;
    let mut policies: Vec<String> = data
        .get("policies")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    policies.sort();
    Some(VaultToken {
        display_name: data
            .get("display_name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        policies,
        ttl_seconds: data.get("ttl").and_then(Value::as_u64).unwrap_or(0),
    })
}

/// LIST sys/policies/acl, then each policy's text. An empty answer is unknown.
async fn policies(client: &VaultClient) -> Result<Option<Vec<VaultPolicy>>, VaultError> {
    let Some(body) = client
        .send(super::client::ReadMethod::List, "sys/policies/acl")
        .await?
    else {
        return Ok(None);
    };
    let Some(names) = body.pointer("/data/keys").and_then(Value::as_array) else {
        return Ok(None);
    };
    let mut policies = Vec::new();
    for name in names.iter().filter_map(Value::as_str) {
        let Some(body) = client.read(&format!("sys/policies/acl/{name}")).await? else {
            continue;
        };
        let text = body
            .pointer("/data/policy")
            .and_then(Value::as_str)
            .unwrap_or_default();
        policies.push(VaultPolicy {
            name: name.to_string(),
            source: "vault".into(),
            file: None,
            text: text.to_string(),
        });
    }
    policies.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Some(policies))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn mounts_from_vault_and_rustyvault_shapes() {
        // Vault: the table at the top level and under `data`, with options.
        let vault = json!({
            "portarium/credentials/": {"type": "kv", "options": {"version": "2"}},
            "secret/": {"type": "kv", "options": null},
            "sys/": {"type": "system"},
            "request_id": "x",
            "data": {
                "portarium/credentials/": {"type": "kv", "options": {"version": "2"}},
                "secret/": {"type": "kv", "options": null},
                "sys/": {"type": "system"}
            }
        });
        let mounts = parse_mounts(&vault).unwrap();
        assert_eq!(
            mounts,
            [
                VaultMount {
                    path: "portarium/credentials".into(),
                    kind: "kv".into(),
                    version: Some(2)
                },
                VaultMount {
                    path: "secret".into(),
                    kind: "kv".into(),
                    version: Some(1)
                },
                VaultMount {
                    path: "sys".into(),
                    kind: "system".into(),
                    version: None
                },
            ]
        );
        // RustyVault: only `data`, no options.
        let rusty = json!({"data": {"kv/": {"type": "kv", "description": ""}}});
        assert_eq!(parse_mounts(&rusty).unwrap()[0].version, Some(1));
    }

    #[test]
    fn audit_devices_none_versus_unknown() {
        assert_eq!(parse_audit(&json!({"data": {}})), Some(vec![]));
        let devices = parse_audit(&json!({"file/": {"type": "file", "options": {"file_path": "/var/log/vault_audit.log"}}})).unwrap();
        assert_eq!(
            devices[0].file_path.as_deref(),
            Some("/var/log/vault_audit.log")
        );
        assert_eq!(parse_audit(&json!("x")), None);
    }

    #[test]
    fn token_facts_without_id_or_accessor() {
        let token = parse_token(&json!({"data": {
            "id": "hvs.SHOULD-NOT-APPEAR", "accessor": "acc",
            "display_name": "approle", "policies": ["vaultproof-read", "default"], "ttl": 3600
        }}))
        .unwrap();
        assert_eq!(token.policies, ["default", "vaultproof-read"]);
        assert_eq!(token.ttl_seconds, 3600);
        assert!(!serde_json::to_string(&token)
            .unwrap()
            .contains("SHOULD-NOT-APPEAR"));
    }
}
