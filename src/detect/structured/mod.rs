//! Structured files judged key by key: `.env`, YAML, JSON (with comments), TOML,
//! INI/properties, Terraform `.tfvars` and Jupyter notebooks are parsed into one small
//! [`Node`] tree (one parser module per format, each a maintained crate or, for the line
//! formats, a line parser), then walked into [`Entry`]s: a value with its key path such as
//! `mcpServers.stripe.env.STRIPE_API_KEY`, its place in the file, and the config object it
//! belongs to (an MCP server, a compose service, a Kubernetes document, the whole file).
//!
//! The walk knows the shapes the runbooks meet: compose `environment` lists (`KEY=value`),
//! Kubernetes `env` name/value pairs and `secretKeyRef`, `Secret` objects (whose `data:`
//! is base64, decoded here), External Secrets `ExternalSecret` / `SecretStore` objects,
//! Vault Agent annotations, MCP `env` / `headers` blocks, and command-line `args`.
//!
//! Only files whose name marks them as structured are parsed ([`classify`]), and only up
//! to [`MAX_STRUCTURED_SIZE`]; anything that does not parse falls back to the plain scan.

pub mod analyze;
mod cookies;
mod csv;
mod dotenv;
mod ini;
mod json;
mod markdown;
mod notebook;
mod toml;
mod yaml;

use std::cell::OnceCell;

use zeroize::Zeroizing;

use super::encoded;
use super::judge::ReferenceKind;
use crate::baseline::INLINE_ALLOW_MARKER;

/// Files larger than this are not parsed (the plain scan still runs on them): JSON and
/// YAML this large are data (schemas, enumerations, lockfiles) rather than configuration,
/// and a 3.4 MB one took 55 MiB to parse and walk.
pub const MAX_STRUCTURED_SIZE: usize = 2 << 20;
/// Nesting deeper than this is a parse error (the plain scan still runs), so that no
/// input can exhaust the stack.
pub const MAX_DEPTH: usize = 128;

/// The structured formats vaultproof parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// `.env`, `.env.*`, `*.env`, `.envrc`.
    Dotenv,
    /// `*.yaml`, `*.yml` (compose, Kubernetes, Helm values, GitHub Actions, agent configs).
    Yaml,
    /// `*.json`, `*.jsonc`, `*.json5` (MCP configs, VS Code settings), comments allowed.
    Json,
    /// `*.toml`.
    Toml,
    /// `*.ini`, `*.cfg`, `*.cnf`, `*.properties`.
    Ini,
    /// Terraform `*.tfvars` (HCL assignments).
    Tfvars,
    /// Jupyter notebooks (`*.ipynb`): cell sources and outputs.
    Notebook,
    /// Markdown (`*.md`, `*.markdown`): the rows of its tables, by column header.
    Markdown,
    /// `*.csv`: its rows, by column header (password-manager exports, account lists).
    Csv,
    /// `*.tsv`: as CSV, tab-separated.
    Tsv,
}

impl FileKind {
    /// The lowercase name used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Dotenv => "dotenv",
            FileKind::Yaml => "yaml",
            FileKind::Json => "json",
            FileKind::Toml => "toml",
            FileKind::Ini => "ini",
            FileKind::Tfvars => "tfvars",
            FileKind::Notebook => "notebook",
            FileKind::Markdown => "markdown",
            FileKind::Csv => "csv",
            FileKind::Tsv => "tsv",
        }
    }
}

/// The structured format of a file, from its name alone (cheap: called on every file).
///
/// # Example
/// ```
/// use vaultproof::detect::structured::{classify, FileKind};
/// assert_eq!(classify("agents/ws1/.env.production"), Some(FileKind::Dotenv));
/// assert_eq!(classify(".cursor/mcp.json"), Some(FileKind::Json));
/// assert_eq!(classify("src/main.rs"), None);
/// ```
pub fn classify(path: &str) -> Option<FileKind> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let dot = name.rfind('.')?;
    let ext = &name[dot + 1..];
    let lower = |s: &str| s.to_ascii_lowercase();
    if name == ".env" || name.starts_with(".env.") || name == ".envrc" {
        return Some(FileKind::Dotenv);
    }
    match lower(ext).as_str() {
        "env" => Some(FileKind::Dotenv),
        "yaml" | "yml" => Some(FileKind::Yaml),
        "json" | "jsonc" | "json5" => Some(FileKind::Json),
        // JSON under a dotfile name: Docker's legacy registry logins, the SFTP settings of
        // Atom's remote-ftp.
        "dockercfg" | "ftpconfig" if dot == 0 => Some(FileKind::Json),
        "toml" => Some(FileKind::Toml),
        "ini" | "cfg" | "cnf" | "properties" => Some(FileKind::Ini),
        "tfvars" => Some(FileKind::Tfvars),
        "ipynb" => Some(FileKind::Notebook),
        "md" | "markdown" => Some(FileKind::Markdown),
        "csv" => Some(FileKind::Csv),
        "tsv" => Some(FileKind::Tsv),
        _ => None,
    }
}

/// Whether a file is a translation bundle: a file named for a language (`de.json`,
/// `en-US.yml`, `pt_BR.properties`) in a directory of translations (`i18n/`, `locales/`,
/// `lang/`...), or named `messages_de.properties`, `locale_de-DE.ini`, `strings.fr.json`.
/// Its keys are messages' ids (`settings.media.s3.secret`) and its values their text in
/// that language (`AWS-toegangssleutelgeheim`), never a credential: no value there is
/// judged by its key.
pub fn is_translation_bundle(path: &str) -> bool {
    const DIRECTORIES: &[&str] = &[
        "i18n",
        "l10n",
        "locale",
        "locales",
        "lang",
        "langs",
        "languages",
        "translations",
    ];
    const PREFIXES: &[&str] = &[
        "messages",
        "locale",
        "strings",
        // Tomcat's and other Apache projects' `LocalStrings_zh_CN.properties`
        "localstrings",
        "translation",
        "translations",
        // mailcow's `lang.zh-cn.json`
        "lang",
    ];
    let mut parts = path.rsplit('/');
    let name = parts.next().unwrap_or(path);
    let in_directory = parts.any(|dir| DIRECTORIES.contains(&dir.to_ascii_lowercase().as_str()));
    let Some((stem, _)) = name.rsplit_once('.') else {
        return false;
    };
    // A language tag: `de`, `en-US`, `pt_BR`, `zh-Hans`, `es-419`.
    let is_tag = |tag: &str| {
        let mut subtags = tag.split(['-', '_']);
        let language = subtags.next().unwrap_or("");
        language.len() == 2
            && language.bytes().all(|b| b.is_ascii_lowercase())
            && subtags.all(|sub| {
                (2..=4).contains(&sub.len()) && sub.bytes().all(|b| b.is_ascii_alphanumeric())
            })
    };
    (in_directory && is_tag(stem))
        || stem.split_once(['.', '_']).is_some_and(|(prefix, tag)| {
            PREFIXES.contains(&prefix.to_ascii_lowercase().as_str()) && is_tag(tag)
        })
}

/// Whether a file name is one of the `.env` family (templates included).
pub fn is_dotenv_name(path: &str) -> bool {
    classify(path) == Some(FileKind::Dotenv)
}

/// Whether a `.env`-family file is a template meant to be committed (`.env.example`,
/// `.env.template`, `.env.sample`, `.env.dist`, `.env.defaults`).
pub fn is_env_template_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    [
        "example", "template", "sample", "dist", "defaults", "tmpl", "tpl",
    ]
    .iter()
    .any(|t| name.contains(t))
}

/// A parsed value: a mapping, a sequence, a scalar, or an alias (never expanded).
#[derive(Debug)]
pub enum Node {
    /// Keys (with the byte offset of each key) and values, in file order.
    Map(Vec<(String, usize, Node)>),
    /// Elements in file order.
    Seq(Vec<Node>),
    /// A leaf value.
    Scalar(Scalar),
    /// A YAML alias: refers to an anchor already walked, so there is nothing new in it.
    Alias,
}

/// A leaf value: its decoded bytes and where its text is in the file.
#[derive(Debug, Clone)]
pub struct Scalar {
    /// The decoded value (escapes resolved, quotes removed), zeroized on drop.
    pub value: Zeroizing<Vec<u8>>,
    /// Byte offset in the file where the value's text starts (after any opening quote).
    pub offset: usize,
    /// Byte offset just past the value's text in the file (before any closing quote).
    pub raw_end: usize,
    /// Whether `file[offset..raw_end]` is exactly `value`, so spans map one to one.
    pub verbatim: bool,
}

impl Scalar {
    /// A scalar whose text is `data[start..end]` verbatim.
    pub fn verbatim(data: &[u8], start: usize, end: usize) -> Self {
        Scalar {
            value: Zeroizing::new(data[start..end].to_vec()),
            offset: start,
            raw_end: end,
            verbatim: true,
        }
    }

    /// A scalar whose decoded value `value` came from the text at `start..end`; verbatim
    /// when the text equals the value.
    pub fn decoded(data: &[u8], start: usize, end: usize, value: Vec<u8>) -> Self {
        let end = end.min(data.len()).max(start);
        let verbatim = data[start..end] == value[..];
        Scalar {
            value: Zeroizing::new(value),
            offset: start,
            raw_end: end,
            verbatim,
        }
    }
}

/// Why a structured file could not be parsed (the plain scan still runs on it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The parser rejected the text.
    #[error("{kind} parse error: {message}")]
    Syntax {
        /// The format.
        kind: &'static str,
        /// The parser's message (never file content beyond a position).
        message: String,
    },
    /// Nested deeper than [`MAX_DEPTH`].
    #[error("{kind}: nesting deeper than {MAX_DEPTH} levels")]
    TooDeep {
        /// The format.
        kind: &'static str,
    },
    /// The file is not UTF-8 (required by the YAML, JSON and TOML parsers).
    #[error("{kind}: not valid UTF-8")]
    NotUtf8 {
        /// The format.
        kind: &'static str,
    },
}

/// Parses `data` as `kind` into documents (YAML may hold several; other formats one).
pub fn parse(kind: FileKind, data: &[u8]) -> Result<Vec<Node>, ParseError> {
    match kind {
        FileKind::Dotenv => Ok(vec![dotenv::parse(data)]),
        FileKind::Ini => Ok(vec![ini::parse_ini(data)]),
        FileKind::Tfvars => Ok(vec![ini::parse_hcl(data)]),
        FileKind::Yaml => yaml::parse(data),
        FileKind::Json => json::parse_documents(data),
        FileKind::Notebook => json::parse(data).map(|n| vec![n]),
        FileKind::Toml => toml::parse(data).map(|n| vec![n]),
        FileKind::Markdown => Ok(vec![markdown::parse(data)]),
        FileKind::Csv => Ok(vec![csv::parse(data, b',')]),
        FileKind::Tsv => Ok(vec![csv::parse(data, b'\t')]),
    }
}

/// One value found by the walk, with its key.
#[derive(Debug)]
pub struct Entry {
    /// Where the value sits in the document: `mcpServers.stripe.env.STRIPE_API_KEY`,
    /// `services.api.environment.DB_PASSWORD`, `spec.template.spec.containers[0].env[1].value`.
    pub key_path: String,
    /// The name the value is judged under: the last key, or for `name`/`value` pairs the
    /// `name`, or for `KEY=value` list items the `KEY`.
    pub key: String,
    /// The value.
    pub scalar: Scalar,
    /// The config object it belongs to (`mcpServers.stripe`, `services.api`, `doc[1]`);
    /// empty for the whole file.
    pub object: String,
    /// Whether the value was base64-decoded (a Kubernetes `Secret`'s `data:` or a
    /// ConfigMap's `binaryData:`, a key that says base64, a Docker registry `auth`).
    pub base64: bool,
    /// The rule a secret in this value is reported under, when the shape of the document
    /// says what it is (a Docker registry password); the generic secret rule otherwise.
    pub rule: Option<&'static str>,
}

/// Rule id of a registry password decoded from a Docker `config.json` or a Kubernetes
/// `.dockerconfigjson` (`auths.<registry>.auth`, base64 of `user:password`).
pub const DOCKER_AUTH_RULE: &str = "vp.docker.config-auth.1";

/// Rule id of a registry identity (refresh) token or registry token in a Docker
/// `config.json` or a Kubernetes `.dockerconfigjson` (`auths.<registry>.identitytoken`):
/// what `docker login` stores for token-based registries (Azure Container Registry).
pub const DOCKER_IDENTITY_TOKEN_RULE: &str = "vp.docker.identity-token.1";

/// A reference found by the walk (a `secretKeyRef`, an ExternalSecret remote key...).
#[derive(Debug, Clone)]
pub struct RawReference {
    /// Where it sits in the document.
    pub key_path: String,
    /// Byte offset in the file.
    pub offset: usize,
    /// What kind of reference.
    pub kind: ReferenceKind,
    /// The path, name or ARN it refers to.
    pub target: String,
}

/// What the walk of one file found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Every scalar value, with its key, sorted by offset.
    pub entries: Vec<Entry>,
    /// References recognised from the document's shape.
    pub references: Vec<RawReference>,
    /// Byte spans the document's shape says hold ciphertext (a SealedSecret's
    /// `encryptedData`): no match inside one is a credential.
    pub ciphertext: Vec<(usize, usize)>,
}

/// The member that names a name/value pair (`{"name": "DB_PASSWORD", "value": …}`).
const PAIR_NAME_KEYS: &[&str] = &["name", "key", "Name", "Key", "ParameterKey", "OptionName"];

/// The member that holds a name/value pair's value.
const PAIR_VALUE_KEYS: &[&str] = &["value", "Value", "ParameterValue"];

/// Keys of the tables that map package names to versions: npm's `package.json` and the
/// pnpm and Yarn lock files, Cargo, Composer, Poetry.
const PACKAGE_TABLE_KEYS: &[&str] = &[
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "optionalDependencies",
    "bundleDependencies",
    "resolutions",
    "overrides",
    "specifiers",
    "dev-dependencies",
    "build-dependencies",
    "require",
    "require-dev",
];

/// Keys whose children are separate config objects for the inventory join.
const CONTAINER_KEYS: &[&str] = &[
    "mcpservers",
    "servers",
    "context_servers",
    "services",
    "providers",
    "integrations",
    "connections",
    "agents",
    "datasources",
    "databases",
    "accounts",
    "clients",
    "jobs",
    "profiles",
    "environments",
];

/// Walks the parsed documents of a file into entries and references.
pub fn walk(kind: FileKind, docs: &[Node]) -> Walked {
    let mut walked = Walked::default();
    if kind == FileKind::Notebook {
        if let Some(doc) = docs.first() {
            notebook::walk(doc, &mut walked);
        }
    } else {
        let several = docs.len() > 1;
        for (index, doc) in docs.iter().enumerate() {
            let prefix = if several {
                format!("doc[{index}]")
            } else {
                String::new()
            };
            let mut walker = Walker {
                out: &mut walked,
                doc_kind: doc_kind(doc),
                nested: false,
            };
            walker.node(doc, &prefix, "", &prefix, 0);
        }
    }
    walked.entries.sort_by_key(|e| e.scalar.offset);
    walked
}

/// The Kubernetes `kind:` of a document, if it has one.
fn doc_kind(doc: &Node) -> Option<String> {
    let Node::Map(items) = doc else { return None };
    let (_, _, node) = items.iter().find(|(k, _, _)| k == "kind")?;
    let Node::Scalar(s) = node else { return None };
    Some(String::from_utf8_lossy(&s.value).into_owned())
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn scalar_text(node: &Node) -> Option<String> {
    match node {
        Node::Scalar(s) => Some(String::from_utf8_lossy(&s.value).into_owned()),
        _ => None,
    }
}

fn map_get<'n>(items: &'n [(String, usize, Node)], key: &str) -> Option<&'n Node> {
    items.iter().find(|(k, _, _)| k == key).map(|(_, _, n)| n)
}

/// Whether a value opens with an HTTP authentication scheme and a blank (`Basic …`,
/// `Bearer …`, `Token …`, `Digest …`).
fn opens_with_auth_scheme(value: &[u8]) -> bool {
    const SCHEMES: &[&[u8]] = &[b"basic ", b"bearer ", b"token ", b"digest ", b"negotiate "];
    super::judge::scheme_length(value, SCHEMES).is_some()
}

struct Walker<'w> {
    out: &'w mut Walked,
    doc_kind: Option<String>,
    /// Walking a document decoded from a value: documents inside it are not opened.
    nested: bool,
}

impl Walker<'_> {
    /// Walks `node` at `path`; `key` is the name it is judged under; `object` the config
    /// object it belongs to. Depth is bounded by the parsers ([`MAX_DEPTH`]).
    fn node(&mut self, node: &Node, path: &str, key: &str, object: &str, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match node {
            Node::Alias => {}
            Node::Scalar(scalar) => self.scalar(scalar, path, key, object),
            Node::Seq(items) => self.seq(items, path, key, object, depth),
            Node::Map(items) => self.map(items, path, key, object, depth),
        }
    }

    fn scalar(&mut self, scalar: &Scalar, path: &str, key: &str, object: &str) {
        let copy = Scalar {
            value: scalar.value.clone(),
            offset: scalar.offset,
            raw_end: scalar.raw_end,
            verbatim: scalar.verbatim,
        };
        self.push_split(copy, path, key, object);
    }

    fn seq(&mut self, items: &[Node], path: &str, key: &str, object: &str, depth: usize) {
        let lower = key.to_ascii_lowercase();
        // Compose `environment`, and Travis CI's `env: {global: […], jobs: […]}`.
        let is_env_list = matches!(lower.as_str(), "environment" | "env" | "envs" | "variables")
            || ["env.global", "env.matrix", "env.jobs"]
                .iter()
                .any(|travis| path.ends_with(travis));
        let is_args = matches!(lower.as_str(), "args" | "command" | "entrypoint" | "argv");
        // A list named as several credentials (`api_keys`, `accessTokens`, `passwords`) holds
        // one in each element, judged under the singular name.
        let element_key = singular_credential_key(key).unwrap_or("");
        let mut flag_key: Option<String> = None;
        for (index, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{index}]");
            if let Node::Scalar(scalar) = item {
                if is_env_list {
                    if let Some((name, entry)) = split_assignment(scalar) {
                        let path = join(path, &name);
                        self.push_split(entry, &path, &name, object);
                        continue;
                    }
                }
                if is_args {
                    // `--api-key=VALUE`, or `--api-key VALUE` as two elements.
                    if let Some(name) = flag_key.take() {
                        let path = format!("{path}[{index}]");
                        self.scalar(scalar, &path, &name, object);
                        continue;
                    }
                    if let Some(flag) = scalar.value.strip_prefix(b"--") {
                        if let Some(eq) = memchr::memchr(b'=', flag) {
                            let name = String::from_utf8_lossy(&flag[..eq]).into_owned();
                            let start = 2 + eq + 1;
                            let value = scalar.value[start..].to_vec();
                            let split = sub_scalar(scalar, start, value);
                            self.push_split(split, &item_path, &name, object);
                            continue;
                        }
                        let name = String::from_utf8_lossy(flag).into_owned();
                        if super::judge::is_secret_key(&name) {
                            flag_key = Some(name);
                        }
                        continue;
                    }
                }
            }
            // A list element is not judged by the list's key: `auth = ["rust-argon2"]` in
            // a Cargo `[features]` table names features, not passwords. An HTTP header's
            // values are listed under its name (recorded requests: `Authorization:` then
            // `- Basic YXBp…`): a value opening with an authentication scheme is, and so is
            // a cookie header's (`Set-Cookie:` then `- laravel_session=…; path=/`) and
            // an element of a list named for credentials (`element_key`).
            let item_key = match item {
                Node::Scalar(scalar)
                    if !opens_with_auth_scheme(&scalar.value)
                        && !cookies::is_cookie_header(key) =>
                {
                    element_key
                }
                _ => key,
            };
            self.node(item, &item_path, item_key, object, depth + 1);
        }
    }

    /// Records a value; one under a key that says it is base64 (`DB_PASSWORD_B64`) is
    /// decoded, when it decodes to text, and judged under the rest of the key.
    fn push_split(&mut self, scalar: Scalar, path: &str, key: &str, object: &str) {
        if let Some(stem) = encoded::decoded_key(key) {
            if let Some(decoded) = encoded::decode_text(&scalar.value) {
                self.out.entries.push(Entry {
                    key_path: path.to_string(),
                    key: stem.to_string(),
                    scalar: Scalar {
                        value: decoded,
                        offset: scalar.offset,
                        raw_end: scalar.raw_end,
                        verbatim: false,
                    },
                    object: object.to_string(),
                    base64: true,
                    rule: None,
                });
                return;
            }
        }
        if matches!(key, ".dockerconfigjson" | ".dockercfg") && self.docker_config(&scalar, path) {
            return;
        }
        self.out.entries.push(Entry {
            key_path: path.to_string(),
            key: key.to_string(),
            scalar,
            object: object.to_string(),
            base64: false,
            rule: None,
        });
    }

    /// A Docker config document held in one value (a Kubernetes `.dockerconfigjson`,
    /// decoded from base64 or written as it is under `stringData:`): parsed and walked,
    /// its values placed on the value that holds it. One level: a document inside it is
    /// not opened again. Returns whether it parsed.
    fn docker_config(&mut self, scalar: &Scalar, path: &str) -> bool {
        if self.nested {
            return false;
        }
        let Ok(doc) = json::parse(&scalar.value) else {
            return false;
        };
        let mut inner = Walked::default();
        let mut walker = Walker {
            out: &mut inner,
            doc_kind: None,
            nested: true,
        };
        walker.node(&doc, path, "", "", 0);
        for mut entry in inner.entries {
            entry.scalar.offset = scalar.offset;
            entry.scalar.raw_end = scalar.raw_end;
            entry.scalar.verbatim = false;
            entry.base64 = true;
            self.out.entries.push(entry);
        }
        true
    }

    /// A Docker `auths` map: each registry's `auth` (base64 of `user:password`) is
    /// decoded into the password, judged as one and reported under the registry, and its
    /// `identitytoken` or `registrytoken` is a token; the registry's other keys are walked
    /// as usual.
    fn docker_auths(
        &mut self,
        registries: &[(String, usize, Node)],
        path: &str,
        object: &str,
        depth: usize,
    ) {
        for (registry, _, node) in registries {
            let registry_path = join(path, registry);
            let Node::Map(fields) = node else {
                self.node(node, &registry_path, registry, object, depth + 1);
                continue;
            };
            for (field, _, value) in fields {
                let field_path = join(&registry_path, field);
                if field == "auth" {
                    if let Node::Scalar(auth) = value {
                        if no_password(auth) {
                            continue; // a token login: the credential is the identity token
                        }
                        if let Some(password) = password_of_user_password(&auth.value) {
                            self.out.entries.push(Entry {
                                key_path: field_path,
                                key: "password".to_string(),
                                scalar: Scalar {
                                    value: password,
                                    offset: auth.offset,
                                    raw_end: auth.raw_end,
                                    verbatim: false,
                                },
                                object: registry.clone(),
                                base64: true,
                                rule: Some(DOCKER_AUTH_RULE),
                            });
                            continue;
                        }
                    }
                }
                if field == "identitytoken" || field == "registrytoken" {
                    if let Node::Scalar(token) = value {
                        self.out.entries.push(Entry {
                            key_path: field_path,
                            key: field.clone(),
                            scalar: token.clone(),
                            object: registry.clone(),
                            base64: false,
                            rule: Some(DOCKER_IDENTITY_TOKEN_RULE),
                        });
                        continue;
                    }
                }
                self.node(value, &field_path, field, registry, depth + 2);
            }
        }
    }

    fn map(
        &mut self,
        items: &[(String, usize, Node)],
        path: &str,
        key: &str,
        object: &str,
        depth: usize,
    ) {
        self.references_in_map(items, path, key);
        if depth == 0 && is_legacy_docker_config(items) {
            // A legacy `~/.dockercfg`: the registries are the document itself.
            self.docker_auths(items, path, object, depth);
            return;
        }
        // `- name: DB_PASSWORD\n  value: hunter2` (Kubernetes, ECS, Azure app settings),
        // `{"key": "api_key", "value": "…"}` (Postman environments and collections, GitLab
        // CI variables), `{"Key": …, "Value": …}` (AWS tags and attributes),
        // `{"ParameterKey": …, "ParameterValue": …}` (CloudFormation parameter files) or
        // `{"OptionName": …, "Value": …}` (Elastic Beanstalk option settings): the value
        // is judged under the name.
        let first_of = |keys: &[&str]| keys.iter().find_map(|k| map_get(items, k));
        let pair_name = match (first_of(PAIR_NAME_KEYS), first_of(PAIR_VALUE_KEYS)) {
            (Some(name), Some(Node::Scalar(_))) => scalar_text(name),
            _ => None,
        };
        let is_container = CONTAINER_KEYS.contains(&key.to_ascii_lowercase().as_str());
        let at_root = depth == 0;
        let secret_data = at_root && self.doc_kind.as_deref() == Some("Secret");
        let config_map = at_root && self.doc_kind.as_deref() == Some("ConfigMap");
        for (child_key, child_offset, child) in items {
            let child_path = join(path, child_key);
            let child_object = if is_container {
                child_path.clone()
            } else {
                object.to_string()
            };
            if child_key == "encryptedData" && self.doc_kind.as_deref() == Some("SealedSecret") {
                self.out.references.push(RawReference {
                    key_path: child_path.clone(),
                    offset: *child_offset,
                    kind: ReferenceKind::SealedSecret,
                    target: String::new(),
                });
                self.out.ciphertext.extend(node_span(child));
                continue;
            }
            if (secret_data && child_key == "data") || (config_map && child_key == "binaryData") {
                if let Node::Map(data) = child {
                    self.secret_data(data, &child_path, &child_object);
                    continue;
                }
            }
            if child_key == "auths" {
                if let Node::Map(registries) = child {
                    self.docker_auths(registries, &child_path, &child_object, depth + 1);
                    continue;
                }
            }
            let judged_key = match (&pair_name, child_key.as_str(), child) {
                // A dependency table names packages and their versions
                // (`"next-auth-core": "workspace:^0.0.1"`, a pnpm lock file's
                // `next-auth: 4.18.7_a7o4k2ano2…`): no value there is judged by its name.
                (_, _, Node::Scalar(_)) if PACKAGE_TABLE_KEYS.contains(&key) => String::new(),
                (Some(name), value, Node::Scalar(_)) if PAIR_VALUE_KEYS.contains(&value) => {
                    name.clone()
                }
                // The name of a name/value pair is a name.
                (Some(_), _, _) => child_key.clone(),
                // `"adminPassword": { "value": "…" }` (an Azure parameter file), and a
                // template parameter's default (ARM `defaultValue`, CloudFormation
                // `Default`): judged under the object's own key. A JSON Schema's lowercase
                // `default` documents a setting (`"credential-providers": {"default":
                // "'cargo:token'"}`) and is not read so.
                (None, "value" | "defaultValue" | "Default", Node::Scalar(_))
                    if !key.is_empty() =>
                {
                    key.to_string()
                }
                // A bare `key` is named by its object when the object owns a credential's
                // key: `Jwt: {Key: …}`, `encryption: {key: …}`; not `Objects: [{Key: …}]`.
                (_, bare, _)
                    if bare.eq_ignore_ascii_case("key")
                        && crate::detect::judge::names_a_key_owner(key) =>
                {
                    format!("{key}_{bare}")
                }
                _ => child_key.clone(),
            };
            self.node(child, &child_path, &judged_key, &child_object, depth + 1);
        }
    }

    /// A Kubernetes `Secret`'s `data:`: base64 values, decoded and judged by their key.
    fn secret_data(&mut self, data: &[(String, usize, Node)], path: &str, object: &str) {
        use base64::Engine as _;
        for (key, _, node) in data {
            let Node::Scalar(scalar) = node else { continue };
            let compact: Vec<u8> = scalar
                .value
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(&compact) else {
                self.scalar(scalar, &join(path, key), key, object);
                continue;
            };
            let decoded = Scalar {
                value: Zeroizing::new(decoded),
                offset: scalar.offset,
                raw_end: scalar.raw_end,
                verbatim: false,
            };
            if matches!(key.as_str(), ".dockerconfigjson" | ".dockercfg")
                && self.docker_config(&decoded, &join(path, key))
            {
                continue;
            }
            self.out.entries.push(Entry {
                key_path: join(path, key),
                key: key.clone(),
                scalar: decoded,
                object: object.to_string(),
                base64: true,
                rule: None,
            });
        }
    }

    /// References recognised from a mapping's shape.
    fn references_in_map(&mut self, items: &[(String, usize, Node)], path: &str, key: &str) {
        let offset = items.first().map_or(0, |(_, o, _)| *o);
        let text = |k: &str| map_get(items, k).and_then(scalar_text);
        let external_secret = self.is_external_secret();
        let secret_store = self.is_secret_store();
        let vault_operator_kind = matches!(
            self.doc_kind.as_deref(),
            Some("VaultStaticSecret" | "VaultDynamicSecret" | "VaultPKISecret")
        );
        let references = &mut self.out.references;
        let mut push = |kind, target: String, at: &str| {
            references.push(RawReference {
                key_path: at.to_string(),
                offset,
                kind,
                target,
            });
        };
        match key {
            "secretKeyRef" => {
                let target = match (text("name"), text("key")) {
                    (Some(n), Some(k)) => format!("{n}/{k}"),
                    (Some(n), None) => n,
                    _ => String::new(),
                };
                push(ReferenceKind::SecretKeyRef, target, path);
                return;
            }
            "remoteRef" | "extract" | "find" if external_secret => {
                if let Some(k) = text("key").or_else(|| text("path")) {
                    let target = match text("property") {
                        Some(p) => format!("{k}#{p}"),
                        None => k,
                    };
                    push(ReferenceKind::ExternalSecret, target, path);
                }
                return;
            }
            "vault" if secret_store => {
                let target = format!(
                    "{} {}",
                    text("server").unwrap_or_default(),
                    text("path").unwrap_or_default()
                );
                push(ReferenceKind::SecretStore, target.trim().to_string(), path);
                return;
            }
            "azurekv" if secret_store => {
                let target = text("vaultUrl").unwrap_or_default();
                push(ReferenceKind::AzureKeyVault, target, path);
                return;
            }
            _ => {}
        }
        if key == "spec" && vault_operator_kind {
            let target = match (text("mount"), text("path")) {
                (Some(m), Some(p)) => format!("{m}/{p}"),
                (None, Some(p)) => p,
                (Some(m), None) => m,
                (None, None) => String::new(),
            };
            push(ReferenceKind::Vault, target, path);
        }
        // `credentials: { provider: vault, mountPath: portarium/credentials }`.
        if text("provider").is_some_and(|p| p.eq_ignore_ascii_case("vault")) {
            let target = [
                "mountPath",
                "mount_path",
                "path",
                "mount",
                "vaultPath",
                "vault_path",
            ]
            .iter()
            .find_map(|k| text(k))
            .unwrap_or_default();
            push(ReferenceKind::Vault, target, path);
        }
        // Vault Agent injector annotations.
        for (k, key_offset, node) in items {
            if let Some(name) = k.strip_prefix("vault.hashicorp.com/agent-inject-secret-") {
                if let Some(target) = scalar_text(node) {
                    references.push(RawReference {
                        key_path: join(path, k),
                        offset: *key_offset,
                        kind: ReferenceKind::Vault,
                        target: format!("{target} ({name})"),
                    });
                }
            }
        }
    }

    fn is_external_secret(&self) -> bool {
        matches!(
            self.doc_kind.as_deref(),
            Some("ExternalSecret" | "ClusterExternalSecret" | "PushSecret")
        )
    }

    fn is_secret_store(&self) -> bool {
        matches!(
            self.doc_kind.as_deref(),
            Some("SecretStore" | "ClusterSecretStore")
        )
    }
}

/// Whether a registry `auth` decodes to a user name and an empty password (what `docker
/// login` writes for a token login: `00000000-0000-0000-0000-000000000000:`).
fn no_password(auth: &Scalar) -> bool {
    encoded::decode_text(&auth.value).is_some_and(|decoded| decoded.last() == Some(&b':'))
}

/// The singular of a list's name that says it holds several credentials (`api_keys`,
/// `accessTokens`, `valid_tokens`, `client_secrets`, `passwords`): the name without its
/// last `s`. `keys`, `tokens` and `secrets` count only after a credential's qualifier:
/// bare or otherwise qualified they list names, lexer tokens or Secrets' names as often
/// (`searchKeys`, `comma-separated-tokens`, `false_secrets`).
fn singular_credential_key(key: &str) -> Option<&str> {
    const QUALIFIERS: &[&str] = &[
        "api", "access", "auth", "bearer", "bot", "client", "private", "refresh", "secret",
        "service", "session", "signing", "valid", "allowed", "app", "master", "admin",
    ];
    let tokens = super::judge::key_tokens(key);
    let last = tokens.last()?;
    let qualified = tokens.len() >= 2 && QUALIFIERS.contains(&tokens[tokens.len() - 2].as_str());
    let plural = last == "passwords"
        || (qualified && matches!(last.as_str(), "keys" | "tokens" | "secrets"));
    let singular = key.strip_suffix(['s', 'S'])?;
    (plural && super::judge::is_secret_key(singular)).then_some(singular)
}

/// Whether a document's top-level map is a legacy Docker `~/.dockercfg` (what `docker
/// login` wrote before `config.json`, and a Kubernetes `.dockercfg` secret holds): every
/// key names a registry (`https://index.docker.io/v1/`, `ghcr.io`) and every value is a
/// map with an `auth`.
fn is_legacy_docker_config(items: &[(String, usize, Node)]) -> bool {
    !items.is_empty()
        && items.iter().all(|(registry, _, node)| {
            (registry.contains('.') || registry.contains("://"))
                && matches!(node, Node::Map(fields) if map_get(fields, "auth").is_some())
        })
}

/// The password in base64 `user:password` (a registry `auth`, an HTTP Basic credential),
/// if `encoded` decodes to text of that shape with a non-empty password.
pub fn password_of_user_password(encoded: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let decoded = encoded::decode_text(encoded)?;
    let colon = memchr::memchr(b':', &decoded)?;
    let password = &decoded[colon + 1..];
    (!password.is_empty()).then(|| Zeroizing::new(password.to_vec()))
}

/// `KEY=value` in a list item: the key and a scalar for the value part.
fn split_assignment(scalar: &Scalar) -> Option<(String, Scalar)> {
    let eq = memchr::memchr(b'=', &scalar.value)?;
    let name = &scalar.value[..eq];
    let valid = !name.is_empty()
        && (name[0].is_ascii_alphabetic() || name[0] == b'_')
        && name
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(b));
    if !valid {
        return None;
    }
    let name = String::from_utf8_lossy(name).into_owned();
    let value = scalar.value[eq + 1..].to_vec();
    Some((name, sub_scalar(scalar, eq + 1, value)))
}

/// The part of `scalar` from byte `start` of its value on.
fn sub_scalar(scalar: &Scalar, start: usize, value: Vec<u8>) -> Scalar {
    if scalar.verbatim {
        Scalar {
            value: Zeroizing::new(value),
            offset: scalar.offset + start,
            raw_end: scalar.raw_end,
            verbatim: true,
        }
    } else {
        Scalar {
            value: Zeroizing::new(value),
            offset: scalar.offset,
            raw_end: scalar.raw_end,
            verbatim: false,
        }
    }
}

/// The deepest bracket nesting (`[`, `{`) in `data`, outside double-quoted strings,
/// stopping as soon as it passes `limit`: a cheap guard before recursive parsers.
pub fn nesting_exceeds(data: &[u8], limit: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in data {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Byte offsets of line starts, to turn offsets into 1-based lines and columns.
///
/// Every lookup costs the same wherever the offset lies: a minified file holding
/// thousands of values on one line must not count that line's characters once per
/// value. ASCII text needs no counting; other text keeps the character count at
/// every [`CHAR_BLOCK`] bytes, so a lookup counts at most one block.
#[derive(Debug)]
pub struct LineIndex<'a> {
    data: &'a [u8],
    starts: Vec<usize>,
    /// Characters before each multiple of [`CHAR_BLOCK`] bytes; empty for ASCII text.
    block_chars: Vec<usize>,
    /// The lines (0-based) holding an inline allow marker, found on first use.
    allowed_lines: OnceCell<Vec<usize>>,
}

/// The stride, in bytes, of [`LineIndex`]'s character counts.
const CHAR_BLOCK: usize = 4096;

/// The number of characters (UTF-8 sequence starts) in `bytes`: a column's count.
pub fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

impl<'a> LineIndex<'a> {
    /// Indexes the lines of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', data).map(|i| i + 1));
        let block_chars = if data.is_ascii() {
            Vec::new()
        } else {
            std::iter::once(0)
                .chain(data.chunks(CHAR_BLOCK).scan(0, |total, block| {
                    *total += char_count(block);
                    Some(*total)
                }))
                .collect()
        };
        LineIndex {
            data,
            starts,
            block_chars,
            allowed_lines: OnceCell::new(),
        }
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The number of characters before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        if self.block_chars.is_empty() {
            return offset;
        }
        let block = offset / CHAR_BLOCK;
        self.block_chars[block] + char_count(&self.data[block * CHAR_BLOCK..offset])
    }

    /// The byte offset of the character numbered `index` (0-based), or the end.
    fn offset_of_char(&self, index: usize) -> usize {
        if self.block_chars.is_empty() {
            return index.min(self.data.len());
        }
        if self.block_chars.last().is_none_or(|&total| index >= total) {
            return self.data.len();
        }
        let block = self.block_chars.partition_point(|&chars| chars <= index) - 1;
        let mut chars = self.block_chars[block];
        for (i, &b) in self.data[block * CHAR_BLOCK..].iter().enumerate() {
            if b & 0xC0 != 0x80 {
                if chars == index {
                    return block * CHAR_BLOCK + i;
                }
                chars += 1;
            }
        }
        self.data.len()
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.data.len());
        let line = self.line_of(offset);
        let column = 1 + self.chars_before(offset) - self.chars_before(self.starts[line]);
        (line + 1, column)
    }

    /// Whether the line holding byte `offset` carries an inline allow marker.
    pub fn allows(&self, offset: usize) -> bool {
        let allowed = self.allowed_lines.get_or_init(|| {
            memchr::memmem::find_iter(self.data, INLINE_ALLOW_MARKER)
                .map(|at| self.line_of(at))
                .collect()
        });
        allowed
            .binary_search(&self.line_of(offset.min(self.data.len())))
            .is_ok()
    }

    /// The byte offset of 1-based `line` and 1-based character `column`; a column
    /// past the line's end gives the line's end.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.data.len();
        };
        let end = self
            .starts
            .get(line)
            .map_or(self.data.len(), |&next| next - 1);
        let index = self.chars_before(start) + column.saturating_sub(1);
        self.offset_of_char(index).min(end)
    }
}

/// The bytes from the first scalar of `node` to the end of its last one, if it holds any.
fn node_span(node: &Node) -> Option<(usize, usize)> {
    match node {
        Node::Scalar(scalar) => Some((scalar.offset, scalar.raw_end.max(scalar.offset))),
        Node::Map(items) => items
            .iter()
            .filter_map(|(_, _, child)| node_span(child))
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1))),
        Node::Seq(items) => items
            .iter()
            .filter_map(node_span)
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1))),
        Node::Alias => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(kind: FileKind, text: &str) -> Vec<(String, String, String)> {
        let docs = parse(kind, text.as_bytes()).expect("parses");
        walk(kind, &docs)
            .entries
            .iter()
            .map(|e| {
                (
                    e.key_path.clone(),
                    e.key.clone(),
                    String::from_utf8_lossy(&e.scalar.value).into_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn translation_bundles_by_name() {
        for path in [
            "i18n/de.json",
            "web/src/locales/en-US.yml",
            "conf/locale/locale_de-DE.ini",
            "src/main/resources/messages_de.properties",
            "config/locales/pt_BR.yml",
            "app/lang/strings.fr.json",
            "res/messages_pt_BR.properties",
            "java/org/apache/catalina/tribes/transport/nio/LocalStrings_zh_CN.properties",
            "data/web/lang/lang.zh-cn.json",
        ] {
            assert!(is_translation_bundle(path), "{path}");
        }
        for path in [
            "i18n.lock",
            "config/de.json",
            "locales/settings.json",
            "i18n/config.yml",
            "src/main/resources/application_prod.properties",
            "conf/LocalSettings_prod.properties",
            "deploy/values_dev.yaml",
            "locales/app.json",
        ] {
            assert!(!is_translation_bundle(path), "{path}");
        }
    }

    #[test]
    fn classify_by_name() {
        for (path, kind) in [
            (".env", Some(FileKind::Dotenv)),
            ("a/.env.backup.20250101", Some(FileKind::Dotenv)),
            ("prod.env", Some(FileKind::Dotenv)),
            ("docker-compose.yml", Some(FileKind::Yaml)),
            (".vscode/mcp.json", Some(FileKind::Json)),
            ("Cargo.toml", Some(FileKind::Toml)),
            ("app.properties", Some(FileKind::Ini)),
            ("prod.tfvars", Some(FileKind::Tfvars)),
            ("nb.ipynb", Some(FileKind::Notebook)),
            ("home/.docker/.dockercfg", Some(FileKind::Json)),
            (".ftpconfig", Some(FileKind::Json)),
            ("README.md", Some(FileKind::Markdown)),
            ("notes.txt", None),
            ("Makefile", None),
            ("notes.ftpconfig", None),
        ] {
            assert_eq!(classify(path), kind, "{path}");
        }
    }

    #[test]
    fn compose_environment_list_and_k8s_name_value_pairs() {
        let yaml = "services:\n  api:\n    environment:\n      - DB_PASSWORD=hunter2-prod\n      - DB_HOST=db\n---\nkind: Pod\nspec:\n  containers:\n    - env:\n        - name: API_TOKEN\n          value: abc123xyz789\n";
        let found = entries(FileKind::Yaml, yaml);
        assert!(found.contains(&(
            "doc[0].services.api.environment.DB_PASSWORD".into(),
            "DB_PASSWORD".into(),
            "hunter2-prod".into()
        )));
        assert!(found.contains(&(
            "doc[1].spec.containers[0].env[0].value".into(),
            "API_TOKEN".into(),
            "abc123xyz789".into()
        )));
        let travis = "env:\n  global:\n    - API_TOKEN=Hq7vTz2Lw9Kx4Rb8\n    - MODE=prod\n";
        assert!(entries(FileKind::Yaml, travis).contains(&(
            "env.global.API_TOKEN".into(),
            "API_TOKEN".into(),
            "Hq7vTz2Lw9Kx4Rb8".into()
        )));
    }

    /// A dependency table's versions are not judged under their packages' names (which
    /// may say `auth`); a value beside the table still is judged under its key.
    #[test]
    fn a_dependency_tables_versions_are_not_judged_by_package_name() {
        let manifest = r#"{"dependencies": {"next-auth-core": "workspace:^0.0.1"}, "auth": {"token": "Hq7vTz2Lw9Kx4Rb8"}}"#;
        let found = entries(FileKind::Json, manifest);
        assert!(found.contains(&(
            "dependencies.next-auth-core".into(),
            String::new(),
            "workspace:^0.0.1".into()
        )));
        assert!(found.contains(&(
            "auth.token".into(),
            "token".into(),
            "Hq7vTz2Lw9Kx4Rb8".into()
        )));
        let lock = "importers:\n  apps/dev:\n    dependencies:\n      next-auth: 4.18.7_a7o4k2ano2ofergp6h3kvkfoim\n";
        assert!(entries(FileKind::Yaml, lock).contains(&(
            "importers.apps/dev.dependencies.next-auth".into(),
            String::new(),
            "4.18.7_a7o4k2ano2ofergp6h3kvkfoim".into()
        )));
    }

    #[test]
    fn a_template_parameters_default_is_judged_under_the_parameter() {
        let schema = r#"{"credential-providers": {"default": "'cargo:token'"}}"#;
        assert!(entries(FileKind::Json, schema).contains(&(
            "credential-providers.default".into(),
            "default".into(),
            "'cargo:token'".into()
        )));
        let yaml = "Parameters:\n  DBPassword:\n    Type: String\n    NoEcho: true\n    Default: Kq7vNz2pLx9wTr4\n  Environment:\n    Default: production\n";
        let found = entries(FileKind::Yaml, yaml);
        assert!(found.contains(&(
            "Parameters.DBPassword.Default".into(),
            "DBPassword".into(),
            "Kq7vNz2pLx9wTr4".into()
        )));
        assert!(found.contains(&(
            "Parameters.Environment.Default".into(),
            "Environment".into(),
            "production".into()
        )));
    }

    #[test]
    fn a_list_named_for_credentials_is_judged_item_by_item() {
        let json = r#"{"api_keys": ["Kq7vNz2pLx9wTr4", "Hn3Vq8Lz5Wt2Rx7"], "searchKeys": ["org.acme.Ledger"], "features": ["auth"]}"#;
        let found = entries(FileKind::Json, json);
        assert!(found.contains(&(
            "api_keys[1]".into(),
            "api_key".into(),
            "Hn3Vq8Lz5Wt2Rx7".into()
        )));
        // a search index's keys and a feature list are judged by no name
        assert!(found.contains(&(
            "searchKeys[0]".into(),
            String::new(),
            "org.acme.Ledger".into()
        )));
        assert!(found.contains(&("features[0]".into(), String::new(), "auth".into())));
        assert_eq!(singular_credential_key("accessTokens"), Some("accessToken"));
        assert_eq!(singular_credential_key("passwords"), Some("password"));
        assert_eq!(singular_credential_key("tokens"), None);
        assert_eq!(singular_credential_key("false_secrets"), None);
    }

    #[test]
    fn aws_key_value_pairs_are_judged_under_the_key() {
        let json = r#"{"Tags": [{"Key": "DB_PASSWORD", "Value": "Kq7vNz2pLx9wTr4"}, {"Key": "access_logs.s3.enabled", "Value": "false"}]}"#;
        let found = entries(FileKind::Json, json);
        assert!(found.contains(&(
            "Tags[0].Value".into(),
            "DB_PASSWORD".into(),
            "Kq7vNz2pLx9wTr4".into()
        )));
        assert!(found.contains(&(
            "Tags[1].Key".into(),
            "Key".into(),
            "access_logs.s3.enabled".into()
        )));
    }

    #[test]
    fn a_bare_key_is_named_by_its_object() {
        let json = r#"{"Jwt": {"Key": "Kq7vNz2pLx9wTr4Hn3Vq8Lz5", "Issuer": "ledger"}, "Objects": [{"Key": "objectkey1"}]}"#;
        let found = entries(FileKind::Json, json);
        assert!(found.contains(&(
            "Jwt.Key".into(),
            "Jwt_Key".into(),
            "Kq7vNz2pLx9wTr4Hn3Vq8Lz5".into()
        )));
        assert!(found.contains(&("Jwt.Issuer".into(), "Issuer".into(), "ledger".into())));
        assert!(found.contains(&("Objects[0].Key".into(), "Key".into(), "objectkey1".into())));
        assert!(crate::detect::judge::is_secret_key("Jwt_Key"));
        assert!(crate::detect::judge::names_a_key_owner("JwtSettings"));
        assert!(!crate::detect::judge::names_a_key_owner("cache_config"));
    }

    #[test]
    fn postman_key_value_pairs_are_judged_under_the_key() {
        let json = r#"{"name": "prod", "values": [{"key": "api_key", "value": "Wq4vLz8pKm2THn3V", "enabled": true}, {"key": "base_url", "value": "https://api.ledger.io"}]}"#;
        let found = entries(FileKind::Json, json);
        assert!(found.contains(&(
            "values[0].value".into(),
            "api_key".into(),
            "Wq4vLz8pKm2THn3V".into()
        )));
        assert!(found.contains(&(
            "values[1].value".into(),
            "base_url".into(),
            "https://api.ledger.io".into()
        )));
    }

    /// Recorded HTTP requests list each header's values under its name: a value with an
    /// authentication scheme is judged under the header, other list items under no key.
    #[test]
    fn header_values_with_an_auth_scheme_are_judged_under_the_header() {
        let yaml = "headers:\n  Authorization:\n  - Basic YXBpOlFtM1p0OEx3MVZiNk54NFJwOUtk\n  auth:\n  - rust-argon2\n";
        let found = entries(FileKind::Yaml, yaml);
        assert!(found.contains(&(
            "headers.Authorization[0]".into(),
            "Authorization".into(),
            "Basic YXBpOlFtM1p0OEx3MVZiNk54NFJwOUtk".into()
        )));
        assert!(found.contains(&("headers.auth[0]".into(), "".into(), "rust-argon2".into())));
    }

    #[test]
    fn cloudformation_and_beanstalk_pairs_are_judged_under_their_name() {
        let json = r#"[{"ParameterKey": "DbPassword", "ParameterValue": "Zt6qWm3RkV9x"}, {"Namespace": "aws:elasticbeanstalk:application:environment", "OptionName": "API_TOKEN", "Value": "Hk3mQv8LzR2wTp6N"}]"#;
        let found = entries(FileKind::Json, json);
        assert!(found.contains(&(
            "[0].ParameterValue".into(),
            "DbPassword".into(),
            "Zt6qWm3RkV9x".into()
        )));
        assert!(found.contains(&(
            "[1].Value".into(),
            "API_TOKEN".into(),
            "Hk3mQv8LzR2wTp6N".into()
        )));
    }

    #[test]
    fn a_value_object_is_judged_under_its_own_key() {
        let json = r#"{"parameters": {"adminPassword": {"value": "Kq8vLz2pWm4T"}, "sku": {"value": "Standard"}}, "tpl": {"dbPassword": {"type": "securestring", "defaultValue": "Rt5nXw8qLp3V"}}}"#;
        let found = entries(FileKind::Json, json);
        assert!(found.contains(&(
            "parameters.adminPassword.value".into(),
            "adminPassword".into(),
            "Kq8vLz2pWm4T".into()
        )));
        assert!(found.contains(&(
            "tpl.dbPassword.defaultValue".into(),
            "dbPassword".into(),
            "Rt5nXw8qLp3V".into()
        )));
        assert!(found.contains(&(
            "parameters.sku.value".into(),
            "sku".into(),
            "Standard".into()
        )));
    }

    #[test]
    fn kubernetes_secret_data_is_decoded() {
        let yaml = "apiVersion: v1\nkind: Secret\ndata:\n  password: aHVudGVyMi1wcm9k\nstringData:\n  token: plain-Value-9\n";
        let found = entries(FileKind::Yaml, yaml);
        assert!(found.contains(&(
            "data.password".into(),
            "password".into(),
            "hunter2-prod".into()
        )));
        assert!(found.contains(&(
            "stringData.token".into(),
            "token".into(),
            "plain-Value-9".into()
        )));
    }

    fn b64(text: &str) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(text)
    }

    #[test]
    fn config_map_binary_data_and_base64_keys_are_decoded() {
        let yaml = format!(
            "apiVersion: v1\nkind: ConfigMap\nbinaryData:\n  app.conf: {}\ndata:\n  DB_PASSWORD_B64: {}\n  plain: {}\n",
            b64("token = Qm7xLp2Vr9Tk4Wz8"),
            b64("Zt5Nq8Rw2Lm7Xk3V"),
            b64("left alone: the key does not say base64"),
        );
        let found = entries(FileKind::Yaml, &yaml);
        assert!(found.contains(&(
            "binaryData.app.conf".into(),
            "app.conf".into(),
            "token = Qm7xLp2Vr9Tk4Wz8".into()
        )));
        assert!(found.contains(&(
            "data.DB_PASSWORD_B64".into(),
            "DB_PASSWORD".into(),
            "Zt5Nq8Rw2Lm7Xk3V".into()
        )));
        assert!(found
            .iter()
            .any(|(path, _, value)| path == "data.plain" && !value.contains(' ')));
    }

    #[test]
    fn a_legacy_dockercfg_is_a_map_of_registries() {
        let config = format!(
            "{{\"https://index.docker.io/v1/\": {{\"email\": \"ci@example.com\", \"auth\": \"{}\"}}}}",
            b64("ci-bot:Tq8Vz3Lm6Xk1Rw9P")
        );
        let docs = parse(FileKind::Json, config.as_bytes()).unwrap();
        let walked = walk(FileKind::Json, &docs);
        let auth = walked
            .entries
            .iter()
            .find(|e| e.rule == Some(DOCKER_AUTH_RULE))
            .expect("the registry password");
        assert_eq!(&auth.scalar.value[..], b"Tq8Vz3Lm6Xk1Rw9P");
        assert_eq!(auth.object, "https://index.docker.io/v1/");
        // A map of maps with an `auth` but no registry names is not one.
        let other = "{\"alice\": {\"auth\": \"token\"}}";
        let docs = parse(FileKind::Json, other.as_bytes()).unwrap();
        assert!(walk(FileKind::Json, &docs)
            .entries
            .iter()
            .all(|e| e.rule.is_none()));
    }

    #[test]
    fn docker_auths_yield_the_registry_password() {
        let config = format!(
            "{{\"auths\": {{\"ghcr.io\": {{\"auth\": \"{}\", \"email\": \"ci@test\"}}, \"quay.io\": {{\"auth\": \"bm90LWJhc2U2NA\"}}}}}}",
            b64("ci-bot:Pw7Lk2Xq9Rz4Vm8N")
        );
        let docs = parse(FileKind::Json, config.as_bytes()).unwrap();
        let walked = walk(FileKind::Json, &docs);
        let auth = walked
            .entries
            .iter()
            .find(|e| e.key_path == "auths.ghcr.io.auth")
            .unwrap();
        assert_eq!(&auth.scalar.value[..], b"Pw7Lk2Xq9Rz4Vm8N");
        assert_eq!(
            (auth.key.as_str(), auth.object.as_str(), auth.rule),
            ("password", "ghcr.io", Some(DOCKER_AUTH_RULE))
        );
        assert!(auth.base64 && !auth.scalar.verbatim);
        assert_eq!(
            &config.as_bytes()[auth.scalar.offset..auth.scalar.raw_end],
            b64("ci-bot:Pw7Lk2Xq9Rz4Vm8N").as_bytes()
        );
        // An `auth` that is not base64 of `user:password` is walked as it is.
        assert!(walked
            .entries
            .iter()
            .any(|e| e.key_path == "auths.quay.io.auth" && e.rule.is_none()));
        // The same document base64-encoded in a Kubernetes pull secret: one level down.
        let yaml = format!(
            "kind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {}\n",
            b64(&config)
        );
        let docs = parse(FileKind::Yaml, yaml.as_bytes()).unwrap();
        let walked = walk(FileKind::Yaml, &docs);
        let auth = walked
            .entries
            .iter()
            .find(|e| e.rule == Some(DOCKER_AUTH_RULE))
            .unwrap();
        assert_eq!(auth.key_path, "data..dockerconfigjson.auths.ghcr.io.auth");
        assert_eq!(&auth.scalar.value[..], b"Pw7Lk2Xq9Rz4Vm8N");
        assert_eq!(
            &yaml.as_bytes()[auth.scalar.offset..auth.scalar.offset + 8],
            &b64(&config).as_bytes()[..8]
        );
    }

    #[test]
    fn deep_nesting_is_detected_without_recursion() {
        let deep = "[".repeat(100_000);
        assert!(nesting_exceeds(deep.as_bytes(), MAX_DEPTH));
        assert!(!nesting_exceeds(b"{\"a\": [1, {\"b\": \"[[[[\"}]}", 3));
    }

    #[test]
    fn line_index_locates_offsets() {
        let index = LineIndex::new("ab\ncé\nx".as_bytes());
        assert_eq!(index.locate(0), (1, 1));
        assert_eq!(index.locate(3), (2, 1));
        assert_eq!(index.locate(7), (3, 1));
        assert_eq!(index.offset_of(2, 2), 4);
        assert_eq!(index.offset_of(2, 3), 4 + "é".len());
        assert_eq!(index.offset_of(2, 9), 4 + "é".len());
        assert_eq!(index.offset_of(3, 2), 8);
        assert_eq!(index.offset_of(4, 1), 8);
        // Past the last character of a text ending inside a block.
        let index = LineIndex::new("é\nab".as_bytes());
        assert_eq!(index.offset_of(2, 5), 5);
    }

    #[test]
    fn line_index_counts_long_lines_of_any_text_alike() {
        // One line of 5,000 two-byte characters and ASCII after it: columns and
        // offsets agree with counting from the line's start, across blocks.
        let text = format!("{}abc\nxé{}\n", "é".repeat(5_000), "z".repeat(9_000));
        let index = LineIndex::new(text.as_bytes());
        for (offset, _) in text.char_indices() {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let column = 1 + text[line_start..offset].chars().count();
            let line = 1 + text[..offset].matches('\n').count();
            assert_eq!(index.locate(offset), (line, column), "offset {offset}");
            assert_eq!(index.offset_of(line, column), offset, "offset {offset}");
        }
    }

    #[test]
    fn line_index_knows_which_lines_allow_their_findings() {
        let index = LineIndex::new(b"a: 1\nb: 2 # vaultproof:allow\nc: 3");
        assert!(!index.allows(2));
        assert!(index.allows(5));
        assert!(index.allows(10));
        assert!(!index.allows(32));
    }
}
