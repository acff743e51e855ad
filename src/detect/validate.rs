//! Checks beyond the regex for token formats that carry their own integrity data:
//! GitHub and npm tokens end in a CRC32 checksum, PyPI tokens are macaroons, JWTs are
//! base64url JSON, age secret keys are bech32 with its checksum, base64 PEM, base64 JWTs
//! and Atlassian Data Center tokens decode to a known shape. A value that fails is not
//! the credential its regex suggests.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine as _;

use super::keystore::{self, Keystore};
use super::rules::Validator;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Whether `value` passes `validator`.
pub fn validate(validator: Validator, value: &[u8]) -> bool {
    match validator {
        Validator::Crc32Base62 => crc32_base62(value),
        Validator::PypiMacaroon => pypi_macaroon(value),
        Validator::Jwt => jwt(value),
        Validator::Bech32 => bech32(value),
        Validator::AtlassianDcToken => atlassian_dc_token(value),
        Validator::Credential => super::judge::looks_like_secret(value),
        Validator::LetterAndDigit => letter_and_digit(value),
        Validator::KeyToken => key_token(value),
        Validator::Bech32Fails => !bech32(value),
        Validator::Base64PrivateKey => base64_private_key(value),
        Validator::Base64DerKey => base64_der_key(value),
        Validator::Base64Jwt => base64_jwt(value),
        Validator::RandomLetters => random_letters(value),
        Validator::RandomMixedCaseLetters => random_mixed_case_letters(value),
        Validator::NkeySeed => nkey_seed(value),
        Validator::EcrToken => ecr_token(value),
        Validator::CephKey => ceph_key(value),
        Validator::Base64Keytab => base64_keytab(value),
        Validator::GrafanaApiKey => grafana_api_key(value),
        Validator::DiscordBotToken => discord_bot_token(value),
    }
}

/// A NATS nkey seed: 36 bytes once base32-decoded, whose first five bits are the seed
/// prefix (18) and whose last two are the CRC-16 (XMODEM) of the rest, little-endian.
fn nkey_seed(value: &[u8]) -> bool {
    const SEED_PREFIX: u8 = 18;
    let Some(raw) = base32_decode(value) else {
        return false;
    };
    raw.len() == 36
        && raw[0] >> 3 == SEED_PREFIX
        && crc16_xmodem(&raw[..34]) == u16::from_le_bytes([raw[34], raw[35]])
}

/// RFC 4648 base32 without padding (uppercase alphabet); `None` on any other byte.
fn base32_decode(value: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(value.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in value {
        let digit = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'2'..=b'7' => byte - b'2' + 26,
            _ => return None,
        };
        buffer = (buffer << 5) | u32::from(digit);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// CRC-16 with polynomial 0x1021 and initial value 0 (XMODEM), as NATS nkeys use.
fn crc16_xmodem(data: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &byte in data {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// The longest opening [`letter_and_digit`] takes for a format's prefix.
const PREFIX_MAX: usize = 8;

/// An ASCII letter and a digit in `value` after its prefix (up to the first `.` or `_`
/// within [`PREFIX_MAX`] characters; past them, on either side of that separator), or,
/// after a prefix, sixteen random letters of both cases: one base62 token body of 24
/// characters in seventy draws no digit (`s.rIabZSWfOtXkZAdgjdaxHxZj`), and a name in
/// camelCase (`s.addComponentsFromRegistry`) is still refused. Unprefixed letters are
/// left to the rules for them (`vp.generic.secret-letters.*`).
fn letter_and_digit(value: &[u8]) -> bool {
    let mixes = |part: &[u8]| {
        part.iter().any(u8::is_ascii_alphabetic) && part.iter().any(u8::is_ascii_digit)
    };
    let separator = value.iter().position(|&b| b == b'.' || b == b'_');
    // A prefix is a format's short opening (`s.`, `hvs.`, `sk_`, `glpat_`). A `_` further
    // in is base64url's own (`…KcA_qQxl`): one side of it mixing letters and digits is
    // enough, where a name's word and its number (`customfield_14400`) mix on neither.
    if let Some(at) = separator.filter(|&at| at > PREFIX_MAX) {
        return mixes(&value[..at]) || mixes(&value[at + 1..]);
    }
    let body = separator.map_or(value, |i| &value[i + 1..]);
    mixes(body)
        || (separator.is_some()
            && body.len() >= 16
            && body.iter().all(u8::is_ascii_alphabetic)
            && random_mixed_case_letters(body))
}

/// See [`Validator::KeyToken`].
fn key_token(value: &[u8]) -> bool {
    const SHORT: usize = 20;
    letter_and_digit(value) && (value.len() >= SHORT || !is_one_case_hex(value))
}

/// Whether `value` is hex digits of one case (`48205d4ffd7feba3`, `24203D9F`).
pub(super) fn is_one_case_hex(value: &[u8]) -> bool {
    value.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        || value.iter().all(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F'))
}

/// The most frequent letter pairs of English text, plus doubled letters common in words
/// (`ss`, `ll`, `ee`, `oo`): a phrase holds many, random letters about one pair in nine.
const COMMON_PAIRS: &[&[u8; 2]] = &[
    b"th", b"he", b"in", b"er", b"an", b"re", b"on", b"at", b"en", b"nd", b"ti", b"es", b"or",
    b"te", b"of", b"ed", b"is", b"it", b"al", b"ar", b"st", b"to", b"nt", b"ng", b"se", b"ha",
    b"as", b"ou", b"io", b"le", b"ve", b"co", b"me", b"de", b"hi", b"ri", b"ro", b"ic", b"ne",
    b"ea", b"ra", b"ce", b"li", b"ch", b"ll", b"be", b"ma", b"si", b"om", b"ur", b"ss", b"ee",
    b"oo", b"wo", b"rd", b"pa", b"ow", b"ac", b"et", b"ct", b"lo", b"ca", b"no", b"el", b"il",
    b"sh", b"ni", b"la", b"di", b"us", b"ut", b"ge", b"tr",
];

/// Letter sequences a person types in a run: the alphabet and the keyboard's rows.
const LETTER_RUNS: &[&[u8]] = &[
    b"abcdefghijklmnopqrstuvwxyz",
    b"qwertyuiop",
    b"asdfghjkl",
    b"zxcvbnm",
];

/// Whether the letters of `value` (other bytes ignored) look drawn at random: at most five
/// common English pairs per sixteen letters (random letters have more than five in under
/// one case in a hundred, English phrases mostly eight or more), and no four letters of one
/// case in a row along the alphabet or a keyboard row (`asdf`, `QWER`). A person types a
/// run in one case; random letters of both cases fall into one in any case (`Zxcv`) about
/// one 39-letter token in 12,000, in one case eight times less often.
fn random_letters(value: &[u8]) -> bool {
    let cased: Vec<u8> = value
        .iter()
        .copied()
        .filter(u8::is_ascii_alphabetic)
        .collect();
    let letters = cased.to_ascii_lowercase();
    let common = letters
        .windows(2)
        .filter(|pair| COMMON_PAIRS.iter().any(|c| c[..] == pair[..]))
        .count();
    let one_case = |four: &[u8]| {
        four.iter().all(u8::is_ascii_lowercase) || four.iter().all(u8::is_ascii_uppercase)
    };
    let in_a_run = cased.windows(4).any(|typed| {
        one_case(typed)
            && LETTER_RUNS
                .iter()
                .any(|run| run.windows(4).any(|w| w.eq_ignore_ascii_case(typed)))
    });
    !letters.is_empty() && common * 16 <= letters.len() * 5 && !in_a_run
}

/// [`random_letters`] with two upper-case and two lower-case letters at least, not a
/// camelCase name. `looks_like_secret` asks it too, of a value of letters alone that reads
/// as words.
pub(crate) fn random_mixed_case_letters(value: &[u8]) -> bool {
    let count = |case: fn(&u8) -> bool| value.iter().filter(|b| case(b)).count();
    count(u8::is_ascii_uppercase) >= 2
        && count(u8::is_ascii_lowercase) >= 2
        && !is_camel_case_name(value)
        && random_letters(value)
}

/// Whether `value` is words run together in camelCase or PascalCase (`EnvProjectName`,
/// `enableCheckoutRedesign`): each capital followed by two lowercase letters or more.
/// Random letters of both cases fall into that shape about once in a hundred at twelve
/// letters, names always do; a common two-letter word may stand among them (`MyKeyValue`).
/// Words may also be joined by `_` or `-`
/// (`Read_From_Environment_Variable`, `consumer-plugin-John_Doe`, a constant's
/// `crypto_secretbox_KEYBYTES` with a part in capitals): each part between them is then
/// read alone, where a URL-safe token has at least one random part. One acronym
/// of two to four capitals may stand among the words (`emptyArgoCDConfigMap`,
/// `getHTTPResponse`) when every word then holds a vowel or is a common abbreviation
/// (`insecureOCIForceHttp`). Random letters of both cases pass about once in 440 at twenty
/// letters (simulated, 200,000 draws), twice as often as without acronyms and two-letter
/// words.
fn is_camel_case_name(value: &[u8]) -> bool {
    let parts: Vec<&[u8]> = value
        .split(|&b| b == b'_' || b == b'-')
        .filter(|part| !part.is_empty())
        .collect();
    // Among parts, one in capitals is a constant's word (`crypto_secretbox_KEYBYTES`).
    let constant_word = |part: &[u8]| parts.len() >= 2 && part.iter().all(u8::is_ascii_uppercase);
    parts
        .iter()
        .all(|part| camel_case_words(part) || constant_word(part))
}

/// Two-letter words a name may hold (`MyKeyValue`, `IsEnabled`, `UserId`).
const TWO_LETTER_WORDS: &[&[u8]] = &[
    b"my", b"is", b"by", b"to", b"of", b"on", b"in", b"at", b"id", b"ui", b"db", b"io", b"no",
    b"or", b"an", b"as", b"be", b"do", b"if", b"it", b"up", b"we", b"go",
];

/// Vowel-less abbreviations names spell as words (`ForceHttp`, `parseSqlRow`).
const VOWELLESS_WORDS: &[&[u8]] = &[
    b"http", b"html", b"xml", b"sql", b"tls", b"ssl", b"dns", b"src", b"ctx", b"msg", b"cfg",
    b"cmd", b"pkg", b"str", b"btn", b"png", b"jpg", b"svg", b"css",
];

/// One part of [`is_camel_case_name`]: the text before its first capital, then words of a
/// capital and two lowercase letters or more, and at most one acronym.
fn camel_case_words(part: &[u8]) -> bool {
    let start = part
        .iter()
        .position(u8::is_ascii_uppercase)
        .unwrap_or(part.len());
    let mut words: Vec<&[u8]> = vec![&part[..start]];
    let mut acronyms = 0;
    let mut at = start;
    while at < part.len() {
        let capitals = part[at..]
            .iter()
            .take_while(|b| b.is_ascii_uppercase())
            .count();
        let lowercase = part[at + capitals..]
            .iter()
            .take_while(|b| b.is_ascii_lowercase())
            .count();
        // The last capital of a run opens the next word unless the run ends the part.
        let acronym = if lowercase == 0 {
            capitals
        } else {
            capitals - 1
        };
        if acronym > 0 {
            if !(2..=4).contains(&acronym) {
                return false;
            }
            acronyms += 1;
        }
        if lowercase > 0 {
            let word = &part[at + capitals - 1..at + capitals + 1];
            if lowercase < 2 && !TWO_LETTER_WORDS.contains(&word.to_ascii_lowercase().as_slice()) {
                return false;
            }
            words.push(&part[at + capitals - 1..at + capitals + lowercase]);
        } else if at + capitals < part.len() {
            // A capital run followed by neither a word nor the end: a digit or a symbol.
            return false;
        }
        at += capitals + lowercase;
    }
    let spoken = |word: &&[u8]| {
        let lower = word.to_ascii_lowercase();
        word.is_empty()
            || lower.iter().any(|b| b"aeiouy".contains(b))
            || VOWELLESS_WORDS.contains(&lower.as_slice())
    };
    acronyms == 0 || (acronyms == 1 && words.iter().all(spoken))
}

/// Base64 whose decoded start is a PEM header naming a private key: only the first 96
/// characters (the header line and a little more) are decoded.
fn base64_private_key(value: &[u8]) -> bool {
    let head = &value[..value.len().min(96) / 4 * 4];
    let Ok(bytes) = STANDARD.decode(head) else {
        return false;
    };
    let Some(line) = bytes.split(|&b| b == b'\n').next() else {
        return false;
    };
    line.starts_with(b"-----BEGIN ") && memchr::memmem::find(line, b"PRIVATE KEY").is_some()
}

/// Base64 of a whole DER key container that holds an unencrypted key (see
/// [`Validator::Base64DerKey`]); the value's line breaks, real or escaped, are skipped.
fn base64_der_key(value: &[u8]) -> bool {
    let mut text = zeroize::Zeroizing::new(Vec::with_capacity(value.len()));
    let mut i = 0;
    while i < value.len() {
        match value[i] {
            b'\\' if matches!(value.get(i + 1), Some(b'n' | b'r')) => i += 2,
            b'\r' | b'\n' | b' ' | b'\t' => i += 1,
            byte => {
                text.push(byte);
                i += 1;
            }
        }
    }
    let Some(bytes) = decode_standard(&text) else {
        return false;
    };
    matches!(
        keystore::parse(&bytes),
        Some(Keystore::Pkcs8 | Keystore::Rsa | Keystore::Ec | Keystore::Pkcs12)
    )
}

/// Base64 (padded or not) of a signed JWT: text that is a JWT by [`jwt`], with a
/// signature of 16 base64url characters or more, as `vp.jwt.token.1` wants one.
fn base64_jwt(value: &[u8]) -> bool {
    let Some(decoded) = decode_standard(value) else {
        return false;
    };
    let text = decoded.trim_ascii_end();
    let signature = text.split(|&b| b == b'.').nth(2).unwrap_or_default();
    text.starts_with(b"eyJ")
        && signature.len() >= 16
        && signature
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        && jwt(text)
}

/// An Amazon ECR authorization token: standard base64 of `AWS:` and base64 of a JSON
/// object (`{"payload":…`), the password `docker login` takes for the user `AWS`.
fn ecr_token(value: &[u8]) -> bool {
    let Ok(outer) = STANDARD.decode(value) else {
        return false;
    };
    let outer = zeroize::Zeroizing::new(outer);
    let Some(password) = outer.strip_prefix(b"AWS:") else {
        return false;
    };
    STANDARD.decode(password).is_ok_and(|inner| {
        zeroize::Zeroizing::new(inner)
            .trim_ascii()
            .starts_with(b"{\"")
    })
}

/// A Ceph secret key: standard base64 of a `CryptoKey` as Ceph encodes it, a little-endian
/// `u16` type (1, AES), an 8-byte creation time, a `u16` length (16) and the secret.
fn ceph_key(value: &[u8]) -> bool {
    STANDARD.decode(value).is_ok_and(|bytes| {
        let bytes = zeroize::Zeroizing::new(bytes);
        bytes.len() == 28 && bytes[..2] == [1, 0] && bytes[10..12] == [16, 0]
    })
}

/// A Kerberos keytab in standard base64 (padded or not) that parses whole with a key.
fn base64_keytab(value: &[u8]) -> bool {
    decode_standard(value).is_some_and(|bytes| super::keytab::parse(&bytes).is_some())
}

/// Not another object than Grafana's API key: base64 that decodes to a JSON object is a
/// key only with the random `k`, the key's name `n` and the organisation's numeric `id`,
/// and a `k` that is no sample (`EXAMPLE…`).
fn grafana_api_key(value: &[u8]) -> bool {
    let Some(decoded) = decode_standard(value) else {
        return true;
    };
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_slice(&decoded) else {
        return true;
    };
    let random = fields.get("k").and_then(serde_json::Value::as_str);
    random.is_some_and(|k| !super::placeholder::is_sample(k.as_bytes()))
        && fields.get("n").is_some_and(serde_json::Value::is_string)
        && fields.get("id").is_some_and(serde_json::Value::is_number)
}

/// Standard base64, padded or not, decoded into memory that is wiped when dropped (what
/// it decodes to may be a key).
fn decode_standard(value: &[u8]) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    STANDARD
        .decode(value)
        .or_else(|_| STANDARD_NO_PAD.decode(value))
        .ok()
        .map(zeroize::Zeroizing::new)
}

/// An Atlassian Data Center personal access token: standard base64 of a 12-digit id, a
/// colon and 20 random bytes (33 bytes, 44 characters, no padding).
fn atlassian_dc_token(value: &[u8]) -> bool {
    let Ok(bytes) = STANDARD.decode(value) else {
        return false;
    };
    bytes.len() == 33 && bytes[..12].iter().all(u8::is_ascii_digit) && bytes[12] == b':'
}

const BECH32_CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// A Discord bot token: the part before its first `.` decodes (unpadded base64, URL-safe as
/// Discord writes it) to a user id of 17 to 20 decimal digits that does not start with 0.
fn discord_bot_token(value: &[u8]) -> bool {
    let id = value.split(|&b| b == b'.').next().unwrap_or_default();
    URL_SAFE_NO_PAD.decode(id).is_ok_and(|digits| {
        (17..=20).contains(&digits.len())
            && digits[0] != b'0'
            && digits.iter().all(u8::is_ascii_digit)
    })
}

/// A BIP 173 bech32 string (either case): `hrp` `1` data, whose checksum (the last 6
/// data characters) makes the polymod of the expanded `hrp` and the data equal 1.
fn bech32(value: &[u8]) -> bool {
    let lower = value.to_ascii_lowercase();
    let Some(sep) = lower.iter().rposition(|&b| b == b'1') else {
        return false;
    };
    let (hrp, data) = (&lower[..sep], &lower[sep + 1..]);
    if hrp.is_empty() || data.len() < 6 {
        return false;
    }
    let mut values = Vec::with_capacity(hrp.len() * 2 + 1 + data.len());
    values.extend(hrp.iter().map(|&c| c >> 5));
    values.push(0);
    values.extend(hrp.iter().map(|&c| c & 31));
    for &c in data {
        let Some(v) = BECH32_CHARSET.iter().position(|&x| x == c) else {
            return false;
        };
        values.push(v as u8);
    }
    bech32_polymod(&values) == 1
}

fn bech32_polymod(values: &[u8]) -> u32 {
    const GENERATOR: [u32; 5] = [
        0x3b6a_57b2,
        0x2650_8e6d,
        0x1ea1_19fa,
        0x3d42_33dd,
        0x2a14_62b3,
    ];
    let mut chk: u32 = 1;
    for &v in values {
        let top = chk >> 25;
        chk = ((chk & 0x01ff_ffff) << 5) ^ u32::from(v);
        for (i, g) in GENERATOR.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

/// `prefix_` + body + 6-character base62 CRC32 of the body (GitHub and npm tokens).
fn crc32_base62(value: &[u8]) -> bool {
    let Some(underscore) = value.iter().rposition(|&b| b == b'_') else {
        return false;
    };
    let token = &value[underscore + 1..];
    if token.len() <= 6 {
        return false;
    }
    let (body, checksum) = token.split_at(token.len() - 6);
    checksum == base62_crc32(body)
}

/// The 6-character, zero-padded base62 encoding of the CRC32 of `body`.
pub fn base62_crc32(body: &[u8]) -> [u8; 6] {
    let mut n = crc32fast::hash(body);
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    out
}

/// `pypi-` + base64url macaroon (v2 binary format) whose location is a PyPI host.
fn pypi_macaroon(value: &[u8]) -> bool {
    let Some(body) = value.strip_prefix(b"pypi-") else {
        return false;
    };
    // The location field sits at the start: decode only a short prefix (a multiple of 4).
    let head = &body[..body.len().min(64) / 4 * 4];
    let Ok(bytes) = URL_SAFE_NO_PAD.decode(head) else {
        return false;
    };
    // Version 2, then field type 1 (location), a length byte, the location itself.
    match bytes.as_slice() {
        [2, 1, len, rest @ ..] => {
            let location = &rest[..(*len as usize).min(rest.len())];
            location == b"pypi.org" || location == b"test.pypi.org"
        }
        _ => false,
    }
}

/// `header.payload.signature`, header and payload base64url JSON objects, header with `alg`.
/// A token that carries a JWT after its own prefix (GitHub's `ghs_<app id>_<JWT>`) is read
/// from the JWT on.
fn jwt(value: &[u8]) -> bool {
    let value = memchr::memmem::find(value, b"eyJ").map_or(value, |at| &value[at..]);
    let mut parts = value.split(|&b| b == b'.');
    let (Some(header), Some(payload)) = (parts.next(), parts.next()) else {
        return false;
    };
    let decode = |part: &[u8]| {
        URL_SAFE_NO_PAD
            .decode(part)
            .or_else(|_| STANDARD_NO_PAD.decode(part))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
    };
    let header_ok = decode(header).is_some_and(|h| h.get("alg").is_some());
    header_ok && decode(payload).is_some_and(|p| p.is_object())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn github_token(prefix: &str, body: &str) -> String {
        let checksum = base62_crc32(body.as_bytes());
        format!("{prefix}_{body}{}", std::str::from_utf8(&checksum).unwrap())
    }

    #[test]
    fn crc32_checksum_accepts_generated_and_rejects_altered_tokens() {
        let token = github_token("ghp", "Qw8eR4tY7uI1oP3aS6dF9gH2jK5lZx");
        assert!(validate(Validator::Crc32Base62, token.as_bytes()));
        let mut altered = token.into_bytes();
        altered[5] = if altered[5] == b'a' { b'b' } else { b'a' };
        assert!(!validate(Validator::Crc32Base62, &altered));
    }

    #[test]
    fn nkey_seeds_pass_their_checksum_and_altered_ones_fail() {
        let seed = "SUAHLZHEXSFKYFHEY6JT2ORHVI2QBLMTRA3GXH2A2QI3ESZHRT7DBZQ2JM";
        assert!(validate(Validator::NkeySeed, seed.as_bytes()));
        let mut altered = seed.as_bytes().to_vec();
        altered[20] = if altered[20] == b'A' { b'B' } else { b'A' };
        assert!(!validate(Validator::NkeySeed, &altered));
        // Lowercase, or one character short: not base32 of 36 bytes.
        assert!(!validate(
            Validator::NkeySeed,
            seed.to_lowercase().as_bytes()
        ));
        assert!(!validate(Validator::NkeySeed, &seed.as_bytes()[1..]));
    }

    #[test]
    fn random_letters_tell_a_generated_password_from_a_phrase_or_a_run() {
        for generated in [
            "vzihlaquknriqlht",
            "ykla hpyv yilv bgis",
            "tlobkmdgcuwfciaq",
        ] {
            assert!(
                validate(Validator::RandomLetters, generated.as_bytes()),
                "{generated}"
            );
        }
        for chosen in [
            "mysecretpassword",
            "thisismypassword",
            "correcthorsebatt",
            "qwertyuiopzmxnvb",
            "pkzrabcdvwqjfhxu",
        ] {
            assert!(
                !validate(Validator::RandomLetters, chosen.as_bytes()),
                "{chosen}"
            );
        }
    }

    #[test]
    fn random_mixed_case_letters_want_both_cases() {
        for random in [
            "BAMuqflyfMDxnuJYUO",
            "Lpd_NvmfQVEdvqfRxGNnTmucxFZbvRHx",
            "mJdXLtmvTUSpoLwMvdBt_w",
            // an acronym's shape among words without vowels
            "qwrTpsFGHkvbWxzLmnbt",
            // a keyboard row's letters in mixed case, by chance (`Zxcv`)
            "LCgQzKiHaRkvpFWaVonoSPxVgpZxcvzOIZPfag",
        ] {
            assert!(
                validate(Validator::RandomMixedCaseLetters, random.as_bytes()),
                "{random}"
            );
        }
        for chosen in [
            "vzihlaquknriqlht",
            "PasswordEncoderFactory",
            "ThisIsMySecretPassword",
            "EnvProjectName",
            "enableCheckoutRedesignForBeta",
            "QWERTYUIOPasdfgh",
            "hRkTnBqwerVxcZmLp",
            "consumer-plugin-John_Doe",
            "Read_From_Environment_Variable",
            // one acronym among words
            "emptyArgoCDConfigMap",
            "insecureOCIForceHttp",
            "getHTTPResponse",
            "MyKeyValue",
            "IsEnabledForUserId",
            // a C constant's name, a word in capitals among lowercase ones
            "crypto_secretbox_KEYBYTES",
        ] {
            assert!(
                !validate(Validator::RandomMixedCaseLetters, chosen.as_bytes()),
                "{chosen}"
            );
        }
    }

    #[test]
    fn a_short_key_token_is_no_hex_of_one_case() {
        for (value, passes) in [
            ("kig1n7lpsylh6qv", true),
            ("RKCGzna7bv9YD57c", true),
            ("4f0a9c27e31d58b6", false),
            ("4F0A9C27E31D58B6", false),
            ("4f0a9c27e31d58b6a1c2", true),
            ("enableCheckoutRedesign", false),
        ] {
            assert_eq!(
                validate(Validator::KeyToken, value.as_bytes()),
                passes,
                "{value}"
            );
        }
    }

    #[test]
    fn letter_and_digit_looks_past_the_prefix() {
        for (value, passes) in [
            ("s.h33vXBA1kIKyArEz47fm7mWQ", true),
            ("s.addComponentsFromRegistry", false),
            ("live_126031192_", false),
            ("k8s9x2", true),
            // a letters-only body after a prefix: random in both cases, not a name
            ("s.rIabZSWfOtXkZAdgjdaxHxZj", true),
            ("s.enableCheckoutRedesignForBeta", false),
            // base64url's own `_` past a prefix's length; a name's word and number
            ("bPf5k9XqY2TkBZs0vNORQpXJKcA_qQxl", true),
            ("customfield_14400", false),
        ] {
            assert_eq!(
                validate(Validator::LetterAndDigit, value.as_bytes()),
                passes,
                "{value}"
            );
        }
    }

    #[test]
    fn bech32_fails_is_the_complement() {
        assert!(!validate(Validator::Bech32Fails, b"A12UEL5L"));
        assert!(validate(Validator::Bech32Fails, b"A12UEL5M"));
    }

    #[test]
    fn base64_der_is_a_private_key_only_when_it_decodes_to_a_whole_key() {
        // An Ed25519 key in PKCS#8: version 0, the algorithm 1.3.101.112, the key.
        let mut der = vec![
            0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65,
        ];
        der.extend([0x70, 0x04, 0x22, 0x04, 0x20]);
        der.extend((0..32u8).map(|i| i.wrapping_mul(97).wrapping_add(13)));
        let key = STANDARD.encode(&der);
        assert!(key.starts_with("MC4CAQAwBQYDK2VwBCIEI"), "{key}");
        assert!(validate(Validator::Base64DerKey, key.as_bytes()));
        let wrapped = format!("{}\\n{}", &key[..32], &key[32..]);
        assert!(validate(Validator::Base64DerKey, wrapped.as_bytes()));
        let wrapped = format!("{}\n  {}", &key[..32], &key[32..]);
        assert!(validate(Validator::Base64DerKey, wrapped.as_bytes()));
        // Cut short, or with text after the key.
        assert!(!validate(Validator::Base64DerKey, &key.as_bytes()[..40]));
        let longer = format!("{key}QUJD");
        assert!(!validate(Validator::Base64DerKey, longer.as_bytes()));
        // The same bytes as a public key (SubjectPublicKeyInfo: no version, a BIT STRING).
        let mut public = vec![
            0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21,
        ];
        public.push(0x00);
        public.extend((0..32u8).map(|i| i.wrapping_mul(97).wrapping_add(13)));
        assert!(!validate(
            Validator::Base64DerKey,
            STANDARD.encode(&public).as_bytes()
        ));
        assert!(!validate(Validator::Base64DerKey, b"MIIEvQIBADAN!!"));
    }

    #[test]
    fn base64_pem_is_a_private_key_only_when_its_header_says_so() {
        let pem = |label: &str| {
            STANDARD.encode(format!(
                "-----BEGIN {label}-----\nq8Zt3LmV7xR2nB5kW9pY4cF6hJ1sD0gA\n-----END {label}-----\n"
            ))
        };
        assert!(validate(
            Validator::Base64PrivateKey,
            pem("RSA PRIVATE KEY").as_bytes()
        ));
        assert!(validate(
            Validator::Base64PrivateKey,
            pem("OPENSSH PRIVATE KEY").as_bytes()
        ));
        assert!(!validate(
            Validator::Base64PrivateKey,
            pem("CERTIFICATE").as_bytes()
        ));
        assert!(!validate(
            Validator::Base64PrivateKey,
            pem("PUBLIC KEY").as_bytes()
        ));
        assert!(!validate(Validator::Base64PrivateKey, b"LS0tLS1CRUdJTi!!"));
    }

    #[test]
    fn atlassian_dc_token_needs_a_numeric_id_and_a_colon() {
        // base64 of "123456789012:" and 20 more bytes
        let token = STANDARD.encode([b"123456789012:".as_slice(), &[7u8; 20]].concat());
        assert_eq!(token.len(), 44);
        assert!(validate(Validator::AtlassianDcToken, token.as_bytes()));
        let no_colon = STANDARD.encode([b"1234567890123".as_slice(), &[7u8; 20]].concat());
        assert!(!validate(Validator::AtlassianDcToken, no_colon.as_bytes()));
        assert!(!validate(
            Validator::AtlassianDcToken,
            b"not base64 at all!"
        ));
    }

    #[test]
    fn a_discord_bot_token_opens_with_the_base64_of_a_numeric_id() {
        let token = |id: &str| format!("{}.Gq3vXa.{}", URL_SAFE_NO_PAD.encode(id), "k".repeat(38));
        assert!(validate(
            Validator::DiscordBotToken,
            token("1183746502918374650").as_bytes()
        ));
        assert!(validate(
            Validator::DiscordBotToken,
            token("918273645091827364").as_bytes()
        ));
        // a leading zero, letters, or too few digits: not a snowflake
        for id in ["0183746502918374650", "11837465029183746x0", "1183746502"] {
            assert!(
                !validate(Validator::DiscordBotToken, token(id).as_bytes()),
                "{id}"
            );
        }
        assert!(!validate(
            Validator::DiscordBotToken,
            b"MC0dBvKTjD0rY0cV8i37CjBf.uLHQPq.Nb1Ok1mEhe-3iTdrGOuegj29yQR"
        ));
    }

    #[test]
    fn pypi_macaroon_location_is_checked() {
        assert!(validate(
            Validator::PypiMacaroon,
            b"pypi-AgEIcHlwaS5vcmcCJGQ0ZjM5YmM5LTdmMzctNDdhYS1iZWQ1LTg1ZTg0NjE5ZjVkMQ"
        ));
        assert!(!validate(
            Validator::PypiMacaroon,
            b"pypi-AgEIZXhhbXBsZS5vcmcCJGQ0ZjM5YmM5"
        ));
    }

    #[test]
    fn a_base64_keytab_decodes_to_a_whole_keytab() {
        let keytab = b"BQIAAABGAAEACUNPUlAuVEVTVAAKc3ZjLWxlZGdlcgAAAAFn5WNEAQASACATdLhrtcCasw22pFn/D5vPGnCj0Oeoc4+mhCBSbpOsjg==";
        assert!(validate(Validator::Base64Keytab, keytab));
        // cut short: the record's key runs past the end
        assert!(!validate(Validator::Base64Keytab, &keytab[..64]));
        assert!(!validate(
            Validator::Base64Keytab,
            b"BQIAAABGAAEACUNPUlAu!!"
        ));
    }

    #[test]
    fn a_ceph_key_header_gives_type_aes_and_a_16_byte_secret() {
        assert!(validate(
            Validator::CephKey,
            b"AQCJFwZaBTRPEhAAssMk9XZeq7LKGHSZf5sEgw=="
        ));
        // the secret's length is 32, not 16
        assert!(!validate(
            Validator::CephKey,
            b"AQAAEF5fBQAAACAA+P6NqR1MfubHuvRct28KeQ=="
        ));
        assert!(!validate(Validator::CephKey, b"AQCJFwZaBTRPEhAA!!"));
    }

    #[test]
    fn bech32_checksum_accepts_the_bip173_vector_and_rejects_an_altered_one() {
        // Test vectors from BIP 173.
        assert!(validate(Validator::Bech32, b"A12UEL5L"));
        assert!(validate(
            Validator::Bech32,
            b"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"
        ));
        assert!(!validate(Validator::Bech32, b"A12UEL5M"));
        assert!(!validate(
            Validator::Bech32,
            b"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx"
        ));
    }

    #[test]
    fn base64_of_a_jwt_passes_and_base64_of_other_text_does_not() {
        let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsImlhdCI6MTc2NDgxMjAwMH0.q7Vz0Lm2Wx9Tk4Rp8Ns3Hd6Fg1Jj5Ks0YaBc2De3Fg";
        let encoded = STANDARD.encode(token);
        assert!(validate(Validator::Base64Jwt, encoded.as_bytes()));
        assert!(validate(
            Validator::Base64Jwt,
            encoded.trim_end_matches('=').as_bytes()
        ));
        // unsigned, `eyJ` then no JSON header with `alg`, or not base64 at all
        let unsigned = STANDARD.encode(token.rsplit_once('.').unwrap().0);
        assert!(!validate(Validator::Base64Jwt, unsigned.as_bytes()));
        let not_jwt = STANDARD.encode("eyJ is how a JWT opens, but this is prose about it.");
        assert!(!validate(Validator::Base64Jwt, not_jwt.as_bytes()));
        assert!(!validate(Validator::Base64Jwt, b"ZXlK!!notbase64"));
    }

    #[test]
    fn jwt_needs_json_header_with_alg() {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(br#"{"sub":"svc-ledger","iat":1767225600}"#);
        let token = format!("{header}.{payload}.c2lnbmF0dXJlLWJ5dGVz");
        assert!(validate(Validator::Jwt, token.as_bytes()));
        assert!(!validate(Validator::Jwt, b"eyJub3QiOiJqc29u.eyJ4Ijox.sig"));
    }
}
