//! Folding ranges from the text: blocks between braces over several lines, and runs of comment
//! lines. Read from the text so that a broken file folds too.

use crate::host::Analysis;
use crate::lexer::{self, Tok};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    /// Byte offsets of the first and last folded characters.
    pub start: usize,
    pub end: usize,
    pub comment: bool,
}

impl Analysis {
    pub fn folding_ranges(&self, path: &Path) -> Vec<Fold> {
        let Some(file) = self.file(path) else {
            return Vec::new();
        };
        let text = file.text();
        let lines = &file.source.lines;
        let mut out = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut comments: Option<(usize, usize, usize)> = None; // start, end, last line
        for (t, s, e) in lexer::scan(text) {
            match t {
                Tok::Punct if &text[s..e] == "{" => open.push(s),
                Tok::Punct if &text[s..e] == "}" => {
                    if let Some(start) = open.pop() {
                        if lines.line_of(start) < lines.line_of(s) {
                            out.push(Fold {
                                start,
                                end: s,
                                comment: false,
                            });
                        }
                    }
                }
                Tok::Comment => {
                    let line = lines.line_of(s);
                    comments = match comments {
                        Some((cs, _, last)) if last + 1 == line => Some((cs, e, line)),
                        other => {
                            push_comments(&mut out, other, lines);
                            Some((s, e, line))
                        }
                    };
                }
                _ => {}
            }
        }
        push_comments(&mut out, comments, lines);
        out.sort_by_key(|f| (f.start, f.end));
        out
    }
}

fn push_comments(
    out: &mut Vec<Fold>,
    run: Option<(usize, usize, usize)>,
    lines: &care_syntax::LineIndex,
) {
    if let Some((s, e, _)) = run {
        if lines.line_of(s) < lines.line_of(e) {
            out.push(Fold {
                start: s,
                end: e,
                comment: true,
            });
        }
    }
}
