//! From pest's parse tree to the AST. Parsing itself is in [`crate::parse`]; this module turns
//! pairs into nodes, with spans shifted by the offset of the text that was parsed (the recovery
//! parses pieces of a file separately).

use crate::ast::*;
use crate::span::{Node, Span};
use jiff::civil::Date;
use pest::iterators::Pair;
use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(pest_derive::Parser)]
#[grammar = "../../../grammar/care.pest"]
pub struct CareParser;

/// A literal that parsed but whose value is out of range (an impossible date, a huge integer).
#[derive(Clone, Debug, PartialEq)]
pub struct LiteralError {
    /// E0002 for a value out of range, E0001 for a construct the grammar accepts but the
    /// language does not (chained comparisons).
    pub code: &'static str,
    pub span: Span,
    pub message: String,
    pub help: String,
    /// The message's catalog entry and its named arguments (see `Diagnostic::key`).
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// How deep an expression may nest, counting every level a tree of it has: parentheses, lists,
/// records, calls, `if`s, and each operator and field access of a chain (`a + b + c` is two
/// levels). Real policies stay under 20; the limit keeps every pass over the tree (checker,
/// formatter, evaluator) far from the end of a thread's stack, whatever the input.
pub const MAX_EXPR_DEPTH: usize = 128;

/// Items of a list literal (E0005 beyond): every item is a node of every pass, and a policy's
/// own lists are short (codes, dates); longer lists belong in a table or in the dossier.
pub const MAX_LIST_ITEMS: usize = 10_000;

pub(crate) struct Builder {
    /// Offset of the parsed text in the file.
    pub base: usize,
    pub errors: Vec<LiteralError>,
    /// Levels of the expression being built, for [`MAX_EXPR_DEPTH`].
    depth: usize,
    /// Whether the expression being built was already reported too deep (once is enough).
    too_deep: bool,
}

type P<'i> = Pair<'i, Rule>;

impl Builder {
    pub fn new(base: usize) -> Self {
        Builder {
            base,
            errors: Vec::new(),
            depth: 0,
            too_deep: false,
        }
    }

    /// The span of a pair, without the blanks and comments pest includes after a rule that ends
    /// with an optional part (`objective A "x"` followed by a comment).
    fn span(&self, pair: &P) -> Span {
        let s = pair.as_span();
        let text = pair.as_str();
        Span::new(
            self.base + s.start(),
            self.base + s.start() + content_len(text),
        )
    }

    fn node<T>(&self, pair: &P, value: T) -> Node<T> {
        Node::new(value, self.span(pair))
    }

    /// E0002 at `pair`, whose text is the argument `value` of the entry `key`.
    fn error(
        &mut self,
        pair: &P,
        key: &'static str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let span = self.span(pair);
        self.errors.push(LiteralError {
            code: "E0002",
            span,
            message: message.into(),
            help: help.into(),
            key,
            args: vec![("value", pair.as_str().to_string())],
        });
    }

    fn text_of(&self, pair: &P) -> Node<String> {
        self.node(pair, pair.as_str().to_string())
    }

    pub fn file(&mut self, pair: P) -> File {
        let items = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::item)
            .map(|p| self.item(p))
            .collect();
        File { items }
    }

    pub fn item(&mut self, pair: P) -> Node<Item> {
        let span = self.span(&pair);
        let mut annotations = Vec::new();
        let mut kind = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::annotation => annotations.push(self.annotation(p)),
                _ => kind = Some(self.item_kind(p)),
            }
        }
        // The grammar guarantees one declaration per item; an include of nothing keeps us total.
        let kind = kind.unwrap_or_else(|| ItemKind::Include(Node::new(String::new(), span)));
        Node::new(Item { annotations, kind }, span)
    }

    fn annotation(&mut self, pair: P) -> Node<Annotation> {
        let span = self.span(&pair);
        let mut lint = None;
        let mut reason = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::lint_name => lint = Some(self.text_of(&p)),
                Rule::string => reason = Some(self.string(p)),
                _ => {}
            }
        }
        let empty = || Node::new(String::new(), span);
        Node::new(
            Annotation {
                lint: lint.unwrap_or_else(empty),
                reason: reason.unwrap_or_else(empty),
            },
            span,
        )
    }

    fn item_kind(&mut self, pair: P) -> ItemKind {
        match pair.as_rule() {
            Rule::policy_decl => ItemKind::Policy(self.policy(pair)),
            Rule::include_decl => {
                let span = self.span(&pair);
                let path = strings(pair)
                    .next()
                    .map(|p| self.string(p))
                    .unwrap_or(Node::new(String::new(), span));
                ItemKind::Include(path)
            }
            Rule::document_decl => {
                let mut inner = pair.into_inner().filter(|p| !is_keyword(p));
                let name = self.opt_text(inner.next());
                let title = inner
                    .next()
                    .map(|p| self.string(p))
                    .unwrap_or_else(|| name.clone());
                ItemKind::Document(DocumentDecl { name, title })
            }
            Rule::enum_decl => ItemKind::Enum(self.enum_decl(pair)),
            Rule::record_decl => ItemKind::Record(self.record_decl(pair)),
            Rule::input_decl => {
                let span = self.span(&pair);
                let mut inner = pair.into_inner().filter(|p| !is_keyword(p));
                let name = self.opt_text(inner.next());
                let ty = inner
                    .next()
                    .map(|p| self.type_expr(p))
                    .unwrap_or_else(|| missing_type(span));
                ItemKind::Input(InputDecl { name, ty })
            }
            Rule::track_decl => ItemKind::Track(self.track(pair)),
            Rule::objective_decl => ItemKind::Objective(self.objective(pair)),
            Rule::rule_decl => ItemKind::Rule(self.rule(pair)),
            Rule::table_decl => ItemKind::Table(self.table(pair)),
            Rule::function_decl => ItemKind::Function(self.function(pair)),
            Rule::value_decl => ItemKind::Value(self.value(pair)),
            Rule::output_decl => ItemKind::Output(self.output(pair)),
            Rule::amend_decl => ItemKind::Amend(self.amend(pair)),
            Rule::remove_decl => {
                let span = self.span(&pair);
                let mut kind = Node::new(DeclKind::Objective, span);
                let mut name = Node::new(String::new(), span);
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::item_kind => {
                            let word = p.as_str().trim();
                            kind = self.node(
                                &p,
                                DeclKind::from_keyword(word).unwrap_or(DeclKind::Objective),
                            );
                        }
                        Rule::code | Rule::ident => name = self.text_of(&p),
                        _ => {}
                    }
                }
                ItemKind::Remove(Remove { kind, name })
            }
            Rule::replace_decl => {
                let span = self.span(&pair);
                let inner = pair.into_inner().find(|p| !is_keyword(p));
                match inner {
                    Some(p) => {
                        let s = self.span(&p);
                        ItemKind::Replace(Box::new(Node::new(self.item_kind(p), s)))
                    }
                    None => ItemKind::Include(Node::new(String::new(), span)),
                }
            }
            _ => ItemKind::Include(Node::new(String::new(), self.span(&pair))),
        }
    }

    fn opt_text(&self, pair: Option<P>) -> Node<String> {
        pair.map(|p| self.text_of(&p))
            .unwrap_or_else(|| Node::new(String::new(), Span::default()))
    }

    // -----------------------------------------------------------------------------------------
    // Policy

    fn policy(&mut self, pair: P) -> PolicyDecl {
        let span = self.span(&pair);
        let mut id = Node::new(String::new(), span);
        let mut title = Node::new(String::new(), span);
        let mut props = Vec::new();
        for p in pair.into_inner() {
            let s = self.span(&p);
            match p.as_rule() {
                Rule::policy_id => id = self.text_of(&p),
                Rule::string => title = self.string(p),
                Rule::p_version => {
                    if let Some(d) = self.first_date(p) {
                        props.push(Node::new(PolicyProp::Version(d), s));
                    }
                }
                Rule::p_amends => {
                    if let Some(d) = self.first_date(p) {
                        props.push(Node::new(PolicyProp::Amends(d), s));
                    }
                }
                Rule::p_in_force => {
                    let dates: Vec<_> = p
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::date_lit)
                        .collect();
                    let mut dates = dates.into_iter().map(|d| self.date(d));
                    if let Some(from) = dates.next() {
                        let until = dates.next();
                        props.push(Node::new(PolicyProp::InForce { from, until }, s));
                    }
                }
                Rule::p_timezone => {
                    if let Some(t) = strings(p).next() {
                        let t = self.string(t);
                        props.push(Node::new(PolicyProp::Timezone(t), s));
                    }
                }
                Rule::p_reference | Rule::p_chosen | Rule::p_identifier | Rule::p_decision => {
                    let rule = p.as_rule();
                    if let Some(e) = p.into_inner().find(|q| q.as_rule() == Rule::expr) {
                        let e = self.expr(e);
                        let prop = match rule {
                            Rule::p_chosen => PolicyProp::ChosenObjectives(e),
                            Rule::p_identifier => PolicyProp::Identifier(e),
                            Rule::p_decision => PolicyProp::Decision(e),
                            _ => PolicyProp::Reference(e),
                        };
                        props.push(Node::new(prop, s));
                    }
                }
                Rule::source_prop | Rule::note_prop => {
                    props.push(Node::new(PolicyProp::Meta(self.meta(p)), s))
                }
                _ => {}
            }
        }
        PolicyDecl { id, title, props }
    }

    fn first_date(&mut self, pair: P) -> Option<Node<Date>> {
        pair.into_inner()
            .find(|q| q.as_rule() == Rule::date_lit)
            .map(|d| self.date(d))
    }

    fn date(&mut self, pair: P) -> Node<Date> {
        let value = match Date::from_str(pair.as_str()) {
            Ok(d) => d,
            Err(_) => {
                self.error(&pair, "E0002-date", format!("`{}` is not a date", pair.as_str()), "dates are written YYYY-MM-DD, with a month from 01 to 12 and a day that exists in that month");
                Date::constant(1970, 1, 1)
            }
        };
        self.node(&pair, value)
    }

    /// `source …` or `note …`
    fn meta(&mut self, pair: P) -> Meta {
        match pair.as_rule() {
            Rule::note_prop => {
                let span = self.span(&pair);
                Meta::Note(
                    strings(pair)
                        .next()
                        .map(|p| self.string(p))
                        .unwrap_or(Node::new(String::new(), span)),
                )
            }
            _ => {
                let span = self.span(&pair);
                let mut document = Node::new(String::new(), span);
                let mut section = None;
                let mut detail = None;
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::ident => document = self.text_of(&p),
                        Rule::section => section = Some(self.text_of(&p)),
                        Rule::string => detail = Some(self.string(p)),
                        _ => {}
                    }
                }
                Meta::Source(Source {
                    document,
                    section,
                    detail,
                })
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Inputs

    fn enum_decl(&mut self, pair: P) -> EnumDecl {
        let span = self.span(&pair);
        let mut name = Node::new(String::new(), span);
        let mut label = None;
        let mut variants = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = self.text_of(&p),
                Rule::string => label = Some(self.string(p)),
                Rule::variant => {
                    let s = self.span(&p);
                    let mut inner = p.into_inner();
                    let vname = self.opt_text(inner.next());
                    let vlabel = inner.next().map(|q| self.string(q));
                    variants.push(Node::new(
                        Variant {
                            name: vname,
                            label: vlabel,
                        },
                        s,
                    ));
                }
                _ => {}
            }
        }
        EnumDecl {
            name,
            label,
            variants,
        }
    }

    fn record_decl(&mut self, pair: P) -> RecordDecl {
        let span = self.span(&pair);
        let mut name = Node::new(String::new(), span);
        let mut label = None;
        let mut fields = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = self.text_of(&p),
                Rule::string => label = Some(self.string(p)),
                Rule::field_decl => {
                    let s = self.span(&p);
                    let mut fname = Node::new(String::new(), s);
                    let mut ty = missing_type(s);
                    let mut default = None;
                    let mut flabel = None;
                    let mut bounds = Vec::new();
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::field_name => fname = self.text_of(&q),
                            Rule::type_expr => ty = self.type_expr(q),
                            Rule::field_bound => bounds.extend(self.field_bound(q)),
                            Rule::default_value => {
                                let ds = self.span(&q);
                                if let Some(v) = q.into_inner().next() {
                                    let e = self.primary(v);
                                    default = Some(Node::new(e.node, ds));
                                }
                            }
                            Rule::string => flabel = Some(self.string(q)),
                            _ => {}
                        }
                    }
                    fields.push(Node::new(
                        FieldDecl {
                            name: fname,
                            ty,
                            bounds,
                            default,
                            label: flabel,
                        },
                        s,
                    ));
                }
                _ => {}
            }
        }
        RecordDecl {
            name,
            label,
            fields,
        }
    }

    fn type_expr(&mut self, pair: P) -> Node<TypeExpr> {
        let span = self.span(&pair);
        let mut ty = missing_type(span);
        let mut optional = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::named_type => {
                    let s = self.span(&p);
                    let name = p
                        .into_inner()
                        .next()
                        .map(|q| self.text_of(&q))
                        .unwrap_or(Node::new(String::new(), s));
                    ty = Node::new(TypeExpr::Named(name), s);
                }
                Rule::type_expr => ty = self.type_expr(p),
                Rule::list_type => {
                    let s = self.span(&p);
                    let inner = p.into_inner().find(|q| q.as_rule() == Rule::type_expr);
                    let inner = inner
                        .map(|q| self.type_expr(q))
                        .unwrap_or_else(|| missing_type(s));
                    ty = Node::new(TypeExpr::List(Box::new(inner)), s);
                }
                Rule::record_type => {
                    let s = self.span(&p);
                    let mut fields = Vec::new();
                    for f in p.into_inner() {
                        let fs = self.span(&f);
                        let mut fname = Node::new(String::new(), fs);
                        let mut fty = missing_type(fs);
                        for q in f.into_inner() {
                            match q.as_rule() {
                                Rule::field_name => fname = self.text_of(&q),
                                Rule::type_expr => fty = self.type_expr(q),
                                _ => {}
                            }
                        }
                        fields.push((fname, fty));
                    }
                    ty = Node::new(TypeExpr::Record(fields), s);
                }
                Rule::optional_mark => optional = true,
                _ => {}
            }
        }
        if optional {
            Node::new(TypeExpr::Optional(Box::new(ty)), span)
        } else {
            ty
        }
    }

    // -----------------------------------------------------------------------------------------
    // Tracks and objectives

    fn track(&mut self, pair: P) -> TrackDecl {
        let span = self.span(&pair);
        let mut name = Node::new(String::new(), span);
        let mut label = Node::new(String::new(), span);
        let mut members = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = self.text_of(&p),
                Rule::string => label = self.string(p),
                _ => {
                    if let Some(m) = self.track_member(p) {
                        members.push(m);
                    }
                }
            }
        }
        TrackDecl {
            name,
            label,
            members,
        }
    }

    fn track_member(&mut self, p: P) -> Option<Node<TrackMember>> {
        let s = self.span(&p);
        let member = match p.as_rule() {
            Rule::p_key => {
                let n = p.into_inner().find(|q| q.as_rule() == Rule::int_lit)?;
                TrackMember::Key(self.int(n))
            }
            Rule::source_prop | Rule::note_prop => TrackMember::Meta(self.meta(p)),
            Rule::section_decl => TrackMember::Section(self.section(p)),
            _ => return None,
        };
        Some(Node::new(member, s))
    }

    fn section(&mut self, pair: P) -> Section {
        let span = self.span(&pair);
        let mut annotations = Vec::new();
        let mut kind = Node::new(SectionKind::Mandatory, span);
        let mut members = Vec::new();
        for p in pair.into_inner() {
            let s = self.span(&p);
            match p.as_rule() {
                Rule::annotation => annotations.push(self.annotation(p)),
                Rule::section_kind => {
                    let k = if p.as_str().trim() == "a_la_carte" {
                        SectionKind::ALaCarte
                    } else {
                        SectionKind::Mandatory
                    };
                    kind = Node::new(k, s);
                }
                Rule::choose_prop => {
                    let bounds = p
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::bound)
                        .map(|q| self.bound(q))
                        .collect();
                    members.push(Node::new(SectionMember::Choose(bounds), s));
                }
                Rule::source_prop | Rule::note_prop => {
                    members.push(Node::new(SectionMember::Meta(self.meta(p)), s))
                }
                Rule::theme_decl => members.push(Node::new(SectionMember::Theme(self.theme(p)), s)),
                Rule::objective_decl => {
                    members.push(Node::new(SectionMember::Objective(self.objective(p)), s))
                }
                _ => {}
            }
        }
        Section {
            annotations,
            kind,
            members,
        }
    }

    fn bound(&mut self, pair: P) -> Node<Bound> {
        let span = self.span(&pair);
        let mut kind = BoundKind::AtLeast;
        let mut count = Node::new(0, span);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::bound_kind => {
                    kind = match p.as_str().trim() {
                        "at_most" => BoundKind::AtMost,
                        "exactly" => BoundKind::Exactly,
                        _ => BoundKind::AtLeast,
                    }
                }
                Rule::int_lit => count = self.int(p),
                _ => {}
            }
        }
        Node::new(Bound { kind, count }, span)
    }

    fn theme(&mut self, pair: P) -> Theme {
        let span = self.span(&pair);
        let mut name = None;
        let mut label = Node::new(String::new(), span);
        let mut members = Vec::new();
        for p in pair.into_inner() {
            let s = self.span(&p);
            match p.as_rule() {
                Rule::ident => name = Some(self.text_of(&p)),
                Rule::string => label = self.string(p),
                Rule::source_prop | Rule::note_prop => {
                    members.push(Node::new(ThemeMember::Meta(self.meta(p)), s))
                }
                Rule::objective_decl => {
                    members.push(Node::new(ThemeMember::Objective(self.objective(p)), s))
                }
                _ => {}
            }
        }
        Theme {
            name,
            label,
            members,
        }
    }

    fn objective(&mut self, pair: P) -> ObjectiveDecl {
        let span = self.span(&pair);
        let mut annotations = Vec::new();
        let mut code = Node::new(String::new(), span);
        let mut label = Node::new(String::new(), span);
        let mut props: Option<Vec<_>> = None;
        let has_braces = opens_block_after_label(&pair);
        if has_braces {
            props = Some(Vec::new());
        }
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::annotation => annotations.push(self.annotation(p)),
                Rule::code => code = self.text_of(&p),
                Rule::string => label = self.string(p),
                _ => {
                    if let Some(prop) = self.objective_prop(p) {
                        props.get_or_insert_with(Vec::new).push(prop);
                    }
                }
            }
        }
        ObjectiveDecl {
            annotations,
            code,
            label,
            props,
        }
    }

    fn objective_prop(&mut self, p: P) -> Option<Node<ObjectiveProp>> {
        let s = self.span(&p);
        let prop = match p.as_rule() {
            Rule::source_prop | Rule::note_prop => ObjectiveProp::Meta(self.meta(p)),
            Rule::scope_prop => {
                let inner = p
                    .into_inner()
                    .find(|q| !is_keyword(q) || q.as_rule() == Rule::kw_candidate)?;
                match inner.as_rule() {
                    Rule::scope_each => {
                        let (binder, list) = self.binder_in(inner)?;
                        ObjectiveProp::Scope(Scope::Each { binder, list })
                    }
                    _ => ObjectiveProp::Scope(Scope::Candidate),
                }
            }
            Rule::evidence_prop => {
                let inner = p.into_inner().find(|q| !is_keyword(q))?;
                match inner.as_rule() {
                    Rule::any_of => ObjectiveProp::Evidence(Evidence::AnyOf(
                        strings(inner).map(|q| self.string(q)).collect(),
                    )),
                    _ => ObjectiveProp::Evidence(Evidence::One(self.string(inner))),
                }
            }
            Rule::achieved_prop => {
                let e = p.into_inner().find(|q| q.as_rule() == Rule::expr)?;
                ObjectiveProp::Achieved(self.expr(e))
            }
            _ => return None,
        };
        Some(Node::new(prop, s))
    }

    /// `each x in list` / `for each x in list`
    fn binder_in(&mut self, pair: P) -> Option<(Name, Node<Expr>)> {
        let mut binder = None;
        let mut list = None;
        for q in pair.into_inner() {
            match q.as_rule() {
                Rule::ident => binder = Some(self.text_of(&q)),
                Rule::expr => list = Some(self.expr(q)),
                _ => {}
            }
        }
        Some((binder?, list?))
    }

    // -----------------------------------------------------------------------------------------
    // Rules

    fn rule_kind(p: &P) -> RuleKind {
        if p.as_str().trim() == "prerequisite" {
            RuleKind::Prerequisite
        } else {
            RuleKind::Rule
        }
    }

    fn rule(&mut self, pair: P) -> RuleDecl {
        let span = self.span(&pair);
        let mut kind = RuleKind::Rule;
        let mut name = Node::new(String::new(), span);
        let mut label = Node::new(String::new(), span);
        let mut props = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::rule_kind => kind = Self::rule_kind(&p),
                Rule::rule_name => name = self.text_of(&p),
                Rule::string => label = self.string(p),
                _ => {
                    if let Some(prop) = self.rule_prop(p) {
                        props.push(prop);
                    }
                }
            }
        }
        RuleDecl {
            kind,
            name,
            label,
            props,
        }
    }

    fn rule_prop(&mut self, p: P) -> Option<Node<RuleProp>> {
        let s = self.span(&p);
        let prop = match p.as_rule() {
            Rule::source_prop | Rule::note_prop => RuleProp::Meta(self.meta(p)),
            Rule::when_prop => {
                RuleProp::When(self.expr(p.into_inner().find(|q| q.as_rule() == Rule::expr)?))
            }
            Rule::require_prop => {
                RuleProp::Require(self.expr(p.into_inner().find(|q| q.as_rule() == Rule::expr)?))
            }
            Rule::for_prop => {
                let (binder, list) = self.binder_in(p)?;
                RuleProp::ForEach { binder, list }
            }
            Rule::let_binding => RuleProp::Let(self.let_binding(p)?),
            Rule::fix_prop => RuleProp::Fix(self.string(strings(p).next()?)),
            _ => return None,
        };
        Some(Node::new(prop, s))
    }

    fn let_binding(&mut self, p: P) -> Option<LetBinding> {
        let (name, value) = self.binder_expr(p)?;
        Some(LetBinding { name, value })
    }

    fn binder_expr(&mut self, p: P) -> Option<(Name, Node<Expr>)> {
        let mut name = None;
        let mut value = None;
        for q in p.into_inner() {
            match q.as_rule() {
                Rule::ident => name = Some(self.text_of(&q)),
                Rule::expr => value = Some(self.expr(q)),
                _ => {}
            }
        }
        Some((name?, value?))
    }

    // -----------------------------------------------------------------------------------------
    // Tables

    fn table(&mut self, pair: P) -> TableDecl {
        let span = self.span(&pair);
        let mut name = Node::new(String::new(), span);
        let mut label = None;
        let mut meta = Vec::new();
        let mut columns = Vec::new();
        let mut key_columns = 1;
        let mut rows = Vec::new();
        for p in pair.into_inner() {
            let s = self.span(&p);
            match p.as_rule() {
                Rule::ident => name = self.text_of(&p),
                Rule::string => label = Some(self.string(p)),
                Rule::source_prop | Rule::note_prop => meta.push(Node::new(self.meta(p), s)),
                Rule::table_header => {
                    for q in p.into_inner() {
                        match q.as_rule() {
                            // Only the first `||` counts; the checker reports another one.
                            Rule::key_end if key_columns == 1 => key_columns = columns.len(),
                            Rule::key_end => {}
                            _ => columns.push(self.text_of(&q)),
                        }
                    }
                }
                Rule::table_row => {
                    let cells = p
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::cell)
                        .map(|q| self.cell(q))
                        .collect();
                    rows.push(Node::new(cells, s));
                }
                _ => {}
            }
        }
        TableDecl {
            name,
            label,
            meta,
            columns,
            key_columns: key_columns.max(1),
            rows,
        }
    }

    fn cell(&mut self, pair: P) -> Node<Cell> {
        let span = self.span(&pair);
        let Some(inner) = pair.into_inner().next() else {
            return Node::new(Cell::Name(String::new()), span);
        };
        let cell = match inner.as_rule() {
            Rule::range_lit => {
                let mut ints = inner.into_inner().filter(|q| q.as_rule() == Rule::int_lit);
                let start = ints.next().map(|q| self.int(q).node).unwrap_or(0);
                let end = ints.next().map(|q| self.int(q).node);
                Cell::Range { start, end }
            }
            Rule::range_cmp => self.range_cmp(inner),
            Rule::code => Cell::Code(inner.as_str().to_string()),
            Rule::ident => Cell::Name(inner.as_str().to_string()),
            _ => match self.literal(inner) {
                Some(l) => Cell::Literal(l),
                None => Cell::Name(String::new()),
            },
        };
        Node::new(cell, span)
    }

    /// `A <= name < B`, `name < B`, `name >= A`: the bounds as lower and upper ends (the grammar
    /// puts the smaller bound first, so each end is set once).
    fn range_cmp(&mut self, pair: P) -> Cell {
        let span = self.span(&pair);
        let mut name = Node::new(String::new(), span);
        let mut before_name = true;
        let mut pending: Option<Node<Literal>> = None;
        let mut op = "";
        let mut lower = None;
        let mut upper = None;
        for q in pair.into_inner() {
            match q.as_rule() {
                Rule::field_name => {
                    name = self.text_of(&q);
                    before_name = false;
                }
                Rule::range_op | Rule::range_below => {
                    op = match q.as_str() {
                        "<=" => "<=",
                        ">=" => ">=",
                        "<" => "<",
                        _ => ">",
                    };
                    if let (Some(value), true) = (pending.take(), before_name) {
                        // `A < name`: A is below; `A > name`: A is above.
                        let end = RangeEnd {
                            value,
                            inclusive: op.ends_with('='),
                        };
                        if op.starts_with('<') {
                            lower = Some(end);
                        } else {
                            upper = Some(end);
                        }
                    }
                }
                Rule::range_bound => {
                    let vspan = self.span(&q);
                    let mut negative = false;
                    let mut value = None;
                    for r in q.into_inner() {
                        match r.as_rule() {
                            Rule::neg => negative = true,
                            _ => {
                                let lit = self.literal(r.clone());
                                let lit = match lit {
                                    Some(l) if negative => self.negate(l, &r),
                                    other => other,
                                };
                                value = lit.map(|l| Node::new(l, vspan));
                            }
                        }
                    }
                    let Some(value) = value else { continue };
                    if before_name {
                        pending = Some(value);
                    } else {
                        // `name < B`: B is above; `name > B`: B is below.
                        let end = RangeEnd {
                            value,
                            inclusive: op.ends_with('='),
                        };
                        if op.starts_with('<') {
                            upper = Some(end);
                        } else {
                            lower = Some(end);
                        }
                    }
                }
                _ => {}
            }
        }
        Cell::Bounded { lower, name, upper }
    }

    // -----------------------------------------------------------------------------------------
    // Functions, values, outputs

    fn function(&mut self, pair: P) -> FunctionDecl {
        let span = self.span(&pair);
        let mut name = Node::new(String::new(), span);
        let mut params = Vec::new();
        let mut ret = missing_type(span);
        let mut label = None;
        let mut body = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = self.text_of(&p),
                Rule::param => {
                    let s = self.span(&p);
                    let mut pname = Node::new(String::new(), s);
                    let mut ty = missing_type(s);
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::ident => pname = self.text_of(&q),
                            Rule::type_expr => ty = self.type_expr(q),
                            _ => {}
                        }
                    }
                    params.push(Node::new(Param { name: pname, ty }, s));
                }
                Rule::type_expr => ret = self.type_expr(p),
                Rule::string => label = Some(self.string(p)),
                Rule::body => body = Some(self.body(p)),
                _ => {}
            }
        }
        FunctionDecl {
            name,
            params,
            ret,
            label,
            body: body.unwrap_or_else(|| missing_body(span)),
        }
    }

    fn value(&mut self, pair: P) -> ValueDecl {
        let span = self.span(&pair);
        let mut name = Node::new(String::new(), span);
        let mut ty = None;
        let mut label = None;
        let mut body = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = self.text_of(&p),
                Rule::type_expr => ty = Some(self.type_expr(p)),
                Rule::string => label = Some(self.string(p)),
                Rule::body => body = Some(self.body(p)),
                _ => {}
            }
        }
        ValueDecl {
            name,
            ty,
            label,
            body: body.unwrap_or_else(|| missing_body(span)),
        }
    }

    fn output(&mut self, pair: P) -> OutputDecl {
        let span = self.span(&pair);
        let mut name = Node::new(String::new(), span);
        let mut ty = None;
        let mut label = None;
        let mut body = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::field_name => name = self.text_of(&p),
                Rule::type_expr => ty = Some(self.type_expr(p)),
                Rule::string => label = Some(self.string(p)),
                Rule::body => body = Some(self.body(p)),
                _ => {}
            }
        }
        OutputDecl {
            name,
            ty,
            label,
            body: body.unwrap_or_else(|| missing_body(span)),
        }
    }

    fn body(&mut self, pair: P) -> Node<Body> {
        let span = self.span(&pair);
        let mut meta = Vec::new();
        let mut lets = Vec::new();
        let mut expr = None;
        for p in pair.into_inner() {
            let s = self.span(&p);
            match p.as_rule() {
                Rule::source_prop | Rule::note_prop => meta.push(Node::new(self.meta(p), s)),
                Rule::let_binding => {
                    if let Some(l) = self.let_binding(p) {
                        lets.push(Node::new(l, s));
                    }
                }
                Rule::expr => expr = Some(self.expr(p)),
                _ => {}
            }
        }
        let expr = expr.unwrap_or_else(|| Node::new(Expr::Lit(Literal::Bool(false)), span));
        Node::new(Body { meta, lets, expr }, span)
    }

    // -----------------------------------------------------------------------------------------
    // Amendments

    fn amend(&mut self, pair: P) -> Amend {
        let span = self.span(&pair);
        let Some(inner) = pair.into_inner().find(|p| !is_keyword(p)) else {
            return Amend::Track {
                name: Node::new(String::new(), span),
                label: None,
                members: None,
            };
        };
        let braces = opens_block_after_label(&inner);
        match inner.as_rule() {
            Rule::amend_objective => {
                let mut code = Node::new(String::new(), span);
                let mut label = None;
                let mut props = braces.then(Vec::new);
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::code => code = self.text_of(&p),
                        Rule::string => label = Some(self.string(p)),
                        _ => {
                            if let Some(prop) = self.objective_prop(p) {
                                props.get_or_insert_with(Vec::new).push(prop);
                            }
                        }
                    }
                }
                Amend::Objective { code, label, props }
            }
            Rule::amend_rule => {
                let mut kind = RuleKind::Rule;
                let mut name = Node::new(String::new(), span);
                let mut label = None;
                let mut props = braces.then(Vec::new);
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::rule_kind => kind = Self::rule_kind(&p),
                        Rule::rule_name => name = self.text_of(&p),
                        Rule::string => label = Some(self.string(p)),
                        _ => {
                            if let Some(prop) = self.rule_prop(p) {
                                props.get_or_insert_with(Vec::new).push(prop);
                            }
                        }
                    }
                }
                Amend::Rule {
                    kind,
                    name,
                    label,
                    props,
                }
            }
            _ => {
                let mut name = Node::new(String::new(), span);
                let mut label = None;
                let mut members = braces.then(Vec::new);
                for p in inner.into_inner() {
                    match p.as_rule() {
                        Rule::ident => name = self.text_of(&p),
                        Rule::string => label = Some(self.string(p)),
                        _ => {
                            if let Some(m) = self.track_member(p) {
                                members.get_or_insert_with(Vec::new).push(m);
                            }
                        }
                    }
                }
                Amend::Track {
                    name,
                    label,
                    members,
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Expressions

    pub fn expr(&mut self, pair: P) -> Node<Expr> {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::expr => {
                // The levels this expression adds: one, plus one per operator, plus its longest
                // run of field accesses (an upper bound of the height its operators fold into).
                let (mut operators, mut run, mut longest_run) = (0, 0, 0);
                for p in pair.clone().into_inner() {
                    if p.as_rule() == Rule::field_access {
                        run += 1;
                        longest_run = longest_run.max(run);
                        continue;
                    }
                    run = 0;
                    if matches!(p.as_rule(), Rule::not_op | Rule::neg)
                        || infix(p.as_rule()).is_some()
                    {
                        operators += 1;
                    }
                }
                let levels = 1 + operators + longest_run;
                if self.depth + levels > MAX_EXPR_DEPTH {
                    if !self.too_deep {
                        self.too_deep = true;
                        self.errors.push(LiteralError {
                            code: "E0004",
                            span,
                            message: "this expression is nested too deeply".to_string(),
                            help: too_deep_help(),
                            key: "E0004-too-deep",
                            args: vec![("depth", MAX_EXPR_DEPTH.to_string())],
                        });
                    }
                    return Node::new(Expr::Missing, span);
                }
                self.depth += levels;
                let built = self.expr_within_depth(pair, span);
                self.depth -= levels;
                if self.depth == 0 {
                    self.too_deep = false;
                }
                built
            }
            Rule::arg => match pair.into_inner().next() {
                Some(p) => self.expr(p),
                None => Node::new(Expr::Lit(Literal::Bool(false)), span),
            },
            _ => self.operand(pair),
        }
    }

    fn expr_within_depth(&mut self, pair: P, span: Span) -> Node<Expr> {
        let mut stream = Vec::new();
        for p in pair.into_inner() {
            let s = self.span(&p);
            match p.as_rule() {
                Rule::not_op => stream.push(Tok::Prefix(UnaryOp::Not, s)),
                Rule::neg => stream.push(Tok::Prefix(UnaryOp::Neg, s)),
                Rule::field_access => {
                    // Postfix binds tightest: apply it to the operand just read.
                    if let Some(Tok::Operand(base)) = stream.pop() {
                        let field = match p.into_inner().next() {
                            Some(f) => self.text_of(&f),
                            None => Node::new(String::new(), s),
                        };
                        let whole = Span::new(base.span.start, s.end);
                        stream.push(Tok::Operand(Node::new(
                            Expr::Field {
                                base: Box::new(base),
                                field,
                            },
                            whole,
                        )));
                    }
                }
                rule => match infix(rule) {
                    Some(op) => stream.push(Tok::Infix(op)),
                    None => {
                        let operand = self.operand(p);
                        stream.push(Tok::Operand(operand));
                    }
                },
            }
        }
        let mut stream = stream.into_iter().peekable();
        let mut chained = Vec::new();
        let folded = fold(&mut stream, 0, &mut chained);
        for at in chained {
            self.errors.push(LiteralError {
                code: "E0001",
                span: at,
                message: "comparisons do not chain".to_string(),
                help: "compare two values at a time, joined by `and`: `a < b and b < c`"
                    .to_string(),
                key: "E0001-chained",
                args: Vec::new(),
            });
        }
        folded.unwrap_or_else(|| Node::new(Expr::Lit(Literal::Bool(false)), span))
    }

    fn operand(&mut self, pair: P) -> Node<Expr> {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::if_expr => {
                let mut parts = pair
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::expr)
                    .map(|p| self.expr(p));
                let fallback = || Node::new(Expr::Lit(Literal::Bool(false)), span);
                let cond = parts.next().unwrap_or_else(fallback);
                let then = parts.next().unwrap_or_else(fallback);
                let els = parts.next().unwrap_or_else(fallback);
                Node::new(
                    Expr::If {
                        cond: Box::new(cond),
                        then: Box::new(then),
                        els: Box::new(els),
                    },
                    span,
                )
            }
            _ => self.primary(pair),
        }
    }

    fn primary(&mut self, pair: P) -> Node<Expr> {
        let span = self.span(&pair);
        let expr = match pair.as_rule() {
            Rule::paren => match pair.into_inner().next() {
                Some(p) => return self.expr(p),
                None => Expr::Lit(Literal::Bool(false)),
            },
            Rule::ident => Expr::Name(pair.as_str().to_string()),
            Rule::code => Expr::Code(pair.as_str().to_string()),
            Rule::name => {
                let mut inner = pair.into_inner();
                let func = self.opt_text(inner.next());
                let Some(call_args) = inner.next() else {
                    return Node::new(Expr::Name(func.node), span);
                };
                let mut parts = call_args.into_inner().peekable();
                if parts
                    .peek()
                    .is_some_and(|p| p.as_rule() == Rule::comprehension)
                {
                    match parts.next() {
                        Some(comp) => self.comprehension(func, comp, span),
                        None => Expr::Name(func.node),
                    }
                } else {
                    let args = parts
                        .filter(|p| p.as_rule() == Rule::arg)
                        .map(|p| self.expr(p))
                        .collect();
                    Expr::Call { func, args }
                }
            }
            Rule::list_lit => {
                let items = pair.clone().into_inner().count();
                if items > MAX_LIST_ITEMS {
                    self.errors.push(LiteralError {
                        code: "E0005",
                        span: Span::new(span.start, span.start + 1),
                        message: format!("a list of {items} items"),
                        help: format!(
                            "a list written in a policy holds at most {MAX_LIST_ITEMS} items: put long lists in a `table`, or in the dossier"
                        ),
                        key: "E0005-long-list",
                        args: vec![
                            ("items", items.to_string()),
                            ("max", MAX_LIST_ITEMS.to_string()),
                        ],
                    });
                    return Node::new(Expr::Missing, span);
                }
                Expr::List(pair.into_inner().map(|p| self.expr(p)).collect())
            }
            Rule::record_lit => {
                let mut entries = Vec::new();
                for entry in pair.into_inner() {
                    let mut inner = entry.into_inner();
                    let (Some(k), Some(v)) = (inner.next(), inner.next()) else {
                        continue;
                    };
                    let key = match k.as_rule() {
                        Rule::code => self.node(&k, RecordKey::Code(k.as_str().to_string())),
                        Rule::string => {
                            let s = self.string(k);
                            Node::new(RecordKey::Text(s.node), s.span)
                        }
                        _ => self.node(&k, RecordKey::Name(k.as_str().to_string())),
                    };
                    entries.push((key, self.expr(v)));
                }
                Expr::Record(entries)
            }
            Rule::expr => return self.expr(pair),
            _ => match self.literal(pair) {
                Some(l) => Expr::Lit(l),
                None => Expr::Lit(Literal::Bool(false)),
            },
        };
        Node::new(expr, span)
    }

    fn comprehension(&mut self, op: Node<String>, pair: P, span: Span) -> Expr {
        let mut binder = None;
        let mut source = None;
        let mut filter = None;
        let mut body = None;
        let mut after_where = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => binder = Some(self.text_of(&p)),
                Rule::kw_where => after_where = true,
                Rule::expr if after_where => filter = Some(Box::new(self.expr(p))),
                Rule::expr => source = Some(Box::new(self.expr(p))),
                Rule::comp_key => {
                    let keys: Vec<Node<Expr>> = p
                        .into_inner()
                        .filter(|q| q.as_rule() == Rule::expr)
                        .map(|e| self.expr(e))
                        .collect();
                    if !keys.is_empty() {
                        body = Some(CompBody::Key(keys));
                    }
                }
                Rule::comp_body => {
                    if let Some(e) = p.into_inner().find(|q| q.as_rule() == Rule::expr) {
                        body = Some(CompBody::Map(Box::new(self.expr(e))));
                    }
                }
                _ => {}
            }
        }
        let binder = binder.unwrap_or(Node::new(String::new(), span));
        let source = source.unwrap_or_else(|| Box::new(Node::new(Expr::List(Vec::new()), span)));
        Expr::Comprehension {
            op,
            binder,
            source,
            filter,
            body,
        }
    }

    /// `at_least VALUE` or `at_most VALUE`, the value with its sign.
    fn field_bound(&mut self, pair: P) -> Option<Node<FieldBound>> {
        let span = self.span(&pair);
        let mut kind = BoundKind::AtLeast;
        let mut value = None;
        for q in pair.into_inner() {
            match q.as_rule() {
                Rule::kw_at_most => kind = BoundKind::AtMost,
                Rule::kw_at_least => kind = BoundKind::AtLeast,
                Rule::bound_value => {
                    let vspan = self.span(&q);
                    let mut negative = false;
                    for r in q.into_inner() {
                        match r.as_rule() {
                            Rule::neg => negative = true,
                            _ => {
                                let lit = self.literal(r.clone())?;
                                let lit = if negative { self.negate(lit, &r)? } else { lit };
                                value = Some(Node::new(lit, vspan));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Some(Node::new(
            FieldBound {
                kind,
                value: value?,
            },
            span,
        ))
    }

    /// A literal written after `-`.
    fn negate(&mut self, lit: Literal, pair: &P) -> Option<Literal> {
        Some(match lit {
            Literal::Int(i) => Literal::Int(-i),
            Literal::Decimal(d) => Literal::Decimal(-d),
            Literal::Money(d) => Literal::Money(-d),
            Literal::Percent(d) => Literal::Percent(-d),
            Literal::Duration { amount, unit } => Literal::Duration {
                amount: -amount,
                unit,
            },
            other => {
                self.error(
                    pair,
                    "E0002-sign",
                    format!("`-{}` has no meaning", pair.as_str()),
                    "only numbers, amounts and percentages have a sign",
                );
                other
            }
        })
    }

    fn literal(&mut self, pair: P) -> Option<Literal> {
        Some(match pair.as_rule() {
            Rule::int_lit => Literal::Int(self.int(pair).node),
            Rule::decimal_lit => Literal::Decimal(self.decimal(&pair)),
            Rule::number_lit => {
                let mut inner = pair.into_inner();
                let number = inner.next()?;
                let unit = inner.next();
                match unit.as_ref().map(|u| u.as_rule()) {
                    None => return self.literal(number),
                    Some(Rule::currency) => Literal::Money(self.decimal_of(number)),
                    Some(Rule::percent) => Literal::Percent(self.decimal_of(number)),
                    Some(_) => {
                        let word = unit
                            .as_ref()
                            .map(|u| u.as_str().trim_end_matches('s'))
                            .unwrap_or("day");
                        let unit = match word {
                            "week" => DurationUnit::Weeks,
                            "month" => DurationUnit::Months,
                            "year" => DurationUnit::Years,
                            _ => DurationUnit::Days,
                        };
                        let amount = if number.as_rule() == Rule::int_lit {
                            self.int(number).node
                        } else {
                            let what = unit.word(2);
                            self.error(
                                &number,
                                "E0002-duration",
                                format!("`{}` is not a whole number of {what}", number.as_str()),
                                "durations count whole days, weeks, months or years",
                            );
                            if let Some(e) = self.errors.last_mut() {
                                e.args.push(("unit", what.to_string()));
                            }
                            0
                        };
                        Literal::Duration { amount, unit }
                    }
                }
            }
            Rule::date_lit => Literal::Date(self.date(pair).node),
            Rule::instant_lit => Literal::Instant(pair.as_str().to_string()),
            Rule::string => Literal::Text(self.string(pair).node),
            Rule::bool_lit => Literal::Bool(pair.as_str().trim() == "true"),
            Rule::absent_lit => Literal::Absent,
            _ => return None,
        })
    }

    fn decimal_of(&mut self, number: P) -> Decimal {
        match number.as_rule() {
            Rule::int_lit => Decimal::from(self.int(number).node),
            _ => self.decimal(&number),
        }
    }

    fn decimal(&mut self, pair: &P) -> Decimal {
        match Decimal::from_str_exact(pair.as_str()) {
            Ok(d) => d,
            Err(_) => {
                self.error(
                    pair,
                    "E0002-decimal",
                    format!(
                        "`{}` is too large or too precise for a decimal",
                        pair.as_str()
                    ),
                    "decimals hold at most 28 significant digits",
                );
                Decimal::ZERO
            }
        }
    }

    fn int(&mut self, pair: P) -> Node<i64> {
        let value = match pair.as_str().parse::<i64>() {
            Ok(n) => n,
            Err(_) => {
                self.error(
                    &pair,
                    "E0002-int",
                    format!("`{}` is too large for an integer", pair.as_str()),
                    "integers range up to 9223372036854775807",
                );
                0
            }
        };
        self.node(&pair, value)
    }

    /// A string literal with its escapes resolved.
    fn string(&mut self, pair: P) -> Node<String> {
        let span = self.span(&pair);
        let raw = pair.into_inner().next().map(|p| p.as_str()).unwrap_or("");
        Node::new(unescape(raw), span)
    }
}

/// Length of a text without its trailing blanks and comments.
fn content_len(text: &str) -> usize {
    let mut end = text.len();
    loop {
        let trimmed = text[..end].trim_end();
        end = trimmed.len();
        let line_start = crate::lex::line_start(trimmed, trimmed.len());
        match crate::lex::comment_start(&trimmed[line_start..]) {
            Some(c) => end = line_start + c,
            None => return end,
        }
    }
}

/// Whether a declaration written `KEYWORD NAME ["label"] [{ … }]` has its braces: the first
/// thing after its header (annotations, keywords, name, label), comments aside, is `{`.
fn opens_block_after_label(pair: &P) -> bool {
    let start = pair.as_span().start();
    let header_end = pair
        .clone()
        .into_inner()
        .take_while(|p| {
            is_keyword(p)
                || matches!(
                    p.as_rule(),
                    Rule::annotation
                        | Rule::code
                        | Rule::ident
                        | Rule::rule_name
                        | Rule::rule_kind
                        | Rule::string
                )
        })
        .last()
        .map_or(start, |p| p.as_span().end());
    let mut rest = &pair.as_str()[header_end - start..];
    loop {
        rest = rest.trim_start();
        if rest.starts_with("//") {
            rest = &rest[crate::lex::line_end(rest, 0)..];
        } else {
            return rest.starts_with('{');
        }
    }
}

pub fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// An expression as a flat sequence, before folding by precedence.
enum Tok {
    Prefix(UnaryOp, Span),
    Operand(Node<Expr>),
    Infix(Op),
}

#[derive(Clone, Copy)]
enum Op {
    Binary(BinaryOp),
    Range,
}

impl Op {
    fn precedence(self) -> u8 {
        match self {
            Op::Binary(b) => b.precedence(),
            Op::Range => RANGE_PRECEDENCE,
        }
    }
}

pub(crate) fn too_deep_help() -> String {
    format!(
        "an expression nests at most {MAX_EXPR_DEPTH} levels (parentheses, lists, calls, `if`s, and each operator of a chain): give its parts names with `let` or a `value`"
    )
}

fn infix(rule: Rule) -> Option<Op> {
    Some(Op::Binary(match rule {
        Rule::op_or => BinaryOp::Or,
        Rule::op_and => BinaryOp::And,
        Rule::op_eq => BinaryOp::Eq,
        Rule::op_ne => BinaryOp::Ne,
        Rule::op_le => BinaryOp::Le,
        Rule::op_ge => BinaryOp::Ge,
        Rule::op_lt => BinaryOp::Lt,
        Rule::op_gt => BinaryOp::Gt,
        Rule::op_in => BinaryOp::In,
        Rule::op_not_in => BinaryOp::NotIn,
        Rule::op_otherwise => BinaryOp::Otherwise,
        Rule::op_add => BinaryOp::Add,
        Rule::op_sub => BinaryOp::Sub,
        Rule::op_mul => BinaryOp::Mul,
        Rule::op_div => BinaryOp::Div,
        Rule::op_range => return Some(Op::Range),
        _ => return None,
    }))
}

/// Precedence climbing over the flat sequence: binary operators are left-associative; `not`
/// binds looser than comparisons, unary `-` tighter than `*`.
fn fold(
    stream: &mut std::iter::Peekable<std::vec::IntoIter<Tok>>,
    min: u8,
    chained: &mut Vec<Span>,
) -> Option<Node<Expr>> {
    let mut lhs = match stream.next()? {
        Tok::Prefix(op, span) => {
            let p = if op == UnaryOp::Not {
                NOT_PRECEDENCE
            } else {
                NEG_PRECEDENCE
            };
            let operand = fold(stream, p, chained)?;
            let whole = span.to(operand.span);
            Node::new(
                Expr::Unary {
                    op,
                    expr: Box::new(operand),
                },
                whole,
            )
        }
        Tok::Operand(e) => e,
        Tok::Infix(_) => return None,
    };
    let mut compared = false;
    while let Some(Tok::Infix(op)) = stream.peek() {
        let op = *op;
        let p = op.precedence();
        if p <= min {
            break;
        }
        stream.next();
        let rhs = fold(stream, p, chained)?;
        // `a < b < c` reads as `(a < b) < c`, never what an author means.
        let comparison = p == BinaryOp::Eq.precedence();
        if comparison && compared {
            chained.push(lhs.span.to(rhs.span));
            // Read as the evident `a < b and b < c`, so that the error has no echo.
            if let (Op::Binary(op), Expr::Binary { rhs: middle, .. }) = (op, &lhs.node) {
                let middle = (**middle).clone();
                let right_span = middle.span.to(rhs.span);
                let right = Node::new(
                    Expr::Binary {
                        op,
                        lhs: Box::new(middle),
                        rhs: Box::new(rhs),
                    },
                    right_span,
                );
                let whole = lhs.span.to(right_span);
                lhs = Node::new(
                    Expr::Binary {
                        op: BinaryOp::And,
                        lhs: Box::new(lhs),
                        rhs: Box::new(right),
                    },
                    whole,
                );
                continue;
            }
        }
        compared |= comparison;
        let span = lhs.span.to(rhs.span);
        lhs = match op {
            Op::Binary(op) => Node::new(
                Expr::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                span,
            ),
            Op::Range => Node::new(
                Expr::Range {
                    start: Box::new(lhs),
                    end: Box::new(rhs),
                },
                span,
            ),
        };
    }
    Some(lhs)
}

/// The inverse of [`unescape`], for printing a string literal back.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

fn strings(pair: P) -> impl Iterator<Item = P> {
    pair.into_inner().filter(|p| p.as_rule() == Rule::string)
}

/// Whether a pair is a keyword (`kw_…` rules). It reads the first bytes of the rule's name
/// without allocating: the builder asks this for the header pairs of every declaration.
fn is_keyword(p: &P) -> bool {
    struct Prefix {
        bytes: [u8; 3],
        len: usize,
    }
    impl std::fmt::Write for Prefix {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            for b in s.bytes() {
                if self.len == self.bytes.len() {
                    break;
                }
                self.bytes[self.len] = b;
                self.len += 1;
            }
            Ok(())
        }
    }
    let mut prefix = Prefix {
        bytes: [0; 3],
        len: 0,
    };
    let _ = std::fmt::Write::write_fmt(&mut prefix, format_args!("{:?}", p.as_rule()));
    &prefix.bytes[..prefix.len] == b"kw_"
}

fn missing_type(span: Span) -> Node<TypeExpr> {
    Node::new(TypeExpr::Named(Node::new(String::new(), span)), span)
}

fn missing_body(span: Span) -> Node<Body> {
    Node::new(
        Body {
            meta: Vec::new(),
            lets: Vec::new(),
            expr: Node::new(Expr::Lit(Literal::Bool(false)), span),
        },
        span,
    )
}
