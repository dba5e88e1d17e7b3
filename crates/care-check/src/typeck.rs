//! Typing expressions: names resolved to slots and indices, operators checked, the typed
//! [`ir::Expr`] built.

use crate::ctx::{CodeRef, Ctx, Dep, Global, Lazy};
use crate::env::Env;
use crate::index::{Role, Symbol};
use crate::ir::{self, CompOp, Constant, ExprKind, Origin, TrackField};
use crate::types::{EnumId, Type};
use care_syntax::ast::{self, BinaryOp, CompBody, Expr, Literal, UnaryOp};
use care_syntax::{FileId, Node, Span};
use rust_decimal::Decimal;

pub fn literal_type(l: &Literal) -> Type {
    match l {
        Literal::Bool(_) => Type::Bool,
        Literal::Int(_) => Type::Int,
        Literal::Decimal(_) | Literal::Percent(_) => Type::Decimal,
        Literal::Money(_) => Type::Money,
        Literal::Duration { .. } => Type::Duration,
        Literal::Date(_) => Type::Date,
        Literal::Instant(_) => Type::Instant,
        Literal::Text(_) => Type::Text,
        // Optional of anything: unified with the other branch of an `if` or a list's items.
        Literal::Absent => Type::Optional(std::sync::Arc::new(Type::Error)),
    }
}

/// A literal's value. Instants need the policy's time zone when written without an offset.
pub fn literal_constant(
    cx: &mut Ctx,
    l: &Literal,
    file: FileId,
    span: Span,
) -> Option<(Constant, Type)> {
    let c = match l {
        Literal::Bool(b) => Constant::Bool(*b),
        Literal::Int(n) => Constant::Int(*n),
        Literal::Decimal(d) => Constant::Decimal(*d),
        Literal::Percent(p) => match p.checked_div(Decimal::ONE_HUNDRED) {
            Some(d) => Constant::Decimal(d.normalize()),
            None => {
                cx.error(
                    "E0002",
                    "this percentage cannot be represented",
                    file,
                    span,
                    "out of range",
                )
                .keyed("E0002-percent", &[]);
                return None;
            }
        },
        Literal::Money(m) => Constant::Money(*m),
        Literal::Duration { amount, unit } => Constant::Duration {
            amount: *amount,
            unit: *unit,
        },
        Literal::Date(d) => Constant::Date(*d),
        Literal::Instant(raw) => match parse_instant(raw, &cx.tz) {
            Ok(t) => Constant::Instant(t),
            Err(e) => {
                cx.error("E0002", e.message(raw), file, span, e.label())
                    .keyed(e.key(), &[("value", raw)]);
                let (key, args, help) = e.help();
                let args: Vec<(&'static str, &str)> =
                    args.iter().map(|(n, v)| (*n, v.as_str())).collect();
                cx.help(key, &args, help);
                return None;
            }
        },
        Literal::Text(t) => Constant::Text(t.as_str().into()),
        Literal::Absent => Constant::Absent,
    };
    Some((c, literal_type(l)))
}

use crate::zones::offset_text;

/// Why an instant literal has no single instant.
enum InstantError {
    Invalid,
    Zone(crate::zones::ZoneError),
    Gap(String, jiff::tz::Offset, jiff::tz::Offset),
    Fold(String, jiff::tz::Offset, jiff::tz::Offset),
}

impl InstantError {
    fn message(&self, raw: &str) -> String {
        match self {
            InstantError::Invalid => format!("`{raw}` is not a valid instant"),
            InstantError::Zone(_) => format!("`{raw}` names an unknown time zone"),
            InstantError::Gap(zone, ..) => format!("`{raw}` never happened in `{zone}`"),
            InstantError::Fold(zone, ..) => format!("`{raw}` happened twice in `{zone}`"),
        }
    }

    /// The catalog entry of the message; its argument `zone` is the zone named or meant.
    fn key(&self) -> &'static str {
        match self {
            InstantError::Invalid => "E0002-instant",
            InstantError::Zone(_) => "E0002-instant-zone",
            InstantError::Gap(..) => "E0002-instant-gap",
            InstantError::Fold(..) => "E0002-instant-fold",
        }
    }

    fn label(&self) -> &'static str {
        match self {
            InstantError::Invalid => "invalid instant",
            InstantError::Zone(_) => "not an IANA time zone",
            InstantError::Gap(..) => "skipped when the clocks went forward",
            InstantError::Fold(..) => "repeated when the clocks went back",
        }
    }

    /// The help, its catalog entry and the arguments the entry uses.
    fn help(&self) -> (&'static str, Vec<(&'static str, String)>, String) {
        match self {
            InstantError::Invalid => ("E0002-instant-help", Vec::new(), "write an instant with an offset (`2026-06-04T16:00:00+02:00`) or a time zone (`2026-06-04T16:00[Europe/Paris]`); offsets go up to ±23:59 and seconds up to 59".to_string()),
            InstantError::Zone(e) => crate::header::zone_help(e),
            InstantError::Gap(zone, before, after) => (
                "E0002-instant-gap-help",
                vec![
                    ("zone", zone.clone()),
                    ("before", offset_text(*before)),
                    ("after", offset_text(*after)),
                ],
                format!(
                    "write the offset that is meant: `{}` (before the change) or `{}` (after it)",
                    offset_text(*before),
                    offset_text(*after)
                ),
            ),
            InstantError::Fold(zone, first, second) => (
                "E0002-instant-fold-help",
                vec![
                    ("zone", zone.clone()),
                    ("before", offset_text(*first)),
                    ("after", offset_text(*second)),
                ],
                format!(
                    "write the offset that is meant: `{}` (the first time) or `{}` (the second time)",
                    offset_text(*first),
                    offset_text(*second)
                ),
            ),
        }
    }
}

/// An instant literal: with an offset, with a `[Zone]`, or a civil time in the policy's zone. A
/// civil time that a change of the clocks skipped or repeated is refused, not guessed.
fn parse_instant(raw: &str, tz: &jiff::tz::TimeZone) -> Result<jiff::Timestamp, InstantError> {
    use crate::zones::{civil_in_zone, named_zone, Civil};
    let (time, zone) = match raw.split_once('[') {
        Some((time, rest)) => {
            let name = rest.strip_suffix(']').ok_or(InstantError::Invalid)?;
            (time, Some(named_zone(name).map_err(InstantError::Zone)?))
        }
        None => (raw, None),
    };
    if !strict_clock(time) {
        return Err(InstantError::Invalid);
    }
    if let Ok(t) = time.parse::<jiff::Timestamp>() {
        // A written offset must be the zone's own at that instant.
        return match &zone {
            Some(z) if z.to_offset(t) != offset_of(time).ok_or(InstantError::Invalid)? => {
                Err(InstantError::Invalid)
            }
            _ => Ok(t),
        };
    }
    let dt: jiff::civil::DateTime = time.parse().map_err(|_| InstantError::Invalid)?;
    let zone = zone.unwrap_or_else(|| tz.clone());
    let name = zone.iana_name().unwrap_or("UTC").to_string();
    match civil_in_zone(dt, &zone).ok_or(InstantError::Invalid)? {
        Civil::Exact(t) => Ok(t),
        Civil::Gap { before, after } => Err(InstantError::Gap(name, before, after)),
        Civil::Fold { first, second } => Err(InstantError::Fold(name, first, second)),
    }
}

/// Hours of an offset up to 23, minutes and seconds up to 59 (no leap second).
fn strict_clock(time: &str) -> bool {
    let Some((_, clock)) = time.split_once('T') else {
        return false;
    };
    let field = |s: &str| s.get(..2).and_then(|d| d.parse::<u8>().ok());
    let seconds_ok = clock
        .get(6..8)
        .filter(|_| clock.as_bytes().get(5) == Some(&b':'))
        .is_none_or(|s| s.parse::<u8>().is_ok_and(|s| s <= 59));
    let offset_ok = match clock.find(['+', '-']) {
        Some(i) => {
            let off = &clock[i + 1..];
            field(off).is_some_and(|h| h <= 23)
                && off.get(3..5).and_then(field).is_some_and(|m| m <= 59)
        }
        None => true,
    };
    seconds_ok && offset_ok
}

/// The offset written at the end of an instant (`Z`, `+02:00`).
fn offset_of(time: &str) -> Option<jiff::tz::Offset> {
    if time.ends_with('Z') || time.ends_with('z') {
        return Some(jiff::tz::Offset::UTC);
    }
    let i = time.rfind(['+', '-'])?;
    let sign: i32 = if time.as_bytes()[i] == b'-' { -1 } else { 1 };
    let h: i32 = time.get(i + 1..i + 3)?.parse().ok()?;
    let m: i32 = time.get(i + 4..i + 6)?.parse().ok()?;
    jiff::tz::Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

/// The common type of two values (branches of an `if`, items of a list).
pub fn unify(a: &Type, b: &Type) -> Option<Type> {
    use Type::*;
    Some(match (a, b) {
        (Error, t) | (t, Error) => t.clone(),
        (a, b) if a == b => a.clone(),
        (Int | Decimal | Share, Int | Decimal | Share) => Decimal,
        (Code, Text) | (Text, Code) => Text,
        (Optional(x), Optional(y)) => Type::optional(unify(x, y)?),
        (Optional(x), y) | (y, Optional(x)) => Type::optional(unify(x, y)?),
        (List(x), List(y)) => Type::list(unify(x, y)?),
        (Struct(x), Struct(y))
            if x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| p.0 == q.0) =>
        {
            let fields: Option<Vec<(String, Type)>> = x
                .iter()
                .zip(y.iter())
                .map(|(p, q)| Some((p.0.clone(), unify(&p.1, &q.1)?)))
                .collect();
            Struct(fields?.into())
        }
        _ => return None,
    })
}

/// Can a value of type `from` be used where `to` is declared?
pub fn assignable(from: &Type, to: &Type) -> bool {
    use Type::*;
    match (from, to) {
        (Error, _) | (_, Error) => true,
        (a, b) if a == b => true,
        (Int, Decimal | Share) | (Decimal, Share) | (Share, Decimal) => true,
        (Code, Text) | (Text, Code) => true,
        (Optional(x), Optional(y)) => assignable(x, y),
        (x, Optional(y)) => assignable(x, y),
        (List(x), List(y)) => assignable(x, y),
        (Struct(x), Struct(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|(p, q)| p.0 == q.0 && assignable(&p.1, &q.1))
        }
        _ => false,
    }
}

fn ordered(t: &Type) -> bool {
    matches!(
        t,
        Type::Int
            | Type::Decimal
            | Type::Share
            | Type::Money
            | Type::Date
            | Type::Instant
            | Type::Text
            | Type::Code
            | Type::Error
    )
}

pub(crate) fn mk(kind: ExprKind, ty: Type, file: FileId, span: Span) -> ir::Expr {
    ir::Expr {
        kind,
        ty,
        origin: Origin { file, span },
    }
}

fn poison(file: FileId, span: Span) -> ir::Expr {
    mk(ExprKind::Const(Constant::Absent), Type::Error, file, span)
}

/// Whether typing a declaration now would pass [`crate::ctx::MAX_DEPENDENCY_DEPTH`] (the
/// declarations being typed are `cx.owner`); E0110 once per version.
fn too_deep(cx: &mut Ctx, file: FileId, span: Span, name: &str) -> bool {
    if cx.owner.len() < crate::ctx::MAX_DEPENDENCY_DEPTH {
        return false;
    }
    if !cx.chain_reported {
        cx.chain_reported = true;
        cx.error(
            "E0110",
            format!(
                "`{name}` ends a chain of more than {} declarations that depend on one another",
                crate::ctx::MAX_DEPENDENCY_DEPTH
            ),
            file,
            span,
            "too far down the chain",
        )
        .keyed(
            "E0110-chain-end",
            &[
                ("name", name),
                ("max", &crate::ctx::MAX_DEPENDENCY_DEPTH.to_string()),
            ],
        );
        cx.help("E0110-help", &[], chain_help());
    }
    true
}

pub fn chain_help() -> String {
    format!(
        "a value, output, function, rule or objective may depend on others through at most {} steps: compute intermediate results in fewer steps (a `sum`, a table)",
        crate::ctx::MAX_DEPENDENCY_DEPTH
    )
}

/// Types a value declaration on first use (values may refer to each other in any order).
pub fn value(cx: &mut Ctx, id: u32) -> Type {
    let i = id as usize;
    match cx.values.get(i) {
        Some(Lazy::Done(v)) => return v.ty.clone(),
        Some(Lazy::InProgress) => return Type::Error, // a cycle: reported by the cycle lint
        Some(Lazy::Pending) => {}
        None => return Type::Error,
    }
    let decls = cx.decls;
    let decl = &decls.values[i];
    if too_deep(cx, decl.file, decl.name.span, &decl.name.node) {
        return Type::Error;
    }
    cx.values[i] = Lazy::InProgress;
    let file = decl.file;
    cx.owner.push(Dep::Value(id));
    let mut env = Env::new();
    let declared = decl.node.ty.as_ref().map(|t| cx.resolve_type(t, file));
    let body = body(cx, &decl.node.body, file, &mut env, declared.as_ref());
    cx.owner.pop();
    let ty = match declared {
        Some(d) => {
            check_assignable(cx, &body.expr.ty, &d, file, decl.node.body.node.expr.span);
            d
        }
        None => body.expr.ty.clone(),
    };
    let source = {
        let metas: Vec<_> = decl
            .node
            .body
            .node
            .meta
            .iter()
            .map(|m| (file, &m.node))
            .collect();
        cx.citation(&metas)
    };
    cx.values[i] = Lazy::Done(ir::Value {
        name: decl.name.node.clone(),
        label: decl.node.label.as_ref().map(|l| l.node.clone()),
        sources: source,
        ty: ty.clone(),
        body,
        origin: Origin {
            file,
            span: decl.span,
        },
    });
    ty
}

/// An output's type: declared, or its body's (typed now if need be).
pub fn output_type(cx: &mut Ctx, i: u32) -> Type {
    if let Some(Some(t)) = cx.names.output_types.get(i as usize) {
        return t.clone();
    }
    match output_body(cx, i) {
        Some(b) => b.expr.ty,
        None => Type::Error,
    }
}

/// Types an output's body once (a cycle gives `None`; the cycle lint reports it).
pub fn output_body(cx: &mut Ctx, i: u32) -> Option<ir::Body> {
    let k = i as usize;
    match cx.output_bodies.get(k) {
        Some(Lazy::Done(b)) => return Some(b.clone()),
        Some(Lazy::InProgress) | None => return None,
        Some(Lazy::Pending) => {}
    }
    let decls = cx.decls;
    let decl = decls.outputs.get(k)?;
    if too_deep(cx, decl.file, decl.name.span, &decl.name.node) {
        return None;
    }
    cx.output_bodies[k] = Lazy::InProgress;
    let declared = cx.names.output_types.get(k).cloned().flatten();
    cx.owner.push(Dep::Output(i));
    let mut env = Env::new();
    let b = body(cx, &decl.node.body, decl.file, &mut env, declared.as_ref());
    cx.owner.pop();
    cx.output_bodies[k] = Lazy::Done(b.clone());
    Some(b)
}

pub fn check_assignable(cx: &mut Ctx, found: &Type, expected: &Type, file: FileId, span: Span) {
    if !assignable(found, expected) {
        let msg = format!(
            "expected `{}`, found `{}`",
            cx.type_name(expected),
            cx.type_name(found)
        );
        let (expected_name, found_name) = (cx.type_name(expected), cx.type_name(found));
        cx.error(
            "E0201",
            msg,
            file,
            span,
            format!("this is `{}`", cx.type_name(found)),
        )
        .keyed(
            "E0201-expected",
            &[("expected", &expected_name), ("found", &found_name)],
        );
        if matches!(found, Type::Optional(_)) && assignable(found.required(), expected) {
            let example = default_example(found.required());
            cx.help(
                "E0201-may-be-absent-help",
                &[("example", example)],
                format!(
                    "this value may be absent: give a default with `otherwise`, e.g. `x otherwise {example}`"
                ),
            );
        }
    }
}

/// `let`s then the final expression.
pub fn body(
    cx: &mut Ctx,
    b: &Node<ast::Body>,
    file: FileId,
    env: &mut Env,
    expect: Option<&Type>,
) -> ir::Body {
    let mark = env.mark();
    let mut lets = Vec::new();
    for l in &b.node.lets {
        let value = expr(cx, &l.node.value, file, env, None);
        let slot = cx.bind_local(env, &l.node.name, file, value.ty.clone());
        lets.push((slot, l.node.name.node.clone(), value));
    }
    let e = expr(cx, &b.node.expr, file, env, expect);
    env.reset(mark);
    ir::Body {
        lets,
        expr: e,
        locals: env.slots(),
    }
}

/// Checks a condition: a `bool`.
pub fn condition(
    cx: &mut Ctx,
    e: &Node<Expr>,
    file: FileId,
    env: &mut Env,
    what: &str,
) -> ir::Expr {
    let c = expr(cx, e, file, env, Some(&Type::Bool));
    if !matches!(c.ty, Type::Bool | Type::Error) {
        let msg = format!(
            "{what} must be a condition (`bool`), found `{}`",
            cx.type_name(&c.ty)
        );
        let found = cx.type_name(&c.ty);
        cx.error("E0201", msg, file, e.span, "not a condition")
            .keyed(
                "E0201-condition",
                &[
                    ("what", what),
                    ("role", condition_role(what)),
                    ("found", &found),
                ],
            );
        if matches!(c.ty, Type::Optional(_)) {
            cx.help(
                "E0201-condition-absent-help",
                &[],
                "this value may be absent: use `present(x)` or `x otherwise false`",
            );
        }
    }
    c
}

/// The place of a condition, for the translations of E0201-condition (`what` is English).
fn condition_role(what: &str) -> &'static str {
    match what {
        "the operand of `not`" => "not",
        "the condition of `if`" => "if",
        "the `where` filter" => "where",
        "the achievement condition" => "achieved",
        "`when`" => "when",
        "`require`" => "require",
        _ => "other",
    }
}

pub fn expr(
    cx: &mut Ctx,
    e: &Node<Expr>,
    file: FileId,
    env: &mut Env,
    expect: Option<&Type>,
) -> ir::Expr {
    let span = e.span;
    match &e.node {
        Expr::Missing => poison(file, span),
        Expr::Lit(l) => match literal_constant(cx, l, file, span) {
            Some((c, t)) => mk(ExprKind::Const(c), t, file, span),
            None => poison(file, span),
        },
        Expr::Name(n) => narrowed(name(cx, n, file, span, env, expect), e, env),
        Expr::Code(c) => match cx.names.codes.get(c).copied() {
            Some(r) => {
                cx.record(code_symbol(c, r), file, span, Role::Use, None);
                mk(
                    ExprKind::Const(Constant::Code(c.as_str().into())),
                    Type::Code,
                    file,
                    span,
                )
            }
            None => {
                let help = cx
                    .suggest(c, cx.names.codes.keys().map(String::as_str))
                    .map(str::to_string);
                cx.error(
                    "E0103",
                    format!("unknown code `{c}`"),
                    file,
                    span,
                    "no objective or rule has this code",
                )
                .keyed("E0103-unknown-code", &[("code", c)]);
                if let Some(s) = help {
                    cx.help(
                        "help-did-you-mean",
                        &[("suggestion", &s)],
                        format!("did you mean `{s}`?"),
                    );
                }
                poison(file, span)
            }
        },
        Expr::Field { base, field } => {
            narrowed(field_access(cx, base, field, file, span, env), e, env)
        }
        Expr::Call { func, args } => crate::builtins::call(cx, func, args, file, span, env, expect),
        Expr::Comprehension {
            op,
            binder,
            source,
            filter,
            body,
        } => comprehension(
            cx,
            op,
            binder,
            source,
            filter.as_deref(),
            body.as_ref(),
            file,
            span,
            env,
            expect,
        ),
        Expr::Unary {
            op: UnaryOp::Not,
            expr: inner,
        } => {
            let c = condition(cx, inner, file, env, "the operand of `not`");
            mk(ExprKind::Not(Box::new(c)), Type::Bool, file, span)
        }
        Expr::Unary {
            op: UnaryOp::Neg,
            expr: inner,
        } => {
            let c = expr(cx, inner, file, env, expect);
            if !matches!(
                c.ty,
                Type::Int
                    | Type::Decimal
                    | Type::Share
                    | Type::Money
                    | Type::Duration
                    | Type::Error
            ) {
                let found = cx.type_name(&c.ty);
                let msg = format!("cannot negate a `{found}`");
                cx.error("E0201", msg, file, inner.span, "not a number")
                    .keyed("E0201-negate", &[("found", &found)]);
            }
            let ty = if c.ty == Type::Share {
                Type::Decimal
            } else {
                c.ty.clone()
            };
            mk(ExprKind::Neg(Box::new(c)), ty, file, span)
        }
        Expr::Binary { op, lhs, rhs } => binary(cx, *op, lhs, rhs, file, span, env),
        Expr::If { cond, then, els } => {
            let c = condition(cx, cond, file, env, "the condition of `if`");
            let mark = env.narrow(crate::narrow::facts(cond, true, env));
            let t = expr(cx, then, file, env, expect);
            env.forget(mark);
            let mark = env.narrow(crate::narrow::facts(cond, false, env));
            let f = expr(cx, els, file, env, expect.or(Some(&t.ty)));
            env.forget(mark);
            let ty = match unify(&t.ty, &f.ty) {
                Some(ty) => ty,
                None => {
                    let msg = format!(
                        "the branches of `if` differ: `{}` and `{}`",
                        cx.type_name(&t.ty),
                        cx.type_name(&f.ty)
                    );
                    let (a, b) = (cx.type_name(&t.ty), cx.type_name(&f.ty));
                    cx.error(
                        "E0201",
                        msg,
                        file,
                        els.span,
                        "not the type of the `then` branch",
                    )
                    .keyed("E0201-branches", &[("then", &a), ("else", &b)]);
                    Type::Error
                }
            };
            mk(
                ExprKind::If {
                    cond: Box::new(c),
                    then: Box::new(t),
                    els: Box::new(f),
                },
                ty,
                file,
                span,
            )
        }
        Expr::List(items) => {
            let elem_expect = expect.and_then(Type::element).cloned();
            let mut ty = elem_expect.clone().unwrap_or(Type::Error);
            let mut out = Vec::new();
            for item in items {
                let x = expr(cx, item, file, env, elem_expect.as_ref().or(Some(&ty)));
                match unify(&ty, &x.ty) {
                    Some(t) => ty = t,
                    None => {
                        let msg = format!(
                            "list items differ: `{}` and `{}`",
                            cx.type_name(&ty),
                            cx.type_name(&x.ty)
                        );
                        let (a, b) = (cx.type_name(&ty), cx.type_name(&x.ty));
                        cx.error(
                            "E0201",
                            msg,
                            file,
                            item.span,
                            "not the type of the items before",
                        )
                        .keyed("E0201-list-items", &[("first", &a), ("other", &b)]);
                    }
                }
                out.push(x);
            }
            mk(ExprKind::List(out), Type::list(ty), file, span)
        }
        Expr::Record(entries) => {
            if let Some(x) = record_by_shape(cx, entries, file, span, env, expect) {
                return x;
            }
            let mut fields: Vec<(String, Type)> = Vec::new();
            let mut out = Vec::new();
            for (k, v) in entries {
                let key = k.node.as_str().to_string();
                if fields.iter().any(|(n, _)| *n == key) {
                    cx.error(
                        "E0102",
                        format!("key `{key}` appears twice"),
                        file,
                        k.span,
                        "repeated key",
                    )
                    .keyed("E0102-record-key", &[("key", &key)]);
                }
                let x = expr(cx, v, file, env, None);
                fields.push((key, x.ty.clone()));
                out.push(x);
            }
            mk(
                ExprKind::Struct(out),
                Type::Struct(fields.into()),
                file,
                span,
            )
        }
        Expr::Range { start, end } => {
            let s = expr(cx, start, file, env, Some(&Type::Int));
            let t = expr(cx, end, file, env, Some(&Type::Int));
            for (x, sp) in [(&s, start.span), (&t, end.span)] {
                if !matches!(x.ty, Type::Int | Type::Error) {
                    let msg = format!(
                        "a range goes between whole numbers, not `{}`",
                        cx.type_name(&x.ty)
                    );
                    let found = cx.type_name(&x.ty);
                    cx.error("E0201", msg, file, sp, "not an int")
                        .keyed("E0201-range", &[("found", &found)]);
                }
            }
            mk(
                ExprKind::Range {
                    start: Box::new(s),
                    end: Box::new(t),
                },
                Type::list(Type::Int),
                file,
                span,
            )
        }
    }
}

/// A record literal where a declared record with exactly its keys is expected is that record:
/// its values are typed against the fields and laid out in the record's order.
fn record_by_shape(
    cx: &mut Ctx,
    entries: &[(Node<ast::RecordKey>, Node<Expr>)],
    file: FileId,
    span: Span,
    env: &mut Env,
    expect: Option<&Type>,
) -> Option<ir::Expr> {
    // A declared record, or a record type written by its fields (`{date: date, cible: bool}`).
    let (fields, ty): (Vec<(String, Type)>, Type) = match expect.map(Type::required) {
        Some(Type::Record(id)) => {
            let rec = cx.names.schema.record(*id)?;
            (
                rec.fields
                    .iter()
                    .map(|f| (f.name.clone(), f.ty.clone()))
                    .collect(),
                Type::Record(*id),
            )
        }
        Some(Type::Struct(fields)) => (fields.to_vec(), Type::Struct(fields.clone())),
        _ => return None,
    };
    let same_keys = entries.len() == fields.len()
        && fields.iter().all(|(name, _)| {
            entries
                .iter()
                .filter(|(k, _)| k.node.as_str() == name)
                .count()
                == 1
        });
    if !same_keys {
        return None;
    }
    let mut values = Vec::new();
    for (name, fty) in &fields {
        let (_, v) = entries.iter().find(|(k, _)| k.node.as_str() == name)?;
        let x = expr(cx, v, file, env, Some(fty));
        check_assignable(cx, &x.ty, fty, file, v.span);
        values.push(x);
    }
    Some(mk(ExprKind::Struct(values), ty, file, span))
}

/// A name or field a presence test guards has its type without `?`.
fn narrowed(mut x: ir::Expr, e: &Node<Expr>, env: &Env) -> ir::Expr {
    if matches!(x.ty, Type::Optional(_))
        && crate::narrow::path(e, env).is_some_and(|p| env.is_narrowed(&p))
    {
        x.ty = x.ty.required().clone();
    }
    x
}

fn name(
    cx: &mut Ctx,
    n: &str,
    file: FileId,
    span: Span,
    env: &mut Env,
    expect: Option<&Type>,
) -> ir::Expr {
    if let Some((slot, ty)) = env.lookup(n) {
        let ty = ty.clone();
        if let Some(symbol) = env.symbol(n) {
            cx.record(symbol.clone(), file, span, Role::Use, Some(&ty));
        }
        return mk(ExprKind::Local(slot), ty, file, span);
    }
    // A bare enum variant where an enum is expected.
    if let Some(Type::Enum(id)) = expect.map(Type::required) {
        if let Some(v) = variant_index(cx, *id, n) {
            record_variant(cx, *id, n, file, span);
            return mk(
                ExprKind::Const(Constant::Enum(*id, v)),
                Type::Enum(*id),
                file,
                span,
            );
        }
    }
    if let Some(g) = cx.names.globals.get(n).copied() {
        return match g {
            Global::Input => {
                let ty = cx.names.schema.root.clone();
                cx.record(
                    Symbol::Input(n.to_string()),
                    file,
                    span,
                    Role::Use,
                    Some(&ty),
                );
                mk(ExprKind::Input, ty, file, span)
            }
            Global::Track(i) => {
                cx.record(Symbol::Track(n.to_string()), file, span, Role::Use, None);
                mk(ExprKind::Const(Constant::Track(i)), Type::Track, file, span)
            }
            Global::Value(i) => {
                cx.depend(Dep::Value(i), file, span);
                let ty = value(cx, i);
                cx.record(
                    Symbol::Value(n.to_string()),
                    file,
                    span,
                    Role::Use,
                    Some(&ty),
                );
                mk(ExprKind::Value(i), ty, file, span)
            }
            Global::Output(i) => {
                cx.depend(Dep::Output(i), file, span);
                let ty = output_type(cx, i);
                cx.record(
                    Symbol::Output(n.to_string()),
                    file,
                    span,
                    Role::Use,
                    Some(&ty),
                );
                mk(ExprKind::Output(i), ty, file, span)
            }
            Global::Table(_) => {
                cx.error(
                    "E0201",
                    format!("table `{n}` is looked up with a key: `{n}(key)`"),
                    file,
                    span,
                    "a table, not a value",
                )
                .keyed("E0201-table-as-value", &[("name", n)]);
                poison(file, span)
            }
            Global::Function(_) => {
                cx.error(
                    "E0201",
                    format!("function `{n}` is called with its arguments: `{n}(…)`"),
                    file,
                    span,
                    "a function, not a value",
                )
                .keyed("E0201-function-as-value", &[("name", n)]);
                poison(file, span)
            }
        };
    }
    // A bare variant of exactly one enum.
    let found: Vec<(EnumId, u32)> = (0..cx.names.schema.enums.len())
        .filter_map(|e| {
            let id = EnumId(u32::try_from(e).unwrap_or(0));
            variant_index(cx, id, n).map(|v| (id, v))
        })
        .collect();
    match found.as_slice() {
        [(id, v)] => {
            record_variant(cx, *id, n, file, span);
            return mk(
                ExprKind::Const(Constant::Enum(*id, *v)),
                Type::Enum(*id),
                file,
                span,
            );
        }
        [] => {}
        several => {
            let names: Vec<String> = several
                .iter()
                .filter_map(|(id, _)| {
                    cx.names
                        .schema
                        .enum_def(*id)
                        .map(|e| format!("`{}.{n}`", e.name))
                })
                .collect();
            cx.error(
                "E0101",
                format!("`{n}` is a variant of several enums"),
                file,
                span,
                "ambiguous",
            )
            .keyed("E0101-ambiguous-variant", &[("name", n)]);
            let names = names.join(", ");
            cx.help(
                "E0101-ambiguous-variant-help",
                &[("names", &names)],
                format!("write one of {names}"),
            );
            return poison(file, span);
        }
    }
    let candidates: Vec<&str> = if cx.suggestion_work.get() > 0 {
        env.names()
            .chain(cx.names.globals.keys().map(String::as_str))
            .collect()
    } else {
        Vec::new()
    };
    let help = cx.suggest(n, candidates.into_iter()).map(str::to_string);
    cx.error(
        "E0101",
        format!("unknown name `{n}`"),
        file,
        span,
        "not declared",
    )
    .keyed("E0101-unknown-name", &[("name", n)]);
    if let Some(english) = care_syntax::french_keyword(n) {
        if let Some(d) = cx.diags.last_mut() {
            d.keyed(
                "E0101-french-keyword",
                &[("found", n), ("english", english), ("word", n)],
            );
        }
        cx.help(
            "E0001-french-keyword-help",
            &[],
            care_syntax::french_keyword_help(n, english),
        );
        return poison(file, span);
    }
    match help {
        Some(s) => cx.help(
            "help-did-you-mean",
            &[("suggestion", &s)],
            format!("did you mean `{s}`?"),
        ),
        None => cx.help("E0101-names-help", &[], "names are `let` bindings, parameters, values, outputs, tracks, the input, or enum variants"),
    }
    poison(file, span)
}

fn record_variant(cx: &mut Ctx, id: EnumId, n: &str, file: FileId, span: Span) {
    if let Some(e) = cx.names.schema.enum_def(id) {
        let symbol = Symbol::Variant(e.name.clone(), n.to_string());
        cx.record(symbol, file, span, Role::Use, None);
    }
}

/// The index symbol of a resolved code.
pub fn code_symbol(code: &str, r: CodeRef) -> Symbol {
    match r {
        CodeRef::Rule(_) => Symbol::Rule(code.to_string()),
        CodeRef::Objective(_) => Symbol::Objective(code.to_string()),
    }
}

fn variant_index(cx: &Ctx, id: EnumId, n: &str) -> Option<u32> {
    cx.names
        .schema
        .enum_def(id)?
        .variants
        .iter()
        .position(|v| v.name == n)
        .and_then(|i| u32::try_from(i).ok())
}

fn field_access(
    cx: &mut Ctx,
    base: &Node<Expr>,
    field: &Node<String>,
    file: FileId,
    span: Span,
    env: &mut Env,
) -> ir::Expr {
    // `Enum.variant`
    if let Expr::Name(n) = &base.node {
        if env.lookup(n).is_none() && !cx.names.globals.contains_key(n) {
            if let Some(Type::Enum(id)) = cx.names.type_names.get(n).cloned() {
                cx.record(Symbol::Enum(n.clone()), file, base.span, Role::Use, None);
                return match variant_index(cx, id, &field.node) {
                    Some(v) => {
                        record_variant(cx, id, &field.node, file, field.span);
                        mk(
                            ExprKind::Const(Constant::Enum(id, v)),
                            Type::Enum(id),
                            file,
                            span,
                        )
                    }
                    None => {
                        let variants = cx
                            .names
                            .schema
                            .enum_def(id)
                            .map(|e| {
                                e.variants
                                    .iter()
                                    .map(|v| format!("`{}`", v.name))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            })
                            .unwrap_or_default();
                        cx.error(
                            "E0107",
                            format!("`{n}` has no variant `{}`", field.node),
                            file,
                            field.span,
                            "unknown variant",
                        )
                        .keyed("E0107-no-variant", &[("enum", n), ("variant", &field.node)]);
                        cx.help(
                            "E0107-variants-help",
                            &[("variants", &variants)],
                            format!("variants: {variants}"),
                        );
                        poison(file, span)
                    }
                };
            }
        }
    }
    let b = expr(cx, base, file, env, None);
    let optional = matches!(b.ty, Type::Optional(_));
    let wrap = |t: Type| if optional { Type::optional(t) } else { t };
    match b.ty.required().clone() {
        Type::Error => poison(file, span),
        Type::Record(id) => {
            let Some(rec) = cx.names.schema.record(id).cloned() else {
                return poison(file, span);
            };
            match rec.fields.iter().position(|f| f.name == field.node) {
                Some(i) => {
                    let f = &rec.fields[i];
                    let ty = wrap(f.ty.clone());
                    let symbol = Symbol::Field(rec.name.clone(), f.name.clone());
                    cx.record(symbol, file, field.span, Role::Use, Some(&ty));
                    mk(
                        ExprKind::Field {
                            base: Box::new(b),
                            index: u32::try_from(i).unwrap_or(0),
                        },
                        ty,
                        file,
                        span,
                    )
                }
                None => {
                    let fields = rec
                        .fields
                        .iter()
                        .map(|f| format!("`{}`", f.name))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let help = cx
                        .suggest(&field.node, rec.fields.iter().map(|f| f.name.as_str()))
                        .map(|s| {
                            (
                                "help-did-you-mean",
                                s.to_string(),
                                format!("did you mean `{s}`?"),
                            )
                        })
                        .unwrap_or_else(|| {
                            (
                                "E0107-record-fields-help",
                                String::new(),
                                format!("fields of `{}`: {fields}", rec.name),
                            )
                        });
                    cx.error(
                        "E0107",
                        format!("`{}` has no field `{}`", rec.name, field.node),
                        file,
                        field.span,
                        "unknown field",
                    )
                    .keyed(
                        "E0107-no-field",
                        &[("record", &rec.name), ("field", &field.node)],
                    );
                    cx.help(
                        help.0,
                        &[("suggestion", &help.1), ("fields", &fields)],
                        help.2,
                    );
                    poison(file, span)
                }
            }
        }
        Type::Struct(fields) => match fields.iter().position(|(n, _)| *n == field.node) {
            Some(i) => {
                let ty = wrap(fields[i].1.clone());
                mk(
                    ExprKind::Field {
                        base: Box::new(b),
                        index: u32::try_from(i).unwrap_or(0),
                    },
                    ty,
                    file,
                    span,
                )
            }
            None => {
                cx.error(
                    "E0107",
                    format!("no field `{}` here", field.node),
                    file,
                    field.span,
                    "unknown field",
                )
                .keyed("E0107-no-field-here", &[("field", &field.node)]);
                let names = fields
                    .iter()
                    .map(|(n, _)| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                cx.help(
                    "E0107-fields-help",
                    &[("fields", &names)],
                    format!("fields: {names}"),
                );
                poison(file, span)
            }
        },
        Type::Track => {
            let (tf, ty) = match field.node.as_str() {
                "key" => (TrackField::Key, Type::Int),
                "label" => (TrackField::Label, Type::Text),
                "mandatory" => (TrackField::Mandatory, Type::list(Type::Code)),
                "a_la_carte" => (TrackField::ALaCarte, Type::list(Type::Code)),
                "objectives" => (TrackField::Objectives, Type::list(Type::Code)),
                "at_least" => (TrackField::AtLeast, Type::Int),
                "at_most" => (TrackField::AtMost, Type::optional(Type::Int)),
                other => {
                    cx.error(
                        "E0107",
                        format!("a track has no field `{other}`"),
                        file,
                        field.span,
                        "unknown field",
                    )
                    .keyed("E0107-no-track-field", &[("field", other)]);
                    cx.help("E0107-track-fields-help", &[], "track fields: `key`, `label`, `mandatory`, `a_la_carte`, `objectives`, `at_least`, `at_most`");
                    return poison(file, span);
                }
            };
            mk(
                ExprKind::TrackField {
                    base: Box::new(b),
                    field: tf,
                },
                wrap(ty),
                file,
                span,
            )
        }
        other => {
            let msg = format!("a `{}` has no fields", cx.type_name(&other));
            let type_name = cx.type_name(&other);
            cx.error(
                "E0107",
                msg,
                file,
                field.span,
                format!("`.{}` on a `{}`", field.node, cx.type_name(&other)),
            )
            .keyed(
                "E0107-no-fields",
                &[("type", &type_name), ("field", &field.node)],
            );
            poison(file, span)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn comprehension(
    cx: &mut Ctx,
    op: &Node<String>,
    binder: &Node<String>,
    source: &Node<Expr>,
    filter: Option<&Node<Expr>>,
    body: Option<&CompBody>,
    file: FileId,
    span: Span,
    env: &mut Env,
    expect: Option<&Type>,
) -> ir::Expr {
    let cop = match op.node.as_str() {
        "all" => CompOp::All,
        "any" => CompOp::Any,
        "none" => CompOp::None,
        "count" => CompOp::Count,
        "sum" => CompOp::Sum,
        "min" => CompOp::Min,
        "max" => CompOp::Max,
        "mean" => CompOp::Mean,
        "list" => CompOp::List,
        "sort" => CompOp::Sort,
        other => {
            cx.error(
                "E0108",
                format!("unknown operation `{other}(… in …)`"),
                file,
                op.span,
                "not a list operation",
            )
            .keyed("E0108-unknown-operation", &[("name", other)]);
            cx.help(
                "E0108-operations-help",
                &[],
                "list operations: all, any, none, count, sum, min, max, mean, list, sort",
            );
            return poison(file, span);
        }
    };
    let src = expr(cx, source, file, env, None);
    let elem = match &src.ty {
        Type::List(t) => (**t).clone(),
        Type::Error => Type::Error,
        other => {
            let msg = format!(
                "`{}` goes over a list, not a `{}`",
                op.node,
                cx.type_name(other)
            );
            let found = cx.type_name(other);
            cx.error("E0204", msg, file, source.span, "not a list")
                .keyed("E0204-over", &[("op", &op.node), ("found", &found)]);
            Type::Error
        }
    };
    let mark = env.mark();
    let slot = cx.bind_local(env, binder, file, elem.clone());
    let f = filter.map(|f| Box::new(condition(cx, f, file, env, "the `where` filter")));
    let (body_expr, is_key) = match body {
        // `list(x in xs: {…})` where a list of records is expected: each item is that record.
        Some(CompBody::Map(e)) => {
            let item = match (&cop, expect.map(Type::required)) {
                (CompOp::List, Some(Type::List(t))) => Some(t.as_ref()),
                _ => None,
            };
            (Some((e.as_ref(), expr(cx, e, file, env, item))), false)
        }
        Some(CompBody::Key(keys)) => match keys.as_slice() {
            [] => (None, true),
            [k] => (Some((k, expr(cx, k, file, env, None))), true),
            // Several keys: one struct of them, which sorting compares field by field.
            [first, ..] => {
                let mut typed = Vec::new();
                let mut fields = Vec::new();
                for (i, k) in keys.iter().enumerate() {
                    let x = expr(cx, k, file, env, None);
                    if !ordered(&x.ty) {
                        let found = cx.type_name(&x.ty);
                        let msg = format!("cannot sort by a `{found}`");
                        cx.error("E0201", msg, file, k.span, "not orderable")
                            .keyed("E0201-sort-key", &[("found", &found)]);
                    }
                    fields.push((i.to_string(), x.ty.clone()));
                    typed.push(x);
                }
                let at = first.span.to(keys.last().map_or(first.span, |k| k.span));
                let key = mk(
                    ExprKind::Struct(typed),
                    Type::Struct(fields.into()),
                    file,
                    at,
                );
                (Some((first, key)), true)
            }
        },
        None => (None, false),
    };
    env.reset(mark);
    // `key` names the entry of `why` (E0205-condition, …).
    let bad_body = |cx: &mut Ctx, key: &'static str, why: &str| {
        cx.error(
            "E0205",
            format!("`{}` {why}", op.node),
            file,
            span,
            "wrong form",
        )
        .keyed(key, &[("op", &op.node)]);
    };
    let ty = match cop {
        CompOp::All | CompOp::Any | CompOp::None => {
            match (&body_expr, is_key) {
                (Some((e, b)), false) => {
                    if !matches!(b.ty, Type::Bool | Type::Error) {
                        let msg = format!(
                            "the condition of `{}` must be a `bool`, found `{}`",
                            op.node,
                            cx.type_name(&b.ty)
                        );
                        let found = cx.type_name(&b.ty);
                        cx.error("E0201", msg, file, e.span, "not a condition")
                            .keyed(
                                "E0201-list-condition",
                                &[("op", &op.node), ("found", &found)],
                            );
                    }
                }
                (None, _) if cop != CompOp::All && f.is_some() => {}
                _ => bad_body(
                    cx,
                    "E0205-condition",
                    "takes a condition: `all(x in xs: condition)`",
                ),
            }
            Type::Bool
        }
        CompOp::Count => {
            if body_expr.is_some() {
                bad_body(
                    cx,
                    "E0205-count",
                    "counts the items that pass `where`: `count(x in xs where condition)`",
                );
            }
            Type::Int
        }
        CompOp::Sum | CompOp::Min | CompOp::Max | CompOp::Mean => {
            let t = match (&body_expr, is_key) {
                (Some((_, b)), false) => b.ty.clone(),
                (None, _) => elem.clone(),
                (Some(_), true) => {
                    bad_body(cx, "E0205-not-by", "takes `: expression`, not `by`");
                    Type::Error
                }
            };
            let ok = match cop {
                CompOp::Sum | CompOp::Mean => matches!(
                    t,
                    Type::Int | Type::Decimal | Type::Share | Type::Money | Type::Error
                ),
                _ => ordered(&t),
            };
            if !ok {
                let msg = format!("`{}` of `{}` values", op.node, cx.type_name(&t));
                let at = body_expr.as_ref().map_or(source.span, |(e, _)| e.span);
                let found = cx.type_name(&t);
                cx.error("E0201", msg, file, at, "not numbers")
                    .keyed("E0201-aggregate", &[("op", &op.node), ("found", &found)]);
            }
            match cop {
                CompOp::Sum if t == Type::Share => Type::Decimal,
                CompOp::Sum => t,
                // The mean of nothing is absent.
                CompOp::Mean if t == Type::Money => Type::optional(Type::Money),
                CompOp::Mean => Type::optional(Type::Decimal),
                _ => Type::optional(t),
            }
        }
        CompOp::List => match (&body_expr, is_key) {
            (Some((_, b)), false) => Type::list(b.ty.clone()),
            (None, _) => Type::list(elem.clone()),
            (Some(_), true) => {
                bad_body(
                    cx,
                    "E0205-list-by",
                    "takes `: expression`; to sort, use `sort(x in xs by key)`",
                );
                Type::Error
            }
        },
        CompOp::Sort => match (&body_expr, is_key) {
            (Some((e, b)), true) => {
                // Several keys were checked one by one above.
                if !ordered(&b.ty) && !matches!(b.ty, Type::Struct(_)) {
                    let found = cx.type_name(&b.ty);
                    let msg = format!("cannot sort by a `{found}`");
                    cx.error("E0201", msg, file, e.span, "not orderable")
                        .keyed("E0201-sort-key", &[("found", &found)]);
                }
                Type::list(elem.clone())
            }
            _ => {
                bad_body(cx, "E0205-sort", "takes a key: `sort(x in xs by x.date)`");
                Type::Error
            }
        },
    };
    let body = body_expr.map(|(_, b)| Box::new(b));
    mk(
        ExprKind::Comprehension {
            op: cop,
            slot,
            source: Box::new(src),
            filter: f,
            body,
        },
        ty,
        file,
        span,
    )
}

/// Is this a bare name that only the other operand's type can resolve (an enum variant)?
fn needs_context(cx: &Ctx, e: &Node<Expr>, env: &Env) -> bool {
    match &e.node {
        Expr::Name(n) => env.lookup(n).is_none() && !cx.names.globals.contains_key(n),
        Expr::List(items) => items.iter().any(|i| needs_context(cx, i, env)),
        _ => false,
    }
}

fn binary(
    cx: &mut Ctx,
    op: BinaryOp,
    lhs: &Node<Expr>,
    rhs: &Node<Expr>,
    file: FileId,
    span: Span,
    env: &mut Env,
) -> ir::Expr {
    use Type::*;
    let (l, r) = if needs_context(cx, lhs, env) && !needs_context(cx, rhs, env) {
        let r = expr(cx, rhs, file, env, None);
        let expect = match op {
            BinaryOp::In | BinaryOp::NotIn => r.ty.element().cloned(),
            _ => Some(r.ty.clone()),
        };
        let l = expr(cx, lhs, file, env, expect.as_ref());
        (l, r)
    } else {
        let l = expr(cx, lhs, file, env, None);
        let expect = match op {
            BinaryOp::In | BinaryOp::NotIn => Some(Type::list(l.ty.required().clone())),
            BinaryOp::Otherwise => Some(l.ty.required().clone()),
            _ => Some(l.ty.clone()),
        };
        // The right side of `and` runs when the left holds, of `or` when it fails.
        let known = match op {
            BinaryOp::And => crate::narrow::facts(lhs, true, env),
            BinaryOp::Or => crate::narrow::facts(lhs, false, env),
            _ => Vec::new(),
        };
        let mark = env.narrow(known);
        let r = expr(cx, rhs, file, env, expect.as_ref());
        env.forget(mark);
        (l, r)
    };
    let (lt, rt) = (l.ty.clone(), r.ty.clone());
    let ln = cx.type_name(&lt);
    let rn = cx.type_name(&rt);
    let sym = op.symbol();
    let example = default_example(if matches!(lt, Optional(_)) {
        lt.required()
    } else {
        rt.required()
    });
    let number = number_literal(&l)
        .or(number_literal(&r))
        .unwrap_or_default();
    // The help's entry and its English text.
    let mismatch = |cx: &mut Ctx, help: Option<(&'static str, &str)>| {
        cx.error(
            "E0201",
            format!("cannot apply `{sym}` to `{ln}` and `{rn}`"),
            file,
            span,
            format!("`{ln}` {sym} `{rn}`"),
        )
        .keyed(
            "E0201-operator",
            &[("op", sym), ("left", &ln), ("right", &rn)],
        );
        if let Some((key, h)) = help {
            cx.help(
                key,
                &[("example", example), ("number", &number)],
                h.to_string(),
            );
        }
        Type::Error
    };
    let optional_help = format!(
        "one side may be absent: give a default with `otherwise`, e.g. `x otherwise {}`",
        default_example(if matches!(lt, Optional(_)) {
            lt.required()
        } else {
            rt.required()
        })
    );
    let optional_help = Some(("E0201-side-absent-help", optional_help.as_str()));
    let money_help: Option<String>;
    let either_optional = matches!(lt, Optional(_)) || matches!(rt, Optional(_));
    let ty = if lt.is_error() || rt.is_error() {
        match op {
            BinaryOp::And
            | BinaryOp::Or
            | BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::In
            | BinaryOp::NotIn => Bool,
            _ => Error,
        }
    } else {
        match op {
            BinaryOp::And | BinaryOp::Or => {
                for (t, s) in [(&lt, lhs.span), (&rt, rhs.span)] {
                    if !matches!(t, Bool) {
                        let found = cx.type_name(t);
                        let msg = format!("`{sym}` joins conditions, this is `{found}`");
                        cx.error("E0201", msg, file, s, "not a condition")
                            .keyed("E0201-joins", &[("op", sym), ("found", &found)]);
                    }
                }
                Bool
            }
            BinaryOp::Eq | BinaryOp::Ne => {
                if unify(&lt, &rt).is_none() {
                    mismatch(
                        cx,
                        Some((
                            "E0201-same-type-help",
                            "only values of the same type can be compared",
                        )),
                    );
                }
                Bool
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                if either_optional {
                    mismatch(cx, optional_help);
                } else if !(ordered(&lt) && unify(&lt, &rt).is_some_and(|t| ordered(&t))) {
                    let help = match (&lt, &rt) {
                        (Money, Int | Decimal) | (Int | Decimal, Money)
                            if number_literal(&l).or(number_literal(&r)).is_some() =>
                        {
                            money_help = number_literal(&l).or(number_literal(&r)).map(|n| {
                                format!("amounts compare with amounts: write `{n} €`, not `{n}`")
                            });
                            money_help
                                .as_deref()
                                .map(|h| ("E0201-compare-money-help", h))
                        }
                        (Instant, Date) | (Date, Instant) => Some((
                            "E0201-instant-date-help",
                            "convert the instant with `date(x)` to compare it with a date",
                        )),
                        _ => Some((
                            "E0201-same-type-help",
                            "only values of the same type can be compared",
                        )),
                    };
                    mismatch(cx, help);
                }
                Bool
            }
            BinaryOp::In | BinaryOp::NotIn => {
                match rt.element() {
                    Some(e) if unify(lt.required(), e).is_some() => {}
                    Some(_) => {
                        mismatch(
                            cx,
                            Some((
                                "E0201-in-items-help",
                                "the value and the list items must have the same type",
                            )),
                        );
                    }
                    None => {
                        mismatch(
                            cx,
                            Some(("E0201-in-list-help", "`in` tests membership in a list")),
                        );
                    }
                }
                Bool
            }
            BinaryOp::Otherwise => match unify(lt.required(), &rt) {
                Some(t) => t,
                None => mismatch(
                    cx,
                    Some((
                        "E0201-otherwise-help",
                        "the default must have the type of the value",
                    )),
                ),
            },
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div if either_optional => {
                mismatch(cx, optional_help)
            }
            BinaryOp::Add | BinaryOp::Sub => match (&lt, &rt) {
                (Int, Int) => Int,
                (a, b) if a.is_numeric() && b.is_numeric() => Decimal,
                (Money, Money) => Money,
                (Duration, Duration) => mismatch(
                    cx,
                    Some((
                        "E0201-durations-help",
                        "durations are added to a date one at a time: `d + 3 years + 2 months`",
                    )),
                ),
                (Date, Duration) => Date,
                (Instant, Duration) => Instant,
                (Duration, Date) if op == BinaryOp::Add => Date,
                (Date, Date) if op == BinaryOp::Sub => mismatch(
                    cx,
                    Some((
                        "E0201-dates-help",
                        "the days between two dates: `days_between(a, b)`",
                    )),
                ),
                (Money, Int | Decimal) | (Int | Decimal, Money)
                    if number_literal(&l).or(number_literal(&r)).is_some() =>
                {
                    money_help = number_literal(&l)
                        .or(number_literal(&r))
                        .map(|n| format!("amounts add to amounts: write `{n} €`, not `{n}`"));
                    mismatch(
                        cx,
                        money_help.as_deref().map(|h| ("E0201-add-money-help", h)),
                    )
                }
                _ => mismatch(cx, None),
            },
            BinaryOp::Mul => match (&lt, &rt) {
                (Int, Int) => Int,
                (a, b) if a.is_numeric() && b.is_numeric() => Decimal,
                (Money, b) if b.is_numeric() => Money,
                (a, Money) if a.is_numeric() => Money,
                (Duration, Int) | (Int, Duration) => Duration,
                (Money, Money) => mismatch(
                    cx,
                    Some((
                        "E0201-money-times-money-help",
                        "money times money has no meaning: multiply by a number or a rate",
                    )),
                ),
                _ => mismatch(cx, None),
            },
            BinaryOp::Div => match (&lt, &rt) {
                (a, b) if a.is_numeric() && b.is_numeric() => Decimal,
                (Money, b) if b.is_numeric() => Money,
                (Money, Money) => Decimal,
                _ => mismatch(cx, None),
            },
        }
    };
    mk(
        ExprKind::Binary {
            op,
            lhs: Box::new(l),
            rhs: Box::new(r),
        },
        ty,
        file,
        span,
    )
}

/// A literal a policy author would write as a default for a value of this type.
pub fn default_example(ty: &Type) -> &'static str {
    match ty {
        Type::Money => "0 €",
        Type::Bool => "false",
        Type::Date => "2026-01-01",
        Type::Text | Type::Code => "\"\"",
        Type::List(_) => "[]",
        Type::Decimal | Type::Share => "0.0",
        _ => "0",
    }
}

/// The text of a number literal, for help that shows how to write it as money.
fn number_literal(e: &ir::Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Const(Constant::Int(n)) => Some(n.to_string()),
        ExprKind::Const(Constant::Decimal(d)) => Some(d.to_string()),
        _ => None,
    }
}

/// A code argument (`passed(POC.P1)`): must be written as a code.
pub fn code_arg(cx: &mut Ctx, e: &Node<Expr>, file: FileId) -> Option<(String, CodeRef)> {
    match &e.node {
        Expr::Code(c) | Expr::Name(c) => match cx.names.codes.get(c).copied() {
            Some(r) => {
                cx.record(code_symbol(c, r), file, e.span, Role::Use, None);
                Some((c.clone(), r))
            }
            None => {
                cx.error(
                    "E0103",
                    format!("unknown code `{c}`"),
                    file,
                    e.span,
                    "no objective or rule has this code",
                )
                .keyed("E0103-unknown-code", &[("code", c)]);
                None
            }
        },
        _ => {
            cx.error(
                "E0201",
                "expected a rule or objective code",
                file,
                e.span,
                "not a code",
            )
            .keyed("E0201-not-a-code", &[]);
            None
        }
    }
}
