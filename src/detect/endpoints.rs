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
            keywords: self.keywords.clone(),
            regex: self.regex.replace("(?P<endpoint>", "(?P<secret>"),
            examples: self.examples.clone(),
            negative_examples: self.negative_examples.clone(),
            ..Rule::structural(
                &self.id,
                &self.name,
                &self.system,
                FindingKind::Endpoint,
                Severity::Info,
            )
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

/// The top-level domains a dotted host may end in (`rules/tlds.txt`).
const TLDS: &str = include_str!("../../rules/tlds.txt");

/// Suffixes of private networks and service discovery that are not in the root zone but
/// name real hosts in configuration (`db.internal`, `pg.corp`, `redis.svc.cluster.local`).
const INTERNAL_SUFFIXES: &[&str] = &[
    "internal", "local", "lan", "corp", "intra", "intranet", "home", "private", "priv", "svc",
    "cluster", "consul", "prod", "staging", "stage",
];

/// Names reserved for documentation (RFC 2606, RFC 6761): an endpoint there is an example.
const EXAMPLE_DOMAINS: &[&str] = &["example.com", "example.net", "example.org", "example.edu"];
const EXAMPLE_SUFFIXES: &[&str] = &["example", "test", "invalid", "localhost", "localdomain"];

/// Receivers of attribute access in code (`self.host`, `os.environ`, `settings.db`): a
/// two-label "host" starting with one of these is an expression, not a name.
const CODE_RECEIVERS: &[&str] = &[
    "self",
    "this",
    "cls",
    "os",
    "sys",
    "env",
    "environ",
    "config",
    "conf",
    "cfg",
    "settings",
    "args",
    "argv",
    "opts",
    "options",
    "params",
    "kwargs",
    "ctx",
    "context",
    "request",
    "req",
    "process",
    "props",
    "obj",
    "instance",
    "result",
    "response",
    "res",
    "data",
    "values",
    "vars",
    "app",
    "creds",
    "credentials",
    "secrets",
    "connection",
    "conn",
    "url",
    "uri",
    "parsed",
    "info",
    "db",
    "database",
    "server",
    "client",
    "cursor",
    "engine",
    "session",
];

/// Last labels that are file extensions of code and configuration far more often than a
/// country (`settings.py`, `config.sh`, `main.rs`, `README.md`).
const FILE_EXTENSIONS: &[&str] = &["py", "rs", "sh", "md", "pl", "rb", "so", "cc", "ps", "js"];

/// Host names that are the name of the slot, not a host: `host`, `hostname`, `your-db-host`,
/// `mongodb-hostname`, `host.com`, `myredis`, and a test's host that says it is not there
/// (`doesnotexist`, `nonexistent-db`).
fn is_placeholder_host(host: &str) -> bool {
    let first_label = host.split('.').next().unwrap_or(host);
    let first = without_joiners(first_label);
    let is_slot = |name: &str| {
        SLOT_HOST_NAMES.contains(&name)
            || ["my", "some", "the"].iter().any(|opener| {
                name.strip_prefix(opener).is_some_and(|rest| {
                    SLOT_HOST_NAMES.contains(&rest) || ENGINE_WORDS.contains(&rest)
                })
            })
    };
    is_slot(&without_joiners(host))
        // A slot's name before a bare top-level domain (`host.com`, `hostname.net`).
        || (host.matches('.').count() == 1 && is_slot(&first))
        || first.ends_with("hostname")
        || ["doesnotexist", "nonexist", "notexist", "nosuchhost"]
            .iter()
            .any(|word| first.starts_with(word))
        || written_as_a_slot(host)
        || host.starts_with("my-")
        || host.starts_with("some-")
        || host.contains("example")
}

/// Names (without joiners) that name a host's slot rather than a host.
const SLOT_HOST_NAMES: &[&str] = &[
    "host",
    "hostname",
    "dbhost",
    "databasehost",
    "server",
    "servername",
    "dbserver",
    "yourhost",
    "hostaddress",
    "address",
    "ip",
    "ipaddress",
    "domain",
    "yourdomain",
    "endpoint",
    "none",
    "null",
    "nil",
    "undefined",
    "true",
    "false",
    "default",
];

/// Database engines and their short names, which a sample host is often named after
/// (`myredis`, `mydb`, `some-postgres`).
const ENGINE_WORDS: &[&str] = &[
    "db",
    "database",
    "postgres",
    "postgresql",
    "pg",
    "mysql",
    "mariadb",
    "mongo",
    "mongodb",
    "redis",
    "cache",
    "sql",
    "sqlserver",
];

/// Whether a host or a label says it is to be filled in (`your-db-host`,
/// `yourcompany`, `placeholder-db`, `changeme`, `xxx`): the words [`is_placeholder_host`]
/// and [`is_placeholder_tenant`] share.
fn written_as_a_slot(text: &str) -> bool {
    text.starts_with("your")
        || ["placeholder", "changeme", "xxx"]
            .iter()
            .any(|word| text.contains(word))
}

/// `text` without the `-` and `_` that join its words (`your-db_host` → `yourdbhost`).
fn without_joiners(text: &str) -> String {
    text.chars().filter(|c| *c != '-' && *c != '_').collect()
}

fn tld_set() -> &'static std::collections::HashSet<&'static str> {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| {
        TLDS.lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .collect()
    })
}

/// Whether `host` (lowercase, without port) looks like a host: an IPv4 address, or a
/// dotted name ending in a top-level domain or an internal suffix, or (only where the
/// name stands in a URL authority after a scheme, `in_authority`) a single-label service
/// name. Code expressions (`os.environ`, `self.host`), slot names (`host`, `your-db-host`),
/// documentation domains (`example.com`) and loopback names are not hosts.
pub fn plausible_host(host: &str, in_authority: bool) -> bool {
    if host.is_empty() || host.len() > 253 || is_placeholder_host(host) {
        return false;
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.iter().any(|l| l.is_empty() || l.len() > 63) {
        return false;
    }
    if labels.len() == 4 && labels.iter().all(|l| l.parse::<u8>().is_ok()) {
        return !(host.starts_with("127.") || host == "0.0.0.0");
    }
    let last = *labels.last().unwrap_or(&"");
    if last.bytes().all(|b| b.is_ascii_digit()) {
        return false; // `1.2.3`, a version, not a host
    }
    if labels.len() == 1 {
        // A single label is a service name (`postgres://app@pg-primary:5432`) only in a
        // URL authority, and only when it is not a bare word of the slot or the engine.
        return in_authority
            && host != "localhost"
            && !CODE_RECEIVERS.contains(&host)
            && !matches!(
                host,
                "postgres"
                    | "postgresql"
                    | "mysql"
                    | "mariadb"
                    | "mongo"
                    | "mongodb"
                    | "redis"
                    | "user"
                    | "username"
                    | "password"
                    | "pass"
                    | "name"
                    | "dbname"
                    | "port"
            );
    }
    if is_documentation_host(host) || host == "host.docker.internal" {
        return false;
    }
    if INTERNAL_SUFFIXES.contains(&last) {
        return true;
    }
    if labels.len() == 2 && CODE_RECEIVERS.contains(&labels[0]) {
        return false;
    }
    if FILE_EXTENSIONS.contains(&last) {
        return false;
    }
    tld_set().contains(last)
}

/// Whether `host` (lowercase, without port) is reserved for documentation and tests
/// (RFC 2606, RFC 6761): `example.com` and its subdomains, a name under `.test`,
/// `.example`, `.invalid`, `.localhost` or `.localdomain`.
pub fn is_documentation_host(host: &str) -> bool {
    let last = host.rsplit('.').next().unwrap_or(host);
    EXAMPLE_DOMAINS
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
        || (host.contains('.') && EXAMPLE_SUFFIXES.contains(&last))
}

/// Whether a matched endpoint is worth reporting: not loopback, not the vendor's own site
/// ([`VENDOR_SITE_LABELS`]: `www.`, `docs.erpnext.com`), not a template slot, not a tenant
/// written as a slot ([`is_placeholder_tenant`]); and a database host (`system`
/// `database`, whose rules take any host) must be a plausible host ([`plausible_host`]).
/// `in_authority`: the value follows a scheme's `//` (or the user info's `@`) in the text,
/// so a single-label name may be a service name. The other systems' rules match their
/// vendors' domains, and a host the user named in `.vaultproof.toml` is taken as it is.
pub fn accept_endpoint(system: &str, value: &[u8], in_authority: bool) -> bool {
    let text = String::from_utf8_lossy(value).to_ascii_lowercase();
    if text.starts_with('/') {
        return true; // an API path such as Odoo's `/xmlrpc/2/object`
    }
    if text.contains("${") || text.contains("{{") {
        return false;
    }
    let (rest, in_authority) = match text.split_once("://") {
        Some((_, rest)) => (rest, true),
        None => (text.as_str(), in_authority),
    };
    let host = rest.split(['/', ':']).next().unwrap_or("");
    if system == "database" {
        return plausible_host(host, in_authority);
    }
    !(host.is_empty()
        || host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "0.0.0.0"
        || host == "host.docker.internal"
        || host
            .split_once('.')
            .is_some_and(|(label, _)| VENDOR_SITE_LABELS.contains(&label))
        || host.split('.').any(is_placeholder_tenant))
}

/// Whether a host's label stands for the reader's own tenant, as a vendor's or a tool's
/// documentation writes it (`yourcompany.atlassian.net`, `your-subdomain.zendesk.com`,
/// `jira.yourcompany.com`, `placeholder.service-now.com`): the slot, not a system anyone
/// calls. `example` is left alone: `jira.example.com` is how tests and samples name a host.
fn is_placeholder_tenant(label: &str) -> bool {
    const SLOT_NAMES: &[&str] = &[
        "company",
        "mycompany",
        "tenant",
        "mytenant",
        "instance",
        "myinstance",
        "subdomain",
        "mysubdomain",
        "organization",
        "organisation",
        "myorg",
        "mydomain",
        "domain",
    ];
    SLOT_NAMES.contains(&without_joiners(label).as_str()) || written_as_a_slot(label)
}

/// First labels of the hosts a vendor serves its own pages from (marketing, documentation,
/// forums, status): a link to `docs.erpnext.com` in a README is no client of the system.
/// A tenant's or an API's host (`acme.erpnext.com`, `api.xero.com`) opens with its own name.
const VENDOR_SITE_LABELS: &[&str] = &[
    "www",
    "docs",
    "doc",
    "documentation",
    "blog",
    "help",
    "support",
    "status",
    "community",
    "forum",
    "forums",
    "discuss",
    "developer",
    "developers",
    "learn",
    "academy",
    "marketplace",
    "trust",
    // The vendor's own mail servers, named in SPF records (`include:mail.zendesk.com`).
    "mail",
];

/// Whether the matched span at `start` in `data` stands in a URL authority: right after a
/// scheme's `//` or after the user info's `@`.
pub fn in_url_authority(data: &[u8], start: usize) -> bool {
    let before = &data[..start];
    before.ends_with(b"//") || before.ends_with(b"@")
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

    /// A Java package in a link's query (`page=com.atlassian.jira.plugin.…`) names no
    /// host; the link's own host is the endpoint.
    #[test]
    fn a_package_name_after_a_dot_is_no_host() {
        let matcher = endpoint_matcher(&[]);
        let line = "https://jira.mariadb.org/browse/MDEV-16857?focusedCommentId=117570\
                    &page=com.atlassian.jira.plugin.system.issuetabpanels:comment-tabpanel";
        let endpoints: Vec<String> = found(&matcher, line).into_iter().map(|(_, e)| e).collect();
        assert_eq!(endpoints, ["jira.mariadb.org/browse/MDEV-16857"]);
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
            // An unencoded `/` in the password: the host is still after the last `@`,
            // and neither the user name nor a piece of the password stands for it.
            (
                "postgres://admin:pa/ss@db.internal/app",
                Some("db.internal"),
            ),
            (
                "postgres://u:a/b@c/d@pg.acme.io:5432/x",
                Some("pg.acme.io:5432"),
            ),
            // A port then a path with an `@` in it is not user info.
            (
                "postgres://db.internal:5432/x@mail.acme.io",
                Some("db.internal:5432"),
            ),
            ("postgres://admin:pass@/db", None),
        ] {
            let hits = found(&matcher, url);
            let hosts: Vec<&str> = hits.iter().map(|(_, h)| h.as_str()).collect();
            assert_eq!(hosts, host.into_iter().collect::<Vec<_>>(), "{url}");
        }
    }

    #[test]
    fn hosts_must_look_like_hosts() {
        for (host, in_authority) in [
            ("db.internal", false),
            ("pg-prod.acme.io", false),
            ("10.2.0.15", false),
            ("redis-18239.c1.us-east-1-2.ec2.cloud.redislabs.com", false),
            ("mongo-0.mongo.svc.cluster.local", false),
            ("pg-primary", true),
            ("cache", true),
        ] {
            assert!(plausible_host(host, in_authority), "{host}");
        }
        for (host, in_authority) in [
            ("os.environ", false),
            ("self.host", false),
            ("settings.db_host", false),
            ("conn", false),
            ("db", true),
            ("host", true),
            ("hostname", true),
            ("your-db-host", true),
            ("example.com", false),
            ("db.example.com", false),
            ("pg.test", false),
            ("localhost", true),
            ("127.0.0.1", false),
            ("0.0.0.0", false),
            ("settings.py", false),
            ("1.2.3", false),
            ("pg-primary", false),
            ("user", true),
        ] {
            assert!(!plausible_host(host, in_authority), "{host}");
        }
    }

    #[test]
    fn code_tokens_and_slot_names_are_not_endpoints() {
        let matcher = endpoint_matcher(&[]);
        for line in [
            "db_host = os.environ.get('DB_HOST')",
            "DB_HOST = self.host",
            "PGHOST=conn",
            "url = 'postgres://user:pass@host:5432/db'",
            "postgres://app:pw@hostname/app",
            "mysql://root@your-db-host:3306/app",
            "DATABASE_HOST=db.example.com",
            "postgres://u@db:5432/app",
            // a slot's name, a sample service named after its engine, a test's missing host
            "mongodb://user:pw@mongodb-hostname:27017/app",
            "mongodb://user:pw@host.com:27017/app",
            "redis://:pw@myredis:6379",
            "mongodb://doesnotexist:27017/parse",
        ] {
            assert!(found(&matcher, line).is_empty(), "{line}");
        }
        assert_eq!(
            found(&matcher, "REDIS_URL=redis://:pw@cache-primary:6379/0")
                .into_iter()
                .map(|(_, h)| h)
                .collect::<Vec<_>>(),
            vec!["cache-primary:6379".to_string()]
        );
    }

    #[test]
    fn vendor_sites_and_slot_tenants_are_not_endpoints() {
        for value in [
            "https://docs.erpnext.com/docs/user/manual",
            "https://www.atlassian.com/software/jira",
            "mail.zendesk.com",
            "https://yourcompany.atlassian.net/rest/api/3/issue",
            "https://your-subdomain.zendesk.com/api/v2/tickets",
        ] {
            assert!(!accept_endpoint("jira", value.as_bytes(), false), "{value}");
        }
        assert!(accept_endpoint(
            "jira",
            b"https://acme.atlassian.net/rest/api/3/issue",
            false
        ));
        assert!(accept_endpoint("zendesk", b"acme.zendesk.com", false));
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
