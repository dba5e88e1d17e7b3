#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

//! Operator precedence and associativity, checked on the tree's shape.

use care_syntax::ast::{Expr, Literal};
use care_syntax::{parse_expr, FileId, Node};

fn sexp(e: &Node<Expr>) -> String {
    match &e.node {
        Expr::Name(n) => n.clone(),
        Expr::Code(c) => c.clone(),
        Expr::Lit(Literal::Int(n)) => n.to_string(),
        Expr::Lit(l) => format!("{l:?}"),
        Expr::Field { base, field } => format!("{}.{}", sexp(base), field.node),
        Expr::Unary { op, expr } => format!("({op:?} {})", sexp(expr)),
        Expr::Binary { op, lhs, rhs } => format!("({} {} {})", op.symbol(), sexp(lhs), sexp(rhs)),
        Expr::Range { start, end } => format!("(.. {} {})", sexp(start), sexp(end)),
        Expr::If { cond, then, els } => format!("(if {} {} {})", sexp(cond), sexp(then), sexp(els)),
        Expr::Call { func, args } => format!(
            "{}({})",
            func.node,
            args.iter().map(sexp).collect::<Vec<_>>().join(", ")
        ),
        other => format!("{other:?}"),
    }
}

fn shape(text: &str) -> String {
    sexp(&parse_expr(text, FileId(0)).unwrap())
}

#[test]
fn precedence_and_associativity() {
    let cases = [
        ("a or b and c", "(or a (and b c))"),
        ("not a and b", "(and (Not a) b)"),
        ("not a == b", "(Not (== a b))"),
        ("a and not b in xs", "(and a (Not (in b xs)))"),
        ("a not in xs or b", "(or (not in a xs) b)"),
        ("a - b - c", "(- (- a b) c)"),
        ("a - b * c", "(- a (* b c))"),
        ("-a * b", "(* (Neg a) b)"),
        ("-a.b", "(Neg a.b)"),
        ("x otherwise 0 + 1", "(otherwise x (+ 0 1))"),
        ("1..n + 1", "(.. 1 (+ n 1))"),
        ("a + b < c otherwise d", "(< (+ a b) (otherwise c d))"),
        ("if a then b else c + 1", "(if a b (+ c 1))"),
        ("x + (if a then b else c)", "(+ x (if a b c))"),
        ("f(a, b).c * 2", "(* f(a, b).c 2)"),
        (
            "date(d) - 3 years <= e",
            "(<= (- date(d) Duration { amount: 3, unit: Years }) e)",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(shape(text), expected, "{text}");
    }
}

#[test]
fn number_units() {
    assert_eq!(shape("9400.00 €"), "Money(9400.00)");
    assert_eq!(shape("9400 EUR"), "Money(9400)");
    assert_eq!(shape("80 %"), "Percent(80)");
    assert_eq!(shape("1 day"), "Duration { amount: 1, unit: Days }");
    assert!(parse_expr("1.5 days", FileId(0)).is_err());
    assert_eq!(shape("n - 1"), "(- n 1)");
}

#[test]
fn comparisons_do_not_chain() {
    let e = parse_expr("1 < x < 3", FileId(0)).unwrap_err();
    assert_eq!(e.code, "E0001");
    assert!(e.message.contains("do not chain"), "{}", e.message);
    // Parenthesised, it is the author's explicit choice.
    assert_eq!(shape("(a == b) == c"), "(== (== a b) c)");
}
