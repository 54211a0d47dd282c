//! Shows how the extraction layers see one title and abstract: the mentions after each layer
//! (surface, kind, rule, role) and the resolved links. For developing rules.
//!
//! ```sh
//! cargo run --example explain -- "A title" "An abstract naming BERT and SQuAD."
//! ```

use paperkg::Extractors;
use paperkg::extract::Document;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (title, abstract_text) = match args.as_slice() {
        [t, a] => (t.as_str(), a.as_str()),
        _ => {
            eprintln!("usage: explain TITLE ABSTRACT");
            std::process::exit(2);
        }
    };
    let ex = Extractors::new().expect("built-in lexicon");
    let mut doc = Document::new(title, abstract_text);
    for layer in ex.layers() {
        layer.extract(&mut doc);
        println!("after {}:", layer.name());
        for m in &doc.mentions {
            println!(
                "  {:?} {:?} {:?} {} {}..{}",
                m.surface,
                m.kind.map(|k| k.as_str()),
                m.rule.as_str(),
                m.role.as_str(),
                m.span.start,
                m.span.end
            );
        }
    }
    println!("links:");
    for l in ex.extract_text(title, abstract_text) {
        println!(
            "  {} {:?} {:?} {}",
            l.kind,
            l.name,
            l.mentions,
            l.role.as_str()
        );
    }
}
