//! The credential inventory of the first runbook's Phase 1: which credential talks to
//! which system of record, from where, and where in Vault it is expected. Credentials and
//! endpoints found in the same config object (an MCP server, a compose service, a `.env`
//! file, a source file) are joined into [`InventoryRow`]s; a credential whose provider
//! implies a system (a Stripe key) gets that system even with no endpoint beside it.
//! Expected Vault paths come from the `[inventory]` template of `.vaultproof.toml`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use globset::{Glob, GlobBuilder, GlobMatcher};
use regex::bytes::Regex;
use serde::{Deserialize, Serialize};

use crate::detect::endpoints::Systems;
use crate::detect::judge::key_tokens;
use crate::detect::structured::analyze::Context;
use crate::finding::FindingKind;

/// The `[inventory]` table of `.vaultproof.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct InventoryConfig {
    /// Template of the expected Vault path, such as
    /// `portarium/credentials/{workspace}/{provider}`; also `{system}` and `{key}`.
    #[serde(default)]
    pub vault_path: Option<String>,
    /// Path patterns that capture the workspace, such as `agents/{workspace}/**`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub workspace_from: Vec<String>,
    /// Explicit mapping of path globs to workspaces (checked before `workspace_from`).
    #[serde(default)]
    pub workspaces: BTreeMap<String, String>,
    /// The workspace of paths no pattern matches (default: empty).
    #[serde(default)]
    pub default_workspace: Option<String>,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

/// Why the inventory configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum InventoryError {
    /// A `workspace_from` pattern or `workspaces` glob is invalid.
    #[error(".vaultproof.toml: [inventory] pattern {pattern:?}: {message}")]
    Pattern {
        /// The pattern.
        pattern: String,
        /// What is wrong.
        message: String,
    },
    /// The CSV could not be written.
    #[error("{path}: cannot write the inventory: {message}")]
    Write {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
}

/// One credential or endpoint seen in a file, as the inventory needs it.
#[derive(Debug, Clone)]
pub struct Fact {
    /// Index of the scanned root.
    pub root: usize,
    /// Path relative to the root.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// Rule id.
    pub rule_id: String,
    /// Rule name.
    pub rule_name: String,
    /// Rule provider (for endpoints: the system).
    pub provider: String,
    /// Finding kind.
    pub kind: FindingKind,
    /// The endpoint in clear (endpoints only; empty for secrets).
    pub endpoint: String,
    /// The value's fingerprint.
    pub fingerprint: String,
    /// Where in a structured file it sits.
    pub context: Option<Context>,
}

/// One row of the inventory.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema, Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct InventoryRow {
    /// The workspace (from `[inventory]` patterns), or empty.
    pub workspace: String,
    /// The system of record (`stripe`, `jira`, `erpnext`, `database`...), or empty when
    /// nothing ties the credential to one.
    pub system: String,
    /// The endpoint (host or URL) seen with the credential, or the system's default.
    pub endpoint: String,
    /// What the credential is (`Stripe live secret key`, `API key`, `password`...); empty
    /// for an endpoint called with no credential beside it.
    pub credential_type: String,
    /// Where it is now: `path:line`.
    pub location: String,
    /// Its key path in a structured file (empty in source code).
    pub key_path: String,
    /// Where it is expected in Vault (from the `vault_path` template), or empty.
    pub expected_vault_path: String,
    /// The rule that found the credential (or the endpoint).
    pub rule_id: String,
    /// The credential's fingerprint (empty for endpoint-only rows).
    pub fingerprint: String,
    /// Where the credential stands in Vault (set when the scan had Vault evidence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault: Option<crate::report::model::VaultMatch>,
}

/// Compiled `[inventory]` settings.
#[derive(Debug)]
pub struct Inventory {
    template: Option<String>,
    patterns: Vec<Regex>,
    mapping: Vec<(GlobMatcher, String)>,
    default_workspace: String,
}

impl Inventory {
    /// Compiles the configuration.
    pub fn new(config: &InventoryConfig) -> Result<Self, InventoryError> {
        let mut patterns = Vec::new();
        for pattern in &config.workspace_from {
            patterns.push(workspace_pattern(pattern)?);
        }
        let mut mapping = Vec::new();
        for (glob, workspace) in &config.workspaces {
            let matcher = Glob::new(glob)
                .map_err(|e| InventoryError::Pattern {
                    pattern: glob.clone(),
                    message: e.to_string(),
                })?
                .compile_matcher();
            mapping.push((matcher, workspace.clone()));
        }
        Ok(Inventory {
            template: config.vault_path.clone(),
            patterns,
            mapping,
            default_workspace: config.default_workspace.clone().unwrap_or_default(),
        })
    }

    /// The workspace of a path.
    pub fn workspace(&self, path: &str) -> String {
        if let Some((_, w)) = self.mapping.iter().find(|(m, _)| m.is_match(path)) {
            return w.clone();
        }
        self.patterns
            .iter()
            .find_map(|re| {
                let captures = re.captures(path.as_bytes())?;
                Some(String::from_utf8_lossy(&captures["workspace"]).into_owned())
            })
            .unwrap_or_else(|| self.default_workspace.clone())
    }

    /// Joins facts into rows, sorted.
    pub fn rows(&self, facts: &[Fact], systems: &Systems) -> Vec<InventoryRow> {
        // (root, path, object) → facts
        let mut objects: BTreeMap<(usize, &str, &str), Vec<&Fact>> = BTreeMap::new();
        for fact in facts {
            let object = fact.context.as_ref().map_or("", |c| c.object.as_str());
            objects
                .entry((fact.root, fact.path.as_str(), object))
                .or_default()
                .push(fact);
        }
        let mut rows = BTreeSet::new();
        for ((root, path, _), facts) in &objects {
            let endpoints: Vec<&Fact> = facts
                .iter()
                .copied()
                .filter(|f| f.kind == FindingKind::Endpoint)
                .collect();
            // Endpoints elsewhere in the same file: a fallback for credentials whose own
            // object has none.
            let file_endpoints: Vec<&Fact> = objects
                .iter()
                .filter(|((r, p, _), _)| r == root && p == path)
                .flat_map(|(_, fs)| fs.iter().copied())
                .filter(|f| f.kind == FindingKind::Endpoint)
                .collect();
            let endpoint_systems: BTreeSet<&str> =
                endpoints.iter().map(|e| e.provider.as_str()).collect();
            let mut used_systems = BTreeSet::new();
            let workspace = self.workspace(path);
            for cred in facts.iter().filter(|f| {
                matches!(
                    f.kind,
                    FindingKind::ProviderSecret
                        | FindingKind::GenericSecret
                        | FindingKind::PrivateKey
                )
            }) {
                let key = cred.context.as_ref().map_or("", |c| c.key.as_str());
                let system = systems
                    .for_provider(&cred.provider)
                    .or_else(|| systems.for_key(key))
                    .map(str::to_string)
                    .or_else(|| {
                        (endpoint_systems.len() == 1)
                            .then(|| endpoint_systems.iter().next().map(|s| s.to_string()))
                            .flatten()
                    })
                    .unwrap_or_default();
                // The endpoint on the credential's own line first (the host of its own
                // connection URL), then one of its object, then one of its file.
                let same_system = |e: &&&Fact| !system.is_empty() && e.provider == system;
                let endpoint = file_endpoints
                    .iter()
                    .filter(same_system)
                    .find(|e| e.line == cred.line)
                    .or_else(|| {
                        endpoints
                            .iter()
                            .chain(file_endpoints.iter())
                            .find(same_system)
                    })
                    .map(|e| e.endpoint.clone())
                    .or_else(|| {
                        systems
                            .by_id
                            .get(&system)
                            .map(|s| s.default_endpoint.clone())
                    })
                    .unwrap_or_default();
                used_systems.insert(system.clone());
                let provider = if system.is_empty() {
                    provider_from_key(key).unwrap_or_else(|| cred.provider.clone())
                } else {
                    system.clone()
                };
                rows.insert(InventoryRow {
                    expected_vault_path: self.vault_path(&workspace, &provider, &system, key),
                    workspace: workspace.clone(),
                    system,
                    endpoint,
                    credential_type: credential_type(cred, key),
                    location: format!("{}:{}", cred.path, cred.line),
                    key_path: cred
                        .context
                        .as_ref()
                        .map_or_else(String::new, |c| c.key_path.clone()),
                    rule_id: cred.rule_id.clone(),
                    fingerprint: cred.fingerprint.clone(),
                    vault: None,
                });
            }
            // Direct SoR calls with no credential beside them (Phase 1 visibility).
            for endpoint in endpoints {
                if used_systems.contains(&endpoint.provider) {
                    continue;
                }
                used_systems.insert(endpoint.provider.clone());
                rows.insert(InventoryRow {
                    workspace: workspace.clone(),
                    system: endpoint.provider.clone(),
                    endpoint: endpoint.endpoint.clone(),
                    credential_type: String::new(),
                    location: format!("{}:{}", endpoint.path, endpoint.line),
                    key_path: endpoint
                        .context
                        .as_ref()
                        .map_or_else(String::new, |c| c.key_path.clone()),
                    expected_vault_path: String::new(),
                    rule_id: endpoint.rule_id.clone(),
                    fingerprint: String::new(),
                    vault: None,
                });
            }
        }
        rows.into_iter().collect()
    }

    fn vault_path(&self, workspace: &str, provider: &str, system: &str, key: &str) -> String {
        let Some(template) = &self.template else {
            return String::new();
        };
        template
            .replace("{workspace}", workspace)
            .replace("{provider}", provider)
            .replace("{system}", system)
            .replace("{key}", &key.to_ascii_lowercase())
    }
}

/// Stands for `{workspace}` while globset translates the rest of a pattern (letters only,
/// so the translation leaves it as it is).
const WORKSPACE_SLOT: &str = "VAULTPROOFWORKSPACESLOT";

/// `agents/{workspace}/**` as an anchored regex capturing `workspace`: globset translates
/// the glob (`*` and `?` stay within a path segment), the slot becomes the capture.
fn workspace_pattern(pattern: &str) -> Result<Regex, InventoryError> {
    let error = |message: String| InventoryError::Pattern {
        pattern: pattern.to_string(),
        message,
    };
    if !pattern.contains("{workspace}") {
        return Err(error("needs a {workspace} part".into()));
    }
    let glob = GlobBuilder::new(&pattern.replace("{workspace}", WORKSPACE_SLOT))
        .literal_separator(true)
        .build()
        .map_err(|e| error(e.to_string()))?;
    let regex = glob.regex().replace(WORKSPACE_SLOT, "(?P<workspace>[^/]+)");
    Regex::new(&regex).map_err(|e| error(e.to_string()))
}

/// `ALPACA_API_SECRET_KEY` → `alpaca`, `DATABASE_PASSWORD` → `database`: the key's
/// leading words before the credential words.
fn provider_from_key(key: &str) -> Option<String> {
    const CREDENTIAL_WORDS: &[&str] = &[
        "api",
        "key",
        "secret",
        "token",
        "password",
        "passwd",
        "pwd",
        "pass",
        "client",
        "access",
        "auth",
        "private",
        "bearer",
        "credentials",
        "credential",
        "id",
        "app",
    ];
    let words: Vec<String> = key_tokens(key)
        .into_iter()
        .take_while(|t| !CREDENTIAL_WORDS.contains(&t.as_str()))
        .collect();
    (!words.is_empty()).then(|| words.join("-"))
}

/// What a credential is, for the inventory's credential-type column.
fn credential_type(fact: &Fact, key: &str) -> String {
    if fact.kind != FindingKind::GenericSecret {
        return fact.rule_name.clone();
    }
    let tokens = key_tokens(key);
    let has = |w: &str| tokens.iter().any(|t| t == w);
    let joined = tokens.concat();
    if joined.contains("clientsecret") {
        "OAuth2 client secret".into()
    } else if has("password")
        || has("passwd")
        || has("pwd")
        || has("pass")
        || joined.contains("password")
    {
        "password".into()
    } else if has("bearer") || has("authorization") {
        "bearer token".into()
    } else if has("token") || joined.contains("token") {
        "token".into()
    } else if has("key") || joined.contains("apikey") {
        "API key".into()
    } else if tokens.is_empty() && fact.context.is_none() {
        fact.rule_name.clone()
    } else {
        "secret".into()
    }
}

/// Writes the rows as CSV with a header line (`vault_status` is empty without Vault evidence).
/// Every cell goes through [`crate::escape::csv_cell`]: a cell a spreadsheet would run as a
/// formula (a hostile key path or file name starting with `=`) gets a leading `'`.
pub fn write_csv(rows: &[InventoryRow], out: impl Write) -> Result<(), csv::Error> {
    use crate::escape::csv_cell;
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "workspace",
        "system",
        "endpoint",
        "credential_type",
        "location",
        "key_path",
        "expected_vault_path",
        "rule_id",
        "fingerprint",
        "vault_status",
    ])?;
    for row in rows {
        let vault_status = row.vault.as_ref().map_or("", |v| v.status.as_str());
        writer.write_record(
            [
                csv_cell(&row.workspace),
                csv_cell(&row.system),
                csv_cell(&row.endpoint),
                csv_cell(&row.credential_type),
                csv_cell(&row.location),
                csv_cell(&row.key_path),
                csv_cell(&row.expected_vault_path),
                csv_cell(&row.rule_id),
                csv_cell(&row.fingerprint),
                csv_cell(vault_status),
            ]
            .iter()
            .map(|cell| cell.as_bytes()),
        )?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::endpoints::endpoint_rules;

    fn fact(path: &str, kind: FindingKind, provider: &str, key: &str, object: &str) -> Fact {
        Fact {
            root: 0,
            path: path.into(),
            line: 1,
            rule_id: format!("r.{provider}"),
            rule_name: format!("{provider} rule"),
            provider: provider.into(),
            kind,
            endpoint: if kind == FindingKind::Endpoint {
                format!("{provider}.example")
            } else {
                String::new()
            },
            fingerprint: "fp".into(),
            context: Some(Context {
                key_path: key.into(),
                key: key.into(),
                object: object.into(),
            }),
        }
    }

    #[test]
    fn workspace_patterns_and_mapping() {
        let inventory = Inventory::new(&InventoryConfig {
            workspace_from: vec!["agents/{workspace}/**".into()],
            workspaces: [("shared/**".to_string(), "ws-shared".to_string())].into(),
            default_workspace: Some("none".into()),
            ..InventoryConfig::default()
        })
        .unwrap();
        assert_eq!(inventory.workspace("agents/ws-a/.env"), "ws-a");
        assert_eq!(inventory.workspace("agents/ws-b/cfg/mcp.json"), "ws-b");
        assert_eq!(inventory.workspace("shared/x.yaml"), "ws-shared");
        assert_eq!(inventory.workspace("other/x"), "none");
    }

    #[test]
    fn database_credentials_take_the_host_of_their_own_line() {
        let (_, systems) = endpoint_rules(&[]).unwrap();
        let inventory = Inventory::new(&InventoryConfig::default()).unwrap();
        // Two connection URLs in one object: each credential gets its own URL's host,
        // never the first database host of the object.
        let at = |line: usize, kind, provider: &str, endpoint: &str| Fact {
            line,
            endpoint: endpoint.into(),
            rule_id: format!("r.{provider}.{line}"),
            ..fact("config.yaml", kind, provider, "url", "database")
        };
        let facts = vec![
            at(2, FindingKind::Endpoint, "database", "pg.acme.io:5432"),
            at(2, FindingKind::ProviderSecret, "postgres", ""),
            at(3, FindingKind::Endpoint, "database", "my.acme.io"),
            at(3, FindingKind::ProviderSecret, "mysql", ""),
        ];
        let rows = inventory.rows(&facts, &systems);
        let by_location: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.location.as_str(), r.endpoint.as_str()))
            .collect();
        assert!(
            by_location.contains(&("config.yaml:2", "pg.acme.io:5432")),
            "{by_location:?}"
        );
        assert!(
            by_location.contains(&("config.yaml:3", "my.acme.io")),
            "{by_location:?}"
        );
    }

    #[test]
    fn credentials_join_endpoints_in_the_same_object() {
        let (_, systems) = endpoint_rules(&[]).unwrap();
        let inventory = Inventory::new(&InventoryConfig {
            vault_path: Some("portarium/credentials/{workspace}/{provider}".into()),
            workspace_from: vec!["agents/{workspace}/**".into()],
            ..InventoryConfig::default()
        })
        .unwrap();
        let facts = vec![
            fact(
                "agents/a/mcp.json",
                FindingKind::GenericSecret,
                "generic",
                "JIRA_API_TOKEN",
                "mcpServers.jira",
            ),
            fact(
                "agents/a/mcp.json",
                FindingKind::Endpoint,
                "jira",
                "JIRA_URL",
                "mcpServers.jira",
            ),
            fact(
                "agents/a/mcp.json",
                FindingKind::ProviderSecret,
                "stripe",
                "STRIPE_API_KEY",
                "mcpServers.stripe",
            ),
            fact("agents/a/app.py", FindingKind::Endpoint, "hubspot", "", ""),
        ];
        let rows = inventory.rows(&facts, &systems);
        let summary: Vec<(String, String, String, String)> = rows
            .iter()
            .map(|r| {
                (
                    r.system.clone(),
                    r.endpoint.clone(),
                    r.credential_type.clone(),
                    r.expected_vault_path.clone(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "hubspot".into(),
                    "hubspot.example".into(),
                    "".into(),
                    "".into()
                ),
                (
                    "jira".into(),
                    "jira.example".into(),
                    "token".into(),
                    "portarium/credentials/a/jira".into()
                ),
                (
                    "stripe".into(),
                    "api.stripe.com".into(),
                    "stripe rule".into(),
                    "portarium/credentials/a/stripe".into()
                ),
            ]
        );
    }

    #[test]
    fn provider_words_from_key_names() {
        assert_eq!(
            provider_from_key("ALPACA_API_SECRET_KEY").as_deref(),
            Some("alpaca")
        );
        assert_eq!(
            provider_from_key("DATABASE_PASSWORD").as_deref(),
            Some("database")
        );
        assert_eq!(provider_from_key("password"), None);
    }
}
