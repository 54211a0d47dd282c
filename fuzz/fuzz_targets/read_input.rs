//! Every reader on arbitrary bytes: the first byte picks the format (HF dump, JSON Lines,
//! JSON array, CSV, TSV, RIS, Web of Science, BibTeX), the rest is the file. Reading must never panic, and every record
//! it yields must be a paper with a title or an abstract. A small record limit is in force, so
//! over-long lines and values take the skipping path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paperkg::input::{InputFormat, from_reader};

fuzz_target!(|data: &[u8]| {
    paperkg::input::set_max_record_bytes(4096);
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let format = match pick % 8 {
        0 => InputFormat::HfDump,
        1 => InputFormat::Jsonl,
        2 => InputFormat::Json,
        3 => InputFormat::Csv,
        4 => InputFormat::Tsv,
        5 => InputFormat::Ris,
        6 => InputFormat::Wos,
        _ => InputFormat::Bib,
    };
    // Sniffing sees every input too.
    let _ = InputFormat::sniff(rest);
    let reader = Box::new(std::io::Cursor::new(rest.to_vec()));
    for record in from_reader(reader, format, "fuzz".into()).take(10_000) {
        if let Ok(paper) = record {
            assert!(!paper.title.is_empty() || !paper.abstract_text.is_empty());
        }
    }
});
