//! Calls: built-in functions, table lookups, declared functions, and the rule/objective queries
//! `passed`, `all_rules_passed`, `achieved`.

use crate::ctx::{CodeRef, Ctx, Dep, Global};
use crate::env::Env;
use crate::index::{Role, Symbol};
use crate::ir::{self, Builtin, ExprKind, RoundMode};
use crate::typeck::{assignable, code_arg, expr, mk, unify};
use crate::types::Type;
use care_syntax::ast::Expr;
use care_syntax::{FileId, Node, Span};

pub const BUILTINS: &[&str] = &[
    "keys",
    "flatten",
    "item",
    "count",
    "sum",
    "min",
    "max",
    "mean",
    "round",
    "round_half_even",
    "round_down",
    "round_up",
    "abs",
    "date",
    "days_between",
    "first",
    "last",
    "pairs",
    "gaps",
    "distinct",
    "all_distinct",
    "union",
    "intersection",
    "difference",
    "subset",
    "all_or_none",
    "present",
    "passed",
    "all_rules_passed",
    "achieved",
];

pub fn call(
    cx: &mut Ctx,
    func: &Node<String>,
    args: &[Node<Expr>],
    file: FileId,
    span: Span,
    env: &mut Env,
    expect: Option<&Type>,
) -> ir::Expr {
    let name = func.node.as_str();
    let poison = || {
        mk(
            ExprKind::Const(ir::Constant::Absent),
            Type::Error,
            file,
            span,
        )
    };
    // Declared names shadow nothing: a table or function may not reuse a built-in's name.
    match cx.names.globals.get(name).copied() {
        Some(Global::Table(t)) => {
            cx.record(
                Symbol::Table(name.to_string()),
                file,
                func.span,
                Role::Use,
                None,
            );
            return lookup(cx, t, func, args, file, span, env);
        }
        Some(Global::Function(f)) => {
            cx.record(
                Symbol::Function(name.to_string()),
                file,
                func.span,
                Role::Use,
                None,
            );
            return call_function(cx, f, func, args, file, span, env);
        }
        _ => {}
    }
    if BUILTINS.contains(&name) {
        cx.record(
            Symbol::Builtin(name.to_string()),
            file,
            func.span,
            Role::Use,
            None,
        );
    }
    match name {
        "passed" | "achieved"
            if args.len() == 1
                && !matches!(args[0].node, Expr::Code(_))
                && !is_code_name(cx, &args[0], env) =>
        {
            // A code computed at evaluation (`achieved(o)` over a list of codes): looked up then.
            let arg = expr(cx, &args[0], file, env, Some(&Type::Code));
            if !matches!(arg.ty, Type::Code | Type::Text | Type::Error) {
                let msg = format!(
                    "`{name}` takes a rule or objective code, found `{}`",
                    cx.type_name(&arg.ty)
                );
                let found = cx.type_name(&arg.ty);
                cx.error("E0201", msg, file, args[0].span, "not a code")
                    .keyed("E0201-code-argument", &[("name", name), ("found", &found)]);
                return poison();
            }
            // It may read any rule or objective: every one is a dependency, for the cycle check.
            if name == "passed" {
                for r in 0..cx.decls.rules.len() {
                    cx.depend(Dep::Rule(u32::try_from(r).unwrap_or(0)), file, span);
                }
            } else {
                let objectives: Vec<u32> = cx.names.objective_index.values().copied().collect();
                for o in objectives {
                    cx.depend(Dep::Objective(o), file, span);
                }
            }
            let kind = if name == "passed" {
                ExprKind::PassedCode(Box::new(arg))
            } else {
                ExprKind::AchievedCode(Box::new(arg))
            };
            return mk(kind, Type::Bool, file, span);
        }
        "keys" => {
            if !arity(cx, func, args, 1, file) {
                return poison();
            }
            return table_keys(cx, &args[0], file, span);
        }
        "passed" => {
            if !arity(cx, func, args, 1, file) {
                return poison();
            }
            return match code_arg(cx, &args[0], file) {
                Some((_, CodeRef::Rule(r))) => {
                    cx.depend(Dep::Rule(r), file, span);
                    mk(ExprKind::Passed(r), Type::Bool, file, span)
                }
                Some((c, CodeRef::Objective(_))) => {
                    cx.error(
                        "E0201",
                        format!("`{c}` is an objective: use `achieved({c})`"),
                        file,
                        args[0].span,
                        "not a rule",
                    )
                    .keyed("E0201-objective-not-rule", &[("code", &c)]);
                    poison()
                }
                None => poison(),
            };
        }
        "achieved" => {
            if !arity(cx, func, args, 1, file) {
                return poison();
            }
            return match code_arg(cx, &args[0], file) {
                Some((c, CodeRef::Objective(o))) => {
                    let decl = cx
                        .names
                        .objective_index
                        .iter()
                        .find(|(_, v)| **v == o)
                        .map(|(k, _)| *k);
                    let has = decl
                        .and_then(|d| cx.decls.objectives.get(d))
                        .is_some_and(|d| d.achieved.is_some());
                    if !has {
                        cx.error(
                            "E0201",
                            format!("objective `{c}` has no `achieved when` condition"),
                            file,
                            args[0].span,
                            "cannot be decided",
                        )
                        .keyed("E0201-not-achievable", &[("code", &c)]);
                        cx.help(
                            "E0201-not-achievable-help",
                            &[],
                            "give the objective an `achieved when …` condition to use it here",
                        );
                        return poison();
                    }
                    cx.depend(Dep::Objective(o), file, span);
                    mk(ExprKind::Achieved(o), Type::Bool, file, span)
                }
                Some((c, CodeRef::Rule(_))) => {
                    cx.error(
                        "E0201",
                        format!("`{c}` is a rule: use `passed({c})`"),
                        file,
                        args[0].span,
                        "not an objective",
                    )
                    .keyed("E0201-rule-not-objective", &[("code", &c)]);
                    poison()
                }
                None => poison(),
            };
        }
        "all_rules_passed" => {
            if !arity(cx, func, args, 0, file) {
                return poison();
            }
            for r in 0..cx.decls.rules.len() {
                cx.depend(Dep::Rule(u32::try_from(r).unwrap_or(0)), file, span);
            }
            return mk(ExprKind::AllRulesPassed, Type::Bool, file, span);
        }
        _ => {}
    }
    if !BUILTINS.contains(&name) {
        let mut candidates: Vec<&str> = BUILTINS.to_vec();
        if cx.suggestion_work.get() > 0 {
            candidates.extend(
                cx.names
                    .globals
                    .iter()
                    .filter(|(_, g)| matches!(g, Global::Table(_) | Global::Function(_)))
                    .map(|(n, _)| n.as_str()),
            );
        }
        let help = cx.suggest(name, candidates.into_iter()).map(str::to_string);
        cx.error(
            "E0108",
            format!("unknown function `{name}`"),
            file,
            func.span,
            "not a function, table or built-in",
        )
        .keyed("E0108-unknown-function", &[("name", name)]);
        match help {
            Some(s) => cx.help(
                "help-did-you-mean",
                &[("suggestion", &s)],
                format!("did you mean `{s}`?"),
            ),
            None => cx.help(
                "E0108-builtins-help",
                &[],
                "see the list of built-in functions in docs/language.md",
            ),
        }
        for a in args {
            expr(cx, a, file, env, None);
        }
        return poison();
    }
    let typed: Vec<ir::Expr> = args.iter().map(|a| expr(cx, a, file, env, None)).collect();
    let tys: Vec<Type> = typed.iter().map(|a| a.ty.clone()).collect();
    let any_error = tys.iter().any(Type::is_error);
    let result = builtin_type(cx, name, &tys, args, file, func.span, expect);
    match result {
        Some((b, ty)) => mk(
            ExprKind::Builtin {
                func: b,
                args: typed,
            },
            if any_error {
                Type::Error.max_with(ty)
            } else {
                ty
            },
            file,
            span,
        ),
        None => poison(),
    }
}

trait MaxWith {
    fn max_with(self, other: Type) -> Type;
}

impl MaxWith for Type {
    /// With an argument in error, keep the known result type when there is one.
    fn max_with(self, other: Type) -> Type {
        if other.is_error() {
            self
        } else {
            other
        }
    }
}

/// A bare name that is a code (`passed(delai_depot)` for a rule named like an identifier), not a
/// variable.
fn is_code_name(cx: &Ctx, e: &Node<Expr>, env: &Env) -> bool {
    match &e.node {
        Expr::Name(n) => env.lookup(n).is_none() && cx.names.codes.contains_key(n),
        _ => false,
    }
}

/// `keys(TABLE)`: the keys of a table's rows, in order, as a constant list.
fn table_keys(cx: &mut Ctx, arg: &Node<Expr>, file: FileId, span: Span) -> ir::Expr {
    let poison = mk(
        ExprKind::Const(ir::Constant::Absent),
        Type::Error,
        file,
        span,
    );
    let table = match &arg.node {
        Expr::Name(n) => match cx.names.globals.get(n).copied() {
            Some(Global::Table(t)) => {
                cx.record(Symbol::Table(n.clone()), file, arg.span, Role::Use, None);
                t
            }
            _ => {
                cx.error(
                    "E0201",
                    format!("`keys` takes a table, and `{n}` is not one"),
                    file,
                    arg.span,
                    "not a table",
                )
                .keyed("E0201-keys-not-table", &[("name", n)]);
                return poison;
            }
        },
        _ => {
            cx.error(
                "E0201",
                "`keys` takes the name of a table",
                file,
                arg.span,
                "not a table name",
            )
            .keyed("E0201-keys-table-name", &[]);
            return poison;
        }
    };
    let Some(Some(t)) = cx.tables.get(table as usize).cloned() else {
        return poison;
    };
    let mut items = Vec::new();
    for row in &t.rows {
        match &row.key {
            ir::Key::Exact(c) => items.push(mk(
                ExprKind::Const(c.clone()),
                t.key_type.clone(),
                file,
                span,
            )),
            ir::Key::Range { .. } | ir::Key::Between { .. } | ir::Key::Tuple(_) => {
                cx.error(
                    "E0201",
                    format!(
                        "table `{}` is keyed by ranges or by several columns: its keys cannot be listed",
                        t.name
                    ),
                    file,
                    arg.span,
                    "ranges",
                )
                .keyed("E0201-keys-ranges", &[("name", &t.name)]);
                return poison;
            }
        }
    }
    mk(
        ExprKind::List(items),
        Type::list(t.key_type.clone()),
        file,
        span,
    )
}

fn arity(cx: &mut Ctx, func: &Node<String>, args: &[Node<Expr>], n: usize, file: FileId) -> bool {
    if args.len() == n {
        return true;
    }
    cx.error(
        "E0202",
        format!(
            "`{}` takes {n} argument{}, {} given",
            func.node,
            if n == 1 { "" } else { "s" },
            args.len()
        ),
        file,
        func.span,
        "wrong number of arguments",
    )
    .keyed(
        "E0202-arity",
        &[
            ("name", &func.node),
            ("expected", &n.to_string()),
            ("given", &args.len().to_string()),
        ],
    );
    false
}

fn builtin_type(
    cx: &mut Ctx,
    name: &str,
    tys: &[Type],
    args: &[Node<Expr>],
    file: FileId,
    fspan: Span,
    expect: Option<&Type>,
) -> Option<(Builtin, Type)> {
    use Type::*;
    let _ = expect;
    let n = tys.len();
    let wrong_count = |cx: &mut Ctx, expected: &str| {
        cx.error(
            "E0202",
            format!("`{name}` takes {expected}, {n} given"),
            file,
            fspan,
            "wrong number of arguments",
        )
        .keyed(
            "E0202-builtin-arity",
            &[
                ("name", name),
                ("expected", &phrase(expected)),
                ("given", &n.to_string()),
            ],
        );
        None
    };
    let bad = |cx: &mut Ctx, i: usize, what: &str| {
        let found = tys.get(i).map(|t| cx.type_name(t)).unwrap_or_default();
        let span = args.get(i).map_or(fspan, |a| a.span);
        cx.error(
            "E0201",
            format!("`{name}` expects {what}, found `{found}`"),
            file,
            span,
            format!("not {what}"),
        )
        .keyed(
            "E0201-builtin-argument",
            &[("name", name), ("what", &phrase(what)), ("found", &found)],
        );
        if matches!(tys.get(i), Some(Optional(_))) {
            cx.help(
                "E0201-argument-absent-help",
                &[],
                "this value may be absent: give a default with `otherwise`",
            );
        }
        None
    };
    let list_elem = |i: usize| tys.get(i).and_then(Type::element).cloned();
    let is_summable = |t: &Type| matches!(t, Int | Decimal | Share | Money | Error);
    let is_ordered = |t: &Type| {
        matches!(
            t,
            Int | Decimal | Share | Money | Date | Instant | Text | Code | Error
        )
    };
    match name {
        "count" => {
            if n != 1 {
                return wrong_count(cx, "1 argument");
            }
            if list_elem(0).is_none() && !tys[0].is_error() {
                return bad(cx, 0, "a list");
            }
            Some((Builtin::Count, Int))
        }
        "sum" | "mean" => {
            if n != 1 {
                return wrong_count(cx, "1 argument (a list)");
            }
            match list_elem(0) {
                Some(t) if is_summable(&t) => {
                    let ty = match (name, t) {
                        ("sum", Share) => Decimal,
                        ("sum", t) => t,
                        // The mean of nothing is absent.
                        ("mean", Money) => Type::optional(Money),
                        _ => Type::optional(Decimal),
                    };
                    Some((
                        if name == "sum" {
                            Builtin::Sum
                        } else {
                            Builtin::Mean
                        },
                        ty,
                    ))
                }
                _ if tys[0].is_error() => Some((Builtin::Sum, Error)),
                _ => bad(cx, 0, "a list of numbers or money"),
            }
        }
        "min" | "max" => {
            if n == 1 {
                return match list_elem(0) {
                    Some(t) if is_ordered(&t) => Some((
                        if name == "min" {
                            Builtin::Min
                        } else {
                            Builtin::Max
                        },
                        Type::optional(t),
                    )),
                    _ if tys[0].is_error() => Some((Builtin::Min, Error)),
                    _ => bad(cx, 0, "a list of comparable values, or two values or more"),
                };
            }
            if n < 2 {
                return wrong_count(cx, "a list, or two values or more");
            }
            let mut ty = Error;
            for (i, t) in tys.iter().enumerate() {
                if !is_ordered(t) {
                    return bad(cx, i, "comparable values");
                }
                match unify(&ty, t) {
                    Some(u) => ty = u,
                    None => {
                        return bad(cx, i, &format!("a `{}` like the others", cx.type_name(&ty)))
                    }
                }
            }
            Some((
                if name == "min" {
                    Builtin::MinOf
                } else {
                    Builtin::MaxOf
                },
                ty,
            ))
        }
        "round" | "round_half_even" | "round_down" | "round_up" => {
            if n != 2 {
                return wrong_count(cx, "2 arguments (a value and a number of decimals)");
            }
            let mode = match name {
                "round_half_even" => RoundMode::HalfEven,
                "round_down" => RoundMode::Down,
                "round_up" => RoundMode::Up,
                _ => RoundMode::HalfAwayFromZero,
            };
            if !matches!(tys[0], Int | Decimal | Share | Money | Error) {
                return bad(cx, 0, "a number or money");
            }
            if !matches!(tys[1], Int | Error) {
                return bad(cx, 1, "a whole number of decimals");
            }
            let ty = if tys[0] == Share {
                Decimal
            } else {
                tys[0].clone()
            };
            Some((Builtin::Round(mode), ty))
        }
        "abs" => {
            if n != 1 {
                return wrong_count(cx, "1 argument");
            }
            if !matches!(tys[0], Int | Decimal | Share | Money | Error) {
                return bad(cx, 0, "a number or money");
            }
            Some((Builtin::Abs, tys[0].clone()))
        }
        "date" => {
            if n != 1 {
                return wrong_count(cx, "1 argument (an instant)");
            }
            if !matches!(tys[0], Instant | Date | Error) {
                return bad(cx, 0, "an instant");
            }
            Some((Builtin::Date, Date))
        }
        "days_between" => {
            if n != 2 {
                return wrong_count(cx, "2 arguments (two dates)");
            }
            if let Some(i) = tys.iter().position(|t| !matches!(t, Date | Error)) {
                return bad(cx, i, "a date");
            }
            Some((Builtin::DaysBetween, Int))
        }
        "first" | "last" => {
            let Some(t) = list_elem(0).or_else(|| tys.first().filter(|t| t.is_error()).cloned())
            else {
                return if n == 0 {
                    wrong_count(cx, "1 or 2 arguments")
                } else {
                    bad(cx, 0, "a list")
                };
            };
            match n {
                1 => Some((
                    if name == "first" {
                        Builtin::First
                    } else {
                        Builtin::Last
                    },
                    Type::optional(t),
                )),
                2 => {
                    if !matches!(tys[1], Int | Error) {
                        return bad(cx, 1, "a whole number of items");
                    }
                    Some((
                        if name == "first" {
                            Builtin::FirstN
                        } else {
                            Builtin::LastN
                        },
                        Type::list(t),
                    ))
                }
                _ => wrong_count(cx, "1 or 2 arguments"),
            }
        }
        "item" => {
            if n != 2 {
                return wrong_count(cx, "2 arguments (a list and a position)");
            }
            let Some(t) = list_elem(0) else {
                return bad(cx, 0, "a list");
            };
            if !matches!(tys[1], Int | Error) {
                return bad(
                    cx,
                    1,
                    "a whole number (1 for the first item, -1 for the last)",
                );
            }
            Some((Builtin::Item, Type::optional(t)))
        }
        "pairs" => {
            if n != 1 {
                return wrong_count(cx, "1 argument (a list)");
            }
            let Some(t) = list_elem(0) else {
                return bad(cx, 0, "a list");
            };
            let pair =
                Struct(vec![("previous".to_string(), t.clone()), ("next".to_string(), t)].into());
            Some((Builtin::Pairs, Type::list(pair)))
        }
        "gaps" => {
            if n != 1 {
                return wrong_count(cx, "1 argument (a list of dates)");
            }
            match list_elem(0) {
                Some(Date | Error) => Some((Builtin::Gaps, Type::list(Int))),
                _ => bad(cx, 0, "a list of dates"),
            }
        }
        "flatten" => {
            if n != 1 {
                return wrong_count(cx, "1 argument (a list of lists)");
            }
            match list_elem(0) {
                Some(List(inner)) => Some((Builtin::Flatten, List(inner))),
                Some(Error) => Some((Builtin::Flatten, Type::list(Error))),
                _ => bad(cx, 0, "a list of lists"),
            }
        }
        "distinct" | "all_distinct" => {
            if n != 1 {
                return wrong_count(cx, "1 argument (a list)");
            }
            let Some(t) = list_elem(0) else {
                return bad(cx, 0, "a list");
            };
            if name == "distinct" {
                Some((Builtin::Distinct, Type::list(t)))
            } else {
                Some((Builtin::AllDistinct, Bool))
            }
        }
        "union" | "intersection" | "difference" | "subset" | "all_or_none" => {
            if n != 2 {
                return wrong_count(cx, "2 arguments (two lists)");
            }
            let (Some(a), Some(b)) = (list_elem(0), list_elem(1)) else {
                return bad(cx, if list_elem(0).is_none() { 0 } else { 1 }, "a list");
            };
            let Some(t) = unify(&a, &b) else {
                return bad(cx, 1, &format!("a list of `{}`", cx.type_name(&a)));
            };
            Some(match name {
                "union" => (Builtin::Union, Type::list(t)),
                "intersection" => (Builtin::Intersection, Type::list(t)),
                "difference" => (Builtin::Difference, Type::list(t)),
                "subset" => (Builtin::Subset, Bool),
                _ => (Builtin::AllOrNone, Bool),
            })
        }
        "present" => {
            if n != 1 {
                return wrong_count(cx, "1 argument");
            }
            Some((Builtin::Present, Bool))
        }
        _ => None,
    }
}

fn lookup(
    cx: &mut Ctx,
    t: u32,
    func: &Node<String>,
    args: &[Node<Expr>],
    file: FileId,
    span: Span,
    env: &mut Env,
) -> ir::Expr {
    let poison = || {
        mk(
            ExprKind::Const(ir::Constant::Absent),
            Type::Error,
            file,
            span,
        )
    };
    let Some(Some(table)) = cx.tables.get(t as usize).cloned() else {
        for a in args {
            expr(cx, a, file, env, None);
        }
        return poison();
    };
    // A table with two key columns is looked up with two keys, `taux(parcours, rang)`: they
    // are checked one by one, then travel as one record key.
    if let Type::Struct(key_cols) = &table.key_type {
        if !arity(cx, func, args, key_cols.len(), file) {
            return poison();
        }
        let mut keys = Vec::with_capacity(args.len());
        for (arg, (column, kt)) in args.iter().zip(key_cols.iter()) {
            let key = expr(cx, arg, file, env, Some(kt));
            if !assignable(&key.ty, kt) || matches!(key.ty, Type::Optional(_)) {
                let (expected, found) = (cx.type_name(kt), cx.type_name(&key.ty));
                let msg = format!(
                    "column `{column}` of table `{}` is keyed by `{expected}`, this key is `{found}`",
                    table.name,
                );
                cx.error("E0201", msg, file, arg.span, "wrong key type")
                    .keyed(
                        "E0201-column-lookup",
                        &[
                            ("column", column.as_str()),
                            ("table", table.name.as_str()),
                            ("expected", &expected),
                            ("found", &found),
                        ],
                    );
            }
            keys.push(key);
        }
        let key = mk(ExprKind::Struct(keys), table.key_type.clone(), file, span);
        return mk(
            ExprKind::Lookup {
                table: t,
                key: Box::new(key),
            },
            table.result_type(),
            file,
            span,
        );
    }
    if !arity(cx, func, args, 1, file) {
        return poison();
    }
    let key = expr(cx, &args[0], file, env, Some(&table.key_type));
    if !assignable(&key.ty, &table.key_type) || matches!(key.ty, Type::Optional(_)) {
        let msg = format!(
            "table `{}` is keyed by `{}`, this key is `{}`",
            table.name,
            cx.type_name(&table.key_type),
            cx.type_name(&key.ty)
        );
        let (expected, found) = (cx.type_name(&table.key_type), cx.type_name(&key.ty));
        cx.error("E0201", msg, file, args[0].span, "wrong key type")
            .keyed(
                "E0201-lookup-key",
                &[
                    ("name", &table.name),
                    ("expected", &expected),
                    ("found", &found),
                ],
            );
    }
    mk(
        ExprKind::Lookup {
            table: t,
            key: Box::new(key),
        },
        table.result_type(),
        file,
        span,
    )
}

fn call_function(
    cx: &mut Ctx,
    f: u32,
    func: &Node<String>,
    args: &[Node<Expr>],
    file: FileId,
    span: Span,
    env: &mut Env,
) -> ir::Expr {
    let Some((params, ret)) = cx.names.function_sigs.get(f as usize).cloned() else {
        return mk(
            ExprKind::Const(ir::Constant::Absent),
            Type::Error,
            file,
            span,
        );
    };
    cx.depend(Dep::Function(f), file, span);
    if args.len() != params.len() {
        let list = params
            .iter()
            .map(|(n, t)| format!("{n}: {}", cx.type_name(t)))
            .collect::<Vec<_>>()
            .join(", ");
        cx.error(
            "E0202",
            format!(
                "`{}` takes {} argument{}, {} given",
                func.node,
                params.len(),
                if params.len() == 1 { "" } else { "s" },
                args.len()
            ),
            file,
            func.span,
            "wrong number of arguments",
        )
        .keyed(
            "E0202-arity",
            &[
                ("name", &func.node),
                ("expected", &params.len().to_string()),
                ("given", &args.len().to_string()),
            ],
        );
        let signature = format!("`{}({list})`", func.node);
        cx.help(
            "E0202-signature-help",
            &[("signature", &signature)],
            signature.clone(),
        );
    }
    let mut typed = Vec::new();
    for (i, a) in args.iter().enumerate() {
        let expected = params.get(i).map(|(_, t)| t.clone());
        let x = expr(cx, a, file, env, expected.as_ref());
        if let Some((pname, pt)) = params.get(i) {
            if !assignable(&x.ty, pt) {
                let msg = format!(
                    "argument `{pname}` of `{}` is `{}`, found `{}`",
                    func.node,
                    cx.type_name(pt),
                    cx.type_name(&x.ty)
                );
                let (expected, found) = (cx.type_name(pt), cx.type_name(&x.ty));
                cx.error("E0201", msg, file, a.span, "wrong type").keyed(
                    "E0201-function-argument",
                    &[
                        ("param", pname),
                        ("name", &func.node),
                        ("expected", &expected),
                        ("found", &found),
                    ],
                );
            }
        }
        typed.push(x);
    }
    mk(
        ExprKind::Call {
            func: f,
            args: typed,
        },
        ret,
        file,
        span,
    )
}
/// One row of the reference of built-in functions (`docs/language.md` §11): what hover and
/// completion show, and what a test compares with the reference, cell for cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinDoc {
    /// The heading of its group in the reference.
    pub group: &'static str,
    /// The call as the reference writes it (`round(x, n)`).
    pub call: &'static str,
    pub result: &'static str,
    pub example: &'static str,
}

/// The reference of built-in functions, in the order of `docs/language.md` §11.
pub const BUILTIN_DOCS: &[BuiltinDoc] = &[
    BuiltinDoc {
        group: "Aggregates of a list",
        call: "`count(xs)`",
        result: "`int`: the number of items",
        example: "`count(distinct(dossier.a_la_carte))`",
    },
    BuiltinDoc {
        group: "Aggregates of a list",
        call: "`sum(xs)`",
        result: "of a list of `N`: `int`, `decimal` or `money`; 0 for an empty list",
        example: "`sum([1 €, 2 €])`",
    },
    BuiltinDoc {
        group: "Aggregates of a list",
        call: "`mean(xs)`",
        result: "`decimal?` (`money?` for money): the mean, absent for an empty list",
        example: "`mean(ecarts) otherwise 0`",
    },
    BuiltinDoc {
        group: "Aggregates of a list",
        call: "`min(xs)`, `max(xs)`",
        result: "`T?` of a list of an ordered type (numbers, money, dates, instants, texts, codes)",
        example: "`max(list(a in audits: a.date))`",
    },
    BuiltinDoc {
        group: "Two values or more",
        call: "`min(a, b, …)`, `max(a, b, …)`",
        result: "the smallest / largest, of one ordered type (numbers mix)",
        example: "`min(brut, montants_par_parcours(p).plafond)`",
    },
    BuiltinDoc {
        group: "Numbers",
        call: "`round(x, n)`",
        result: "`x` (a number or money) rounded to `n` decimals (`n` an `int`), half away from zero; same type as `x` (`share` gives `decimal`; an `int` is unchanged)",
        example: "`round(montant_forfait * sites_comptes(ej) / nombre_eg, 2)`",
    },
    BuiltinDoc {
        group: "Numbers",
        call: "`round_half_even(x, n)`",
        result: "half to even (banker's rounding)",
        example: "`round_half_even(2.345, 2)` is 2.34",
    },
    BuiltinDoc {
        group: "Numbers",
        call: "`round_down(x, n)`",
        result: "toward zero",
        example: "`round_down(9.999 €, 2)` is 9.99 €",
    },
    BuiltinDoc {
        group: "Numbers",
        call: "`round_up(x, n)`",
        result: "away from zero",
        example: "`round_up(4.01, 0)` is 5",
    },
    BuiltinDoc {
        group: "Numbers",
        call: "`abs(x)`",
        result: "the absolute value of an `int`, `decimal`, `share` or `money`",
        example: "`abs(dossier.cap - dossier.previous_d1_amount)`",
    },
    BuiltinDoc {
        group: "Dates",
        call: "`date(i)`",
        result: "`date`: the day of instant `i` in the policy's time zone (a `date` is returned as is)",
        example: "`date(dossier.submitted_at)`",
    },
    BuiltinDoc {
        group: "Dates",
        call: "`days_between(a, b)`",
        result: "`int`: whole days from date `a` to date `b`, negative if `b` is before `a`",
        example: "`days_between(p.previous.date, p.next.date) <= 100`",
    },
    BuiltinDoc {
        group: "Dates",
        call: "`gaps(dates)`",
        result: "`list of int`: the days between consecutive items of a list of dates, in list order (sort first)",
        example: "`gaps(dates)`",
    },
    BuiltinDoc {
        group: "Lists",
        call: "`first(xs)`, `last(xs)`",
        result: "`T?`: the first / last item, absent for an empty list",
        example: "`last(audits).score otherwise 0`",
    },
    BuiltinDoc {
        group: "Lists",
        call: "`first(xs, n)`, `last(xs, n)`",
        result: "`list of T`: the first / last `n` items (fewer if the list is shorter)",
        example: "`last(audits, 2)`",
    },
    BuiltinDoc {
        group: "Lists",
        call: "`item(xs, n)`",
        result: "`T?`: the n-th item, counting from 1; from the end when n is negative (`-1` the last, `-3` the antepenultimate); absent out of range",
        example: "`item(audits, -3)`",
    },
    BuiltinDoc {
        group: "Lists",
        call: "`flatten(xss)`",
        result: "`list of T`: the items of a list of lists, in order",
        example: "`flatten(list(e in etablissements: e.directories))`",
    },
    BuiltinDoc {
        group: "Lists",
        call: "`pairs(xs)`",
        result: "`list of {previous: T, next: T}`: each item with the one after it",
        example: "`all(p in pairs(audits): days_between(p.previous.date, p.next.date) <= 100)`",
    },
    BuiltinDoc {
        group: "Lists",
        call: "`distinct(xs)`",
        result: "`list of T`: without duplicates, first occurrences kept",
        example: "`distinct(dossier.a_la_carte)`",
    },
    BuiltinDoc {
        group: "Lists",
        call: "`all_distinct(xs)`",
        result: "`bool`: no item appears twice",
        example: "`all_distinct(dossier.a_la_carte)`",
    },
    BuiltinDoc {
        group: "Lists",
        call: "`union(a, b)`",
        result: "`list of T`: the items of `a` then those of `b`, without duplicates",
        example: "`union(P1.mandatory, dossier.a_la_carte)`",
    },
    BuiltinDoc {
        group: "Lists",
        call: "`intersection(a, b)`",
        result: "`list of T`: the items of `a` that are in `b`, order of `a`, without duplicates",
        example: "`intersection(objectifs_sauvegarde_p3, dossier.already_achieved)`",
    },
    BuiltinDoc {
        group: "Lists",
        call: "`difference(a, b)`",
        result: "`list of T`: the items of `a` that are not in `b`, order of `a`, without duplicates",
        example: "`difference(dossier.a_la_carte, dossier.already_achieved)`",
    },
    BuiltinDoc {
        group: "Lists",
        call: "`subset(a, b)`",
        result: "`bool`: every item of `a` is in `b`",
        example: "`subset(dossier.a_la_carte, dossier.parcours.a_la_carte)`",
    },
    BuiltinDoc {
        group: "Lists",
        call: "`all_or_none(group, chosen)`",
        result: "`bool`: `chosen` contains none or all of `group`",
        example: "`all_or_none(objectifs_sauvegarde_p3, dossier.a_la_carte)`",
    },
    BuiltinDoc {
        group: "Optional values",
        call: "`present(x)`",
        result: "`bool`: `x` is there",
        example: "`present(e.crisis_exercise_on)`",
    },
    BuiltinDoc {
        group: "Rules and objectives",
        call: "`passed(CODE)`",
        result: "`bool`: the rule or prerequisite passed or was not applicable (E0201 on an objective)",
        example: "`passed(POC.DEPOT)`",
    },
    BuiltinDoc {
        group: "Rules and objectives",
        call: "`all_rules_passed()`",
        result: "`bool`: every rule and prerequisite of the version passed or was not applicable",
        example: "`all_rules_passed()`",
    },
    BuiltinDoc {
        group: "Rules and objectives",
        call: "`achieved(CODE)`",
        result: "`bool`: the objective's `achieved when` holds (E0201 on a rule, or on an objective without `achieved when`)",
        example: "`achieved(D1.O1.A)`",
    },
    BuiltinDoc {
        group: "Rules and objectives",
        call: "`passed(x)`, `achieved(x)` with `x` a `code` computed at evaluation",
        result: "`bool`, as above; a code that names no rule (objective), or an objective without `achieved when`, is an evaluation error",
        example: "`all(o in keys(decote): achieved(o))`",
    },
    BuiltinDoc {
        group: "Rules and objectives",
        call: "`keys(TABLE)`",
        result: "`list of K`: the keys of a table's rows, in order (not for a table keyed by ranges)",
        example: "`sum(o in keys(decote) where not achieved(o): decote(o))`",
    },
];

impl BuiltinDoc {
    /// The calls of this row, without backticks: `min(xs)`, `max(xs)`.
    pub fn calls(&self) -> Vec<&'static str> {
        self.call
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|c| c.contains('('))
            .collect()
    }

    /// The function names this row documents.
    pub fn names(&self) -> Vec<&'static str> {
        self.calls()
            .into_iter()
            .filter_map(|c| c.split('(').next())
            .collect()
    }
}

/// The rows documenting a built-in, and its parameter names per form (`round` → `[x, n]`).
pub fn builtin_docs(name: &str) -> Vec<&'static BuiltinDoc> {
    BUILTIN_DOCS
        .iter()
        .filter(|d| d.names().contains(&name))
        .collect()
}

/// The parameter names of a built-in's forms, as the reference writes them.
pub fn builtin_params(name: &str) -> Vec<Vec<&'static str>> {
    let mut out: Vec<Vec<&'static str>> = Vec::new();
    for d in builtin_docs(name) {
        for call in d.calls() {
            let Some(rest) = call.strip_prefix(name).and_then(|r| r.strip_prefix('(')) else {
                continue;
            };
            let inner = rest.split(')').next().unwrap_or("");
            let params: Vec<&str> = inner
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty() && *p != "…")
                .collect();
            if !out.contains(&params) {
                out.push(params);
            }
        }
    }
    out
}

/// What a built-in expects, in the words of its diagnostics (E0201, E0202), by its catalog
/// entry: a translation shows the entry (see `care_i18n`'s phrase arguments).
const PHRASES: &[(&str, &str)] = &[
    ("a list", "phrase-a-list"),
    ("a list of dates", "phrase-a-list-of-dates"),
    ("a list of lists", "phrase-a-list-of-lists"),
    ("a list of numbers or money", "phrase-a-list-of-numbers"),
    (
        "a list of comparable values, or two values or more",
        "phrase-a-list-of-comparable-values",
    ),
    ("a list, or two values or more", "phrase-a-list-or-values"),
    ("a number or money", "phrase-a-number"),
    ("an instant", "phrase-an-instant"),
    ("a date", "phrase-a-date"),
    ("comparable values", "phrase-comparable-values"),
    ("a whole number of decimals", "phrase-a-number-of-decimals"),
    ("a whole number of items", "phrase-a-number-of-items"),
    (
        "a whole number (1 for the first item, -1 for the last)",
        "phrase-a-position",
    ),
    ("1 argument", "phrase-1-argument"),
    ("1 or 2 arguments", "phrase-1-or-2-arguments"),
    ("1 argument (a list)", "phrase-1-argument-list"),
    ("1 argument (a list of dates)", "phrase-1-argument-dates"),
    ("1 argument (a list of lists)", "phrase-1-argument-lists"),
    ("1 argument (an instant)", "phrase-1-argument-instant"),
    (
        "2 arguments (a list and a position)",
        "phrase-2-arguments-list-position",
    ),
    (
        "2 arguments (a value and a number of decimals)",
        "phrase-2-arguments-value-decimals",
    ),
    ("2 arguments (two dates)", "phrase-2-arguments-dates"),
    ("2 arguments (two lists)", "phrase-2-arguments-lists"),
];

/// The catalog entry of one of [`PHRASES`], or of a phrase that names a type
/// (`phrase-a-list-of-type:money`); an unknown phrase stays as written.
fn phrase(english: &str) -> String {
    if let Some((_, id)) = PHRASES.iter().find(|(e, _)| *e == english) {
        return (*id).to_string();
    }
    if let Some(t) = english
        .strip_prefix("a `")
        .and_then(|r| r.strip_suffix("` like the others"))
    {
        return format!("phrase-a-type-like-the-others:{t}");
    }
    if let Some(t) = english
        .strip_prefix("a list of `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return format!("phrase-a-list-of-type:{t}");
    }
    english.to_string()
}
