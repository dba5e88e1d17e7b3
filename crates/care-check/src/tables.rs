//! Tables: key and column types, row shapes, duplicate keys, overlapping or gapped ranges.

use crate::ctx::{Ctx, Global};
use crate::ir::{self, Constant, Key, Origin};
use crate::types::{EnumId, Type};
use care_syntax::ast::{Cell, Literal};

pub fn check_table(cx: &mut Ctx, index: usize) -> Option<ir::Table> {
    let decls = cx.decls;
    let decl = decls.tables.get(index)?;
    let file = decl.file;
    let t = &decl.node;
    let source = {
        let metas: Vec<_> = t.meta.iter().map(|m| (file, &m.node)).collect();
        cx.citation(&metas)
    };
    if t.columns.len() < 2 {
        let span = t.columns.first().map_or(decl.name.span, |c| c.span);
        cx.error(
            "E0307",
            format!(
                "table `{}` needs a key column and at least one value column",
                t.name.node
            ),
            file,
            span,
            "header row",
        )
        .keyed("E0307-columns", &[("name", &t.name.node)]);
        cx.help(
            "E0307-columns-help",
            &[],
            "write the header as `| key | value |`",
        );
        return None;
    }
    let nkeys = t.key_columns.max(1);
    if nkeys > 2 || nkeys >= t.columns.len() {
        let span = t.columns.first().map_or(decl.name.span, |c| c.span);
        let name = t.name.node.as_str();
        let keys = nkeys.to_string();
        let (msg, key) = if nkeys > 2 {
            (
                format!("table `{name}` has {nkeys} key columns, at most two are allowed"),
                "E0307-key-columns",
            )
        } else {
            (
                format!("table `{name}` has no value column after its key columns"),
                "E0307-no-value-column",
            )
        };
        cx.error("E0307", msg, file, span, "header row")
            .keyed(key, &[("name", name), ("keys", &keys)]);
        cx.help(
            "E0307-two-keys-help",
            &[],
            "write the header as `| key | value |`, or `| key1 | key2 || value |` for two keys",
        );
        return None;
    }
    let mut key_types: Vec<Option<Type>> = vec![None; nkeys];
    let mut col_types: Vec<Type> = vec![Type::Error; t.columns.len() - nkeys];
    let mut rows = Vec::new();
    let mut ok = true;
    for row in &t.rows {
        if row.node.len() != t.columns.len() {
            cx.error(
                "E0307",
                format!(
                    "this row has {} cell{}, the header has {}",
                    row.node.len(),
                    if row.node.len() == 1 { "" } else { "s" },
                    t.columns.len()
                ),
                file,
                row.span,
                "wrong number of cells",
            )
            .keyed(
                "E0307-cells",
                &[
                    ("cells", &row.node.len().to_string()),
                    ("columns", &t.columns.len().to_string()),
                ],
            );
            let names = t
                .columns
                .iter()
                .map(|c| format!("`{}`", c.node))
                .collect::<Vec<_>>()
                .join(", ");
            cx.help(
                "E0307-cells-help",
                &[("names", &names)],
                format!("columns: {names}"),
            );
            ok = false;
            continue;
        }
        let (key_cells, value_cells) = row.node.split_at(nkeys);
        let mut keys = Vec::with_capacity(nkeys);
        for (k, key_cell) in key_cells.iter().enumerate() {
            let column = &t.columns[k].node;
            let Some((key, kt)) = key_of(cx, file, column, key_cell) else {
                ok = false;
                continue;
            };
            match &key_types[k] {
                None => key_types[k] = Some(kt),
                Some(prev) if *prev == kt => {}
                Some(prev) => {
                    // Integers and decimals mix in a range column: its ranges are decimal.
                    let numeric = |t: &Type| matches!(t, Type::Int | Type::Decimal);
                    let between = matches!(key, Key::Between { .. })
                        || rows.iter().any(|r: &ir::TableRow| {
                            matches!(nth_key(&r.key, k), Some(Key::Between { .. }))
                        });
                    if between && numeric(prev) && numeric(&kt) {
                        key_types[k] = Some(Type::Decimal);
                    } else {
                        let (found, expected) = (cx.type_name(&kt), cx.type_name(prev));
                        let (whole, key) = if nkeys == 1 {
                            ("table", "E0201-table-key")
                        } else {
                            ("column", "E0201-column-key")
                        };
                        let msg =
                            format!("key of type `{found}` in a {whole} keyed by `{expected}`");
                        cx.error("E0201", msg, file, key_cell.span, "another kind of key")
                            .keyed(key, &[("found", &found), ("expected", &expected)]);
                        ok = false;
                    }
                }
            }
            keys.push(key);
        }
        if keys.len() != nkeys {
            continue;
        }
        let key = if nkeys == 1 {
            keys.remove(0)
        } else {
            Key::Tuple(keys)
        };
        let mut values = Vec::new();
        for (i, cell) in value_cells.iter().enumerate() {
            match cell_constant(cx, file, cell.span, &cell.node) {
                Some((c, ty)) => {
                    let merged = match crate::typeck::unify(&col_types[i], &ty) {
                        Some(t) => t,
                        None => {
                            let (column, expected, found) = (
                                t.columns[i + nkeys].node.clone(),
                                cx.type_name(&col_types[i]),
                                cx.type_name(&ty),
                            );
                            let msg = format!(
                                "`{column}` holds `{expected}` values, this cell is `{found}`"
                            );
                            cx.error("E0201", msg, file, cell.span, "another type")
                                .keyed(
                                    "E0201-table-cell",
                                    &[
                                        ("column", &column),
                                        ("expected", &expected),
                                        ("found", &found),
                                    ],
                                );
                            ok = false;
                            col_types[i].clone()
                        }
                    };
                    col_types[i] = merged;
                    values.push(c);
                }
                None => ok = false,
            }
        }
        rows.push(ir::TableRow {
            key,
            values,
            origin: Origin {
                file,
                span: row.span,
            },
        });
    }
    // Gaps and overlaps would only echo a malformed row or an empty range.
    if ok {
        let int = key_types[nkeys - 1] == Some(Type::Int);
        check_all_keys(cx, file, &t.columns[nkeys - 1].node, nkeys, int, &rows);
    }
    let key_types: Vec<Type> = key_types
        .into_iter()
        .map(|t| t.unwrap_or(Type::Error))
        .collect();
    let key_type = match key_types.as_slice() {
        [one] => one.clone(),
        many => Type::Struct(
            t.columns
                .iter()
                .map(|c| c.node.clone())
                .zip(many.iter().cloned())
                .collect(),
        ),
    };
    let table = ir::Table {
        name: t.name.node.clone(),
        label: t.label.as_ref().map(|l| l.node.clone()),
        sources: source,
        key_column: t.columns[..nkeys]
            .iter()
            .map(|c| c.node.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        key_type,
        columns: t.columns[nkeys..]
            .iter()
            .map(|c| c.node.clone())
            .zip(col_types)
            .collect(),
        rows,
        origin: Origin {
            file,
            span: decl.span,
        },
    };
    ok.then_some(table)
}

/// A literal cell's value and type. Names are tracks or enum variants; percents are fractions.
fn cell_constant(
    cx: &mut Ctx,
    file: care_syntax::FileId,
    span: care_syntax::Span,
    cell: &Cell,
) -> Option<(Constant, Type)> {
    match cell {
        Cell::Literal(l) => crate::typeck::literal_constant(cx, l, file, span),
        Cell::Code(c) => {
            if !cx.names.codes.contains_key(c) {
                cx.error(
                    "E0103",
                    format!("unknown code `{c}`"),
                    file,
                    span,
                    "no objective or rule has this code",
                )
                .keyed("E0103-unknown-code", &[("code", c)]);
                return None;
            }
            Some((Constant::Code(c.as_str().into()), Type::Code))
        }
        Cell::Name(n) => {
            if let Some(Global::Track(i)) = cx.names.globals.get(n) {
                return Some((Constant::Track(*i), Type::Track));
            }
            let found: Vec<(EnumId, u32)> = cx
                .names
                .schema
                .enums
                .iter()
                .enumerate()
                .filter_map(|(e, def)| {
                    def.variants.iter().position(|v| &v.name == n).map(|v| {
                        (
                            EnumId(u32::try_from(e).unwrap_or(0)),
                            u32::try_from(v).unwrap_or(0),
                        )
                    })
                })
                .collect();
            match found.as_slice() {
                [(e, v)] => Some((Constant::Enum(*e, *v), Type::Enum(*e))),
                [] => {
                    cx.error(
                        "E0101",
                        format!("unknown name `{n}`"),
                        file,
                        span,
                        "not a track nor an enum variant",
                    )
                    .keyed("E0101-not-a-variant", &[("name", n)]);
                    None
                }
                _ => {
                    cx.error(
                        "E0101",
                        format!("`{n}` is a variant of several enums"),
                        file,
                        span,
                        "ambiguous",
                    )
                    .keyed("E0101-ambiguous-variant", &[("name", n)]);
                    None
                }
            }
        }
        Cell::Range { .. } | Cell::Bounded { .. } => {
            cx.error(
                "E0201",
                "a range is only allowed in a key column",
                file,
                span,
                "range as a value",
            )
            .keyed("E0201-range-cell", &[]);
            None
        }
    }
}

/// The key a key cell gives, and its type.
fn key_of(
    cx: &mut Ctx,
    file: care_syntax::FileId,
    column: &str,
    cell: &care_syntax::Node<Cell>,
) -> Option<(Key, Type)> {
    match &cell.node {
        Cell::Range { start, end } => {
            if let Some(e) = end {
                if e < start {
                    cx.error(
                        "E0302",
                        format!("range `{start}..{e}` is empty"),
                        file,
                        cell.span,
                        "ends before it starts",
                    )
                    .keyed("E0302-empty-range", &[("range", &format!("{start}..{e}"))]);
                    return None;
                }
            }
            Some((
                Key::Range {
                    start: *start,
                    end: *end,
                },
                Type::Int,
            ))
        }
        Cell::Literal(Literal::Int(n)) => Some((
            Key::Range {
                start: *n,
                end: Some(*n),
            },
            Type::Int,
        )),
        Cell::Bounded { lower, name, upper } => {
            if name.node != column {
                cx.error(
                    "E0317",
                    format!(
                        "this range is written on `{}`, its column is `{column}`",
                        name.node
                    ),
                    file,
                    name.span,
                    "another name",
                )
                .keyed(
                    "E0317-wrong-name",
                    &[("name", name.node.as_str()), ("column", column)],
                );
                cx.help(
                    "E0317-wrong-name-help",
                    &[("column", column)],
                    format!("name the column in its ranges: `{column} < …`"),
                );
                return None;
            }
            let mut ty: Option<Type> = None;
            let mut end = |cx: &mut Ctx,
                           e: &Option<care_syntax::ast::RangeEnd>|
             -> Option<Option<ir::RangeEnd>> {
                let Some(e) = e else { return Some(None) };
                let (c, t) =
                    crate::typeck::literal_constant(cx, &e.value.node, file, e.value.span)?;
                let value = match c {
                    Constant::Int(n) => rust_decimal::Decimal::from(n),
                    Constant::Decimal(d) | Constant::Money(d) => d,
                    _ => {
                        let found = cx.type_name(&t);
                        let msg =
                            format!("a range is over numbers or money, this bound is `{found}`");
                        cx.error("E0201", msg, file, e.value.span, "not a number")
                            .keyed("E0201-range-bound", &[("found", &found)]);
                        return None;
                    }
                };
                let merged = match &ty {
                    None => Some(t.clone()),
                    Some(prev) => crate::typeck::unify(prev, &t)
                        .filter(|u| u.is_numeric() || *u == Type::Money),
                };
                let Some(merged) = merged else {
                    let first = ty.as_ref().map(|t| cx.type_name(t)).unwrap_or_default();
                    let second = cx.type_name(&t);
                    let msg = format!("the bounds of this range are `{first}` and `{second}`");
                    cx.error("E0201", msg, file, e.value.span, "another type")
                        .keyed(
                            "E0201-range-bounds",
                            &[("first", &first), ("second", &second)],
                        );
                    return None;
                };
                ty = Some(merged);
                Some(Some(ir::RangeEnd {
                    value,
                    inclusive: e.inclusive,
                    percent: matches!(e.value.node, Literal::Percent(_)),
                }))
            };
            let lo = end(cx, lower)?;
            let hi = end(cx, upper)?;
            if let (Some(l), Some(h)) = (lo, hi) {
                if l.value > h.value || (l.value == h.value && !(l.inclusive && h.inclusive)) {
                    cx.error(
                        "E0302",
                        "this range is empty",
                        file,
                        cell.span,
                        "no value is in it",
                    )
                    .keyed("E0302-empty-bounds", &[]);
                    cx.help(
                        "E0302-empty-bounds-help",
                        &[],
                        "the lower bound must be below the upper one, as in `66 % <= part < 90 %`",
                    );
                    return None;
                }
            }
            Some((
                Key::Between {
                    lower: lo,
                    upper: hi,
                },
                ty.unwrap_or(Type::Error),
            ))
        }
        other => cell_constant(cx, file, cell.span, other).map(|(c, ty)| (Key::Exact(c), ty)),
    }
}

/// The key of column `k` in a row's key.
fn nth_key(key: &Key, k: usize) -> Option<&Key> {
    match key {
        Key::Tuple(keys) => keys.get(k),
        one if k == 0 => Some(one),
        _ => None,
    }
}

/// The rows' keys: whole keys appear once; with two key columns, the ranges of the second are
/// checked among the rows that share the first (`| P4 | 1..3 |`, `| P4 | 4..6 |`).
fn check_all_keys(
    cx: &mut Ctx,
    file: care_syntax::FileId,
    last_column: &str,
    nkeys: usize,
    int: bool,
    rows: &[ir::TableRow],
) {
    if nkeys == 1 {
        check_keys(cx, file, last_column, int, rows, None);
        return;
    }
    let mut groups: Vec<(Option<&Key>, Vec<ir::TableRow>)> = Vec::new();
    for row in rows {
        let first = nth_key(&row.key, 0);
        let last = nth_key(&row.key, nkeys - 1).cloned();
        let Some(last) = last else { continue };
        let one = ir::TableRow {
            key: last,
            values: Vec::new(),
            origin: row.origin,
        };
        match groups.iter_mut().find(|(k, _)| *k == first) {
            Some((_, g)) => g.push(one),
            None => groups.push((first, vec![one])),
        }
    }
    for (first, g) in &groups {
        // The message names the rows it is about: those of `P4`, the value of the first key.
        let name = match first {
            Some(Key::Exact(c)) => key_name(cx, c),
            _ => None,
        };
        check_keys(cx, file, last_column, int, g, name.as_deref());
    }
}

/// A value of a first key column as its rows write it (`P4`, `public`, `3`), to name them.
fn key_name(cx: &Ctx, c: &Constant) -> Option<String> {
    match c {
        Constant::Track(i) => cx
            .decls
            .tracks
            .get(*i as usize)
            .map(|t| t.name.node.clone()),
        Constant::Enum(e, v) => cx
            .names
            .schema
            .enums
            .get(e.0 as usize)
            .and_then(|d| d.variants.get(*v as usize))
            .map(|v| v.name.clone()),
        Constant::Code(c) => Some(c.to_string()),
        Constant::Text(t) => Some(format!("\"{t}\"")),
        Constant::Int(n) => Some(n.to_string()),
        Constant::Decimal(d) | Constant::Money(d) => Some(d.normalize().to_string()),
        Constant::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The message and entry of an overlap (E0302): `in the rows of `P4`` when a first key column
/// groups the rows.
fn overlap_message(
    first: &str,
    second: &str,
    rows_of: Option<&str>,
    open: bool,
) -> (String, &'static str) {
    let msg = format!("ranges `{first}` and `{second}` overlap");
    match (rows_of, open) {
        (Some(r), true) => (
            format!("{msg} in the rows of `{r}`"),
            "E0302-open-overlap-rows",
        ),
        (Some(r), false) => (format!("{msg} in the rows of `{r}`"), "E0302-overlap-rows"),
        (None, true) => (msg, "E0302-open-overlap"),
        (None, false) => (msg, "E0302-overlap"),
    }
}

/// The message and entry of a gap (E0303), naming the rows as [`overlap_message`] does.
fn gap_message(gap: &str, rows_of: Option<&str>) -> (String, &'static str) {
    match rows_of {
        Some(r) => (format!("no row of `{r}` covers `{gap}`"), "E0303-gap-rows"),
        None => (format!("no row covers `{gap}`"), "E0303-gap"),
    }
}

/// The arguments of these messages.
fn with_rows<'a>(
    mut args: Vec<(&'static str, &'a str)>,
    rows_of: Option<&'a str>,
) -> Vec<(&'static str, &'a str)> {
    if let Some(r) = rows_of {
        args.push(("rows", r));
    }
    args
}

/// A range key as lower and upper ends (`None`: unbounded); an integer range's ends are included.
fn ends(key: &Key) -> Option<(Option<ir::RangeEnd>, Option<ir::RangeEnd>, bool)> {
    let inc = |v: i64| ir::RangeEnd {
        value: rust_decimal::Decimal::from(v),
        inclusive: true,
        percent: false,
    };
    match key {
        Key::Range { start, end } => Some((Some(inc(*start)), end.map(inc), true)),
        Key::Between { lower, upper } => Some((*lower, *upper, false)),
        Key::Exact(_) | Key::Tuple(_) => None,
    }
}

/// `part < 66 %`, `66 % <= part < 90 %` as the row writes it.
fn show_between(column: &str, lower: Option<ir::RangeEnd>, upper: Option<ir::RangeEnd>) -> String {
    Key::Between { lower, upper }.text(&[column], &|c, _| match c {
        Constant::Decimal(d) | Constant::Money(d) => d.normalize().to_string(),
        _ => String::new(),
    })
}

/// Decimal ranges (`part < 66 %` …): sorted by their lower end, each must start exactly where
/// the one before ends (one end included, the other not), from no lower bound to no upper bound.
/// On integers (`int`), `sites > 3` starts at 4 and `4..6` follows `sites <= 3`; integer ranges
/// need not cover every value (as `1..4` … `13..`).
fn check_between(
    cx: &mut Ctx,
    file: care_syntax::FileId,
    column: &str,
    int: bool,
    rows: &[ir::TableRow],
    rows_of: Option<&str>,
) {
    let one = rust_decimal::Decimal::ONE;
    let to_int = |e: Option<ir::RangeEnd>, up: bool| {
        e.map(|e| match (int, e.inclusive) {
            (true, false) => ir::RangeEnd {
                value: if up { e.value - one } else { e.value + one },
                inclusive: true,
                percent: false,
            },
            _ => e,
        })
    };
    let mut ranges: Vec<(Option<ir::RangeEnd>, Option<ir::RangeEnd>, &ir::TableRow)> = rows
        .iter()
        .filter_map(|r| ends(&r.key).map(|(l, u, _)| (to_int(l, false), to_int(u, true), r)))
        .collect();
    if ranges.is_empty() {
        return;
    }
    // Unbounded below first, then by lower value, an included end before an excluded one.
    ranges.sort_by(|a, b| match (a.0, b.0) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(x), Some(y)) => x.value.cmp(&y.value).then(y.inclusive.cmp(&x.inclusive)),
    });
    let mut reported = false;
    for pair in ranges.windows(2) {
        let (l1, u1, r1) = pair[0];
        let (l2, u2, r2) = pair[1];
        let overlap = match (u1, l2) {
            (None, _) | (_, None) => true,
            (Some(u), Some(l)) => {
                u.value > l.value || (u.value == l.value && u.inclusive && l.inclusive)
            }
        };
        if overlap {
            let (first, second) = (show_between(column, l1, u1), show_between(column, l2, u2));
            let (msg, key) = overlap_message(&first, &second, rows_of, false);
            let args = with_rows(
                vec![("first", first.as_str()), ("second", second.as_str())],
                rows_of,
            );
            cx.error("E0302", msg, file, r2.origin.span, "overlaps the row above")
                .keyed(key, &args);
            cx.also(file, r1.origin.span, "this range");
            cx.help(
                "E0302-bounds-overlap-help",
                &[],
                "each value must fall in exactly one row: end a range where the next starts, one of the two bounds with `=`",
            );
            reported = true;
            continue;
        }
        if let (Some(u), Some(l)) = (u1, l2) {
            let gap_between = if int {
                u.value + one < l.value
            } else {
                u.value < l.value || (!u.inclusive && !l.inclusive)
            };
            if gap_between {
                let gap = if int {
                    if u.value + one == l.value - one {
                        format!("{}", u.value + one)
                    } else {
                        format!("{}..{}", u.value + one, l.value - one)
                    }
                } else if u.value == l.value {
                    // The one value between `part < 90 %` and `part > 90 %`, as written.
                    let point = ir::RangeEnd {
                        inclusive: true,
                        ..u
                    };
                    show_between(column, Some(point), Some(point))
                        .split(" <= ")
                        .next()
                        .unwrap_or_default()
                        .to_string()
                } else {
                    show_between(
                        column,
                        Some(ir::RangeEnd {
                            inclusive: !u.inclusive,
                            ..u
                        }),
                        Some(ir::RangeEnd {
                            inclusive: !l.inclusive,
                            ..l
                        }),
                    )
                };
                let (msg, key) = gap_message(&gap, rows_of);
                let args = with_rows(vec![("gap", gap.as_str())], rows_of);
                cx.error(
                    "E0303",
                    msg,
                    file,
                    r2.origin.span,
                    format!("gap before this row: `{gap}` has no row"),
                )
                .keyed(key, &args);
                cx.help(
                    "E0303-bounds-gap-help",
                    &[],
                    "each value must fall in exactly one row: start this range where the one above ends",
                );
                reported = true;
            }
        }
    }
    if reported || int {
        return;
    }
    // A decimal key is computed (a share, an amount): a value outside every row would stop the
    // evaluation of the dossier, so the ranges run from no lower bound to no upper bound.
    let (first_lower, _, first) = ranges[0];
    let (_, last_upper, last) = ranges[ranges.len() - 1];
    let mut uncovered = |bound: ir::RangeEnd, below: bool, row: &ir::TableRow| {
        let what = if below {
            show_between(
                column,
                None,
                Some(ir::RangeEnd {
                    inclusive: !bound.inclusive,
                    ..bound
                }),
            )
        } else {
            show_between(
                column,
                Some(ir::RangeEnd {
                    inclusive: !bound.inclusive,
                    ..bound
                }),
                None,
            )
        };
        cx.error(
            "E0318",
            format!("no row covers `{what}`"),
            file,
            row.origin.span,
            if below {
                "the lowest range has a lower bound"
            } else {
                "the highest range has an upper bound"
            },
        )
        .keyed(
            if below {
                "E0318-uncovered-below"
            } else {
                "E0318-uncovered-above"
            },
            &[("values", what.as_str())],
        );
        if below {
            cx.help(
                "E0318-open-below-help",
                &[("column", column)],
                format!("open the first range below: `{column} < …`"),
            );
        } else {
            cx.help(
                "E0318-open-above-help",
                &[("column", column)],
                format!("open the last range above: `{column} >= …`"),
            );
        }
    };
    if let Some(l) = first_lower {
        uncovered(l, true, first);
    }
    if let Some(u) = last_upper {
        uncovered(u, false, last);
    }
}

fn check_keys(
    cx: &mut Ctx,
    file: care_syntax::FileId,
    column: &str,
    int: bool,
    rows: &[ir::TableRow],
    rows_of: Option<&str>,
) {
    if rows.iter().any(|r| matches!(r.key, Key::Between { .. })) {
        // Exact decimal keys among decimal ranges are ranges of one value.
        let as_ranges: Vec<ir::TableRow> = rows
            .iter()
            .map(|r| ir::TableRow {
                key: match &r.key {
                    Key::Exact(Constant::Decimal(d) | Constant::Money(d)) => Key::Between {
                        lower: Some(ir::RangeEnd {
                            value: *d,
                            inclusive: true,
                            percent: false,
                        }),
                        upper: Some(ir::RangeEnd {
                            value: *d,
                            inclusive: true,
                            percent: false,
                        }),
                    },
                    k => k.clone(),
                },
                values: Vec::new(),
                origin: r.origin,
            })
            .collect();
        check_between(cx, file, column, int, &as_ranges, rows_of);
        return;
    }
    // Exact keys: no duplicates.
    for (i, row) in rows.iter().enumerate() {
        if let Key::Exact(c) = &row.key {
            if let Some(prev) = rows[..i].iter().find(|r| r.key == Key::Exact(c.clone())) {
                cx.error(
                    "E0308",
                    "this key is already in the table",
                    file,
                    row.origin.span,
                    "duplicate key",
                )
                .keyed("E0308-duplicate", &[]);
                cx.also(file, prev.origin.span, "first row with this key");
            }
        }
    }
    // Ranges: sorted by start, each must begin right after the previous one ends.
    let mut ranges: Vec<(i64, Option<i64>, &ir::TableRow)> = rows
        .iter()
        .filter_map(|r| match r.key {
            Key::Range { start, end } => Some((start, end, r)),
            Key::Exact(_) | Key::Between { .. } | Key::Tuple(_) => None,
        })
        .collect();
    ranges.sort_by_key(|(s, _, _)| *s);
    for pair in ranges.windows(2) {
        let (s1, e1, r1) = pair[0];
        let (s2, _, r2) = pair[1];
        let show = |s: i64, e: Option<i64>| match e {
            Some(e) if e == s => format!("{s}"),
            Some(e) => format!("{s}..{e}"),
            None => format!("{s}.."),
        };
        // An open range covers everything after it; a closed one up to its end.
        if e1.is_none_or(|e| s2 <= e) {
            let (label, other, help) = match e1 {
                None => (
                    "already covered",
                    "this open range covers it",
                    "an open range (`13..`) must be the last one",
                ),
                Some(_) => (
                    "overlaps the row above",
                    "this range",
                    "each value must fall in exactly one row",
                ),
            };
            let (first, second) = (show(s1, e1), show(s2, pair[1].1));
            let (msg, key) = overlap_message(&first, &second, rows_of, e1.is_none());
            let args = with_rows(
                vec![("first", first.as_str()), ("second", second.as_str())],
                rows_of,
            );
            cx.error("E0302", msg, file, r2.origin.span, label)
                .keyed(key, &args);
            cx.also(file, r1.origin.span, other);
            let help_key = if e1.is_none() {
                "E0302-open-overlap-help"
            } else {
                "E0302-overlap-help"
            };
            cx.help(help_key, &[], help);
            continue;
        }
        if let Some(e1) = e1.filter(|e| s2 > e.saturating_add(1)) {
            let gap = if s2 - 1 == e1 + 1 {
                format!("{}", e1 + 1)
            } else {
                format!("{}..{}", e1 + 1, s2 - 1)
            };
            let (msg, key) = gap_message(&gap, rows_of);
            let args = with_rows(vec![("gap", gap.as_str())], rows_of);
            cx.error(
                "E0303",
                msg,
                file,
                r2.origin.span,
                format!("gap before this row: `{gap}` has no row"),
            )
            .keyed(key, &args);
            cx.help(
                "E0303-gap-help",
                &[],
                "each value must fall in exactly one row: extend a range or add a row",
            );
        }
    }
}
