//! Resolution within one paper: mentions become entities.
//!
//! Mentions are grouped by lexicon entry, else by [`sense_key`] of their text, and an
//! abbreviation definition joins the group of its short form with that of its long form. Each
//! group becomes one [`EntityLink`]: the kind of its most trusted mention (lexicon, then title
//! prefix, then abbreviation), the canonical name of its lexicon entry (else the long form of a
//! lower-case definition, else the first name written), every surface form seen, and the role
//! `introduced` if any mention introduces it.

use super::confidence::LinkFacts;
use super::lexicon::Lexicon;
use super::normalize::sense_key;
use super::{
    Document, EntityKind, EntityLink, Evidence, Field, Mention, Merge, MergeRule, Role, Rule,
};
use rustc_hash::FxHashMap;

/// How much a rule's typing is trusted when a group's mentions disagree.
fn trust(rule: Rule) -> u8 {
    match rule {
        Rule::Lexicon | Rule::Variant => 3,
        Rule::TitlePrefix | Rule::TitleName | Rule::DatasetPhrase => 2,
        Rule::Proposal | Rule::Abbreviation | Rule::ModelName | Rule::Coordination => 1,
        Rule::Phrase | Rule::Narrowed => 0,
    }
}

/// A tiny union-find over group numbers.
struct Groups(Vec<usize>);

impl Groups {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // The smaller index (earlier mention) stays the root, so results are order-stable.
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.0[hi] = lo;
        }
    }
}

/// Hashes of a name's words, case-folded, a plural `s` dropped from words of five letters or
/// more ("segmentations" and "segmentation" hash alike).
fn word_hashes(name: &str) -> Vec<u64> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let bytes = w.as_bytes();
            let bytes = match bytes.split_last() {
                Some((b's' | b'S', stem)) if stem.len() > 3 => stem,
                _ => bytes,
            };
            let mut h = crate::paper::Fnv1a::new();
            for &b in bytes {
                h.write(&[b.to_ascii_lowercase()]);
            }
            h.finish()
        })
        .collect()
}

/// Resolves a document's typed mentions into entities, in order of first mention.
pub fn resolve(doc: &Document<'_>, lexicon: &Lexicon) -> Vec<EntityLink> {
    let mentions: Vec<&Mention> = doc.mentions.iter().filter(|m| m.kind.is_some()).collect();
    if mentions.is_empty() {
        return Vec::new();
    }
    // Each mention's text key, computed once.
    let text_keys: Vec<String> = mentions.iter().map(|m| sense_key(&m.surface)).collect();
    let abbr_keys: Vec<(String, String)> = doc
        .abbreviations
        .iter()
        .map(|a| (sense_key(&a.short), sense_key(&a.long)))
        .collect();
    // Every mention joins the group of its lexicon entry and the group of its text key: the
    // same text is the same entity even when one occurrence matched the lexicon and another
    // came from a rule.
    let mut by_entry: FxHashMap<u32, usize> = FxHashMap::default();
    let mut by_text: FxHashMap<&str, usize> = FxHashMap::default();
    let mut groups = Groups((0..mentions.len()).collect());
    for (i, m) in mentions.iter().enumerate() {
        if let Some(e) = m.entry {
            let root = *by_entry.entry(e).or_insert(i);
            groups.union(root, i);
        }
        let t = *by_text.entry(text_keys[i].as_str()).or_insert(i);
        groups.union(t, i);
    }
    for (short, long) in &abbr_keys {
        let short = by_text.get(short.as_str()).copied();
        let long = by_text.get(long.as_str()).copied();
        if let (Some(s), Some(l)) = (short, long) {
            groups.union(s, l);
        }
    }
    // A typed phrase that only adds or drops modifiers of another task or method of the
    // paper, with the same head, is that entity written more or less fully ("semantic image
    // segmentation" beside "semantic segmentation", "flow estimation" beside "optical flow
    // estimation").
    let phrasal =
        |m: &Mention| matches!(m.rule, Rule::Phrase | Rule::Narrowed) && m.entry.is_none();
    if mentions.iter().any(|m| phrasal(m)) {
        let word_sets: Vec<Option<Vec<u64>>> = mentions
            .iter()
            .map(|m| {
                matches!(m.kind, Some(EntityKind::Task | EntityKind::Method))
                    .then(|| word_hashes(&m.surface))
            })
            .collect();
        for (i, m) in mentions.iter().enumerate() {
            if !phrasal(m) {
                continue;
            }
            let Some(a) = &word_sets[i] else { continue };
            for (j, o) in mentions.iter().enumerate() {
                let Some(b) = &word_sets[j] else { continue };
                if i == j || o.kind != m.kind || a.last() != b.last() || a == b {
                    continue;
                }
                let (small, big) = if a.len() < b.len() { (a, b) } else { (b, a) };
                if small.len() >= 2 && small.iter().all(|w| big.contains(w)) {
                    groups.union(i, j);
                }
            }
        }
    }

    // Mentions ordered by group (groups in order of first mention), then by position: each
    // group is one run of this list.
    let roots: Vec<usize> = (0..mentions.len()).map(|i| groups.find(i)).collect();
    let mut first_span = vec![None; mentions.len()];
    for (i, &root) in roots.iter().enumerate() {
        let span = mentions[i].span;
        let first: &mut Option<super::Span> = &mut first_span[root];
        if first.is_none_or(|f| span < f) {
            *first = Some(span);
        }
    }
    let mut sorted: Vec<usize> = (0..mentions.len()).collect();
    sorted.sort_by_key(|&i| (first_span[roots[i]], roots[i], mentions[i].span));

    let mut out = Vec::new();
    // One shared copy of each evidence sentence, found by its address in the text.
    let mut sentences: Vec<(usize, std::sync::Arc<str>)> = Vec::new();
    for idx in sorted.chunk_by(|&a, &b| roots[a] == roots[b]) {
        let ms: Vec<&Mention> = idx.iter().map(|&i| mentions[i]).collect();
        let best = ms
            .iter()
            .max_by_key(|m| (trust(m.rule), std::cmp::Reverse(m.span)))
            .expect("groups are not empty");
        let kind = best.kind.expect("filtered to typed mentions");
        // The first mention of each distinct surface form, in order of appearance.
        let mut firsts: Vec<usize> = Vec::new();
        for &i in idx {
            if !firsts
                .iter()
                .any(|&f| mentions[f].surface == mentions[i].surface)
            {
                firsts.push(i);
            }
        }
        let surfaces: Vec<String> = firsts
            .iter()
            .map(|&f| mentions[f].surface.clone())
            .collect();
        let entry = ms.iter().find_map(|m| m.entry);
        let definition = abbr_keys
            .iter()
            .position(|(s, l)| {
                idx.iter()
                    .any(|&i| text_keys[i] == *s || text_keys[i] == *l)
            })
            .map(|k| (&doc.abbreviations[k], &abbr_keys[k]));
        let name = if let Some(e) = entry {
            lexicon.entry(e).name.clone()
        } else if let Some(prefix) = ms
            .iter()
            .find(|m| matches!(m.rule, Rule::TitlePrefix | Rule::TitleName))
        {
            prefix.surface.clone()
        } else if let Some((def, _)) = definition {
            // "knowledge distillation (KD)" is named by its long form; a coined name written
            // in capitals ("Contrastive Unsupervised Representations … (CURL)") by its acronym.
            if def.long.chars().next().is_some_and(char::is_lowercase) {
                def.long.clone()
            } else {
                def.short.clone()
            }
        } else {
            ms[0].surface.clone()
        };
        // Why each other written name joined this entity.
        let name_key = sense_key(&name);
        let mut merges: Vec<Merge> = Vec::new();
        for &f in &firsts {
            let surface = &mentions[f].surface;
            if *surface == name {
                continue;
            }
            let rule = if text_keys[f] == name_key {
                MergeRule::Variant
            } else if mentions[f].entry.is_some() && mentions[f].entry == entry {
                MergeRule::LexiconAlias
            } else if definition.is_some() {
                MergeRule::Abbreviation
            } else if matches!(mentions[f].rule, Rule::Phrase | Rule::Narrowed) {
                MergeRule::Modifier
            } else {
                MergeRule::LexiconAlias
            };
            merges.push(Merge {
                name: surface.clone(),
                rule,
            });
        }
        let mut alias_keys: Vec<&str> = vec![&name_key];
        let mut aliases: Vec<String> = Vec::new();
        let definition_names = definition
            .into_iter()
            .flat_map(|(d, (sk, lk))| [(&d.short, sk.as_str()), (&d.long, lk.as_str())]);
        for (a, k) in surfaces
            .iter()
            .zip(firsts.iter().map(|&f| text_keys[f].as_str()))
            .chain(definition_names)
        {
            if !alias_keys.contains(&k) {
                alias_keys.push(k);
                aliases.push(a.clone());
            }
        }
        // A ubiquitous class of things ("large language model") is never what a paper
        // introduces, whatever the sentence around it says.
        let generic = entry.is_some_and(|e| lexicon.entry(e).generic);
        let role = if !generic && ms.iter().any(|m| m.role == Role::Introduced) {
            Role::Introduced
        } else {
            Role::Used
        };
        let ev = ms[0];
        let text = doc.sentence(ev.span);
        let at = text.as_ptr() as usize;
        let sentence = match sentences
            .iter()
            .find(|(p, s)| *p == at && s.len() == text.len())
        {
            Some((_, s)) => s.clone(),
            None => {
                let s: std::sync::Arc<str> = text.into();
                sentences.push((at, s.clone()));
                s
            }
        };
        let lex_entry = entry.map(|e| lexicon.entry(e));
        let rules = ms.iter().fold(0u32, |set, m| set | 1 << (m.rule as u32));
        let facts = LinkFacts {
            rule: best.rule,
            kind,
            count: ms.len() as u32,
            surfaces: firsts.len() as u32,
            rules: rules.count_ones(),
            in_title: ms.iter().any(|m| m.span.field == Field::Title),
            in_abstract: ms.iter().any(|m| m.span.field == Field::Abstract),
            defined: definition.is_some(),
            introduced: role == Role::Introduced,
            lexicon: lex_entry.is_some(),
            curated: lex_entry.is_some_and(|e| e.curated),
            generic: lex_entry.is_some_and(|e| e.generic),
            needs_context: lex_entry.is_some_and(|e| e.needs_context),
            words: name
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .count() as u32,
            coined: name.split([' ', '-', '/']).any(super::pattern::is_coined),
            lowercase: !name.chars().any(char::is_uppercase),
        };
        out.push(EntityLink {
            kind,
            name,
            mentions: surfaces,
            aliases,
            role,
            count: ms.len() as u32,
            confidence: Default::default(),
            evidence: Evidence {
                field: ev.span.field,
                sentence,
                start: Evidence::offset(ev.span.start),
                end: Evidence::offset(ev.span.end),
            },
            rule: Some(ev.rule),
            facts: Some(facts),
            merges,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::extract::{Extractors, Lexicon};
    use std::sync::Arc;

    fn extractors() -> Extractors {
        let lex = Lexicon::parse(
            "model\tGPT-2\tGPT2\t\t\nmethod\tknowledge distillation\tKD\t\t\ndataset\tSuperGLUE\t\t\t\n",
        )
        .unwrap();
        Extractors::with_lexicon(Arc::new(lex))
    }

    fn links(title: &str, abs: &str) -> Vec<(String, String, Vec<String>, String, u32)> {
        let ex = extractors();
        let doc = ex.document(title, abs);
        super::resolve(&doc, ex.lexicon())
            .into_iter()
            .map(|l| {
                (
                    l.kind.to_string(),
                    l.name,
                    l.mentions,
                    l.role.as_str().to_owned(),
                    l.count,
                )
            })
            .collect()
    }

    #[test]
    fn lexicon_variants_merge_into_one_entity() {
        let got = links(
            "Distilling GPT2",
            "We distil GPT-2 with knowledge distillation (KD). KD works.",
        );
        assert_eq!(
            got[0],
            (
                "model".into(),
                "GPT-2".into(),
                vec!["GPT2".into(), "GPT-2".into()],
                "used".into(),
                2
            )
        );
        assert_eq!(got[1].1, "knowledge distillation");
        assert_eq!(got[1].2, ["knowledge distillation", "KD"]);
        assert_eq!(got[1].4, 3);
    }

    #[test]
    fn title_prefix_is_introduced_and_joins_its_acronym_definition() {
        let got = links(
            "CURL: Contrastive Unsupervised Representations for Reinforcement Learning",
            "We present CURL. CURL beats prior work on SuperGLUE.",
        );
        assert_eq!(got[0].1, "CURL");
        assert_eq!(got[0].3, "introduced");
        assert_eq!(got[0].4, 3);
        assert!(got.iter().any(|l| l.1 == "SuperGLUE" && l.0 == "dataset"));
    }

    #[test]
    fn undefined_lowercase_long_form_names_the_entity() {
        let got = links(
            "A title",
            "We train sparse autoencoders (SAEs) on activations. SAEs help.",
        );
        assert_eq!(got[0].1, "sparse autoencoders");
        assert_eq!(got[0].2, ["sparse autoencoders", "SAEs"]);
        assert_eq!(got[0].0, "method");
    }
}
