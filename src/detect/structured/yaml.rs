//! YAML (multi-document) through `yaml-rust2`'s event parser. Aliases are never expanded:
//! an alias refers to an anchor already walked, so there is nothing new to judge, and a
//! "billion laughs" document costs no more than its own size. Nesting is bounded by
//! [`MAX_DEPTH`] with an explicit stack, never by recursion.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

use super::{LineIndex, Node, ParseError, Scalar, MAX_DEPTH};

/// An open collection while the events stream in.
enum Open {
    Seq(Vec<Node>),
    /// Items so far, and the key waiting for its value.
    Map(Vec<(String, usize, Node)>, Option<(String, usize)>),
}

/// Parses every document of a YAML stream.
pub(super) fn parse(data: &[u8]) -> Result<Vec<Node>, ParseError> {
    let text = std::str::from_utf8(data).map_err(|_| ParseError::NotUtf8 { kind: "yaml" })?;
    let lines = LineIndex::new(data);
    let ascii = text.is_ascii();
    let mut parser = Parser::new_from_str(text);
    let mut docs = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    loop {
        let (event, mark) = parser.next_token().map_err(|e| ParseError::Syntax {
            kind: "yaml",
            message: e.to_string(),
        })?;
        let offset = if ascii {
            mark.index()
        } else {
            lines.offset_of(mark.line(), mark.col() + 1)
        };
        let node = match event {
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {
                continue
            }
            Event::SequenceStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(ParseError::TooDeep { kind: "yaml" });
                }
                stack.push(Open::Seq(Vec::new()));
                continue;
            }
            Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(ParseError::TooDeep { kind: "yaml" });
                }
                stack.push(Open::Map(Vec::new(), None));
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Open::Seq(items)) => Node::Seq(items),
                _ => return Err(unbalanced()),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Open::Map(items, _)) => Node::Map(items),
                _ => return Err(unbalanced()),
            },
            Event::Alias(_) => Node::Alias,
            Event::Scalar(value, style, _, _) => scalar(data, offset, value, style),
        };
        match stack.last_mut() {
            None => docs.push(node),
            Some(Open::Seq(items)) => items.push(node),
            Some(Open::Map(items, pending)) => match pending.take() {
                None => {
                    let key = match &node {
                        Node::Scalar(s) => String::from_utf8_lossy(&s.value).into_owned(),
                        _ => "?".to_string(),
                    };
                    let key_offset = match &node {
                        Node::Scalar(s) => s.offset,
                        _ => offset,
                    };
                    *pending = Some((key, key_offset));
                }
                Some((key, key_offset)) => items.push((key, key_offset, node)),
            },
        }
    }
    Ok(docs)
}

fn unbalanced() -> ParseError {
    ParseError::Syntax {
        kind: "yaml",
        message: "unbalanced collection events".into(),
    }
}

/// A scalar event as a [`Scalar`]: the marker is at the start of its token, past which
/// a quoted value's text begins after the quote.
fn scalar(data: &[u8], offset: usize, value: String, style: TScalarStyle) -> Node {
    let offset = offset.min(data.len());
    let start = match style {
        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => offset + 1,
        _ => offset,
    }
    .min(data.len());
    let bytes = value.into_bytes();
    let end = (start + bytes.len()).min(data.len());
    let mut scalar = Scalar::decoded(data, start, end, bytes);
    if !scalar.verbatim {
        // Block scalars and escaped strings: the value starts within a few lines of the
        // marker; keep the marker as its location.
        scalar.offset = offset;
    }
    Node::Scalar(scalar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_located_and_verbatim() {
        let text = "a:\n  b: \"quoted-v\"\n  c: plain-v\n  d: |\n    block\n";
        let docs = parse(text.as_bytes()).unwrap();
        let Node::Map(items) = &docs[0] else { panic!() };
        let Node::Map(inner) = &items[0].2 else {
            panic!()
        };
        let Node::Scalar(b) = &inner[0].2 else {
            panic!()
        };
        assert!(b.verbatim);
        assert_eq!(&text.as_bytes()[b.offset..b.raw_end], b"quoted-v");
        let Node::Scalar(c) = &inner[1].2 else {
            panic!()
        };
        assert_eq!(&text.as_bytes()[c.offset..c.raw_end], b"plain-v");
        let Node::Scalar(d) = &inner[2].2 else {
            panic!()
        };
        assert_eq!(&d.value[..], b"block\n");
    }

    #[test]
    fn non_ascii_offsets_use_lines_and_columns() {
        let text = "é: x\nkey: \"välue-1\"\n";
        let docs = parse(text.as_bytes()).unwrap();
        let Node::Map(items) = &docs[0] else { panic!() };
        let Node::Scalar(v) = &items[1].2 else {
            panic!()
        };
        assert!(v.verbatim, "{v:?}");
    }

    #[test]
    fn billion_laughs_is_not_expanded() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names: Vec<char> = "bcdefghij".chars().collect();
        let mut prev = 'a';
        for n in names {
            text.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        let docs = parse(text.as_bytes()).unwrap();
        let Node::Map(items) = &docs[0] else { panic!() };
        assert_eq!(items.len(), 10);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        assert!(parse(text.as_bytes()).is_err());
    }
}
