//! Random expression trees: printed, then parsed back, they give the same tree. This exercises
//! the parenthesisation (precedence, associativity, non-associative comparisons and ranges)
//! and the printing of every literal.

#![allow(clippy::unwrap_used, clippy::panic)] // test code

use care_syntax::ast::{BinaryOp, CompBody, Expr, Literal, RecordKey, UnaryOp};
use care_syntax::{parse_expr, FileId, Node, Span};
use proptest::prelude::*;

fn node<T>(value: T) -> Node<T> {
    Node::new(value, Span::default())
}

fn boxed(e: Expr) -> Box<Node<Expr>> {
    Box::new(node(e))
}

/// A literal, from its text: the parser makes the value (a `Decimal` keeps the scale written).
fn parsed_literal(text: &str) -> Literal {
    match parse_expr(text, FileId(0)).map(|e| e.node) {
        Ok(Expr::Lit(lit)) => lit,
        other => panic!("`{text}` is not a literal: {other:?}"),
    }
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..100_000).prop_map(|n| n.to_string()),
        (0u32..100_000, "[0-9]{1,3}").prop_map(|(n, f)| format!("{n}.{f}")),
    ]
}

fn literal() -> impl Strategy<Value = Literal> {
    let unit = prop::sample::select(vec![
        "day", "days", "week", "weeks", "month", "months", "year", "years",
    ]);
    let text = prop_oneof![
        Just("true".to_string()),
        Just("false".to_string()),
        number(),
        (number(), prop::sample::select(vec!["€", "EUR"])).prop_map(|(n, c)| format!("{n} {c}")),
        number().prop_map(|n| format!("{n} %")),
        (0u32..30, unit).prop_map(|(n, u)| format!("{n} {u}")),
        (1990u32..2100, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        prop::sample::select(vec![
            "2026-06-04T16:00:00+02:00",
            "2026-06-04T16:00[Europe/Paris]",
            "2026-06-04T16:00:00Z",
        ])
        .prop_map(str::to_string),
    ];
    prop_oneof![
        4 => text.prop_map(|t| parsed_literal(&t)),
        1 => "[a-zé \"\\\\\n\t/]{0,8}".prop_map(Literal::Text),
    ]
}

const NAMES: &[&str] = &[
    "a", "b", "dossier", "x_1", "Foo", "P3", "été", "in_x", "note",
];
const FIELDS: &[&str] = &["f", "amount", "Bar", "O4", "in", "not", "été"];
const CODES: &[&str] = &["D1.O1.A", "POC.P3.O4.E", "Foo.Bar"];
const FUNCS: &[&str] = &["f", "min", "count", "Foo", "date"];

fn name(list: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(list.to_vec()).prop_map(str::to_string)
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        literal().prop_map(Expr::Lit),
        name(NAMES).prop_map(Expr::Name),
        name(CODES).prop_map(Expr::Code),
    ]
}

fn binary_op() -> impl Strategy<Value = BinaryOp> {
    prop::sample::select(vec![
        BinaryOp::Or,
        BinaryOp::And,
        BinaryOp::Eq,
        BinaryOp::Ne,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Gt,
        BinaryOp::Ge,
        BinaryOp::In,
        BinaryOp::NotIn,
        BinaryOp::Otherwise,
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::Div,
    ])
}

fn record_key() -> impl Strategy<Value = RecordKey> {
    prop_oneof![
        name(FIELDS).prop_map(RecordKey::Name),
        name(CODES).prop_map(RecordKey::Code),
        "[a-z \"]{0,5}".prop_map(RecordKey::Text),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(5, 48, 3, |inner| {
        let n = inner.clone().prop_map(node);
        prop_oneof![
            (inner.clone(), name(FIELDS)).prop_map(|(base, field)| Expr::Field {
                base: boxed(base),
                field: node(field),
            }),
            (name(FUNCS), prop::collection::vec(n.clone(), 0..3)).prop_map(|(func, args)| {
                Expr::Call {
                    func: node(func),
                    args,
                }
            }),
            // A call of one argument `x in xs`, which reads like a comprehension.
            (name(FUNCS), name(NAMES), inner.clone()).prop_map(|(func, x, xs)| Expr::Call {
                func: node(func),
                args: vec![node(Expr::Binary {
                    op: BinaryOp::In,
                    lhs: boxed(Expr::Name(x)),
                    rhs: boxed(xs),
                })],
            }),
            (
                name(FUNCS),
                name(NAMES),
                inner.clone(),
                prop::option::of(inner.clone()),
                prop::option::of((
                    any::<bool>(),
                    inner.clone(),
                    prop::option::of(inner.clone())
                )),
            )
                .prop_map(|(op, binder, source, filter, body)| Expr::Comprehension {
                    op: node(op),
                    binder: node(binder),
                    source: boxed(source),
                    filter: filter.map(boxed),
                    body: body.map(|(map, e, second)| {
                        if map {
                            CompBody::Map(boxed(e))
                        } else {
                            // One sort key or two.
                            let mut keys = vec![*boxed(e)];
                            keys.extend(second.map(|k| *boxed(k)));
                            CompBody::Key(keys)
                        }
                    }),
                }),
            (any::<bool>(), inner.clone()).prop_map(|(not, e)| Expr::Unary {
                op: if not { UnaryOp::Not } else { UnaryOp::Neg },
                expr: boxed(e),
            }),
            (binary_op(), inner.clone(), inner.clone()).prop_map(|(op, l, r)| Expr::Binary {
                op,
                lhs: boxed(l),
                rhs: boxed(r),
            }),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(c, t, e)| Expr::If {
                cond: boxed(c),
                then: boxed(t),
                els: boxed(e),
            }),
            prop::collection::vec(n.clone(), 0..3).prop_map(Expr::List),
            prop::collection::vec((record_key().prop_map(node), n), 0..3).prop_map(Expr::Record),
            (inner.clone(), inner).prop_map(|(s, e)| Expr::Range {
                start: boxed(s),
                end: boxed(e),
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn printed_expressions_parse_back_to_the_same_tree(e in expr()) {
        let text = care_fmt::print_expr(&e);
        let parsed = parse_expr(&text, FileId(0));
        prop_assert!(parsed.is_ok(), "`{}` does not parse: {:?}", text, parsed.err());
        let parsed = parsed.unwrap();
        prop_assert_eq!(&parsed.node, &e, "`{}` parses to another tree", text);
        // And printing is stable.
        prop_assert_eq!(care_fmt::print_expr(&parsed.node), text);
    }
}
