//! A forgiving scan of a `.care` text into words, strings, numbers and comments: for semantic
//! tokens and for the completion context of a line that does not parse. It never fails.

/// Words the grammar reserves: never names.
pub const RESERVED: &[&str] = &[
    "if",
    "then",
    "else",
    "let",
    "and",
    "or",
    "not",
    "in",
    "where",
    "by",
    "true",
    "false",
    "otherwise",
];

/// Every keyword of the grammar (`kw_*` rules).
pub const KEYWORDS: &[&str] = &[
    "policy",
    "version",
    "amends",
    "in_force",
    "from",
    "until",
    "timezone",
    "reference",
    "chosen_objectives",
    "include",
    "document",
    "source",
    "note",
    "enum",
    "record",
    "input",
    "list",
    "of",
    "track",
    "key",
    "mandatory",
    "a_la_carte",
    "choose",
    "at_least",
    "at_most",
    "exactly",
    "theme",
    "objective",
    "scope",
    "candidate",
    "each",
    "evidence",
    "any_of",
    "achieved",
    "when",
    "rule",
    "prerequisite",
    "for",
    "require",
    "fix",
    "let",
    "table",
    "function",
    "value",
    "output",
    "amend",
    "remove",
    "replace",
    "allow",
    "if",
    "then",
    "else",
    "and",
    "or",
    "not",
    "in",
    "where",
    "by",
    "true",
    "false",
    "otherwise",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    Word,
    /// A dotted code (`POC.P3.O4.E`).
    Code,
    Str,
    Number,
    Comment,
    Punct,
}

/// Tokens with their byte ranges.
pub fn scan(text: &str) -> Vec<(Tok, usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let start = i;
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if c == '/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            out.push((Tok::Comment, start, i));
            continue;
        }
        if c == '"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                if bytes[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(bytes.len());
            // Stay on a character boundary after an escape before a multi-byte character.
            while !text.is_char_boundary(i) {
                i += 1;
            }
            out.push((Tok::Str, start, i));
            continue;
        }
        if c.is_ascii_digit() {
            while i < text.len() {
                let Some(d) = text[i..].chars().next() else {
                    break;
                };
                let dot_digit = d == '.'
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                    && bytes.get(i.wrapping_sub(1)) != Some(&b'.');
                if d.is_ascii_alphanumeric() || d == '-' || d == ':' || d == '_' || dot_digit {
                    i += d.len_utf8();
                } else {
                    break;
                }
            }
            out.push((Tok::Number, start, i));
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            i = word_end(text, i);
            // A code: capital segments joined by dots.
            let mut end = i;
            let mut code = false;
            if c.is_uppercase() {
                while bytes.get(end) == Some(&b'.')
                    && bytes
                        .get(end + 1)
                        .is_some_and(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                {
                    end = word_end(text, end + 1);
                    code = true;
                }
            }
            if code {
                out.push((Tok::Code, start, end));
                i = end;
            } else {
                out.push((Tok::Word, start, i));
            }
            continue;
        }
        i += c.len_utf8();
        out.push((Tok::Punct, start, i));
    }
    out
}

/// The end of the word starting at `i`.
pub fn word_end(text: &str, mut i: usize) -> usize {
    while i < text.len() {
        match text[i..].chars().next() {
            Some(c) if c.is_alphanumeric() || c == '_' => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// The start of the word ending at `end`.
pub fn word_start(text: &str, end: usize) -> usize {
    let mut i = end.min(text.len());
    while i > 0 {
        match text[..i].chars().next_back() {
            Some(c) if c.is_alphanumeric() || c == '_' => i -= c.len_utf8(),
            _ => break,
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_codes_strings_numbers() {
        let text = "require POC.P3.O4.E in dossier.a // c\n  \"é\\\"x\" 12.5 € 2026-03-31";
        let kinds: Vec<(Tok, &str)> = scan(text)
            .into_iter()
            .map(|(t, s, e)| (t, &text[s..e]))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (Tok::Word, "require"),
                (Tok::Code, "POC.P3.O4.E"),
                (Tok::Word, "in"),
                (Tok::Word, "dossier"),
                (Tok::Punct, "."),
                (Tok::Word, "a"),
                (Tok::Comment, "// c"),
                (Tok::Str, "\"é\\\"x\""),
                (Tok::Number, "12.5"),
                (Tok::Punct, "€"),
                (Tok::Number, "2026-03-31"),
            ]
        );
    }
}
