//! Base64 that hides credentials from the plain scan: `data:` URLs in any text, values
//! under keys that say they are encoded (`DB_PASSWORD_B64`, `token.base64`), Docker
//! registry `auth` strings. Decoding is bounded: only values of at least
//! [`MIN_ENCODED`] base64 characters (and at most [`MAX_ENCODED`]) are decoded, and only
//! a result that is text (UTF-8 with almost no control characters) is looked at, so that
//! images, certificates' DER, hashes and random keys yield nothing.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use std::path::PathBuf;
use zeroize::Zeroizing;

use super::rules::{LoadedRule, Rule};
use crate::finding::{FindingKind, Severity};

/// Encoded values shorter than this are not decoded (12 bytes of text at most).
pub const MIN_ENCODED: usize = 16;
/// Encoded values longer than this are not decoded.
pub const MAX_ENCODED: usize = 64 * 1024;
/// The longest part of a payload (a `data:` URL's, a base64 document) that is decoded:
/// its first 1 MiB (whole base64 quanta). A payload is read to its end however long (the
/// matcher's window only finds its start), then decoded up to this bound: at most 768 KiB
/// of text per payload, held once per worker thread and scanned in a few milliseconds.
/// Source maps inlined in JavaScript bundles
/// (`sourceMappingURL=data:application/json;base64,…`, the original sources with their
/// hard-coded keys) are mostly under it; a longer payload is decoded in part, and the file
/// gets a note saying so.
pub const MAX_PAYLOAD: usize = 1 << 20;

const CONFIG: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, CONFIG);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, CONFIG);

/// Whether `text` is made only of base64 characters (either alphabet, padding at the end),
/// between [`MIN_ENCODED`] and [`MAX_ENCODED`] long, with both letters and digits or
/// symbols (a long word is not an encoding).
pub fn looks_encoded(text: &[u8]) -> bool {
    looks_encoded_up_to(text, MAX_ENCODED)
}

fn looks_encoded_up_to(text: &[u8], max: usize) -> bool {
    let body = text
        .strip_suffix(b"==")
        .or_else(|| text.strip_suffix(b"="))
        .unwrap_or(text);
    (MIN_ENCODED..=max).contains(&text.len())
        && body
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"+/-_".contains(&b))
        && body.iter().any(u8::is_ascii_alphabetic)
        && body.iter().any(|b| !b.is_ascii_alphabetic())
}

/// Decodes `text` (base64, standard or URL-safe alphabet, padding optional, whitespace
/// between lines ignored) when it [looks encoded](looks_encoded) and decodes to
/// [text](is_text); `None` otherwise.
///
/// # Example
/// ```
/// use vaultproof::detect::encoded::decode_text;
/// assert_eq!(&decode_text(b"c3ZjLWJvdDpuM3ZlclNoYXJl").unwrap()[..], b"svc-bot:n3verShare");
/// assert!(decode_text(b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB").is_none()); // a PNG
/// ```
pub fn decode_text(text: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    decode_text_up_to(text, MAX_ENCODED)
}

/// [`decode_text`] with `max` in place of [`MAX_ENCODED`].
fn decode_text_up_to(text: &[u8], max: usize) -> Option<Zeroizing<Vec<u8>>> {
    let compact: Zeroizing<Vec<u8>> = if text.iter().any(u8::is_ascii_whitespace) {
        Zeroizing::new(
            text.iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect(),
        )
    } else {
        Zeroizing::new(text.to_vec())
    };
    if !looks_encoded_up_to(&compact, max) {
        return None;
    }
    let engine = if compact.iter().any(|b| b"-_".contains(b)) {
        URL_SAFE
    } else {
        STANDARD
    };
    let decoded = Zeroizing::new(engine.decode(&compact[..]).ok()?);
    is_text(&decoded).then_some(decoded)
}

/// Whether `bytes` is text: valid UTF-8, not empty, and at most one control character
/// (other than tab, line feed and carriage return) in fifty.
pub fn is_text(bytes: &[u8]) -> bool {
    if bytes.is_empty() || std::str::from_utf8(bytes).is_err() {
        return false;
    }
    let control = bytes
        .iter()
        .filter(|&&b| (b < 0x20 && !b"\t\n\r".contains(&b)) || b == 0x7F)
        .count();
    control * 50 <= bytes.len()
}

/// The key a value is judged under once decoded, when `key` says its value is base64:
/// `DB_PASSWORD_B64` → `DB_PASSWORD`, `token.base64` → `token`, `b64_secret` → `secret`.
///
/// # Example
/// ```
/// use vaultproof::detect::encoded::decoded_key;
/// assert_eq!(decoded_key("DB_PASSWORD_B64"), Some("DB_PASSWORD"));
/// assert_eq!(decoded_key("apiKeyBase64"), Some("apiKey"));
/// assert_eq!(decoded_key("BASE64_URL"), Some("URL"));
/// assert_eq!(decoded_key("PASSWORD"), None);
/// ```
pub fn decoded_key(key: &str) -> Option<&str> {
    let lower = key.to_ascii_lowercase();
    for marker in ["base64", "b64"] {
        if let Some(rest) = lower.strip_suffix(marker) {
            let stem = &key[..rest.len()];
            let stem = stem.trim_end_matches(['_', '-', '.']);
            // `apiKeyBase64` (camel case) or `API_KEY_B64` (a separator before).
            let camel = key[rest.len()..].starts_with(|c: char| c.is_ascii_uppercase());
            if !stem.is_empty() && (stem.len() < rest.len() || camel) {
                return Some(stem);
            }
        }
        if let Some(rest) = lower.strip_prefix(marker) {
            if rest.starts_with(['_', '-', '.']) && rest.len() > 1 {
                return Some(&key[marker.len() + 1..]);
            }
        }
    }
    None
}

/// Id of the keyword rule that finds base64 payloads to decode in the matcher's one pass
/// (so that a blob costs no extra search): `data:` URLs, and credential documents written
/// in base64 anywhere (a Docker `config.json` as an image pull secret's value in Helm
/// values or CI variables, a Google service account key as `GOOGLE_CREDENTIALS`). Its
/// matches are decoded and scanned, never reported.
pub const ENCODED_PAYLOAD_RULE: &str = "vp.encoded.payload.1";

/// How the base64 of the credential documents the payload rule decodes starts: the
/// characters fixed by `{"auths"` (Docker) and `{"type": "service_account"` (Google),
/// compact or indented as `docker login`, `kubectl` and `gcloud` write them.
const ENCODED_DOCUMENT_STARTS: [&str; 8] = [
    "eyJhdXRocy",                             // {"auths"
    "ewogICJhdXRocy",                         // {\n  "auths"
    "ewoJImF1dGhzI",                          // {\n\t"auths"
    "ewogICAgImF1dGhzI",                      // {\n    "auths"
    "eyAiYXV0aHMi",                           // { "auths"
    "eyJ0eXBlIjoic2VydmljZV9hY2NvdW50I",      // {"type":"service_account"
    "ewogICJ0eXBlIjogInNlcnZpY2VfYWNjb3VudC", // {\n  "type": "service_account"
    "eyJ0eXBlIjogInNlcnZpY2VfYWNjb3VudC",     // {"type": "service_account"
];

/// The keyword rule behind [`ENCODED_PAYLOAD_RULE`]: a `data:` URL (`data:`, a media type
/// and its parameters, `;base64,` and the payload) or a base64 credential document. The
/// match ends 16 characters into the payload ([`payload_end`] finds the payload's end and
/// [`encoded_payload`] takes it apart): a match over the whole payload made the capture
/// search read all of it, a millisecond for an inline image of 20 KiB.
pub fn keyword_rules() -> Vec<LoadedRule> {
    let documents = ENCODED_DOCUMENT_STARTS.join("|");
    let mut keywords = vec![";base64,".to_string()];
    keywords.extend(ENCODED_DOCUMENT_STARTS.iter().map(|s| s.to_string()));
    let rule = Rule {
        id: ENCODED_PAYLOAD_RULE.to_string(),
        name: "base64 data: URL or credential document (decoded and scanned; not a finding \
               itself)"
            .to_string(),
        provider: "encoded".to_string(),
        kind: FindingKind::Posture,
        severity: Severity::Info,
        keywords,
        regex: format!(
            r"(?P<secret>data:[A-Za-z]+/[A-Za-z0-9.+-]+(?:;[A-Za-z0-9._-]+=[^;,\s]+)*;base64,[A-Za-z0-9+/_-]{{16}}|(?-i:{documents})[A-Za-z0-9+/]{{16}})"
        ),
        entropy: None,
        validator: None,
        // The match ends early in the payload, on the keyword's line.
        multiline: false,
        keyword_starts_word: false,
        symbol_alphabet: false,
        encoding: None,
        paths: Vec::new(),
        examples: vec![
            "data:text/plain;base64,c3ZjLWJvdDpuM3ZlclNoYXJl".to_string(),
            "pullSecret: eyJhdXRocyI6eyJyZWcuY29ycC50ZXN0Ijp7ImF1dGgiOiJZMmt0Y0hWc2JHVnlPbmRJVkd3elZsZG5SVEZTTUdoVVRqTktRZz09In19fQ==".to_string(),
        ],
        negative_examples: vec![
            "data:text/plain;base64,c2hvcnQ=".to_string(),
            "eyJhdXRocy".to_string(),
        ],
    };
    vec![LoadedRule {
        rule,
        origin: PathBuf::from("builtin:encoded"),
    }]
}

/// Where the payload that [`ENCODED_PAYLOAD_RULE`] matched at `start..end` in `data` really
/// ends: the match stops after the payload's first characters, the payload runs on to its
/// last base64 character.
pub fn payload_end(data: &[u8], end: usize) -> usize {
    let base64 = |b: &u8| b.is_ascii_alphanumeric() || b"+/_-=".contains(b);
    end + data[end..].iter().take_while(|b| base64(b)).count()
}

/// The decoded text of a payload: its first [`MAX_PAYLOAD`] bytes (whole quanta), and
/// whether the payload was longer (decoded in part).
pub fn decode_payload(payload: &[u8]) -> (Option<Zeroizing<Vec<u8>>>, bool) {
    let cut = payload.len() > MAX_PAYLOAD;
    let payload = if cut {
        &payload[..MAX_PAYLOAD]
    } else {
        payload
    };
    let decoded = decode_text_up_to(payload, MAX_PAYLOAD)
        .or_else(|| decode_text_up_to(&payload[..payload.len() / 4 * 4], MAX_PAYLOAD));
    (decoded, cut)
}

/// The base64 payload of a match of [`ENCODED_PAYLOAD_RULE`]: a credential document is
/// its own payload; see [`data_url_payload`] for a `data:` URL.
pub fn encoded_payload(matched: &[u8]) -> Option<&[u8]> {
    if matched.starts_with(b"data:") {
        data_url_payload(matched)
    } else {
        Some(matched)
    }
}

/// The base64 payload of a `data:` URL, unless its media type is never text (images,
/// audio, video, fonts) or the payload is shorter than [`MIN_ENCODED`].
///
/// # Example
/// ```
/// use vaultproof::detect::encoded::data_url_payload;
/// let url = b"data:application/json;base64,eyJ0b2tlbiI6InQtOXgifQ==";
/// assert_eq!(data_url_payload(url), Some(&b"eyJ0b2tlbiI6InQtOXgifQ=="[..]));
/// assert_eq!(data_url_payload(b"data:image/png;base64,iVBORw0KGgoAAAANSUhEUg"), None);
/// ```
pub fn data_url_payload(url: &[u8]) -> Option<&[u8]> {
    const MARKER: &[u8] = b";base64,";
    let media = url.strip_prefix(b"data:")?;
    let at = memchr::memmem::find(media, MARKER)?;
    let kind = media[..at].to_ascii_lowercase();
    if ["image/", "audio/", "video/", "font/"]
        .iter()
        .any(|t| kind.starts_with(t.as_bytes()))
    {
        return None;
    }
    let payload = &media[at + MARKER.len()..];
    (payload.len() >= MIN_ENCODED).then_some(payload)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD as B64;

    #[test]
    fn text_decodes_and_binary_does_not() {
        let text = "svc-deployer:Rk7pWz2QmX9vLt4N";
        let encoded = B64.encode(text);
        assert_eq!(
            &decode_text(encoded.as_bytes()).unwrap()[..],
            text.as_bytes()
        );
        // Whitespace between lines (a wrapped value) is ignored; no padding is fine.
        let wrapped = format!(
            "{}\n  {}",
            &encoded[..12],
            encoded[12..].trim_end_matches('=')
        );
        assert_eq!(
            &decode_text(wrapped.as_bytes()).unwrap()[..],
            text.as_bytes()
        );
        // Random bytes, a PNG header, a SHA-256 in hex, a short value, a plain word.
        let random: Vec<u8> = (0u32..48).map(|i| (i * 97 + 13) as u8 ^ 0xA5).collect();
        for negative in [
            B64.encode(&random),
            B64.encode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10"),
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
            B64.encode("ab:cd"),
            "AuthorizationHeaderValues".into(),
        ] {
            assert!(decode_text(negative.as_bytes()).is_none(), "{negative}");
        }
    }

    #[test]
    fn keys_that_say_base64() {
        for (key, stem) in [
            ("DB_PASSWORD_B64", "DB_PASSWORD"),
            ("db-password.base64", "db-password"),
            ("tokenB64", "token"),
            ("B64_API_KEY", "API_KEY"),
        ] {
            assert_eq!(decoded_key(key), Some(stem), "{key}");
        }
        for key in ["b64", "base64", "sb64x", "USE_BASE64_ENCODING", "ncb64"] {
            assert_eq!(decoded_key(key), None, "{key}");
        }
    }

    #[test]
    fn data_urls_with_text_media_types() {
        let matcher = crate::detect::Matcher::new(keyword_rules()).unwrap();
        let json = B64.encode(r#"{"token":"Vq3Lm9Xz2Rk7Pw4T"}"#);
        let png = B64.encode(b"\x89PNG\r\n\x1a\nrestofthepicture");
        let long = B64.encode("key=Vq3Lm9Xz2Rk7\n".repeat(2_500));
        let text = format!(
            "<img src=\"data:image/png;base64,{png}\">\nfetch('data:application/json;base64,{json}')\n\
             data:text/plain;charset=utf-8;base64,{json}\ndata:text/plain;base64,{long}\n"
        );
        let mut found = Vec::new();
        matcher.find(
            text.as_bytes(),
            &mut crate::detect::Scratch::default(),
            &mut found,
        );
        let data = text.as_bytes();
        // The match stops 16 characters into the payload: the payload runs to its end.
        let cut = found.iter().map(|c| c.end - c.start).max().unwrap();
        assert!(cut < 80, "{cut}");
        let payloads: Vec<&[u8]> = found
            .iter()
            .filter_map(|c| data_url_payload(&data[c.start..payload_end(data, c.end)]))
            .collect();
        assert_eq!(payloads.len(), 3, "{found:?}");
        assert_eq!(payloads[0], json.as_bytes());
        assert_eq!(payloads[1], json.as_bytes());
        assert_eq!(payloads[2], long.as_bytes());
        let (decoded, partly) = decode_payload(payloads[2]);
        assert!(!partly);
        assert_eq!(decoded.unwrap().len(), 2_500 * 17);
    }

    #[test]
    fn a_data_url_payload_is_decoded_up_to_the_bound() {
        let line = "key=Vq3Lm9Xz2Rk7\n";
        let long = B64.encode(line.repeat(MAX_PAYLOAD / 16));
        assert!(long.len() > MAX_PAYLOAD);
        let (decoded, partly) = decode_payload(long.as_bytes());
        assert!(partly);
        let decoded = decoded.unwrap();
        assert_eq!(decoded.len(), MAX_PAYLOAD / 4 * 3);
        assert!(decoded.starts_with(line.as_bytes()));
    }
}
