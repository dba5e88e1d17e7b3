//! Comments, for the formatter: the grammar skips them, so they are found here by a scan that
//! knows string literals (a `//` inside quotes is text, not a comment).

use crate::span::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The comment from `//` to the end of the line, without the newline.
    pub span: Span,
    /// True when only white space precedes it on its line.
    pub own_line: bool,
}

pub fn comments(text: &str) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_string = false;
    let mut line_start = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                b'\n' => line_start = i + 1,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'\n' => line_start = i + 1,
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                    let end = if text[..end].ends_with('\r') {
                        end - 1
                    } else {
                        end
                    };
                    let own_line = text[line_start..i].trim().is_empty();
                    out.push(Comment {
                        span: Span::new(i, end),
                        own_line,
                    });
                    i = end;
                    continue;
                }
                _ => {}
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comments_outside_strings_only() {
        let text = "// a\nrule X \"http://x\" { // b\n}\n";
        let found = comments(text);
        let texts: Vec<&str> = found
            .iter()
            .map(|c| &text[c.span.start..c.span.end])
            .collect();
        assert_eq!(texts, vec!["// a", "// b"]);
        assert!(found[0].own_line);
        assert!(!found[1].own_line);
    }
}
