//! Semantic tokens: what the index knows of each name and code, keywords, literals, comments.

use crate::host::Analysis;
use crate::lexer::{self, Tok, KEYWORDS};
use care_check::index::Symbol;
use std::path::Path;

/// The token types, in the order of the legend the server announces.
pub const TOKEN_TYPES: &[&str] = &[
    "keyword",
    "string",
    "number",
    "comment",
    "namespace",
    "type",
    "enumMember",
    "property",
    "function",
    "variable",
    "parameter",
    "macro",
    "decorator",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenType {
    Keyword = 0,
    String,
    Number,
    Comment,
    Namespace,
    Type,
    EnumMember,
    Property,
    Function,
    Variable,
    Parameter,
    /// Objective and rule codes.
    Macro,
    Decorator,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    pub start: usize,
    pub end: usize,
    pub ty: TokenType,
    /// Set on a declaration.
    pub declaration: bool,
}

fn token_type(symbol: &Symbol) -> TokenType {
    match symbol {
        Symbol::Policy(_) | Symbol::Document(_) | Symbol::Track(_) | Symbol::Theme(_) => {
            TokenType::Namespace
        }
        Symbol::Enum(_) | Symbol::Record(_) => TokenType::Type,
        Symbol::Variant(..) => TokenType::EnumMember,
        Symbol::Field(..) | Symbol::Column(..) => TokenType::Property,
        Symbol::Function(_) | Symbol::Builtin(_) | Symbol::Table(_) => TokenType::Function,
        Symbol::Input(_) | Symbol::Value(_) | Symbol::Output(_) | Symbol::Local { .. } => {
            TokenType::Variable
        }
        Symbol::Param(..) => TokenType::Parameter,
        Symbol::Objective(_) | Symbol::Rule(_) => TokenType::Macro,
    }
}

impl Analysis {
    pub fn semantic_tokens(&self, path: &Path) -> Vec<SemanticToken> {
        let Some(file) = self.file(path) else {
            return Vec::new();
        };
        let text = file.text();
        let folder = self.folder(path);
        let occs = folder
            .as_ref()
            .and_then(|f| Some(f.occurrences_in(f.id_of(path)?)))
            .unwrap_or_default();
        let mut next = 0;
        let mut out = Vec::new();
        let mut after_at = false;
        for (t, s, e) in lexer::scan(text) {
            while next < occs.len() && occs[next].span.start < s {
                next += 1;
            }
            let occ = occs[next..]
                .iter()
                .take_while(|o| o.span.start == s)
                .find(|o| o.span.end == e);
            let (ty, declaration) = match (t, occ) {
                (Tok::Word | Tok::Code, Some(o)) => (
                    token_type(&o.symbol),
                    o.role == care_check::index::Role::Def,
                ),
                (Tok::Word, None) if after_at => (TokenType::Decorator, false),
                (Tok::Word, None) if KEYWORDS.contains(&&text[s..e]) => (TokenType::Keyword, false),
                (Tok::Code, None) => (TokenType::Macro, false),
                (Tok::Str, _) => (TokenType::String, false),
                (Tok::Number, _) => (TokenType::Number, false),
                (Tok::Comment, _) => (TokenType::Comment, false),
                _ => {
                    after_at = &text[s..e] == "@";
                    continue;
                }
            };
            after_at = false;
            out.push(SemanticToken {
                start: s,
                end: e,
                ty,
                declaration,
            });
        }
        out
    }
}
