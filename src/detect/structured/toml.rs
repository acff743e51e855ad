//! TOML through the `toml` crate's spanned document model (`DeTable`), which keeps every
//! key's and value's byte range. Nesting is checked first with the same bracket count as
//! JSON, so inline arrays nested 100k deep are a parse error, not a stack overflow.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::{nesting_exceeds, Node, ParseError, Scalar, MAX_DEPTH};

/// Parses a TOML document.
pub(super) fn parse(data: &[u8]) -> Result<Node, ParseError> {
    let text = std::str::from_utf8(data).map_err(|_| ParseError::NotUtf8 { kind: "toml" })?;
    if nesting_exceeds(data, MAX_DEPTH) {
        return Err(ParseError::TooDeep { kind: "toml" });
    }
    let table = DeTable::parse(text).map_err(|e| ParseError::Syntax {
        kind: "toml",
        message: e.message().to_string(),
    })?;
    Ok(table_node(data, table.get_ref()))
}

fn table_node(data: &[u8], table: &DeTable<'_>) -> Node {
    Node::Map(
        table
            .iter()
            .map(|(key, value)| {
                (
                    key.get_ref().to_string(),
                    key.span().start,
                    value_node(data, value),
                )
            })
            .collect(),
    )
}

fn value_node(data: &[u8], value: &Spanned<DeValue<'_>>) -> Node {
    let span = value.span();
    match value.get_ref() {
        DeValue::Table(table) => table_node(data, table),
        DeValue::Array(items) => Node::Seq(items.iter().map(|v| value_node(data, v)).collect()),
        DeValue::String(s) => {
            // Skip the opening quote(s) of basic, literal and multi-line strings.
            let raw = &data[span.start..span.end.min(data.len())];
            let quote = raw
                .iter()
                .take_while(|&&b| b == b'"' || b == b'\'')
                .count()
                .min(3);
            let start = span.start + quote;
            let end = span.end.saturating_sub(quote).max(start);
            Node::Scalar(Scalar::decoded(data, start, end, s.as_bytes().to_vec()))
        }
        _ => Node::Scalar(Scalar::verbatim(data, span.start, span.end.min(data.len()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_and_spans() {
        let text = "[db]\npassword = \"hunter2-prod\"\nport = 5432\n";
        let Node::Map(items) = parse(text.as_bytes()).unwrap() else {
            panic!()
        };
        let Node::Map(db) = &items[0].2 else { panic!() };
        let Node::Scalar(p) = &db[0].2 else { panic!() };
        assert!(p.verbatim);
        assert_eq!(&text.as_bytes()[p.offset..p.raw_end], b"hunter2-prod");
    }

    #[test]
    fn malformed_and_deep_toml_are_errors() {
        assert!(parse(b"a = [").is_err());
        assert!(parse(format!("a = {}", "[".repeat(100_000)).as_bytes()).is_err());
    }
}
