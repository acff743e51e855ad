//! System-of-record endpoints as data: the built-in list (`rules/endpoints.toml`, embedded)
//! plus the user's own `[[endpoints]]` from `.vaultproof.toml`. Each endpoint rule becomes
//! a [`Rule`] of kind `endpoint` for the [`Matcher`](super::Matcher), so endpoint keywords
//! ride the same single Aho-Corasick pass as the secret rules. The [`Systems`] table maps
//! systems to the providers and key names that imply them, for the inventory join.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::rules::{LoadedRule, Rule, RuleError};
use crate::finding::{FindingKind, Severity};

/// The built-in endpoint rules.
const BUILTIN_ENDPOINTS: &str = include_str!("../../rules/endpoints.toml");

/// An endpoint rules file: a list of endpoint rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EndpointFile {
    endpoints: Vec<EndpointRule>,
}

/// A system-of-record endpoint rule, as written in `rules/endpoints.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointRule {
    /// Stable, versioned id such as `vp.endpoint.stripe.1`.
    pub id: String,
    /// The system id (`stripe`, `jira`, `odoo`, `database`): the inventory's SoR column
    /// and `{provider}` in the expected Vault path.
    pub system: String,
    /// Human name.
    pub name: String,
    /// Providers of secret rules whose credentials imply this system.
    #[serde(default)]
    pub providers: Vec<String>,
    /// Key-name words (`stripe`, `jira`, `erp`) that tie a generic credential to it.
    #[serde(default)]
    pub key_hints: Vec<String>,
    /// The endpoint shown when a credential implies the system but none was found nearby.
    #[serde(default)]
    pub default_endpoint: String,
    /// Literal prefilter strings (case-insensitive), as for secret rules.
    pub keywords: Vec<String>,
    /// The pattern; the named group `endpoint` is the host or URL reported.
    pub regex: String,
    /// Inputs that must produce a match.
    pub examples: Vec<String>,
    /// Inputs that must not produce a match.
    pub negative_examples: Vec<String>,
}

/// A user endpoint from `.vaultproof.toml`:
/// `[[endpoints]] system = "erp" host = "erp.example.com"`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct UserEndpoint {
    /// The system id it belongs to (a built-in one such as `erpnext`, or a new one).
    pub system: String,
    /// The host (matched case-insensitively, with any scheme, port and path).
    pub host: String,
    /// Human name (default: the system id).
    #[serde(default)]
    pub name: Option<String>,
    /// Providers of secret rules whose credentials imply this system.
    #[serde(default)]
    pub providers: Vec<String>,
    /// Key-name words that tie a generic credential to this system (default: the system).
    #[serde(default)]
    pub key_hints: Vec<String>,
}

/// What the inventory knows about one system.
#[derive(Debug, Clone, Default)]
pub struct System {
    /// Human name of its first endpoint rule.
    pub name: String,
    /// Providers whose credentials imply it.
    pub providers: Vec<String>,
    /// Key-name words that tie generic credentials to it.
    pub key_hints: Vec<String>,
    /// The endpoint shown when none was found next to a credential.
    pub default_endpoint: String,
}

/// Every known system by id, built from the endpoint rules.
#[derive(Debug, Clone, Default)]
pub struct Systems {
    /// Systems by id.
    pub by_id: BTreeMap<String, System>,
}

impl Systems {
    /// The system a secret rule's provider implies (`stripe` → `stripe`).
    pub fn for_provider(&self, provider: &str) -> Option<&str> {
        let provider = provider.to_ascii_lowercase();
        if provider.is_empty() || provider == "generic" {
            return None;
        }
        self.by_id
            .iter()
            .find(|(id, s)| **id == provider || s.providers.contains(&provider))
            .map(|(id, _)| id.as_str())
    }

    /// The system a key name hints at (`ERPNEXT_API_KEY` → `erpnext`), if one word of the
    /// key is a hint of exactly one system (the most specific hint wins).
    pub fn for_key(&self, key: &str) -> Option<&str> {
        let tokens = super::judge::key_tokens(key);
        let joined = tokens.concat();
        let mut best: Option<(&str, usize)> = None;
        for (id, system) in &self.by_id {
            for hint in &system.key_hints {
                let hit = tokens.iter().any(|t| t == hint)
                    || (hint.len() >= 4 && joined.contains(hint.as_str()));
                if hit && best.is_none_or(|(_, len)| hint.len() > len) {
                    best = Some((id, hint.len()));
                }
            }
        }
        best.map(|(id, _)| id)
    }
}

/// The built-in endpoint rules.
pub fn builtin_endpoint_rules() -> Result<Vec<EndpointRule>, RuleError> {
    parse_endpoint_file(Path::new("builtin:endpoints.toml"), BUILTIN_ENDPOINTS)
}

fn parse_endpoint_file(path: &Path, text: &str) -> Result<Vec<EndpointRule>, RuleError> {
    let file: EndpointFile = toml::from_str(text).map_err(|e| RuleError::Parse {
        path: path.to_path_buf(),
        message: crate::config::toml_error_message(text, &e),
    })?;
    Ok(file.endpoints)
}

impl EndpointRule {
    /// This endpoint rule as a matcher [`Rule`] of kind `endpoint` (the `endpoint` group
    /// becomes the matcher's `secret` group: the span it reports).
    pub fn to_rule(&self) -> Rule {
        Rule {
            id: self.id.clone(),
            name: self.name.clone(),
            provider: self.system.clone(),
            kind: FindingKind::Endpoint,
            severity: Severity::Info,
            keywords: self.keywords.clone(),
            regex: self.regex.replace("(?P<endpoint>", "(?P<secret>"),
            entropy: None,
            validator: None,
            multiline: false,
            examples: self.examples.clone(),
            negative_examples: self.negative_examples.clone(),
        }
    }
}

impl UserEndpoint {
    /// The user endpoint as an endpoint rule with id `user.endpoint.<system>.<n>`.
    pub fn to_endpoint_rule(&self, n: usize) -> EndpointRule {
        let host = self.host.trim().to_ascii_lowercase();
        let escaped = regex::escape(&host);
        EndpointRule {
            id: format!("user.endpoint.{}.{n}", self.system),
            system: self.system.clone(),
            name: self
                .name
                .clone()
                .unwrap_or_else(|| format!("{} ({host})", self.system)),
            providers: self.providers.clone(),
            key_hints: if self.key_hints.is_empty() {
                vec![self.system.to_ascii_lowercase()]
            } else {
                self.key_hints.clone()
            },
            default_endpoint: host.clone(),
            keywords: vec![host.clone()],
            regex: format!(
                r"(?i)(?:^|[^A-Za-z0-9.-])(?P<endpoint>(?:https?://)?{escaped}(?::[0-9]+)?(?:/[A-Za-z0-9_./-]*)?)"
            ),
            examples: vec![format!("https://{host}/api")],
            negative_examples: vec![],
        }
    }
}

/// All endpoint rules (built-in, then the user's) as matcher rules, and the systems table.
pub fn endpoint_rules(user: &[UserEndpoint]) -> Result<(Vec<LoadedRule>, Systems), RuleError> {
    let mut rules = builtin_endpoint_rules()?;
    let origin_builtin = PathBuf::from("builtin:endpoints.toml");
    let builtin_count = rules.len();
    for (n, endpoint) in user.iter().enumerate() {
        rules.push(endpoint.to_endpoint_rule(n + 1));
    }
    let mut systems = Systems::default();
    for rule in &rules {
        let system = systems.by_id.entry(rule.system.clone()).or_default();
        if system.name.is_empty() {
            system.name = rule.name.clone();
        }
        for p in &rule.providers {
            if !system.providers.contains(p) {
                system.providers.push(p.to_ascii_lowercase());
            }
        }
        for h in &rule.key_hints {
            if !system.key_hints.contains(h) {
                system.key_hints.push(h.to_ascii_lowercase());
            }
        }
        if system.default_endpoint.is_empty() {
            system.default_endpoint = rule.default_endpoint.clone();
        }
    }
    let loaded = rules
        .iter()
        .enumerate()
        .map(|(i, rule)| LoadedRule {
            rule: rule.to_rule(),
            origin: if i < builtin_count {
                origin_builtin.clone()
            } else {
                PathBuf::from(".vaultproof.toml")
            },
        })
        .collect();
    Ok((loaded, systems))
}

/// Whether a matched endpoint is worth reporting: not a loopback or unspecified address,
/// not a `www.` marketing site, not a template slot.
pub fn accept_endpoint(value: &[u8]) -> bool {
    let text = String::from_utf8_lossy(value).to_ascii_lowercase();
    if text.starts_with('/') {
        return true; // an API path such as Odoo's `/xmlrpc/2/object`
    }
    let host = text
        .split("://")
        .last()
        .unwrap_or(&text)
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    !(host.is_empty()
        || host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "0.0.0.0"
        || host == "host.docker.internal"
        || host.starts_with("www.")
        || text.contains("${")
        || text.contains("{{"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{Matcher, Scratch};

    fn endpoint_matcher(user: &[UserEndpoint]) -> Matcher {
        Matcher::new(endpoint_rules(user).unwrap().0).expect("endpoint rules compile")
    }

    fn found(matcher: &Matcher, text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        matcher.find(text.as_bytes(), &mut Scratch::default(), &mut out);
        out.iter()
            .map(|c| {
                (
                    matcher.rules()[c.rule].rule.id.clone(),
                    text[c.start..c.end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn the_runbook_systems_are_all_covered() {
        let (_, systems) = endpoint_rules(&[]).unwrap();
        for system in [
            "stripe",
            "salesforce",
            "jira",
            "servicenow",
            "sap",
            "odoo",
            "netsuite",
            "workday",
            "hubspot",
            "zendesk",
            "shopify",
            "quickbooks",
            "xero",
            "dynamics365",
            "erpnext",
            "database",
        ] {
            assert!(systems.by_id.contains_key(system), "{system}");
        }
    }

    #[test]
    fn database_urls_report_the_host_never_the_password() {
        let matcher = endpoint_matcher(&[]);
        let hits = found(
            &matcher,
            "DATABASE_URL=postgres://app:s3cr3t@db.internal:5432/app",
        );
        assert_eq!(
            hits,
            vec![(
                "vp.endpoint.database-url.1".into(),
                "db.internal:5432".into()
            )]
        );
    }

    #[test]
    fn database_urls_with_an_at_sign_or_slash_in_the_password_never_show_it() {
        let matcher = endpoint_matcher(&[]);
        for (url, host) in [
            (
                "postgres://u:p@ss@db-main.internal/db",
                Some("db-main.internal"),
            ),
            (
                "postgres://u:p@ss@db-main.internal:5432",
                Some("db-main.internal:5432"),
            ),
            (
                "mysql://svc:a@b@c@mysql.prod.acme.io:3306/x",
                Some("mysql.prod.acme.io:3306"),
            ),
            (
                "DB=\"postgresql://u:Zq8@kw7@pg.acme.io\"",
                Some("pg.acme.io"),
            ),
            (
                "redis://:Pw@rd9x@cache.internal:6379/0",
                Some("cache.internal:6379"),
            ),
            (
                "see postgres://db.internal. for details",
                Some("db.internal"),
            ),
            // The authority ends at the `/` inside the password: no host can be had, and
            // neither the user name nor a piece of the password may stand for one.
            ("postgres://admin:pa/ss@db.internal/app", None),
            ("postgres://admin:pass@/db", None),
        ] {
            let hits = found(&matcher, url);
            let hosts: Vec<&str> = hits.iter().map(|(_, h)| h.as_str()).collect();
            assert_eq!(hosts, host.into_iter().collect::<Vec<_>>(), "{url}");
        }
    }

    #[test]
    fn user_endpoints_from_config() {
        let user = UserEndpoint {
            system: "erp".into(),
            host: "erp.example.com".into(),
            ..UserEndpoint::default()
        };
        let matcher = endpoint_matcher(std::slice::from_ref(&user));
        let hits = found(&matcher, "ERP_URL=https://erp.example.com/api/v2\n");
        assert_eq!(
            hits,
            vec![(
                "user.endpoint.erp.1".into(),
                "https://erp.example.com/api/v2".into()
            )]
        );
        assert!(found(&matcher, "x=noterp.example.com.evil").is_empty());
        let (_, systems) = endpoint_rules(&[user]).unwrap();
        assert_eq!(systems.for_key("ERP_API_KEY"), Some("erp"));
        assert_eq!(systems.for_key("ERPNEXT_KEY"), Some("erpnext"));
        assert_eq!(systems.for_provider("stripe"), Some("stripe"));
    }
}
