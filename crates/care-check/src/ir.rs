//! The checked form of a version: every name resolved to an index or a local slot, every
//! expression typed. Evaluation compiles and runs this; nothing here needs a string lookup.

use crate::model::InputSchema;
use crate::types::{EnumId, Type};
use care_syntax::ast::{BinaryOp, DurationUnit, RuleKind, SectionKind};
use care_syntax::{FileId, SourceFile, Span};
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Where something was written: file and span, resolvable to a path and line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Origin {
    pub file: FileId,
    pub span: Span,
}

/// A checked version of a policy.
#[derive(Debug)]
pub struct Policy {
    pub id: String,
    pub title: String,
    pub version: Date,
    pub amends: Option<Date>,
    pub in_force_from: Date,
    pub in_force_until: Option<Date>,
    /// IANA name of the policy's time zone (`Europe/Paris`).
    pub timezone: String,
    pub tz: jiff::tz::TimeZone,
    /// The input that decides which version applies (an instant or a date).
    pub reference: Option<Expr>,
    /// The root input field that names a dossier (`identifier dossier.id`), a text or a code:
    /// batch lines and CSV rows lead with it, reports show it.
    pub identifier: Option<u32>,
    /// The bool output that decides a dossier (`decision eligible`): the one a batch summary
    /// counts (every bool output when the policy names none).
    pub decision: Option<u32>,
    /// The objectives a dossier commits to (`chosen_objectives`), for its evidence checklist.
    pub chosen_objectives: Option<Body>,
    pub schema: InputSchema,
    pub documents: Vec<Document>,
    pub notes: Vec<String>,
    pub tracks: Vec<Track>,
    pub objectives: Vec<Objective>,
    pub rules: Vec<Rule>,
    pub tables: Vec<Table>,
    pub functions: Vec<Function>,
    pub values: Vec<Value>,
    pub outputs: Vec<Output>,
    /// The source files, indexed by `FileId`, for locations in explanations and errors.
    pub files: Vec<Option<Arc<SourceFile>>>,
    pub origin: Origin,
}

impl Policy {
    /// `path:line` of an origin.
    pub fn location(&self, origin: Origin) -> (String, usize, usize) {
        match self
            .files
            .get(origin.file.0 as usize)
            .and_then(Option::as_ref)
        {
            Some(f) => {
                let (line, col) = f.line_col(origin.span.start);
                (f.path.clone(), line, col)
            }
            None => (String::new(), 0, 0),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub name: String,
    pub title: String,
}

/// A `source` citation, with the document's title resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Citation {
    pub document: String,
    pub title: String,
    pub section: Option<String>,
    pub detail: Option<String>,
}

impl std::fmt::Display for Citation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.title)?;
        if let Some(s) = &self.section {
            write!(f, " {s}")?;
        }
        if let Some(d) = &self.detail {
            write!(f, " « {d} »")?;
        }
        Ok(())
    }
}

#[derive(Clone, Debug)]
pub struct Track {
    pub name: String,
    pub label: String,
    pub key: i64,
    /// Every `source` it cites, in order.
    pub sources: Vec<Citation>,
    pub mandatory: Vec<u32>,
    pub a_la_carte: Vec<u32>,
    pub at_least: i64,
    pub at_most: Option<i64>,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub struct Objective {
    pub code: String,
    pub label: String,
    pub track: Option<u32>,
    pub section: Option<SectionKind>,
    pub theme: Option<String>,
    /// Every `source` it cites, in order.
    pub sources: Vec<Citation>,
    pub notes: Vec<String>,
    pub evidence: Vec<Evidence>,
    /// `scope each x in list`: the slot of `x` and the list.
    pub scope: Option<(u32, Expr)>,
    pub achieved: Option<Expr>,
    pub locals: u32,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Evidence {
    One(String),
    AnyOf(Vec<String>),
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub code: String,
    pub kind: RuleKind,
    pub label: String,
    /// Every `source` it cites, in order.
    pub sources: Vec<Citation>,
    pub notes: Vec<String>,
    pub fix: Option<String>,
    pub steps: Vec<RuleStep>,
    pub locals: u32,
    pub origin: Origin,
}

/// A rule's logic in the order written.
#[derive(Clone, Debug)]
pub enum RuleStep {
    When(Expr),
    ForEach {
        slot: u32,
        name: String,
        list: Expr,
    },
    Let {
        slot: u32,
        name: String,
        value: Expr,
    },
    Require(Expr),
}

#[derive(Clone, Debug)]
pub struct Table {
    pub name: String,
    pub label: Option<String>,
    /// Every `source` it cites, in order.
    pub sources: Vec<Citation>,
    pub key_column: String,
    pub key_type: Type,
    /// Value columns: name and type.
    pub columns: Vec<(String, Type)>,
    pub rows: Vec<TableRow>,
    pub origin: Origin,
}

impl Table {
    /// The type a lookup returns: the single value column, or a record of them.
    pub fn result_type(&self) -> Type {
        match self.columns.as_slice() {
            [(_, t)] => t.clone(),
            cols => Type::Struct(cols.iter().cloned().collect()),
        }
    }
}

#[derive(Clone, Debug)]
pub struct TableRow {
    pub key: Key,
    pub values: Vec<Constant>,
    pub origin: Origin,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Key {
    /// `1..4` (end included), `13..` (no end), `5` (start = end).
    Range {
        start: i64,
        end: Option<i64>,
    },
    Exact(Constant),
    /// `66 % <= part < 90 %`, `part < 66 %`: a range of numbers (decimals, money, integers)
    /// whose ends are each included or not; no end is unbounded on that side.
    Between {
        lower: Option<RangeEnd>,
        upper: Option<RangeEnd>,
    },
    /// A row of a table with several key columns: one key per column, in order.
    Tuple(Vec<Key>),
}

/// One end of a [`Key::Between`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RangeEnd {
    pub value: Decimal,
    pub inclusive: bool,
    /// Written as a percentage (`66 %`): shown that way.
    pub percent: bool,
}

impl Key {
    /// The key as a row writes it: `1..4`, `13..`, `66 % <= part < 90 %`, `P4, 1..3`.
    /// `columns` are the key columns' names; `exact` shows a constant of column `k`.
    pub fn text(&self, columns: &[&str], exact: &dyn Fn(&Constant, usize) -> String) -> String {
        self.text_at(0, columns, exact)
    }

    fn text_at(
        &self,
        k: usize,
        columns: &[&str],
        exact: &dyn Fn(&Constant, usize) -> String,
    ) -> String {
        let column = columns.get(k).copied().unwrap_or("x");
        let bound = |e: &RangeEnd| {
            if e.percent {
                format!("{} %", (e.value * Decimal::ONE_HUNDRED).normalize())
            } else {
                exact(&Constant::Decimal(e.value.normalize()), k)
            }
        };
        let below = |e: &RangeEnd| if e.inclusive { "<=" } else { "<" };
        match self {
            Key::Range { start, end: None } => format!("{start}.."),
            Key::Range {
                start,
                end: Some(e),
            } if start == e => format!("{start}"),
            Key::Range {
                start,
                end: Some(e),
            } => format!("{start}..{e}"),
            Key::Exact(c) => exact(c, k),
            Key::Between {
                lower: Some(l),
                upper: Some(u),
            } => format!(
                "{} {} {column} {} {}",
                bound(l),
                below(l),
                below(u),
                bound(u)
            ),
            Key::Between {
                lower: Some(l),
                upper: None,
            } => format!(
                "{column} {} {}",
                if l.inclusive { ">=" } else { ">" },
                bound(l)
            ),
            Key::Between {
                lower: None,
                upper: Some(u),
            } => format!("{column} {} {}", below(u), bound(u)),
            Key::Between {
                lower: None,
                upper: None,
            } => column.to_string(),
            Key::Tuple(keys) => keys
                .iter()
                .enumerate()
                .map(|(i, key)| key.text_at(i, columns, exact))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// Does the number `v` fall in this key (a range or an exact number)?
    pub fn covers_number(&self, v: Decimal) -> bool {
        match self {
            Key::Range { start, end } => {
                v >= Decimal::from(*start) && end.is_none_or(|e| v <= Decimal::from(e))
            }
            Key::Between { lower, upper } => {
                lower.is_none_or(|l| {
                    if l.inclusive {
                        v >= l.value
                    } else {
                        v > l.value
                    }
                }) && upper.is_none_or(|u| {
                    if u.inclusive {
                        v <= u.value
                    } else {
                        v < u.value
                    }
                })
            }
            Key::Exact(Constant::Int(n)) => v == Decimal::from(*n),
            Key::Exact(Constant::Decimal(d) | Constant::Money(d)) => v == *d,
            Key::Exact(_) | Key::Tuple(_) => false,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Function {
    pub name: String,
    pub label: Option<String>,
    /// Every `source` it cites, in order.
    pub sources: Vec<Citation>,
    pub params: Vec<(String, Type)>,
    pub ret: Type,
    pub body: Body,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub struct Value {
    pub name: String,
    pub label: Option<String>,
    /// Every `source` it cites, in order.
    pub sources: Vec<Citation>,
    pub ty: Type,
    pub body: Body,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub struct Output {
    pub name: String,
    pub label: Option<String>,
    /// Every `source` it cites, in order.
    pub sources: Vec<Citation>,
    pub ty: Type,
    pub body: Body,
    pub origin: Origin,
}

/// `let`s then an expression; `locals` slots in all (parameters first, for functions).
#[derive(Clone, Debug)]
pub struct Body {
    pub lets: Vec<(u32, String, Expr)>,
    pub expr: Expr,
    pub locals: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    Bool(bool),
    Int(i64),
    Decimal(Decimal),
    Money(Decimal),
    Date(Date),
    Instant(jiff::Timestamp),
    Duration { amount: i64, unit: DurationUnit },
    Text(Arc<str>),
    Code(Arc<str>),
    Track(u32),
    Enum(EnumId, u32),
    Absent,
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub ty: Type,
    pub origin: Origin,
}

impl Expr {
    /// The expressions directly inside this one, in the order written (a comprehension's list,
    /// then its filter and body): the one walk of the tree that readers of the IR share.
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Field { base, .. }
            | ExprKind::TrackField { base, .. }
            | ExprKind::Not(base)
            | ExprKind::Neg(base)
            | ExprKind::PassedCode(base)
            | ExprKind::AchievedCode(base) => vec![base],
            ExprKind::Builtin { args, .. }
            | ExprKind::Call { args, .. }
            | ExprKind::List(args)
            | ExprKind::Struct(args) => args.iter().collect(),
            ExprKind::Lookup { key, .. } => vec![key],
            ExprKind::Comprehension {
                source,
                filter,
                body,
                ..
            } => {
                let mut v: Vec<&Expr> = vec![source];
                v.extend(filter.as_deref());
                v.extend(body.as_deref());
                v
            }
            ExprKind::Binary { lhs, rhs, .. }
            | ExprKind::Range {
                start: lhs,
                end: rhs,
            } => vec![lhs, rhs],
            ExprKind::If { cond, then, els } => vec![cond, then, els],
            _ => Vec::new(),
        }
    }
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Const(Constant),
    Local(u32),
    Input,
    Value(u32),
    Output(u32),
    /// Field `index` of a record or struct (absent when the base is an absent optional).
    Field {
        base: Box<Expr>,
        index: u32,
    },
    TrackField {
        base: Box<Expr>,
        field: TrackField,
    },
    Builtin {
        func: Builtin,
        args: Vec<Expr>,
    },
    Call {
        func: u32,
        args: Vec<Expr>,
    },
    Lookup {
        table: u32,
        key: Box<Expr>,
    },
    Comprehension {
        op: CompOp,
        slot: u32,
        source: Box<Expr>,
        filter: Option<Box<Expr>>,
        body: Option<Box<Expr>>,
    },
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary {
        op: BinaryOp,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    If {
        cond: Box<Expr>,
        then: Box<Expr>,
        els: Box<Expr>,
    },
    List(Vec<Expr>),
    Struct(Vec<Expr>),
    Range {
        start: Box<Expr>,
        end: Box<Expr>,
    },
    Passed(u32),
    AllRulesPassed,
    Achieved(u32),
    /// `passed(x)` / `achieved(x)` with a code computed at evaluation.
    PassedCode(Box<Expr>),
    AchievedCode(Box<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrackField {
    Key,
    Label,
    Mandatory,
    ALaCarte,
    Objectives,
    AtLeast,
    AtMost,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompOp {
    All,
    Any,
    None,
    Count,
    Sum,
    Min,
    Max,
    Mean,
    List,
    Sort,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundMode {
    HalfAwayFromZero,
    HalfEven,
    Down,
    Up,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Count,
    Sum,
    Min,
    Max,
    Mean,
    /// `min(a, b, …)` / `max(a, b, …)` of two or more values.
    MinOf,
    MaxOf,
    Round(RoundMode),
    Abs,
    Date,
    DaysBetween,
    First,
    Last,
    FirstN,
    LastN,
    Pairs,
    Gaps,
    Distinct,
    AllDistinct,
    /// The items of a list of lists, in order.
    Flatten,
    /// `item(xs, n)`: the n-th item (1 is the first, -1 the last), absent when out of range.
    Item,
    Union,
    Intersection,
    Difference,
    Subset,
    AllOrNone,
    Present,
}
