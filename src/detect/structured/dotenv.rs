//! The `.env` family: `KEY=value` lines with optional `export`, comments, and single-,
//! double- or backtick-quoted values that may span lines. A line format, not a nested
//! language, so a small line parser (on bytes: a Latin-1 `.env` still parses) is enough;
//! `dotenvy` was not used because it expands `${VAR}` references, which are exactly what
//! an audit must see unexpanded, and does not report positions.

use super::{Node, Scalar};

/// Parses a `.env` file into one mapping of its assignments; lines that are not
/// assignments are ignored (a `.env` is read leniently by every loader).
pub(super) fn parse(data: &[u8]) -> Node {
    let mut items = Vec::new();
    let mut pos = 0;
    while pos < data.len() {
        let line_end = memchr::memchr(b'\n', &data[pos..]).map_or(data.len(), |i| pos + i);
        let next = assignment(data, pos, line_end, &mut items);
        pos = next.max(line_end + 1);
    }
    Node::Map(items)
}

fn skip_blanks(data: &[u8], mut at: usize, end: usize) -> usize {
    while at < end && (data[at] == b' ' || data[at] == b'\t') {
        at += 1;
    }
    at
}

/// Parses the assignment starting on the line `start..line_end`, if any; returns where
/// the next line starts (past a multi-line quoted value).
fn assignment(
    data: &[u8],
    start: usize,
    line_end: usize,
    items: &mut Vec<(String, usize, Node)>,
) -> usize {
    let mut at = skip_blanks(data, start, line_end);
    if data[at..line_end].starts_with(b"export ") || data[at..line_end].starts_with(b"export\t") {
        at = skip_blanks(data, at + 7, line_end);
    }
    let key_start = at;
    while at < line_end && (data[at].is_ascii_alphanumeric() || b"_.-".contains(&data[at])) {
        at += 1;
    }
    if at == key_start || !(data[key_start].is_ascii_alphabetic() || data[key_start] == b'_') {
        return line_end + 1;
    }
    let key = String::from_utf8_lossy(&data[key_start..at]).into_owned();
    at = skip_blanks(data, at, line_end);
    if at >= line_end || data[at] != b'=' {
        return line_end + 1;
    }
    at = skip_blanks(data, at + 1, line_end);
    let quote = data
        .get(at)
        .copied()
        .filter(|q| b"\"'`".contains(q) && at < line_end);
    let Some(quote) = quote else {
        // Unquoted: to the end of the line, less an inline ` # comment` and blanks.
        let mut end = line_end;
        if let Some(hash) = memchr::memmem::find(&data[at..line_end], b" #") {
            end = at + hash;
        }
        if let Some(hash) = memchr::memmem::find(&data[at..end], b"\t#") {
            end = at + hash;
        }
        while end > at && (data[end - 1].is_ascii_whitespace()) {
            end -= 1;
        }
        items.push((
            key,
            key_start,
            Node::Scalar(Scalar::verbatim(data, at, end)),
        ));
        return line_end + 1;
    };
    // Quoted: to the matching unescaped quote, possibly on a later line.
    let value_start = at + 1;
    let mut value = Vec::new();
    let mut i = value_start;
    let mut closed = None;
    while i < data.len() {
        let b = data[i];
        if b == quote {
            closed = Some(i);
            break;
        }
        if b == b'\\' && quote == b'"' && i + 1 < data.len() {
            let escaped = data[i + 1];
            value.push(match escaped {
                b'n' => b'\n',
                b'r' => b'\r',
                b't' => b'\t',
                other => other,
            });
            i += 2;
            continue;
        }
        value.push(b);
        i += 1;
    }
    let Some(close) = closed else {
        // Unterminated: take the rest of the line as the value.
        let mut end = line_end;
        while end > value_start && data[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        items.push((
            key,
            key_start,
            Node::Scalar(Scalar::verbatim(data, value_start.min(end), end)),
        ));
        return line_end + 1;
    };
    items.push((
        key,
        key_start,
        Node::Scalar(Scalar::decoded(data, value_start, close, value)),
    ));
    memchr::memchr(b'\n', &data[close..]).map_or(data.len(), |n| close + n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String, bool)> {
        let Node::Map(items) = parse(text.as_bytes()) else {
            panic!("a map")
        };
        items
            .into_iter()
            .map(|(k, _, n)| match n {
                Node::Scalar(s) => (
                    k,
                    String::from_utf8_lossy(&s.value).into_owned(),
                    s.verbatim,
                ),
                _ => panic!("scalars only"),
            })
            .collect()
    }

    #[test]
    fn assignments_exports_quotes_comments_and_multiline_values() {
        let text = "# comment\nexport A=1\nB = 'two words' # note\nC=\"line1\\nline2\"\nD=\"multi\nline\"\nE=plain # c\nnot an assignment\nF=\nG=`tick`\n";
        assert_eq!(
            pairs(text),
            vec![
                ("A".into(), "1".into(), true),
                ("B".into(), "two words".into(), true),
                ("C".into(), "line1\nline2".into(), false),
                ("D".into(), "multi\nline".into(), true),
                ("E".into(), "plain".into(), true),
                ("F".into(), "".into(), true),
                ("G".into(), "tick".into(), true),
            ]
        );
    }

    #[test]
    fn latin1_and_unterminated_quotes_do_not_fail() {
        let found = pairs("A=\"open\nB=caf\u{e9}\n");
        assert_eq!(found[0].0, "A");
    }
}
