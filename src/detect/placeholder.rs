//! Documented dummy values and references that are not secrets: `AKIAIOSFODNN7EXAMPLE`,
//! `xxxx...`, `<your-key>`, `${VAR}`, `changeme`. Shared by every detector so a value that
//! is a placeholder in one file kind is a placeholder in all.

/// Words (lowercase) that mark a value as a documented dummy: `changeme`, `<your-key>`.
/// A value made of these is also safe to print as a reference target.
pub const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "replace_me",
    "replace-me",
    "replaceme",
    "your_",
    "your-",
    "yourkey",
    "yourtoken",
    "yoursecret",
    "yourpassword",
    "dummy",
    "redacted",
    "insert_",
    "insert-",
    "notasecret",
    "not_a_secret",
    "not-a-secret",
];

/// Other substrings (lowercase) that mark a value as filler, a template slot or a mask.
const PLACEHOLDER_MARKERS: &[&str] = &[
    "xxxxx",
    "*****",
    "${",
    "{{",
    "<",
    "%(",
    "0000000000",
    "1234567890",
    "abcdefghij",
    // Masked values (`sk_live_…1635`, `sk_live_...4917`) show a key's tail, not the key.
    "…",
    "...",
];

/// Exact values (lowercase) that are documented defaults rather than secrets.
const PLACEHOLDER_VALUES: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "changeit",
    "admin",
    "root",
    "test",
    "testing",
    "null",
    "none",
    "undefined",
    "true",
    "false",
    "todo",
    "tbd",
    "foobar",
    "example",
];

/// Whether `value` is a placeholder, a reference to a variable, or otherwise a documented
/// dummy rather than a real secret.
pub fn is_placeholder(value: &[u8]) -> bool {
    let Some(&first) = value.first() else {
        return true;
    };
    if first == b'$' || (first == b'%' && value.ends_with(b"%")) {
        return true;
    }
    let lower = value.to_ascii_lowercase();
    if PLACEHOLDER_VALUES.iter().any(|p| lower == p.as_bytes()) {
        return true;
    }
    if PLACEHOLDER_WORDS
        .iter()
        .chain(PLACEHOLDER_MARKERS)
        .any(|marker| memchr::memmem::find(&lower, marker.as_bytes()).is_some())
    {
        return true;
    }
    low_diversity(&lower)
}

/// A value made of very few distinct characters (`aaaaaaaa`, `abababab`, `0000-0000`)
/// is a filler, not a generated secret.
fn low_diversity(value: &[u8]) -> bool {
    if value.len() < 8 {
        return false;
    }
    let mut seen = [false; 256];
    let mut distinct = 0;
    for &b in value {
        if b.is_ascii_alphanumeric() && !seen[b as usize] {
            seen[b as usize] = true;
            distinct += 1;
        }
    }
    distinct <= 2
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn documented_dummies_are_placeholders() {
        for value in [
            "AKIAIOSFODNN7EXAMPLE",
            "xxxxxxxxxxxxxxxxxxxx",
            "<your-key>",
            "${STRIPE_KEY}",
            "$DB_PASSWORD",
            "changeme",
            "{{ .Values.token }}",
            "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
            "00000000-0000-0000-0000-000000000000",
        ] {
            assert!(is_placeholder(value.as_bytes()), "{value}");
        }
    }

    #[test]
    fn generated_values_are_not_placeholders() {
        for value in [
            "hunter2-prod-7Qz",
            "Zt9vQm2LkR8sWd4e",
            "ghp_R7d0Jx2mQe9Lw4Kp8Vt1Zs6Yb3Nc5Ha0Fg2U",
        ] {
            assert!(!is_placeholder(value.as_bytes()), "{value}");
        }
    }
}
