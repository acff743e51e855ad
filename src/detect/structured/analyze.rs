//! Joins the structured view of a file with the plain matcher's candidates: every regex
//! candidate inside a parsed value gets that value's key path; generic regex matches the
//! judge rejects (config, references, placeholders) are dropped; secret-named values the
//! regexes missed become `generic_secret` hits; decoded values (Kubernetes `data:`,
//! escaped strings) are matched again; references are recorded; `.env` posture checks run.
//!
//! A value both the regex scan and the judge find is one hit, not two: the judge only adds
//! a hit when no regex candidate covers the same bytes.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::cookies::{session_cookie, SESSION_COOKIE_RULE};
use super::csv::may_hold_credential_column;
use super::markdown::may_hold_credential_table;
use super::{
    classify, dotenv, is_env_template_name, is_translation_bundle, parse,
    password_of_user_password, walk, Entry, FileKind, LineIndex, Node, Scalar, MAX_STRUCTURED_SIZE,
};
use crate::detect::encoded;
use crate::detect::judge::{
    is_generated_token, is_word_password, judge, looks_like_secret, names_a_setting, ReferenceKind,
    Verdict,
};
use crate::detect::matcher::shannon_entropy;
use crate::detect::placeholder::is_placeholder;
use crate::detect::rules::ValueEncoding;
use crate::detect::{Candidate, Matcher, Scratch};
use crate::finding::{redact, AuditKey, FindingKind, Fingerprint, SecretValue};

/// Decoded values longer than this are not matched again (they are judged all the same).
const MAX_DECODED_MATCH: usize = 64 * 1024;

/// A reference to where a secret lives: evidence that a migration happened. Never holds
/// a secret value.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema, Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// Path relative to the scanned root.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// The key path of the value (`services.api.environment.STRIPE_KEY`).
    pub key_path: String,
    /// What kind of reference.
    pub kind: ReferenceKind,
    /// What it refers to: a Vault path, a variable name, an ARN, a Secret name/key
    /// (empty when nothing safe to show).
    pub target: String,
    /// The scanned root the path is relative to.
    pub root: String,
}

/// Where a matched value sits in a structured file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    /// The key path (`mcpServers.stripe.env.STRIPE_API_KEY`).
    pub key_path: String,
    /// The key the value was judged under.
    pub key: String,
    /// The config object it belongs to (empty: the whole file).
    pub object: String,
}

/// A hit the structured view adds to the plain matcher's: already fingerprinted.
#[derive(Debug)]
pub struct ExtraHit {
    /// Index of the rule in [`Matcher::rules`].
    pub rule: usize,
    /// Keyed fingerprint of the value (or of rule and path, for posture).
    pub fingerprint: Fingerprint,
    /// Redacted preview (the clear host for endpoints, a description for posture).
    pub redacted: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Whether the line carries a `vaultproof:allow` comment.
    pub inline_allowed: bool,
    /// Where the value sits.
    pub context: Option<Context>,
}

/// A reference before it is placed under a root.
#[derive(Debug, Clone)]
pub struct FileReference {
    /// 1-based line.
    pub line: usize,
    /// Key path.
    pub key_path: String,
    /// Kind.
    pub kind: ReferenceKind,
    /// Target.
    pub target: String,
}

/// What the structured view of one file adds.
#[derive(Debug, Default)]
pub struct FileAnalysis {
    /// For each plain candidate (same order): whether to keep it, and its context.
    pub candidates: Vec<(bool, Option<Context>)>,
    /// Hits the plain matcher did not have.
    pub extra: Vec<ExtraHit>,
    /// References found.
    pub references: Vec<FileReference>,
    /// Why the file was not parsed (it was still scanned as plain text).
    pub note: Option<String>,
}

/// The fingerprint and preview of a matched value, by rule kind: endpoints are shown in
/// clear (a host is not a secret), posture findings are identified by rule and path and
/// described, secrets are fingerprinted and redacted.
pub fn describe(
    matcher: &Matcher,
    rule: usize,
    value: &[u8],
    path: &str,
    key: &AuditKey,
) -> (Fingerprint, String) {
    let rule = &matcher.rules()[rule].rule;
    match rule.kind {
        FindingKind::Endpoint => {
            // `https://api.stripe.com/v1` and `api.stripe.com/v1` are one endpoint.
            let text = String::from_utf8_lossy(value);
            let shown = text.split_once("://").map_or(&*text, |(_, rest)| rest);
            let shown = endpoint_shown(shown);
            (key.fingerprint(shown.as_bytes()), shown)
        }
        FindingKind::Posture => posture_identity(&rule.id, &rule.name, path, key),
        _ => {
            let decoded = rule
                .encoding
                .and_then(|encoding| decode_secret(encoding, value));
            let secret = SecretValue::new(decoded.as_deref().map_or(value, |v| &v[..]));
            (secret.fingerprint(key), secret.redacted())
        }
    }
}

/// The secret a matched value encodes, by the rule's `encoding`, so that the same password
/// written plain and obfuscated is one finding and is matched against Vault as itself;
/// `None` when the value does not decode (it is then taken as written).
fn decode_secret(encoding: ValueEncoding, value: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    match encoding {
        ValueEncoding::Base64UserPassword => password_of_user_password(value),
        ValueEncoding::Base64 => encoded::decode_text(value),
        ValueEncoding::XorDfaaHex => xor_dfaa_hex(value),
    }
}

/// Text hidden as JetBrains IDEs hide deployment passwords: four hex digits per character,
/// XOR 0xDFAA. `None` for anything else (a partial group, a control character).
fn xor_dfaa_hex(value: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if value.is_empty() || value.len() % 4 != 0 {
        return None;
    }
    let mut text = Zeroizing::new(String::with_capacity(value.len() / 4));
    for group in value.chunks(4) {
        let hex = std::str::from_utf8(group).ok()?;
        let code = u32::from(u16::from_str_radix(hex, 16).ok()? ^ 0xDFAA);
        text.push(char::from_u32(code).filter(|c| !c.is_control())?);
    }
    Some(Zeroizing::new(text.as_bytes().to_vec()))
}

/// An endpoint as reports show it: its host and port, one finding per host whatever paths
/// are called on it (a test's recorded Jira calls name hundreds of issue URLs on one
/// tenant). An API path alone (Odoo's `/xmlrpc/2/object`) is shown with every segment that
/// looks like a generated value (a webhook token, an API key in a URL path) redacted like a
/// finding's preview, so that an endpoint never carries a credential in clear.
fn endpoint_shown(endpoint: &str) -> String {
    let (host, path) = endpoint.split_once('/').unwrap_or((endpoint, ""));
    if !host.is_empty() {
        return host.to_string();
    }
    let mut shown = String::with_capacity(endpoint.len());
    for segment in path.split('/') {
        shown.push('/');
        if looks_generated(segment) {
            shown.push_str(&redact(segment.as_bytes()));
        } else {
            shown.push_str(segment);
        }
    }
    shown
}

/// The stable fingerprint (rule id + path) and description of a posture finding.
pub fn posture_identity(id: &str, name: &str, path: &str, key: &AuditKey) -> (Fingerprint, String) {
    let mut material = Vec::with_capacity(id.len() + path.len() + 10);
    material.extend_from_slice(b"posture\0");
    material.extend_from_slice(id.as_bytes());
    material.push(0);
    material.extend_from_slice(path.as_bytes());
    (key.fingerprint(&material), name.to_string())
}

/// The text of every secret a rule matched outside the values of a structured file: in a
/// key (`{"ghp_…": {...}}`) or a comment. Key paths are printed, so these must not be.
fn secrets_in_keys(
    matcher: &Matcher,
    data: &[u8],
    candidates: &[Candidate],
    entries: &[Entry],
) -> Vec<zeroize::Zeroizing<String>> {
    let mut found = Vec::new();
    for c in candidates {
        if !matches!(
            matcher.rules()[c.rule].rule.kind,
            FindingKind::ProviderSecret | FindingKind::GenericSecret | FindingKind::PrivateKey
        ) {
            continue;
        }
        // Entries are sorted by offset: the last one starting at or before the candidate.
        let at = entries.partition_point(|e| e.scalar.offset <= c.start);
        let in_value = at > 0 && {
            let scalar = &entries[at - 1].scalar;
            c.end <= scalar.raw_end.max(scalar.offset)
        };
        if !in_value {
            let text = String::from_utf8_lossy(&data[c.start..c.end]).into_owned();
            found.push(zeroize::Zeroizing::new(text));
        }
    }
    found
}

/// Replaces every secret of `secrets` in the key paths (and keys) of `analysis` with its
/// redacted preview.
fn redact_keys(analysis: &mut FileAnalysis, secrets: &[zeroize::Zeroizing<String>]) {
    if secrets.is_empty() {
        return;
    }
    let clean = |text: &mut String| {
        for secret in secrets {
            if !secret.is_empty() && text.contains(secret.as_str()) {
                *text = text.replace(secret.as_str(), &redact(secret.as_bytes()));
            }
        }
    };
    let contexts = analysis
        .candidates
        .iter_mut()
        .filter_map(|(_, c)| c.as_mut())
        .chain(analysis.extra.iter_mut().filter_map(|e| e.context.as_mut()));
    for context in contexts {
        clean(&mut context.key_path);
        clean(&mut context.key);
        clean(&mut context.object);
    }
    for reference in &mut analysis.references {
        clean(&mut reference.key_path);
    }
}

/// Whether `text` is a name or a path safe to print: at most 512 characters, only letters,
/// digits and the punctuation of paths, URLs, ARNs and template expressions, and no word
/// (split at that punctuation) that [looks generated](looks_generated).
fn is_name_or_path(text: &str) -> bool {
    const PUNCTUATION: &str = "_.-/:@+=~$%{}()[]\"' |,*!<>&?;";
    if text.chars().count() > 512
        || !text
            .chars()
            .all(|c| c.is_alphanumeric() || PUNCTUATION.contains(c))
    {
        return false;
    }
    !text
        .split(|c: char| !(c.is_alphanumeric() || "_-+".contains(c)))
        .any(looks_generated)
}

/// Whether a word of a reference target looks like a generated value rather than a name:
/// the judge's test for a value under a secret-named key (with an entropy floor of 3.2
/// bits, so that path words such as `ws1-billing` stay readable), letters mixed with
/// digits at high entropy, or case switching every few letters (`wJalrXUtnFEMI`, not
/// `ExternalSecretStore`).
fn looks_generated(word: &str) -> bool {
    let len = word.chars().count();
    if len < 8 {
        return false;
    }
    let bytes = word.as_bytes();
    let entropy = shannon_entropy(bytes);
    if looks_like_secret(bytes) && entropy >= 3.2 {
        return true;
    }
    let letters = word.chars().any(char::is_alphabetic);
    let digits = word.chars().filter(char::is_ascii_digit).count();
    if letters && digits >= 2 && len >= 12 && entropy >= 3.0 {
        return true;
    }
    let chars: Vec<char> = word.chars().collect();
    let switches = chars
        .windows(2)
        .filter(|w| w[0].is_lowercase() && w[1].is_uppercase())
        .count();
    switches >= 3 && len < 5 * (switches + 1)
}

/// Whether a value is JSON text with members (`{"access_token":"…","expires_in":…}`):
/// a document of its own, whose keys say what its values are.
fn holds_json_text(value: &[u8]) -> bool {
    value.first().is_some_and(|&b| b == b'{' || b == b'[')
        && memchr::memmem::find(value, b"\":").is_some()
}

/// Where `value` (part of a decoded scalar) is written in the file: where its text, or
/// failing that its first line, or its opening, appears in the scalar's text (a line of a
/// YAML block scalar or a TOML multi-line string, a PEM body whose indentation the parser
/// removed, a key in a quoted string folded over lines); else where the scalar starts (a
/// base64 value decodes to bytes written nowhere).
fn value_offset(data: &[u8], scalar: &Scalar, value: &[u8]) -> usize {
    let start = scalar.offset.min(data.len());
    let end = scalar.raw_end.min(data.len()).max(start);
    let raw = &data[start..end];
    let first_line = value.split(|&b| b == b'\n').next().unwrap_or_default();
    let first_line = first_line.strip_suffix(b"\r").unwrap_or(first_line);
    let opening = &first_line[..first_line.len().min(VALUE_OPENING)];
    [value, first_line, opening]
        .into_iter()
        .filter(|v| v.len() >= 4)
        .find_map(|v| memchr::memmem::find(raw, v))
        .map_or(start, |i| start + i)
}

/// How much of a value's first line [`value_offset`] looks for when the whole line is not
/// written as it is (a folded string breaks it): enough to be found only where it is.
const VALUE_OPENING: usize = 24;

/// Where a plain word under a password-named key is taken for the password itself
/// (`DB_PASSWORD=penguin`) rather than for a sample or a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordPasswords {
    /// Nowhere: the file's words are samples, or its keys name settings.
    Never,
    /// Everywhere in the file (`.env`).
    Everywhere,
    /// In a container's environment and a Kubernetes Secret only: Compose
    /// `services.*.environment`, a Kubernetes container's `env[n]` (`name`/`value`
    /// pairs), a Secret's `stringData` and decoded `data`.
    InContainerEnvironment,
}

impl WordPasswords {
    /// Whether `entry`'s value is judged as a `.env` file's value.
    fn applies_to(self, entry: &Entry) -> bool {
        match self {
            WordPasswords::Never => false,
            WordPasswords::Everywhere => true,
            WordPasswords::InContainerEnvironment => entry.key_path.split('.').any(|segment| {
                segment == "environment"
                    || segment.starts_with("environment[")
                    || segment.starts_with("env[")
                    || segment == "stringData"
                    || (segment == "data" && entry.base64)
            }),
        }
    }
}

/// Whether the map or list that holds a value directly is named for secrets of several
/// kinds: `secrets.stripe`, `credentials.github`, `apiKeys.google`, `auth.tokens[0]`,
/// `passwords[1]`. Its plural says what each member is, whatever the member's own name.
fn held_in_a_secret_collection(key_path: &str) -> bool {
    const COLLECTIONS: &[&str] = &[
        "secrets",
        "credentials",
        "creds",
        "tokens",
        "passwords",
        "apikeys",
        "accesstokens",
        "authtokens",
    ];
    // A list item (`tokens[0]`) is held by the list; a member by its map.
    let holder = if key_path.ends_with(']') {
        key_path.rsplit_once('[').map(|(list, _)| list)
    } else {
        key_path.rsplit_once('.').map(|(map, _)| map)
    };
    let Some(holder) = holder else {
        return false;
    };
    // Compared in lowercase letters and digits, whatever the case and separators
    // (`apiKeys`, `API_KEYS`, `api-keys`).
    let name = holder.rsplit('.').next().unwrap_or(holder);
    COLLECTIONS.iter().any(|collection| {
        name.bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase())
            .eq(collection.bytes())
    })
}

/// Whether `path` is a CI pipeline's definition, whose environment holds the throwaway
/// passwords of test service containers (`POSTGRES_PASSWORD: ci`), not a deployment's.
fn is_ci_workflow(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    lower.contains(".github/workflows/")
        || lower.contains(".circleci/")
        || lower.contains(".buildkite/")
        || name.starts_with(".gitlab-ci")
        || matches!(
            name,
            ".travis.yml"
                | ".drone.yml"
                | "bitbucket-pipelines.yml"
                | "azure-pipelines.yml"
                | "cloudbuild.yaml"
                | "cloudbuild.yml"
        )
}

/// The secrets of an env file held in a string value (`"settings.env": "LOG_LEVEL=info\n
/// DB_PASSWORD=…\n"`, a ConfigMap's `app.env`): the spans in `value` of the assignments the
/// judge takes for secrets, as in a `.env` file. Only a value of two assignments or more
/// whose every other line is blank or a comment is read so: a script (`run: |`) is not.
fn embedded_env_secrets(value: &[u8]) -> Vec<(usize, usize)> {
    let mut assignments = 0;
    for line in value.split(|&b| b == b'\n') {
        let line = line.trim_ascii();
        if line.is_empty() || line.starts_with(b"#") {
            continue;
        }
        let line = line.strip_prefix(b"export ").unwrap_or(line);
        if assigned_name(line).is_none() {
            return Vec::new();
        }
        assignments += 1;
    }
    if assignments < 2 {
        return Vec::new();
    }
    let Node::Map(items) = dotenv::parse(value) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|(name, _, node)| match node {
            Node::Scalar(scalar) if scalar.verbatim => match judge(name, &scalar.value) {
                Verdict::Secret { start, end } => {
                    Some((scalar.offset + start, scalar.offset + end))
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The length of the identifier `text` assigns to when it opens with `NAME=`.
fn assigned_name(text: &[u8]) -> Option<usize> {
    let name = text
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_')
        .count();
    (name > 0 && !text[0].is_ascii_digit() && text.get(name) == Some(&b'=')).then_some(name)
}

/// Whether `value` is one `NAME=value` assignment (an identifier, `=`, and something
/// other than a second `=`: `YXp1cml0ZQ==` is base64 and its padding). The name is three
/// characters or more in one case, as variables are named (`PUBLIC_KEY`, `api_token`): a
/// generated password may open with a few letters and `=` (`yy=Nf*VIQP%Dpve`).
fn is_one_assignment(value: &[u8]) -> bool {
    assigned_name(value).is_some_and(|name| {
        let one_case = !value[..name].iter().any(u8::is_ascii_lowercase)
            || !value[..name].iter().any(u8::is_ascii_uppercase);
        name >= 3 && one_case && value.len() > name + 1 && value[name + 1] != b'='
    })
}

/// The verdict on a value that is one `NAME=value` line of its own (a block scalar's
/// single line, `repo_secrets: |` then `PUBLIC_KEY=signing-key:public_key`) by the name
/// it assigns, the secret's place shifted past `NAME=`. `None` for any other value.
fn judge_own_assignment(value: &[u8]) -> Option<Verdict> {
    let line = value.trim_ascii_end();
    if memchr::memchr(b'\n', line).is_some() || !is_one_assignment(line) {
        return None;
    }
    let name = assigned_name(line)?;
    let name_text = std::str::from_utf8(&line[..name]).ok()?;
    Some(match judge(name_text, &line[name + 1..]) {
        Verdict::Secret { start, end } => Verdict::Secret {
            start: name + 1 + start,
            end: name + 1 + end,
        },
        verdict => verdict,
    })
}

/// Rule ids of the rules the structured view reports under.
pub mod ids {
    /// A secret-named key holding a real-looking value with no provider format.
    pub const GENERIC_SECRET: &str = "vp.structured.generic-secret.1";
    /// A `.env` template (`.env.example`, `.env.template`) holding values.
    pub const ENV_TEMPLATE_VALUES: &str = "vp.posture.env-template-values.1";
    /// A Vault dev-mode root token in a `.env` file.
    pub const VAULT_DEV_ROOT_TOKEN: &str = "vp.posture.vault-dev-root-token.1";
}

/// Files at least this large are parsed and walked one at a time across the workers: a
/// parsed document and its walked values take about twenty times the file's size (a
/// 1.9 MB IAM policy list takes 36 MiB), and two or more at once would set the scan's
/// peak memory. Such files are few, so the workers seldom wait.
const ONE_AT_A_TIME_SIZE: usize = 1 << 20;

/// Whether a text opens and closes as a JSON object or array does (blanks and a UTF-8
/// byte order mark aside): the cheap test before a file not named as JSON is parsed as it.
fn looks_like_json(data: &[u8]) -> bool {
    let text = data
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(data)
        .trim_ascii();
    matches!(
        (text.first(), text.last()),
        (Some(b'{'), Some(b'}')) | (Some(b'['), Some(b']'))
    )
}

/// Held while a file of [`ONE_AT_A_TIME_SIZE`] or more is parsed and analysed.
static LARGE_DOCUMENT: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// One worker thread's structured analyser: buffers for matching decoded values.
#[derive(Debug, Default)]
pub struct Analyzer {
    /// The caller's matcher scratch, lent for one [`Analyzer::analyze`] call (empty
    /// between calls): a worker's rules keep one set of search caches, not two.
    scratch: Scratch,
    decoded: Vec<Candidate>,
}

impl Analyzer {
    /// Analyses `data` (the file at `path`) if its name marks it as structured; `None`
    /// for every other file (the plain scan alone covers it). Decoded values are matched
    /// with `scratch`, the worker's matcher scratch.
    pub fn analyze(
        &mut self,
        matcher: &Matcher,
        scratch: &mut Scratch,
        key: &AuditKey,
        path: &str,
        data: &[u8],
        candidates: &[Candidate],
    ) -> Option<FileAnalysis> {
        std::mem::swap(&mut self.scratch, scratch);
        let analysis = self.analyze_with_scratch(matcher, key, path, data, candidates);
        std::mem::swap(&mut self.scratch, scratch);
        analysis
    }

    fn analyze_with_scratch(
        &mut self,
        matcher: &Matcher,
        key: &AuditKey,
        path: &str,
        data: &[u8],
        candidates: &[Candidate],
    ) -> Option<FileAnalysis> {
        // A file whose name says nothing but whose text is JSON (`credentials`, a `.txt`
        // dump of an API response, `settings.json.bak`) is read as JSON when it parses; as
        // that was a guess, a text that does not parse is plain text, with no note.
        let (kind, sniffed) = match classify(path) {
            Some(kind) => (kind, false),
            None if data.len() <= MAX_STRUCTURED_SIZE && looks_like_json(data) => {
                (FileKind::Json, true)
            }
            None => return None,
        };
        if kind == FileKind::Markdown && !may_hold_credential_table(data) {
            return None; // prose only: the text rules have read it
        }
        if matches!(kind, FileKind::Csv | FileKind::Tsv) && !may_hold_credential_column(data) {
            return None; // data with no credential column: the text rules have read it
        }
        let mut analysis = FileAnalysis {
            candidates: vec![(true, None); candidates.len()],
            ..FileAnalysis::default()
        };
        if data.len() > MAX_STRUCTURED_SIZE {
            analysis.note = Some(format!(
                "not parsed as {}: {} bytes is over the {} MiB structured-parse limit; scanned as plain text",
                kind.as_str(),
                data.len(),
                MAX_STRUCTURED_SIZE >> 20
            ));
            return Some(analysis);
        }
        let _one_large_document_at_a_time = (data.len() >= ONE_AT_A_TIME_SIZE).then(|| {
            LARGE_DOCUMENT
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        });
        let docs = match parse(kind, data) {
            Ok(docs) => docs,
            Err(_) if sniffed => return None,
            Err(error) => {
                analysis.note = Some(format!("{error}; scanned as plain text"));
                return Some(analysis);
            }
        };
        let walked = walk(kind, &docs);
        drop(docs);
        let lines = LineIndex::new(data);
        for reference in &walked.references {
            let target = self.shown_target(matcher, &reference.target);
            analysis.references.push(FileReference {
                line: lines.locate(reference.offset).0,
                key_path: reference.key_path.clone(),
                kind: reference.kind,
                target,
            });
        }
        let mut covered: HashSet<usize> = HashSet::new();
        // A password-named variable of a `.env` file holds the password itself, even one
        // plain word, and so does a container's environment in a Compose file or a
        // Kubernetes manifest (the same variables, written elsewhere); a template's
        // values are samples.
        let word_passwords = if is_env_template_name(path) {
            WordPasswords::Never
        } else if kind == FileKind::Dotenv {
            WordPasswords::Everywhere
        } else if kind == FileKind::Yaml && !is_ci_workflow(path) {
            WordPasswords::InContainerEnvironment
        } else {
            WordPasswords::Never
        };
        // A table's column header (Markdown, CSV) names its cells more loosely than a key
        // names its value: a header that is not a credential's name does not overrule a
        // text rule's match in the cell (`| API key | … |` under a `Prod` column).
        let names_overrule_rules =
            !matches!(kind, FileKind::Markdown | FileKind::Csv | FileKind::Tsv);
        // A translation bundle's keys are messages' ids, its values their text: no value
        // is judged by its key there, and no generic rule's match stands (`AUTH_TOKEN":
        // "2FA驗證…`); a provider's format still does.
        let translation = is_translation_bundle(path);
        if translation {
            for (i, candidate) in candidates.iter().enumerate() {
                if matcher.rules()[candidate.rule].rule.kind == FindingKind::GenericSecret {
                    analysis.candidates[i].0 = false;
                }
            }
        }
        let entries: &[Entry] = if translation { &[] } else { &walked.entries };
        for entry in entries {
            self.entry(
                matcher,
                key,
                path,
                data,
                &lines,
                entry,
                word_passwords,
                names_overrule_rules,
                candidates,
                &mut analysis,
                &mut covered,
            );
        }
        // Ciphertext holds no plaintext credential, whatever a rule matched in it: a
        // generic value, or a provider rule that takes any run of letters after its
        // keyword (`JIRA_API_TOKEN: AgBF…`, the Atlassian legacy token rule).
        for (i, candidate) in candidates.iter().enumerate() {
            let sealed = walked
                .ciphertext
                .iter()
                .any(|&(start, end)| candidate.start >= start && candidate.end <= end);
            if sealed {
                analysis.candidates[i].0 = false;
            }
        }
        if kind == FileKind::Dotenv {
            self.dotenv_posture(matcher, key, path, &lines, &walked.entries, &mut analysis);
        }
        redact_keys(
            &mut analysis,
            &secrets_in_keys(matcher, data, candidates, &walked.entries),
        );
        Some(analysis)
    }

    #[allow(clippy::too_many_arguments)]
    fn entry(
        &mut self,
        matcher: &Matcher,
        key: &AuditKey,
        path: &str,
        data: &[u8],
        lines: &LineIndex<'_>,
        entry: &Entry,
        word_passwords: WordPasswords,
        names_overrule_rules: bool,
        candidates: &[Candidate],
        analysis: &mut FileAnalysis,
        covered: &mut HashSet<usize>,
    ) {
        // A value that is base64 of text holding a provider token is judged decoded.
        let substitute = self.encoded_token(matcher, entry);
        let entry = substitute.as_ref().unwrap_or(entry);
        let scalar = &entry.scalar;
        let context = Context {
            key_path: entry.key_path.clone(),
            key: entry.key.clone(),
            object: entry.object.clone(),
        };
        // Plain candidates inside this value's text.
        let inside: Vec<usize> = candidates
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                !covered.contains(i)
                    && c.start >= scalar.offset
                    && c.end <= scalar.raw_end.max(scalar.offset)
            })
            .map(|(i, _)| i)
            .collect();
        for &i in &inside {
            covered.insert(i);
            analysis.candidates[i].1 = Some(context.clone());
        }
        let is_generic =
            |i: usize| matcher.rules()[candidates[i].rule].rule.kind == FindingKind::GenericSecret;
        let hinted = entry.rule.and_then(|id| matcher.rule_index(id));
        if entry.base64 {
            // The encoded text is not the secret: what it decodes to is judged below, so a
            // generic match on it (or the format's own rule on the encoded form) goes.
            for &i in &inside {
                if is_generic(i) || Some(candidates[i].rule) == hinted {
                    analysis.candidates[i].0 = false;
                }
            }
        }
        // Decoded values hide provider formats from the plain scan: match them again.
        self.decoded.clear();
        if !scalar.verbatim && scalar.value.len() <= MAX_DECODED_MATCH {
            matcher.find(&scalar.value, &mut self.scratch, &mut self.decoded);
            let raw = &data[scalar.offset.min(data.len())
                ..scalar
                    .raw_end
                    .min(data.len())
                    .max(scalar.offset.min(data.len()))];
            self.decoded.retain(|c| {
                let rule = &matcher.rules()[c.rule].rule;
                // The plain scan saw bytes written as they are; the judge covers generic
                // matches.
                rule.kind != FindingKind::GenericSecret
                    && rule.kind != FindingKind::Posture
                    && memchr::memmem::find(raw, &scalar.value[c.start..c.end]).is_none()
            });
            // A key body inside its decoded armour is the armoured key.
            matcher.merge_nested(&mut self.decoded);
        }
        let mut verdict = judge(&entry.key, &scalar.value);
        // A value that is one `NAME=value` line of its own is named by itself: under a
        // secret's key (`repo_secrets: |` then `PUBLIC_KEY=signing-key:public_key`) it is
        // a secret only when its own name and value say so.
        if matches!(verdict, Verdict::Secret { .. }) {
            if let Some(own) = judge_own_assignment(&scalar.value) {
                verdict = own;
            }
        }
        if hinted.is_some() && verdict == Verdict::Config {
            // The document's shape says this is a credential (a registry password): only
            // a reference or a placeholder is not one; a short or simple password still is.
            let value = &scalar.value[..];
            if value.len() >= 6
                && !value.iter().any(u8::is_ascii_whitespace)
                && !is_placeholder(value)
            {
                verdict = Verdict::Secret {
                    start: 0,
                    end: value.len(),
                };
            }
        }
        // A value kept in a collection of secrets under a name of its own (`secrets:` then
        // `stripe: …`, `tokens:` then `- …`): the collection names what it is, and a
        // generated token there is one.
        if verdict == Verdict::Config
            && held_in_a_secret_collection(&entry.key_path)
            // A list's item has no name of its own; a member's may name a setting
            // (`credentials: {username: …, region: …}`).
            && (entry.key_path.ends_with(']') || !names_a_setting(&entry.key))
            && is_generated_token(&scalar.value)
        {
            verdict = Verdict::Secret {
                start: 0,
                end: scalar.value.len(),
            };
        }
        if verdict == Verdict::Config
            && word_passwords.applies_to(entry)
            && is_word_password(&entry.key, &scalar.value)
        {
            verdict = Verdict::Secret {
                start: 0,
                end: scalar.value.len(),
            };
        }
        // A session cookie of recorded traffic or a cookie export, reported as the
        // `Cookie:` header rule reports one.
        let mut reported_as = hinted;
        if verdict == Verdict::Config {
            if let Some(rule) = matcher.rule_index(SESSION_COOKIE_RULE) {
                if let Some((start, end)) = session_cookie(path, entry, &matcher.rules()[rule].rule)
                {
                    verdict = Verdict::Secret { start, end };
                    reported_as = reported_as.or(Some(rule));
                }
            }
        }
        // A key's verdict speaks for its value, not for a script or prose held in it
        // (`run: |` with `curl -H "Authorization: Bearer eyJ…"`), nor for a document
        // written into it (a recorded HTTP body, `string: '{"access_token":"…"}'`): there
        // every rule stands.
        let free_text =
            scalar.value.iter().any(u8::is_ascii_whitespace) || holds_json_text(&scalar.value);
        // A value that is an assignment of its own (`"NS_TOKEN_SECRET=…"`, a `docker -e`
        // argument in an `args` list) is named by itself, not by the key above it: the
        // rule that read its name stands.
        let names_itself = is_one_assignment(&scalar.value);
        let env_secrets = if verdict == Verdict::Config {
            embedded_env_secrets(&scalar.value)
        } else {
            Vec::new()
        };
        // A generic finding for `scalar.value[start..end]`, located in the file.
        let generic_hit = |rule: usize, start: usize, end: usize| {
            let secret = &scalar.value[start..end];
            let at = if scalar.verbatim {
                scalar.offset + start
            } else {
                value_offset(data, scalar, secret)
            };
            let (line, column) = lines.locate(at);
            let value = SecretValue::new(secret);
            ExtraHit {
                rule,
                fingerprint: value.fingerprint(key),
                redacted: value.redacted(),
                line,
                column,
                inline_allowed: lines.allows(at),
                context: Some(context.clone()),
            }
        };
        // Whether a rule already matched `secret` in this value (as plain text, or decoded),
        // leaving aside the matches of `exempt`.
        let matched_already = |secret: &[u8], exempt: Option<usize>, decoded: &[Candidate]| {
            let overlaps = |found: &[u8]| {
                memchr::memmem::find(secret, found).is_some()
                    || memchr::memmem::find(found, secret).is_some()
            };
            inside.iter().any(|&i| {
                let c = &candidates[i];
                Some(c.rule) != exempt && overlaps(&data[c.start..c.end])
            }) || decoded
                .iter()
                .any(|c| overlaps(&scalar.value[c.start..c.end]))
        };
        match verdict {
            Verdict::Config | Verdict::Reference { .. } => {
                // The structure knows better than a generic `password = …` regex, but not
                // better than a format check: a JWT is one under any key (`SERVICE_JWT`).
                let validated = |i: usize| {
                    matches!(
                        matcher.rules()[candidates[i].rule].rule.validator,
                        Some(v) if v != crate::detect::rules::Validator::Credential
                    )
                };
                for &i in &inside {
                    if names_overrule_rules
                        && is_generic(i)
                        && !free_text
                        && !names_itself
                        && !validated(i)
                    {
                        analysis.candidates[i].0 = false;
                    }
                }
                let worth_recording = |kind: &ReferenceKind, target: &str| {
                    *kind != ReferenceKind::Placeholder || !target.is_empty()
                };
                if let Some((kind, target)) = match verdict {
                    Verdict::Reference { kind, target } if worth_recording(&kind, &target) => {
                        Some((kind, target))
                    }
                    _ => None,
                } {
                    let (line, _) = lines.locate(scalar.offset);
                    let target = self.shown_target(matcher, &target);
                    analysis.references.push(FileReference {
                        line,
                        key_path: entry.key_path.clone(),
                        kind,
                        target,
                    });
                }
            }
            Verdict::Secret { start, end } => {
                // The hinted rule's own match on the text is the same secret unless the
                // value was decoded (a registry `auth` is reported as its password).
                let exempt = hinted.filter(|_| entry.base64);
                if !matched_already(&scalar.value[start..end], exempt, &self.decoded) {
                    // A generic regex match on the encoded text (a base64 `data:` value)
                    // is the same secret: the decoded judgement replaces it.
                    for &i in &inside {
                        if is_generic(i) {
                            analysis.candidates[i].0 = false;
                        }
                    }
                    if let Some(rule) =
                        reported_as.or_else(|| matcher.rule_index(ids::GENERIC_SECRET))
                    {
                        analysis.extra.push(generic_hit(rule, start, end));
                    }
                }
            }
        }
        if let Some(rule) = matcher.rule_index(ids::GENERIC_SECRET) {
            for (start, end) in env_secrets {
                if !matched_already(&scalar.value[start..end], None, &self.decoded) {
                    analysis.extra.push(generic_hit(rule, start, end));
                }
            }
        }
        for c in &self.decoded {
            let value = &scalar.value[c.start..c.end];
            let (fingerprint, redacted) = describe(matcher, c.rule, value, path, key);
            let at = value_offset(data, scalar, value);
            let (line, column) = lines.locate(at);
            analysis.extra.push(ExtraHit {
                rule: c.rule,
                fingerprint,
                redacted,
                line,
                column,
                inline_allowed: lines.allows(at),
                context: Some(context.clone()),
            });
        }
        self.decoded.clear();
    }

    /// `entry` decoded, when its value is written as it is, looks like base64 and decodes
    /// to text in which a provider or private-key rule matches (`TOKEN: Z2hwX…`): the
    /// secret is the token inside, not the encoding.
    fn encoded_token(&mut self, matcher: &Matcher, entry: &Entry) -> Option<Entry> {
        let scalar = &entry.scalar;
        if entry.base64 || !scalar.verbatim || !encoded::looks_encoded(&scalar.value) {
            return None;
        }
        let decoded = encoded::decode_text(&scalar.value)?;
        self.decoded.clear();
        matcher.find(&decoded, &mut self.scratch, &mut self.decoded);
        let holds_token = self.decoded.iter().any(|c| {
            matches!(
                matcher.rules()[c.rule].rule.kind,
                FindingKind::ProviderSecret | FindingKind::PrivateKey
            )
        });
        self.decoded.clear();
        holds_token.then(|| Entry {
            key_path: entry.key_path.clone(),
            key: entry.key.clone(),
            scalar: Scalar {
                value: decoded,
                offset: scalar.offset,
                raw_end: scalar.raw_end,
                verbatim: false,
            },
            object: entry.object.clone(),
            base64: true,
            rule: None,
        })
    }

    /// What a reference's target may show: only a name or a path. The part after `#` (a
    /// key name in `vault:secret/data/app#key`, but the value itself when one was pasted
    /// there) is never shown. What is left is shown when it is made of name and path
    /// characters only, no rule matches in it, and none of its words looks like a value
    /// to the judge; otherwise it is redacted like a finding (`<sk_l…(32 chars)>` never
    /// shows the key).
    fn shown_target(&mut self, matcher: &Matcher, target: &str) -> String {
        let path = target.split('#').next().unwrap_or_default().trim();
        if path.is_empty() {
            return String::new();
        }
        // User info with a password (`https://user:pass@vault…`, `user:pass@host/path`)
        // carries a credential.
        let authority = path.split_once("://").map_or(path, |(_, rest)| rest);
        let authority = authority
            .split(['/', '?', '#', ' ', '"', '\''])
            .next()
            .unwrap_or_default();
        let user_info = authority
            .rfind('@')
            .is_some_and(|at| at > 0 && authority[..at].contains(':'));
        if !user_info && is_name_or_path(path) && !self.holds_secret(matcher, path.as_bytes()) {
            path.to_string()
        } else {
            redact(path.as_bytes())
        }
    }

    /// Whether a secret, provider or private-key rule matches anywhere in `text`.
    fn holds_secret(&mut self, matcher: &Matcher, text: &[u8]) -> bool {
        self.decoded.clear();
        matcher.find(text, &mut self.scratch, &mut self.decoded);
        let found = self.decoded.iter().any(|c| {
            matches!(
                matcher.rules()[c.rule].rule.kind,
                FindingKind::ProviderSecret | FindingKind::GenericSecret | FindingKind::PrivateKey
            )
        });
        self.decoded.clear();
        found
    }

    /// `.env` checks from the runbooks: a template holding values, a dev-mode root token.
    fn dotenv_posture(
        &self,
        matcher: &Matcher,
        key: &AuditKey,
        path: &str,
        lines: &LineIndex<'_>,
        entries: &[Entry],
        analysis: &mut FileAnalysis,
    ) {
        let push = |id: &str, offset: usize, analysis: &mut FileAnalysis| {
            let Some(rule) = matcher.rule_index(id) else {
                return;
            };
            let name = &matcher.rules()[rule].rule.name;
            let (fingerprint, redacted) = posture_identity(id, name, path, key);
            let (line, column) = lines.locate(offset);
            analysis.extra.push(ExtraHit {
                rule,
                fingerprint,
                redacted,
                line,
                column,
                inline_allowed: lines.allows(offset),
                context: None,
            });
        };
        if super::is_env_template_name(path) {
            let holds_value = entries
                .iter()
                .find(|e| matches!(judge(&e.key, &e.scalar.value), Verdict::Secret { .. }));
            if let Some(entry) = holds_value {
                push(ids::ENV_TEMPLATE_VALUES, entry.scalar.offset, analysis);
            }
        }
        let value_of = |name: &str| {
            entries
                .iter()
                .find(|e| e.key.eq_ignore_ascii_case(name))
                .map(|e| String::from_utf8_lossy(&e.scalar.value).into_owned())
        };
        let dev_addr = value_of("VAULT_ADDR").is_some_and(|a| {
            a.contains("127.0.0.1:8200")
                || a.contains("localhost:8200")
                || a.contains("0.0.0.0:8200")
        });
        let dev_flag = entries
            .iter()
            .any(|e| e.key.to_ascii_uppercase().starts_with("VAULT_DEV"));
        for entry in entries {
            let name = entry.key.to_ascii_uppercase();
            let value = String::from_utf8_lossy(&entry.scalar.value).to_ascii_lowercase();
            let dev_token = match name.as_str() {
                "VAULT_DEV_ROOT_TOKEN_ID" => !value.is_empty() && !value.starts_with('$'),
                "VAULT_TOKEN" | "VAULT_ROOT_TOKEN" => {
                    value == "root"
                        || (value.contains("dev")
                            && (value.contains("root") || value.contains("token")))
                        || ((value.starts_with("hvs.") || value.starts_with("s."))
                            && (dev_addr || dev_flag))
                }
                _ => false,
            };
            if dev_token {
                push(ids::VAULT_DEV_ROOT_TOKEN, entry.scalar.offset, analysis);
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The analysis of `text` as the file `path`, with the built-in rules' candidates in it.
    fn analysis_of(path: &str, text: &str) -> FileAnalysis {
        let matcher = crate::scan::load_matcher(&[]).expect("built-in rules load");
        let key = AuditKey::from_bytes(b"0123456789abcdef0123");
        let mut scratch = Scratch::default();
        let mut candidates = Vec::new();
        matcher.find(text.as_bytes(), &mut scratch, &mut candidates);
        Analyzer::default()
            .analyze(
                &matcher,
                &mut scratch,
                &key,
                path,
                text.as_bytes(),
                &candidates,
            )
            .expect("structured")
    }

    /// The reference targets the analysis of `text` (as the file `path`) records.
    fn targets(path: &str, text: &str) -> Vec<(ReferenceKind, String)> {
        analysis_of(path, text)
            .references
            .into_iter()
            .map(|r| (r.kind, r.target))
            .collect()
    }

    #[test]
    fn reference_targets_show_names_and_paths_only() {
        let stripe = "sk_live_Qm3Zt8Lw1Vb6Nx4Rp9Kd2Hs7";
        let random = "aB3xK9pQ2mZ7vL5nR8tW1y";
        let value = "Zq8kw7Pm3Xn2Lr5Tv9Hb";
        let text = format!(
            "STRIPE_KEY=<{stripe}>\nAPI_TOKEN={{{{ {random} }}}}\nDB_PASSWORD=vault:secret/data/app#{value}\n\
             JIRA_TOKEN=vault:secret/data/jira#api_token\nGH_TOKEN=${{GITHUB_TOKEN}}\n\
             AWS_SECRET=<wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY>\nDB_PASS=<YOUR_DB_PASSWORD>\n\
             HELM_TOKEN={{{{ .Values.apiToken }}}}\n\
             VAULT_REF=ref+vault://reader:hunter2@vault.internal/secret/app#key\n"
        );
        let found = targets(".env", &text);
        let shown: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
        for secret in [
            stripe,
            random,
            value,
            "wJalrXUtnFEMI",
            "bPxRfiCYEXAMPLEKEY",
            "hunter2@",
        ] {
            for target in &shown {
                assert!(!target.contains(secret), "{target} shows {secret}");
                assert!(
                    !target.contains(&secret[..8]),
                    "{target} shows part of {secret}"
                );
            }
        }
        for name in [
            "secret/data/app",
            "secret/data/jira",
            "GITHUB_TOKEN",
            "<YOUR_DB_PASSWORD>",
            ".Values.apiToken",
        ] {
            assert!(shown.contains(&name), "{name} not in {shown:?}");
        }
        // The redacted ones say how long they were, like a finding's preview.
        assert!(shown
            .iter()
            .any(|t| t.starts_with("<sk_") && t.contains("chars)")));
    }

    #[test]
    fn generic_matches_inside_a_sealed_secrets_ciphertext_are_dropped() {
        let matcher = crate::scan::load_matcher(&[]).expect("built-in rules load");
        let key = AuditKey::from_bytes(b"0123456789abcdef0123");
        let ciphertext =
            "AgBq7Xz2Lk9Vw4Nc8Hp3Tr6Ym1Fs5Gd0Je7Ku2Ia9Ob4Qv8Wx3Zc6Rn1Lm5Pt0Sy7Hb2Gk9Df4";
        let sealed = format!(
            "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nspec:\n  encryptedData:\n    CLIENT_SECRET: {ciphertext}\n"
        );
        let plain = sealed
            .replace("SealedSecret", "Secret")
            .replace("encryptedData", "stringData");
        let kept = |text: &str| {
            let mut candidates = Vec::new();
            matcher.find(text.as_bytes(), &mut Scratch::default(), &mut candidates);
            assert!(!candidates.is_empty(), "a generic rule matches the value");
            let analysis = Analyzer::default()
                .analyze(
                    &matcher,
                    &mut Scratch::default(),
                    &key,
                    "k8s/secret.yaml",
                    text.as_bytes(),
                    &candidates,
                )
                .expect("structured");
            analysis.candidates.iter().filter(|(keep, _)| *keep).count() + analysis.extra.len()
        };
        assert_eq!(kept(&sealed), 0);
        assert!(
            kept(&plain) > 0,
            "the same value in a plain Secret is a credential"
        );
    }

    /// A translation bundle's messages are not judged by their ids; the same text in a
    /// settings file is.
    #[test]
    fn a_translation_bundles_messages_are_not_judged_by_their_ids() {
        let text = r#"{"settings.media.s3.secret": "AWS-toegangssleutelgeheimXq"}"#;
        assert!(analysis_of("i18n/nl.json", text).extra.is_empty());
        assert!(!analysis_of("config/settings.json", text).extra.is_empty());
        // Nor does a text rule's match (a label with digits); a provider's format does.
        let kept = |path: &str, text: &str| {
            analysis_of(path, text)
                .candidates
                .iter()
                .filter(|(keep, _)| *keep)
                .count()
        };
        let label = r#"{"LABEL_TWO_FACTOR_AUTH_TOKEN": "2FA-Token7Kq"}"#;
        assert!(!analysis_of("i18n/zh_TW.json", label).candidates.is_empty());
        assert_eq!(kept("i18n/zh_TW.json", label), 0);
        let stripe = r#"{"help.stripe": "sk_live_Qm3Zt8Lw1Vb6Nx4Rp9Kd2Hs7"}"#;
        assert_eq!(kept("i18n/en.json", stripe), 1);
    }

    #[test]
    fn a_secret_used_as_a_key_never_shows_in_key_paths() {
        let token = "sk_live_Qm3Zt8Lw1Vb6Nx4Rp9Kd2Hs7Jf5";
        let text = format!(
            "{{\"{token}\": {{\"password\": \"Hk2Jd9Xs4Lq7Mw3Zp8\", \"api_key\": \"${{API_KEY}}\"}}}}"
        );
        let analysis = analysis_of("config.json", &text);
        let mut paths: Vec<String> = analysis
            .candidates
            .iter()
            .filter_map(|(_, c)| c.as_ref())
            .chain(analysis.extra.iter().filter_map(|e| e.context.as_ref()))
            .flat_map(|c| [c.key_path.clone(), c.key.clone(), c.object.clone()])
            .collect();
        paths.extend(analysis.references.iter().map(|r| r.key_path.clone()));
        assert!(paths.iter().any(|p| p.ends_with(".password")), "{paths:?}");
        assert!(paths.iter().any(|p| p.ends_with(".api_key")), "{paths:?}");
        for path in &paths {
            assert!(!path.contains(&token[8..20]), "{path}");
        }
    }

    #[test]
    fn json_text_under_any_name_is_read_as_json() {
        // Generated at random: a value no text rule takes (a `{` before its digits).
        let text = "\n  {\"db\": {\"password\": \"Nw{Tq(Lx2Kp7Rz3V\"}}\n";
        let matcher = crate::scan::load_matcher(&[]).unwrap();
        let key = AuditKey::from_bytes(b"0123456789abcdef0123");
        let mut candidates = Vec::new();
        matcher.find(text.as_bytes(), &mut Scratch::default(), &mut candidates);
        let analyze = |path: &str, text: &str| {
            Analyzer::default().analyze(
                &matcher,
                &mut Scratch::default(),
                &key,
                path,
                text.as_bytes(),
                &candidates,
            )
        };
        for path in ["response.txt", "deploy/credentials", "settings.json.bak"] {
            let analysis = analyze(path, text).expect("read as JSON");
            assert_eq!(analysis.extra.len(), 1, "{path}");
            assert_eq!(analysis.note, None, "{path}");
        }
        // Not JSON after all: left to the text rules, with no note of a failed parse.
        assert!(analyze("notes.txt", "{ password: Nw{Tq(Lx2Kp7Rz3V }").is_none());
        assert!(analyze("notes.txt", "password: Nw{Tq(Lx2Kp7Rz3V").is_none());
    }

    /// A map or list named for secrets (`secrets:`, `tokens:`, `apiKeys:`) names what its
    /// members are: a generated token there is one, whatever its own name; a member that
    /// names a setting (a region, a source revision), is not generated, or is a key public
    /// by design (PostHog's project key, New Relic's browser key) is not.
    #[test]
    fn members_of_a_secret_collection_are_judged_as_its_secrets() {
        // Generated at random.
        let (stripe, listed, region_like) = (
            "Tz2mWx9pLr4Hs8nBq2dRKq7v",
            "Wx9pLr4Hs8nBq2dRKq7vTz2m",
            "eu-west-1-Lr4Hs8nBq2dRKq7v",
        );
        let yaml = format!(
            "secrets:\n  stripe: {stripe}\n  provider: vault\n  region: {region_like}\n\
             \x20 build: falcon@9.24.9+7dd8f43e1b\n\
             \x20 integrity: sha512-mL6NpoRbv8xU7IPVdZPR93i5thLxgqFC5Wkdd==\n\
             \x20 revision: \"f5e314656b42b961e1b27491fa45ebce1a18d076\"\n\
             \x20 posthog: phc_wvo8LDKIweOntQiFylXXMJw5qdj6RAhPDEz7uHYOqdh\n\
             \x20 browser: \"NRJS-4177f7f052634a309c4\"\n\
             auth:\n  tokens:\n    - \"{listed}\"\n    - hello-world-token\n\
             settings:\n  stripe: {stripe}\n"
        );
        let analysis = analysis_of("config/app.yml", &yaml);
        let mut lines: Vec<usize> = analysis.extra.iter().map(|hit| hit.line).collect();
        lines.sort_unstable();
        assert_eq!(lines, [2, 12], "{:?}", analysis.extra);
        let json = format!("{{\"apiKeys\": {{\"google\": \"{listed}\"}}}}");
        assert_eq!(analysis_of("keys.json", &json).extra.len(), 1);
    }

    /// A recorded HTTP exchange (a VCR cassette) holds the response body as one YAML
    /// string: the `string` key says nothing of the token inside, whose own key does.
    #[test]
    fn a_token_in_json_text_held_by_a_yaml_string_is_found() {
        // Generated at random.
        let token = "9c41e7b05fd2a8631e4b7c90d5f2a3e81b6c4d0f7a9e2b5c8d1f3a6e0b4c7d92";
        let cassette = format!(
            "- response:\n    body:\n      encoding: UTF-8\n      string: '{{\"access_token\":\"{token}\",\"token_type\":\"bearer\"}}'\n"
        );
        let analysis = analysis_of("spec/cassettes/login.yml", &cassette);
        // A text rule matched the token, and the structured judge kept it.
        assert!(analysis.candidates.iter().any(|(keep, _)| *keep));
    }

    /// A cassette lists a header's values under its name: each `Set-Cookie` item sets one
    /// cookie, whichever of them is the session's.
    #[test]
    fn a_session_cookie_listed_under_a_recorded_set_cookie_header_is_found() {
        // Generated at random.
        let session = "Vm4Tq9Kz2Lx7Rw3Np8Hb5Jc1Gd6Fs0Ya";
        let cassette = format!(
            "- response:\n    headers:\n      Set-Cookie:\n      - theme=dark; path=/\n      - laravel_session={session}; path=/; httponly\n"
        );
        let analysis = analysis_of("spec/cassettes/login.yml", &cassette);
        assert!(
            analysis.candidates.is_empty(),
            "no text rule reads the second item"
        );
        let matcher = crate::scan::load_matcher(&[]).unwrap();
        let rule = matcher.rule_index(SESSION_COOKIE_RULE).unwrap();
        let found: Vec<_> = analysis
            .extra
            .iter()
            .map(|hit| (hit.rule, hit.line))
            .collect();
        assert_eq!(found, [(rule, 5)]);
    }

    #[test]
    fn an_env_file_held_in_a_string_is_judged_line_by_line() {
        // Generated at random: a password with no digit and no capital, which no text
        // rule takes.
        let text = "{\n  \"settings.env\": \"LOG_LEVEL=info\\nWORKERS=7\\nDB_PASSWORD=vej-.!pc@^_q%in\\n\",\n  \"run\": \"cd app\\nDB_PASSWORD=vej-.!pc@^_q%in make\\n\",\n  \"one.env\": \"DB_PASSWORD=vej-.!pc@^_q%in\"\n}\n";
        let matcher = crate::scan::load_matcher(&[]).unwrap();
        let key = AuditKey::from_bytes(b"0123456789abcdef0123");
        let mut candidates = Vec::new();
        matcher.find(text.as_bytes(), &mut Scratch::default(), &mut candidates);
        assert!(candidates.is_empty(), "{candidates:?}");
        let analysis = Analyzer::default()
            .analyze(
                &matcher,
                &mut Scratch::default(),
                &key,
                "appsettings.json",
                text.as_bytes(),
                &candidates,
            )
            .unwrap();
        // The env text's password, on its line; not the script's, not a lone assignment.
        let lines: Vec<usize> = analysis.extra.iter().map(|hit| hit.line).collect();
        assert_eq!(lines, [2], "{:?}", analysis.extra);
        assert_eq!(
            matcher.rules()[analysis.extra[0].rule].rule.id,
            ids::GENERIC_SECRET
        );
        // Comments, blank lines and `export` are env lines too; a sentence is not.
        assert_eq!(
            embedded_env_secrets(b"# app\n\nexport MODE=prod\nAPI_TOKEN=Hq7vTz2Lw9Kx4Rb8\n"),
            [(34, 50)]
        );
        assert!(embedded_env_secrets(b"Set API_TOKEN=Hq7vTz2Lw9Kx4Rb8\nMODE=prod\n").is_empty());
    }

    #[test]
    fn an_assignment_in_an_argument_list_is_named_by_itself() {
        // Generated at random: a `docker -e` argument in an MCP server's args.
        let text = "{\"servers\": {\"ns\": {\"command\": \"docker\",\n  \"args\": [\"run\", \"-e\", \"NS_TOKEN_SECRET=Xn2pL7vKq9RwHv3mK9qZ2wLp\", \"-e\", \"NS_MODE=Hv3mK9qZ2wLpXn2pL7vKq9Rw\"]}}}\n";
        // One candidate from the plain scan (the generic rule that read `NS_TOKEN_SECRET`),
        // and the analysis keeps it.
        let analysis = analysis_of(".vscode/mcp.json", text);
        assert_eq!(analysis.candidates.len(), 1, "{:?}", analysis.candidates);
        assert!(analysis.candidates[0].0, "{:?}", analysis.candidates);
        // One line of its own is judged by the name it assigns.
        assert_eq!(
            judge_own_assignment(b"PUBLIC_KEY=helm-chart-signing-key:public_key\n"),
            Some(Verdict::Config)
        );
        assert_eq!(
            judge_own_assignment(b"API_TOKEN=Hq7vTz2Lw9Kx4Rb8\n"),
            Some(Verdict::Secret { start: 10, end: 26 })
        );
        assert_eq!(judge_own_assignment(b"A=1\nB=2\n"), None);
        assert_eq!(judge_own_assignment(b"YXp1cml0ZQ=="), None);
        assert!(is_one_assignment(b"NS_TOKEN_SECRET=x"));
        assert!(!is_one_assignment(b"NS_TOKEN_SECRET="));
        assert!(!is_one_assignment(b"2FA=x"));
        assert!(!is_one_assignment(b"a.b=x"));
        assert!(!is_one_assignment(b"yy=Nf*VIQP%Dpve"));
        assert!(!is_one_assignment(b"aBc=Nf*VIQP%Dpve"));
    }

    #[test]
    fn a_docker_registry_password_is_reported_decoded_under_its_rule() {
        use base64::Engine as _;
        let encode = |t: &str| base64::engine::general_purpose::STANDARD.encode(t);
        // Generated at random; the second is one the judge alone would not call a secret.
        let text = format!(
            "{{\"auths\": {{\n  \"ghcr.io\": {{\"auth\": \"{}\"}},\n  \"quay.io\": {{\"auth\": \"{}\"}},\n  \"r.test\": {{\"auth\": \"{}\"}}\n}}}}",
            encode("ci:Wm4Tq9Lx2Kp7Rz3V"),
            encode("admin-push:_LoleiStTZNijTPW"),
            encode("ci:${REGISTRY_PASSWORD}")
        );
        let matcher = crate::scan::load_matcher(&[]).unwrap();
        let key = AuditKey::from_bytes(b"0123456789abcdef0123");
        let analysis = analysis_of("config.json", &text);
        // The regex's matches on the encoded strings are replaced by the decoded passwords.
        assert!(analysis.candidates.iter().all(|(keep, _)| !keep));
        let rule = matcher.rule_index(super::super::DOCKER_AUTH_RULE).unwrap();
        let found: Vec<(usize, usize, &Fingerprint)> = analysis
            .extra
            .iter()
            .map(|e| (e.rule, e.line, &e.fingerprint))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    rule,
                    2,
                    &SecretValue::new(b"Wm4Tq9Lx2Kp7Rz3V").fingerprint(&key)
                ),
                (
                    rule,
                    3,
                    &SecretValue::new(b"_LoleiStTZNijTPW").fingerprint(&key)
                ),
            ]
        );
    }

    #[test]
    fn endpoints_are_hosts_and_paths_never_carry_a_token() {
        assert_eq!(
            endpoint_shown("acme.service-now.com/api/now/table/incident"),
            "acme.service-now.com"
        );
        assert_eq!(
            endpoint_shown("pg-analytics.acme.io:5432"),
            "pg-analytics.acme.io:5432"
        );
        assert_eq!(endpoint_shown("/xmlrpc/2/object"), "/xmlrpc/2/object");
        let shown = endpoint_shown("hooks.stripe.com/v1/aB3xK9pQ2mZ7vL5nR8tW1y/events");
        assert_eq!(shown, "hooks.stripe.com");
        let shown = endpoint_shown("/hooks/v1/aB3xK9pQ2mZ7vL5nR8tW1y/events");
        assert!(!shown.contains("K9pQ2mZ7"), "{shown}");
        assert!(
            shown.starts_with("/hooks/v1/aB3x…(22 chars)/events"),
            "{shown}"
        );
    }

    #[test]
    fn generated_words_and_names() {
        for word in [
            "aB3xK9pQ2mZ7vL5nR8tW1y",
            "wJalrXUtnFEMI",
            "9f3kq2zt8mw7xv4p",
        ] {
            assert!(looks_generated(word), "{word}");
        }
        for word in [
            "ws1-billing",
            "ExternalSecretStore",
            "portarium",
            "credentials",
            "YOUR_DB_PASSWORD",
            "123456789012",
            "us-east-1",
            "apiToken",
        ] {
            assert!(!looks_generated(word), "{word}");
        }
    }
}
