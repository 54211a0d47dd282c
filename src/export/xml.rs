//! XML text escaping shared by the GEXF and GraphML writers.
//!
//! Everything a paper's text can hold survives: `& < > " '` become entities, and tab, line
//! feed and carriage return become character references (`&#10;`), so they are kept exactly
//! in attribute values too, where a parser would otherwise turn them into spaces. XML 1.0
//! cannot carry the other C0 control characters (U+0000–U+001F) at all, not even as
//! references; each is written as its Unicode *control picture* (U+0001 → `␁`, U+2401), a
//! documented one-to-one mapping, and the two non-characters U+FFFE and U+FFFF become U+FFFD.

use std::borrow::Cow;

/// `text` escaped for an XML attribute value or element content.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).expect("control pictures exist"))
            }
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    matches!(c, '&' | '<' | '>' | '"' | '\'' | '\u{FFFE}' | '\u{FFFF}') || (c as u32) < 0x20
}

/// A node's attribute values as GEXF and GraphML write them: present ones only, in the
/// schema's order, lists `|`-joined.
pub fn node_attributes(
    graph: &crate::graph::KnowledgeGraph,
    i: petgraph::graph::NodeIndex,
) -> Vec<(&'static str, String)> {
    super::schema::node_values(graph, i)
        .into_iter()
        .map(|(k, v)| (k, v.flat()))
        .collect()
}

/// An edge's attribute values as GEXF and GraphML write them.
pub fn edge_attributes(edge: &crate::graph::Edge) -> Vec<(&'static str, String)> {
    super::schema::edge_values(edge)
        .into_iter()
        .map(|(k, v)| (k, v.flat()))
        .collect()
}

/// `#rrggbb` as its three components.
pub fn rgb(hex: &str) -> (u8, u8, u8) {
    let part = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    (part(1), part(3), part(5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_whitespace_and_controls() {
        assert_eq!(escape("plain"), Cow::Borrowed("plain"));
        assert_eq!(
            escape("a<b>&\"c\"'\n\t\r\0\u{1}\u{FFFF}]]>"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;&#10;&#9;&#13;\u{2400}\u{2401}\u{FFFD}]]&gt;"
        );
    }

    #[test]
    fn colours() {
        assert_eq!(rgb("#4e79a7"), (0x4e, 0x79, 0xa7));
    }
}
