//! Judging one structured value by its key: is `DATABASE_PASSWORD=hunter2-prod` a secret
//! (yes: secret-named key, real-looking value), `DATABASE_HOST=db.internal` (no: config),
//! `STRIPE_KEY=${STRIPE_KEY}` (no: a reference, recorded as evidence of a migration)?
//!
//! The judge sees only a key name and a value; the structured parsers supply both, with
//! the key path that locates them. It is deliberately conservative: a finding of kind
//! `generic_secret` has no provider format to vouch for it, so a value must look like a
//! credential (not a word, a sentence, a path, a hash, a number or an expression).

use std::sync::LazyLock;

use regex::bytes::RegexSet;
use serde::{Deserialize, Serialize};

use super::matcher::{shannon_entropy, SHORT_PASSWORD_FLOOR};
use super::placeholder::{distinct_alphanumerics, is_placeholder, PLACEHOLDER_WORDS};

/// What a value refers to instead of holding a secret.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    schemars::JsonSchema,
    Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// A HashiCorp Vault path (`vault:secret/data/app#key`, `ref+vault://…`, a Vault
    /// Agent template, an ExternalSecret backed by Vault).
    Vault,
    /// An environment variable (`${STRIPE_KEY}`, `$STRIPE_KEY`).
    EnvVar,
    /// A template expression (`{{ .Values.token }}`, `{{ secrets.TOKEN }}`).
    Template,
    /// A documented placeholder (`<YOUR_KEY>`, `changeme`, `REPLACE_ME`).
    Placeholder,
    /// A Kubernetes `secretKeyRef` (the value lives in a Secret object).
    SecretKeyRef,
    /// An External Secrets Operator `ExternalSecret` remote reference.
    ExternalSecret,
    /// An External Secrets Operator `SecretStore` / `ClusterSecretStore`.
    SecretStore,
    /// An AWS Secrets Manager ARN.
    AwsSecretsManager,
    /// An Azure Key Vault reference (`@Microsoft.KeyVault(…)`, `*.vault.azure.net`).
    AzureKeyVault,
    /// A 1Password secret reference (`op://vault/item/field`).
    OnePassword,
    /// A Google Cloud Secret Manager resource name (`projects/p/secrets/s/versions/3`).
    GcpSecretManager,
    /// A Bitnami `SealedSecret`'s `encryptedData`: ciphertext only its controller can open.
    SealedSecret,
    /// A file that holds the value (`DB_PASSWORD_FILE=/run/secrets/db`).
    File,
}

impl ReferenceKind {
    /// The snake_case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferenceKind::Vault => "vault",
            ReferenceKind::EnvVar => "env_var",
            ReferenceKind::Template => "template",
            ReferenceKind::Placeholder => "placeholder",
            ReferenceKind::SecretKeyRef => "secret_key_ref",
            ReferenceKind::ExternalSecret => "external_secret",
            ReferenceKind::SecretStore => "secret_store",
            ReferenceKind::AwsSecretsManager => "aws_secrets_manager",
            ReferenceKind::AzureKeyVault => "azure_key_vault",
            ReferenceKind::OnePassword => "one_password",
            ReferenceKind::GcpSecretManager => "gcp_secret_manager",
            ReferenceKind::SealedSecret => "sealed_secret",
            ReferenceKind::File => "file",
        }
    }
}

/// The judge's answer for one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A secret: the bytes `start..end` of the value are the credential.
    Secret {
        /// Start of the secret within the value.
        start: usize,
        /// End of the secret within the value (exclusive).
        end: usize,
    },
    /// Not a secret and not a reference: configuration, prose, a hash, an expression.
    Config,
    /// A reference to where the secret lives (or a placeholder for it): evidence, not a
    /// secret. `target` names the variable, path or ARN, never a secret value.
    Reference {
        /// What kind of reference.
        kind: ReferenceKind,
        /// The variable name, Vault path, ARN... (empty when there is nothing safe to show).
        target: String,
    },
}

/// Whether a key name says its value is a credential: `STRIPE_API_KEY`, `clientSecret`,
/// `db-password`, `Authorization`, `ERPNEXT_KEY`; but not `password_hash`, `token_url`,
/// `PASSWORD_FILE`, `sort_key`, `primary_key` or `key`.
///
/// # Example
/// ```
/// use vaultproof::detect::judge::is_secret_key;
/// assert!(is_secret_key("STRIPE_API_KEY"));
/// assert!(is_secret_key("clientSecret"));
/// assert!(!is_secret_key("DATABASE_HOST"));
/// assert!(!is_secret_key("password_hash"));
/// ```
pub fn is_secret_key(key: &str) -> bool {
    // Key names repeat: every version of a config file in history, every entry of a
    // dependency table. Each thread remembers its last verdicts, so a name is split into
    // words once (the split allocates) rather than at each occurrence.
    thread_local! {
        static VERDICTS: std::cell::RefCell<std::collections::HashMap<Box<str>, bool, foldhash::fast::RandomState>> =
            std::cell::RefCell::default();
    }
    const REMEMBERED: usize = 4096;
    if key.len() > MAX_REMEMBERED_KEY {
        return judge_key_name(key);
    }
    VERDICTS.with_borrow_mut(|verdicts| {
        if let Some(&verdict) = verdicts.get(key) {
            return verdict;
        }
        if verdicts.len() >= REMEMBERED {
            verdicts.clear();
        }
        let verdict = judge_key_name(key);
        verdicts.insert(key.into(), verdict);
        verdict
    })
}

/// Longer key names (sentences keying an i18n file) are judged each time, not remembered.
const MAX_REMEMBERED_KEY: usize = 64;

/// [`is_secret_key`]'s decision, made from the name's words.
fn judge_key_name(key: &str) -> bool {
    // A sentence used as a key (the English text of an i18n file, keying its
    // translation) mentions passwords; it does not hold one.
    if key.split_whitespace().nth(SENTENCE_WORDS - 1).is_some() {
        return false;
    }
    // A PHP namespace (`Illuminate\\Foundation\\Auth\\`, an autoload map's key) names
    // code, not a value.
    if key.ends_with('\\') {
        return false;
    }
    // A Kubernetes annotation or label (`rbac.authorization.halo.run/ui-permissions`):
    // the domain before `/` says who owns it, the name after it what it holds.
    if let Some((domain, name)) = key.rsplit_once('/') {
        if domain.contains('.') && !domain.contains(['/', ' ']) && !name.is_empty() {
            return judge_key_name(name);
        }
    }
    if names_a_file_or_package(key) {
        return false;
    }
    if dotted_leaf_names_no_credential(key) {
        return false;
    }
    let mut tokens = key_tokens(key);
    // A key numbered in front (`0_key`, `10_key`: a test's generated map) is judged by its
    // words, as one numbered behind is.
    let numbered = tokens
        .iter()
        .take_while(|t| t.bytes().all(|b| b.is_ascii_digit()))
        .count();
    tokens.drain(..numbered.min(tokens.len().saturating_sub(1)));
    // A numbered key (`PasswordLastUsed_2`, `api_key_2`) is judged by its words, and so is
    // one naming the secret's version or environment (`API_KEY_OLD`, `mapbox_key_prod`,
    // `apiKeyPrevious`): what comes before the qualifier says what the value is.
    while tokens.len() > 1
        && tokens.last().is_some_and(|t| {
            t.bytes().all(|b| b.is_ascii_digit()) || VERSION_QUALIFIERS.contains(&t.as_str())
        })
    {
        tokens.pop();
    }
    let Some(last) = tokens.last() else {
        return false;
    };
    // `vault_secret_id`, `approleSecretId`: an AppRole's secret id is its password (a
    // `secret_id` elsewhere names a secret, as Azure's and AWS's do). `VAULT_DEV_ROOT_TOKEN_ID`,
    // `vault_token_id`: a Vault token's id is the token itself (a dev server's root token,
    // `vault token create -id=…`), not an accessor.
    let has = |word: &str| tokens.iter().any(|t| t == word);
    if let [.., what, id] = tokens.as_slice() {
        if id == "id"
            && ((what == "secret" && (has("vault") || has("approle")))
                || (what == "token" && has("vault")))
        {
            return true;
        }
    }
    if tokens_name_a_setting(&tokens) || (last == "token" && names_a_public_value(key.as_bytes())) {
        return false;
    }
    if ends_in_a_pass_not_a_password(&tokens) {
        return false;
    }
    // `GetCredentials`, `retrieveApiKey`, `RetrieveDomainAuthCode`, `hasToken`: an accessor
    // or a predicate named for the secret (a method, an IAM action), not the secret.
    if tokens.len() >= 2 && ACCESSOR_VERBS.contains(&tokens[0].as_str()) {
        return false;
    }
    // `NextToken`, `ClientRequestToken`, `output_token`, `result_key`: pagination,
    // idempotency and data-structure names, not credentials.
    if tokens.len() >= 2
        && (last == "token" || last == "key")
        && NOT_CREDENTIAL_QUALIFIERS.contains(&tokens[tokens.len() - 2].as_str())
    {
        return false;
    }
    let joined: String = tokens.concat();
    if SECRET_JOINED
        .iter()
        .chain(&SPELLED_IN_WORDS)
        .any(|s| joined.contains(s))
    {
        return true;
    }
    if SECRET_TOKENS.iter().any(|t| has(t)) || tokens.iter().any(|t| is_joined_password(t)) {
        return true;
    }
    // `STRIPE_KEY`, `ERPNEXT_KEY`, `api-key`: a qualified key, unless the qualifier says
    // it is a data-structure key.
    if last == "key" && tokens.len() >= 2 {
        let qualifier = tokens[tokens.len() - 2].as_str();
        return !NOT_SECRET_KEY_QUALIFIERS.contains(&qualifier);
    }
    false
}

/// Whether `key` is a dotted path (a `.properties` key, a Helm chart's parameter in its
/// README's table: `auth.sasl.mechanisms`, `authProxy.image.repository`) whose last part
/// names no credential: the parts before it say where the setting lives, the last what it
/// is. A last part that only qualifies (`stripe.api.key`, `jwt.secret.value`) leaves the
/// whole path to be judged, and a numbered one (`passwords.0`) is skipped.
fn dotted_leaf_names_no_credential(key: &str) -> bool {
    /// Last parts that say nothing alone: the path before them decides.
    const QUALIFIERS: &[&str] = &[
        "key", "value", "val", "id", "base", "str", "string", "b64", "base64", "hex",
    ];
    let mut parts = key.split('.').filter(|part| !part.is_empty());
    let Some(leaf) = parts
        .clone()
        .rev()
        .find(|part| !part.bytes().all(|b| b.is_ascii_digit()))
    else {
        return false;
    };
    if parts.nth(1).is_none() || leaf.contains(['/', ' ']) {
        return false;
    }
    // A password's name in words parted by dots (`mot.de.passe`, `kata.sandi`): the whole
    // path is the name.
    let joined = key.replace('.', "").to_ascii_lowercase();
    if SPELLED_IN_WORDS.iter().any(|name| joined.ends_with(name)) {
        return false;
    }
    let tokens = key_tokens(leaf);
    !tokens.is_empty()
        && !tokens
            .iter()
            .any(|t| QUALIFIERS.contains(&t.as_str()) || VERSION_QUALIFIERS.contains(&t.as_str()))
        && !judge_key_name(leaf)
}

/// A key that is a file's path (`spec/unit/mongodb_password_spec.rb`, a Puppet module's
/// checksum table), a scoped npm package (`@aws-sdk/credential-provider-node`, a lock
/// file's dependency table) or a package at a version (`next-auth@4.24.15`): it names
/// where code is, not a credential.
fn names_a_file_or_package(key: &str) -> bool {
    // A package at a version (`next-auth@4.24.15`, a lock file's patched dependency), not
    // a user at an address (`root@10.0.0.1`).
    if let Some((package, version)) = key.rsplit_once('@') {
        let address = version.parse::<std::net::Ipv4Addr>().is_ok();
        if !package.is_empty()
            && !address
            && version.starts_with(|c: char| c.is_ascii_digit())
            && version.contains('.')
            && !version.contains(['/', ' ', ':'])
        {
            return true;
        }
    }
    let Some((_, file)) = key.rsplit_once('/') else {
        return false;
    };
    let has_extension = file.rsplit_once('.').is_some_and(|(stem, extension)| {
        !stem.is_empty()
            && (1..=4).contains(&extension.len())
            && extension
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    has_extension || (key.starts_with('@') && !file.is_empty())
}

/// Whether an object named `name` makes its bare `key` member a credential: a JWT's or a
/// cipher's key (`Jwt: {Key: …}`, `JwtSettings: {Key: …}`, `encryption: {key: …}`), an
/// API's or a licence's. Other objects' `key` members are data: S3 object keys, cache keys,
/// tag names.
pub fn names_a_key_owner(name: &str) -> bool {
    const OWNERS: &[&str] = &[
        "jwt",
        "jws",
        "jwe",
        "encryption",
        "encrypt",
        "signing",
        "signature",
        "hmac",
        "aes",
        "cipher",
        "crypto",
        "secret",
        "api",
        "license",
        "licence",
        "master",
        "session",
        "cookie",
        "webhook",
        "auth",
        "authentication",
        "app",
        "client",
        "access",
        "private",
        "totp",
        "otp",
        "recaptcha",
        "captcha",
    ];
    /// Words that name a section rather than its subject (`JwtSettings`, `auth_config`).
    const SECTION_WORDS: &[&str] = &[
        "settings",
        "setting",
        "config",
        "configuration",
        "conf",
        "options",
        "section",
        "params",
        "parameters",
    ];
    let tokens = key_tokens(name);
    tokens
        .iter()
        .rev()
        .find(|token| !SECTION_WORDS.contains(&token.as_str()))
        .is_some_and(|subject| OWNERS.contains(&subject.as_str()))
}

/// Key tokens that mark a credential on their own.
const SECRET_TOKENS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "pw",
    "pass",
    "passphrase",
    "secret",
    "secrets",
    "token",
    "apikey",
    "credential",
    "credentials",
    "authorization",
    "auth",
    "bearer",
    "pat",
    // Short for credentials, a password read from a keypad, a hash's secret salt.
    "cred",
    "creds",
    "passcode",
    "pepper",
    // "password" in other languages, as developers name their variables: Portuguese,
    // Spanish and Catalan, German, Dutch, Polish, Russian (and its transliteration),
    // Romanian, Italian and Turkish (`parola`), Finnish, Swedish, Danish, Norwegian, Czech
    // and Slovak, Hungarian, Turkish (`şifre`), Croatian and Serbian, Slovenian, Chinese
    // (and its pinyin), Japanese. The rules of `rules/secrets/generic.toml` that name
    // passwords spell the same words.
    "senha",
    "contrasena",
    "contraseña",
    "contrasenya",
    "passwort",
    "kennwort",
    "wachtwoord",
    "haslo",
    "hasło",
    "parol",
    "пароль",
    "parola",
    "parolă",
    "salasana",
    "losenord",
    "lösenord",
    "adgangskode",
    "passord",
    "heslo",
    "jelszo",
    "jelszó",
    "sifre",
    "şifre",
    "lozinka",
    "geslo",
    "mima",
    "密码",
    "パスワード",
];

/// What a password belongs to when the two are written as one word (`dbpass`, `DBPass`,
/// `rootpw`, `bindpw`, `storepass`). Only these owners: `bypass`, `compass` and
/// `renderpass` are words of their own. The password rules of
/// `rules/secrets/generic.toml` spell the same list in their name patterns.
const JOINED_PASSWORD_OWNERS: &[&str] = &[
    "db", "admin", "root", "user", "usr", "smtp", "mail", "imap", "mysql", "pg", "sql", "ftp",
    "sftp", "ldap", "bind", "store", "key", "trust", "proxy", "redis", "vnc", "rdp", "wifi", "sa",
    "sys", "app", "api", "auth", "login", "master", "super", "web", "ssh", "sudo", "svc", "my",
    "mongo", "git", "vpn", "server", "srv", "client", "jks", "remote",
];

/// Whether one key token is a password joined to its owner (`dbpass`, `rootpw`).
fn is_joined_password(token: &str) -> bool {
    ["pass", "pwd", "pw"].iter().any(|suffix| {
        token
            .strip_suffix(suffix)
            .is_some_and(|owner| JOINED_PASSWORD_OWNERS.contains(&owner))
    })
}

/// A password's name in languages that spell it in several words (French `mot de passe`,
/// Indonesian `kata sandi`, Vietnamese `mật khẩu`), the words joined: a credential's name
/// wherever the name's words spell it, as [`SECRET_JOINED`]'s are.
const SPELLED_IN_WORDS: [&str; 3] = ["motdepasse", "katasandi", "matkhau"];

/// Substrings of the concatenated tokens that mark a credential (`accesskey`, `privatekey`).
const SECRET_JOINED: &[&str] = &[
    "password",
    "passwd",
    // SNMPv3's `authpassphrase` and `privpassphrase`, a keystore's `keypassphrase`.
    "passphrase",
    "apikey",
    "accesskey",
    // Azure storage's account key as Kubernetes' azure-file Secret names it
    // (`azurestorageaccountkey`).
    "accountkey",
    "privatekey",
    "secretkey",
    "signingkey",
    "encryptionkey",
    "clientsecret",
    "authtoken",
    "authkey",
    "accesstoken",
    "refreshtoken",
    "sessionkey",
    "masterkey",
    "licensekey",
    "webhooksecret",
    "appsecret",
    "apisecret",
    "jwtsecret",
    "sessionsecret",
    "cookiesecret",
    "consumersecret",
    "sharedsecret",
    "signingsecret",
    "hmacsecret",
    "oauthsecret",
    "apitoken",
    "bottoken",
    // The AES key of a Xiaomi Bluetooth sensor in an ESPHome or Home Assistant config
    // (`bindkey: <32 hex digits>`).
    "bindkey",
];

/// First tokens that make a key an accessor's or a predicate's name (`getPassword`,
/// `lookup_token`, `isSecret`). Not `read`: `NPM_READ_TOKEN` and `READ_API_KEY` are
/// read-only credentials.
const ACCESSOR_VERBS: &[&str] = &["get", "fetch", "retrieve", "lookup", "find", "is", "has"];

/// A last token that makes the key about the secret rather than the secret itself.
const NOT_SECRET_LAST: &[&str] = &[
    // A query that picks secrets (`secretFieldSelector: "type!=kubernetes.io/dockercfg"`).
    "selector",
    // A mail's sender (`SMTP_FROM`, and Playwright's `PW_SMTP_FROM`, whose `PW` is no
    // password's).
    "from",
    "sender",
    "url",
    "uri",
    "urls",
    "endpoint",
    "host",
    "hostname",
    // Where a credential or a cookie is valid (`SERVER_AUTH_COOKIE_DOMAIN`, Firebase's
    // `authDomain`): a host's name.
    "domain",
    "domains",
    "port",
    // A release's name (`credentials.sentry_release: falcon@9.24.9+7dd8f43`).
    "release",
    // Where a secret is kept, not the secret (`SECRETS_BUCKET`, `credentials.region`).
    "region",
    "zone",
    "bucket",
    "path",
    "paths",
    "file",
    "files",
    "dir",
    "name",
    "names",
    // A credential's alias in a store or a tool (`credentials_alias: "azure_cmdb_discovery"`):
    // the name it is looked up by.
    "alias",
    // What splits a token's parts or marks its place (`ruleTokenDelimiter`), a function's
    // or a record's name about the key (`CRYPT_OID_EXPORT_PRIVATE_KEY_INFO_FUNC`).
    "delimiter",
    "separator",
    "func",
    "function",
    // The Kubernetes namespace a Secret lives in (`secretNamespace: k3d-helm-cluster`).
    "namespace",
    "id",
    "ids",
    "type",
    "types",
    "length",
    "len",
    "min",
    "max",
    "size",
    "expiry",
    "expires",
    "expiration",
    "ttl",
    "timeout",
    "lifetime",
    // Hydra's `refresh_token_grant_access_token_lifespan: 31h0m0s`.
    "lifespan",
    "age",
    "header",
    // An ingress's `auth-response-headers` annotation: header names.
    "headers",
    "prefix",
    "suffix",
    "suffixes",
    "prefixes",
    "extension",
    "extensions",
    "env",
    "var",
    "variable",
    "field",
    "policy",
    "hash",
    "hashed",
    "digest",
    "sha",
    "sha1",
    "sha256",
    "checksum",
    "count",
    "enabled",
    "enable",
    "disabled",
    "required",
    "mode",
    "format",
    "pattern",
    "regex",
    "label",
    "hint",
    "placeholder",
    "description",
    "desc",
    "help",
    "message",
    "msg",
    "text",
    "title",
    "strength",
    "reset",
    "changed",
    "updated",
    "created",
    "rotation",
    "rotated",
    "version",
    // A source revision (`credentials: {revision: "9b2f5a…"}`, a git commit's id).
    "revision",
    "commit",
    "algorithm",
    "alg",
    "location",
    "ref",
    "reference",
    "arn",
    "mount",
    "role",
    "store",
    "provider",
    "backend",
    "source",
    "kind",
    "method",
    // What a secret is used with (SNMP's `authProtocol: HMAC384SHA512`, `auth_protocol: ntlm`).
    "protocol",
    "protocols",
    "scope",
    "scopes",
    "audience",
    "issuer",
    "key_id",
    "kid",
    "index",
    "rules",
    "rule",
    "schema",
    "validation",
    "validator",
    "error",
    "errors",
    "flag",
    "flags",
    "option",
    "options",
    "style",
    "class",
    "icon",
    "color",
    "visible",
    "visibility",
    "input",
    "button",
    "link",
    "page",
    "form",
    "route",
    "handler",
    "callback",
    "service",
    "client",
    "config",
    "settings",
    "manager",
    "generator",
    "cache",
    "usage",
    "limit",
    "ratelimit",
    "rate",
    "interval",
    "retries",
    "attempts",
    "caption",
    "prompt",
    "user",
    "username",
    "login",
    "email",
    "account",
    "owner",
    "status",
    "state",
    "date",
    "time",
    "at",
    "spec",
    "specs",
    "used",
];

/// Tokens anywhere in the key that make it about the secret rather than the secret.
const NOT_SECRET_ANYWHERE: &[&str] = &[
    "hash",
    "hashed",
    "hashing",
    "hasher",
    "digest",
    "checksum",
    "integrity",
    "fingerprint",
    "public",
    "pub",
    "publishable",
    "tokenizer",
    "tokenize",
    "tokens",
    "tokenizers",
    "bypass",
    "compass",
    "passive",
    "passthrough",
    "pass_through",
    "passage",
    "passenger",
    "secretary",
    "expires",
    "expiry",
    "forgot",
    "reset",
    "confirm",
    "confirmation",
    "strength",
    "policy",
    "min",
    "max",
    "length",
    "lexer",
    "parser",
    // The text of a form about the secret (`TOOLTIP_API_TOKEN`, `password_placeholder`):
    // a translation, not a value. (`label` and `title` only last: `LABEL_STUDIO_API_KEY`.)
    "tooltip",
    "placeholder",
    // A value its name calls made up (`dummy_key`, `bogus_secret`). Not `fake`: a test's
    // `fakeOTCToken` holds a token of the real format, and CredData counts it.
    "dummy",
    "bogus",
];

/// Whether a name is .NET's `publicKeyToken` (an assembly reference's hash of its
/// signer's public key, sixteen hex digits in every `App.config`), etcd's
/// `initial-cluster-token` (a label that keeps two clusters bootstrapping on one network
/// apart, "not a secret" in etcd's own documentation) or Chatwoot's `websiteToken` (the id
/// its chat widget's script sends from every page that embeds it). Other names saying
/// public are left to the rules: a provider's publishable key may still be reported under
/// its own rule.
/// (SDP's `ice-pwd`, a WebRTC call's ICE password, stays a finding: made for one call,
/// but a credential all the same, as CredData labels it.)
pub fn names_a_public_value(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"publicKeyToken")
        || name.eq_ignore_ascii_case(b"websiteToken")
        || std::str::from_utf8(name)
            .is_ok_and(|name| key_tokens(name) == ["initial", "cluster", "token"])
}

/// Words from which a key is a sentence rather than a name.
const SENTENCE_WORDS: usize = 6;

/// Whether `value` repeats the name it is assigned to, with nothing random besides:
/// an IAM action map (`"GetSecretValue": "secretsmanager:GetSecretValue"`), a class path
/// (`"JWTAuth": "Tymon\\JWTAuth\\Providers\\Auth"`), a C callback (`pub.finish_pass =
/// finish_pass_2_quant`), or is a part of the name (an object table's `#define
/// SN_hmac_sha1_key "hmac-sha1-key"`). Names are compared in lowercase letters and digits,
/// from six of them; what remains of the value once the name is taken out must be short or
/// digit-free (`api_key = "apikey-7Hq2…"` keeps its random tail, and stays a secret). A
/// value naming itself the name's value is one too (`part2aKey: "part2aValue"`, a
/// template's sample object), as is one naming a version of what the name names
/// (`versions_file_location_key: "versions_file_location_v2"`, a cache key's name).
pub fn value_repeats_name(name: &[u8], value: &[u8]) -> bool {
    let name = alphanumerics_lowercase(name);
    if name.len() < 6 {
        return false;
    }
    let value = alphanumerics_lowercase(value);
    let version_stem = |value: &[u8]| -> Option<usize> {
        let digits = value
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let at = value.len() - digits;
        if (1..=3).contains(&digits) && at > 0 && value[at - 1] == b'v' {
            Some(at - 1)
        } else {
            None
        }
    };
    let twin = ["key", "secret", "token", "password"].iter().any(|noun| {
        name.strip_suffix(noun.as_bytes()).is_some_and(|name_stem| {
            name_stem.len() >= 3
                && (value.strip_suffix(b"value") == Some(name_stem)
                    || version_stem(&value).is_some_and(|end| &value[..end] == name_stem))
        })
    });
    if twin {
        return true;
    }
    if value.len() >= 6 && memchr::memmem::find(&name, &value).is_some() {
        return true;
    }
    let Some(at) = memchr::memmem::find(&value, &name) else {
        return false;
    };
    let rest_len = value.len() - name.len();
    let rest_has_digit = value[..at]
        .iter()
        .chain(&value[at + name.len()..])
        .any(u8::is_ascii_digit);
    rest_len < 8 || !rest_has_digit
}

/// The letters and digits of `bytes` in lowercase, separators and symbols dropped: a name
/// as it reads whatever its case and separators (`commons.releaseManagerKey`,
/// `RELEASE_MANAGER_KEY`).
fn alphanumerics_lowercase(bytes: &[u8]) -> Vec<u8> {
    bytes
        .iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(u8::to_ascii_lowercase)
        .collect()
}

/// Qualifiers of a last `token` or `key` that name a pagination cursor, an idempotency
/// token or a data-structure key (`NextToken`, `ClientRequestToken`, `result_key`).
const NOT_CREDENTIAL_QUALIFIERS: &[&str] = &[
    // The `Postman-Token` header: a request id the Postman client adds to every call.
    "postman",
    // `Sec-WebSocket-Key` (`web socket key`): a handshake's random nonce, sent in clear
    // by every browser.
    "socket",
    // A CSRF token (`X-CSRF-Token`, `xsrf_token`): a form's anti-forgery nonce, bound to
    // a session and sent to every browser.
    "csrf",
    "xsrf",
    "next",
    "continuation",
    "page",
    "pagination",
    "paging",
    "output",
    "input",
    "result",
    "change",
    "request",
    "idempotency",
    "action",
    "update",
    "marker",
    "cursor",
    "sync",
    "resume",
    "sort",
    "primary",
    "partition",
    // A language model tokenizer's special tokens (`bos_token="<|endoftext|>"`,
    // `pad_token`, `mask_token="[MASK]"`): words of its vocabulary, not credentials.
    "bos",
    "eos",
    "pad",
    "unk",
    "sep",
    "cls",
    "mask",
    // A store's purchase token or key (Google Play's `purchaseToken`, Easy Digital
    // Downloads' `purchase_key`): an order's identifier, as the text rules read it too.
    "purchase",
];

/// Whether a name's words end in a `pass` that is no password's: a pass of an encoder or
/// a renderer, counted or named (`hwScaleFilterFirstPass`, `secondPass`, `shadow_pass`), or
/// a password manager's product name (`NordPass`, `ProtonPass`, `KeePass`: an enum of
/// passkey providers' ids), which a password rule's `pass` would read as a password's name.
pub fn ends_in_a_pass_not_a_password(tokens: &[String]) -> bool {
    matches!(tokens, [.., qualifier, last]
        if last == "pass" && PASS_QUALIFIERS.contains(&qualifier.as_str()))
}

/// Qualifiers of a last `pass` that make it a pass of an algorithm (an encoder's first
/// pass, a renderer's shadow pass) or a product (`LastPass`, `NordPass`), not a password.
const PASS_QUALIFIERS: &[&str] = &[
    "first", "second", "third", "final", "last", "next", "single", "multi", "two", "one", "render",
    "shadow", "filter", "compute", "draw", "nord", "proton", "kee",
];

/// Last words of a key name that say which version of a secret or which environment's it
/// is (`API_KEY_OLD`, `DB_PASSWORD_PROD`, `stripe.secret.key.live`), not what it is: the
/// words before them decide. The text rules' name patterns accept the same words after
/// a credential's name (`rules/secrets/generic.toml`).
const VERSION_QUALIFIERS: &[&str] = &[
    "old",
    "new",
    "prev",
    "previous",
    "backup",
    "bak",
    "orig",
    "original",
    "legacy",
    "curr",
    "current",
    "primary",
    "secondary",
    "alt",
    "rotated",
    "dev",
    "development",
    "prod",
    "production",
    "stage",
    "staging",
    "test",
    "testing",
    "qa",
    "uat",
    "live",
    "sandbox",
    "local",
    "preprod",
    "demo",
    // Terraform's write-only arguments (`password_wo`, `secret_string_wo`): the value
    // is sent and never stored in the state, written in the configuration all the same.
    "wo",
];

/// Qualifiers of `key` that name a data-structure key, not a credential.
const NOT_SECRET_KEY_QUALIFIERS: &[&str] = &[
    // A JWE's `encrypted_key`: the content key wrapped for its recipient, ciphertext.
    // (An `encryptedPassword` stays a secret: Firefox's `logins.json` and Rails'
    // encrypted columns are opened by a key kept beside them.) A sealed key is one too
    // (MinIO's `X-Minio-Internal-Server-Side-Encryption-Sealed-Key`: the object key
    // encrypted under the KMS key).
    "encrypted",
    "sealed",
    // A task's or a cache entry's computed key (`"dynamic_key": "add-0bf8…"`, Prefect's
    // `task_key="say_hello-8dfe6dff"`).
    "dynamic",
    "task",
    // The prefix put before an application's cache keys (`CACHE_REDIS_PREFIX_KEY`).
    "prefix",
    "sort",
    "primary",
    "foreign",
    "cache",
    "partition",
    "public",
    "pub",
    "idempotency",
    "index",
    "unique",
    "lookup",
    "hash",
    "routing",
    "map",
    "dict",
    "object",
    "row",
    "column",
    "group",
    "ssh",
    "host",
    "gpg",
    "pgp",
    "i18n",
    "translation",
    "message",
    "react",
    "list",
    "item",
    "node",
    "cert",
    "ca",
    "tls",
    "ssl",
    "x509",
    "jwks",
    "verify",
    "verifying",
    "registry",
    "license_public",
    "custom",
    "unique_key",
    "storage",
    "s3",
    "bucket",
    "json",
    "yaml",
    "config",
    "dedup",
    "sharding",
    "shard",
    // A Kubernetes schema's `x-kubernetes-patch-merge-key`: a field's name.
    "merge",
    "composite",
    "natural",
    "surrogate",
    "api_key_id",
    "access_key_id",
    // A Google Sheets document's id (`spreadsheet_key`), a Kubernetes annotation's or
    // label's name (`annotationKey`), a tag's name.
    "spreadsheet",
    "sheet",
    "document",
    "annotation",
    "label",
    "tag",
    // A record's metadata entry (Saleor's `private_metadata_key`): a field's name.
    "metadata",
    // reCAPTCHA's and hCaptcha's site key: public, in every page that shows the widget.
    "site",
    // Tumblr's `reblog_key`: a post's public key for reblogging, in every API response.
    "reblog",
    // A matcher's or a predicate's name (goss's `have-key`, Gomega's `HaveKey`, `hasKey`):
    // it asks whether a map holds a key.
    "have",
    "has",
    // A build's package id (Cabal's `CURRENT_PACKAGE_KEY`, `name-1.2.3-inplace`).
    "package",
    // A linter's rule and the files it applies to (SonarQube's `ruleKey=go:S2068`,
    // `resourceKey=**/*_test.go`).
    "rule",
    "resource",
    // A CloudFormation parameter's name (`ParameterKey`), beside its `ParameterValue`.
    "parameter",
    // The name of a secret kept elsewhere (External Secrets' `remoteKey`, a PushSecret's
    // remote reference).
    "remote",
    // A dictionary's key that names what its value is (Xcode's
    // `DVTSourceControlWorkspaceBlueprintIdentifierKey`, a UUID; Mongoose's `versionKey`;
    // Windows' `StateNameKey`; Magento's and Bagisto's `url_key`, a product's slug in every
    // catalog import): Apple's and others' convention for a key's name. (Cloud CDN's signed
    // URL key sits under `key_value` in Terraform, not under its resource's name.)
    "identifier",
    "path",
    "url",
    "version",
    "name",
    // A Confluence space's key (`target_space_key: "~5f5915647187b8006ffffe8e"`, a
    // personal space's account id) and n8n's binary property a node reads or writes
    // (`sourceKey: "attachment_0"`): names of places, not credentials.
    "space",
    "source",
    "destination",
    // A project's key in SonarQube, Jira and most trackers (`sonar.projectKey=acme_billing`,
    // `project_key: PROJ`): its identifier, in every URL of the project. (Airbrake's
    // project key, a credential, has its own rule.)
    "project",
];

/// Splits a key into lowercase word tokens: `STRIPE_API_KEY` → `stripe api key`,
/// `clientSecret` → `client secret`, `x-api-key` → `x api key`, `APIToken` → `api token`.
pub fn key_tokens(key: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    // Capitals ending `current`: in `APIToken` the run's last one opens the next word.
    let mut capitals = 0;
    for c in key.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            capitals = 0;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            tokens.push(std::mem::take(&mut current));
        }
        if c.is_lowercase() && capitals >= 2 {
            let opening = current.pop();
            tokens.push(std::mem::take(&mut current));
            current.extend(opening);
        }
        capitals = if c.is_uppercase() { capitals + 1 } else { 0 };
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// Judges `value` under `key`: a secret, a reference, or configuration.
///
/// # Example
/// ```
/// use vaultproof::detect::judge::{judge, ReferenceKind, Verdict};
/// assert!(matches!(judge("DATABASE_PASSWORD", b"hunter2-prod"), Verdict::Secret { .. }));
/// assert_eq!(judge("DATABASE_HOST", b"db.internal"), Verdict::Config);
/// assert!(matches!(
///     judge("STRIPE_KEY", b"${STRIPE_KEY}"),
///     Verdict::Reference { kind: ReferenceKind::EnvVar, .. }
/// ));
/// ```
pub fn judge(key: &str, value: &[u8]) -> Verdict {
    let (lead, trimmed) = trim(value);
    if trimmed.is_empty() {
        return Verdict::Config;
    }
    // Spring Security's `{noop}` marks the rest as a password stored as typed
    // (`client-secret: "{noop}openid-connect"`), and n8n's `=` a parameter's value as an
    // expression (`"value": "=gitlabToken"`, a variable; `"={{ $json.token }}"`; a token
    // pasted into expression mode): the rest is what is judged.
    let marker = if trimmed.starts_with(b"{noop}") {
        b"{noop}".len()
    } else {
        usize::from(trimmed.len() > 1 && trimmed[0] == b'=' && trimmed[1] != b'=')
    };
    if marker > 0 {
        let rest = &trimmed[marker..];
        let skipped = lead + marker;
        return match judge(key, rest) {
            Verdict::Secret { start, end } => Verdict::Secret {
                start: skipped + start,
                end: skipped + end,
            },
            other => other,
        };
    }
    if let Some((kind, target)) = explicit_reference(trimmed) {
        // `${DB_PASSWORD:-…}` (shell, Compose) and `${DB_PASSWORD:…}` (Spring): the
        // literal default is what runs when the variable is unset, a secret if it is one.
        if let Some((s, e)) = variable_default(trimmed) {
            if let Verdict::Secret { start, end } = judge(key, &trimmed[s..e]) {
                return Verdict::Secret {
                    start: lead + s + start,
                    end: lead + s + end,
                };
            }
        }
        return Verdict::Reference { kind, target };
    }
    // A URL (or its authority alone, `user:…@host:port`) with a password in its user info
    // is a secret when the key names a secret or a connection (`DATABASE_URL`, `dsn`), not
    // in URL-parser test data (`href`, `input`).
    // A strong password in a URL is a secret under any key, and one as random as the text
    // rule wants under a key naming a URL (`registry_url`: `hXlyylrm.tSYMo`).
    if let Some((s, e)) = url_password(trimmed)
        .or_else(|| hostport_password(trimmed))
        .filter(|&(s, e)| {
            let password = &trimmed[s..e];
            is_secret_key(key)
                || is_connection_key(key)
                || looks_like_secret(password)
                || (names_a_url(key) && shannon_entropy(password) >= URL_PASSWORD_ENTROPY)
        })
    {
        let password = &trimmed[s..e];
        if (!looks_like_secret(password) && password.len() < 6)
            || url_password_repeats_user_or_scheme(trimmed, s, e)
        {
            return Verdict::Config;
        }
        if is_placeholder(password) || password.first() == Some(&b'$') {
            return Verdict::Reference {
                kind: placeholder_kind(password),
                target: safe_target(password),
            };
        }
        return Verdict::Secret {
            start: lead + s,
            end: lead + e,
        };
    }
    if is_approle_secret_id(key, trimmed) {
        return Verdict::Secret {
            start: lead,
            end: lead + trimmed.len(),
        };
    }
    if !is_secret_key(key) {
        return Verdict::Config;
    }
    if let Some(target) = key_file_reference(key, trimmed) {
        return Verdict::Reference {
            kind: ReferenceKind::File,
            target,
        };
    }
    // `Authorization: Bearer <token>`: judge the token.
    let (skip, credential) = strip_scheme(trimmed);
    if skip > 0 && basic_without_password(&trimmed[..skip], credential) {
        return Verdict::Config;
    }
    if is_hash(credential)
        || password_repeats_user(credential)
        || is_public_key(credential)
        || encodes_no_secret(credential)
        || is_age_ciphertext(credential)
        || is_pgp_key_id_under_key_name(key.as_bytes(), credential)
    {
        return Verdict::Config;
    }
    if is_placeholder(credential) {
        let kind = placeholder_kind(credential);
        if kind == ReferenceKind::Placeholder && !looks_like_placeholder_text(credential) {
            // `is_placeholder` also rejects fillers such as `xxxxx` inside longer values:
            // not a secret, but nothing worth recording either.
            return Verdict::Reference {
                kind,
                target: String::new(),
            };
        }
        return Verdict::Reference {
            kind,
            target: safe_target(credential),
        };
    }
    if looks_like_secret(credential)
        && !value_repeats_name(key.as_bytes(), credential)
        && !names_a_kubernetes_secret(key.as_bytes(), credential)
    {
        Verdict::Secret {
            start: lead + skip,
            end: lead + skip + credential.len(),
        }
    } else {
        Verdict::Config
    }
}

/// Whether a bare `secret_id` (`SECRET_ID`, `secretId`) holds a UUID: a Vault AppRole's
/// secret id, its password, as `vp.vault.approle-secret-id.1` reads it in text (a
/// Kubernetes env entry `- name: SECRET_ID` / `value: "…"` gives the pair only to this
/// judge). Other ids under that name are no UUIDs (Tencent Cloud's `SecretId` is `AKID…`).
pub fn is_approle_secret_id(key: &str, value: &[u8]) -> bool {
    is_uuid(value) && key_tokens(key) == ["secret", "id"] && !is_placeholder(value)
}

/// Whether `value` is a UUID in its 8-4-4-4-12 hex form, either case.
pub fn is_uuid(value: &[u8]) -> bool {
    value.len() == 36
        && value.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Whether a value under a name ending in `secret` is a Kubernetes Secret's name
/// (`- secret: root-ca5` in a proxy's list of CA bundles, `secret: my-ca-1` in a chart's
/// README): a DNS label of two parts or more joined by `-`, each a word with a counter or
/// not, a short tag (`ca`, `tls`, `v2`) or a short number. A generated secret does not
/// split into words; a passphrase of words under a bare `secret` is this shape too, and
/// is left, as a chosen password is.
pub fn names_a_kubernetes_secret(name: &[u8], value: &[u8]) -> bool {
    let is_part = |part: &[u8]| {
        let number = (1..=4).contains(&part.len()) && part.iter().all(u8::is_ascii_digit);
        is_short_tag(part) || number || std::str::from_utf8(part).is_ok_and(is_word_then_digits)
    };
    name.len() >= 6
        && name[name.len() - 6..].eq_ignore_ascii_case(b"secret")
        && (3..=63).contains(&value.len())
        && value[0].is_ascii_lowercase()
        && value.contains(&b'-')
        && value
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && value.split(|&b| b == b'-').all(is_part)
}

/// An Amazon Resource Name (`arn:aws:secretsmanager:us-east-1:…:secret:prod/db-Ab12Cd`,
/// `arn:aws:iam::aws:policy/SecretsManagerReadWrite`): it names a resource, the place a
/// secret is kept, never the credential.
pub fn is_arn(value: &[u8]) -> bool {
    value.starts_with(b"arn:") && memchr::memchr_iter(b':', value).count() >= 5
}

/// Key formats that are public by design (they are sent to browsers), whatever the key
/// is named: Stripe publishable keys, New Relic browser keys, PostHog project keys, Mapbox
/// public tokens, Razorpay key ids, Mailgun public validation keys. The provider rules do
/// not match them and the generic rules skip them.
pub fn is_public_key(value: &[u8]) -> bool {
    const PREFIXES: &[&[u8]] = &[
        b"pk_live_",
        b"pk_test_",
        b"NRJS-",
        b"phc_",
        b"pk.eyJ",
        b"rzp_live_",
        b"rzp_test_",
        b"pubkey-",
    ];
    PREFIXES.iter().any(|p| value.starts_with(p))
}

/// Whether `value` is base64 of a JSON object that holds no secret: a JSON Web Token's
/// header alone, naming only its algorithm and type
/// (`eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9`, base64url of `{"alg":"HS256","typ":"JWT"}`),
/// the part every token of one algorithm shares, which tests and docs set where a token
/// goes (`api_token = "eyJh…J9"`); or an encrypted payload (Laravel's `Crypt` output,
/// `{"iv":…,"value":…,"mac":…}`): ciphertext, opened only by the application's key. A
/// header naming its key (`"kid":"acme_prod_20240611"`) is one deployment's, and set as
/// a secret it is judged as one.
pub fn encodes_no_secret(value: &[u8]) -> bool {
    base64_json_object(value).is_some_and(|object| {
        let only = |names: &[&str]| object.keys().all(|name| names.contains(&name.as_str()));
        let jwt_header = object.contains_key("alg") && only(&["alg", "typ"]);
        let encrypted = object.contains_key("iv")
            && object.contains_key("value")
            && only(&["iv", "value", "mac", "tag"]);
        jwt_header || encrypted
    })
}

/// Whether `value` is a file encrypted with age (`age-encryption.org/v1` then its
/// recipients' stanzas), as written, armoured or in base64 (`YWdlLWVuY3J5cHRpb24ub3JnL3Yx…`,
/// fnox's and SOPS-like tools' `provider = "age"` values): ciphertext, opened only by an
/// identity kept elsewhere.
fn is_age_ciphertext(value: &[u8]) -> bool {
    const OPENINGS: &[&[u8]] = &[
        b"age-encryption.org/v1",
        b"-----BEGIN AGE ENCRYPTED FILE-----",
        // base64 of `age-encryption.org/v1`
        b"YWdlLWVuY3J5cHRpb24ub3JnL3Yx",
    ];
    OPENINGS.iter().any(|opening| value.starts_with(opening))
}

/// The JSON object `value` encodes in base64 (URL-safe or standard, padded or not), when
/// it is one: it opens `eyJ` (`{"`), holds no `.` (a whole token's parts) and is short.
fn base64_json_object(value: &[u8]) -> Option<serde_json::Map<String, serde_json::Value>> {
    use base64::Engine;
    if !value.starts_with(b"eyJ") || value.contains(&b'.') || value.len() > 400 {
        return None;
    }
    let unpadded = value
        .iter()
        .rposition(|&b| b != b'=')
        .map_or(value, |last| &value[..=last]);
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(unpadded)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(unpadded))
        .ok()
        .and_then(|json| serde_json::from_slice(&json).ok())
}

/// Whether `value`, under a key's name, is an OpenPGP key's fingerprint (40 hex digits) or
/// long key id (16) in the capitals gpg prints them (`commons.releaseManagerKey`, an apt
/// repository's `repokey`, a `signing_key` naming the key to sign with): it names a public
/// key. Random hex secrets are written in lowercase, so lowercase passes only where the
/// name itself says OpenPGP (`gpg_key`, `pgpKey`, a release manager's key, which Apache
/// poms also write in lowercase). Under a password's name the same shape is a stored
/// password hash (Canal's `canal.admin.passwd`), still a secret.
pub fn is_pgp_key_id_under_key_name(name: &[u8], value: &[u8]) -> bool {
    if name.len() < 3 || !name[name.len() - 3..].eq_ignore_ascii_case(b"key") {
        return false;
    }
    let lowercase_allowed = name_says_openpgp(name);
    is_pgp_key_id(value, lowercase_allowed)
}

/// Whether a key's name says it holds an OpenPGP key id: `gpg`, `pgp` or a release
/// manager's key (Apache Commons' `commons.releaseManagerKey`), whatever the separators.
fn name_says_openpgp(name: &[u8]) -> bool {
    let letters = alphanumerics_lowercase(name);
    [&b"gpg"[..], b"pgp", b"releasemanager"]
        .iter()
        .any(|word| letters.windows(word.len()).any(|w| w == *word))
}

/// An OpenPGP fingerprint's or long key id's shape: 16 or 40 hex digits (an optional `0x`)
/// with digits and letters, in capitals unless `lowercase_allowed`.
fn is_pgp_key_id(value: &[u8], lowercase_allowed: bool) -> bool {
    let digits = value.strip_prefix(b"0x").unwrap_or(value);
    let is_letter =
        |b: &u8| (b'A'..=b'F').contains(b) || (lowercase_allowed && (b'a'..=b'f').contains(b));
    matches!(digits.len(), 16 | 40)
        && digits.iter().all(|b| b.is_ascii_digit() || is_letter(b))
        && digits.iter().any(u8::is_ascii_digit)
        && digits.iter().any(is_letter)
}

/// Leading whitespace length and the trimmed value.
fn trim(value: &[u8]) -> (usize, &[u8]) {
    let start = value
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    (start, &value[start..end])
}

/// References recognisable from the value alone, whatever the key.
pub fn explicit_reference(value: &[u8]) -> Option<(ReferenceKind, String)> {
    let text = std::str::from_utf8(value).ok()?;
    let lower = text.to_ascii_lowercase();
    if let Some(rest) = lower
        .strip_prefix("ref+vault://")
        .map(|_| &text["ref+vault://".len()..])
    {
        return Some((ReferenceKind::Vault, rest.to_string()));
    }
    if let Some(rest) = lower
        .strip_prefix("vault:")
        .map(|_| &text["vault:".len()..])
    {
        if !rest.is_empty() && !rest.starts_with("//") {
            return Some((ReferenceKind::Vault, rest.to_string()));
        }
    }
    if lower.starts_with("vault://") {
        return Some((ReferenceKind::Vault, text["vault://".len()..].to_string()));
    }
    if lower.starts_with("arn:aws:secretsmanager:")
        || lower.starts_with("arn:aws-us-gov:secretsmanager:")
    {
        return Some((ReferenceKind::AwsSecretsManager, text.to_string()));
    }
    if lower.starts_with("@microsoft.keyvault(") {
        return Some((ReferenceKind::AzureKeyVault, text.to_string()));
    }
    if lower.starts_with("op://") {
        return Some((ReferenceKind::OnePassword, text.to_string()));
    }
    if is_gcp_secret_name(text) {
        return Some((ReferenceKind::GcpSecretManager, text.to_string()));
    }
    if text.starts_with("{{") && text.ends_with("}}") {
        let inner = text[2..text.len() - 2].trim();
        let kind = if inner.contains("vault") && !inner.contains(".Values") {
            ReferenceKind::Vault
        } else {
            ReferenceKind::Template
        };
        return Some((kind, inner.to_string()));
    }
    if let Some(name) = env_var_reference(text) {
        return Some((ReferenceKind::EnvVar, name));
    }
    None
}

/// `${NAME}`, `${NAME:-default}`, `$NAME`, `%NAME%`, `$(NAME)`: the variable name.
fn env_var_reference(text: &str) -> Option<String> {
    let ident = |s: &str| {
        let end = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(s.len());
        let name = &s[..end];
        (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()))
            .then(|| name.to_string())
    };
    if let Some(rest) = text.strip_prefix("${") {
        return text.ends_with('}').then(|| ident(rest)).flatten();
    }
    if let Some(rest) = text.strip_prefix("$(") {
        return text.ends_with(')').then(|| ident(rest)).flatten();
    }
    if let Some(rest) = text.strip_prefix('$') {
        let name = ident(rest)?;
        return (name.len() == rest.len()).then_some(name);
    }
    if text.len() > 2 && text.starts_with('%') && text.ends_with('%') {
        let inner = &text[1..text.len() - 1];
        return ident(inner).filter(|n| n.len() == inner.len());
    }
    None
}

/// The span of the literal default in `${NAME:-default}`, `${NAME:=default}` or Spring's
/// `${name.part:default}`, when there is one and it is not itself a variable. (`-` is a
/// character of Spring property names, so the rare `${NAME-default}` is not read.)
fn variable_default(value: &[u8]) -> Option<(usize, usize)> {
    let inner = value.strip_prefix(b"${")?.strip_suffix(b"}")?;
    let name_len = inner
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || b"_.-".contains(b)))?;
    let rest = &inner[name_len..];
    // The shell's `${NAME:+alternative}` (used when the variable is set: a file's path,
    // a flag) and `${NAME:?message}` (the error when it is not) hold no default.
    if rest.starts_with(b":+") || rest.starts_with(b":?") {
        return None;
    }
    let operator = [&b":-"[..], b":=", b":"]
        .into_iter()
        .find(|op| rest.starts_with(op))?;
    let start = 2 + name_len + operator.len();
    let default = &value[start..value.len() - 1];
    (name_len > 0 && !default.is_empty() && !default.contains(&b'$') && !default.contains(&b'{'))
        .then_some((start, value.len() - 1))
}

/// `projects/<project>/secrets/<name>` optionally followed by `/versions/<version>`.
fn is_gcp_secret_name(text: &str) -> bool {
    let parts: Vec<&str> = text.split('/').collect();
    let name_ok = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    };
    matches!(parts.as_slice(), ["projects", project, "secrets", name] if name_ok(project) && name_ok(name))
        || matches!(parts.as_slice(), ["projects", project, "secrets", name, "versions", version]
            if name_ok(project) && name_ok(name) && name_ok(version))
}

/// Whether the password at `start..end` of the URL `value` repeats its user or its scheme
/// (`postgresql://postgres:postgres@…`, `amqp://guest:guest@…`, `redis://redis:redis@…`):
/// a local default, not a chosen password.
fn url_password_repeats_user_or_scheme(value: &[u8], start: usize, end: usize) -> bool {
    let password = &value[start..end];
    // Without a scheme (`postgres:postgres@db:5432`), the user opens the value.
    let scheme_end = memchr::memmem::find(value, b"://");
    let user = &value[scheme_end.map_or(0, |e| e + 3)..start - 1];
    let user = user
        .iter()
        .rposition(|&b| b == b'@')
        .map_or(user, |at| &user[at + 1..]);
    let scheme = value[..scheme_end.unwrap_or(0)].to_ascii_lowercase();
    password.eq_ignore_ascii_case(user)
        || (password.len() >= 4 && scheme.starts_with(&password.to_ascii_lowercase()))
}

/// Whether a bare `user:password` pair repeats the user as its password
/// (`ksqlDBAdmin:ksqlDBAdmin` under Confluent's `BASIC_AUTH_USER_INFO`): a demo's
/// default, as the same pair in a URL is (`url_password_repeats_user_or_scheme`).
fn password_repeats_user(value: &[u8]) -> bool {
    let mut parts = value.split(|&b| b == b':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(user), Some(password), None) => {
            !user.is_empty()
                && user == password
                && user
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(b))
        }
        _ => false,
    }
}

/// The span of the password in `scheme://user:password@host…`.
fn url_password(value: &[u8]) -> Option<(usize, usize)> {
    let scheme_end = memchr::memmem::find(value, b"://")?;
    let scheme = &value[..scheme_end];
    if scheme.is_empty()
        || !scheme
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(b))
    {
        return None;
    }
    let rest_start = scheme_end + 3;
    let rest = &value[rest_start..];
    let authority_end = rest
        .iter()
        .position(|b| b"/?#".contains(b) || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let at = memchr::memrchr(b'@', authority)?;
    let userinfo = &authority[..at];
    let colon = memchr::memchr(b':', userinfo)?;
    let (s, e) = (rest_start + colon + 1, rest_start + at);
    (e > s).then_some((s, e))
}

/// The span of the password in `user:password@host:port`, a URL's authority written
/// without its scheme (a DSN or a proxy setting: `app:…@db.internal:5432/app`,
/// `:…@redis:6379`). The port is required: it is what tells the pair from an e-mail
/// address after a label (`mailto:alice@example.com`). With no scheme there is no
/// fragment: a `#` belongs to the password, as `vp.generic.hostport-credentials.1` reads it.
fn hostport_password(value: &[u8]) -> Option<(usize, usize)> {
    let authority_end = value
        .iter()
        .position(|b| b"/?".contains(b) || b.is_ascii_whitespace())
        .unwrap_or(value.len());
    if authority_end < value.len() && value[authority_end].is_ascii_whitespace() {
        return None;
    }
    let authority = &value[..authority_end];
    let at = memchr::memrchr(b'@', authority)?;
    let colon = memchr::memchr(b':', &authority[..at])?;
    let user_ok = authority[..colon]
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || b"_.%+-".contains(b));
    let (host, port) = authority[at + 1..].split_at(memchr::memchr(b':', &authority[at + 1..])?);
    let host_ok = !host.is_empty()
        && host
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b".-".contains(b));
    let port_ok = (3..=6).contains(&port.len()) && port[1..].iter().all(u8::is_ascii_digit);
    (user_ok && host_ok && port_ok && at > colon + 1).then_some((colon + 1, at))
}

/// The entropy floor of `vp.generic.url-credentials.1`, the text rule for a password in a
/// URL: a value under a key naming a URL is held to it, not to a secret's.
const URL_PASSWORD_ENTROPY: f64 = 2.9;

/// Keys that name a URL (`registry_url`, `remoteUri`), whatever it points at, or a place
/// only a URL fills (`gitRemote`, `http_proxy`, `mirror`, `endpoint`).
fn names_a_url(key: &str) -> bool {
    key_tokens(key).last().is_some_and(|t| {
        matches!(
            t.as_str(),
            "url" | "uri" | "remote" | "proxy" | "mirror" | "endpoint"
        )
    })
}

/// Keys that name a connection string: `DATABASE_URL`, `dsn`, `connection_string`.
fn is_connection_key(key: &str) -> bool {
    let tokens = key_tokens(key);
    let joined = tokens.concat();
    tokens
        .iter()
        .any(|t| matches!(t.as_str(), "dsn" | "connection" | "conn" | "connstr"))
        || joined.contains("connectionstring")
        || (tokens.last().is_some_and(|t| t == "url" || t == "uri")
            && tokens.iter().any(|t| {
                matches!(
                    t.as_str(),
                    "database"
                        | "db"
                        | "postgres"
                        | "postgresql"
                        | "pg"
                        | "mysql"
                        | "mongo"
                        | "mongodb"
                        | "redis"
                        | "amqp"
                        | "rabbitmq"
                        | "broker"
                        | "sql"
                        | "jdbc"
                )
            }))
}

/// `DB_PASSWORD_FILE`-style keys are filtered by [`is_secret_key`]; this catches values
/// that are plainly paths to a secret file under a secret-named key. A base64 secret that
/// happens to open with `/` is no path: taking it for one would print it as the target.
fn key_file_reference(_key: &str, value: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(value).ok()?;
    let is_path = ((text.starts_with('/') && !is_base64_opening_with_slash(text))
        || text.starts_with("./")
        || text.starts_with("~/"))
        && !text.contains(char::is_whitespace)
        && text.len() > 2;
    is_path.then(|| text.to_string())
}

/// Strips an HTTP auth scheme (`Bearer `, `Basic `, `token `): `(prefix length, rest)`.
fn strip_scheme(value: &[u8]) -> (usize, &[u8]) {
    const SCHEMES: &[&[u8]] = &[b"bearer ", b"basic ", b"token ", b"bot ", b"apikey "];
    match scheme_length(value, SCHEMES) {
        Some(length) => {
            let (lead, trimmed) = trim(&value[length..]);
            (length + lead, trimmed)
        }
        None => (0, value),
    }
}

/// A Basic credential with nothing secret in it: a username alone (`Basic YXBpOg==`,
/// `api:`, as recorded HTTP cassettes send it).
fn basic_without_password(scheme: &[u8], credential: &[u8]) -> bool {
    scheme.trim_ascii().eq_ignore_ascii_case(b"basic") && basic_pair_holds_no_secret(credential)
}

/// Whether base64 `credential` decodes to a `user:password` pair with nothing secret in
/// it: an empty or blank password (`api:`), a placeholder word (`example:example`, a gateway's
/// docs) or the names of the slots it fills (`client_id:client_secret`, a test's header:
/// an id's name, then a secret's): the pair written to show the format. The password is
/// judged as a URL's would be (`https://user:password@host`): a sample (`password`,
/// `new-password`) or a word too plain for a password (`hello:world`, `proxy:secret`:
/// under [`SHORT_PASSWORD_FLOOR`], the floor of a URL's short password) is a test's or a
/// tutorial's.
pub fn basic_pair_holds_no_secret(credential: &[u8]) -> bool {
    use base64::Engine as _;
    let Ok(text) = base64::engine::general_purpose::STANDARD.decode(credential) else {
        return false;
    };
    let text = zeroize::Zeroizing::new(text);
    let Some(colon) = memchr::memchr(b':', &text) else {
        return false;
    };
    let (user, password) = (&text[..colon], &text[colon + 1..]);
    let lower = password.to_ascii_lowercase();
    let snake_case = |name: &[u8]| {
        name.contains(&b'_') && name.iter().all(|b| b.is_ascii_lowercase() || *b == b'_')
    };
    let names_a_slot = snake_case(user)
        && snake_case(password)
        && std::str::from_utf8(user)
            .is_ok_and(|user| key_tokens(user).last().is_some_and(|last| last == "id"))
        && std::str::from_utf8(password).is_ok_and(is_secret_key);
    // The token's noun where a token goes (`robot:token`). Not `password` nor `secret`:
    // people do set those words as passwords (`john:password`).
    let names_itself = matches!(lower.as_slice(), b"token" | b"tokens");
    colon >= 1
        && (password.trim_ascii().is_empty()
            || names_a_slot
            || names_itself
            || is_placeholder(password)
            || shannon_entropy(password) < SHORT_PASSWORD_FLOOR)
}

/// The length of the scheme of `schemes` (lowercase, each ending in its blank) that
/// `value` opens with, something following it.
pub fn scheme_length(value: &[u8], schemes: &[&[u8]]) -> Option<usize> {
    schemes
        .iter()
        .find(|scheme| {
            value.len() > scheme.len() && value[..scheme.len()].eq_ignore_ascii_case(scheme)
        })
        .map(|scheme| scheme.len())
}

/// Password hashes and digests: bcrypt, argon2, crypt, PBKDF2, LDAP `{SSHA}`, bare hex
/// digests of common lengths under a key that did not say `secret`.
fn is_hash(value: &[u8]) -> bool {
    let lower = value.to_ascii_lowercase();
    let prefixes: &[&[u8]] = &[
        b"$2a$",
        b"$2b$",
        b"$2y$",
        b"$argon2",
        b"$1$",
        b"$5$",
        b"$6$",
        b"$y$",
        b"$scrypt$",
        // Django's hashers (`md5$salt$digest`, `pbkdf2_sha256$iterations$salt$digest`).
        b"pbkdf2_sha256$",
        b"pbkdf2_sha1$",
        b"bcrypt_sha256$",
        b"argon2$",
        b"scrypt$",
        b"md5$",
        b"sha1$",
        b"pbkdf2:",
        b"{ssha}",
        b"{sha}",
        b"{bcrypt}",
        b"{ssha512}",
        b"sha256:",
        // Vault's audit devices write every secret value as its HMAC (`hmac-sha256:…`).
        b"hmac-sha256:",
        b"sha512:",
        b"sha1:",
        b"md5:",
        b"sha256-",
        b"sha384-",
        b"sha512-",
    ];
    prefixes.iter().any(|p| lower.starts_with(p))
}

/// The reference kind of a placeholder-like value.
fn placeholder_kind(value: &[u8]) -> ReferenceKind {
    if value.first() == Some(&b'$') && env_var_reference(&String::from_utf8_lossy(value)).is_some()
    {
        ReferenceKind::EnvVar
    } else if memchr::memmem::find(value, b"{{").is_some() {
        ReferenceKind::Template
    } else {
        ReferenceKind::Placeholder
    }
}

/// Whether a placeholder is plainly one (`<YOUR_KEY>`, `changeme`, `REPLACE_ME`), so that
/// showing it in the report reveals nothing.
fn looks_like_placeholder_text(value: &[u8]) -> bool {
    let text = String::from_utf8_lossy(value);
    if text.starts_with('<') && text.ends_with('>') {
        return true;
    }
    let lower = text.to_ascii_lowercase();
    // The textual placeholder words, and short masks (`xxx`, `***`).
    let masks = ["todo", "tbd", "xxx", "***"];
    text.len() <= 64
        && PLACEHOLDER_WORDS
            .iter()
            .chain(masks.iter())
            .any(|w| lower.contains(w))
}

/// A target that is safe to print: placeholders that plainly are placeholders, variable
/// names; anything else is left out.
fn safe_target(value: &[u8]) -> String {
    let text = String::from_utf8_lossy(value);
    if let Some(name) = env_var_reference(&text) {
        return name;
    }
    if looks_like_placeholder_text(value) || (text.starts_with("{{") && text.ends_with("}}")) {
        return text.chars().take(120).collect();
    }
    String::new()
}

/// Whether a value under a secret-named key looks like a credential: not a word, a
/// sentence, a number, a boolean, a path, a URL or an expression.
pub fn looks_like_secret(value: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(value) else {
        // Binary-ish bytes under a secret name: a secret.
        return value.len() >= 8;
    };
    let chars = text.chars().count();
    if !(6..=4096).contains(&chars) {
        return false;
    }
    // Percent-encoded test data (`%00%01%02…`, `%C3%A9`): not a configured secret.
    if text
        .as_bytes()
        .windows(3)
        .filter(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
        .count()
        >= 2
    {
        return false;
    }
    if text.contains(char::is_whitespace) {
        // Prose ("Enter your password"), a command, a list: not one credential.
        return false;
    }
    // Text in a script without spaces between words (a Chinese or Japanese translation
    // under a key that mentions a password): mostly letters beyond ASCII.
    let foreign_letters = text
        .chars()
        .filter(|c| !c.is_ascii() && c.is_alphabetic())
        .count();
    if foreign_letters >= 3 && foreign_letters * 2 >= chars {
        return false;
    }
    // A URL, or a URN (`urn:ietf:params:oauth:grant-type:device_code`, an OAuth grant
    // type's name in a table of them).
    if text.starts_with("http://")
        || text.starts_with("https://")
        || text.contains("://")
        || text.starts_with("urn:")
    {
        return false;
    }
    if is_arn(text.as_bytes()) || is_iam_action(text) || is_notation(value) {
        return false;
    }
    // A JSON document held as text is a credential when one of its members' values is
    // (Open-Falcon's `Apitoken: {"name":"root","sig":"427d…"}`), not when none is
    // (`SecretStringTemplate: {"username":"test-user"}`).
    if text.starts_with('{') && text.ends_with('}') && text.contains("\":") {
        return json_member_values(text)
            .iter()
            .any(|member| looks_like_secret(member.as_bytes()));
    }
    if is_word_list(text)
        || is_name_glob(text)
        || is_word_path(text)
        || is_status_change(text)
        || is_action_reference(text)
    {
        return false;
    }
    if (text.starts_with('/') && !is_base64_opening_with_slash(text))
        || text.starts_with("./")
        || text.starts_with("../")
        || text.starts_with("~/")
    {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    if NOT_VALUES.contains(&lower.as_str()) {
        return false;
    }
    // Numbers, versions, dates, IP addresses and ranges (`192.168.10.0/24`); but not a
    // long run of varied digits alone (VBOUT's 25-digit API keys, numeric secrets of other
    // consoles): no count, id or timestamp runs past 20 digits.
    let long_digit_key =
        chars > 20 && text.bytes().all(|b| b.is_ascii_digit()) && shannon_entropy(value) >= 2.7;
    if !long_digit_key
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | ':' | '+' | '_' | ',' | '/'))
    {
        return false;
    }
    if is_timestamp(text) || is_version(text) {
        return false;
    }
    // Letters beyond ASCII and no digit (`Zwöifaktorouthentisierigs-Token`,
    // `從authenticator送出的初始驗證碼`): the words of a translation under a `…_TOKEN`
    // label. A random part keeps a password with such a letter (`Schlüssel-7Hq2Lm9v`).
    if foreign_letters > 0 && !text.contains(|c: char| c.is_ascii_digit()) {
        return false;
    }
    // A plain word or an identifier in one case (`Password`, `Passwort`, `pass_word`):
    // i18n strings and enum values, not generated secrets.
    let has_digit = text.chars().any(|c| c.is_ascii_digit());
    // `:` joins the parts of names too (`SERPENT:FRAMES`, a Redis key).
    let has_symbol = text
        .chars()
        .any(|c| !c.is_alphanumeric() && !matches!(c, '_' | '-' | '.' | ':'));
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    let lowers = text.chars().filter(|c| c.is_lowercase()).count();
    let first_upper = text.chars().next().is_some_and(char::is_uppercase);
    let mixed_case = lowers > 0 && (upper > 1 || (upper == 1 && !first_upper));
    if !has_digit && !has_symbol && !mixed_case {
        // All lower, all upper, or Capitalised: a word or identifier, unless it is long
        // and random-looking (a lowercase hex-free API secret).
        return chars >= 20
            && shannon_entropy(value) >= 3.7
            && !reads_as_words(text)
            && !is_code_expression(text)
            && !is_generated_object_name(text);
    }
    // Dotted identifiers and calls: `config.password`, `process.env.DB_PASS`,
    // `os.getenv("X")`, `settings.DATABASES["default"]`, and a template's field
    // (`@Model.Password`, `@collection.users.tokenKey2`).
    if is_code_expression(text.strip_prefix('@').unwrap_or(text)) {
        return false;
    }
    // camelCase or snake_case identifiers without digits: `dbPassword`, `myApiKey`. Random
    // letters of both cases, maybe joined by `.`, `_` or `-` (`GZfuXnuciSsInpq`,
    // `ez.SkCqPFUfkQEF`, passwords drawn without a digit), may cut into a few short pieces
    // that each pass for a word: they are no name.
    let random_letters = || {
        text.bytes()
            .all(|b| b.is_ascii_alphabetic() || matches!(b, b'.' | b'_' | b'-'))
            && super::validate::random_mixed_case_letters(text.as_bytes())
    };
    if !has_digit && !has_symbol && reads_as_words(text) && !random_letters() {
        return false;
    }
    if is_type_name(text)
        || is_credential_label(text)
        || is_acronym_term(text)
        || is_constant_name(text)
        || is_cmdlet_name(text)
        || is_generated_object_name(text)
        || is_list_of_names(text)
        || names_credentials(text)
        || is_snake_case_name(text)
        || is_sum_of_names(value)
        || is_numbered_identifier(text)
        || names_a_resource(text)
        || is_numeronym_name(text)
    {
        return false;
    }
    // Mostly-letters values with a single trailing digit group are still passwords
    // (`hunter2`); short ones need some diversity.
    if chars < 8 && !(has_digit && (lowers + upper) > 0) {
        return false;
    }
    shannon_entropy(value) >= 2.5 || is_diverse_chosen_password(value)
}

/// Whether a value reads as a generated token whatever name it is kept under: 16 to 256
/// characters of a token's alphabet (letters, digits, `-_+/=.~`: no `@` of a release's
/// `name@version`, no `:` of a pair), letters and digits both, at least 3.5 bits of entropy
/// per character, not a placeholder nor a key public by design ([`is_public_key`]), and a
/// credential by [`looks_like_secret`]. A collection of secrets (`secrets: {stripe: …}`)
/// names its members by provider or purpose only.
pub fn is_generated_token(value: &[u8]) -> bool {
    (16..=256).contains(&value.len())
        && value
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_+/=.~".contains(b))
        && value.iter().any(u8::is_ascii_alphabetic)
        && value.iter().any(u8::is_ascii_digit)
        && shannon_entropy(value) >= GENERATED_TOKEN_ENTROPY
        && !is_placeholder(value)
        && !is_uuid(value)
        && !is_public_key(value)
        && looks_like_secret(value)
}

/// The entropy floor of [`is_generated_token`], in bits per character: a random base62
/// token of sixteen characters has about 3.8, a name with a version well under 3.5.
const GENERATED_TOKEN_ENTROPY: f64 = 3.5;

/// Whether a key names a setting rather than a secret, whatever holds it: its last word is
/// one of a setting's (`username`, `url`, `region`…, see `NOT_SECRET_LAST`), or any of its
/// words says it is no credential (`integrity`, `digest`…, see `NOT_SECRET_ANYWHERE`).
pub fn names_a_setting(key: &str) -> bool {
    tokens_name_a_setting(&key_tokens(key))
}

/// [`names_a_setting`] of a name's word tokens, as [`is_secret_key`] reads them too.
fn tokens_name_a_setting(tokens: &[String]) -> bool {
    tokens
        .last()
        .is_some_and(|last| NOT_SECRET_LAST.contains(&last.as_str()))
        || tokens
            .iter()
            .any(|token| NOT_SECRET_ANYWHERE.contains(&token.as_str()))
}

/// Whether a value of up to twenty characters is a word and digits as people choose a
/// password, diverse enough whatever its entropy: a word that repeats its letters
/// (`pepper0787`: 2.45 bits) still has six distinct letters and digits, and a letter
/// beyond hex (`0xC00002DF` is a number).
pub fn is_diverse_chosen_password(value: &[u8]) -> bool {
    let unprefixed = value
        .strip_prefix(b"0x")
        .or_else(|| value.strip_prefix(b"0X"))
        .unwrap_or(value);
    value.len() <= 20
        && value.iter().any(u8::is_ascii_digit)
        && unprefixed
            .iter()
            .any(|b| b.is_ascii_alphabetic() && !b.is_ascii_hexdigit())
        && distinct_alphanumerics(value) >= 6
}

/// Numeronyms that names spell as words.
const NUMERONYMS: &[&str] = &["i18n", "l10n", "g11n", "m17n", "a11y", "k8s", "o11y"];

/// An identifier in camel case with a numeronym for one of its words (`i18nEnable`, a
/// settings flag in a list of booleans beside `resetPassword`; `k8sClusterName`,
/// `useA11yLabel`): its digits are the abbreviation's, and with a word in the
/// numeronym's place the rest reads as words. A password built on one is no identifier:
/// it opens with a capital or parts its words (`K8s_admin`).
pub fn is_numeronym_name(text: &str) -> bool {
    // Asked of every generic candidate: the cheap tests first, a copy only after them.
    if !text.starts_with(|c: char| c.is_ascii_lowercase())
        || !text.bytes().any(|b| b.is_ascii_digit())
        || !text.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    let Some((at, len)) = NUMERONYMS
        .iter()
        .find_map(|numeronym| lower.find(numeronym).map(|at| (at, numeronym.len())))
    else {
        return false;
    };
    let word = if text.as_bytes()[at].is_ascii_uppercase() {
        "Word"
    } else {
        "word"
    };
    let spelled = format!("{}{word}{}", &text[..at], &text[at + len..]);
    !spelled.contains(|c: char| c.is_ascii_digit()) && reads_as_words(&spelled)
}

/// The string values of the members of a flat JSON object written without spaces: each
/// quoted string not followed by `:`.
fn json_member_values(text: &str) -> Vec<&str> {
    let pieces: Vec<&str> = text.split('"').collect();
    (1..pieces.len())
        .step_by(2)
        .filter(|&i| {
            !pieces
                .get(i + 1)
                .is_some_and(|after| after.starts_with(':'))
        })
        .map(|i| pieces[i])
        .collect()
}

/// Whether `text` is an IAM action (`route53domains:RetrieveDomainAuthCode`,
/// `secretsmanager:GetSecretValue`, `kms:Describe*`, `kms:*`): a service prefix in
/// lowercase, a colon and an action's name in PascalCase letters or a wildcard. Policies
/// list them under keys named for the action.
fn is_iam_action(text: &str) -> bool {
    let Some((service, action)) = text.split_once(':') else {
        return false;
    };
    let service_ok = !service.is_empty()
        && service
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let name = action.strip_suffix('*').unwrap_or(action);
    let action_ok = action == "*"
        || (name.len() >= 4
            && name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.bytes().skip(1).any(|b| b.is_ascii_lowercase())
            && name.bytes().all(|b| b.is_ascii_alphabetic()));
    service_ok && action_ok
}

/// Whether `text` is a short path of words (`data/Bag02`, a data bag's item named where a
/// test wants a plain name; `prod/db2`): two to four parts joined by `/`, each a word in
/// lowercase or capitalised with a counter after it or not. A base64 value's parts between
/// its `/` mix cases and digits at random.
fn is_word_path(text: &str) -> bool {
    let parts: Vec<&str> = text.split('/').collect();
    (2..=4).contains(&parts.len())
        && parts.iter().all(|part| {
            let letters = part.trim_end_matches(|c: char| c.is_ascii_digit());
            letters.starts_with(|c: char| c.is_ascii_alphabetic())
                && letters[1..].bytes().all(|b| b.is_ascii_lowercase())
                && is_word_then_digits(&part.to_ascii_lowercase())
        })
}

/// Whether `text` is a CI step's reference to an action or a reusable workflow pinned to a
/// commit or a version (`grafana/shared-workflows/actions/create-github-app-token@46f4…`,
/// `actions/checkout@v4.1.1`), as a step named for the token it creates names it: an
/// owner, a repository and maybe a path, then `@` and the 40 hex digits of a commit or a
/// `v` version. A password holds no such owner and repository before an `@`.
pub fn is_action_reference(text: &str) -> bool {
    let Some((action, pinned)) = text.rsplit_once('@') else {
        return false;
    };
    let parts: Vec<&str> = action.split('/').collect();
    let is_commit = pinned.len() == 40 && pinned.bytes().all(|b| b.is_ascii_hexdigit());
    let is_version = pinned
        .strip_prefix('v')
        .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    parts.len() >= 2
        && parts.iter().all(|part| {
            part.starts_with(|c: char| c.is_ascii_alphanumeric())
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
                && part.bytes().filter(u8::is_ascii_digit).count() * 3 <= part.len()
        })
        && (is_commit || is_version)
}

/// Whether `text` is a glob of names (`database_*`, `rabbitmq_*`, `*.internal`,
/// `app.*.token`), as a table of settings maps a family of keys: letter-only words joined
/// by `_`, `.`, `-` or `/`, and `*` in place of a word. A password's `*` sits between
/// characters of a random part.
fn is_name_glob(text: &str) -> bool {
    let words: Vec<&str> = text.split(['_', '.', '-', '/']).collect();
    words.contains(&"*")
        && words.iter().any(|word| word.len() >= 2 && *word != "*")
        && words.iter().all(|word| {
            *word == "*" || (!word.is_empty() && word.bytes().all(|b| b.is_ascii_alphabetic()))
        })
}

/// Whether `text` is a test's or a check's outcomes joined by an arrow or a separator
/// (`FAIL→PASS`, `pass/fail`, `OK -> ERROR`, a results table's column headed `PASS v1→v2`):
/// two or more words, each an outcome.
fn is_status_change(text: &str) -> bool {
    const OUTCOMES: &[&str] = &[
        "pass", "passed", "fail", "failed", "ok", "error", "skip", "skipped", "warn",
    ];
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| !word.is_empty())
        .collect();
    words.len() >= 2
        && !text.contains(|c: char| c.is_ascii_digit())
        && words.iter().all(|word| {
            OUTCOMES
                .iter()
                .any(|outcome| outcome.eq_ignore_ascii_case(word))
        })
}

/// Whether `text` is a list of short words (`htm,html,js,css,map`, `read;write;admin`),
/// or of names joined by hyphens (`Remote-User,Remote-Groups,Remote-Email`, HTTP headers
/// a proxy forwards): three items or more, each of one to four letter-only parts of at
/// most sixteen letters, or two lowercase words. A generated value does not split into
/// letter-only pieces at every separator.
fn is_word_list(text: &str) -> bool {
    let separator = if text.contains(',') { ',' } else { ';' };
    let items: Vec<&str> = text.split(separator).collect();
    // Two lowercase words (`red,bold`, a syntax highlighter's style for an unknown token)
    // are a list too.
    let two_words = items.len() == 2
        && items.iter().all(|item| {
            (2..=16).contains(&item.len()) && item.bytes().all(|b| b.is_ascii_lowercase())
        });
    (items.len() >= 3 || two_words)
        && items.iter().all(|item| {
            let parts: Vec<&str> = item.split('-').collect();
            parts.len() <= 4
                && parts.iter().all(|part| {
                    (1..=16).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphabetic())
                })
        })
}

/// Whether `text`, which opens with `/`, is a random base64 string rather than a path: one
/// in 64 base64 secrets starts with `/` (`/USckRy+vMR4yR2IZToA+t3P`, and with more slashes
/// inside, `/5y5BqbCxNn9TXhqrL2RJx//`). A path has a `.`, `-` or `_`, reads as names
/// (`/Applications`, `/var/run/…`, `/Users/Alice/Keys2`), or opens with a short directory;
/// sixteen characters or more of the base64 alphabet with upper and lower case and a digit,
/// opening with a segment of eight or more and with no segment a name, do not.
fn is_base64_opening_with_slash(text: &str) -> bool {
    let rest = &text[1..];
    let mut segments = rest.split('/').filter(|segment| !segment.is_empty());
    let reads_as_name = |segment: &str| {
        let mut letters = segment.chars();
        letters.next().is_some_and(|c| c.is_ascii_alphabetic())
            && letters.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    rest.len() >= 15
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'=' | b'/'))
        && rest.bytes().any(|b| b.is_ascii_uppercase())
        && rest.bytes().any(|b| b.is_ascii_lowercase())
        && rest.bytes().any(|b| b.is_ascii_digit())
        && segments.next().is_some_and(|first| first.len() >= 8)
        && !rest.split('/').any(reads_as_name)
}

/// Words that describe a value (a type, a state, where it comes from) rather than being
/// one: `password: string`, `token: hidden`, `secret: vault`.
const NOT_VALUES: &[&str] = &[
    "string",
    "boolean",
    "integer",
    "number",
    "object",
    "required",
    "optional",
    "secret",
    "password",
    "token",
    "hidden",
    "masked",
    "sensitive",
    "disabled",
    "enabled",
    "none",
    "null",
    "nil",
    "undefined",
    "default",
    "empty",
    "unset",
    "notset",
    "not-set",
    "inherit",
    "auto",
    "generated",
    "random",
    "keychain",
    "keyring",
    "vault",
    "env",
    "environment",
    "file",
    "stdin",
    "prompt",
    "ask",
    "secretsmanager",
    "kms",
    // A protocol's or an algorithm's name where a document says how a credential works
    // (`access_token: OAuth2 access token`, `signing key: SHA256`).
    "oauth1",
    "oauth2",
    "sha256",
    "sha384",
    "sha512",
    "pbkdf2",
    "aes128",
    "aes256",
    "ed25519",
    "argon2",
    "argon2id",
];

/// Whether `value` is a password written as one plain word (`whiteduke`, `Sunshine`,
/// `hunter-two`) under a password-named `key`: `looks_like_secret` leaves such words to
/// the structure, because in code and config they are enum values and i18n strings. In a
/// `.env` file a password-named variable holds the password itself. Not a password: a
/// describing word (`hidden`, `vault`), a value repeating the key's own words
/// (`POSTGRES_PASSWORD=postgres`, `SMTP_PASSWORD=smtp_password`), an identifier in
/// upper snake case (another variable's name), a sample word (`example`, `yourpass`), or
/// a hash or salt (`PASSWORD_SHA1=…`).
pub fn is_word_password(key: &str, value: &[u8]) -> bool {
    let tokens = key_tokens(key);
    // The key names the password itself (`DB_PASSWORD`, a second one `DB_PASSWORD_2`),
    // not a property of passwords (`PASSWORD_POLICY=strong`, `PASSWORD_ENCODER=bcrypt`).
    let password_named = tokens
        .iter()
        .map(|t| t.trim_end_matches(|c: char| c.is_ascii_digit()))
        .rfind(|t| !t.is_empty())
        .is_some_and(|t| {
            matches!(
                t,
                "pass" | "password" | "passwd" | "pwd" | "passphrase" | "pw"
            ) || t.ends_with("password")
        });
    // A digest of the password (`PASSWORD_SHA1`) or a switch about it
    // (`MYSQL_ALLOW_EMPTY_PASSWORD`, `MYSQL_RANDOM_ROOT_PASSWORD`), not the password.
    let names_something_else = tokens.iter().any(|t| {
        matches!(
            t.as_str(),
            "hash"
                | "hashed"
                | "digest"
                | "salt"
                | "md5"
                | "allow"
                | "empty"
                | "random"
                | "generate"
                | "require"
        ) || t.starts_with("sha")
    });
    let Ok(text) = std::str::from_utf8(value) else {
        return false;
    };
    if !password_named
        || names_something_else
        || is_hash(value)
        || !(6..=64).contains(&text.len())
        || !text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.!@#%^&*+=~".contains(&b))
        || !text.bytes().any(|b| b.is_ascii_alphabetic())
    {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    const SAMPLE_WORDS: &[&str] = &[
        "pass",
        "pwd",
        "secret",
        "example",
        "sample",
        "your",
        "change",
        "dummy",
        "placeholder",
        "redacted",
        "replace",
        "insert",
        "todo",
        "fixme",
        // CTFd's `MYSQL_PASSWORD=You_Should_Probably_Override_This`,
        // `Unencrypted_Credentials_At_Rest`: a sentence saying what to do or what it is.
        "override",
        "credential",
    ];
    let upper_snake = text
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    !upper_snake
        && !NOT_VALUES.contains(&lower.as_str())
        && !SAMPLE_WORDS.iter().any(|w| lower.contains(w))
        && !tokens
            .iter()
            .any(|t| t.len() >= 3 && lower.contains(t.as_str()))
        && !is_placeholder(value)
}

/// An ISO 8601 date-time (`2014-08-14T10:21:00Z`, `2024-01-02 03:04:05.123+01:00`): when
/// a password was last used or a token rotated, never the credential.
fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    b.len() >= 16
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b't' | b' ')
        && digits(11..13)
        && b[13] == b':'
        && b[16..]
            .iter()
            .all(|&c| c.is_ascii_digit() || matches!(c, b':' | b'.' | b'+' | b'-' | b'Z' | b'z'))
}

/// A version or a version constraint (`^3.972.44`, `~1.2`, `>=2.0.0`, `5.0.0-beta.30`,
/// `^6.4|^7.0`, `1.x`), or a name and its version (`gpl-3.0`, `apache-2.0`,
/// `python-3.11`): a dependency table's or a licence's entry under a name that mentions
/// credentials (`@aws-sdk/credential-provider-node`, `next-auth`, `symfony/password-hasher`).
fn is_version(text: &str) -> bool {
    let is_dotted_number = |n: &str| {
        n.contains('.')
            && n.split('.').all(|part| {
                !part.is_empty()
                    && (part.bytes().all(|b| b.is_ascii_digit()) || matches!(part, "x" | "*"))
            })
    };
    // One version: range marks, `x.y.z`, then maybe a pre-release or build tag
    // (`-beta.30`, `+build.5`) after three numbers.
    // A tag may end in a wildcard (`1.0.0-rc2-*`, an old NuGet `project.json`); a
    // Composer constraint may end in a stability flag (`>=1.1.3@stable`).
    let is_one_version = |v: &str| {
        let number = v.trim_start_matches(['^', '~', '>', '<', '=', 'v']);
        // A range on a major version alone (`^6`, `>=7`).
        let ranged = number.len() < v.len() && !v.starts_with('v');
        if ranged && !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
            return true;
        }
        let number = number
            .rsplit_once('@')
            .filter(|(_, flag)| matches!(*flag, "stable" | "dev" | "beta" | "alpha" | "RC"))
            .map_or(number, |(version, _)| version);
        let (core, tag) = match number.find(['-', '+']) {
            Some(at) => (&number[..at], Some(&number[at + 1..])),
            None => (number, None),
        };
        is_dotted_number(core)
            && tag.is_none_or(|tag| {
                core.matches('.').count() == 2
                    && !tag.is_empty()
                    && tag
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'*'))
            })
    };
    let constraints: Vec<&str> = text
        .split(['|', ',', ' '])
        .filter(|part| !part.is_empty())
        .collect();
    // A wildcard or a stability flag marks a constraint too (`5.0.*@dev`).
    let marked = text.starts_with(['^', '~', '>', '<', '='])
        || constraints.len() > 1
        || text.ends_with(".*")
        || text.contains(".*@");
    if marked && !constraints.is_empty() && constraints.iter().all(|c| is_one_version(c)) {
        return true;
    }
    // A bare pre-release (`5.0.0-beta.30`); a bare `1.2` is left to the digit test.
    if text.contains('-') && is_one_version(text) {
        return true;
    }
    text.rsplit_once('-').is_some_and(|(name, version)| {
        is_dotted_number(version)
            && name
                .split('-')
                .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()))
    })
}

/// A relative path or secret name of words (`prod/tracker/database`, `alias/prod-data`,
/// a lock file's package `aws/credentials/ec2rolecreds`, a Go module's `server/v2`, an API
/// route `api/auth/v4.0/user/login-with-token`): names where a credential is kept, not
/// the credential. Base64 has `/` too, but its parts are not words, and mix cases.
fn is_resource_path(text: &str) -> bool {
    // An API's or a module's version (`v2`, `v10`, `v4.0`).
    let version = |part: &str| {
        part.strip_prefix('v').is_some_and(|n| {
            let numbers: Vec<&str> = n.split('.').collect();
            numbers.len() <= 3
                && (1..=2).contains(&numbers[0].len())
                && numbers
                    .iter()
                    .all(|n| (1..=3).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
        })
    };
    // A lowercase name with a digit or two inside (`ec2rolecreds`, `s3manager`).
    let lowercase_tag =
        |part: &str| part.starts_with(|c: char| c.is_ascii_lowercase()) && is_tagged_word(part);
    text.contains('/')
        && text.split('/').all(|part| {
            !part.is_empty()
                && part.len() <= 40
                && (is_identifier_like(part) || lowercase_tag(part) || version(part))
        })
}

/// Whether a name's part is a word with a digit or two in it (`ec2rolecreds`,
/// `mirotalkp2p`, `s3`): 2 to 24 lowercase letters and digits, a vowel among them.
fn is_tagged_word(part: &str) -> bool {
    (2..=24).contains(&part.len())
        && part
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && part.bytes().filter(u8::is_ascii_digit).count() <= 2
        && part.contains(['a', 'e', 'i', 'o', 'u', 'y'])
}

/// Whether a name's part is a short tag: one to three lowercase letters and digits (`ca`,
/// `tls`, `v2`, `1`).
fn is_short_tag(part: &[u8]) -> bool {
    (1..=3).contains(&part.len())
        && part
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// A TextMate scope name (`meta.odd-tab.group1`, `markup.heading.1`,
/// `string.quoted.double.doctype.identifiers-and-DTDs.html`), what an editor theme's
/// rules select under a `token` key: three parts or more joined by `.`, each of short
/// hyphen-joined pieces (a word with a counter or not, a number, a short acronym), and
/// two of the pieces words at least. A token with dots (a JWT, a signed cookie) has long
/// parts of random letters and digits.
fn is_scope_name(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    let piece_ok = |piece: &str| {
        let letters = piece.trim_end_matches(|c: char| c.is_ascii_digit());
        (piece.len() <= 3 && piece.bytes().all(|b| b.is_ascii_digit()))
            // a lowercase name with one digit inside (`lwm2m`, `ec2`)
            || (piece.len() <= 6
                && piece.starts_with(|c: char| c.is_ascii_lowercase())
                && piece.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                && piece.bytes().filter(u8::is_ascii_digit).count() == 1)
            || (piece.len() - letters.len() <= 2
                && letters.starts_with(|c: char| c.is_ascii_alphabetic())
                && letters.chars().all(|c| c.is_ascii_alphabetic())
                && (is_word_like(letters) || letters.len() <= 5))
    };
    let words = parts
        .iter()
        .flat_map(|part| part.split('-'))
        .map(|piece| piece.trim_end_matches(|c: char| c.is_ascii_digit()))
        .filter(|piece| piece.len() >= 3 && is_spoken_word(piece))
        .count();
    (3..=12).contains(&parts.len())
        && words >= 2
        && parts.iter().all(|part| {
            !part.is_empty()
                && part.len() <= 40
                && part.split('-').all(|p| !p.is_empty() && piece_ok(p))
        })
}

/// `config.password`, `os.getenv("X")`, `ENV["X"]`, `secrets.TOKEN`, `vars.x`; a Go
/// pointer type (`*apiv3.Token`, a struct field's declared type).
fn is_code_expression(text: &str) -> bool {
    let ident_start = |c: char| c.is_ascii_alphabetic() || c == '_';
    let identifier = |p: &str| {
        p.starts_with(ident_start) && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    // A Go array, slice or pointer type (`[32]byte`, `*[16]byte`, `[]string`), a
    // declaration's type after a credential's name.
    let element = text
        .trim_start_matches('*')
        .strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .filter(|(length, _)| length.bytes().all(|b| b.is_ascii_digit()))
        .map(|(_, element)| element.trim_start_matches('*'));
    if element.is_some_and(|element| element.split('.').all(&identifier)) {
        return true;
    }
    if let Some(pointee) = text.strip_prefix('*') {
        let parts: Vec<&str> = pointee.split('.').collect();
        if parts.iter().all(|p| identifier(p))
            && (parts.len() >= 2 || !pointee.contains(|c: char| c.is_ascii_digit()))
            && parts
                .last()
                .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_uppercase()))
        {
            return true;
        }
    }
    if text.contains('(') && text.ends_with(')') {
        let head = &text[..text.find('(').unwrap_or(0)];
        if !head.is_empty()
            && head
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            return true;
        }
    }
    if text.contains('[') && text.ends_with(']') {
        let head = &text[..text.find('[').unwrap_or(0)];
        if !head.is_empty()
            && head
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            return true;
        }
    }
    // `config.password`; a qualified type with its package's version (`corev1.Secret`,
    // `apiv3.Token`, a struct field's declared type).
    let parts: Vec<&str> = text.split('.').collect();
    let Some((last, packages)) = parts.split_last() else {
        return false;
    };
    // A package's version ends its name (`corev1`, `apiv3`), never sits inside it.
    let versioned_package = |p: &&str| {
        identifier(p)
            && !p
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .contains(|c: char| c.is_ascii_digit())
    };
    let qualified_type = last.starts_with(|c: char| c.is_ascii_uppercase())
        && !last.contains(|c: char| c.is_ascii_digit())
        && is_type_like_noun(last)
        && packages.iter().all(versioned_package);
    // A name may end in a digit or two (`xa0._length` in minified code, a record's
    // field `users.tokenKey2`); a generated token's parts hold them inside
    // (`kq7vlm2hq9.zt4wr8nk3p`).
    let numbered_name = |p: &&str| {
        let stem = p.trim_end_matches(|c: char| c.is_ascii_digit());
        p.len() - stem.len() <= 2 && stem.len() >= 2 && !stem.contains(|c: char| c.is_ascii_digit())
    };
    // A module's constant (`settings.CMPP2_SP_SECRET`): lowercase names, then capitals,
    // digits and `_` with two parts or more.
    let constant_member = last.starts_with(|c: char| c.is_ascii_uppercase())
        && last.contains('_')
        && last
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && packages
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
    // A piece of random letters of both cases (`rvamcLuGwLpychw.l`, a generated password
    // holding a dot) names nothing, even with too few one-letter pieces for
    // `is_random_case`.
    let random_piece = |p: &&str| {
        is_random_case(p)
            || (p.len() >= 10 && super::validate::random_mixed_case_letters(p.as_bytes()))
    };
    parts.len() >= 2
        && parts.iter().all(|p| identifier(p))
        && !parts.iter().any(random_piece)
        && (!text.chars().any(|c| c.is_ascii_digit())
            || qualified_type
            || constant_member
            || parts.iter().all(numbered_name))
}

/// Whether a value a text rule took is code rather than a literal: a call, an index, a
/// dotted name, a qualified type or a dereferenced name (`MySqlDbType.VarString`,
/// `corev1.Secret`, `varchar(50)`, `*s3ScanSecret`), as a rule reading `password …` or
/// `Password, …` meets in code and DDL.
pub fn is_code_reference(value: &[u8]) -> bool {
    std::str::from_utf8(value).is_ok_and(|text| {
        // A column's type before the next column (`VARCHAR(256),`); an index's arithmetic
        // (`e.tokens.length-1` in minified code).
        let text = text.trim_end_matches([',', ';']);
        // A field named in a template or a filter (`@collection.users.tokenKey2`,
        // Razor's `@Model.Password`).
        let text = text.strip_prefix('@').unwrap_or(text);
        // A pointer dereferenced or a variable's address (`*s3ScanSecret` in a Go struct
        // literal, `&apiToken`): a name of words behind `*` or `&`, not random letters of
        // both cases that a password opens with `*` before (`*OnffLZHAqlSVYA7`).
        if let Some(name) = text.strip_prefix(['*', '&']) {
            if is_identifier_of_words(name)
                && name.len() >= 6
                && !super::validate::random_mixed_case_letters(name.as_bytes())
            {
                return true;
            }
        }
        // An Elixir function capture (`&Bcrypt.hash_pwd_salt/1`): a module's function and
        // its arity.
        if let Some((function, arity)) = text.strip_prefix('&').and_then(|t| t.rsplit_once('/')) {
            let dotted = function.split('.').all(|part| {
                part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '?' | '!'))
            });
            if dotted
                && function.contains('.')
                && (1..=2).contains(&arity.len())
                && arity.bytes().all(|b| b.is_ascii_digit())
            {
                return true;
            }
        }
        let without_offset = text
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .strip_suffix(['-', '+'])
            .filter(|rest| rest.len() + 4 >= text.len());
        is_code_expression(text) || without_offset.is_some_and(is_code_expression)
    })
}

/// Whether a value is written in a notation that names, points at or constrains something
/// rather than holding a secret: a path of words, validation rules, a command-line
/// option's name, an Ethereum address, a Markdown link, an algorithm's, a curve's, a key
/// store's or a sized type's name, a regular expression, a package's import path, a CSS
/// declaration, an HTTP header's name, a key file's path, an editor theme's scope name.
/// The text rules and the structured judge both ask it.
pub fn is_notation(value: &[u8]) -> bool {
    NOTATIONS.is_match(value)
        || is_validation_rules(value)
        || is_command_line_option(value)
        || is_hex_address(value)
        || is_markdown_link(value)
        || is_header_name(value)
        || std::str::from_utf8(value)
            .is_ok_and(|text| is_resource_path(text) || is_scope_name(text) || is_timestamp(text))
}

/// The notations [`is_notation`] knows by their shape alone, one pattern each, matched in
/// one pass over the value (every generic candidate is asked).
static NOTATIONS: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        // An algorithm's or a key store's name: a JSON Web Algorithm (RFC 7518: `HS256`,
        // `A192CBC-HS384`, `RSA-OAEP-256`, `ECDH-ES+A128KW`), a password hash or a digest
        // (`Argon2id`, `PBKDF2`, `sha256` in `DIGEST(password, 'sha256')`), a key store type
        // (`pkcs12`, `JKS`), an elliptic curve's name (`brainpoolP192t1`, `secp256k1`,
        // `prime256v1`, `P-384`; minified code names them in two-letter variables such as
        // `pw`), as libraries take them beside a key or a password: what the secret is made
        // for or kept in, not the secret.
        r"^(?:(?:HS|RS|ES|PS)(?:256|384|512)|ES256K|EdDSA|Ed25519|Ed448|A(?:128|192|256)(?:GCM|KW|GCMKW|CBC-HS(?:256|384|512))|RSA-OAEP(?:-256|-384|-512)?|RSA1_5|ECDH-ES(?:\+A(?:128|192|256)KW)?|PBES2-HS(?:256|384|512)\+A(?:128|192|256)KW|(?i:argon2(?:id|i|d)?|pbkdf[12](?:[-_]?(?:hmac[-_]?)?sha(?:1|256|512))?|pkcs(?:11|12)|jks|jceks|bks|sha-?(?:1|224|256|384|512)|sha3-(?:224|256|384|512)|blake2[bs]?(?:-?(?:256|512))?|md5)|brainpoolP(?:160|192|224|256|320|384|512)[rt]1|sec[pt](?:112|128|160|192|224|256|384|521|163|233|239|283|409|571)[rk][12]|prime(?:192|239|256)v[123]|P-(?:256|384|521)|X25519|X448|Ed25519ph)$",
        // A Java serialization stream in base64 (`rO0AB…`, the stream's magic `AC ED 00 05`),
        // as a deserialization test or lesson keeps an object: an object graph, not a key.
        r"^rO0AB[A-Za-z0-9+/]{20,}={0,2}$",
        // A schema migration's name, as Django (`0004_notifycredentialsconfig`,
        // `0003_auto_20170525_1109`) and Rails (`20170525110900_create_users`) number them,
        // listed in a dump's `django_migrations` rows beside the app they belong to
        // (`'credentials','0004_…'`).
        r"^(?:\d{4}|\d{14})_[a-z][a-z0-9_]*$",
        // A Java Cryptography Architecture algorithm's name (`HmacSHA256` in
        // `new SecretKeySpec(key, "HmacSHA256")`, `PBKDF2WithHmacSHA256`, `SHA256withRSA`,
        // `AES/GCM/NoPadding`), password-based encryption's among them, in any case (Jasypt's
        // `PBEWithMD5AndDES`, Bouncy Castle's `PBEWITHSHA256AND128BITAES-CBC-BC` after the
        // password it encrypts with): what the key is for, not the key.
        r"^(?:(?i:PBEWith(?:Hmac)?(?:SHA-?(?:1|224|256|384|512)?|MD[25])And[A-Za-z0-9_-]{3,40})|Hmac(?:SHA(?:1|224|256|384|512)|MD5)|PBKDF2WithHmacSHA(?:1|256|384|512)|(?:SHA(?:1|224|256|384|512)|MD5)with(?:RSA|ECDSA|DSA)(?:/PSS)?|(?:AES|DES|DESede|RSA|Blowfish|ChaCha20)/[A-Z0-9]+/[A-Za-z0-9]+Padding)$",
        // A document's anchor (`#section-3.2`, an RFC's section an OAuth server's error
        // points at) or a style sheet's id selector (`.show-password #pass1-text {`): `#`,
        // lowercase words, section numbers; a first word with a digit needs a second word.
        r"^#(?:[a-z]+|[a-z][a-z0-9]*[-_][a-z0-9]+)(?:[-_.][a-z0-9]+)*$",
        // A Python object reference (`meltano.core.state_store.s3.settings:AWS_SECRET_ACCESS_KEY`,
        // an entry point in `pyproject.toml`): a module's dotted path, `:` and a name.
        r"^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+:[A-Za-z_][A-Za-z0-9_.]*$",
        // A Signature Version 4 credential scope (`AKID/20160727/us-east-1/s3/aws4_request`,
        // a presigned URL's `X-Amz-Credential`): the access key's id, the day, the region and
        // the service. The id names a key; the secret signs the request and is not in it.
        r"^[A-Z0-9]{16,128}/\d{8}/[a-z0-9-]+/[a-z0-9-]+/aws4_request$",
        // A value dotenvx encrypted (`DISCORD_TOKEN=encrypted:BIZr…`: `encrypted:`, then the
        // base64 of an ECIES ciphertext, as `dotenvx encrypt` rewrites a `.env` file's
        // values under its `DOTENV_PUBLIC_KEY`): ciphertext. The private key that opens it
        // (`DOTENV_PRIVATE_KEY` in `.env.keys`) is a secret of its own.
        r"^encrypted:[A-Za-z0-9+/]{40,}={0,2}$",
        // An encrypted string in Bitwarden's notation (`2.<iv>|<ciphertext>|<mac>`, a type
        // digit then base64 parts joined by `|`), as its clients and tests keep a vault
        // item's fields and wrapped keys: ciphertext, not a secret in clear.
        r"^[0-9]\.[A-Za-z0-9+/]{16,}={0,2}(?:\|[A-Za-z0-9+/]{16,}={0,2}){1,2}$",
        // A data type's name with its width (`VARCHAR2`, `int64`, `float8`, `utf8mb4`), as
        // a table's or an attribute's definition writes it beside a column named `PASSWORD`
        // (`attributeinfo('PASSWORD','varchar2',1,…)`): a word and a digit, as a weak
        // password is, but a name every SQL and schema reader knows.
        r"^(?i:n?varchar2|u?int(?:8|16|32|64|128)|int[248]|float(?:4|8|32|64)|utf8mb[34]|latin1)$",
        // A character set's name (`ISO-8859-1`, `UTF-16LE`, `windows-1252`, `US-ASCII`), as
        // an encoder takes it after a user name and a password
        // (`encode(username, password, "ISO-8859-1")`).
        r"^(?i:iso-?8859-\d{1,2}|utf-(?:8|16|32)(?:le|be)?|us-ascii|windows-125\d|cp125\d|koi8-[ru]|shift_jis|euc-(?:jp|kr)|gb2312|gbk|big5)$",
        // A Go duration (`31h0m0s`, `1h30m`, `500ms`), as a token's lifespan is written.
        r"^(?:\d{1,6}(?:\.\d{1,3})?(?:ns|us|ms|h|m|s)){2,}$",
        // A SASL mechanism (`SCRAM-SHA-256`), as Kafka and PostgreSQL settings name it
        // beside a password.
        r"^(?i:scram-sha-(?:1|224|256|384|512))$",
        // Maven coordinates (`com.j256.two-factor-auth:two-factor-auth:1.3`, a Gradle
        // version catalog's library): a group, an artifact and a version.
        r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)+:[a-z0-9][a-z0-9._-]*:\d[0-9A-Za-z._-]*$",
        // A setting inside a setting (`repeatlast=0` after FFmpeg's `eof_action=pass:`,
        // `vpp_rkrga=format=bgra:afbc=1`): lowercase names, each `=` a short value, joined
        // by `:` or `,`, as filter graphs and option strings write them.
        r"^[a-z][a-z_]{2,}=[a-z0-9_.]{1,8}(?:=[a-z0-9_.]{1,8})?(?:[:,][a-z][a-z_]*=[a-z0-9_.]{1,8})*$",
        // A regular expression (`([a-f0-9]{48})`, `[A-Z0-9]{20}`): a bracket class with a
        // counted or open repetition after it, or a group's syntax (`(?:`, `(?P<`), as a
        // scanner's own rules or a validator write the shape a secret must have.
        // A name's spelling with its separator left open (`api[_-]?key`, a grep for
        // credential names in a secret scan's hook) is one too.
        r"\[[^\]\s]{1,40}\](?:\{\d{1,3}(?:,\d{0,3})?\}|[+*])|\(\?(?:[:=!]|P?<)|\\[dws][+*{]|[A-Za-z0-9]\[[^\]\sA-Za-z0-9]{1,8}\]\?[A-Za-z]",
        // A package's import path (`github.com/rancher/rancher/tests/v2/actions/secrets`,
        // `k8s.io/kubernetes/pkg/serviceaccount`, a Go import named `secret` or `token`,
        // and a type named by its package; `js.stripe.com/v3`, a script's address without
        // its scheme): a host, then path segments. Base64 has no `.` and a key no host
        // before its first `/`.
        r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}(?:/[A-Za-z0-9._~-]+)+$",
        // A host's name (`project-one-12345.hasura.app`, `db-1.eu-west.example.com`):
        // three or more lowercase labels, the last a common top-level domain, as prose and
        // tests name the host a secret belongs to (`a hasura domain without a secret: …`).
        r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+\.(?:com|net|org|io|app|dev|cloud|ai|co|me|sh|xyz|tech|site|local|internal|test|example)$",
        // A Google Cloud resource's name (`projects/p/locations/l/keyRings/r/cryptoKeys/k`, a
        // KMS key a release is signed with; `projects/p/topics/t`; a Secret Manager
        // secret's `projects/1054912425479/secrets/bigquery_credentials/versions/latest`,
        // as an error message quotes it, the project by its id or its number): the
        // resource, not a secret in it.
        r"^projects/(?:[a-z][a-z0-9-]{4,28}[a-z0-9]|[0-9]{6,15})/(?:locations|topics|subscriptions|serviceAccounts|instances|datasets|keyRings|buckets|repositories|secrets)/[A-Za-z0-9._@/-]+$",
        // A CSS declaration (`white-space:pre-wrap;`, an editor snippet's expansion under
        // the abbreviation `whs:pw`): a property's name of lowercase words joined by `-`,
        // `:`, a value of words, numbers and units, and the closing `;`.
        r"^[a-z]{2,}(?:-[a-z]+)+:[ ]?[a-z0-9#.%() -]{1,40};$",
        // The path of a key, certificate or configuration file (`test_certs/ec256-private.pem`,
        // `keys/prod.p12`), or of a media or project file (App Store Connect's asset tokens,
        // `Purple62/v4/08/0a/04/080a0430-…/mzl.pbcpzqyg.jpg`; an Xcode project's relative
        // path): a relative or absolute path whose last segment ends in such a file's
        // extension. The file may hold a secret; its name does not, and base64 holds no `.`.
        r"^[A-Za-z0-9._~-]*(?:/[A-Za-z0-9._~-]+)+\.(?i:pem|key|crt|cer|der|p8|p12|pfx|jks|keystore|ppk|pub|gpg|asc|json|ya?ml|toml|ini|conf|cfg|env|txt|png|jpe?g|gif|svg|webp|ico|bmp|tiff?|heic|mov|mp4|m4v|webm|mp3|m4a|wav|pdf|geojson|csv|xml|html?|xcodeproj|xcworkspace|zip|tar|gz|tgz)$",
        // A key or certificate file's bare name (`--file.private-key='rsa.1024.pkcs8.pem'`,
        // `server.key`), as a command's option gives it.
        r"^[A-Za-z0-9][A-Za-z0-9._~-]*\.(?i:pem|key|crt|cer|der|p8|p12|pfx|jks|keystore|ppk|gpg|asc)$",
        // A measure written as an adjective (`3000-char`, `256-bit`, `400d-old`), as a test
        // plan's `Pass:` lines and prose put one after a label: a number, maybe a unit's
        // letter, `-` and a lowercase word.
        r"^[0-9]+[a-z]{0,2}-[a-z]{2,12}$",
        // A JSON reference into a document (`#/components/schemas/TokenUserFactor`, an
        // OpenAPI discriminator's mapping under a `token` value): where a schema is
        // defined, not a value.
        r"^#/[A-Za-z0-9_.~-]+(?:/[A-Za-z0-9_.~-]+)*$",
    ])
    .expect("valid patterns")
});

/// Whether a value is `0x` and forty hex digits: an Ethereum address (or a key's
/// fingerprint), public, where a private key has sixty-four.
fn is_hex_address(value: &[u8]) -> bool {
    value.len() == 42 && value.starts_with(b"0x") && value[2..].iter().all(u8::is_ascii_hexdigit)
}

/// Whether a value is a list of validation rules (`required|minLength:8`,
/// `required|min:8|max:64`, as a form library's docs write a password field's
/// constraints): two or more rules joined by `|`, each a name of words and maybe `:` and
/// its arguments.
fn is_validation_rules(value: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(value) else {
        return false;
    };
    let rules: Vec<&str> = text.split('|').collect();
    rules.len() >= 2
        && rules.iter().all(|rule| {
            let (name, arguments) = rule.split_once(':').unwrap_or((rule, ""));
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
                && reads_as_words(name)
                && arguments
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, ',' | '.' | '_'))
        })
}

/// Whether a value is a Markdown link (`[FlattenedJWE](types.flattenedjwe.md)`, a type
/// in a generated API table): text in brackets, then a target in parentheses.
fn is_markdown_link(value: &[u8]) -> bool {
    value.starts_with(b"[")
        && value.ends_with(b")")
        && memchr::memmem::find(value, b"](").is_some_and(|at| at > 1)
}

/// Whether a value is an HTTP header's name (`x-amz-server-side-encryption-customer-key-MD5`,
/// `X-Api-Key`): `x-` and two or more words or short tags joined by `-`, as an SDK's table
/// of request parameters maps a key's name to the header that carries it. Each word is
/// written as header names are (see [`is_header_word_case`]); random letters of both cases
/// joined by `-` (`X-gQfQgOhbzECBt3-D7-zpc`, a generated password) are not.
fn is_header_name(value: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(value) else {
        return false;
    };
    let Some(rest) = text.strip_prefix("x-").or_else(|| text.strip_prefix("X-")) else {
        return false;
    };
    let parts: Vec<&str> = rest.split('-').collect();
    parts.len() >= 2
        && parts.iter().all(|part| {
            is_header_word_case(part.as_bytes()) && is_word_then_digits(&part.to_ascii_lowercase())
        })
}

/// Whether a header name's word is cased as people write one: in one case (`amz`, `MD5`)
/// or as capitalised words run together (`Api`, `WireMock`, `OAuth`), each run of
/// capitals followed by two lowercase letters or more. Random letters of both cases
/// (`gQfQgOhbzECBt3`) open in lowercase or hold a capital followed by one lowercase letter.
fn is_header_word_case(word: &[u8]) -> bool {
    if word.iter().all(|b| !b.is_ascii_lowercase()) || word.iter().all(|b| !b.is_ascii_uppercase())
    {
        return true;
    }
    let letters = word
        .iter()
        .position(u8::is_ascii_digit)
        .map_or(word, |digits| &word[..digits]);
    if !letters.first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    letters
        .chunk_by(|a, b| a.is_ascii_uppercase() == b.is_ascii_uppercase())
        .skip(1)
        .step_by(2)
        .all(|lowercase| lowercase.len() >= 2)
        && letters.last().is_some_and(u8::is_ascii_lowercase)
}

/// Whether a value is a command-line option's name (`--scheduler-k3s-autoscaling-auth.
/// datadog.apiKey`, a flag a test passes): `--`, a letter, then letters, digits and
/// `-`, `.`, `_`. The option's value, not its name, would be the credential.
fn is_command_line_option(value: &[u8]) -> bool {
    value.starts_with(b"--")
        && value.get(2).is_some_and(u8::is_ascii_alphabetic)
        && value[2..]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
}

/// Whether a value is a variable's name: an identifier of one to six words, each maybe
/// with digits after it (`google_oauth2_access_token`, `keyRSA2048`, `dbPassword`). A
/// key of random letters and digits (`Xk9Lm2Pq7vT4`) has parts that read as no word.
/// One word with digits after it (`admin123`, `hunter2`) is a weak password's shape as
/// much as a name's, and config embedded in a test's string writes it unquoted: not a
/// name alone.
pub fn is_variable_name(value: &[u8]) -> bool {
    std::str::from_utf8(value).is_ok_and(|text| {
        is_identifier_of_words(text)
            && !(key_tokens(text).len() == 1 && text.ends_with(|c: char| c.is_ascii_digit()))
    })
}

/// Whether a value is names joined by `+` (`console1+console2`), each an identifier of
/// words as [`is_variable_name`] reads them, one word with digits included: the `+` makes
/// it an expression, not a password.
pub fn is_sum_of_names(value: &[u8]) -> bool {
    std::str::from_utf8(value)
        .is_ok_and(|text| text.contains('+') && text.split('+').all(is_identifier_of_words))
}

/// Whether a name's mixed case reads as random letters rather than words: it splits into
/// three pieces of a letter or two or more (`kaNeYtfzxwTsEEztUDAan`: `ka`, `ne`, `ts`, …),
/// as a generated password does, where a name of words has two at most (`MySqlDbType`).
fn is_random_case(text: &str) -> bool {
    text.contains(|c: char| c.is_ascii_uppercase())
        && text.contains(|c: char| c.is_ascii_lowercase())
        && short_pieces(&key_tokens(text)) >= 3
}

/// How many of a name's words are a letter or two (digits after them aside): pieces a
/// name of words holds one or two of, random mixed case many.
fn short_pieces(tokens: &[String]) -> usize {
    tokens
        .iter()
        .filter(|t| t.trim_end_matches(|c: char| c.is_ascii_digit()).len() <= 2)
        .count()
}

/// An identifier of one to six words, each maybe with digits after it; random mixed case
/// splits into pieces of a letter or two (`sVNoccqwvXxE`: `s`, `v`, `xx`, `e`), and a
/// name has one such piece at most (`dbPassword`).
fn is_identifier_of_words(text: &str) -> bool {
    is_identifier_of_words_with(text, 1)
}

/// [`is_identifier_of_words`] allowing `short` pieces of a letter or two.
fn is_identifier_of_words_with(text: &str, short: usize) -> bool {
    let tokens = key_tokens(text);
    text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && (1..=6).contains(&tokens.len())
        && short_pieces(&tokens) <= short
        && tokens.iter().all(|t| is_word_then_digits(t))
}

/// Whether a value is a lowercase snake-case name of three words or more, a word maybe
/// with digits after it (`restic_s3_bucket`, the key an External Secret writes a value
/// under): a name. A counter between its words is a name's too (`client_1_private`, a
/// test's second client; `s3_us_east_1_regional_endpoint`, a setting's name), and a name
/// of five words or more may hold two short ones (`us`, `s3`). A password of words has a
/// number of its own at its end (`summer_beach_2024`) or fewer parts.
pub fn is_snake_case_name(text: &str) -> bool {
    let parts: Vec<&str> = text.split('_').collect();
    let is_counter = |at: usize, part: &str| {
        at > 0
            && at + 1 < parts.len()
            && (1..=2).contains(&part.len())
            && part.bytes().all(|b| b.is_ascii_digit())
    };
    let words: Vec<&str> = parts
        .iter()
        .enumerate()
        .filter(|&(at, part)| !is_counter(at, part))
        .map(|(_, part)| *part)
        .collect();
    let short_allowed = if words.len() >= 5 { 2 } else { 1 };
    parts.len() >= 3
        && words.len() >= 2
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && is_identifier_of_words_with(&words.join("_"), short_allowed)
}

/// Whether a value is a class or type name of capitalised words (`OAuth2TestsMixin`,
/// `TestCase`, `LinkedInProvider`): two to six words, each maybe with digits after it,
/// the first capitalised. A key of random letters (`Cl0sUJ7SmYJT1Cwe`) splits into parts
/// that read as no word.
pub fn is_class_name(value: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(value) else {
        return false;
    };
    text.starts_with(|c: char| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric())
        && text.chars().any(|c| c.is_ascii_lowercase())
        && key_tokens(text).len() >= 2
        && is_type_like_noun(text)
}

/// A type or class name that says what the value holds (`Base32SecretKey`, `HexString`,
/// `AesGcmKey`): capitalised words, the last one a credential or encoding word. A
/// TypeScript parameter's annotation (`secret: Base32SecretKey`) reads like a label and
/// its value.
fn is_type_name(text: &str) -> bool {
    const LAST_WORDS: &[&str] = &[
        "key",
        "keys",
        "token",
        "secret",
        "password",
        "credential",
        "credentials",
        "string",
        "bytes",
        "buffer",
        "value",
        "type",
        "array",
    ];
    let tokens = key_tokens(text);
    text.starts_with(|c: char| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric())
        && (2..=5).contains(&tokens.len())
        && tokens
            .last()
            .is_some_and(|last| LAST_WORDS.contains(&last.as_str()))
        && tokens.iter().all(|t| is_word_then_digits(t))
}

/// A word, then maybe digits (`base32`, `aes256`, `sha1`, `win32`): a name's part, where
/// the digits are a version or a size, not random ones.
pub fn is_word_then_digits(token: &str) -> bool {
    let letters = token.trim_end_matches(|c: char| c.is_ascii_digit());
    !letters.is_empty() && is_word_like(letters)
}

/// A label naming a credential, as an i18n file translates it (`2FA-Token`, `API Key`,
/// `Zugangs-Token`): two to four words and short capital acronyms joined by `-` or a
/// space, one of them capitalised or an acronym, the last a credential's noun. The digit
/// of an acronym (`2FA`) is not a random one. An identifier (`MY_GITHUB_TOKEN`) or a
/// password of lowercase words (`top-secret`) is not a label.
pub fn is_credential_label(text: &str) -> bool {
    // Most values it is asked about (every generic candidate) are one word: no split.
    if !text.contains(['-', ' ']) {
        return false;
    }
    const NOUNS: &[&str] = &[
        "token",
        "key",
        "password",
        "passphrase",
        "secret",
        "code",
        "pin",
        "credential",
        "credentials",
    ];
    let parts: Vec<&str> = text.split(['-', ' ']).collect();
    (2..=4).contains(&parts.len())
        && parts
            .last()
            .is_some_and(|last| NOUNS.contains(&last.to_lowercase().as_str()))
        && parts
            .iter()
            .all(|part| is_acronym(part) || is_label_word(part))
        && parts
            .iter()
            .any(|part| is_acronym(part) || is_capitalised(part))
}

/// A constant's name in capitals and underscores, maybe behind a lowercase prefix
/// (`ARGON2_FLAG_CLEAR_PASSWORD`, `AES256_KEY_SIZE`, a PHP plugin's `yourls_DB_NAME`):
/// words, each maybe with digits after it, as a README or a header names another value,
/// or code passes it as an argument. A password someone chose in capitals holds no three
/// such words. A number may close the name (`SERVICE_URL_UMAMI_3000`, a port in a
/// variable Coolify generates) after three such parts, or numbers (`RESOURCE_ID_NAME_3_14`,
/// an LwM2M object's resource).
pub fn is_constant_name(text: &str) -> bool {
    let mut parts: Vec<&str> = text.split('_').collect();
    while parts.len() >= 4 && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit()) {
        parts.pop();
    }
    let in_capitals = |part: &&str| !part.bytes().any(|b| b.is_ascii_lowercase());
    let lowercase_prefix = parts[0].bytes().all(|b| b.is_ascii_lowercase());
    // A short part may hold a digit anywhere (`B2C`, `K8S`, `EC2`, `LWM2M`): an acronym.
    let word = |part: &&str| is_word_then_digits(&part.to_ascii_lowercase());
    let acronym = |part: &&str| {
        part.bytes().any(|b| b.is_ascii_alphabetic())
            && ((2..=3).contains(&part.len())
                || (part.len() <= 5 && part.bytes().filter(u8::is_ascii_digit).count() == 1))
    };
    parts.len() >= 3
        && text.starts_with(|c: char| c.is_ascii_alphabetic())
        && (lowercase_prefix || in_capitals(&parts[0]))
        && parts[1..].iter().all(in_capitals)
        && parts.iter().all(|part| word(part) || acronym(part))
        && parts.iter().filter(|part| word(part)).count() >= 2
}

/// A camelCase name of three words or more with a counter of one or two digits
/// (`defaultToConfig2`, minified code's helper; `mergeDeepProperties1`): code, not a
/// password. Two words (`myPassword1`) are left to the other tests.
fn is_numbered_identifier(text: &str) -> bool {
    let stem = text.trim_end_matches(|c: char| c.is_ascii_digit());
    let tokens = key_tokens(stem);
    (1..=2).contains(&(text.len() - stem.len()))
        && stem.starts_with(|c: char| c.is_ascii_lowercase())
        && stem.chars().all(|c| c.is_ascii_alphabetic())
        && tokens.len() >= 3
        && tokens.iter().all(|t| is_spoken_word(t))
}

/// A slug of three words or more joined by `-` or `_` with the marks of a generated name
/// among them: a one-letter part, a doubled separator, a camelCase part or five parts
/// or more, beside small numbers (`minio-test-accessKeyKey-6-a`, a test's stand-in;
/// `pipelinechannel--param-to-artifact-2-a`, a compiled pipeline's channel;
/// `runtime-base-images-list-hash-2026-07-15`, a cache key). A password of words has a
/// number of its own and few parts (`summer-beach-2024`); random characters are no words.
fn is_structured_slug(text: &str) -> bool {
    if text.len() > 100 || !text.contains(['-', '_']) {
        return false;
    }
    let parts: Vec<&str> = text.split(['-', '_']).collect();
    let camel = |part: &str| {
        part.starts_with(|c: char| c.is_ascii_lowercase())
            && part.bytes().all(|b| b.is_ascii_alphabetic())
            && part.bytes().any(|b| b.is_ascii_uppercase())
            && key_tokens(part).iter().all(|t| is_spoken_word(t))
    };
    let word = |part: &str| part.len() >= 3 && is_spoken_word(part);
    let small_number =
        |part: &str| (1..=4).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
    let letter = |part: &str| part.len() == 1 && part.bytes().all(|b| b.is_ascii_lowercase());
    let empty = parts.iter().filter(|p| p.is_empty()).count();
    let filled = parts.len() - empty;
    let fits = parts
        .iter()
        .all(|&p| p.is_empty() || is_spoken_word(p) || camel(p) || small_number(p) || letter(p));
    let words = parts.iter().filter(|&&p| word(p) || camel(p)).count();
    let generated = empty > 0 || parts.iter().any(|&p| letter(p) || camel(p)) || filled >= 5;
    fits && empty <= 2 && words >= 3 && generated
}

/// A token of two letters or more with a vowel (`to`, `config`): a word a name is made
/// of, where random capitals split a key into single letters and runs like `hcd`.
fn is_spoken_word(token: &str) -> bool {
    token.len() >= 2 && token.contains(['a', 'e', 'i', 'o', 'u', 'y']) && is_word_like(token)
}

/// Whether `text` names a release, a resource or a model rather than holding a secret: a
/// versioned slug (`etcd-cluster-01`), an AI model's name (`openai/gpt-5`), a container
/// image's reference (`registry.goharbor.io/nightly/goharbor/harbor-log:v1.10.0`) or a
/// generated name's slug (`pipelinechannel--param-to-artifact-2-a`).
pub fn names_a_resource(text: &str) -> bool {
    is_versioned_slug(text)
        || is_model_name(text)
        || is_image_reference(text)
        || is_structured_slug(text)
}

/// A container image's reference: a registry's host (a dotted name), a lowercase
/// repository path, and a tag after `:` (`registry.goharbor.io/library/kong:latest`).
fn is_image_reference(text: &str) -> bool {
    let Some((name, tag)) = text.rsplit_once(':') else {
        return false;
    };
    let Some((registry, repository)) = name.split_once('/') else {
        return false;
    };
    let lowercase_name = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
    };
    registry.contains('.')
        && lowercase_name(registry)
        && repository.split('/').all(lowercase_name)
        && !tag.is_empty()
        && tag.len() <= 128
        && tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

/// A name of lowercase words with a version of small numbers after them, joined by `-`
/// (`claude-sonnet-4-6`, a model's name passed after an API key; `etcd-cluster-01`), or
/// with a version tag before them (`v4-beta-intro-dialog-seen`, a browser storage key):
/// a release or a resource named, not a secret.
fn is_versioned_slug(text: &str) -> bool {
    let is_word =
        |w: &&str| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase()) && is_spoken_word(w);
    if let Some((tag, rest)) = text.split_once('-') {
        let version_tag = tag.len() <= 3
            && tag.strip_prefix('v').is_some_and(|digits| {
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
            });
        let words: Vec<&str> = rest.split('-').collect();
        if version_tag && words.len() >= 2 && words.iter().all(is_word) {
            return true;
        }
    }
    let parts: Vec<&str> = text.split('-').collect();
    let numbers = parts
        .iter()
        .rev()
        .take_while(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        .count();
    let words = &parts[..parts.len() - numbers];
    numbers >= 1 && words.len() >= 2 && words.iter().all(is_word)
}

/// Families of AI models, as their names open (`gpt-5`, `claude-sonnet-4-6`, `qwen2.5`).
const MODEL_FAMILIES: &[&str] = &[
    "chatgpt",
    "gpt",
    "o1",
    "o3",
    "o4",
    "claude",
    "gemini",
    "gemma",
    "codellama",
    "llama",
    "mistral",
    "mixtral",
    "codestral",
    "ministral",
    "qwen",
    "qwq",
    "deepseek",
    "grok",
    "chatglm",
    "glm",
    "phi",
    "kimi",
    "nemotron",
    "granite",
    "command",
    "sonar",
];

/// An AI model's name, maybe after its provider (`gemini/gemini-2.5-pro-exp-03-25`,
/// `openai/gpt-5`, `cline-free/glm-5`, `Qwen/Qwen2.5-72B-Instruct`): a model family's
/// name, then parts that are words, versions or sizes (`2.5`, `72b`, `4o`, `0325`), at
/// least one of them a number, and a separator (`gemini2024` is a password). What an
/// agent's configuration pairs with an API key's name (`("GEMINI_API_KEY", "gemini/…")`),
/// never a key: a random value's parts mix letters and digits.
fn is_model_name(text: &str) -> bool {
    let (providers, name) = text.rsplit_once('/').unwrap_or(("", text));
    let lower = name.to_ascii_lowercase();
    let Some(family) = MODEL_FAMILIES.iter().find(|f| lower.starts_with(*f)) else {
        return false;
    };
    let rest = &lower[family.len()..];
    let is_part = |part: &str| {
        let digits = part.bytes().take_while(u8::is_ascii_digit).count();
        (digits > 0 && part.len() - digits <= 1 && part.bytes().all(|b| b.is_ascii_alphanumeric()))
            || (part.len() >= 2 && part.bytes().all(|b| b.is_ascii_lowercase()))
    };
    providers.split('/').all(|p| {
        p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }) && rest.bytes().any(|b| b.is_ascii_digit())
        && rest.contains(['-', '.', ':'])
        && rest
            .split(['-', '.', ':', '_'])
            .filter(|part| !part.is_empty())
            .all(is_part)
}

/// A list of names in capitals (`BW-GHAPP-ID,BW-GHAPP-KEY`, a workflow's `secrets:`
/// input naming the secrets it fetches; `DB_USER, DB_PASSWORD`): two or more items joined
/// by `,`, each of two or more parts of capitals and digits joined by `-` or `_`, the
/// first part opening with a letter. It names secrets; a password holds no such list.
fn is_list_of_names(text: &str) -> bool {
    let name = |item: &str| {
        let parts: Vec<&str> = item.split(['-', '_']).collect();
        parts.len() >= 2
            && item.starts_with(|c: char| c.is_ascii_uppercase())
            && parts.iter().all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                    && part.bytes().any(|b| b.is_ascii_uppercase())
            })
    };
    let items: Vec<&str> = text.split(',').map(str::trim).collect();
    items.len() >= 2 && items.iter().all(|item| name(item))
}

/// The names of credentials in snake or kebab case, one or a list joined by `,`
/// (`kafka1_keystore_creds`, the file Confluent's images read a key store's password
/// from; `postgresql-credentials,pubsub-credentials`, the Secrets a Debezium server
/// mounts): each opening with a lowercase letter, of two to six parts (three or more
/// when alone), words with a counter or not and short tags, a part maybe in camel case,
/// the last a credential's noun. Where the credential is kept, not the credential; a
/// generated secret does not split into words ending in its own kind.
pub fn names_credentials(text: &str) -> bool {
    const NOUNS: &[&str] = &[
        "creds",
        "cred",
        "credential",
        "credentials",
        "secret",
        "secrets",
        "token",
        "tokens",
        "key",
        "keys",
        "password",
        "passwords",
        "passwd",
        "keystore",
        "truststore",
    ];
    if !text.starts_with(|c: char| c.is_ascii_lowercase()) || !text.contains(['_', '-']) {
        return false;
    }
    let name = |item: &str| {
        // Parts may be written in camel case (`srcKafka1_keystore_creds`).
        let lowercase = item.to_ascii_lowercase();
        let parts: Vec<&str> = lowercase.split(['_', '-']).collect();
        (2..=6).contains(&parts.len())
            && item.starts_with(|c: char| c.is_ascii_lowercase())
            && parts.last().is_some_and(|last| NOUNS.contains(last))
            && parts.iter().all(|part| {
                is_short_tag(part.as_bytes()) || is_tagged_word(part) || is_word_then_digits(part)
            })
    };
    // Two words alone may be a password chosen as a phrase (`top_secret`): a lone name
    // needs three parts, a list two items.
    let items: Vec<&str> = text.split(',').collect();
    items.iter().all(|item| name(item))
        && (items.len() >= 2 || items[0].split(['_', '-']).nth(2).is_some())
}

/// A Kubernetes object's generated name, maybe after its namespace
/// (`cattle-global-data:cc-26b5h`, `cluster-serviceaccounttoken-cjgqx`): words joined by
/// `-`, then the five characters `generateName` appends, drawn from its alphabet without
/// vowels. A reference to the Secret that holds the credential, not the credential.
fn is_generated_object_name(text: &str) -> bool {
    const SUFFIX_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let name = match text.rsplit_once(':') {
        Some((namespace, name)) if namespace.split('-').all(is_word_like) => name,
        Some(_) => return false,
        None => text,
    };
    name.rsplit_once('-').is_some_and(|(words, suffix)| {
        suffix.len() == 5
            && suffix.bytes().all(|b| SUFFIX_ALPHABET.contains(&b))
            && words.split('-').all(is_word_like)
    })
}

/// A PowerShell cmdlet's name (`Get-LsaCredential`, `Export-LsaAuthToken`,
/// `Set-Win32SecurityDescriptor`): an approved verb, `-`, and a noun of capitalised
/// words, as a module manifest lists the cmdlets it exports.
fn is_cmdlet_name(text: &str) -> bool {
    const VERBS: &[&str] = &[
        "Add",
        "Approve",
        "Backup",
        "Block",
        "Clear",
        "Close",
        "Compare",
        "Complete",
        "Connect",
        "Convert",
        "ConvertFrom",
        "ConvertTo",
        "Copy",
        "Debug",
        "Disable",
        "Disconnect",
        "Enable",
        "Enter",
        "Exit",
        "Expand",
        "Export",
        "Find",
        "Format",
        "Get",
        "Grant",
        "Import",
        "Initialize",
        "Install",
        "Invoke",
        "Join",
        "Limit",
        "Lock",
        "Measure",
        "Merge",
        "Move",
        "New",
        "Open",
        "Protect",
        "Publish",
        "Read",
        "Receive",
        "Register",
        "Remove",
        "Rename",
        "Repair",
        "Request",
        "Reset",
        "Resolve",
        "Restart",
        "Restore",
        "Resume",
        "Revoke",
        "Save",
        "Search",
        "Select",
        "Send",
        "Set",
        "Show",
        "Skip",
        "Split",
        "Start",
        "Stop",
        "Submit",
        "Suspend",
        "Switch",
        "Sync",
        "Test",
        "Trace",
        "Unblock",
        "Undo",
        "Uninstall",
        "Unlock",
        "Unprotect",
        "Unpublish",
        "Unregister",
        "Update",
        "Use",
        "Wait",
        "Watch",
        "Write",
    ];
    let Some((verb, noun)) = text.split_once('-') else {
        return false;
    };
    VERBS.contains(&verb)
        && noun.starts_with(|c: char| c.is_ascii_uppercase())
        && noun.bytes().all(|b| b.is_ascii_alphanumeric())
        && is_type_like_noun(noun)
}

/// A noun of capitalised words, each maybe with digits after it (`LsaAuthToken`,
/// `Win32SecurityDescriptor`).
fn is_type_like_noun(noun: &str) -> bool {
    let tokens = key_tokens(noun);
    !tokens.is_empty() && tokens.len() <= 6 && tokens.iter().all(|t| is_word_then_digits(t))
}

/// A translated term that opens with an acronym (`SMTP-Authentifizierung`,
/// `SMTP-authenticatietype`, `LDAP Gruppe`): an acronym, then one to three words, joined
/// by `-` or a space, no digit outside the acronym. A password of capitals and random
/// letters (`SMTP-Qwrtzkplm`) has no word after its acronym.
fn is_acronym_term(text: &str) -> bool {
    if !text.contains(['-', ' ']) {
        return false;
    }
    let parts: Vec<&str> = text.split(['-', ' ']).collect();
    (2..=4).contains(&parts.len())
        && is_acronym(parts[0])
        && parts[1..].iter().all(|part| is_label_word(part))
}

/// A short run of capitals, maybe with digits (`API`, `2FA`, `SMTP`).
fn is_acronym(part: &str) -> bool {
    (2..=5).contains(&part.len())
        && part
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && part.bytes().any(|b| b.is_ascii_uppercase())
}

/// A word with a capital first letter and lowercase letters after it (`Token`, `Schlüssel`).
fn is_capitalised(part: &str) -> bool {
    part.chars().next().is_some_and(char::is_uppercase)
        && part.chars().skip(1).all(char::is_lowercase)
}

/// A word of a label: capitalised or in lowercase, reading as a word.
fn is_label_word(part: &str) -> bool {
    (is_capitalised(part) || part.chars().all(char::is_lowercase))
        && is_word_like(&part.to_lowercase())
}

/// A camelCase, snake_case or kebab-case identifier made of dictionary-like parts.
fn is_identifier_like(text: &str) -> bool {
    let tokens = key_tokens(text);
    !tokens.is_empty() && tokens.len() <= 6 && tokens.iter().all(|t| is_word_like(t))
}

/// A camel-case identifier of two to six words of three letters or more, letters only
/// (`ApiConfiguration`, a TypeScript parameter's type after a provider's name in a
/// function's): what a loose provider format (sixteen letters and digits) may meet in
/// code, never a generated key, whose changes of case cut it into short pieces.
pub fn is_compound_identifier(text: &str) -> bool {
    spoken_camel_case_words(text, 3).is_some_and(|words| (2..=6).contains(&words))
}

/// Whether a value is a phrase of five words or more run together in camel case
/// (`useJsonPayloadFormatForDefaultDownlinkTopics`, a form control's name that fits a
/// 44-character key's shape after `TypeForm.get(`), short words (`For`, `To`) among them.
/// Random letters of both cases split into pieces of a letter or two at every change of
/// case, and five readable words in a row are not drawn.
pub fn is_camel_case_phrase(value: &[u8]) -> bool {
    std::str::from_utf8(value)
        .ok()
        .and_then(|text| spoken_camel_case_words(text, 2))
        .is_some_and(|words| words >= 5)
}

/// How many words a letters-only camel-case identifier is made of, when each is a spoken
/// word of `shortest` letters or more (else `None`): what [`is_compound_identifier`] and
/// [`is_camel_case_phrase`] count.
fn spoken_camel_case_words(text: &str, shortest: usize) -> Option<usize> {
    if !text.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let tokens = key_tokens(text);
    tokens
        .iter()
        .all(|t| t.len() >= shortest && is_spoken_word(t))
        .then_some(tokens.len())
}

/// A value made of dictionary-like words: an identifier (`dbPassword`, at most six
/// words), or up to sixteen lowercase words joined by `_`, `-` or `.`
/// (`phar-filter-tokenizer-mbstring-ctype-zlib-curl-openssl`, a list of PHP extensions;
/// `you_must_generate_a_random_string_of_more_than_twenty_chars`, an instruction). Not
/// more words split at changes of case: random mixed-case letters (`BjhXuZMDpvFqaYQl`)
/// split into many short pieces that each pass for a word.
fn reads_as_words(text: &str) -> bool {
    let parts: Vec<&str> = text.split(['_', '-', '.']).collect();
    is_identifier_like(text)
        || ((7..=16).contains(&parts.len())
            && parts
                .iter()
                .all(|part| !part.is_empty() && is_word_like(part)))
}

/// A lowercase token that reads as a word: at most 14 letters, with a vowel unless it
/// has three letters or fewer (`api`, `db`). Letters beyond ASCII count (`schlüssel`,
/// `contraseña`, the words of a translation); any of them stands in for a vowel. A longer
/// token (a German compound such as `authentifizierung`, `internationalization`,
/// `authentifizierungsverwaltung`) reads as a word up to 32 letters when 28% of them are
/// vowels and no five consonants run together (`gruppenzuordnung`: 31%), which random
/// letters seldom manage together.
fn is_word_like(token: &str) -> bool {
    let is_vowel = |c: char| "aeiouy".contains(c) || !c.is_ascii();
    let letters = token.chars().count();
    if !token.chars().all(char::is_lowercase) {
        return false;
    }
    if letters <= 14 {
        return letters <= 3 || token.chars().any(is_vowel);
    }
    let vowels = token.chars().filter(|&c| is_vowel(c)).count();
    let longest_consonant_run = token
        .split(is_vowel)
        .map(|run| run.chars().count())
        .max()
        .unwrap_or(0);
    letters <= 32 && vowels * 100 >= letters * 28 && longest_consonant_run < 5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(key: &str, value: &str) -> bool {
        matches!(judge(key, value.as_bytes()), Verdict::Secret { .. })
    }

    fn reference(key: &str, value: &str) -> Option<(ReferenceKind, String)> {
        match judge(key, value.as_bytes()) {
            Verdict::Reference { kind, target } => Some((kind, target)),
            _ => None,
        }
    }

    /// A variable's literal default is judged as the value: `${DB_PASSWORD:-…}` runs with
    /// it when the variable is unset.
    #[test]
    fn a_variables_literal_default_is_judged_as_the_value() {
        let value = "${DB_PASSWORD:Wq4vLz8pKm2T}";
        assert_eq!(
            judge("password", value.as_bytes()),
            Verdict::Secret { start: 14, end: 26 }
        );
        assert!(secret("api_key", "${API_KEY:-Hn3Vq8Lz5Wk2Tr7Xc9Pb4Md6}"));
        assert!(secret(
            "secret",
            "${ledger.api.secret:Hn3Vq8Lz5Wk2Tr7Xc9Pb4Md6}"
        ));
        for value in [
            "${DB_PASSWORD:-changeme}",
            "${DB_PASSWORD:}",
            "${DB_PASSWORD}",
            "${DB_PASSWORD:-${FALLBACK_PASSWORD}}",
            // the shell's alternative when set (a file's path) and error message
            "${HUB_GOOGLE_APPLICATION_CREDENTIALS:+/secrets/gcp.json}",
            "${DB_PASSWORD:?Hn3Vq8Lz5Wk2Tr7Xc9Pb4Md6 must be set}",
        ] {
            assert!(
                matches!(
                    reference("password", value),
                    Some((ReferenceKind::EnvVar, _))
                ),
                "{value}"
            );
        }
        // Under a name that is no secret's, a default is configuration.
        assert!(!secret("DB_HOST", "${DB_HOST:db-7f3k9q2.internal}"));
    }

    #[test]
    fn password_in_other_languages_names_a_secret() {
        for key in [
            "senha",
            "DB_SENHA",
            "contraseña",
            "smtpPasswort",
            "mot_de_passe",
            // a properties file's dotted name
            "mot.de.passe",
            "db.kata.sandi",
            "hasło",
            "пароль",
            "kata_sandi",
            "密码",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        // Italian `parole` (words) is not a password, nor the URL of one.
        assert!(!is_secret_key("parole"));
        assert!(!is_secret_key("senha_url"));
        assert!(secret("senha", "Xk7vQm2pLz9w"));
    }

    /// Counts, ids and timestamps stay within 20 digits; a longer run of varied digits under
    /// a secret's name is a numeric key.
    #[test]
    fn a_long_run_of_digits_under_a_secret_name_is_a_key() {
        assert!(secret("VBOUT_SECRET", "3271106677077175704569622"));
        for value in [
            "3600",
            "1700000000000000000",
            "18446744073709551615",
            "1111111111111111111111111",
            "1234567890123456789012345",
            "2024-01-01",
            "10.0.0.12",
        ] {
            assert!(!secret("VBOUT_SECRET", value), "{value}");
        }
    }

    /// One base64 secret in 64 opens with `/`; a path has a second `/` or a `.`, or is short
    /// or a plain name.
    #[test]
    fn a_base64_secret_opening_with_a_slash_is_not_a_path() {
        assert!(secret("password", "/USckRy+vMR4yR2IZToA+t3P"));
        assert!(secret(
            "api_secret",
            "/Kq8Lm2Nv5Rt9Wx3Zb7Cd1Fg4Hj6Kp0Ls2Qw5Er8T="
        ));
        // with more slashes inside and at the end
        assert!(secret("billing_password", "/5y5BqbCxNn9TXhqrL2RJx//"));
        assert!(secret("api_key", "/Hq7vLm2QzX9p/Wk4RtB8nYc3J+5sGa"));
        for value in [
            "/var/run/secrets/token",
            "/etc/ssl/private/server2.key",
            "/Applications",
            "/DataVolume2",
            "/run/secrets/DB_PASSWORD_2",
            "/Users/Alice/Keys2/Prod9x",
            "/Volumes2024/Backup/Key7",
            "/mnt/Data2024X/Vault9Key",
        ] {
            assert!(!secret("password", value), "{value}");
        }
    }

    /// Keys public by design are not secrets under a secret-sounding name.
    #[test]
    fn public_key_formats_are_config_under_any_key() {
        for (key, value) in [
            ("stripe_publishable_key", "pk_live_MNRj2wgg3OOfnTaOW5RixXmP"),
            ("STRIPE_KEY", "pk_test_AbLeXBLNUTW6TFhRrvLhwAIN"),
            ("NEW_RELIC_BROWSER_KEY", "NRJS-67bf9dfbe5d9f8869de"),
            (
                "POSTHOG_PROJECT_KEY",
                "phc_1O23HR8IvJBR8F5mkLAqOvsF6eSlRNtVZcbnkHbUgg1",
            ),
            // OpenPGP fingerprints and long key ids, as gpg prints them
            ("signing_key", "2DB4F1EF0FA761ECC4EA935C86FDC7E2A11262CB"),
            ("release_key", "0x86FDC7E2A11262CB"),
            // in lowercase where the name says OpenPGP (Apache Commons poms)
            ("commons.releaseManagerKey", "86fdc7e2a11262cb"),
            ("gpg_key", "2db4f1ef0fa761ecc4ea935c86fdc7e2a11262cb"),
        ] {
            assert_eq!(judge(key, value.as_bytes()), Verdict::Config, "{key}");
        }
        assert!(matches!(
            judge("STRIPE_KEY", b"sk_live_4Rt8Kq2Zm6Xw1Lp9Vn3Bc7Hd"),
            Verdict::Secret { .. }
        ));
        // random hex as secrets are written: lowercase, or not a fingerprint's length
        for value in [
            "2db4f1ef0fa761ecc4ea935c86fdc7e2a11262cb",
            "2DB4F1EF0FA761ECC4EA935C86FDC7E2",
        ] {
            assert!(
                matches!(
                    judge("signing_key", value.as_bytes()),
                    Verdict::Secret { .. }
                ),
                "{value}"
            );
        }
        // a name that does not say OpenPGP keeps lowercase hex a secret, even at 16 digits
        assert!(matches!(
            judge("hmac_key", b"86fdc7e2a11262cb"),
            Verdict::Secret { .. }
        ));
        // the fingerprint's shape under a password's name: a stored password hash
        assert!(matches!(
            judge(
                "canal.admin.passwd",
                b"4ACFE3202A5FF5CF467898FC58AAB1D615029441"
            ),
            Verdict::Secret { .. }
        ));
    }

    /// Spring Security's `{noop}` prefix is not part of the password: the rest is judged,
    /// and a secret is located after it.
    #[test]
    fn a_noop_prefix_is_skipped_and_the_password_after_it_judged() {
        assert!(!secret("client-secret", "{noop}openid-connect"));
        assert!(!secret("client-secret", "{noop}secret"));
        assert_eq!(
            judge("client-secret", b"{noop}Xk9vLq2mRt7wPz4s"),
            Verdict::Secret { start: 6, end: 22 }
        );
    }

    /// n8n's `=` marks an expression: a variable's name after it is no token, a token
    /// pasted after it is located past the `=`.
    #[test]
    fn an_expression_marker_is_skipped_and_the_value_after_it_judged() {
        assert!(!secret("PRIVATE-TOKEN", "=gitlabToken"));
        assert!(!secret("api_key", "=state_message"));
        assert!(!secret("X-API-Key", "={{ $json.api_key }}"));
        assert_eq!(
            judge("X-API-Key", b"=Qm7vK2xLp9RtW4zB8nYc"),
            Verdict::Secret { start: 1, end: 21 }
        );
        assert!(!secret("Authorization", "Bearer [CENSORED]"));
        assert!(!secret("target_space_key", "~5f5915647187b8006ffffe8e"));
        assert!(!secret("sourceKey", "attachment_0"));
    }

    /// A numeronym stands for a word in a name; random characters around one do not read
    /// as words.
    #[test]
    fn names_with_a_numeronym_are_not_secrets() {
        assert!(!secret("resetPassword", "i18nEnable"));
        assert!(!secret("api_key", "k8sClusterName"));
        assert!(!secret("token", "useA11yLabel"));
        assert!(secret("password", "i18nXq7RvTz2"));
        assert!(secret("external_vsphere_password", "K8s_admin"));
    }

    /// A password drawn from letters alone is random in both cases; a name of words is not.
    #[test]
    fn random_letters_are_a_password_and_names_of_words_are_not() {
        assert!(secret("Pass", "GZfuXnuciSsInpq"));
        assert!(secret("password", "BAMuqflyfMDxnuJYUO"));
        assert!(secret("Pass", "ez.SkCqPFUfkQEF"));
        assert!(!secret("password", "dbPassword"));
        assert!(!secret("password", "config.dbPassword"));
        assert!(!secret("password", "Read_From_Environment_Variable"));
        assert!(!secret("password", "MyKeyValue"));
        assert!(!secret("password", "EnvProjectName"));
    }

    #[test]
    fn keys_split_at_case_changes_separators_and_acronyms() {
        for (key, words) in [
            ("STRIPE_API_KEY", &["stripe", "api", "key"][..]),
            ("clientSecret", &["client", "secret"]),
            ("APIToken", &["api", "token"]),
            ("myJWTSecret2", &["my", "jwt", "secret2"]),
            ("x-api-key", &["x", "api", "key"]),
            ("DB", &["db"]),
        ] {
            assert_eq!(key_tokens(key), words, "{key}");
        }
    }

    /// What judges names and values that only look like credentials: a sentence keying a
    /// translation, a value that repeats its key, text in another script, a type name;
    /// and keys that sign cookies or forms (`cookieValidationKey`, ASP.NET's
    /// `validationKey`), which are secrets.
    #[test]
    fn look_alike_names_and_values_are_not_secrets() {
        assert!(!is_secret_key(
            "Log in with the administrator's user credentials without changing them"
        ));
        assert!(!secret("GetSecretValue", "secretsmanager:GetSecretValue"));
        assert!(!secret(
            "JWTAuth",
            "Tymon\\JWTAuth\\Providers\\Auth\\Illuminate"
        ));
        assert!(secret("api_key", "apikey-7Hq2Lm9vXz4Rk8Wp"));
        // a value that is a part of its name: an object table's short name
        assert!(value_repeats_name(b"SN_hmac_sha1_key", b"hmac-sha1-key"));
        assert!(!value_repeats_name(b"SIGNING_KEY", b"Kq7vTz2Lw9xR"));
        // a sample object's value named for its key
        assert!(value_repeats_name(b"part2aKey", b"part2aValue"));
        assert!(value_repeats_name(
            b"versions_file_location_key",
            b"versions_file_location_v2"
        ));
        assert!(!value_repeats_name(b"signing_key", b"signing_Kq7vTz2Lw9v2"));
        assert!(!value_repeats_name(b"part2aKey", b"Kq7vValue"));
        // a Kubernetes Secret's name under `secret`, as a proxy's CA list writes it
        assert!(!matches!(
            judge("secret", b"root-ca5"),
            Verdict::Secret { .. }
        ));
        assert!(!matches!(
            judge("rootCAs.secret", b"my-ca-1"),
            Verdict::Secret { .. }
        ));
        assert!(matches!(
            judge("secret", b"Kq7vL2mZx9Rt4Wn8"),
            Verdict::Secret { .. }
        ));
        assert!(matches!(
            judge("secret", b"kq7v-l2mz-x9rt"),
            Verdict::Secret { .. }
        ));
        assert!(!secret("LABEL_TWO_FACTOR_AUTH_TOKEN", "2FAトークンを入力"));
        // A translated label: words and acronyms ending in the credential's noun, or a
        // word of another language.
        assert!(!secret("LABEL_TWO_FACTOR_AUTH_TOKEN", "2FA-Token"));
        assert!(!secret("mfa_code_label", "MFA-Code"));
        // An identifier or lowercase words ending in the noun stay a password's value.
        assert!(!is_credential_label("MY_GITHUB_TOKEN"));
        assert!(!is_credential_label("top-secret"));
        assert!(!secret("api_key", "API-Schlüssel"));
        assert!(!secret("password", "Contraseña-Nueva"));
        // A random part, or no credential noun at the end, is no label.
        assert!(secret("api_token", "Xk9P-Token"));
        assert!(secret("api_token", "AB12-Hq7vLm2QzX9p"));
        assert!(secret("password", "Schlüssel-7Hq2Lm9v"));
        assert!(!secret(
            "LABEL_TWO_FACTOR_AUTH_TOKEN",
            "Zwöifaktorouthentisierigs-Token"
        ));
        assert!(!secret(
            "LABEL_INITIAL_2FA_TOKEN",
            "從authenticator送出的初始驗證碼"
        ));
        assert!(!secret("secret", "Base32SecretKey"));
        // A constant's name and a cmdlet's name under a credential's name.
        assert!(!secret("password", "ARGON2_FLAG_CLEAR_PASSWORD"));
        assert!(!looks_like_secret(b"SERVICE_URL_UMAMI_3000"));
        assert!(!looks_like_secret(b"RESOURCE_ID_NAME_3_14"));
        assert!(!looks_like_secret(b"LWM2M_BOOTSTRAP_SERVER_SECRET_KEY"));
        assert!(!looks_like_secret(b"v4-beta-intro-dialog-seen"));
        assert!(names_a_resource(
            "registry.goharbor.io/nightly/goharbor/harbor-log:v1.10.0"
        ));
        assert!(!names_a_resource("registry.acme.io:Kq7vLm2QzX9p"));
        // a Basic pair whose password names the credential
        assert!(basic_pair_holds_no_secret(b"cm9ib3Q6dG9rZW4="));
        // a test's pair: a plain word (`hello:world`) or a sample (`new-user:new-password`)
        assert!(basic_pair_holds_no_secret(b"aGVsbG86d29ybGQ="));
        assert!(basic_pair_holds_no_secret(b"bmV3LXVzZXI6bmV3LXBhc3N3b3Jk"));
        assert!(!secret(
            "Authorization",
            "Basic dGVzdF9jbGllbnQ6dGVzdF9zZWNyZXQ="
        ));
        // a chosen password stays a secret (`svc-deploy:Qm3Zt8Lw1Vb6`)
        assert!(!basic_pair_holds_no_secret(
            b"c3ZjLWRlcGxveTpRbTNadDhMdzFWYjY="
        ));
        // a lock file's patched package, a URL's password repeating its user or scheme
        assert!(!secret(
            "next-auth@4.24.15",
            "298683aaa31566643f1899990a065b342ad777d8613f50a25ddc44dd46fb5b4d"
        ));
        assert!(!secret(
            "DATABASE_URL",
            "postgresql://postgres:postgres@localhost:5432/app"
        ));
        assert!(!secret("AMQP_URL", "amqp://app:amqp@rabbit:5672"));
        assert!(secret(
            "DATABASE_URL",
            "postgresql://postgres:Kq7vLm2QzX9p@localhost:5432/app"
        ));
        assert!(looks_like_secret(b"ADMIN_PASS_2024"));
        // A chosen word repeating its letters keeps six distinct letters and digits.
        assert!(looks_like_secret(b"pepper0787"));
        assert!(!looks_like_secret(b"pepper7777"));
        assert!(!looks_like_secret(b"0xC00002DF"));
        assert!(!secret("token", "Import-LsaAuthToken"));
        assert!(!secret("token", "Set-Win32SecurityDescriptor"));
        assert!(secret("password", "Get-Hq7vLm2QzX9p"));
        assert!(secret("password", "MY_PASS_7QZKXV"));
        assert!(!secret(
            "azureCredentialSecret",
            "cattle-global-data:cc-26b5h"
        ));
        assert!(!secret(
            "serviceAccountTokenSecret",
            "cluster-serviceaccounttoken-cjgqx"
        ));
        assert!(secret("password", "summer-sky-Hq7vL"));
        assert!(!secret("next-auth@5", "5.0.0-beta.30"));
        assert!(!secret("symfony/password-hasher", "^6.4|^7.0"));
        assert!(!secret("auth", ">=1.2.0 <2.0.0"));
        assert!(secret("password", "2.0-Hq7vLm2QzX9p"));
        assert!(!secret("Password hashing", "Argon2"));
        assert!(is_code_reference(b"MySqlDbType.VarString"));
        assert!(is_code_reference(b"corev1.Secret"));
        assert!(is_code_reference(b"varchar(50)"));
        assert!(is_code_reference(b"&Bcrypt.hash_pwd_salt/1"));
        assert!(!is_code_reference(b"&Hq7vLm2/Qz"));
        assert!(!is_code_reference(b"Hq7vLm2.QzX9pWk4"));
        assert!(!is_code_reference(b"Rtq644Fvjl.VR2X95XTfeAYHXXTVmhe"));
        assert!(!is_code_reference(b"Hq7vTz.Lw9Kx4"));
        // A generated password of letters that holds a `.` (a `.netrc` entry's).
        assert!(!is_code_reference(b"kaNeYtfzxwTsEEztUDAan.vg"));
        assert!(!is_code_reference(b"rvamcLuGwLpychw.l"));
        assert!(is_code_reference(b"settings.DbPassword"));
        assert!(is_code_reference(
            b"passwordEncoderFactory.createDelegating"
        ));
        // Versions and a licence's id under names that mention credentials.
        assert!(!secret("@aws-sdk/credential-provider-node", "^3.972.44"));
        assert!(!secret("credential-provider", "~1.2"));
        assert!(!secret("license_key", "gpl-3.0"));
        assert!(secret("password", "hunter-2024"));
        // A Basic credential with an empty password, and one with a password.
        assert!(!secret("Authorization", "Basic YXBpOg=="));
        assert!(secret(
            "Authorization",
            "Basic YXBpOmQ5MTViNWNkYjlhNTgzNjg1ZDhmM2YwNS1mYTQ4MTZhMQ=="
        ));
        // A German compound in a locale file (gogs' `auths.smtp_auth`), a long English word.
        assert!(!secret("auth", "SMTP-Authentifizierung"));
        assert!(!secret("auth", "SMTP-authenticatietype"));
        assert!(!secret("auth", "LDAP-Gruppenzuordnung"));
        assert!(!secret("auth_token", "Internationalization"));
        // Long random letters are no word: too few vowels or a run of consonants.
        assert!(secret("auth", "SMTP-Qwrtzkplmxvbnsdfgh"));
        assert!(secret("auth", "SMTP-Qwrtzkplm"));
        assert!(secret("api_token", "XkqvTzmWpLrnHsdfBcxg"));
        // Random characters that happen to end in `KEY` are no type name.
        assert!(looks_like_secret(b"CVx6uFRydM9OYr1tYSZNNxBYVV3n0KEY"));
        assert!(!secret("redis_key", "SERPENT:RECORDED_INPUTS"));
        assert!(!secret("encrypted_key", "Z6eDq8vLm2Xw7Rt4Bn6Hp1Yc5Dj0Gs"));
        assert!(secret(
            "encryptedPassword",
            "MDoEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECBQ0N0Ef"
        ));
        assert!(secret("cookieValidationKey", "Hq7vLm2QzX9pWk4RtB8n"));
        assert!(secret("validationKey", "Hq7vLm2QzX9pWk4RtB8n"));
        assert!(!looks_like_secret(b"*apiv3.Token"));
        assert!(looks_like_secret(b"*Hq7vLm2QzX9p"));
    }

    #[test]
    fn a_password_joined_to_its_owner_is_a_secret_key() {
        for key in [
            "dbpass",
            "DBPass",
            "adminpass",
            "rootpw",
            "bindpw",
            "storepass",
            "smtpPwd",
            "authKey",
            "APIToken",
            "JWTSecret",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        // A secret or token joined to its owner in one lowercase word.
        for key in [
            "jwtsecret",
            "appsecret",
            "cookiesecret",
            "apitoken",
            "bottoken",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in [
            "bypass",
            "compass",
            "renderpass",
            "encompass",
            "multipass",
            "spw",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn short_and_other_names_of_a_credential_are_secret_keys() {
        for key in ["cred", "AWS_CREDS", "doorPasscode", "config.pepper"] {
            assert!(is_secret_key(key), "{key}");
        }
        // Words that hold those letters name something else.
        for key in ["credit", "incredible", "pepperoni", "credit_card_type"] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn a_dotted_path_names_what_its_last_part_names() {
        // A Helm chart's parameters (its README's table), a linter's settings.
        for key in [
            "auth.sasl.mechanisms",
            "auth.sasl.jaas.clientUsers",
            "authProxy.image.repository",
            "password.min.length",
            "sonar.issue.ignore.multicriteria.e1.ruleKey",
            "sonar.issue.ignore.multicriteria.e1.resourceKey",
            "secretFieldSelector",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
        for key in [
            "spring.datasource.password",
            "auth.password",
            "stripe.api.key",
            "passwords.0",
            "ldap.bind.pw",
            "security.oauth2.client.registration.github.client-secret",
            "org.quartz.dataSource.quartzDataSource.password",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn scope_names_and_json_references_are_notation() {
        for scope in [
            "meta.odd-tab.group1",
            "markup.heading.1.markdown",
            "meta.property.vendor.microsoft.trident.4",
            "string.quoted.double.doctype.identifiers-and-DTDs.html",
            "support.function.C99.c",
            "comment.other.server-side-include.xhtml",
            // an i18n key's path, written the same way
            "import.column-type.lwm2m.bootstrap-server-secret-key",
            // an OpenAPI document's reference to a schema
            "#/components/schemas/TokenUserFactor",
        ] {
            assert!(is_notation(scope.as_bytes()), "{scope}");
            assert!(!secret("token", scope), "{scope}");
        }
        // tokens with dots: a JWT's parts, a signed cookie's, a generated key's
        for token in [
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.Qm9vZ3lXb2xmMjAyNQ",
            "s3cr3t.Kq8vNz2LxWm4.Rt7pYc3Hd",
            "kd8s-q2wz.vnb7-xc3r.m9tf-hg6j",
        ] {
            assert!(!is_notation(token.as_bytes()), "{token}");
        }
    }

    #[test]
    fn cursors_identifiers_and_resource_names_are_not_secrets() {
        // Pagination cursors, idempotency tokens and data-structure keys.
        for key in [
            "NextToken",
            "NextContinuationToken",
            "ClientRequestToken",
            "ChangeToken",
            "output_token",
            "input_token",
            "LifecycleActionToken",
            "update_token",
            "result_key",
            "CustomerMasterKeySpec",
            "PasswordLastUsed",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
        for key in ["ClientSecret", "access_token", "SessionToken", "GrantToken"] {
            assert!(is_secret_key(key), "{key}");
        }
        // An id is no secret, but a Vault AppRole's secret id is its password.
        for key in [
            "vault_secret_id",
            "approleSecretId",
            "VAULT_APPROLE_SECRET_ID",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in ["secret_id", "aws_secret_id", "vault_role_id"] {
            assert!(!is_secret_key(key), "{key}");
        }
        // Where a cookie is valid and what opens a cache's keys: no credential.
        for key in [
            "SERVER_AUTH_COOKIE_DOMAIN",
            "authDomain",
            "CACHE_REDIS_PREFIX_KEY",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
        // A bare `secret_id` holding a UUID is an AppRole's, as the text rule reads it.
        assert!(secret("SECRET_ID", "7624c619-c93e-485a-b25b-63027f7e5736"));
        assert!(!secret("SecretId", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"));
        assert!(!secret("secret_id", "00000000-0000-0000-0000-000000000000"));
        // Amazon Resource Names name a resource, never hold the credential.
        assert!(!secret(
            "SecretsManagerReadWrite",
            "arn:aws:iam::aws:policy/SecretsManagerReadWrite"
        ));
        assert!(!secret(
            "DB_PASSWORD",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-Qx7Zk2"
        ));
        assert!(secret("DB_PASSWORD", "arn-Qx7Zk2vW9pLm4"));
    }

    /// Regular expressions, import paths, version constraints, a schema's merge key and a
    /// CSS declaration under a credential's name, beside secrets of the same characters.
    #[test]
    fn patterns_package_paths_and_constraints_are_not_secrets() {
        for (key, value) in [
            // An AI model's name paired with a key's name, a subscription plan's model.
            ("GEMINI_API_KEY", "gemini/gemini-2.5-pro-exp-03-25"),
            ("cline-pass", "openai/gpt-5"),
            ("ClinePass", "glm-5.2"),
            ("api_key", "Qwen/Qwen2.5-72B-Instruct"),
            // A character set an encoder takes beside the password.
            ("password", "ISO-8859-1"),
            ("password", "UTF-16LE"),
            // A Java object serialized and encoded (a deserialization lesson's payload).
            ("token", "rO0ABXQAVklmIHlvdSBkZXNlcmlhbGl6ZSBtZSBkb3duLCBJIHNoYWxs"),
            // A JCA algorithm's name beside a key, and an RFC section's anchor.
            ("unidentifiedAccessKey", "HmacSHA256"),
            ("encryptorPassword", "PBEWITHSHA256AND128BITAES-CBC-BC"),
            ("access_token", "#section-3.2"),
            // A style sheet's id selector after a class named for the password.
            ("password", "#pass1-text"),
            // An entry point naming the setting that holds the secret.
            (
                "s3_aws_secret_access_key",
                "meltano.core.state_store.s3.settings:AWS_SECRET_ACCESS_KEY",
            ),
            // A presigned request's credential scope: the key's id, not its secret.
            (
                "X-Amz-Credential",
                "KVGKMDUQ23TCZXTLTHLP/20160727/us-east-1/s3/aws4_request",
            ),
            // A vault item's field encrypted in Bitwarden's notation (generated at random).
            (
                "masterPasswordWrappedKey",
                "2.Hq7ZkV2mLp9Wd4eR8sTy1A==|c3VwZXJsb25nY2lwaGVydGV4dGhlcmU=|m9X2kQ7vLp4Zt8Wd1eR6sYb3Nc5Ha0Fg2UjK7Lq9PzM=",
            ),
            // A scanner's rule: the shape a secret must have.
            ("password", "([a-f0-9]{48})"),
            ("token", "[A-Za-z0-9_]{36,255}"),
            ("secret", "(?:sk|rk)_live_\\w+"),
            // A Go import named for what it imports, a type named by its package.
            (
                "secret",
                "github.com/rancher/rancher/tests/v2/actions/secrets",
            ),
            ("token", "k8s.io/kubernetes/pkg/serviceaccount"),
            (
                "Token",
                "github.com/rancher/rancher/pkg/apis/ext.cattle.io/v1.Token",
            ),
            // Composer constraints on major versions, a wildcard with a stability flag.
            ("illuminate/auth", "^5.2|^6|^7|^8"),
            ("illuminate/auth", "5.0.*@dev"),
            // A Kubernetes schema's merge key names fields.
            ("x-kubernetes-patch-merge-key", "containerPort,protocol"),
            // An editor snippet's CSS under an abbreviation that reads as a password's.
            ("whs:pw", "white-space:pre-wrap;"),
            // An elliptic curve's name, a header's name, a key file's path, a script's
            // address without its scheme.
            ("pw", "brainpoolP192t1"),
            // A glob of settings' names in a table that maps legacy keys (wallabag).
            ("Legacy key", "database_*"),
            // A KMS key's resource name (cert-manager's release signing key).
            (
                "_KMS_KEY",
                "projects/cert-manager-release/locations/europe-west1/keyRings/cert-manager-release/cryptoKeys/cert-manager-release-signing-key/cryptoKeyVersions/1",
            ),
            // A media file's path under a token's name (App Store Connect's asset tokens).
            (
                "assetToken",
                "Purple62/v4/08/0a/04/080a0430-c2cc-2577-f491-9e0a09c58ffe/mzl.pbcpzqyg.jpg",
            ),
            ("password", "pbkdf1"),
            ("password", "sha256"),
            (
                "SSECustomerKey",
                "x-amz-server-side-encryption-customer-key-MD5",
            ),
            ("CONSOLE_WIDTH_HEADER_KEY", "X-WireMock-Console-Width"),
            ("GITHUB_SCOPES_HEADER_KEY", "X-OAuth-Scopes"),
            ("JWT_PRIVATE_KEY", "test_certs/ec256-private.pem"),
            ("Token", "js.stripe.com/v3"),
            // A lock file's list of a package's parts.
            ("credentials", "aws/credentials/ec2rolecreds"),
            // A dump's list of applied migrations: the app, then the migration's name.
            ("credentials", "0004_notifycredentialsconfig"),
            ("credentials", "0005_remove_existing_mgmt_cmd_args"),
            // A Go module's major version; a matcher asking whether a map holds a key.
            ("passwd", "server/v2"),
            // An API route's path under a token's constant (`LOGIN_TOKEN: "…"`).
            ("LOGIN_TOKEN", "api/auth/v4.0/user/login-with-token"),
            ("have-key", "nested2"),
            // A host's name; a pointer dereferenced in a struct literal.
            ("secret", "project-one-12345.hasura.app"),
            ("Secret", "*s3ScanSecret"),
            // A plugin's constant, behind its lowercase prefix.
            ("password", "yourls_DB_NAME"),
            // A key file's bare name, as a command's option gives it.
            ("private-key", "rsa.1024.pkcs8.pem"),
            // A record's field in a filter, a minified member (names ending in a digit).
            ("token", "@collection.users.tokenKey2"),
            ("pw", "xa0._length"),
            // Another variable's name, with an acronym holding a digit.
            ("clientSecret", "AUTH_AZURE_AD_B2C_CLIENT_SECRET"),
            // A German compound in a translation bundle.
            ("auth_manage_panel", "Authentifizierungsverwaltung"),
            // A workflow's list of the secrets it fetches; a Django password hash; a
            // record's metadata key; values named made up; an encoder's first pass.
            ("secrets", "BW-GHAPP-ID,BW-GHAPP-KEY"),
            ("password", "md5$seasalt$1e9bf2bf5606aa5c39852cc30f0f6f22"),
            ("private_metadata_key", "private_metadata_value_prod_1"),
            ("dummy_key", "PUBLICKEY123"),
            ("bogusToken", "Kq7vL2mZx9Rt4Wn8"),
            ("hwScaleFilterFirstPass", "Kq7vL2mZx9Rt4Wn8"),
            ("ProtonPass", "Kq7vL2mZx9Rt4Wn8"),
            // A mail's sender under a name whose first word reads as a password's.
            ("PW_SMTP_FROM", "relay7@mailer.test"),
            // Basic pairs showing the format: a placeholder word, the slots' names.
            ("Authorization", "Basic ZXhhbXBsZTpleGFtcGxl"),
            ("Authorization", "Basic Y2xpZW50X2lkOmNsaWVudF9zZWNyZXQ="),
            // An annotation's name after its domain; a PHP namespace; a reCAPTCHA site
            // key; Maven coordinates; a SASL mechanism; minified code's helper; a model's
            // name and version; a value saying what it should be.
            (
                "rbac.authorization.halo.run/ui-permissions",
                "[\"system:actuator:manage\"]",
            ),
            ("Illuminate\\Foundation\\Auth\\", "auth-backend/"),
            (
                "recaptchaSiteKey",
                "6Le657YZAAAAAFAy278qlWh67QyzPIfMrFbNxcfi",
            ),
            (
                "twofactor-auth",
                "com.j256.two-factor-auth:two-factor-auth:1.3",
            ),
            ("password", "SCRAM-SHA-256"),
            // a token's lifespan and a Go duration under a token's name; header names
            ("refresh_token_grant_access_token_lifespan", "31h0m0s"),
            ("token", "1h30m0s"),
            // Keycloak's export: a stored password's hashing settings
            (
                "credentialData",
                "{\"hashIterations\":27500,\"algorithm\":\"pbkdf2-sha256\"}",
            ),
            (
                "nginx.ingress.kubernetes.io/auth-response-headers",
                "X-Auth-Request-User,X-Auth-Request-Email",
            ),
            ("withXSRFToken", "defaultToConfig2"),
            ("api_key", "claude-sonnet-4-6"),
            ("APP_KEY", "SomeRandomStringOf32CharsExactly"),
        ] {
            assert!(!secret(key, value), "{key}: {value}");
        }
        // Secrets holding the same characters stay secrets: brackets in a generated
        // password, slashes in base64, a dotted host in a URL's password.
        for (key, value) in [
            // A family's name opening a password or a random key is no model's name.
            ("password", "gemini2024"),
            ("api_key", "gpt-4Xk9q2Lm7vTz"),
            ("password", "Xk9[Lm]2Pq#v"),
            ("secret", "aB3/xY9+Qz/Lm2Hq7vT4wR8n"),
            // a generated password opening with `*`, a token with dots in mixed case
            ("password", "*Kq7vLm2Hq9zT"),
            // `*` as a word beside a random part
            ("password", "db_*_Kq7vLm2"),
            ("secret", "kq7vlm2hq9.zt4wr8nk3p.Xq7"),
            ("api_key", "Qx7vLm2Hq9zT4wR8nK3p"),
            // dotted parts ending in more digits than a name's counter, a key file's name
            // inside a longer value, capitals and digits in no words
            ("password", "Summer2020.Winter1"),
            ("secret", "Kq7vLm2.pem.Xq9zT4wR"),
            ("api_key", "AB3_XQ7V_K9ZT_LM2W"),
            // one name in capitals, a pass's password, a Basic pair with a random password
            ("secrets", "BW-GHAPP-ID,Kq7vL2mZx9"),
            ("db_pass", "Kq7vL2mZx9Rt4Wn8"),
            ("Authorization", "Basic YWRtaW46S3E3dkwybVp4OVJ0"),
            // the same places holding random values: an annotation naming a token, a
            // reCAPTCHA secret key, capitals splitting a key into letters, a password
            // of words with a counter inside
            ("vault.example.com/agent-token", "Kq7vL2mZx9Rt4Wn8"),
            (
                "recaptchaSecretKey",
                "6Le657YZAAAAAFAy278qlWh67QyzPIfMrFbNxcfi",
            ),
            ("withAuthToken", "hcdMKHRpXTlEcVj1"),
            ("api_key", "claude-sonnet-4-6-Kq7vL2mZx9"),
        ] {
            assert!(secret(key, value), "{key}: {value}");
        }
    }

    /// Names, lists and syntax under a credential's name, each beside a value of the
    /// same shape that is a secret.
    #[test]
    fn names_lists_and_syntax_are_not_secrets() {
        for (key, value) in [
            // A table of renamed settings, a URN naming an OAuth grant type.
            ("New Key", "notifier.smtp.tls.skip_verify"),
            ("name", "urn:ietf:params:oauth:grant-type:device_code"),
            // HTTP headers a proxy forwards; words of a list or an instruction.
            (
                "authResponseHeaders",
                "Remote-User,Remote-Groups,Remote-Name,Remote-Email",
            ),
            (
                "EXTENSIONS_KEY",
                "phar-filter-tokenizer-mbstring-ctype-zlib-curl-openssl",
            ),
            (
                "encryption_key",
                "you_must_generate_a_random_string_of_more_than_twenty_chars",
            ),
            // A form library's constraints, a command-line option's name.
            ("password", "required|minLength:8"),
            ("apiKey", "--scheduler-k3s-autoscaling-auth.datadog.apiKey"),
            // Tumblr's public reblog key; an Ethereum address; a type.
            ("reblog_key", "4S794HJO"),
            ("Sec-WebSocket-Key", "Wd76OpgxB6G3HhApUbE9ig=="),
            ("privateKey", "0x8343d2eb2B13A2495De435a1b15e85b98115Ce05"),
            ("secret", "Uint8Array"),
            ("token", "[FlattenedJWE](types.flattenedjwe.md)"),
            ("secretKey", "A192CBC-HS384"),
            ("secret", "PBES2-HS256+A128KW"),
            ("password", "Argon2id"),
            ("password", "pkcs12"),
            // Version constraints with a wildcard or a stability flag under a package's
            // name that mentions OAuth or tokens.
            ("Microsoft.AspNetCore.Authentication.OAuth", "1.0.0-rc2-*"),
            ("phpunit/php-token-stream", ">=1.1.3@stable"),
        ] {
            assert!(!secret(key, value), "{key}: {value}");
        }
        for (key, value) in [
            // Random mixed case splits into short pieces, none of them words.
            ("webflow.encryption.key", "BjhXuZMDpvFqaYQl"),
            ("password", "Xk9|Lm2Pq7vT4"),
            ("password", "--Hq7vLm2Qz!9p"),
            ("api_key", "Remote-Qx7vLm2,Hq9zT4,Wp3kN8"),
            ("urn_token", "un:8Qx7vLm2Hq9zT4Wp3kN8"),
            // An Ethereum private key: sixty-four hex digits.
            (
                "privateKey",
                "0x5bcc3e9d38baa06e7bfaab80ae5957bbe8ef059e640311d7d6d465e6bc948e3e",
            ),
        ] {
            assert!(secret(key, value), "{key}: {value}");
        }
        assert!(is_code_reference(b"VARCHAR2(128),"));
        assert!(is_code_reference(b"e.tokens.length-1"));
        assert!(is_code_reference(b"[32]byte"));
        assert!(is_code_reference(b"*[16]byte"));
        assert!(is_code_reference(b"*s3ScanSecret"));
        assert!(encodes_no_secret(b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"));
        // Laravel's encrypted payload: {"iv":…,"value":…,"mac":…}
        assert!(encodes_no_secret(
            b"eyJpdiI6IjRGN0V4YnRkZ1p0UXdBPT0iLCJ2YWx1ZSI6IjZqQT0iLCJtYWMiOiIxMjM0NTY3ODkwIn0"
        ));
        assert!(!looks_like_secret(b"data/Bag02"));
        assert!(looks_like_secret(b"Xq7kLm/2Vz9pT4wR"));
        assert!(!encodes_no_secret(
            b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl"
        ));
        assert!(!encodes_no_secret(b"eyJzdWIiOiIxMjM0NTY3ODkwIn0"));
        // a header naming its key id: one deployment's
        assert!(!encodes_no_secret(
            b"eyJhbGciOiJSUzI1NiIsImtpZCI6ImFjbWVfcHJvZF8yMDI0MDYxMSIsInR5cCI6IkpXVCJ9"
        ));
        assert!(!is_code_reference(b"*OnffLZHAqlSVYA7"));
        assert!(!is_code_reference(b"[Qx7]vLm2Hq9z"));
        assert!(!is_code_reference(b"Qx7vLm2Hq9zT4-1"));
        assert!(is_variable_name(b"google_oauth2_access_token"));
        assert!(is_variable_name(b"keyRSA2048"));
        for value in ["admin123", "Xk9Lm2Pq7vT4", "sVNoccqwvXxE1", "p@ss_word"] {
            assert!(!is_variable_name(value.as_bytes()), "{value}");
        }
    }

    #[test]
    fn plain_word_passwords_under_password_names() {
        for (key, value) in [
            ("REACT_APP_AUTH_PASSWORD", "whiteduke"),
            ("DB_PASS", "Sunshine"),
            ("MYSQL_ROOT_PASSWORD", "hunter-two"),
            // a second password, numbered
            ("DB_PASSWORD_2", "maplequartz"),
        ] {
            assert!(is_word_password(key, value.as_bytes()), "{key}={value}");
        }
        for (key, value) in [
            ("REACT_APP_USERNAME", "whiteduke"),
            ("POSTGRES_PASSWORD", "postgres"),
            ("SMTP_PASSWORD", "smtp_password"),
            ("DB_PASSWORD", "hidden"),
            ("DB_PASSWORD", "yourpassword"),
            ("DB_PASSWORD", "EXAMPLE_DB_PASSWORD"),
            ("DB_PASSWORD", "PROD_DB_SECRET"),
            ("DB_PASSWORD", "short"),
            ("DB_PASSWORD", "two words"),
            ("DB_PASSWORD", "123456789"),
            ("PASSWORD_SHA1", "22aac3760c1bff98e69a387d11153b72b4debf9d"),
            ("PASSWORD_SALT", "quillbarrow"),
            ("PASSWORD_POLICY", "strong"),
            ("PASSWORD_ENCODER", "bcrypt"),
            ("MYSQL_ALLOW_EMPTY_PASSWORD", "bookshelf"),
            ("MYSQL_RANDOM_ROOT_PASSWORD", "enabled"),
            ("MYSQL_PASSWORD", "You_Should_Probably_Override_This"),
            ("MYSQL_ROOT_PASSWORD", "Unencrypted_Credentials_At_Rest"),
        ] {
            assert!(!is_word_password(key, value.as_bytes()), "{key}={value}");
        }
    }

    #[test]
    fn secret_named_keys() {
        for key in [
            "DATABASE_PASSWORD",
            "STRIPE_API_KEY",
            "azurestorageaccountkey",
            "snmpv3_authpassphrase",
            "bindkey",
            "clientSecret",
            "x-api-key",
            "Authorization",
            "LABEL_STUDIO_API_KEY",
            "ERPNEXT_KEY",
            "JIRA_API_TOKEN",
            "aws_secret_access_key",
            "db_pass",
            "apiKey",
            "VAULT_TOKEN",
            "GITHUB_PAT",
            "private_key",
            "MACHINE_SECRET_TOKEN",
            "passwd",
            // a read-only token is a token
            "NPM_READ_TOKEN",
            "TextEncryptionKey",
            "VAULT_DEV_ROOT_TOKEN_ID",
            "MSG91_AUTH_KEY",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in [
            "DATABASE_HOST",
            "password_hash",
            "token_url",
            "PASSWORD_FILE",
            "sort_key",
            "primary_key",
            "test_spreadsheet_key",
            "sonar.projectKey",
            "secretNamespace",
            "ruleTokenDelimiter",
            "CRYPT_OID_EXPORT_PRIVATE_KEY_INFO_FUNC",
            "spec/unit/mongodb_password_spec.rb",
            "@aws-sdk/credential-provider-node",
            "postman-token",
            "X-CSRF-Token",
            "document_key",
            "purchase_key",
            "purchaseToken",
            "bos_token",
            "pad_token",
            "annotationKey",
            "key",
            "tokenizer",
            "public_key",
            "password_min_length",
            "MAILU_AUTH_RATELIMIT",
            "INITIAL_TOKEN_TOOLTIP",
            // etcd's cluster label and an assembly's signer hash, in a values table
            "initialClusterToken",
            "publicKeyToken",
            "api_token_label",
            "login_attempts",
            "client_id",
            "ALPACA_BASE_URL",
            "forgot_password",
            "username",
            "passwordConfirm",
            "api_key_id",
            "secret_name",
            "ssh_key",
            // keys that name what a dictionary's value is: an id, a path, a slug
            "DVTSourceControlWorkspaceBlueprintIdentifierKey",
            "ParameterKey",
            "10_key",
            "remoteKey",
            "url_key",
            "versionKey",
            "max_tokens",
            // accessors, predicates and lists named for the secret
            "GetCredentials",
            "retrieveApiKey",
            "RetrieveDomainAuthCode",
            "hasToken",
            "auth.filter.exclude-url-suffixes",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn secrets_with_real_looking_values() {
        assert!(secret("DATABASE_PASSWORD", "hunter2-prod"));
        assert!(secret("ERPNEXT_KEY", "8f3kq9zt2mw7xv4p"));
        assert!(secret("password", "Tr0ub4dor&3"));
        assert!(secret("Authorization", "Bearer 9sKq2mZt8vW4xR7pL1nB"));
        assert!(secret("client_secret", "qZ8vB3nM6kL9pW2xR5tY"));
        assert!(secret(
            "DATABASE_URL",
            "postgres://app:s3cr3t-Pw@db.internal/app"
        ));
        assert!(secret("MACHINE_SECRET_TOKEN", "qvzkxmwjrtplhgbnfdcsyaeiuo"));
        // a user and password pair is not an IAM action; nor are pieces holding digits a list
        assert!(secret("auth", "deploy:Kq7vTz2mWx9p"));
        assert!(secret("secret", "Kq7v,Tz2m,Wx9p,Lr4n"));
        // random letters of both cases after `X-` are no header's name
        assert!(secret("DBPassword", "X-tRpWzqKeVuDnb8-H4-mxa"));
        // a JSON document whose member is a key: the document is the credential
        assert!(secret(
            "Apitoken",
            "{\"name\":\"root\",\"sig\":\"427d6803b78311e68afd0242ac130006\"}"
        ));
    }

    #[test]
    fn config_prose_hashes_and_expressions_are_not_secrets() {
        for (key, value) in [
            ("DATABASE_HOST", "db.internal"),
            ("password", "Password"),
            ("password", "Passwort"),
            ("password", "Enter your password"),
            ("password", "string"),
            (
                "password",
                "$2b$12$KIXQ1YQ3QH9f6hY5n0d0UeG2Xw3rRk1aZ8Wl9pO6yT4sV7uJ2mC3e",
            ),
            ("password", "config.password"),
            ("password", "os.getenv(\"DB_PASSWORD\")"),
            ("password", "dbPassword"),
            ("token", "12345"),
            ("api_key", "true"),
            ("secret", "/run/secrets/db"),
            ("DATABASE_URL", "postgres://localhost:5432/app"),
            ("password", "pass"),
            (
                "secret_key",
                "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            ),
            // a Vault audit log's HMAC of a token
            (
                "client_token",
                "hmac-sha256:bd6dd75911924ab82f9dcfa7adae6b821423f0f6b02a5f00343247bde2671d67",
            ),
            // an IAM action, a JSON document held as text, a list of words
            ("auth_code", "route53domains:RetrieveDomainAuthCode"),
            ("secret_action", "secretsmanager:GetSecretValue"),
            ("SecretStringTemplate", "{\"username\":\"test-user\"}"),
            (
                "SecretStringTemplate",
                "{\"username\":\"test-user\",\"port\":\"5432\"}",
            ),
            ("auth_types", "htm,html,js,css,map,ico,ttf,woff,png"),
        ] {
            assert!(!secret(key, value), "{key}={value}");
        }
    }

    #[test]
    fn timestamps_and_numbered_metadata_keys_are_not_secrets() {
        for (key, value) in [
            ("PasswordLastUsed_2", "2014-08-14T10:21:00Z"),
            ("PasswordLastUsed", "2014-08-14T10:21:00Z"),
            ("token_rotated_at_3", "Qm9vdHN0cmFwcGVkMjAyNA"),
            ("secret", "2024-01-02 03:04:05.123+01:00"),
            ("db_secret", "prod/tracker/database"),
            ("kms_key", "alias/prod-data"),
        ] {
            assert!(!secret(key, value), "{key}={value}");
        }
        // A numbered credential key is still one.
        assert!(secret("api_key_2", "Zq8vT3nW5kR2mX7pL4cB"));
        assert!(secret("DB_PASSWORD_1", "Zq8vT3nW5kR2mX7pL4cB"));
        assert!(secret("secret", "Hpfn/zctqY4dJvtxq/McoqxFW6JayTK2og+dcO7"));
    }

    /// What a dotfiles repository holds under credential names besides credentials: a
    /// syntax highlighter's style (`unknown-token = red,bold`), a grep for credential
    /// names (`api[_-]?key`), a test plan's measure after `Pass:` (`3000-char`), a results
    /// table's outcomes under a `PASS` column (`FAIL→PASS`), a value encrypted with age;
    /// beside a password with the same letters and symbols.
    #[test]
    fn styles_name_patterns_measures_and_age_ciphertext_are_not_secrets() {
        for (key, value) in [
            ("unknown-token", "red,bold"),
            ("Credentials", "api[_-]?key"),
            ("pass", "3000-char"),
            ("pass", "400d-old"),
            ("PASS v1→v2", "FAIL→PASS"),
            ("PASS v1→v2", "FAIL→FAIL"),
            (
                "OP_SERVICE_ACCOUNT_TOKEN",
                "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IHBpdi1wMjU2IDU1ZFQ0ZyBBcHpWLzkvTFdOUTB1VEp2eWZBc3hQeWtxM3VHc05uaVlQRkZPTEt4dkJMWAp3Znk1d042QWUxOXJPZ0JTVF",
            ),
        ] {
            assert!(!secret(key, value), "{key}={value}");
        }
        for (key, value) in [
            ("unknown-token", "Red,Bold7x"),
            ("api_key", "q[7]?Lm2Vx9"),
            ("pass", "3000-Char9x"),
        ] {
            assert!(secret(key, value), "{key}={value}");
        }
    }

    /// A credential's name followed by its version or environment (`_OLD`, `_PROD`,
    /// `Previous`) is still its name; the words before the qualifier decide, so a
    /// non-credential's name stays one whatever follows it.
    #[test]
    fn version_and_environment_qualifiers_leave_the_name_to_its_words() {
        for key in [
            "kitchen_motion_api_encryption_key_old",
            "MAPBOX_KEY_PROD",
            "stripe_key_live",
            "apiKeyPrevious",
            "api_key_secondary_2",
            "stripe.secret.key.live",
            "password_wo",
            "secret_string_wo",
        ] {
            assert!(secret(key, "Zq8vT3nW5kR2mX7pL4cB"), "{key}");
        }
        for key in [
            "key_old",
            "cache_key_prod",
            "primary_key_new",
            "logging.level.dev",
        ] {
            assert!(!secret(key, "Zq8vT3nW5kR2mX7pL4cB"), "{key}");
        }
    }

    /// What a streaming platform's and a homelab's configuration hold under credential
    /// names besides credentials (Confluent's `*_CREDENTIALS` file names, SNMP's
    /// protocols, network ranges, a Secret's key, a Secret Manager path in an error),
    /// beside credentials of the same shapes.
    #[test]
    fn names_of_credentials_and_their_settings_are_not_secrets() {
        for (key, value) in [
            ("KAFKA_SSL_KEYSTORE_CREDENTIALS", "kafka1_keystore_creds"),
            ("API_KEY_SECRET", "mirotalkp2p_default_secret"),
            (
                "kubernetes-config.secrets",
                "postgresql-credentials,pubsub-credentials",
            ),
            ("authProtocol", "HMAC384SHA512"),
            ("PLEX_NO_AUTH_NETWORKS", "192.168.10.0/24"),
            ("secretKey", "restic_s3_bucket"),
            // A counter between a name's words: a test's second client, a setting's name.
            ("private_key", "client_1_private"),
            ("s3UsEast1RegionalSharedKey", "s3_us_east_1_regional_endpoint"),
            // A CI step creating a token, named by the action it runs.
            (
                "githubAppToken",
                "acme/shared-workflows/actions/create-github-app-token@5e0c81b3d7f9a2c64e18b0d95f3a7c2e61d4b890",
            ),
            ("deploy_token", "acme/deploy-action@v2.4.1"),
            // Slugs with a generated name's marks: a test's stand-in naming its own key,
            // a compiled pipeline's channel, a cache key dated.
            ("accessKeyKey", "minio-test-accessKeyKey-6-a"),
            ("OutputArtifactKey", "pipelinechannel--param-to-artifact-2-a"),
            ("outputArtifactKey", "model-evaluation-2-evaluation_metrics"),
            ("CURRENT_KEY", "runtime-base-images-list-hash-2026-07-15"),
            ("token", "2014-05-01T30:23:00Z"),
            (
                "secret",
                "projects/1054912425479/secrets/bigquery_credentials/versions/latest",
            ),
            // A `user:password` pair repeating its user: a demo's default.
            ("BASIC_AUTH_USER_INFO", "ksqlDBAdmin:ksqlDBAdmin"),
            // A value dotenvx encrypted: ciphertext.
            (
                "DISCORD_TOKEN",
                "encrypted:BDqk7vTz2mWx9pLr4Hs8nBq2dRt5Kq7vTz2mWx9pLr4Hs8nBq2dRt5Kq7vTz2mWx9pLr4Hs8n/Bq2dRt5Kq7v+Tz2mWx9pLr4Hs8nBq2d=",
            ),
        ] {
            assert!(!secret(key, value), "{key}={value}");
        }
        for (key, value) in [
            // Two parts may be a chosen password (`top_secret`); a number of its own
            // makes a phrase one.
            ("password", "kq7_secret"),
            ("password", "summer_beach_2024"),
            ("password", "blue_horse_7"),
            ("secretKey", "k7_q2_x9_v4_p1"),
            ("password", "correct-horse-battery-2024"),
            ("secretKey", "Kq7v-Tz2m-Wx9p-a"),
            ("secretKey", "Kq7vTz2m_Wx9pLr4_Hs8n"),
            ("BASIC_AUTH_USER_INFO", "ksqlDBAdmin:Kq7vTz2mWx9p"),
            ("NETWORK_TOKEN", "192.168.10.0/24Kq7vTz"),
            // The key that opens dotenvx's values is a secret.
            (
                "DOTENV_PRIVATE_KEY",
                "9f3c1a7e5b2d8f4a6c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a",
            ),
        ] {
            assert!(secret(key, value), "{key}={value}");
        }
    }

    #[test]
    fn references_are_recorded_with_their_target() {
        assert_eq!(
            reference("STRIPE_KEY", "${STRIPE_KEY}"),
            Some((ReferenceKind::EnvVar, "STRIPE_KEY".into()))
        );
        assert_eq!(
            reference("DB_PASSWORD", "vault:secret/data/app#db_password"),
            Some((ReferenceKind::Vault, "secret/data/app#db_password".into()))
        );
        assert_eq!(
            reference("x", "ref+vault://portarium/credentials/ws1/stripe#api_key"),
            Some((
                ReferenceKind::Vault,
                "portarium/credentials/ws1/stripe#api_key".into()
            ))
        );
        assert_eq!(
            reference("token", "{{ .Values.token }}").map(|r| r.0),
            Some(ReferenceKind::Template)
        );
        assert_eq!(
            reference("DATABASE_PASSWORD", "<YOUR_DB_PASSWORD>"),
            Some((ReferenceKind::Placeholder, "<YOUR_DB_PASSWORD>".into()))
        );
        assert_eq!(
            reference("password", "changeme").map(|r| r.0),
            Some(ReferenceKind::Placeholder)
        );
        assert_eq!(
            reference(
                "db",
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf"
            )
            .map(|r| r.0),
            Some(ReferenceKind::AwsSecretsManager)
        );
        assert_eq!(
            reference(
                "API_KEY",
                "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/x)"
            )
            .map(|r| r.0),
            Some(ReferenceKind::AzureKeyVault)
        );
    }

    #[test]
    fn url_password_span_is_only_the_password() {
        let value = b"postgres://app:s3cr3t-Pw@db.internal/app";
        let Verdict::Secret { start, end } = judge("DATABASE_URL", value) else {
            panic!("not a secret");
        };
        assert_eq!(&value[start..end], b"s3cr3t-Pw");
    }

    #[test]
    fn a_password_in_an_authority_without_a_scheme_is_a_secret() {
        let value = b"app:c0nPBcHKZ8MIM@db.internal:5432/app";
        let Verdict::Secret { start, end } = judge("DB", value) else {
            panic!("not a secret");
        };
        assert_eq!(&value[start..end], b"c0nPBcHKZ8MIM");
        assert!(matches!(
            judge("host", b":Hq3vTz7Lm2Wk@redis.internal:6379"),
            Verdict::Secret { .. }
        ));
        // A `#` in the password, as the text rule reads it.
        let value = b"summit:5r7zL4stE#645vmV@10.164.3.194:5432";
        let Verdict::Secret { start, end } = judge("DB", value) else {
            panic!("not a secret");
        };
        assert_eq!(&value[start..end], b"5r7zL4stE#645vmV");
        // An address after a label (no port), a default repeating its user, a sentence.
        for (key, value) in [
            ("contact", &b"mailto:alice7Xq9@example.com"[..]),
            ("DB", b"postgres:postgres@db:5432/app"),
            ("note", b"ask ops:Hq3vTz7Lm2Wk@redis.internal:6379 first"),
        ] {
            assert_eq!(judge(key, value), Verdict::Config, "{key}");
        }
    }

    #[test]
    fn a_random_url_password_is_a_secret_under_a_key_naming_a_url() {
        let value = b"https://import-bot:hXlyylrm.tSYMo@jenkins.zephyr.corp/scheduler";
        for key in ["registry_url", "remoteUri", "gitRemote", "https_proxy"] {
            assert!(matches!(judge(key, value), Verdict::Secret { .. }), "{key}");
        }
        // URL-parser test data, and a typed password under a URL's name, are not.
        assert_eq!(
            judge(
                "href",
                b"https://import-bot:hunter.two@jenkins.zephyr.corp/scheduler"
            ),
            Verdict::Config
        );
        assert_eq!(
            judge("registry_url", b"https://bot:aaaabbbb@jenkins.zephyr.corp/"),
            Verdict::Config
        );
    }
}
