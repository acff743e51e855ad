//! Secret rules as data: the TOML model of `rules/secrets/*.toml`, loading (built-in
//! rules are embedded at build time, `--rules DIR` adds a user's own) and validation.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::finding::{FindingKind, Severity};

/// The built-in rule files: `(file name, TOML text)`, embedded by `build.rs`.
const BUILTIN_RULE_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// One rule file: a list of rules.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rules: Vec<Rule>,
}

/// A secret-detection rule, as written in `rules/secrets/*.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable, versioned id such as `vp.github.pat.1`; reports and allowlists use it.
    pub id: String,
    /// Human name, such as "GitHub personal access token".
    pub name: String,
    /// Provider or system of record the credential belongs to (`github`, `aws`, `generic`).
    pub provider: String,
    /// What a match is; provider secret unless said otherwise.
    #[serde(default = "default_kind")]
    pub kind: FindingKind,
    /// Severity of a match.
    pub severity: Severity,
    /// Literal strings, matched case-insensitively, one of which must occur near every
    /// match: the Aho-Corasick prefilter that keeps the regex off most bytes. Empty for a
    /// rule with `paths`.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Globs of the file paths whose whole content this rule reads (`**/config/master.key`):
    /// for files whose path alone says they hold a secret, written with no name or prefix
    /// a keyword could find (a Rails master key is 32 hex digits and a line break). Such a
    /// rule has no keywords and runs on those files only, the first 64 KiB of each; its
    /// examples are file contents, checked at a path each glob matches.
    #[serde(default)]
    pub paths: Vec<String>,
    /// The pattern (Rust `regex` syntax, ASCII mode); the named group `secret` is the value.
    /// An optional named group `name` holds the key the value is assigned to: a match counts
    /// only when that key names a credential (the structured judge's rule for key names).
    pub regex: String,
    /// Minimum Shannon entropy (bits per byte) of the secret; lower values are not findings.
    #[serde(default)]
    pub entropy: Option<f64>,
    /// A checksum or structure check the secret must pass.
    #[serde(default)]
    pub validator: Option<Validator>,
    /// Whether a match may span lines (private keys, JSON documents); widens the window the
    /// regex runs in around each keyword hit.
    #[serde(default)]
    pub multiline: bool,
    /// Whether a keyword hit counts only where the keyword starts a word: after a byte that
    /// is not an ASCII letter or digit, or as the capital of a camelCase part (`myNimbleKey`).
    /// For context rules named by a plain word that also occurs inside other words
    /// (`atera` in `lateral`, `tmetric` in `getMetric`): such a hit neither triggers the rule
    /// nor costs its regex a compile.
    #[serde(default)]
    pub keyword_starts_word: bool,
    /// Whether the format's own alphabet holds template syntax (`$`, `${`, `{{`, `<%`), as
    /// WordPress salts and Django keys do: a value is then a sample only by its words and
    /// fillers (`put your unique phrase here`, `xxxx`), never because it holds or opens
    /// with what would be a variable or a template slot elsewhere.
    #[serde(default)]
    pub symbol_alphabet: bool,
    /// How the matched value encodes the secret, when it is not the secret as written: the
    /// finding is then the decoded secret (fingerprinted and previewed decoded), so that
    /// the same password plain, in a parsed `config.json` and in an `auth` string is one
    /// finding.
    #[serde(default)]
    pub encoding: Option<ValueEncoding>,
    /// Inputs that must produce a match of this rule.
    pub examples: Vec<String>,
    /// Inputs that must not produce a match of this rule.
    pub negative_examples: Vec<String>,
}

impl Rule {
    /// A rule the scan reports under without a keyword pass or a regex (a keytab, a key
    /// store, a posture check made from a file's structure): only its identity, kind and
    /// severity.
    pub fn structural(
        id: &str,
        name: &str,
        provider: &str,
        kind: FindingKind,
        severity: Severity,
    ) -> Rule {
        Rule {
            id: id.to_string(),
            name: name.to_string(),
            provider: provider.to_string(),
            kind,
            severity,
            keywords: Vec::new(),
            regex: String::new(),
            entropy: None,
            validator: None,
            multiline: false,
            keyword_starts_word: false,
            symbol_alphabet: false,
            encoding: None,
            paths: Vec::new(),
            examples: Vec::new(),
            negative_examples: Vec::new(),
        }
    }
}

fn default_kind() -> FindingKind {
    FindingKind::ProviderSecret
}

/// How a rule's matched value encodes the secret it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueEncoding {
    /// Base64 of `user:password` (a Docker registry `auth`, an HTTP Basic credential): the
    /// secret is the password. A value that does not decode to that shape stays as written.
    Base64UserPassword,
    /// Base64 of the secret itself (FileZilla's `<Pass encoding="base64">`). A value that
    /// does not decode to text stays as written.
    Base64,
    /// JetBrains IDEs' obfuscation of deployment passwords: each character XOR 0xDFAA,
    /// written as four hex digits. A value that does not decode stays as written.
    XorDfaaHex,
}

/// Checks a candidate secret must pass beyond its regex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Validator {
    /// GitHub-style token (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `npm_`): the last 6
    /// characters are the base62 CRC32 of the 30 characters between prefix and checksum.
    Crc32Base62,
    /// PyPI API token: the body after `pypi-` is a base64url macaroon whose location is
    /// `pypi.org` or `test.pypi.org`.
    PypiMacaroon,
    /// JSON Web Token: header and payload are base64url JSON objects, the header has `alg`.
    Jwt,
    /// Bech32 string (BIP 173), as age secret keys are written: the last 6 characters are
    /// the checksum of the human-readable part and the data.
    Bech32,
    /// Atlassian Data Center / Server personal access token (Jira, Confluence, Bitbucket):
    /// 44 base64 characters that decode to a 12-digit token id, `:`, and 20 random bytes.
    AtlassianDcToken,
    /// A value the structured judge would take for a credential under a secret-named key
    /// (not a word, an identifier, a code expression, a path, a number or a timestamp):
    /// for generic rules whose regex sees only the key's shape.
    Credential,
    /// The value holds an ASCII letter and a digit after its prefix (the text up to the
    /// first `.` or `_`, if any), or, after a prefix, sixteen random letters of both
    /// cases: generated tokens do, code identifiers of the same shape
    /// (`s.addComponentsFromRegistry`) rarely.
    LetterAndDigit,
    /// A key-like token under a key's name: it passes [`Validator::LetterAndDigit`], and one
    /// shorter than twenty characters is no hex of one case (a 15-character ERPNext key
    /// passes; a 16-digit schema hash under `AWS::IAM::AccessKey` in cfn-lint's data does
    /// not: short hex under such names is a digest or an id).
    KeyToken,
    /// A bech32 string (an age secret key) whose checksum fails: a hand-made, altered or
    /// truncated key, reported apart with less confidence than one that passes.
    Bech32Fails,
    /// Base64 of a PEM block (`LS0tLS1CRUdJTi…`) whose decoded header names a private key
    /// (`-----BEGIN RSA PRIVATE KEY-----`, `OPENSSH PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`).
    Base64PrivateKey,
    /// Base64 of a DER private key without PEM armour (`MIIEvQIBADAN…`, `MHcCAQEEI…`, as
    /// Java, .NET and mobile code keep a key in a string): the decoded bytes are a whole
    /// unencrypted PKCS#8, PKCS#1 RSA or SEC 1 EC key, or a PKCS#12 store holding a key.
    /// Line breaks (real or written `\n`) inside the value are ignored.
    Base64DerKey,
    /// Base64 of a JSON Web Token (`ZXlK…`, the encoding of `eyJ`), as a token is stored
    /// once more encoded: the decoded text passes [`Validator::Jwt`] and is signed.
    Base64Jwt,
    /// Letters drawn at random, as a Google app password's are (`vzih laqu knri qlht`):
    /// few of English's common letter pairs, and no run along the alphabet or a keyboard
    /// row. A phrase (`mysecretpassword`) or a run (`qwertyuiopasdfgh`) is someone's
    /// choice, not a generated password.
    RandomLetters,
    /// Random letters (as [`Validator::RandomLetters`]) in both cases, two of each at least:
    /// a password drawn from letters and digits that happened to draw no digit
    /// (`BAMuqflyfMDxnuJYUO`), not a camelCase name (`PasswordEncoder`) or a word.
    RandomMixedCaseLetters,
    /// A NATS nkey seed: base32 (RFC 4648, unpadded) of 36 bytes, the seed prefix in the
    /// first five bits, and a CRC-16 (XMODEM, little-endian) of the first 34 in the last two.
    NkeySeed,
    /// An Amazon ECR authorization token: base64 of `AWS:` and the encrypted payload's JSON
    /// object, itself in base64. A documentation sample with letters typed into it
    /// (`…YjJKJFHDSFKJHERWUY65…`) does not decode to that object.
    EcrToken,
    /// A Ceph (CephX) secret key: standard base64 of 28 bytes whose 12-byte header gives
    /// the key type 1 (AES) and the secret's length 16, little-endian.
    CephKey,
    /// A Kerberos keytab in base64 (`BQIAA…`, the encoding of the version 2 magic and a
    /// record's size), as a test or a Helm value keeps one: the decoded bytes parse as a
    /// whole keytab holding a key.
    Base64Keytab,
    /// A Grafana API key (legacy), standard base64 of the JSON object Grafana writes,
    /// `{"k":"<random>","n":"<key name>","id":<org id>}`: text that decodes to another
    /// object, such as a Power BI report link's `r=eyJrIjoi…` (`{"k":…,"t":…,"c":…}`), or
    /// whose `k` is a sample (`EXAMPLE…`) is no key. Text that does not decode to JSON at
    /// all stays a key: the shape is what the other scanners' samples draw.
    GrafanaApiKey,
    /// A Discord bot token, whose first part is the unpadded base64 of the bot's user id:
    /// a snowflake of 17 to 20 decimal digits. A token of that shape proves itself without
    /// the word "discord" near it.
    DiscordBotToken,
}

/// Why rules could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// A rule file could not be read.
    #[error("{path}: cannot read rule file: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A rule file is not valid TOML for the rule model.
    #[error("{path}: invalid rule file: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The TOML error.
        message: String,
    },
    /// A rule is inconsistent (bad regex, no `secret` group, duplicate id...).
    #[error("{path}: rule {id}: {message}")]
    Invalid {
        /// The file that holds the rule.
        path: PathBuf,
        /// The rule id.
        id: String,
        /// What is wrong.
        message: String,
    },
}

/// A rule together with the file it came from.
#[derive(Debug, Clone)]
pub struct LoadedRule {
    /// The rule.
    pub rule: Rule,
    /// The file it was read from (`builtin:NAME` for embedded rules).
    pub origin: PathBuf,
}

/// How the origin of an embedded rule file starts (`builtin:NAME`).
pub const BUILTIN_ORIGIN: &str = "builtin:";

/// The built-in rules.
pub fn builtin_rules() -> Result<Vec<LoadedRule>, RuleError> {
    let mut rules = Vec::new();
    for (name, text) in BUILTIN_RULE_FILES {
        rules.extend(parse_rule_file(
            Path::new(&format!("{BUILTIN_ORIGIN}{name}")),
            text,
        )?);
    }
    Ok(rules)
}

/// Every `*.toml` rule file in `dir`, sorted by name.
pub fn rules_from_dir(dir: &Path) -> Result<Vec<LoadedRule>, RuleError> {
    let read_err = |source| RuleError::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_err)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let mut rules = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(|source| RuleError::Read {
            path: path.clone(),
            source,
        })?;
        rules.extend(parse_rule_file(&path, &text)?);
    }
    Ok(rules)
}

/// Parses one rule file's text (`origin` names it in errors).
pub fn parse_rules(origin: &Path, text: &str) -> Result<Vec<LoadedRule>, RuleError> {
    parse_rule_file(origin, text)
}

fn parse_rule_file(path: &Path, text: &str) -> Result<Vec<LoadedRule>, RuleError> {
    let file: RuleFile = toml::from_str(text).map_err(|e| RuleError::Parse {
        path: path.to_path_buf(),
        message: crate::config::toml_error_message(text, &e),
    })?;
    Ok(file
        .rules
        .into_iter()
        .map(|rule| LoadedRule {
            rule,
            origin: path.to_path_buf(),
        })
        .collect())
}
