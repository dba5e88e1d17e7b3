//! The one lexer of trivia: where lines end and where comments are. The grammar skips comments
//! and white space; everything else that needs to know where they are (recovery, the formatter,
//! line and column numbers) asks here, so that a `//` in a string or in a `§` section is never
//! taken for a comment and a CR ends a line everywhere it ends one for the grammar.
//!
//! Line breaks are LF, CRLF and a lone CR, as in the Language Server Protocol.

use crate::span::Span;

/// A `//` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The comment from `//` to the end of the line, without the line break.
    pub span: Span,
    /// True when only white space precedes it on its line.
    pub own_line: bool,
}

/// Whether a byte ends a line (LF, or CR alone or before LF).
pub fn is_line_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// Offset of the end of the line holding `from` (before its line break).
pub fn line_end(text: &str, from: usize) -> usize {
    text.as_bytes()
        .get(from..)
        .and_then(|rest| rest.iter().position(|b| is_line_break(*b)))
        .map_or(text.len(), |n| from + n)
}

/// Offset of the start of the line holding `pos`.
pub fn line_start(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    (0..pos.min(text.len()))
        .rev()
        .find(|&i| match bytes[i] {
            b'\n' => true,
            b'\r' => bytes.get(i + 1) != Some(&b'\n'),
            _ => false,
        })
        .map_or(0, |i| i + 1)
}

/// Offsets where each line after the first starts.
pub fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().filter_map(move |(i, b)| match b {
        b'\n' => Some(i + 1),
        b'\r' if bytes.get(i + 1) != Some(&b'\n') => Some(i + 1),
        _ => None,
    })
}

/// The lines of a text without their line breaks, like `str::split('\n')` but for every kind of
/// line break: a text that ends with one has an empty last line.
pub fn lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    std::iter::once(0)
        .chain(line_starts(text))
        .map(move |start| &text[start..line_end(text, start)])
}

/// The lines of a text, each with its line break (the last one may have none).
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut starts = std::iter::once(0).chain(line_starts(text)).peekable();
    std::iter::from_fn(move || {
        let start = starts.next()?;
        let end = starts.peek().copied().unwrap_or(text.len());
        (start < text.len()).then(|| &text[start..end])
    })
}

/// The text with every lone CR replaced by an LF (same length, so offsets stay valid), for tools
/// that end lines at LF only.
pub fn lone_crs_as_lf(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = text.to_string();
    if bytes.contains(&b'\r') {
        let fixed: Vec<u8> = bytes
            .iter()
            .enumerate()
            .map(|(i, &b)| match b {
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => b'\n',
                _ => b,
            })
            .collect();
        // Replacing one ASCII byte by another keeps the text UTF-8.
        out = String::from_utf8(fixed).unwrap_or(out);
    }
    out
}

/// What the scanner is inside of.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    String,
    Section,
}

/// Every comment of a text, in order. Knows string literals (a `//` inside quotes is text) and
/// `§` sections, which run to the next white space, quote or brace as in the grammar (so the
/// `//` of `§https://…` is part of the section).
pub fn comments(text: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    scan(text, |e| {
        if let Event::Comment(c) = e {
            out.push(c);
        }
        true
    });
    out
}

/// Where the first comment of a text starts, if it has one.
pub fn comment_start(text: &str) -> Option<usize> {
    let mut first = None;
    scan(text, |e| match e {
        Event::Comment(c) => {
            first = Some(c.span.start);
            false
        }
        Event::Code(_) => true,
    });
    first
}

/// How many brackets (`(`, `[`, `{`) and `if`s are open at `pos`: how deep the expression there
/// nests, for the message of a parser that gave up on it. An `if` stays open until the bracket
/// around it closes, since its `else` branch runs to the end of the expression.
pub fn nesting_at(text: &str, pos: usize) -> usize {
    nesting(text, pos, usize::MAX).0
}

/// Where, before `pos`, the nesting first goes over `limit`.
pub fn first_nesting_over(text: &str, pos: usize, limit: usize) -> Option<usize> {
    nesting(text, pos, limit).1
}

fn nesting(text: &str, pos: usize, limit: usize) -> (usize, Option<usize>) {
    let bytes = text.as_bytes();
    let word_at = |i: usize, w: &[u8]| {
        bytes[i..].starts_with(w)
            && (i == 0 || !is_word_byte(bytes[i - 1]))
            && bytes.get(i + w.len()).is_none_or(|b| !is_word_byte(*b))
    };
    // The `if`s open in each bracket open, outermost first.
    let mut frames: Vec<usize> = vec![0];
    let mut depth: usize = 0;
    let mut over = None;
    scan(&text[..pos.min(text.len())], |e| {
        if let Event::Code(i) = e {
            match bytes[i] {
                b'(' | b'[' | b'{' => {
                    frames.push(0);
                    depth += 1;
                }
                b')' | b']' | b'}' if frames.len() > 1 => {
                    depth -= 1 + frames.pop().unwrap_or(0);
                }
                b'i' if word_at(i, b"if") => {
                    if let Some(ifs) = frames.last_mut() {
                        *ifs += 1;
                    }
                    depth += 1;
                }
                _ => {}
            }
            if depth > limit && over.is_none() {
                over = Some(i);
            }
        }
        true
    });
    (depth, over)
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// What the scanner reports.
enum Event {
    Comment(Comment),
    /// A byte of code: outside strings, sections and comments.
    Code(usize),
}

/// Calls `found` for each comment and each byte of code until it returns false.
fn scan(text: &str, mut found: impl FnMut(Event) -> bool) {
    let bytes = text.as_bytes();
    let mut state = State::Code;
    let mut line_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if is_line_break(b) {
            line_start = i + 1;
            if state == State::Section {
                state = State::Code;
            }
            i += 1;
            continue;
        }
        match state {
            State::String => match b {
                b'\\' => i += 1,
                b'"' => state = State::Code,
                _ => {}
            },
            State::Section => {
                if matches!(b, b' ' | b'\t' | b'"' | b'{' | b'}') {
                    state = State::Code;
                    continue; // the byte that ends a section is read again as code
                }
            }
            State::Code => match b {
                b'"' => state = State::String,
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    let end = line_end(text, i);
                    let own_line = text[line_start..i].trim().is_empty();
                    if !found(Event::Comment(Comment {
                        span: Span::new(i, end),
                        own_line,
                    })) {
                        return;
                    }
                    i = end;
                    continue;
                }
                _ if bytes[i..].starts_with("§".as_bytes()) => state = State::Section,
                _ => {
                    if !found(Event::Code(i)) {
                        return;
                    }
                }
            },
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        comments(text)
            .iter()
            .map(|c| &text[c.span.start..c.span.end])
            .collect()
    }

    #[test]
    fn finds_comments_outside_strings_only() {
        let text = "// a\nrule X \"http://x\" { // b\n}\n";
        let found = comments(text);
        assert_eq!(texts(text), vec!["// a", "// b"]);
        assert!(found[0].own_line);
        assert!(!found[1].own_line);
    }

    #[test]
    fn a_section_may_hold_a_url() {
        let text = "source CDC §https://esante.gouv.fr/x \"p\" // c\n";
        assert_eq!(texts(text), vec!["// c"]);
        let text = "source CDC §5.2//x\n";
        assert!(texts(text).is_empty());
    }

    #[test]
    fn every_line_break_ends_a_comment() {
        assert_eq!(
            texts("// a\rrule\r// b\r\nx\n// c"),
            vec!["// a", "// b", "// c"]
        );
        let found = comments("x\r// own");
        assert!(found[0].own_line);
    }

    #[test]
    fn nesting_counts_brackets_and_open_ifs_in_code_only() {
        let text = "value v { f((1, \"((\", [x // ((\n]) + if a then (b) else c }";
        let at = |needle: &str| nesting_at(text, text.find(needle).unwrap());
        assert_eq!(at("1,"), 3);
        assert_eq!(at("x"), 4);
        assert_eq!(at(" +"), 2);
        assert_eq!(at("b)"), 4);
        assert_eq!(at(" c"), 3);
        assert_eq!(nesting_at("if x then 1 else if y", 21), 2);
        assert_eq!(nesting_at("(if x then 1 else 2) + 3", 23), 0);
        assert_eq!(nesting_at("gif(", 4), 1);
    }

    #[test]
    fn lines_and_their_starts() {
        let text = "a\nb\r\nc\rd";
        assert_eq!(line_starts(text).collect::<Vec<_>>(), vec![2, 5, 7]);
        assert_eq!(
            lines_inclusive(text).collect::<Vec<_>>(),
            vec!["a\n", "b\r\n", "c\r", "d"]
        );
        assert_eq!(line_end(text, 2), 3);
        assert_eq!(line_start(text, 6), 5);
        assert_eq!(line_start(text, 4), 2);
        assert!(lines_inclusive("").next().is_none());
        assert_eq!(lines(text).collect::<Vec<_>>(), vec!["a", "b", "c", "d"]);
        assert_eq!(lines("\r\n\n").collect::<Vec<_>>(), vec!["", "", ""]);
    }
}

/// Bidi controls and characters that show nothing: they can reorder or hide what a reader sees
/// of a line ("Trojan source").
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' // zero-width space, non-joiner, joiner; LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // bidi isolates
        | '\u{061C}' | '\u{180E}' | '\u{FEFF}' | '\u{00AD}' | '\u{034F}')
}

/// A text as a terminal can show it without being steered by it: control characters (but tab
/// and line ends), bidi controls and invisible characters become visible ones of the same length
/// in bytes (`?`, `¤`, `�`), so that offsets into the text stay valid for the snippet under a
/// diagnostic.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_invisible(c);
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if hidden(c) {
            out.push(match c.len_utf8() {
                1 => '?',
                2 => '¤',
                _ => '\u{FFFD}',
            });
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod shown_tests {
    use super::shown;

    #[test]
    fn controls_become_visible_with_the_same_length() {
        for text in [
            "a\u{202E}b",
            "x\u{1b}[2Jy",
            "s\u{200B}t",
            "u\u{061C}v",
            "w\u{85}z",
        ] {
            let s = shown(text);
            assert_eq!(s.len(), text.len(), "{text:?}");
            assert!(
                !s.chars().any(|c| c.is_control() || super::is_invisible(c)),
                "{s:?}"
            );
        }
        assert_eq!(shown("x\u{1b}[2Jy"), "x?[2Jy");
        assert_eq!(shown("tab\tand\nline"), "tab\tand\nline");
        assert_eq!(shown("é ok"), "é ok");
    }
}
