//! From printed lines to text: comments put back by position, blank lines decided.
//!
//! The printer emits one [`Line`] per line of output, in source order, each knowing the source
//! range it prints. Comments are then placed against those ranges:
//! - a comment on its own line goes before the first line that starts after it, at that line's
//!   indentation (one level deeper when that line is a closing brace, so that a comment left at
//!   the end of a block stays inside it); with no such line it goes at the end of the file;
//! - a trailing comment goes at the end of the last line that starts before it. A line holds one
//!   trailing comment: a second one (from an expression that was spread over lines, say), or one
//!   that would jump over an own-line comment, goes on its own line after it instead.
//!
//! Blank lines: exactly one between top-level declarations (before the comments that lead the
//! next one); elsewhere, one where the source had at least one, except right after `{` or an
//! annotation, before `}`, and inside an expression spread over lines.

use care_syntax::lex::Comment;

/// Two spaces per level.
pub(crate) const INDENT: &str = "  ";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LineKind {
    Plain,
    /// Ends with `{`: nothing blank after it.
    Open,
    /// A lone `}`: nothing blank before it; comments before it are indented as the block's
    /// members.
    Close,
    /// `@allow(…)`: glued to the declaration after it.
    Annotation,
    /// The rest of an expression spread over lines: glued to the line before.
    Continuation,
}

#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub indent: usize,
    pub text: String,
    /// Source offset where what this line prints starts.
    pub start: usize,
    /// Source offset where it ends.
    pub end: usize,
    pub kind: LineKind,
    /// The first line of a top-level declaration.
    pub top: bool,
}

impl Line {
    fn comment_indent(&self) -> usize {
        match self.kind {
            LineKind::Close => self.indent + 1,
            _ => self.indent,
        }
    }
}

/// One line of output: a printed line or a comment.
struct Entry<'a> {
    indent: usize,
    text: &'a str,
    trailing: Option<&'a str>,
    start: usize,
    end: usize,
    blank_before: Blank,
    glue_after: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Blank {
    /// As in the source (at most one).
    AsWritten,
    Never,
    Always,
}

pub(crate) fn assemble(source: &str, lines: &[Line], comments: &[Comment]) -> String {
    let mut before: Vec<Vec<&Comment>> = vec![Vec::new(); lines.len() + 1];
    let mut trailing: Vec<Option<&Comment>> = vec![None; lines.len()];
    let mut last_own_line: Option<usize> = None;
    for comment in comments {
        let at = comment.span.start;
        if !comment.own_line {
            // The last line that starts before the comment.
            let owner = lines.partition_point(|l| l.start <= at).checked_sub(1);
            if let Some(i) = owner {
                let jumps_over = last_own_line.is_some_and(|p| p > lines[i].start);
                if trailing[i].is_none() && !jumps_over {
                    trailing[i] = Some(comment);
                    continue;
                }
            }
        }
        let next = lines.partition_point(|l| l.start < at);
        before[next].push(comment);
        last_own_line = Some(at);
    }

    let mut entries: Vec<Entry> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let boundary = line.top && i > 0;
        let glued = line.kind == LineKind::Continuation;
        for (n, comment) in before[i].iter().enumerate() {
            entries.push(Entry {
                indent: line.comment_indent(),
                text: source[comment.span.start..comment.span.end].trim_end(),
                trailing: None,
                start: comment.span.start,
                end: comment.span.end,
                blank_before: if glued {
                    Blank::Never
                } else if boundary && n == 0 {
                    Blank::Always
                } else {
                    Blank::AsWritten
                },
                glue_after: false,
            });
        }
        let tail = trailing[i];
        entries.push(Entry {
            indent: line.indent,
            text: &line.text,
            trailing: tail.map(|c| source[c.span.start..c.span.end].trim_end()),
            start: line.start,
            end: tail.map_or(line.end, |c| c.span.end.max(line.end)),
            blank_before: match line.kind {
                LineKind::Close | LineKind::Continuation => Blank::Never,
                _ if boundary && before[i].is_empty() => Blank::Always,
                _ => Blank::AsWritten,
            },
            glue_after: matches!(line.kind, LineKind::Open | LineKind::Annotation),
        });
    }
    for comment in &before[lines.len()] {
        entries.push(Entry {
            indent: 0,
            text: source[comment.span.start..comment.span.end].trim_end(),
            trailing: None,
            start: comment.span.start,
            end: comment.span.end,
            blank_before: Blank::AsWritten,
            glue_after: false,
        });
    }

    let mut out = String::with_capacity(source.len() + source.len() / 8);
    let mut previous: Option<&Entry> = None;
    for entry in &entries {
        if let Some(prev) = previous {
            let blank = !prev.glue_after
                && match entry.blank_before {
                    Blank::Never => false,
                    Blank::Always => true,
                    Blank::AsWritten => {
                        prev.end <= entry.start
                            && source
                                .get(prev.end..entry.start)
                                .is_some_and(has_blank_line)
                    }
                };
            if blank {
                out.push('\n');
            }
        }
        for _ in 0..entry.indent {
            out.push_str(INDENT);
        }
        out.push_str(entry.text);
        if let Some(t) = entry.trailing {
            out.push(' ');
            out.push_str(t);
        }
        out.push('\n');
        previous = Some(entry);
    }
    out
}

/// Whether the text between two things holds an empty line (only white space on it).
fn has_blank_line(gap: &str) -> bool {
    let parts: Vec<&str> = care_syntax::lex::lines(gap).collect();
    // The first part ends the line of the thing before, the last starts the line of the next.
    parts.len() >= 3
        && parts[1..parts.len() - 1]
            .iter()
            .any(|p| p.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::has_blank_line;

    #[test]
    fn blank_lines_in_gaps() {
        assert!(!has_blank_line(" "));
        assert!(!has_blank_line("\n  "));
        assert!(has_blank_line("\n\n  "));
        assert!(has_blank_line(",\n  \n\n  "));
        assert!(!has_blank_line("\n,\n"));
    }
}
