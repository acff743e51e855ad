//! JSON, with comments and trailing commas allowed (VS Code and MCP configs are JSONC),
//! through `jsonc-parser`'s AST, which keeps every value's byte range. Its parser is
//! recursive, so nesting is checked first with a cheap non-recursive bracket count: a
//! 100k-deep document is a parse error, never a stack overflow.
//!
//! A `.json` file that holds JSON Lines (one value per line, as exports and datasets are
//! often named) is parsed line by line: each line is a document with its own key paths.

use std::borrow::Cow;

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, ParseOptions};

use super::{nesting_exceeds, Node, ParseError, Scalar, MAX_DEPTH};

/// A UTF-8 byte order mark, which Windows tools (PowerShell's `Out-File`, Notepad) write at
/// the start of a JSON file and the parser would reject.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses a JSON (or JSONC) document, after a byte order mark if there is one.
pub(super) fn parse(data: &[u8]) -> Result<Node, ParseError> {
    let base = if data.starts_with(BOM) { BOM.len() } else { 0 };
    let text =
        std::str::from_utf8(&data[base..]).map_err(|_| ParseError::NotUtf8 { kind: "json" })?;
    if nesting_exceeds(data, MAX_DEPTH) {
        return Err(ParseError::TooDeep { kind: "json" });
    }
    let parsed =
        jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
            .map_err(|e| ParseError::Syntax {
                kind: "json",
                message: e.to_string(),
            })?;
    Ok(parsed
        .value
        .map_or(Node::Map(Vec::new()), |value| convert(data, base, value)))
}

/// Parses a JSON document or, when the text is not one document but every non-blank line
/// is a JSON value (JSON Lines), each line as a document. The whole-text error stands
/// when the lines are not JSON Lines either.
pub(super) fn parse_documents(data: &[u8]) -> Result<Vec<Node>, ParseError> {
    match parse(data) {
        Ok(node) => Ok(vec![node]),
        Err(error @ ParseError::Syntax { .. }) => json_lines(data).ok_or(error),
        Err(error) => Err(error),
    }
}

/// Each non-blank line as its own JSON value, or `None` unless there are at least two
/// and every one parses.
fn json_lines(data: &[u8]) -> Option<Vec<Node>> {
    let mut docs = Vec::new();
    let mut start = 0;
    for line in data.split(|&b| b == b'\n') {
        let base = start;
        start += line.len() + 1;
        if line.trim_ascii().is_empty() {
            continue;
        }
        if nesting_exceeds(line, MAX_DEPTH) {
            return None;
        }
        let text = std::str::from_utf8(line).ok()?;
        let parsed =
            jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
                .ok()?;
        docs.push(convert(data, base, parsed.value?));
    }
    (docs.len() >= 2).then_some(docs)
}

/// The node for `value`, whose ranges are relative to byte `base` of `data`.
fn convert(data: &[u8], base: usize, value: Value<'_>) -> Node {
    match value {
        Value::Object(object) => Node::Map(
            object
                .properties
                .into_iter()
                .map(|prop| {
                    let (name, offset) = match prop.name {
                        ObjectPropName::String(s) => (s.value.into_owned(), s.range.start),
                        ObjectPropName::Word(w) => (w.value.to_string(), w.range.start),
                    };
                    (name, base + offset, convert(data, base, prop.value))
                })
                .collect(),
        ),
        Value::Array(array) => Node::Seq(
            array
                .elements
                .into_iter()
                .map(|v| convert(data, base, v))
                .collect(),
        ),
        Value::StringLit(s) => {
            let (start, end) = (
                base + s.range.start + 1,
                base + s.range.end.saturating_sub(1),
            );
            match s.value {
                Cow::Borrowed(text) => {
                    Node::Scalar(Scalar::decoded(data, start, end, text.as_bytes().to_vec()))
                }
                Cow::Owned(text) => {
                    let mut scalar = Scalar::decoded(data, start, end, text.into_bytes());
                    scalar.verbatim = scalar.verbatim && end - start == scalar.value.len();
                    Node::Scalar(scalar)
                }
            }
        }
        Value::NumberLit(n) => Node::Scalar(Scalar::verbatim(
            data,
            base + n.range.start,
            base + n.range.end,
        )),
        Value::BooleanLit(b) => Node::Scalar(Scalar::verbatim(
            data,
            base + b.range.start,
            base + b.range.end,
        )),
        Value::NullKeyword(n) => Node::Scalar(Scalar::verbatim(
            data,
            base + n.range.start,
            base + n.range.end,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_skipped_and_offsets_stay_the_files() {
        let text = "\u{feff}{\"password\": \"Nw4Tq9Lx2Kp7Rz3V\"}";
        let Node::Map(items) = parse(text.as_bytes()).unwrap() else {
            panic!()
        };
        let Node::Scalar(value) = &items[0].2 else {
            panic!()
        };
        assert_eq!(&value.value[..], b"Nw4Tq9Lx2Kp7Rz3V");
        assert_eq!(
            &text.as_bytes()[items[0].1..items[0].1 + 10],
            b"\"password\""
        );
        assert_eq!(
            &text.as_bytes()[value.offset..value.offset + 16],
            b"Nw4Tq9Lx2Kp7Rz3V"
        );
    }

    #[test]
    fn jsonc_with_comments_and_escapes() {
        let text = "{\n  // comment\n  \"a\": \"x\\\"y\",\n  \"b\": \"plain\", /* c */\n}";
        let Node::Map(items) = parse(text.as_bytes()).unwrap() else {
            panic!()
        };
        let Node::Scalar(a) = &items[0].2 else {
            panic!()
        };
        assert_eq!(&a.value[..], b"x\"y");
        assert!(!a.verbatim);
        let Node::Scalar(b) = &items[1].2 else {
            panic!()
        };
        assert!(b.verbatim);
        assert_eq!(&text.as_bytes()[b.offset..b.raw_end], b"plain");
    }

    #[test]
    fn json_lines_are_one_document_per_line_located_in_the_file() {
        let text =
            "{\"user\": \"a\", \"token\": \"t-1\"}\n\n{\"user\": \"b\", \"token\": \"t-22\"}\n";
        let docs = parse_documents(text.as_bytes()).unwrap();
        assert_eq!(docs.len(), 2);
        let Node::Map(second) = &docs[1] else {
            panic!()
        };
        assert_eq!(second[1].0, "token");
        let Node::Scalar(token) = &second[1].2 else {
            panic!()
        };
        assert!(token.verbatim);
        assert_eq!(&text.as_bytes()[token.offset..token.raw_end], b"t-22");
        assert_eq!(&text.as_bytes()[second[1].1..second[1].1 + 7], b"\"token\"");
        // One document stays one document.
        assert_eq!(parse_documents(b"{\"a\": 1}").unwrap().len(), 1);
    }

    #[test]
    fn broken_lines_are_not_json_lines() {
        assert!(parse_documents(b"{\"a\": 1}\n{\"b\": \n").is_err());
        assert!(parse_documents(b"{\"a\": ").is_err());
    }

    #[test]
    fn malformed_and_deep_json_are_errors() {
        assert!(parse(b"{\"a\": ").is_err());
        assert!(parse("[".repeat(100_000).as_bytes()).is_err());
    }
}
