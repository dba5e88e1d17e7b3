//! Characters that make a policy read otherwise than it is checked (look-alike names, "Trojan
//! source"): a name holding a combining mark or letters of several scripts is refused (E0006:
//! `montant` with a Cyrillic `а`, or `é` written as `e` + U+0301, is another name that looks
//! the same); a bidi control or an invisible character in a text or a comment is a warning
//! (W0005: it can reorder or hide what a reviewer reads). In the code itself such characters are
//! not allowed by the grammar (E0001). A scan of the text, before any parse result is needed.

use care_syntax::{Diagnostic, FileId, Span};

/// Diagnostics of this scan reported per file: the rest would repeat them.
pub const MAX_REPORTED: usize = 100;

pub use care_syntax::lex::is_invisible;

fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    /// Another script, by its 256-character block (coarse, but never says two scripts are one).
    Other(u32),
}

impl Script {
    fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Greek => "Greek",
            Script::Cyrillic => "Cyrillic",
            Script::Other(_) => "another script",
        }
    }
}

fn script(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c {
        'a'..='z' | 'A'..='Z' | '\u{00AA}' | '\u{00BA}' => Script::Latin,
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' | '\u{2C60}'..='\u{2C7F}' => {
            Script::Latin
        }
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => Script::Greek,
        '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' => Script::Cyrillic,
        other => Script::Other(u32::from(other) >> 8),
    })
}

/// What the scan is in.
#[derive(PartialEq)]
enum State {
    Code,
    Text,
    Comment,
    Section,
}

/// The diagnostics of one file's text.
pub fn scan(file: FileId, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut state = State::Code;
    let mut chars = text.char_indices().peekable();
    let mut name_start: Option<usize> = None;
    while let Some((i, c)) = chars.next() {
        if out.len() >= MAX_REPORTED {
            break;
        }
        let in_name = state == State::Code && (c.is_alphanumeric() || c == '_' || is_combining(c));
        if let (Some(start), false) = (name_start, in_name) {
            name_check(file, &text[start..i], start, &mut out);
            name_start = None;
        }
        match state {
            State::Code => match c {
                _ if in_name => {
                    name_start.get_or_insert(i);
                }
                '"' => state = State::Text,
                '§' => state = State::Section,
                '/' if chars.peek().is_some_and(|(_, n)| *n == '/') => state = State::Comment,
                _ => {}
            },
            State::Text => match c {
                '\\' => {
                    chars.next();
                }
                '"' => state = State::Code,
                _ if is_invisible(c) => out.push(invisible(file, i, c, "text")),
                _ => {}
            },
            State::Comment => match c {
                '\n' | '\r' => state = State::Code,
                _ if is_invisible(c) => out.push(invisible(file, i, c, "comment")),
                _ => {}
            },
            State::Section => match c {
                ' ' | '\t' | '\n' | '\r' | '"' | '{' | '}' => {
                    state = if c == '"' { State::Text } else { State::Code }
                }
                _ if is_invisible(c) => out.push(invisible(file, i, c, "section")),
                _ => {}
            },
        }
    }
    if let Some(start) = name_start {
        name_check(file, &text[start..], start, &mut out);
    }
    out.truncate(MAX_REPORTED);
    out
}

fn invisible(file: FileId, at: usize, c: char, what: &str) -> Diagnostic {
    let code = u32::from(c);
    let mut d = Diagnostic::warning(
        "W0005",
        "invisible_character",
        format!("an invisible or bidi control character (U+{code:04X}) in a {what}"),
    )
    .with_key("W0005-invisible")
    .with_arg("char", format!("{code:04X}"))
    .with_arg("what", what)
    .with_label(file, Span::new(at, at + c.len_utf8()), "invisible here")
    .with_help_key(
        "W0005-invisible-help",
        "delete it: it can hide or reorder what a reader of the policy sees",
    );
    d.lint = None; // not something to silence: a text needs no invisible character
    d
}

fn name_check(file: FileId, name: &str, start: usize, out: &mut Vec<Diagnostic>) {
    if name.is_ascii() {
        return;
    }
    let span = Span::new(start, start + name.len());
    if let Some(c) = name.chars().find(|c| is_combining(*c)) {
        out.push(
            Diagnostic::error(
                "E0006",
                format!(
                    "the name `{}` holds a combining character (U+{:04X})",
                    name.escape_debug(),
                    u32::from(c)
                ),
            )
            .with_key("E0006-combining")
            .with_arg("name", name.escape_debug().to_string())
            .with_arg("char", format!("{:04X}", u32::from(c)))
            .with_label(file, span, "looks like another name")
            .with_help_key(
                "E0006-combining-help",
                "write each accented letter as one character (`é`, not `e` followed by an accent)",
            ),
        );
        return;
    }
    let mut scripts: Vec<Script> = Vec::new();
    for s in name.chars().filter_map(script) {
        if !scripts.contains(&s) {
            scripts.push(s);
        }
    }
    if scripts.len() > 1 {
        let names: Vec<&str> = scripts.iter().map(|s| s.name()).collect();
        out.push(
            Diagnostic::error(
                "E0006",
                format!("the name `{name}` mixes scripts ({})", names.join(" and ")),
            )
            .with_key("E0006-scripts")
            .with_arg("name", name)
            .with_arg("scripts", names.join(" and "))
            .with_label(file, span, "looks like another name")
            .with_help_key(
                "E0006-scripts-help",
                "write a name in one script: a Cyrillic `а` or a Greek `ο` look like Latin letters",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        scan(FileId(0), text).iter().map(|d| d.code).collect()
    }

    #[test]
    fn french_names_and_texts_pass() {
        assert!(
            codes("value montant_éligible = 1 // déjà\n\"Référent §2\" § 3.1 §https://x.fr/a")
                .is_empty()
        );
    }

    #[test]
    fn look_alike_names_are_refused() {
        assert_eq!(codes("value m\u{0430}ntant = 1"), ["E0006"]); // Cyrillic а
        assert_eq!(codes("value montant_e\u{0301}ligible = 1"), ["E0006"]);
        assert_eq!(codes("value \u{03bf}\u{03ba} = 1"), Vec::<&str>::new()); // Greek alone is one script
        assert_eq!(codes("value \u{03bf}k = 1"), ["E0006"]); // Greek ο and Latin k
    }

    #[test]
    fn invisible_characters_in_texts_and_comments_are_warned() {
        assert_eq!(
            codes("label \"a\u{202E}b\" // c\u{200B}d\n"),
            ["W0005", "W0005"]
        );
        assert_eq!(codes("\"\\\"\u{2066}\""), ["W0005"]);
        assert_eq!(codes("\"a\" \u{200B}"), Vec::<&str>::new()); // in code: the grammar refuses it
    }
}
