//! The analysis layer for editors: an [`AnalysisHost`] holds the texts of `.care` files (set by
//! the caller: no disk access inside) and gives [`Analysis`] snapshots that answer on broken
//! code — diagnostics, what is at a position, hover, definitions and references across files and
//! versions, completion on a half-written line, outlines, formatting, rename, quick fixes,
//! semantic tokens, folding ranges and inlay hints.
//!
//! Positions are byte offsets into the file's text; the server converts them to the protocol's
//! lines and UTF-16 columns. Nothing here speaks LSP.

mod actions;
mod completion;
pub mod folder;
mod folding;
pub mod host;
mod hover;
mod inlay;
mod lexer;
mod navigation;
mod symbols;
mod tokens;
mod words;

pub use actions::{CodeAction, Edit};
pub use completion::{Completion, CompletionKind};
pub use folding::Fold;
pub use host::{Analysis, AnalysisHost, FileData};
pub use hover::Hover;
pub use inlay::InlayHint;
pub use navigation::{Location, RenameError};
pub use symbols::{DocumentSymbol, SymbolKind, WorkspaceSymbol};
pub use tokens::{SemanticToken, TokenType, TOKEN_TYPES};

pub use care_check::index::{Occurrence, Role, Symbol};
