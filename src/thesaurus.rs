//! A thesaurus: the user's corrections to how entities are resolved across a corpus.
//!
//! A small TSV file, one action per line (fields separated by tabs; blank lines and lines
//! starting with `#` are ignored):
//!
//! ```text
//! merge   ENTITY  INTO        ENTITY joins INTO; INTO's name and kind are kept
//! rename  ENTITY  NAME        the entity is called NAME
//! retype  ENTITY  KIND        the entity is a model, dataset, method, metric or task
//! drop    ENTITY              the entity and its links are left out of the graph
//! ```
//!
//! `ENTITY` is a name or alias as papers write it (case, hyphens, spaces, a plural `s` and
//! British/American endings do not matter), optionally with a kind in front (`method:SFT`),
//! or a node id as the graph writes it (`method:supervised-fine-tuning`). `paperkg entities
//! GRAPH --suspects` prints ready lines of this format.
//!
//! Applied by [`crate::graph::build_table_with`] after the automatic resolution, so `build`,
//! `build --append` and `extract` give the same entities for the same thesaurus. Every action
//! taken is in the merge log (rule `thesaurus`). A line that does not parse, that matches no
//! entity or several, or that contradicts another line is an error naming the file and line.

use crate::extract::{EntityKind, sense_key};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// What a thesaurus line does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The entity joins the other one.
    Merge(EntityRef),
    /// The entity gets this name.
    Rename(String),
    /// The entity gets this kind.
    Retype(EntityKind),
    /// The entity and its links go.
    Drop,
}

/// An entity as a thesaurus line names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRef {
    /// The kind written in front of the name, if any.
    pub kind: Option<EntityKind>,
    /// The name as written.
    pub name: String,
    /// Its [`sense_key`].
    pub key: String,
}

impl EntityRef {
    /// Reads `kind:name`, a node id, or a plain name.
    pub fn parse(text: &str) -> Option<EntityRef> {
        let text = text.trim();
        let (kind, name) = match text.split_once(':') {
            Some((k, rest)) if !rest.trim().is_empty() => {
                match EntityKind::parse(&k.trim().to_ascii_lowercase()) {
                    Some(kind) => (Some(kind), rest.trim()),
                    None => (None, text),
                }
            }
            _ => (None, text),
        };
        let key = sense_key(name);
        (!key.is_empty()).then(|| EntityRef {
            kind,
            name: name.to_owned(),
            key,
        })
    }
}

impl std::fmt::Display for EntityRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            Some(k) => write!(f, "{}:{}", k.as_str(), self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// One line of a thesaurus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its line number (1-based).
    pub line: usize,
    /// The entity it acts on.
    pub entity: EntityRef,
    /// What it does.
    pub action: Action,
}

impl Entry {
    /// The line as it would be written.
    pub fn text(&self) -> String {
        match &self.action {
            Action::Merge(into) => format!("merge\t{}\t{into}", self.entity),
            Action::Rename(name) => format!("rename\t{}\t{name}", self.entity),
            Action::Retype(kind) => format!("retype\t{}\t{}", self.entity, kind.as_str()),
            Action::Drop => format!("drop\t{}", self.entity),
        }
    }
}

/// A parsed thesaurus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thesaurus {
    /// Where it was read from (for messages).
    pub path: PathBuf,
    /// Its lines, in file order.
    pub entries: Vec<Entry>,
}

impl Thesaurus {
    /// The largest thesaurus file read ([`Thesaurus::read`]): 256 MiB, a few million lines.
    pub const MAX_BYTES: u64 = 256 << 20;

    /// Reads a thesaurus file: UTF-8, with or without a byte-order mark, any line ends. A
    /// file over [`Thesaurus::MAX_BYTES`], one in UTF-16 or with NUL bytes is refused at once;
    /// a line that is not UTF-8 is an error naming it, like any other bad line.
    pub fn read(path: &Path) -> crate::Result<Thesaurus> {
        use std::io::Read;
        let file = std::fs::File::open(path).map_err(|e| crate::Error::open(path, e))?;
        let refuse = |why: &str| {
            Err(crate::Error::Thesaurus(format!(
                "{}: {why}",
                path.display()
            )))
        };
        let mut file = file.take(Self::MAX_BYTES + 1);
        // The first 64 KiB alone tell a binary or UTF-16 file (or /dev/zero) at once.
        let mut bytes = Vec::new();
        for limit in [64 << 10, Self::MAX_BYTES + 1] {
            (&mut file)
                .take(limit - bytes.len() as u64)
                .read_to_end(&mut bytes)
                .map_err(|e| crate::Error::open(path, e))?;
            if let Some(why) = crate::input::not_text(&bytes) {
                return refuse(why);
            }
        }
        if bytes.len() as u64 > Self::MAX_BYTES {
            return refuse(&format!(
                "over {} MiB: a thesaurus is a list of lines like `merge<TAB>A<TAB>B`",
                Self::MAX_BYTES >> 20
            ));
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let not_utf8: Vec<usize> = bytes
            .split(|&b| b == b'\n')
            .enumerate()
            .filter(|(_, line)| std::str::from_utf8(line).is_err())
            .map(|(i, _)| i + 1)
            .collect();
        Thesaurus::parse_lines(path, &String::from_utf8_lossy(bytes), &not_utf8)
    }

    /// Parses thesaurus text; `path` names it in messages. Every bad line is reported, not
    /// only the first.
    pub fn parse(path: &Path, text: &str) -> crate::Result<Thesaurus> {
        Thesaurus::parse_lines(path, text, &[])
    }

    /// [`Thesaurus::parse`], where the lines numbered in `not_utf8` (ascending) were not
    /// UTF-8 in the file: each is an error of its own, in line order with the others.
    fn parse_lines(path: &Path, text: &str, not_utf8: &[usize]) -> crate::Result<Thesaurus> {
        let mut entries = Vec::new();
        let mut errors = Vec::new();
        let at = |line: usize, message: String| format!("{}:{line}: {message}", path.display());
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            if not_utf8.binary_search(&line).is_ok() {
                errors.push(at(line, "not UTF-8 (save the file as UTF-8)".to_owned()));
                continue;
            }
            let raw = raw.trim_end_matches('\r');
            if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = raw.split('\t').map(str::trim).collect();
            let entity = fields.get(1).and_then(|f| EntityRef::parse(f));
            let want = |n: usize| fields.len() >= n && fields[n..].iter().all(|f| f.is_empty());
            let action = match (fields[0].to_ascii_lowercase().as_str(), &entity) {
                (_, None) if fields.len() < 2 => {
                    Err("expected ACTION<TAB>ENTITY[<TAB>ARGUMENT]".to_owned())
                }
                (_, None) => Err(format!("`{}` is not an entity name", fields[1])),
                ("merge", Some(_)) if want(3) => match EntityRef::parse(fields[2]) {
                    Some(into) => Ok(Action::Merge(into)),
                    None => Err(format!("`{}` is not an entity name", fields[2])),
                },
                ("rename", Some(_)) if want(3) && !fields[2].is_empty() => {
                    Ok(Action::Rename(fields[2].to_owned()))
                }
                ("retype", Some(_)) if want(3) => {
                    match EntityKind::parse(&fields[2].to_ascii_lowercase()) {
                        Some(kind) => Ok(Action::Retype(kind)),
                        None => Err(format!(
                            "`{}` is not a kind (model, dataset, method, metric or task)",
                            fields[2]
                        )),
                    }
                }
                ("drop", Some(_)) if want(2) => Ok(Action::Drop),
                ("merge" | "rename" | "retype", Some(_)) => Err(format!(
                    "`{}` takes an entity and one argument, tab-separated",
                    fields[0]
                )),
                ("drop", Some(_)) => Err("`drop` takes an entity only".to_owned()),
                (other, Some(_)) => Err(format!(
                    "unknown action `{other}` (merge, rename, retype or drop)"
                )),
            };
            match action {
                Ok(action) => entries.push(Entry {
                    line,
                    entity: entity.expect("checked above"),
                    action,
                }),
                Err(message) => errors.push(at(line, message)),
            }
        }
        // Lines that contradict each other whatever the corpus: one entity merged into two,
        // renamed or retyped two ways, dropped and also kept by another action, merged into
        // itself, or merges that go round in a circle.
        let same = |a: &EntityRef, b: &EntityRef| {
            a.key == b.key && (a.kind.is_none() || b.kind.is_none() || a.kind == b.kind)
        };
        // Entries by the key of the entity they name, in file order: only those can clash.
        let mut by_key: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, e) in entries.iter().enumerate() {
            by_key.entry(e.entity.key.as_str()).or_default().push(i);
        }
        for (i, a) in entries.iter().enumerate() {
            if let Action::Merge(into) = &a.action
                && same(&a.entity, into)
            {
                errors.push(at(a.line, format!("merges `{}` into itself", a.entity)));
            }
            for b in by_key[a.entity.key.as_str()]
                .iter()
                .take_while(|&&j| j < i)
                .map(|&j| &entries[j])
            {
                if !same(&a.entity, &b.entity) {
                    continue;
                }
                let clash = match (&a.action, &b.action) {
                    (Action::Merge(x), Action::Merge(y)) => !same(x, y),
                    (Action::Rename(x), Action::Rename(y)) => x != y,
                    (Action::Retype(x), Action::Retype(y)) => x != y,
                    (Action::Drop, Action::Drop) => false,
                    (Action::Drop, _) | (_, Action::Drop) => true,
                    _ => false,
                };
                if clash {
                    errors.push(at(
                        a.line,
                        format!(
                            "contradicts line {}: `{}` and `{}`",
                            b.line,
                            b.text().replace('\t', " "),
                            a.text().replace('\t', " ")
                        ),
                    ));
                }
            }
        }
        for a in &entries {
            // Follow merges from a's target; coming back to a is a circle.
            let Action::Merge(mut into) = a.action.clone() else {
                continue;
            };
            for _ in 0..entries.len() {
                if same(&into, &a.entity) {
                    errors.push(at(a.line, "merges go round in a circle".to_owned()));
                    break;
                }
                let next = by_key.get(into.key.as_str()).and_then(|group| {
                    group.iter().find_map(|&j| match &entries[j].action {
                        Action::Merge(next) if same(&entries[j].entity, &into) => {
                            Some(next.clone())
                        }
                        _ => None,
                    })
                });
                match next {
                    Some(next) => into = next,
                    None => break,
                }
            }
        }
        if errors.is_empty() {
            Ok(Thesaurus {
                path: path.to_owned(),
                entries,
            })
        } else {
            Err(crate::Error::Thesaurus(errors.join("\n")))
        }
    }

    /// `path:line: message`, for an error about one entry.
    pub fn at(&self, entry: &Entry, message: &str) -> String {
        format!("{}:{}: {message}", self.path.display(), entry.line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> crate::Result<Thesaurus> {
        Thesaurus::parse(Path::new("t.tsv"), text)
    }

    #[test]
    fn files_from_other_editors_read_and_binary_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let read = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            Thesaurus::read(&path).map_err(|e| e.to_string())
        };
        // A byte-order mark and Windows line ends, as a spreadsheet saves it.
        let t = read(
            "bom.tsv",
            b"\xEF\xBB\xBFmerge\tVLMs\tvision-language model\r\ndrop\tx\r\n",
        )
        .unwrap();
        assert_eq!(t.entries.len(), 2);
        assert_eq!(t.entries[0].text(), "merge\tVLMs\tvision-language model");
        let err = read("utf16.tsv", b"\xFF\xFEm\x00e\x00").unwrap_err();
        assert!(
            err.ends_with(
                "utf16.tsv: UTF-16 text: convert it to UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)"
            ),
            "{err}"
        );
        let err = read("nul.tsv", b"drop\tx\n\x00\x00").unwrap_err();
        assert!(
            err.ends_with("nul.tsv: binary data (NUL bytes), not text"),
            "{err}"
        );
        // A line that is not UTF-8 is named with the other bad lines, in line order.
        let err = read("latin1.tsv", b"bogus\tx\ndrop\tna\xEFve\ndrop\ty\n").unwrap_err();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{err}");
        assert!(
            lines[0]
                .ends_with("latin1.tsv:1: unknown action `bogus` (merge, rename, retype or drop)"),
            "{err}"
        );
        assert!(
            lines[1].ends_with("latin1.tsv:2: not UTF-8 (save the file as UTF-8)"),
            "{err}"
        );
    }

    #[test]
    fn reads_every_action_and_ignores_comments() {
        let t = parse(
            "# fixes\n\nmerge\tLLMs\tlarge language model\nrename\tmethod:sft\tsupervised fine-tuning\nretype\tTransformer\tmodel\ndrop\tmethod:out-of-distribution\n",
        )
        .unwrap();
        assert_eq!(t.entries.len(), 4);
        assert_eq!(t.entries[0].line, 3);
        assert!(
            matches!(&t.entries[0].action, Action::Merge(into) if into.key == "largelanguagemodel")
        );
        assert_eq!(t.entries[1].entity.kind, Some(EntityKind::Method));
        assert_eq!(t.entries[2].action, Action::Retype(EntityKind::Model));
        assert_eq!(t.entries[3].entity.key, sense_key("out of distribution"));
        for e in &t.entries {
            let again = parse(&e.text()).unwrap();
            assert_eq!(again.entries[0].action, e.action);
        }
    }

    #[test]
    fn bad_lines_are_named_each_one() {
        let err = parse("merge\tA\nfrobnicate\tA\tB\nretype\tA\tgadget\ndrop\t\nok\n")
            .unwrap_err()
            .to_string();
        for want in [
            "t.tsv:1: `merge` takes",
            "t.tsv:2: unknown action `frobnicate`",
            "t.tsv:3: `gadget` is not a kind",
            "t.tsv:4: `` is not an entity name",
            "t.tsv:5: expected ACTION",
        ] {
            assert!(err.contains(want), "{want} missing from {err}");
        }
    }

    #[test]
    fn contradictions_are_errors() {
        for (text, want) in [
            ("merge\tA\tB\nmerge\ta\tC\n", "t.tsv:2: contradicts line 1"),
            (
                "rename\tA\tX\nrename\tA\tY\n",
                "t.tsv:2: contradicts line 1",
            ),
            (
                "retype\tA\tmodel\nretype\tA\tmethod\n",
                "t.tsv:2: contradicts line 1",
            ),
            ("drop\tA\nrename\tA\tX\n", "t.tsv:2: contradicts line 1"),
            ("merge\tA\tA\n", "t.tsv:1: merges `A` into itself"),
            ("merge\tA\tB\nmerge\tB\tA\n", "circle"),
        ] {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text:?}: {err}");
        }
        // Not contradictions: the same merge twice, kinds that tell two entities apart.
        parse("merge\tA\tB\nmerge\tA\tb\nretype\tmodel:X\tmethod\nretype\ttask:X\tdataset\n")
            .unwrap();
    }
}
