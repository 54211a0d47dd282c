//! Answers as tables: aligned text for people, JSON or CSV for scripts.

use serde_json::Value;
use std::io::Write;

/// A table of results: named columns, rows of JSON values (strings, numbers, lists).
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Value>>,
    /// A record rather than a list: text mode prints `field: value` lines, one list item
    /// per line, and JSON one object.
    pub vertical: bool,
    /// Columns for scripts only (ids): JSON and CSV have them, the text table leaves them out.
    pub script_only: Vec<String>,
}

/// How to print a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Aligned columns, lists joined with `; ` and long cells cut.
    Text,
    /// A JSON array of objects, one per row.
    Json,
    /// CSV with a header; lists joined with `|`.
    Csv,
}

/// The longest cell printed in text mode, in characters.
const MAX_CELL: usize = 70;

impl Table {
    /// A table with these columns.
    pub fn new(columns: &[&str]) -> Self {
        Table {
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: Vec::new(),
            vertical: false,
            script_only: Vec::new(),
        }
    }

    /// A table whose `script` columns are for JSON and CSV only.
    pub fn with_script_only(mut self, script: &[&str]) -> Self {
        self.script_only = script.iter().map(|c| (*c).to_owned()).collect();
        self
    }

    /// The value of column `column` in row `row` (null when there is no such column).
    pub fn get(&self, row: usize, column: &str) -> Value {
        self.columns
            .iter()
            .position(|c| c == column)
            .and_then(|i| self.rows.get(row).map(|r| r[i].clone()))
            .unwrap_or(Value::Null)
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// Writes the table.
    pub fn write(&self, style: Style, out: &mut dyn Write) -> std::io::Result<()> {
        match style {
            Style::Json if self.vertical => {
                // A record is one object: field → value.
                let object: serde_json::Map<String, Value> = self
                    .rows
                    .iter()
                    .map(|r| (cell(&r[0], "; "), r[1].clone()))
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &object)?;
                writeln!(out)
            }
            Style::Json => {
                let objects: Vec<serde_json::Map<String, Value>> = self
                    .rows
                    .iter()
                    .map(|r| {
                        self.columns
                            .iter()
                            .cloned()
                            .zip(r.iter().cloned())
                            .collect()
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &objects)?;
                writeln!(out)
            }
            Style::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(&self.columns)?;
                for r in &self.rows {
                    w.write_record(r.iter().map(|v| cell(v, "|")))?;
                }
                w.flush()
            }
            Style::Text if self.vertical => {
                for r in &self.rows {
                    let field = cell(&r[0], "; ");
                    match &r[1] {
                        Value::Array(items) => {
                            writeln!(out, "{field}: {}", items.len())?;
                            for item in items {
                                writeln!(out, "  {}", cell(item, "; "))?;
                            }
                        }
                        v => writeln!(out, "{field}: {}", cell(v, "; "))?,
                    }
                }
                Ok(())
            }
            Style::Text => {
                let shown: Vec<usize> = (0..self.columns.len())
                    .filter(|&i| !self.script_only.contains(&self.columns[i]))
                    .collect();
                let columns: Vec<&String> = shown.iter().map(|&i| &self.columns[i]).collect();
                let cells: Vec<Vec<String>> = self
                    .rows
                    .iter()
                    .map(|r| shown.iter().map(|&i| cut(&cell(&r[i], "; "))).collect())
                    .collect();
                let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
                for r in &cells {
                    for (w, c) in widths.iter_mut().zip(r) {
                        *w = (*w).max(c.chars().count());
                    }
                }
                let line = |out: &mut dyn Write, r: &[String]| -> std::io::Result<()> {
                    let mut s = String::new();
                    for (k, (c, w)) in r.iter().zip(&widths).enumerate() {
                        if k > 0 {
                            s.push_str("  ");
                        }
                        let pad = w - c.chars().count();
                        // Numbers right-aligned, text left-aligned.
                        if c.parse::<f64>().is_ok() {
                            s.push_str(&" ".repeat(pad));
                            s.push_str(c);
                        } else {
                            s.push_str(c);
                            if k + 1 < r.len() {
                                s.push_str(&" ".repeat(pad));
                            }
                        }
                    }
                    writeln!(out, "{}", s.trim_end())
                };
                let header: Vec<String> = columns.iter().map(|c| (*c).clone()).collect();
                line(out, &header)?;
                let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
                line(out, &rule)?;
                for r in &cells {
                    line(out, r)?;
                }
                if self.rows.is_empty() {
                    writeln!(out, "(no results)")?;
                }
                Ok(())
            }
        }
    }
}

/// A value as cell text; lists joined with `sep`, numbers with at most 3 decimals.
pub fn cell(v: &Value, sep: &str) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        // Floats are rounded where they are made; print them as they are.
        Value::Number(n) => n.to_string(),
        Value::Array(a) => a.iter().map(|x| cell(x, sep)).collect::<Vec<_>>().join(sep),
        // An entity or paper reference: its name, and how many papers where given.
        Value::Object(o) if o.contains_key("name") => match o.get("papers") {
            Some(n) => format!("{} ({n})", cell(&o["name"], sep)),
            None => cell(&o["name"], sep),
        },
        other => other.to_string(),
    }
}

fn cut(s: &str) -> String {
    // Line breaks would break the alignment.
    let s = s.replace(['\n', '\r', '\t'], " ");
    if s.chars().count() <= MAX_CELL {
        return s;
    }
    let t: String = s.chars().take(MAX_CELL - 1).collect();
    format!("{}…", t.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prints_aligned_text_json_and_csv() {
        let mut t = Table::new(&["name", "papers", "with"]);
        t.push(vec![json!("ImageNet"), json!(21), json!(["a", "b"])]);
        t.push(vec![json!("COCO"), json!(9), json!([])]);
        let mut out = Vec::new();
        t.write(Style::Text, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name      papers  with\n--------  ------  ----\nImageNet      21  a; b\nCOCO           9\n"
        );
        let mut out = Vec::new();
        t.write(Style::Csv, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name,papers,with\nImageNet,21,a|b\nCOCO,9,\n"
        );
        let mut out = Vec::new();
        t.write(Style::Json, &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[0]["papers"], 21);
        assert_eq!(v[1]["name"], "COCO");
    }

    #[test]
    fn script_only_columns_and_records() {
        let mut t = Table::new(&["id", "name", "with"]).with_script_only(&["id"]);
        t.push(vec![
            json!("dataset:imagenet"),
            json!("ImageNet"),
            json!([{"id": "model:vit", "name": "ViT", "papers": 7}]),
        ]);
        let mut out = Vec::new();
        t.write(Style::Text, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name      with\n--------  -------\nImageNet  ViT (7)\n"
        );
        let mut out = Vec::new();
        t.write(Style::Json, &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[0]["id"], "dataset:imagenet");
        assert_eq!(v[0]["with"][0]["papers"], 7);
        let mut r = Table::new(&["field", "value"]);
        r.vertical = true;
        r.push(vec![json!("papers"), json!(3)]);
        let mut out = Vec::new();
        r.write(Style::Json, &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v, json!({"papers": 3}));
    }
}
