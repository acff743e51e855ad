//! JSON, with comments and trailing commas allowed (VS Code and MCP configs are JSONC),
//! through `jsonc-parser`'s AST, which keeps every value's byte range. Its parser is
//! recursive, so nesting is checked first with a cheap non-recursive bracket count: a
//! 100k-deep document is a parse error, never a stack overflow.

use std::borrow::Cow;

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, ParseOptions};

use super::{nesting_exceeds, Node, ParseError, Scalar, MAX_DEPTH};

/// Parses a JSON (or JSONC) document.
pub(super) fn parse(data: &[u8]) -> Result<Node, ParseError> {
    let text = std::str::from_utf8(data).map_err(|_| ParseError::NotUtf8 { kind: "json" })?;
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
        .map_or(Node::Map(Vec::new()), |value| convert(data, value)))
}

fn convert(data: &[u8], value: Value<'_>) -> Node {
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
                    (name, offset, convert(data, prop.value))
                })
                .collect(),
        ),
        Value::Array(array) => Node::Seq(
            array
                .elements
                .into_iter()
                .map(|v| convert(data, v))
                .collect(),
        ),
        Value::StringLit(s) => {
            let (start, end) = (s.range.start + 1, s.range.end.saturating_sub(1));
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
        Value::NumberLit(n) => Node::Scalar(Scalar::verbatim(data, n.range.start, n.range.end)),
        Value::BooleanLit(b) => Node::Scalar(Scalar::verbatim(data, b.range.start, b.range.end)),
        Value::NullKeyword(n) => Node::Scalar(Scalar::verbatim(data, n.range.start, n.range.end)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn malformed_and_deep_json_are_errors() {
        assert!(parse(b"{\"a\": ").is_err());
        assert!(parse("[".repeat(100_000).as_bytes()).is_err());
    }
}
