//! The abstract syntax tree of a `.care` file. Every value that a diagnostic may point at is a
//! [`Node`] carrying its span; equality ignores spans (see [`Node`]).

use crate::span::Node;
use jiff::civil::Date;
use rust_decimal::Decimal;

pub type Name = Node<String>;
pub type Text = Node<String>;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct File {
    pub items: Vec<Node<Item>>,
}

/// A top-level declaration with the annotations written before it.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub annotations: Vec<Node<Annotation>>,
    pub kind: ItemKind,
}

/// `@allow(lint, "reason")`: the author means what the lint warns about, and says why.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    pub lint: Name,
    pub reason: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ItemKind {
    Policy(PolicyDecl),
    Include(Text),
    Document(DocumentDecl),
    Enum(EnumDecl),
    Record(RecordDecl),
    Input(InputDecl),
    Track(TrackDecl),
    Objective(ObjectiveDecl),
    Rule(RuleDecl),
    Table(TableDecl),
    Function(FunctionDecl),
    Value(ValueDecl),
    Output(OutputDecl),
    Amend(Amend),
    Remove(Remove),
    /// `replace <declaration>`: the whole declaration of the same kind and name is replaced.
    Replace(Box<Node<ItemKind>>),
}

impl ItemKind {
    /// The keyword that introduces this kind of declaration.
    pub fn keyword(&self) -> &'static str {
        match self {
            ItemKind::Policy(_) => "policy",
            ItemKind::Include(_) => "include",
            ItemKind::Document(_) => "document",
            ItemKind::Enum(_) => "enum",
            ItemKind::Record(_) => "record",
            ItemKind::Input(_) => "input",
            ItemKind::Track(_) => "track",
            ItemKind::Objective(_) => "objective",
            ItemKind::Rule(r) => r.kind.keyword(),
            ItemKind::Table(_) => "table",
            ItemKind::Function(_) => "function",
            ItemKind::Value(_) => "value",
            ItemKind::Output(_) => "output",
            ItemKind::Amend(_) => "amend",
            ItemKind::Remove(_) => "remove",
            ItemKind::Replace(_) => "replace",
        }
    }

    /// The declared name, for the kinds that declare one.
    pub fn name(&self) -> Option<&Name> {
        match self {
            ItemKind::Policy(p) => Some(&p.id),
            ItemKind::Document(d) => Some(&d.name),
            ItemKind::Enum(e) => Some(&e.name),
            ItemKind::Record(r) => Some(&r.name),
            ItemKind::Input(i) => Some(&i.name),
            ItemKind::Track(t) => Some(&t.name),
            ItemKind::Objective(o) => Some(&o.code),
            ItemKind::Rule(r) => Some(&r.name),
            ItemKind::Table(t) => Some(&t.name),
            ItemKind::Function(f) => Some(&f.name),
            ItemKind::Value(v) => Some(&v.name),
            ItemKind::Output(o) => Some(&o.name),
            ItemKind::Include(_)
            | ItemKind::Amend(_)
            | ItemKind::Remove(_)
            | ItemKind::Replace(_) => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Policy header, documents, citations

#[derive(Clone, Debug, PartialEq)]
pub struct PolicyDecl {
    pub id: Name,
    pub title: Text,
    pub props: Vec<Node<PolicyProp>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PolicyProp {
    Version(Node<Date>),
    Amends(Node<Date>),
    InForce {
        from: Node<Date>,
        until: Option<Node<Date>>,
    },
    Timezone(Text),
    Reference(Node<Expr>),
    /// `identifier EXPR`: the input field that names a dossier.
    Identifier(Node<Expr>),
    /// `decision EXPR`: the bool output that decides a dossier.
    Decision(Node<Expr>),
    /// `chosen_objectives EXPR`: the objectives a dossier commits to.
    ChosenObjectives(Node<Expr>),
    Meta(Meta),
}

#[derive(Clone, Debug, PartialEq)]
pub struct DocumentDecl {
    pub name: Name,
    pub title: Text,
}

/// Properties any declaration may carry: where it comes from, and notes for the reader.
#[derive(Clone, Debug, PartialEq)]
pub enum Meta {
    Source(Source),
    Note(Text),
}

/// `source CDC §5.2 "précision"`
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub document: Name,
    pub section: Option<Text>,
    pub detail: Option<Text>,
}

// ---------------------------------------------------------------------------------------------
// Declared inputs

#[derive(Clone, Debug, PartialEq)]
pub struct EnumDecl {
    pub name: Name,
    pub label: Option<Text>,
    pub variants: Vec<Node<Variant>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    pub name: Name,
    pub label: Option<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RecordDecl {
    pub name: Name,
    pub label: Option<Text>,
    pub fields: Vec<Node<FieldDecl>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    pub name: Name,
    pub ty: Node<TypeExpr>,
    /// `at_least` / `at_most` bounds on the data, in the order written.
    pub bounds: Vec<Node<FieldBound>>,
    pub default: Option<Node<Expr>>,
    pub label: Option<Text>,
}

/// A bound on a field's data: `at_least 0 €`, `at_most 2026-12-31`. The value carries its sign.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldBound {
    /// `AtLeast` or `AtMost` (never `Exactly`: the grammar has no such field bound).
    pub kind: BoundKind,
    pub value: Node<Literal>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeExpr {
    Named(Name),
    List(Box<Node<TypeExpr>>),
    Optional(Box<Node<TypeExpr>>),
    /// `{date: date, cible: share}`: a record type written by its fields, in order.
    Record(Vec<(Name, Node<TypeExpr>)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct InputDecl {
    pub name: Name,
    pub ty: Node<TypeExpr>,
}

// ---------------------------------------------------------------------------------------------
// Tracks and objectives

#[derive(Clone, Debug, PartialEq)]
pub struct TrackDecl {
    pub name: Name,
    pub label: Text,
    pub members: Vec<Node<TrackMember>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TrackMember {
    Key(Node<i64>),
    Meta(Meta),
    Section(Section),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub annotations: Vec<Node<Annotation>>,
    pub kind: Node<SectionKind>,
    pub members: Vec<Node<SectionMember>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    Mandatory,
    ALaCarte,
}

impl SectionKind {
    pub fn keyword(self) -> &'static str {
        match self {
            SectionKind::Mandatory => "mandatory",
            SectionKind::ALaCarte => "a_la_carte",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum SectionMember {
    Choose(Vec<Node<Bound>>),
    Meta(Meta),
    Theme(Theme),
    Objective(ObjectiveDecl),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    pub kind: BoundKind,
    pub count: Node<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoundKind {
    AtLeast,
    AtMost,
    Exactly,
}

impl BoundKind {
    pub fn keyword(self) -> &'static str {
        match self {
            BoundKind::AtLeast => "at_least",
            BoundKind::AtMost => "at_most",
            BoundKind::Exactly => "exactly",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub name: Option<Name>,
    pub label: Text,
    pub members: Vec<Node<ThemeMember>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ThemeMember {
    Meta(Meta),
    Objective(ObjectiveDecl),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectiveDecl {
    pub annotations: Vec<Node<Annotation>>,
    pub code: Name,
    pub label: Text,
    /// `None` when written without braces.
    pub props: Option<Vec<Node<ObjectiveProp>>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ObjectiveProp {
    Meta(Meta),
    Scope(Scope),
    Evidence(Evidence),
    Achieved(Node<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Scope {
    Candidate,
    Each { binder: Name, list: Node<Expr> },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Evidence {
    One(Text),
    AnyOf(Vec<Text>),
}

// ---------------------------------------------------------------------------------------------
// Rules

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    Rule,
    Prerequisite,
}

impl RuleKind {
    pub fn keyword(self) -> &'static str {
        match self {
            RuleKind::Rule => "rule",
            RuleKind::Prerequisite => "prerequisite",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RuleDecl {
    pub kind: RuleKind,
    pub name: Name,
    pub label: Text,
    pub props: Vec<Node<RuleProp>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RuleProp {
    Meta(Meta),
    /// The rule applies only when this holds; otherwise it is "not applicable".
    When(Node<Expr>),
    /// The rule is checked for each item of a list, and fails for the items that miss it.
    ForEach {
        binder: Name,
        list: Node<Expr>,
    },
    Let(LetBinding),
    Require(Node<Expr>),
    /// What the candidate can do when the rule fails.
    Fix(Text),
}

#[derive(Clone, Debug, PartialEq)]
pub struct LetBinding {
    pub name: Name,
    pub value: Node<Expr>,
}

// ---------------------------------------------------------------------------------------------
// Tables

#[derive(Clone, Debug, PartialEq)]
pub struct TableDecl {
    pub name: Name,
    pub label: Option<Text>,
    pub meta: Vec<Node<Meta>>,
    /// The key columns first, then the value columns.
    pub columns: Vec<Name>,
    /// How many of the columns are keys: 1, or the columns before `||` in the header.
    pub key_columns: usize,
    pub rows: Vec<Node<Vec<Node<Cell>>>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// `1..4`, `13..`
    Range {
        start: i64,
        end: Option<i64>,
    },
    Literal(Literal),
    Code(String),
    Name(String),
    /// `part < 66 %`, `66 % <= part < 90 %`, `part >= 90 %`: a range named by its column, each
    /// bound included or not as its sign says.
    Bounded {
        lower: Option<RangeEnd>,
        name: Name,
        upper: Option<RangeEnd>,
    },
}

/// One end of a [`Cell::Bounded`] range.
#[derive(Clone, Debug, PartialEq)]
pub struct RangeEnd {
    pub value: Node<Literal>,
    /// `<=` / `>=`: the bound is in the range.
    pub inclusive: bool,
}

// ---------------------------------------------------------------------------------------------
// Functions, values, outputs

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDecl {
    pub name: Name,
    pub params: Vec<Node<Param>>,
    pub ret: Node<TypeExpr>,
    pub label: Option<Text>,
    pub body: Node<Body>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: Name,
    pub ty: Node<TypeExpr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ValueDecl {
    pub name: Name,
    pub ty: Option<Node<TypeExpr>>,
    pub label: Option<Text>,
    pub body: Node<Body>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OutputDecl {
    pub name: Name,
    /// `None`: the type of the body.
    pub ty: Option<Node<TypeExpr>>,
    pub label: Option<Text>,
    pub body: Node<Body>,
}

/// `{ source …  let x = …  expr }`
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    pub meta: Vec<Node<Meta>>,
    pub lets: Vec<Node<LetBinding>>,
    pub expr: Node<Expr>,
}

// ---------------------------------------------------------------------------------------------
// Amendments

#[derive(Clone, Debug, PartialEq)]
pub enum Amend {
    Objective {
        code: Name,
        label: Option<Text>,
        props: Option<Vec<Node<ObjectiveProp>>>,
    },
    Rule {
        kind: RuleKind,
        name: Name,
        label: Option<Text>,
        props: Option<Vec<Node<RuleProp>>>,
    },
    Track {
        name: Name,
        label: Option<Text>,
        members: Option<Vec<Node<TrackMember>>>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Remove {
    pub kind: Node<DeclKind>,
    pub name: Name,
}

/// The kinds of named declaration, as `remove` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeclKind {
    Objective,
    Rule,
    Prerequisite,
    Track,
    Table,
    Function,
    Value,
    Output,
    Document,
    Record,
    Enum,
}

impl DeclKind {
    pub fn keyword(self) -> &'static str {
        match self {
            DeclKind::Objective => "objective",
            DeclKind::Rule => "rule",
            DeclKind::Prerequisite => "prerequisite",
            DeclKind::Track => "track",
            DeclKind::Table => "table",
            DeclKind::Function => "function",
            DeclKind::Value => "value",
            DeclKind::Output => "output",
            DeclKind::Document => "document",
            DeclKind::Record => "record",
            DeclKind::Enum => "enum",
        }
    }

    pub fn from_keyword(word: &str) -> Option<DeclKind> {
        Some(match word {
            "objective" => DeclKind::Objective,
            "rule" => DeclKind::Rule,
            "prerequisite" => DeclKind::Prerequisite,
            "track" => DeclKind::Track,
            "table" => DeclKind::Table,
            "function" => DeclKind::Function,
            "value" => DeclKind::Value,
            "output" => DeclKind::Output,
            "document" => DeclKind::Document,
            "record" => DeclKind::Record,
            "enum" => DeclKind::Enum,
            _ => return None,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Expressions

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// What could not be read: a syntax error was reported at its span. The checker gives it no
    /// type and reports nothing more about it, so the syntax error has no echo.
    Missing,
    Lit(Literal),
    /// A variable, value, function parameter, track, enum variant… resolved by the checker.
    Name(String),
    /// An objective or rule code: `POC.P3.O4.E`.
    Code(String),
    Field {
        base: Box<Node<Expr>>,
        field: Name,
    },
    Call {
        func: Name,
        args: Vec<Node<Expr>>,
    },
    /// `count(x in xs where f)`, `sum(x in xs: e)`, `sort(x in xs by k)`.
    Comprehension {
        op: Name,
        binder: Name,
        source: Box<Node<Expr>>,
        filter: Option<Box<Node<Expr>>>,
        body: Option<CompBody>,
    },
    Unary {
        op: UnaryOp,
        expr: Box<Node<Expr>>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Node<Expr>>,
        rhs: Box<Node<Expr>>,
    },
    If {
        cond: Box<Node<Expr>>,
        then: Box<Node<Expr>>,
        els: Box<Node<Expr>>,
    },
    List(Vec<Node<Expr>>),
    Record(Vec<(Node<RecordKey>, Node<Expr>)>),
    /// `a..b`: the integers from a to b, both included.
    Range {
        start: Box<Node<Expr>>,
        end: Box<Node<Expr>>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum CompBody {
    /// `: expr`
    Map(Box<Node<Expr>>),
    /// `by expr, expr…`: the sort keys, most significant first.
    Key(Vec<Node<Expr>>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum RecordKey {
    Name(String),
    Code(String),
    Text(String),
}

impl RecordKey {
    pub fn as_str(&self) -> &str {
        match self {
            RecordKey::Name(s) | RecordKey::Code(s) | RecordKey::Text(s) => s,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Otherwise,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::In => "in",
            BinaryOp::NotIn => "not in",
            BinaryOp::Otherwise => "otherwise",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }

    /// Binding strength, loosest first; the formatter uses it to place parentheses.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::In
            | BinaryOp::NotIn => 4,
            BinaryOp::Otherwise => 5,
            BinaryOp::Add | BinaryOp::Sub => 7,
            BinaryOp::Mul | BinaryOp::Div => 8,
        }
    }
}

/// Precedence of `not` (between `and` and comparisons) and of `..` (between `otherwise` and `+`).
pub const NOT_PRECEDENCE: u8 = 3;
pub const RANGE_PRECEDENCE: u8 = 6;
pub const NEG_PRECEDENCE: u8 = 9;

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Bool(bool),
    Int(i64),
    Decimal(Decimal),
    /// `9400.00 €`
    Money(Decimal),
    /// `80 %`, holding the number as written (80), not the fraction.
    Percent(Decimal),
    Duration {
        amount: i64,
        unit: DurationUnit,
    },
    Date(Date),
    /// An instant as written (`2026-06-04T16:00:00+02:00`, `2026-06-04T16:00[Europe/Paris]`);
    /// the checker resolves it, since that needs the time-zone database.
    Instant(String),
    Text(String),
    /// `absent`: an optional value that is not there.
    Absent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationUnit {
    Days,
    Weeks,
    Months,
    Years,
}

impl DurationUnit {
    pub fn word(self, amount: i64) -> &'static str {
        let one = amount == 1;
        match self {
            DurationUnit::Days if one => "day",
            DurationUnit::Days => "days",
            DurationUnit::Weeks if one => "week",
            DurationUnit::Weeks => "weeks",
            DurationUnit::Months if one => "month",
            DurationUnit::Months => "months",
            DurationUnit::Years if one => "year",
            DurationUnit::Years => "years",
        }
    }
}
