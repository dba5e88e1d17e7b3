//! Expressions and literals on one line, with the fewest parentheses that parse back to the same
//! tree.
//!
//! Every expression kind has a binding strength (see [`BinaryOp::precedence`]); a child is
//! parenthesised when it binds more loosely than its position requires. Left-associative
//! operators take a left operand of their own strength and a right operand one step tighter, so
//! that `a - (b - c)` keeps its parentheses and `(a - b) - c` loses them; comparisons and `..`
//! are not associative, so both operands must bind tighter.

use care_syntax::ast::{
    BinaryOp, Cell, CompBody, Expr, Literal, RecordKey, TypeExpr, UnaryOp, NEG_PRECEDENCE,
    NOT_PRECEDENCE, RANGE_PRECEDENCE,
};

/// The strength of `if … then … else …`: it never stands unparenthesised inside an operator.
pub(crate) const IF_PRECEDENCE: u8 = 0;
/// Field access `x.f`.
pub(crate) const POSTFIX_PRECEDENCE: u8 = 10;
/// Literals, names, calls, comprehensions, lists, records.
pub(crate) const PRIMARY_PRECEDENCE: u8 = 11;
/// The position of a condition or a `then` branch: a nested `if` there is parenthesised for the
/// reader (the grammar would not need it).
pub(crate) const IF_BRANCH_PRECEDENCE: u8 = 1;

/// An expression printed on one line, as it would stand alone (no outer parentheses).
pub fn print_expr(expr: &Expr) -> String {
    print_prec(expr, 0)
}

/// An expression in a position that needs at least `min` binding strength: parenthesised when
/// it binds more loosely.
pub(crate) fn print_prec(expr: &Expr, min: u8) -> String {
    let (text, prec) = raw(expr);
    if prec < min {
        format!("({text})")
    } else {
        text
    }
}

/// The binding strength of an expression's outermost construct.
pub(crate) fn precedence(expr: &Expr) -> u8 {
    match expr {
        Expr::If { .. } => IF_PRECEDENCE,
        Expr::Binary { op, .. } => op.precedence(),
        Expr::Unary {
            op: UnaryOp::Not, ..
        } => NOT_PRECEDENCE,
        Expr::Unary {
            op: UnaryOp::Neg, ..
        } => NEG_PRECEDENCE,
        Expr::Range { .. } => RANGE_PRECEDENCE,
        Expr::Field { .. } => POSTFIX_PRECEDENCE,
        Expr::Missing
        | Expr::Lit(_)
        | Expr::Name(_)
        | Expr::Code(_)
        | Expr::Call { .. }
        | Expr::Comprehension { .. }
        | Expr::List(_)
        | Expr::Record(_) => PRIMARY_PRECEDENCE,
    }
}

/// Comparisons do not chain: `a < b < c` is a syntax error, so both operands bind tighter.
pub(crate) fn is_comparison(op: BinaryOp) -> bool {
    op.precedence() == BinaryOp::Eq.precedence()
}

/// The strengths the left and right operands of `op` need.
pub(crate) fn operand_precedences(op: BinaryOp) -> (u8, u8) {
    let p = op.precedence();
    if is_comparison(op) {
        (p + 1, p + 1)
    } else {
        (p, p + 1)
    }
}

fn raw(expr: &Expr) -> (String, u8) {
    let prec = precedence(expr);
    let text = match expr {
        // Only in a file with syntax errors, which is never formatted.
        Expr::Missing => String::new(),
        Expr::Lit(lit) => literal(lit),
        Expr::Name(name) | Expr::Code(name) => name.clone(),
        Expr::Field { base, field } => {
            let mut base_text = print_prec(base, POSTFIX_PRECEDENCE);
            if would_read_as_code(&base_text, field) {
                base_text = format!("({base_text})");
            }
            format!("{base_text}.{}", field.node)
        }
        Expr::Call { func, args } => {
            let args: Vec<String> = args.iter().map(|a| call_arg(a)).collect();
            format!("{}({})", func.node, args.join(", "))
        }
        Expr::Comprehension {
            op,
            binder,
            source,
            filter,
            body,
        } => {
            let mut text = format!("{}({} in {}", op.node, binder.node, print_prec(source, 0));
            if let Some(filter) = filter {
                text.push_str(" where ");
                text.push_str(&print_prec(filter, 0));
            }
            match body {
                Some(CompBody::Map(e)) => {
                    text.push_str(": ");
                    text.push_str(&print_prec(e, 0));
                }
                Some(CompBody::Key(keys)) => {
                    text.push_str(" by ");
                    let keys: Vec<String> = keys.iter().map(|k| print_prec(k, 0)).collect();
                    text.push_str(&keys.join(", "));
                }
                None => {}
            }
            text.push(')');
            text
        }
        Expr::Unary { op, expr } => match op {
            UnaryOp::Not => format!("not {}", print_prec(expr, NOT_PRECEDENCE)),
            UnaryOp::Neg => format!("-{}", print_prec(expr, NEG_PRECEDENCE)),
        },
        Expr::Binary { op, lhs, rhs } => {
            let (l, r) = operand_precedences(*op);
            format!(
                "{} {} {}",
                print_prec(lhs, l),
                op.symbol(),
                print_prec(rhs, r)
            )
        }
        Expr::If { cond, then, els } => format!(
            "if {} then {} else {}",
            print_prec(cond, IF_BRANCH_PRECEDENCE),
            print_prec(then, IF_BRANCH_PRECEDENCE),
            print_prec(els, 0)
        ),
        Expr::List(items) => {
            let items: Vec<String> = items.iter().map(|e| print_prec(e, 0)).collect();
            format!("[{}]", items.join(", "))
        }
        Expr::Record(entries) => {
            if entries.is_empty() {
                "{}".to_string()
            } else {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", record_key(k), print_prec(v, 0)))
                    .collect();
                format!("{{ {} }}", entries.join(", "))
            }
        }
        Expr::Range { start, end } => format!(
            "{}..{}",
            print_prec(start, RANGE_PRECEDENCE + 1),
            print_prec(end, RANGE_PRECEDENCE + 1)
        ),
    };
    (text, prec)
}

fn record_key(key: &RecordKey) -> String {
    match key {
        RecordKey::Name(s) | RecordKey::Code(s) => s.clone(),
        RecordKey::Text(s) => quote(s),
    }
}

/// `Foo.Bar` reads as the code `Foo.Bar`, not as the field `Bar` of `Foo`: a base that looks like
/// the start of a code, followed by a capitalised field, keeps its parentheses (`(Foo).Bar`).
/// Errs on the side of parentheses, which never change the tree.
fn would_read_as_code(base: &str, field: &str) -> bool {
    let field_is_segment = field.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    if !field_is_segment {
        return false;
    }
    let mut segments = base.split('.');
    let first_ok = segments.next().is_some_and(|s| {
        s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    first_ok
        && segments.all(|s| {
            s.chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// A position where anything is parenthesised.
pub(crate) const ALWAYS_PARENTHESISED: u8 = u8::MAX;

/// The strength a call's argument needs. `f(x in xs)` reads as a comprehension, not as a call
/// of `f` on `x in xs`, and so does the start of `f(x in xs, y)` (which then fails to parse): an
/// argument that starts with `name in` is parenthesised. (Only the first one needs it; all get
/// it, which reads more evenly.)
pub(crate) fn call_arg_precedence(arg: &Expr) -> u8 {
    if reads_as_binder(&print_prec(arg, 0)) {
        ALWAYS_PARENTHESISED
    } else {
        0
    }
}

fn call_arg(arg: &Expr) -> String {
    let text = print_prec(arg, 0);
    if reads_as_binder(&text) {
        format!("({text})")
    } else {
        text
    }
}

fn reads_as_binder(arg: &str) -> bool {
    let name_len: usize = arg
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .map(char::len_utf8)
        .sum();
    name_len > 0 && arg[name_len..].starts_with(" in ")
}

/// A literal as the grammar writes it, so that parsing it back gives the same value: money as
/// `9400.00 €` (the scale as written), percentages as `80 %`, durations as `3 years`/`1 year`.
pub(crate) fn literal(lit: &Literal) -> String {
    match lit {
        Literal::Bool(b) => b.to_string(),
        Literal::Absent => "absent".to_string(),
        Literal::Int(n) => n.to_string(),
        Literal::Decimal(d) => {
            let text = d.to_string();
            if text.contains('.') {
                text
            } else {
                // A decimal literal always has a fraction; without one it would read as an int.
                format!("{text}.0")
            }
        }
        Literal::Money(d) => format!("{d} €"),
        Literal::Percent(d) => format!("{d} %"),
        Literal::Duration { amount, unit } => format!("{amount} {}", unit.word(*amount)),
        Literal::Date(d) => d.to_string(),
        Literal::Instant(raw) => raw.clone(),
        Literal::Text(s) => quote(s),
    }
}

/// A string literal, escaped.
pub(crate) fn quote(text: &str) -> String {
    format!("\"{}\"", care_syntax::escape(text))
}

pub(crate) fn type_expr(ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::Named(name) => name.node.clone(),
        TypeExpr::List(inner) => format!("list of {}", type_expr(inner)),
        TypeExpr::Optional(inner) => match &inner.node {
            TypeExpr::List(_) => format!("({})?", type_expr(inner)),
            _ => format!("{}?", type_expr(inner)),
        },
        TypeExpr::Record(fields) => format!(
            "{{ {} }}",
            fields
                .iter()
                .map(|(n, t)| format!("{}: {}", n.node, type_expr(t)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

pub(crate) fn cell(cell: &Cell) -> String {
    match cell {
        Cell::Range { start, end } => match end {
            Some(end) => format!("{start}..{end}"),
            None => format!("{start}.."),
        },
        Cell::Literal(lit) => literal(lit),
        Cell::Code(s) | Cell::Name(s) => s.clone(),
        Cell::Bounded { lower, name, upper } => {
            let sign = |e: &care_syntax::ast::RangeEnd| if e.inclusive { "<=" } else { "<" };
            match (lower, upper) {
                (Some(l), Some(u)) => format!(
                    "{} {} {} {} {}",
                    literal(&l.value.node),
                    sign(l),
                    name.node,
                    sign(u),
                    literal(&u.value.node)
                ),
                (Some(l), None) => format!(
                    "{} {} {}",
                    name.node,
                    if l.inclusive { ">=" } else { ">" },
                    literal(&l.value.node)
                ),
                (None, Some(u)) => format!("{} {} {}", name.node, sign(u), literal(&u.value.node)),
                (None, None) => name.node.clone(),
            }
        }
    }
}
