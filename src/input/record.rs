//! Turning the fields of a structured record (a JSON object, a CSV row) into a [`Paper`].
//!
//! The key names follow the arXiv metadata snapshot (`id`, `title`, `abstract`, `authors`,
//! `update_date`) and accept the common alternatives other dumps use (`summary`, `paper_id`,
//! `publication_year`, OpenAlex's `abstract_inverted_index`, …). Other keys are ignored.

use crate::paper::{Paper, Source, clean_text, title_id};
use serde_json::{Map, Value};

pub(crate) const ID_KEYS: &[&str] = &["id", "paper_id", "arxiv_id", "doi"];
pub(crate) const TITLE_KEYS: &[&str] = &["title", "paper_title"];
pub(crate) const ABSTRACT_KEYS: &[&str] = &["abstract", "summary", "abstract_text"];
pub(crate) const YEAR_KEYS: &[&str] = &[
    "year",
    "publication_year",
    "update_date",
    "published",
    "publication_date",
    "date",
];
pub(crate) const AUTHOR_KEYS: &[&str] = &["authors", "author"];
pub(crate) const URL_KEYS: &[&str] = &["url", "link", "pdf_url"];

/// The text fields of one record before validation.
#[derive(Default)]
pub(crate) struct Fields {
    pub id: Option<String>,
    pub title: Option<String>,
    pub abstract_text: Option<String>,
    pub year: Option<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
}

impl Fields {
    /// Validates the record and builds the paper; the error names what is missing.
    ///
    /// A record needs an abstract field: a title with an empty abstract is a paper extracted
    /// from its title; an abstract without a title is one too (an abstracts-only corpus is
    /// still a corpus). A paper without a title takes its id from the record, else from its abstract
    /// ([`title_id`] of the abstract), so that it never shares an id with another.
    pub fn into_paper(self, source: Source) -> Result<Paper, String> {
        let title = self.title.as_deref().map(clean_text).unwrap_or_default();
        // Scopus writes "[No abstract available]" where a record has none.
        let abstract_text = self.abstract_text.as_deref().map(clean_text).map(|a| {
            if a.eq_ignore_ascii_case("[No abstract available]") {
                String::new()
            } else {
                a
            }
        });
        let abstract_text = match (abstract_text, title.is_empty()) {
            (Some(a), _) if !a.is_empty() => a,
            (None, false) => return Err("record has no \"abstract\"".to_owned()),
            // An empty abstract: the source says the paper has none. It is a paper extracted
            // from its title, and a later record of it may bring the abstract (see
            // `Corpus::push`).
            (Some(_), false) => String::new(),
            (_, true) => {
                return Err(
                    "record has neither a title nor an abstract (missing or empty)".to_owned(),
                );
            }
        };
        // arXiv versions and addresses, DOI addresses and case: one form per paper.
        let (id, id_url) = match self.id.as_deref().map(crate::paper::canonical_id) {
            Some((id, url)) if !id.is_empty() => (Some(id), url),
            _ => (None, None),
        };
        let id = id.unwrap_or_else(|| {
            if title.is_empty() {
                title_id(&abstract_text)
            } else {
                title_id(&title)
            }
        });
        Ok(Paper {
            id,
            title,
            abstract_text,
            year: self.year.as_deref().and_then(parse_year),
            authors: self.authors,
            url: self.url.filter(|u| !u.trim().is_empty()).or(id_url),
            source,
        })
    }
}

/// The first four-digit run that looks like a year (1900–2199): `2023`, `2023-05-01`,
/// `Mon, 2 Apr 2007`.
pub(crate) fn parse_year(s: &str) -> Option<i32> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                let y: i32 = s[start..i].parse().ok()?;
                if (1900..2200).contains(&y) {
                    return Some(y);
                }
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Splits an author string the way the arXiv snapshot writes it: `A. One, B. Two and C. Three`.
pub(crate) fn split_authors(s: &str) -> Vec<String> {
    s.split([',', ';'])
        .flat_map(|part| part.split(" and "))
        .map(clean_text)
        .filter(|a| !a.is_empty())
        .collect()
}

fn get<'a>(obj: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|k| {
        obj.get(*k).or_else(|| {
            obj.iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(k))
                .map(|(_, v)| v)
        })
    })
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Rebuilds an abstract from OpenAlex's `abstract_inverted_index` (word → positions).
fn from_inverted_index(v: &Value) -> Option<String> {
    let obj = v.as_object()?;
    let mut words: Vec<(u64, &str)> = Vec::new();
    for (word, positions) in obj {
        for p in positions.as_array()? {
            words.push((p.as_u64()?, word));
        }
    }
    words.sort_unstable();
    Some(
        words
            .into_iter()
            .map(|(_, w)| w)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Reads the fields of a JSON object.
pub(crate) fn fields_from_json(obj: &Map<String, Value>) -> Fields {
    let abstract_text = get(obj, ABSTRACT_KEYS)
        .and_then(scalar)
        .or_else(|| get(obj, &["abstract_inverted_index"]).and_then(from_inverted_index));
    let authors = match get(obj, AUTHOR_KEYS) {
        Some(Value::String(s)) => split_authors(s),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|a| match a {
                Value::String(s) => Some(clean_text(s)),
                Value::Object(o) => o
                    .get("name")
                    .or_else(|| o.get("display_name"))
                    .and_then(Value::as_str)
                    .map(clean_text),
                _ => None,
            })
            .filter(|a| !a.is_empty())
            .collect(),
        _ => Vec::new(),
    };
    Fields {
        id: get(obj, ID_KEYS).and_then(scalar),
        title: get(obj, TITLE_KEYS).and_then(scalar),
        abstract_text,
        year: get(obj, YEAR_KEYS).and_then(scalar),
        authors,
        url: get(obj, URL_KEYS).and_then(scalar),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_from_dates() {
        assert_eq!(parse_year("2023-05-01"), Some(2023));
        assert_eq!(parse_year("Mon, 2 Apr 2007 19:18:42 GMT"), Some(2007));
        assert_eq!(parse_year("12345"), None);
        assert_eq!(parse_year(""), None);
    }

    #[test]
    fn arxiv_author_strings() {
        assert_eq!(
            split_authors("C. Bal\\'azs, E. L. Berger and P. M. Nadolsky"),
            vec!["C. Balázs", "E. L. Berger", "P. M. Nadolsky"]
        );
    }

    #[test]
    fn openalex_inverted_index() {
        let v: Value = serde_json::json!({"Deep": [0], "nets": [1, 3], "and": [2]});
        assert_eq!(from_inverted_index(&v).unwrap(), "Deep nets and nets");
    }
}
