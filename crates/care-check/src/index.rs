//! The index of definitions and uses: what each name or code written in a file refers to.
//!
//! Definitions and the targets of amendments come from the syntax of each file alone
//! ([`declarations`]), so that a file no version includes still has its outline. Uses inside
//! expressions come out of resolution: the checker records each name, code, field and variant it
//! resolves, with the type it found ([`crate::check::Checked::index`]). A symbol is keyed by
//! its kind and name, never by an index of one version, so that the uses of `POC.P3.O4.E` in a
//! version and in the version amending it are the uses of one symbol.

use care_syntax::ast::{
    Amend, File, ItemKind, Meta, ObjectiveDecl, ObjectiveProp, PolicyProp, RuleProp, SectionMember,
    ThemeMember, TrackMember,
};
use care_syntax::{FileId, Node, Span};

/// What a name or code refers to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Symbol {
    Policy(String),
    Document(String),
    Enum(String),
    /// A variant of the enum named first.
    Variant(String, String),
    Record(String),
    /// A field of the record named first.
    Field(String, String),
    /// The input (`dossier`).
    Input(String),
    Track(String),
    Theme(String),
    Objective(String),
    /// A rule or a prerequisite.
    Rule(String),
    Table(String),
    /// A column of the table named first.
    Column(String, String),
    Function(String),
    /// A parameter of the function named first.
    Param(String, String),
    Value(String),
    Output(String),
    /// A `let`, `for each`, `scope each` or comprehension binding: known by where it is bound.
    Local {
        file: FileId,
        at: u32,
        name: String,
    },
    Builtin(String),
}

impl Symbol {
    /// The name as written in the source.
    pub fn name(&self) -> &str {
        match self {
            Symbol::Policy(n)
            | Symbol::Document(n)
            | Symbol::Enum(n)
            | Symbol::Record(n)
            | Symbol::Input(n)
            | Symbol::Track(n)
            | Symbol::Theme(n)
            | Symbol::Objective(n)
            | Symbol::Rule(n)
            | Symbol::Table(n)
            | Symbol::Function(n)
            | Symbol::Value(n)
            | Symbol::Output(n)
            | Symbol::Builtin(n) => n,
            Symbol::Variant(_, n)
            | Symbol::Field(_, n)
            | Symbol::Column(_, n)
            | Symbol::Param(_, n) => n,
            Symbol::Local { name, .. } => name,
        }
    }

    /// The word the language uses for this kind of symbol, for hovers and outlines.
    pub fn kind_word(&self) -> &'static str {
        match self {
            Symbol::Policy(_) => "policy",
            Symbol::Document(_) => "document",
            Symbol::Enum(_) => "enum",
            Symbol::Variant(..) => "variant",
            Symbol::Record(_) => "record",
            Symbol::Field(..) => "field",
            Symbol::Input(_) => "input",
            Symbol::Track(_) => "track",
            Symbol::Theme(_) => "theme",
            Symbol::Objective(_) => "objective",
            Symbol::Rule(_) => "rule",
            Symbol::Table(_) => "table",
            Symbol::Column(..) => "column",
            Symbol::Function(_) => "function",
            Symbol::Param(..) => "parameter",
            Symbol::Value(_) => "value",
            Symbol::Output(_) => "output",
            Symbol::Local { .. } => "let",
            Symbol::Builtin(_) => "built-in",
        }
    }

    /// Built-ins and the policy id are not renamed with the others.
    pub fn renamable(&self) -> bool {
        !matches!(self, Symbol::Builtin(_))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Def,
    Use,
    /// `amend`, `replace` or `remove` of a declaration: a use of what it changes.
    Amend,
}

/// One mention of a symbol: where, and whether it defines, uses or amends it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Occurrence {
    pub symbol: Symbol,
    pub file: FileId,
    pub span: Span,
    pub role: Role,
    /// The type resolution found there, as the language writes it (names and `let` bindings).
    pub ty: Option<String>,
}

impl Occurrence {
    pub fn new(symbol: Symbol, file: FileId, span: Span, role: Role) -> Self {
        Occurrence {
            symbol,
            file,
            span,
            role,
            ty: None,
        }
    }
}

/// The definitions, amendment targets and written type names of one file, from its syntax.
pub fn declarations(ast: &File, file: FileId) -> Vec<Occurrence> {
    let mut out = Walk {
        file,
        out: Vec::new(),
    };
    for item in &ast.items {
        out.item(&item.node.kind, Role::Def);
    }
    out.out
}

struct Walk {
    file: FileId,
    out: Vec<Occurrence>,
}

impl Walk {
    fn push(&mut self, symbol: Symbol, span: Span, role: Role) {
        self.out
            .push(Occurrence::new(symbol, self.file, span, role));
    }

    fn name(&mut self, f: impl Fn(String) -> Symbol, name: &Node<String>, role: Role) {
        if !name.node.is_empty() {
            self.push(f(name.node.clone()), name.span, role);
        }
    }

    fn item(&mut self, kind: &ItemKind, role: Role) {
        match kind {
            ItemKind::Policy(p) => {
                self.name(Symbol::Policy, &p.id, role);
                for prop in &p.props {
                    if let PolicyProp::Meta(m) = &prop.node {
                        self.meta(m);
                    }
                }
            }
            ItemKind::Include(_) => {}
            ItemKind::Document(d) => self.name(Symbol::Document, &d.name, role),
            ItemKind::Enum(e) => {
                self.name(Symbol::Enum, &e.name, role);
                for v in &e.variants {
                    let en = e.name.node.clone();
                    self.name(|n| Symbol::Variant(en.clone(), n), &v.node.name, role);
                }
            }
            ItemKind::Record(r) => {
                self.name(Symbol::Record, &r.name, role);
                for f in &r.fields {
                    let rn = r.name.node.clone();
                    self.name(|n| Symbol::Field(rn.clone(), n), &f.node.name, role);
                }
            }
            ItemKind::Input(i) => {
                self.name(Symbol::Input, &i.name, role);
            }
            ItemKind::Track(t) => {
                self.name(Symbol::Track, &t.name, role);
                self.track_members(&t.members, role);
            }
            ItemKind::Objective(o) => self.objective(o, role),
            ItemKind::Rule(r) => {
                self.name(Symbol::Rule, &r.name, role);
                self.rule_props(&r.props);
            }
            ItemKind::Table(t) => {
                self.name(Symbol::Table, &t.name, role);
                for c in t.columns.iter().skip(1) {
                    let tn = t.name.node.clone();
                    self.name(|n| Symbol::Column(tn.clone(), n), c, Role::Def);
                }
                for m in &t.meta {
                    self.meta(&m.node);
                }
            }
            ItemKind::Function(f) => {
                self.name(Symbol::Function, &f.name, role);
                for p in &f.params {
                    let fname = f.name.node.clone();
                    self.name(|n| Symbol::Param(fname.clone(), n), &p.node.name, Role::Def);
                }
                self.body_meta(&f.body.node.meta);
            }
            ItemKind::Value(v) => {
                self.name(Symbol::Value, &v.name, role);
                self.body_meta(&v.body.node.meta);
            }
            ItemKind::Output(o) => {
                self.name(Symbol::Output, &o.name, role);
                self.body_meta(&o.body.node.meta);
            }
            ItemKind::Amend(a) => match a {
                Amend::Objective { code, props, .. } => {
                    self.name(Symbol::Objective, code, Role::Amend);
                    for p in props.iter().flatten() {
                        if let ObjectiveProp::Meta(m) = &p.node {
                            self.meta(m);
                        }
                    }
                }
                Amend::Rule { name, props, .. } => {
                    self.name(Symbol::Rule, name, Role::Amend);
                    self.rule_props(props.as_deref().unwrap_or_default());
                }
                Amend::Track { name, members, .. } => {
                    self.name(Symbol::Track, name, Role::Amend);
                    self.track_members(members.as_deref().unwrap_or_default(), Role::Def);
                }
            },
            ItemKind::Remove(r) => {
                use care_syntax::ast::DeclKind as K;
                let f: fn(String) -> Symbol = match r.kind.node {
                    K::Objective => Symbol::Objective,
                    K::Rule | K::Prerequisite => Symbol::Rule,
                    K::Track => Symbol::Track,
                    K::Table => Symbol::Table,
                    K::Function => Symbol::Function,
                    K::Value => Symbol::Value,
                    K::Output => Symbol::Output,
                    K::Document => Symbol::Document,
                    K::Record => Symbol::Record,
                    K::Enum => Symbol::Enum,
                };
                self.name(f, &r.name, Role::Amend);
            }
            // The replacing declaration both defines the new text and changes the old one.
            ItemKind::Replace(inner) => self.item(&inner.node, Role::Amend),
        }
    }

    fn track_members(&mut self, members: &[Node<TrackMember>], role: Role) {
        for m in members {
            match &m.node {
                TrackMember::Key(_) => {}
                TrackMember::Meta(meta) => self.meta(meta),
                TrackMember::Section(s) => {
                    for sm in &s.members {
                        match &sm.node {
                            SectionMember::Choose(_) => {}
                            SectionMember::Meta(meta) => self.meta(meta),
                            SectionMember::Objective(o) => self.objective(o, role),
                            SectionMember::Theme(t) => {
                                if let Some(n) = &t.name {
                                    self.name(Symbol::Theme, n, role);
                                }
                                for tm in &t.members {
                                    match &tm.node {
                                        ThemeMember::Meta(meta) => self.meta(meta),
                                        ThemeMember::Objective(o) => self.objective(o, role),
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn objective(&mut self, o: &ObjectiveDecl, role: Role) {
        self.name(Symbol::Objective, &o.code, role);
        for p in o.props.iter().flatten() {
            if let ObjectiveProp::Meta(m) = &p.node {
                self.meta(m);
            }
        }
    }

    fn rule_props(&mut self, props: &[Node<RuleProp>]) {
        for p in props {
            if let RuleProp::Meta(m) = &p.node {
                self.meta(m);
            }
        }
    }

    fn body_meta(&mut self, meta: &[Node<Meta>]) {
        for m in meta {
            self.meta(&m.node);
        }
    }

    /// A `source` line names a document.
    fn meta(&mut self, m: &Meta) {
        if let Meta::Source(s) = m {
            self.name(Symbol::Document, &s.document, Role::Use);
        }
    }
}

/// The types every policy has.
pub const BUILTIN_TYPES: &[&str] = &[
    "bool", "int", "decimal", "share", "money", "date", "instant", "duration", "text", "code",
    "track",
];
