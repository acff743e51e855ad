//! Session cookies in recorded traffic and in cookie exports. A HAR file (what a browser's
//! developer tools save, and what API tests replay) keeps its cookies as name/value pairs
//! (`"cookies": [{"name": "sessionid", "value": "…"}]`) and its headers so too
//! (`{"name": "Cookie", "value": "theme=dark; PHPSESSID=…"}`), which the text rule for a
//! `Cookie:` header cannot read; browser automation saves the same pairs (Puppeteer's and
//! Playwright's `cookies.json`, a browser extension's export). A cookie named like a
//! session (`sessionid`, `PHPSESSID`, `connect.sid`, `_app_auth`, `remember_token`) whose
//! value is long and random is a live login.

use super::Entry;
use crate::detect::matcher::shannon_entropy;
use crate::detect::placeholder::is_placeholder;
use crate::detect::rules::Rule;
use crate::detect::validate::validate;

/// The rule a session cookie is reported under, and whose entropy floor and validator its
/// value must pass: the one that reads a `Cookie:` header.
pub const SESSION_COOKIE_RULE: &str = "vp.generic.session-cookie.1";

/// Parts of a cookie name that make it a session's or a login's (the text rule's list).
const SESSION_NAME_PARTS: &[&str] = &["sess", "sid", "auth", "token", "jwt", "remember"];

/// Parts of a cookie name that make it something else: anti-forgery tokens guard a form,
/// they log no one in.
const NOT_SESSION_NAME_PARTS: &[&str] = &["csrf", "xsrf"];

/// The shortest and longest cookie value read as a session (the text rule's regex bounds).
const MIN_VALUE: usize = 16;
const MAX_VALUE: usize = 1200;

/// Where in `entry`'s value a session cookie sits, when the entry is a cookie of a cookie
/// list (a `cookies[…]` member, or any name/value pair of a file named for cookies) or a
/// `Cookie` / `Set-Cookie` header, and its value passes `rule` ([`SESSION_COOKIE_RULE`]).
///
/// `path` is the file's path. Called for every value judged a setting, so the cheap tests
/// on the key come first.
pub fn session_cookie(path: &str, entry: &Entry, rule: &Rule) -> Option<(usize, usize)> {
    let value = &entry.scalar.value[..];
    if is_cookie_header(&entry.key) {
        let sets_one = entry.key.eq_ignore_ascii_case("set-cookie");
        return header_session(value, sets_one, rule);
    }
    // The judged name is the pair's `name` only where the value is the pair's `value`.
    let is_pair_value = entry.key_path.ends_with("value");
    let contains = |text: &str, part: &[u8]| {
        text.as_bytes()
            .windows(part.len())
            .any(|window| window.eq_ignore_ascii_case(part))
    };
    let in_cookie_list = contains(&entry.key_path, b"cookies[")
        || path
            .rsplit('/')
            .next()
            .is_some_and(|name| contains(name, b"cookie"));
    (is_pair_value
        && in_cookie_list
        && is_session_name(&entry.key)
        && is_session_value(value, rule))
    .then_some((0, value.len()))
}

/// Whether a key is the name of an HTTP header that carries cookies (`Cookie`,
/// `Set-Cookie`); a recorded exchange lists the header's values under it.
pub fn is_cookie_header(key: &str) -> bool {
    key.eq_ignore_ascii_case("cookie") || key.eq_ignore_ascii_case("set-cookie")
}

/// The first session cookie in a `Cookie` header's `name=value; …` list, or the cookie a
/// `Set-Cookie` header sets (its first pair; the rest are attributes).
fn header_session(header: &[u8], first_only: bool, rule: &Rule) -> Option<(usize, usize)> {
    let mut start = 0;
    for part in header.split(|&b| b == b';') {
        let end = start + part.len();
        let leading = part.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let pair = &part[leading..];
        if let Some(eq) = pair.iter().position(|&b| b == b'=') {
            let name = String::from_utf8_lossy(&pair[..eq]);
            let value = pair[eq + 1..].trim_ascii_end();
            if is_session_name(&name) && is_session_value(value, rule) {
                let value_start = start + leading + eq + 1;
                return Some((value_start, value_start + value.len()));
            }
        }
        if first_only {
            return None;
        }
        start = end + 1;
    }
    None
}

/// Whether a cookie's name is a session's or a login's.
fn is_session_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SESSION_NAME_PARTS.iter().any(|part| name.contains(part))
        && !NOT_SESSION_NAME_PARTS
            .iter()
            .any(|part| name.contains(part))
}

/// Whether a cookie value is long and random enough to be a session (the text rule's
/// alphabet and bounds, and `rule`'s entropy floor and validator), and no placeholder.
fn is_session_value(value: &[u8], rule: &Rule) -> bool {
    (MIN_VALUE..=MAX_VALUE).contains(&value.len())
        && value
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"%._~+/=-".contains(&b))
        && rule.validator.is_none_or(|v| validate(v, value))
        && rule
            .entropy
            .is_none_or(|floor| shannon_entropy(value) >= floor)
        && !is_placeholder(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::structured::Scalar;

    fn entry(key_path: &str, key: &str, value: &str) -> Entry {
        Entry {
            key_path: key_path.to_string(),
            key: key.to_string(),
            scalar: Scalar::verbatim(value.as_bytes(), 0, value.len()),
            object: String::new(),
            base64: false,
            rule: None,
        }
    }

    /// The session-cookie rule as the scan loads it.
    fn rule() -> Rule {
        let matcher = crate::scan::load_matcher(&[]).unwrap();
        let index = matcher.rule_index(SESSION_COOKIE_RULE).unwrap();
        matcher.rules()[index].rule.clone()
    }

    fn found<'a>(path: &str, e: &'a Entry, rule: &Rule) -> Option<&'a str> {
        session_cookie(path, e, rule)
            .map(|(start, end)| std::str::from_utf8(&e.scalar.value[start..end]).unwrap())
    }

    #[test]
    fn a_har_cookie_list_holds_sessions_by_name() {
        let rule = rule();
        let session = "k8Jq2vLz9Rm4Tx7wPb3nYc6hFd1sGa5e";
        let e = entry(
            "log.entries[0].request.cookies[0].value",
            "sessionid",
            session,
        );
        assert_eq!(found("traffic/login.har", &e, &rule), Some(session));
        let e = entry(
            "log.entries[0].response.cookies[1].value",
            "connect.sid",
            session,
        );
        assert_eq!(found("traffic/login.har", &e, &rule), Some(session));
        // Analytics and anti-forgery cookies log no one in.
        let e = entry("log.entries[0].request.cookies[2].value", "_ga", session);
        assert_eq!(found("traffic/login.har", &e, &rule), None);
        let e = entry(
            "log.entries[0].request.cookies[3].value",
            "csrftoken",
            session,
        );
        assert_eq!(found("traffic/login.har", &e, &rule), None);
        // The same name outside a cookie list is a setting like any other.
        let e = entry("settings.value", "sessionid", session);
        assert_eq!(found("config/app.json", &e, &rule), None);
        // A saved cookie file is a cookie list.
        let e = entry("[0].value", "PHPSESSID", session);
        assert_eq!(found("e2e/cookies.json", &e, &rule), Some(session));
    }

    #[test]
    fn a_cookie_header_yields_its_session_pair() {
        let rule = rule();
        let header = "theme=dark; sessionid=k8Jq2vLz9Rm4Tx7wPb3nYc6hFd1sGa5e; lang=en";
        let e = entry("log.entries[0].request.headers[3].value", "Cookie", header);
        assert_eq!(
            found("a.har", &e, &rule),
            Some("k8Jq2vLz9Rm4Tx7wPb3nYc6hFd1sGa5e")
        );
        let set = "laravel_session=eyJpdiI6IlRrM3ZROW1aMnBMN3JUNHdZOG5CMWM9PSJ9; path=/; httponly";
        let e = entry(
            "log.entries[0].response.headers[1].value",
            "Set-Cookie",
            set,
        );
        assert_eq!(
            found("a.har", &e, &rule),
            Some("eyJpdiI6IlRrM3ZROW1aMnBMN3JUNHdZOG5CMWM9PSJ9")
        );
        // Attributes of a Set-Cookie are not cookies; short or simple values are no sessions.
        let e = entry(
            "h.value",
            "Set-Cookie",
            "theme=dark; auth_mode=passwordless-login-2",
        );
        assert_eq!(found("a.har", &e, &rule), None);
        let e = entry(
            "h.value",
            "Cookie",
            "session=abc123; token=${SESSION_TOKEN}",
        );
        assert_eq!(found("a.har", &e, &rule), None);
    }
}
