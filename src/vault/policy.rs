//! Vault ACL policies: parsed with `hcl-rs` (or `serde_json` for JSON policies), then
//! evaluated under Vault's own path-matching rules, so the audit can say which policies can
//! read the credentials path and which grants are too broad.
//!
//! The rules implemented are Vault's (see its "Policies" documentation and `acl.go`):
//! - a path ending in `*` is a prefix match (on characters, not segments);
//! - a `+` segment matches exactly one path segment; a templated segment
//!   (`{{identity.entity.id}}`) is resolved per identity at request time, so here it matches
//!   any one segment (an over-approximation: it may name a reader that would, for a given
//!   identity, not match);
//! - an exact path beats every pattern; among patterns, the most specific one wins
//!   (first wildcard later, no trailing `*`, fewer `+`, longer, then lexicographically
//!   greater), and its capabilities alone decide;
//! - the policies attached to one token are merged: identical paths union their
//!   capabilities, and `deny` on a path removes every capability there;
//! - the builtin `root` policy has no text and allows everything.
//!
//! KV v2 stores values under `MOUNT/data/PATH` and metadata under `MOUNT/metadata/PATH`:
//! [`kv_read_path`] turns a secret's path into the request path whose `read` capability
//! hands out its value.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::report::model::VaultPolicy;

/// The builtin policy that allows everything (it has no HCL text).
pub const ROOT_POLICY: &str = "root";

/// A capability a policy path grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Capability {
    /// Write data where none was (POST/PUT).
    Create,
    /// Read data (GET): for a KV path, the secret's value.
    Read,
    /// Change existing data (POST/PUT).
    Update,
    /// Partially update data (PATCH).
    Patch,
    /// Delete data (DELETE).
    Delete,
    /// List keys (LIST); does not reveal values.
    List,
    /// Root-protected paths (`sys/...`); with other capabilities.
    Sudo,
    /// Nothing: wins over every other capability on the same path.
    Deny,
    /// Subscribe to events.
    Subscribe,
    /// Recover from snapshots.
    Recover,
}

impl Capability {
    fn parse(word: &str) -> Option<Capability> {
        Some(match word {
            "create" => Capability::Create,
            "read" => Capability::Read,
            "update" => Capability::Update,
            "patch" => Capability::Patch,
            "delete" => Capability::Delete,
            "list" => Capability::List,
            "sudo" => Capability::Sudo,
            "deny" => Capability::Deny,
            "subscribe" => Capability::Subscribe,
            "recover" => Capability::Recover,
            _ => return None,
        })
    }

    /// The lowercase name used in policies.
    pub fn as_str(self) -> &'static str {
        match self {
            Capability::Create => "create",
            Capability::Read => "read",
            Capability::Update => "update",
            Capability::Patch => "patch",
            Capability::Delete => "delete",
            Capability::List => "list",
            Capability::Sudo => "sudo",
            Capability::Deny => "deny",
            Capability::Subscribe => "subscribe",
            Capability::Recover => "recover",
        }
    }

    /// The capabilities of the deprecated `policy = "..."` shorthand.
    fn legacy(word: &str) -> Option<Vec<Capability>> {
        use Capability::*;
        Some(match word {
            "deny" => vec![Deny],
            "read" => vec![Read, List],
            "write" => vec![Create, Read, Update, Delete, List],
            "sudo" => vec![Create, Read, Update, Delete, List, Sudo],
            _ => return None,
        })
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a policy could not be read. Names the policy (and its file), never a value.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The text is neither valid HCL nor valid JSON.
    #[error("policy {policy}{}: not valid HCL: {message}", file_suffix(.file))]
    Syntax {
        /// Policy name.
        policy: String,
        /// The `.hcl` file it came from, if any.
        file: Option<String>,
        /// The parser's message (with line and column).
        message: String,
    },
    /// A `path` block is malformed (no label, capabilities not a list of strings...).
    #[error("policy {policy}{}: path {path:?}: {message}", file_suffix(.file))]
    Invalid {
        /// Policy name.
        policy: String,
        /// The `.hcl` file it came from, if any.
        file: Option<String>,
        /// The path block's label.
        path: String,
        /// What is wrong.
        message: String,
    },
}

fn file_suffix(file: &Option<String>) -> String {
    match file {
        Some(file) => format!(" ({file})"),
        None => String::new(),
    }
}

/// One segment of a path pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// Must equal the request's segment.
    Literal(String),
    /// `+` or a templated segment: any one segment.
    Any,
}

/// A `path "..."` pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPattern {
    text: String,
    segments: Vec<Segment>,
    glob: bool,
}

impl PathPattern {
    /// Parses a policy path (a leading `/` is dropped, as Vault does).
    pub fn new(text: &str) -> PathPattern {
        let text = text.strip_prefix('/').unwrap_or(text).to_string();
        let (body, glob) = match text.strip_suffix('*') {
            Some(body) => (body, true),
            None => (text.as_str(), false),
        };
        let segments = body
            .split('/')
            .map(|segment| {
                if segment == "+" || segment.contains("{{") {
                    Segment::Any
                } else {
                    Segment::Literal(segment.to_string())
                }
            })
            .collect();
        PathPattern {
            text,
            segments,
            glob,
        }
    }

    /// The pattern as written (without a leading `/`).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when the pattern ends in `*`.
    pub fn is_glob(&self) -> bool {
        self.glob
    }

    /// Number of `+` (and templated) segments.
    pub fn segment_wildcards(&self) -> usize {
        self.segments
            .iter()
            .filter(|s| matches!(s, Segment::Any))
            .count()
    }

    /// True for a pattern with no `*` and no `+`: it names one path.
    pub fn is_exact(&self) -> bool {
        !self.glob && self.segment_wildcards() == 0
    }

    /// True when the pattern matches a path of any first segment: `*`, `+/...`,
    /// `+/*`: a grant over every mount.
    pub fn is_top_level_wildcard(&self) -> bool {
        self.first_wildcard() == 0
    }

    /// Character offset of the first `+` or `*` (the length when there is none).
    fn first_wildcard(&self) -> usize {
        let mut offset = 0;
        for (i, segment) in self.segments.iter().enumerate() {
            match segment {
                Segment::Any => return offset,
                Segment::Literal(text) => {
                    offset += text.len();
                    if i + 1 < self.segments.len() {
                        offset += 1;
                    }
                }
            }
        }
        offset
    }

    /// True when `path` (no leading `/`) matches.
    pub fn matches(&self, path: &str) -> bool {
        let path = path.strip_prefix('/').unwrap_or(path);
        let parts: Vec<&str> = path.split('/').collect();
        let last = self.segments.len() - 1;
        if !self.glob {
            return parts.len() == self.segments.len()
                && self
                    .segments
                    .iter()
                    .zip(&parts)
                    .all(|(segment, part)| segment_matches(segment, part));
        }
        // With a trailing `*`, the last segment is a prefix of the rest of the path.
        if parts.len() < self.segments.len() {
            return false;
        }
        if !self.segments[..last]
            .iter()
            .zip(&parts)
            .all(|(segment, part)| segment_matches(segment, part))
        {
            return false;
        }
        match &self.segments[last] {
            Segment::Literal(prefix) => parts[last..].join("/").starts_with(prefix.as_str()),
            // `+*` is not a Vault pattern; read it as "one segment, then anything".
            Segment::Any => true,
        }
    }

    /// Vault's priority order between two patterns that both match a path: greater wins.
    fn priority(&self) -> (usize, bool, std::cmp::Reverse<usize>, usize, &str) {
        (
            self.first_wildcard(),
            !self.glob,
            std::cmp::Reverse(self.segment_wildcards()),
            self.text.len(),
            self.text.as_str(),
        )
    }
}

fn segment_matches(segment: &Segment, part: &str) -> bool {
    match segment {
        Segment::Literal(text) => text == part,
        Segment::Any => true,
    }
}

/// One `path` block of a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRule {
    /// The path pattern.
    pub pattern: PathPattern,
    /// The capabilities granted (may hold `Deny`).
    pub capabilities: BTreeSet<Capability>,
}

/// A parsed ACL policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Policy name.
    pub name: String,
    /// The `path` blocks, in the order written.
    pub rules: Vec<PathRule>,
}

impl Policy {
    /// Parses a policy's HCL (or JSON) text.
    pub fn parse(policy: &VaultPolicy) -> Result<Policy, PolicyError> {
        if policy.name == ROOT_POLICY && policy.text.trim().is_empty() {
            return Ok(Policy {
                name: ROOT_POLICY.to_string(),
                rules: vec![PathRule {
                    pattern: PathPattern::new("*"),
                    capabilities: [
                        Capability::Create,
                        Capability::Read,
                        Capability::Update,
                        Capability::Patch,
                        Capability::Delete,
                        Capability::List,
                        Capability::Sudo,
                    ]
                    .into_iter()
                    .collect(),
                }],
            });
        }
        let blocks = if policy.text.trim_start().starts_with('{') {
            json_blocks(policy)?
        } else {
            hcl_blocks(policy)?
        };
        let mut rules = Vec::new();
        for (path, attributes) in blocks {
            let invalid = |message: String| PolicyError::Invalid {
                policy: policy.name.clone(),
                file: policy.file.clone(),
                path: path.clone(),
                message,
            };
            let mut capabilities = BTreeSet::new();
            if let Some(words) = attributes.get("capabilities") {
                let Some(words) = words else {
                    return Err(invalid("capabilities must be a list of strings".into()));
                };
                for word in words {
                    let capability = Capability::parse(word)
                        .ok_or_else(|| invalid(format!("unknown capability {word:?}")))?;
                    capabilities.insert(capability);
                }
            }
            if let Some(legacy) = attributes.get("policy") {
                let word = match legacy.as_deref() {
                    Some([word]) => word,
                    _ => return Err(invalid("policy must be a string".into())),
                };
                let granted = Capability::legacy(word)
                    .ok_or_else(|| invalid(format!("unknown policy value {word:?}")))?;
                capabilities.extend(granted);
            }
            if path.trim_end_matches('*').contains('*') {
                return Err(invalid("`*` is only allowed at the end of a path".into()));
            }
            rules.push(PathRule {
                pattern: PathPattern::new(&path),
                capabilities,
            });
        }
        Ok(Policy {
            name: policy.name.clone(),
            rules,
        })
    }

    /// The capabilities this policy alone grants on `path`.
    pub fn capabilities(&self, path: &str) -> BTreeSet<Capability> {
        Acl::new(std::slice::from_ref(self)).capabilities(path)
    }
}

/// Attributes of one path block: name → list of strings (`None`: not a list of strings).
type Attributes = BTreeMap<String, Option<Vec<String>>>;

fn hcl_blocks(policy: &VaultPolicy) -> Result<Vec<(String, Attributes)>, PolicyError> {
    let body = hcl::parse(&policy.text).map_err(|error| PolicyError::Syntax {
        policy: policy.name.clone(),
        file: policy.file.clone(),
        message: error.to_string(),
    })?;
    let mut blocks = Vec::new();
    for block in body.blocks() {
        if block.identifier() != "path" {
            continue;
        }
        let path = match block.labels() {
            [label] => label.as_str().to_string(),
            _ => {
                return Err(PolicyError::Invalid {
                    policy: policy.name.clone(),
                    file: policy.file.clone(),
                    path: String::new(),
                    message: "a path block takes exactly one label".into(),
                })
            }
        };
        let mut attributes = Attributes::new();
        for attribute in block.body().attributes() {
            attributes.insert(attribute.key().to_string(), hcl_strings(attribute.expr()));
        }
        blocks.push((path, attributes));
    }
    Ok(blocks)
}

fn hcl_strings(expression: &hcl::Expression) -> Option<Vec<String>> {
    match expression {
        hcl::Expression::String(text) => Some(vec![text.clone()]),
        hcl::Expression::Array(items) => items
            .iter()
            .map(|item| match item {
                hcl::Expression::String(text) => Some(text.clone()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

fn json_blocks(policy: &VaultPolicy) -> Result<Vec<(String, Attributes)>, PolicyError> {
    let value: serde_json::Value =
        serde_json::from_str(&policy.text).map_err(|error| PolicyError::Syntax {
            policy: policy.name.clone(),
            file: policy.file.clone(),
            message: error.to_string(),
        })?;
    let mut blocks = Vec::new();
    let Some(paths) = value.get("path").and_then(|p| p.as_object()) else {
        return Ok(blocks);
    };
    for (path, body) in paths {
        let mut attributes = Attributes::new();
        if let Some(body) = body.as_object() {
            for (key, value) in body {
                let strings = match value {
                    serde_json::Value::String(text) => Some(vec![text.clone()]),
                    serde_json::Value::Array(items) => items
                        .iter()
                        .map(|item| item.as_str().map(str::to_string))
                        .collect(),
                    _ => None,
                };
                attributes.insert(key.clone(), strings);
            }
        }
        blocks.push((path.clone(), attributes));
    }
    Ok(blocks)
}

/// Several policies merged, as Vault merges the policies attached to one token.
#[derive(Debug, Clone, Default)]
pub struct Acl {
    exact: BTreeMap<String, BTreeSet<Capability>>,
    patterns: Vec<PathRule>,
}

impl Acl {
    /// Merges `policies`: identical paths union their capabilities; `deny` empties them.
    pub fn new(policies: &[Policy]) -> Acl {
        let mut exact: BTreeMap<String, BTreeSet<Capability>> = BTreeMap::new();
        let mut patterns: BTreeMap<String, PathRule> = BTreeMap::new();
        for rule in policies.iter().flat_map(|p| &p.rules) {
            let slot = if rule.pattern.is_exact() {
                exact.entry(rule.pattern.as_str().to_string()).or_default()
            } else {
                &mut patterns
                    .entry(rule.pattern.as_str().to_string())
                    .or_insert_with(|| PathRule {
                        pattern: rule.pattern.clone(),
                        capabilities: BTreeSet::new(),
                    })
                    .capabilities
            };
            slot.extend(rule.capabilities.iter().copied());
        }
        for capabilities in exact
            .values_mut()
            .chain(patterns.values_mut().map(|r| &mut r.capabilities))
        {
            if capabilities.contains(&Capability::Deny) {
                *capabilities = [Capability::Deny].into_iter().collect();
            }
        }
        Acl {
            exact,
            patterns: patterns.into_values().collect(),
        }
    }

    /// The rule that decides `path`: the exact path, else the most specific pattern.
    pub fn winning_rule(&self, path: &str) -> Option<(&str, &BTreeSet<Capability>)> {
        let path = path.strip_prefix('/').unwrap_or(path);
        if let Some((pattern, capabilities)) = self.exact.get_key_value(path) {
            return Some((pattern.as_str(), capabilities));
        }
        self.patterns
            .iter()
            .filter(|rule| rule.pattern.matches(path))
            .max_by(|a, b| a.pattern.priority().cmp(&b.pattern.priority()))
            .map(|rule| (rule.pattern.as_str(), &rule.capabilities))
    }

    /// The capabilities granted on `path` (empty when denied or not granted).
    pub fn capabilities(&self, path: &str) -> BTreeSet<Capability> {
        match self.winning_rule(path) {
            Some((_, capabilities)) if !capabilities.contains(&Capability::Deny) => {
                capabilities.clone()
            }
            _ => BTreeSet::new(),
        }
    }

    /// True when `path` grants `capability`.
    pub fn allows(&self, path: &str, capability: Capability) -> bool {
        self.capabilities(path).contains(&capability)
    }
}

/// Parses every policy; the first that fails is the error.
pub fn parse_all(policies: &[VaultPolicy]) -> Result<Vec<Policy>, PolicyError> {
    policies.iter().map(Policy::parse).collect()
}

/// The request path whose `read` capability hands out the value of `secret_path` in a KV
/// mount: `MOUNT/data/PATH` for KV v2, `MOUNT/PATH` for v1.
pub fn kv_read_path(mount: &str, kv_version: u32, secret_path: &str) -> String {
    let mount = mount.trim_matches('/');
    let secret_path = secret_path.trim_start_matches('/');
    if kv_version >= 2 {
        format!("{mount}/data/{secret_path}")
    } else {
        format!("{mount}/{secret_path}")
    }
}

/// The names of the policies that, each on its own, can `read` the request path `path`
/// (sorted, deduplicated). For a KV secret pass [`kv_read_path`]'s result.
pub fn readers(policies: &[VaultPolicy], path: &str) -> Result<Vec<String>, PolicyError> {
    let parsed = parse_all(policies)?;
    let mut names: Vec<String> = parsed
        .iter()
        .filter(|policy| policy.capabilities(path).contains(&Capability::Read))
        .map(|policy| policy.name.clone())
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

/// The names of the policies that can `read` at least one request path under `prefix`
/// (`portarium/credentials/data/` for a KV v2 mount's values). A policy counts when one of
/// its own rules, instantiated under the prefix, is not overridden by a more specific rule
/// of the same policy.
pub fn readers_under(policies: &[VaultPolicy], prefix: &str) -> Result<Vec<String>, PolicyError> {
    let parsed = parse_all(policies)?;
    let prefix = prefix.trim_start_matches('/');
    let mut names: Vec<String> = parsed
        .iter()
        .filter(|policy| {
            let acl = Acl::new(std::slice::from_ref(*policy));
            policy.rules.iter().any(|rule| {
                witnesses(&rule.pattern, prefix)
                    .iter()
                    .any(|path| path.starts_with(prefix) && acl.allows(path, Capability::Read))
            })
        })
        .map(|policy| policy.name.clone())
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

/// A segment name no policy is expected to spell out, standing for "any secret".
const ANY_NAME: &str = "vaultproof-any";

/// Concrete paths under `prefix` that `pattern` may match: the pattern with its wildcards
/// filled from the prefix (or with [`ANY_NAME`]), and the prefix extended by one or two
/// segments.
fn witnesses(pattern: &PathPattern, prefix: &str) -> Vec<String> {
    let prefix_parts: Vec<&str> = prefix.split('/').collect();
    let filled: Vec<String> = pattern
        .segments
        .iter()
        .enumerate()
        .map(|(i, segment)| match segment {
            Segment::Literal(text) => text.clone(),
            Segment::Any => match prefix_parts.get(i) {
                Some(part) if !part.is_empty() && i + 1 < prefix_parts.len() => part.to_string(),
                _ => ANY_NAME.to_string(),
            },
        })
        .collect();
    let mut instantiated = filled.join("/");
    if pattern.glob {
        instantiated.push_str(ANY_NAME);
    }
    let base = if prefix.is_empty() || prefix.ends_with('/') {
        prefix.to_string()
    } else {
        format!("{prefix}/")
    };
    let mut out = vec![
        instantiated.clone(),
        format!("{base}{ANY_NAME}"),
        format!("{base}{ANY_NAME}/{ANY_NAME}"),
    ];
    // A pattern shorter than the prefix whose glob covers it: `portarium/*`.
    if pattern.glob && base.starts_with(filled.join("/").as_str()) {
        out.push(format!("{base}{ANY_NAME}"));
    }
    if instantiated.starts_with(&base) {
        out.push(format!("{instantiated}/{ANY_NAME}"));
    }
    out
}

/// Why a grant is broad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BroadReason {
    /// The builtin `root` policy.
    Root,
    /// A pattern matching every mount (`*`, `+/...`).
    TopLevelWildcard,
    /// A `sudo` capability.
    Sudo,
}

/// A grant the audit should flag: a wildcard over every mount, `sudo`, or `root`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BroadGrant {
    /// Policy name.
    pub policy: String,
    /// The path pattern as written.
    pub path: String,
    /// Capabilities granted there.
    pub capabilities: Vec<Capability>,
    /// Why it is broad.
    pub reason: BroadReason,
}

/// Every broad grant in `policies`: the `root` policy, rules matching every mount that grant
/// anything but `deny`, and `sudo` grants. Sorted by policy, then path.
pub fn broad_grants(policies: &[VaultPolicy]) -> Result<Vec<BroadGrant>, PolicyError> {
    let mut grants = Vec::new();
    for policy in parse_all(policies)? {
        for rule in &policy.rules {
            let capabilities: Vec<Capability> = rule.capabilities.iter().copied().collect();
            let grants_something =
                !rule.capabilities.is_empty() && !rule.capabilities.contains(&Capability::Deny);
            let mut push = |reason| {
                grants.push(BroadGrant {
                    policy: policy.name.clone(),
                    path: rule.pattern.as_str().to_string(),
                    capabilities: capabilities.clone(),
                    reason,
                })
            };
            if policy.name == ROOT_POLICY && rule.pattern.as_str() == "*" {
                push(BroadReason::Root);
                continue;
            }
            if grants_something && rule.pattern.is_top_level_wildcard() {
                push(BroadReason::TopLevelWildcard);
            }
            if grants_something && rule.capabilities.contains(&Capability::Sudo) {
                push(BroadReason::Sudo);
            }
        }
    }
    grants.sort_by(|a, b| (&a.policy, &a.path, a.reason).cmp(&(&b.policy, &b.path, b.reason)));
    Ok(grants)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(name: &str, text: &str) -> VaultPolicy {
        VaultPolicy {
            name: name.to_string(),
            source: "vault".to_string(),
            file: None,
            text: text.to_string(),
        }
    }

    fn caps(policy: &Policy, path: &str) -> Vec<&'static str> {
        policy
            .capabilities(path)
            .into_iter()
            .map(Capability::as_str)
            .collect()
    }

    const CONTROL_PLANE: &str = r#"
# The control plane reads every workspace's credentials.
path "portarium/credentials/data/*" {
  capabilities = ["read"]
}
path "portarium/credentials/metadata/*" {
  capabilities = ["list", "read"]
}
"#;

    #[test]
    fn glob_is_a_character_prefix() {
        let p = PathPattern::new("secret/fo*");
        assert!(p.matches("secret/foo"));
        assert!(p.matches("secret/fo"));
        assert!(p.matches("secret/foo/bar"));
        assert!(!p.matches("secret/bar"));
        assert!(!p.matches("secret"));
        let p = PathPattern::new("secret/*");
        assert!(p.matches("secret/"));
        assert!(p.matches("secret/a/b/c"));
        assert!(!p.matches("secret"));
    }

    #[test]
    fn plus_matches_exactly_one_segment() {
        let p = PathPattern::new("secret/+/creds");
        assert!(p.matches("secret/ws-a/creds"));
        assert!(!p.matches("secret/ws-a/b/creds"));
        assert!(!p.matches("secret/creds"));
        let p = PathPattern::new("secret/+/*");
        assert!(p.matches("secret/ws-a/stripe"));
        assert!(p.matches("secret/ws-a/x/y"));
        assert!(!p.matches("secret/ws-a"));
    }

    #[test]
    fn templated_segment_matches_one_segment() {
        let p = PathPattern::new("secret/data/{{identity.entity.name}}/*");
        assert!(p.matches("secret/data/alice/key"));
        assert!(!p.matches("secret/data/key"));
        assert_eq!(p.segment_wildcards(), 1);
    }

    #[test]
    fn leading_slash_is_ignored() {
        let p = Policy::parse(&policy(
            "p",
            r#"path "/secret/a" { capabilities = ["read"] }"#,
        ))
        .unwrap();
        assert_eq!(caps(&p, "secret/a"), ["read"]);
        assert_eq!(caps(&p, "/secret/a"), ["read"]);
    }

    #[test]
    fn most_specific_path_wins_within_a_policy() {
        let p = Policy::parse(&policy(
            "p",
            r#"
path "secret/*" {
  capabilities = ["read", "list"]
}
path "secret/admin/*" {
  capabilities = ["deny"]
}
path "secret/admin/open" {
  capabilities = ["read"]
}
path "secret/+/public" {
  capabilities = ["list"]
}
"#,
        ))
        .unwrap();
        assert_eq!(caps(&p, "secret/app"), ["read", "list"]);
        assert!(caps(&p, "secret/admin/key").is_empty(), "deeper deny wins");
        assert_eq!(caps(&p, "secret/admin/open"), ["read"], "exact beats glob");
        // `secret/*` and `secret/+/public` have their first wildcard at the same place:
        // the one without a trailing `*` wins.
        assert_eq!(caps(&p, "secret/x/public"), ["list"]);
        assert!(caps(&p, "other/app").is_empty());
    }

    #[test]
    fn priority_rules_in_vault_order() {
        // 1. first wildcard later wins.
        let acl = Acl::new(&[Policy::parse(&policy(
            "p",
            r#"
path "secret/+/x" {
  capabilities = ["list"]
}
path "secret/a/+" {
  capabilities = ["read"]
}
"#,
        ))
        .unwrap()]);
        assert_eq!(acl.winning_rule("secret/a/x").unwrap().0, "secret/a/+");
        // 3. fewer `+` wins; 4. longer wins.
        let acl = Acl::new(&[Policy::parse(&policy(
            "p",
            r#"
path "a/+/+/d" {
  capabilities = ["list"]
}
path "a/+/c/+" {
  capabilities = ["read"]
}
path "a/b*" {
  capabilities = ["create"]
}
path "a/bc*" {
  capabilities = ["update"]
}
"#,
        ))
        .unwrap()]);
        assert_eq!(acl.winning_rule("a/x/c/d").unwrap().0, "a/+/c/+");
        assert_eq!(acl.winning_rule("a/bcd").unwrap().0, "a/bc*");
    }

    #[test]
    fn deny_wins_when_policies_merge() {
        let a = Policy::parse(&policy("a", r#"path "s/x" { capabilities = ["read"] }"#)).unwrap();
        let b = Policy::parse(&policy("b", r#"path "s/x" { capabilities = ["deny"] }"#)).unwrap();
        let c = Policy::parse(&policy("c", r#"path "s/x" { capabilities = ["list"] }"#)).unwrap();
        assert!(Acl::new(&[a.clone(), b]).capabilities("s/x").is_empty());
        let merged = Acl::new(&[a, c]).capabilities("s/x");
        assert!(merged.contains(&Capability::Read) && merged.contains(&Capability::List));
    }

    #[test]
    fn readers_of_a_kv_v2_secret() {
        let policies = [
            policy("control-plane", CONTROL_PLANE),
            policy(
                "agent",
                r#"
path "portarium/credentials/metadata/*" {
  capabilities = ["list"]
}
"#,
            ),
            policy(
                "too-broad",
                r#"
path "*" {
  capabilities = ["read", "list", "update"]
}
"#,
            ),
            policy(
                "ws-a-only",
                r#"
path "portarium/credentials/data/ws-a/+" {
  capabilities = ["read"]
}
"#,
            ),
        ];
        let secret = kv_read_path("portarium/credentials", 2, "ws-a/stripe");
        assert_eq!(secret, "portarium/credentials/data/ws-a/stripe");
        assert_eq!(
            readers(&policies, &secret).unwrap(),
            ["control-plane", "too-broad", "ws-a-only"]
        );
        assert_eq!(
            readers(
                &policies,
                &kv_read_path("portarium/credentials", 2, "ws-b/stripe")
            )
            .unwrap(),
            ["control-plane", "too-broad"]
        );
        // Metadata read does not hand out values: `agent` is not a reader of data/.
        assert_eq!(
            readers_under(&policies, "portarium/credentials/data/").unwrap(),
            ["control-plane", "too-broad", "ws-a-only"]
        );
        assert_eq!(kv_read_path("kv/", 1, "/app"), "kv/app");
    }

    #[test]
    fn readers_under_respects_denies_and_shorter_globs() {
        let policies = [
            policy(
                "denied",
                r#"
path "portarium/*" {
  capabilities = ["read"]
}
path "portarium/credentials/*" {
  capabilities = ["deny"]
}
"#,
            ),
            policy(
                "parent-glob",
                r#"
path "portarium/*" {
  capabilities = ["read"]
}
"#,
            ),
            policy(
                "segment",
                r#"
path "+/credentials/data/+/stripe" {
  capabilities = ["read"]
}
"#,
            ),
            policy(
                "elsewhere",
                r#"
path "other/data/*" {
  capabilities = ["read"]
}
"#,
            ),
        ];
        assert_eq!(
            readers_under(&policies, "portarium/credentials/data/").unwrap(),
            ["parent-glob", "segment"]
        );
    }

    #[test]
    fn broad_grants_found() {
        let policies = [
            policy("control-plane", CONTROL_PLANE),
            policy(
                "admin",
                r#"
path "*" {
  capabilities = ["create", "read", "update", "delete", "list", "sudo"]
}
path "+/deny-all" {
  capabilities = ["deny"]
}
"#,
            ),
            policy(
                "ops",
                r#"
path "sys/mounts" {
  capabilities = ["read", "sudo"]
}
"#,
            ),
            policy(ROOT_POLICY, ""),
        ];
        let grants = broad_grants(&policies).unwrap();
        let summary: Vec<(&str, &str, BroadReason)> = grants
            .iter()
            .map(|g| (g.policy.as_str(), g.path.as_str(), g.reason))
            .collect();
        assert_eq!(
            summary,
            [
                ("admin", "*", BroadReason::TopLevelWildcard),
                ("admin", "*", BroadReason::Sudo),
                ("ops", "sys/mounts", BroadReason::Sudo),
                ("root", "*", BroadReason::Root),
            ]
        );
        assert_eq!(
            readers(&policies, "portarium/credentials/data/x").unwrap(),
            ["admin", "control-plane", "root"]
        );
    }

    #[test]
    fn legacy_policy_shorthand() {
        let p = Policy::parse(&policy(
            "old",
            r#"
path "secret/*" {
  policy = "write"
}
path "secret/locked" {
  policy = "deny"
}
"#,
        ))
        .unwrap();
        assert_eq!(
            caps(&p, "secret/a"),
            ["create", "read", "update", "delete", "list"]
        );
        assert!(caps(&p, "secret/locked").is_empty());
    }

    #[test]
    fn json_policies_parse() {
        let p = Policy::parse(&policy(
            "json",
            r#"{"path": {"secret/+/x": {"capabilities": ["read"]}}}"#,
        ))
        .unwrap();
        assert_eq!(caps(&p, "secret/a/x"), ["read"]);
    }

    #[test]
    fn errors_name_the_policy_and_file() {
        let mut bad = policy(
            "broken",
            "path \"secret/*\" {\n  capabilities = [\"read\"\n",
        );
        bad.file = Some("policies/broken.hcl".into());
        let error = Policy::parse(&bad).unwrap_err().to_string();
        assert!(error.contains("broken"), "{error}");
        assert!(error.contains("policies/broken.hcl"), "{error}");

        let error = Policy::parse(&policy(
            "typo",
            r#"path "secret/*" { capabilities = ["raed"] }"#,
        ))
        .unwrap_err()
        .to_string();
        assert!(error.contains("typo") && error.contains("raed"), "{error}");

        let error = Policy::parse(&policy(
            "mid-glob",
            r#"path "secret/*/x" { capabilities = ["read"] }"#,
        ))
        .unwrap_err()
        .to_string();
        assert!(error.contains("only allowed at the end"), "{error}");

        let error = Policy::parse(&policy(
            "not-list",
            r#"path "secret/x" { capabilities = 3 }"#,
        ))
        .unwrap_err()
        .to_string();
        assert!(error.contains("list of strings"), "{error}");
    }

    #[test]
    fn shipped_read_policy_is_least_privilege() {
        let text = include_str!("../../policies/vaultproof-read.hcl");
        let own = [policy("vaultproof-read", text)];
        // It can list and read secrets' values (to fingerprint them) and read posture...
        let p = Policy::parse(&own[0]).unwrap();
        assert!(p
            .capabilities("portarium/credentials/data/ws/stripe")
            .contains(&Capability::Read));
        assert!(p
            .capabilities("portarium/credentials/metadata/ws/")
            .contains(&Capability::List));
        assert!(p.capabilities("sys/mounts").contains(&Capability::Read));
        // ...but never write or delete anywhere; `sudo` only where Vault demands it to
        // list audit devices.
        for rule in &p.rules {
            for capability in &rule.capabilities {
                let allowed = matches!(capability, Capability::Read | Capability::List)
                    || (*capability == Capability::Sudo && rule.pattern.as_str() == "sys/audit");
                assert!(allowed, "{} grants {capability}", rule.pattern.as_str());
            }
        }
        let broad = broad_grants(&own).unwrap();
        assert_eq!(broad.len(), 1);
        assert_eq!(
            (broad[0].path.as_str(), broad[0].reason),
            ("sys/audit", BroadReason::Sudo)
        );
        assert!(p.capabilities("auth/token/create").is_empty());
    }
}
