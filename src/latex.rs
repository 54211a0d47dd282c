//! LaTeX markup in titles and abstracts, turned into the text it stands for.
//!
//! arXiv metadata and BibTeX-derived records write `\textsc{LaDeCo}`, `{\em robust}`,
//! `$\alpha$-entmax`, `Co$^4$`, `Schr\"odinger` and `R\&D`. Left as they are, names come out
//! as `textsc{LaDeCo`, and the same title differs from its plain twin. [`strip_latex`] keeps
//! what a reader sees: the argument of text-style commands, accented letters, Greek letters
//! and symbols as Unicode, math without its dollars. Text without a backslash or a `$…$`
//! pair is returned unchanged (and no allocation is made).

use std::borrow::Cow;

/// Commands whose braced argument is the text itself.
const STYLE_COMMANDS: &[&str] = &[
    "textsc",
    "textbf",
    "textit",
    "texttt",
    "textrm",
    "textsf",
    "textup",
    "textnormal",
    "text",
    "emph",
    "mathrm",
    "mathbf",
    "mathit",
    "mathsf",
    "mathtt",
    "mathcal",
    "mathbb",
    "mathfrak",
    "boldsymbol",
    "bm",
    "operatorname",
    "underline",
    "mbox",
    "hbox",
];

/// Old-style font switches inside braces: `{\em x}`, `{\bf x}`.
const SWITCHES: &[&str] = &[
    "em", "bf", "it", "sc", "tt", "rm", "sf", "sl", "small", "large",
];

/// Commands that stand for one character.
const SYMBOLS: &[(&str, &str)] = &[
    ("alpha", "α"),
    ("beta", "β"),
    ("gamma", "γ"),
    ("Gamma", "Γ"),
    ("delta", "δ"),
    ("Delta", "Δ"),
    ("epsilon", "ε"),
    ("varepsilon", "ε"),
    ("zeta", "ζ"),
    ("eta", "η"),
    ("theta", "θ"),
    ("Theta", "Θ"),
    ("kappa", "κ"),
    ("lambda", "λ"),
    ("Lambda", "Λ"),
    ("mu", "μ"),
    ("nu", "ν"),
    ("xi", "ξ"),
    ("pi", "π"),
    ("Pi", "Π"),
    ("rho", "ρ"),
    ("sigma", "σ"),
    ("Sigma", "Σ"),
    ("tau", "τ"),
    ("phi", "φ"),
    ("varphi", "φ"),
    ("Phi", "Φ"),
    ("chi", "χ"),
    ("psi", "ψ"),
    ("Psi", "Ψ"),
    ("omega", "ω"),
    ("Omega", "Ω"),
    ("ell", "ℓ"),
    ("times", "×"),
    ("cdot", "·"),
    ("leq", "≤"),
    ("le", "≤"),
    ("geq", "≥"),
    ("ge", "≥"),
    ("neq", "≠"),
    ("approx", "≈"),
    ("sim", "~"),
    ("infty", "∞"),
    ("pm", "±"),
    ("to", "→"),
    ("rightarrow", "→"),
    ("leftarrow", "←"),
    ("log", "log"),
    ("ldots", "…"),
    ("dots", "…"),
    ("cdots", "…"),
    ("%", "%"),
    ("&", "&"),
    ("_", "_"),
    ("#", "#"),
    ("$", "$"),
    ("{", "{"),
    ("}", "}"),
    (",", " "),
    (";", " "),
    (" ", " "),
];

/// Accent commands and the combining mark each puts on the next letter.
const ACCENTS: &[(char, char)] = &[
    ('\'', '\u{301}'),
    ('`', '\u{300}'),
    ('^', '\u{302}'),
    ('"', '\u{308}'),
    ('~', '\u{303}'),
    ('=', '\u{304}'),
    ('.', '\u{307}'),
    ('c', '\u{327}'),
    ('v', '\u{30c}'),
    ('u', '\u{306}'),
    ('H', '\u{30b}'),
];

/// Whether `s` holds LaTeX markup [`strip_latex`] would change: a backslash, or a `$…$` pair
/// around math.
fn has_latex(s: &str) -> bool {
    let bytes = s.as_bytes();
    memchr::memchr(b'\\', bytes).is_some() || math_spans(s).next().is_some()
}

/// The `$…$` pairs of `s` that hold math (`$^4$`, `$\alpha$`, `$O(n)$`, `$k$`), not money
/// ("costs $5 and $10"): the inside is at most 80 bytes, and holds a backslash, `^`, `_` or `{`,
/// or no space at all.
fn math_spans(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = s.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let open = from + memchr::memchr(b'$', &bytes[from..])?;
            let close = open + 1 + memchr::memchr(b'$', &bytes[open + 1..])?;
            let inner = &s[open + 1..close];
            let mathy = inner.len() <= 80
                && !inner.is_empty()
                && (inner.contains(['\\', '^', '_', '{']) || !inner.contains(' '));
            if mathy {
                from = close + 1;
                return Some((open, close));
            }
            from = open + 1;
        }
    })
}

/// `s` with its LaTeX markup turned into text (see the module docs); unchanged when it has
/// none.
pub fn strip_latex(s: &str) -> Cow<'_, str> {
    if !has_latex(s) {
        return Cow::Borrowed(s);
    }
    // Dollars of math pairs go first; the markup inside is then read like any other.
    let mut plain = String::with_capacity(s.len());
    let mut last = 0;
    for (open, close) in math_spans(s) {
        plain.push_str(&s[last..open]);
        plain.push_str(&s[open + 1..close]);
        last = close + 1;
    }
    plain.push_str(&s[last..]);
    let out = commands(&plain);
    // Braces are grouping only once commands are read.
    let out: String = out.chars().filter(|&c| c != '{' && c != '}').collect();
    use unicode_normalization::UnicodeNormalization;
    Cow::Owned(out.nfc().collect())
}

/// Reads backslash commands: styles keep their argument, symbols become characters, accents
/// combine with their letter, unknown commands keep their name.
fn commands(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(first) = after.chars().next() else {
            rest = after;
            break;
        };
        // Accents: \'e, \'{e}, \"o, \c{c}. Letter accents (c, v, u, H) only before a brace
        // or a space, so `\cdot` is not a cedilla.
        if let Some(&(_, mark)) = ACCENTS.iter().find(|(c, _)| *c == first) {
            let tail = &after[first.len_utf8()..];
            let letter_accent = first.is_ascii_alphabetic();
            let (letter, used) = if let Some(inner) = tail.strip_prefix('{') {
                let l = inner.chars().next().filter(|c| c.is_alphabetic());
                let closed = l.is_some_and(|l| inner[l.len_utf8()..].starts_with('}'));
                (l.filter(|_| closed), l.map_or(0, |l| 2 + l.len_utf8()))
            } else if !letter_accent {
                let l = tail.chars().next().filter(|c| c.is_alphabetic());
                (l, l.map_or(0, char::len_utf8))
            } else {
                (None, 0)
            };
            if let Some(letter) = letter {
                out.push(letter);
                out.push(mark);
                rest = &tail[used..];
                continue;
            }
        }
        let name_len = if first.is_ascii_alphabetic() {
            after
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(after.len())
        } else {
            first.len_utf8()
        };
        let name = &after[..name_len];
        let mut tail = &after[name_len..];
        if let Some(&(_, sym)) = SYMBOLS.iter().find(|(n, _)| *n == name) {
            out.push_str(sym);
        } else if STYLE_COMMANDS.contains(&name) || SWITCHES.contains(&name) {
            // The argument follows as it is; its braces go at the end. A switch eats the
            // space after it.
            if SWITCHES.contains(&name) {
                tail = tail.strip_prefix(' ').unwrap_or(tail);
            }
        } else if first.is_ascii_alphabetic() {
            out.push_str(name);
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_switches_and_math() {
        assert_eq!(
            strip_latex(r"\textsc{LaDeCo}: layered design"),
            "LaDeCo: layered design"
        );
        assert_eq!(strip_latex(r"a {\em robust} method"), "a robust method");
        assert_eq!(
            strip_latex("tiny Co$^4$ outpaces GPT-2"),
            "tiny Co^4 outpaces GPT-2"
        );
        assert_eq!(
            strip_latex(r"$\alpha$-entmax and $O(n \log n)$"),
            "α-entmax and O(n log n)"
        );
        assert_eq!(strip_latex(r"the $\mathcal{O}(1)$ cost"), "the O(1) cost");
        assert_eq!(strip_latex(r"R\&D at 5\% cost"), "R&D at 5% cost");
    }

    #[test]
    fn accents() {
        assert_eq!(
            strip_latex(r#"Schr\"odinger and Erd\H{o}s"#),
            "Schrödinger and Erdős"
        );
        assert_eq!(
            strip_latex(r"Bal\'azs, {\'E}cole, Fran\c{c}ois"),
            "Balázs, École, François"
        );
        assert_eq!(strip_latex(r"$a \cdot b$"), "a · b");
    }

    #[test]
    fn plain_text_and_money_are_untouched() {
        for s in [
            "costs $5 and $10 per run",
            "no markup at all",
            "braces {kept} without commands",
        ] {
            assert!(matches!(strip_latex(s), Cow::Borrowed(_)), "{s}");
        }
        // Unknown commands keep their name; a lone backslash goes.
        assert_eq!(strip_latex(r"the \foo method \\"), "the foo method ");
    }
}
