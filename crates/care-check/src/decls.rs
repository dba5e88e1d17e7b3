//! The declarations of one policy version once its files are assembled: includes pulled in,
//! the amended version's declarations taken over and amended. Not yet resolved nor typed.
//!
//! Every piece remembers the file it was written in, since an amendment in one file changes a
//! declaration written in another, and each diagnostic must point at the right one.

use care_syntax::ast::*;
use care_syntax::{FileId, Node, Span};

/// A syntax node and the file it comes from.
#[derive(Clone, Debug)]
pub struct At<T> {
    pub file: FileId,
    pub node: Node<T>,
}

impl<T> At<T> {
    pub fn new(file: FileId, node: Node<T>) -> Self {
        At { file, node }
    }

    pub fn span(&self) -> Span {
        self.node.span
    }
}

/// A top-level declaration with its annotations.
#[derive(Clone, Debug)]
pub struct Decl<T> {
    pub file: FileId,
    pub span: Span,
    pub name: Name,
    pub node: T,
    pub allows: Vec<At<Annotation>>,
}

#[derive(Clone, Debug, Default)]
pub struct Header {
    pub file: FileId,
    pub span: Span,
    pub id: Option<Name>,
    pub title: Option<Text>,
    pub version: Option<Node<jiff::civil::Date>>,
    pub amends: Option<Node<jiff::civil::Date>>,
    pub in_force: Option<(Node<jiff::civil::Date>, Option<Node<jiff::civil::Date>>)>,
    pub timezone: Option<Text>,
    pub reference: Option<Node<Expr>>,
    pub identifier: Option<Node<Expr>>,
    pub decision: Option<Node<Expr>>,
    pub chosen_objectives: Option<Node<Expr>>,
    /// Sources and notes; a version that amends another keeps the ones it does not replace.
    pub meta: Vec<At<Meta>>,
}

#[derive(Clone, Debug)]
pub struct TrackDef {
    pub file: FileId,
    pub span: Span,
    pub name: Name,
    pub label: At<String>,
    pub key: Option<At<i64>>,
    pub meta: Vec<At<Meta>>,
    pub sections: Vec<SectionDef>,
    pub allows: Vec<At<Annotation>>,
}

#[derive(Clone, Debug)]
pub struct SectionDef {
    pub file: FileId,
    pub kind: Node<SectionKind>,
    pub choose: Vec<At<Bound>>,
    pub meta: Vec<At<Meta>>,
    /// Indices into [`Declarations::objectives`].
    pub objectives: Vec<usize>,
    pub allows: Vec<At<Annotation>>,
}

#[derive(Clone, Debug)]
pub struct ObjectiveDef {
    pub file: FileId,
    pub span: Span,
    pub code: Name,
    pub label: At<String>,
    /// The track and section it belongs to (index into tracks, index into its sections).
    pub track: Option<(usize, usize)>,
    /// The theme's label, and its name when it has one (amendments find themes by name).
    pub theme: Option<String>,
    pub theme_name: Option<String>,
    pub meta: Vec<At<Meta>>,
    /// A source inherited from the theme, section or track, when it has none of its own.
    pub inherited_source: Option<At<Meta>>,
    pub scope: Option<At<Scope>>,
    pub evidence: Vec<At<Evidence>>,
    pub achieved: Option<At<Expr>>,
    pub allows: Vec<At<Annotation>>,
}

#[derive(Clone, Debug)]
pub struct RuleDef {
    pub file: FileId,
    pub span: Span,
    pub kind: RuleKind,
    pub name: Name,
    pub label: At<String>,
    pub meta: Vec<At<Meta>>,
    /// The logic: `when`, `for each`, `let`s and `require`, in order, replaced as a whole by an
    /// amendment that gives any of them.
    pub logic: Vec<At<RuleProp>>,
    pub fix: Option<At<String>>,
    pub allows: Vec<At<Annotation>>,
}

/// Everything one version declares, in declaration order.
#[derive(Clone, Debug, Default)]
pub struct Declarations {
    pub header: Header,
    pub documents: Vec<Decl<DocumentDecl>>,
    pub enums: Vec<Decl<EnumDecl>>,
    pub records: Vec<Decl<RecordDecl>>,
    pub inputs: Vec<Decl<InputDecl>>,
    pub tracks: Vec<TrackDef>,
    pub objectives: Vec<ObjectiveDef>,
    pub rules: Vec<RuleDef>,
    pub tables: Vec<Decl<TableDecl>>,
    pub functions: Vec<Decl<FunctionDecl>>,
    pub values: Vec<Decl<ValueDecl>>,
    pub outputs: Vec<Decl<OutputDecl>>,
    /// The files this version is made of (its own, its includes, the versions it amends).
    pub files: Vec<FileId>,
    /// The names declared so far, for the assembler's duplicate checks.
    pub seen: SeenNames,
}

/// The names of the declarations, by namespace: a name not in it is not declared, so the
/// duplicate check of a new declaration is a hash lookup (a linear search of every earlier
/// declaration made 300,000 declarations quadratic). It may hold names since removed by an
/// amendment; a name in it is looked for in the lists. It catches up with the lists on each
/// lookup; an amendment that removes something resets it.
#[derive(Clone, Debug, Default)]
pub struct SeenNames {
    /// How many entries of each list are in the sets.
    pub lens: [usize; 10],
    pub values: std::collections::HashSet<String>,
    pub codes: std::collections::HashSet<String>,
    pub documents: std::collections::HashSet<String>,
    pub types: std::collections::HashSet<String>,
}

impl SeenNames {
    /// Adds the names of the entries of `list` not yet in `set` (list number `k`).
    pub fn catch_up<T>(
        lens: &mut [usize; 10],
        k: usize,
        set: &mut std::collections::HashSet<String>,
        list: &[T],
        name: impl Fn(&T) -> &str,
    ) {
        let from = lens[k].min(list.len());
        for x in &list[from..] {
            set.insert(name(x).to_string());
        }
        lens[k] = list.len();
    }
}
