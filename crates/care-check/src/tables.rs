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
    let mut key_type: Option<Type> = None;
    let mut col_types: Vec<Type> = vec![Type::Error; t.columns.len() - 1];
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
        let Some((key_cell, value_cells)) = row.node.split_first() else {
            continue;
        };
        let (key, kt) = match &key_cell.node {
            Cell::Range { start, end } => {
                if let Some(e) = end {
                    if e < start {
                        cx.error(
                            "E0302",
                            format!("range `{start}..{e}` is empty"),
                            file,
                            key_cell.span,
                            "ends before it starts",
                        )
                        .keyed("E0302-empty-range", &[("range", &format!("{start}..{e}"))]);
                        ok = false;
                    }
                }
                (
                    Key::Range {
                        start: *start,
                        end: *end,
                    },
                    Type::Int,
                )
            }
            Cell::Literal(Literal::Int(n)) => (
                Key::Range {
                    start: *n,
                    end: Some(*n),
                },
                Type::Int,
            ),
            other => match cell_constant(cx, file, key_cell.span, other) {
                Some((c, ty)) => (Key::Exact(c), ty),
                None => {
                    ok = false;
                    continue;
                }
            },
        };
        match &key_type {
            None => key_type = Some(kt),
            Some(prev) if *prev == kt => {}
            Some(prev) => {
                let msg = format!(
                    "key of type `{}` in a table keyed by `{}`",
                    cx.type_name(&kt),
                    cx.type_name(prev)
                );
                let (found, expected) = (cx.type_name(&kt), cx.type_name(prev));
                cx.error("E0201", msg, file, key_cell.span, "another kind of key")
                    .keyed(
                        "E0201-table-key",
                        &[("found", &found), ("expected", &expected)],
                    );
                ok = false;
            }
        }
        let mut values = Vec::new();
        for (i, cell) in value_cells.iter().enumerate() {
            match cell_constant(cx, file, cell.span, &cell.node) {
                Some((c, ty)) => {
                    let merged = match crate::typeck::unify(&col_types[i], &ty) {
                        Some(t) => t,
                        None => {
                            let msg = format!(
                                "`{}` holds `{}` values, this cell is `{}`",
                                t.columns[i + 1].node,
                                cx.type_name(&col_types[i]),
                                cx.type_name(&ty)
                            );
                            let (column, expected, found) = (
                                t.columns[i + 1].node.clone(),
                                cx.type_name(&col_types[i]),
                                cx.type_name(&ty),
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
        check_keys(cx, file, &rows);
    }
    let table = ir::Table {
        name: t.name.node.clone(),
        label: t.label.as_ref().map(|l| l.node.clone()),
        sources: source,
        key_column: t.columns[0].node.clone(),
        key_type: key_type.unwrap_or(Type::Error),
        columns: t.columns[1..]
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
        Cell::Range { .. } => {
            cx.error(
                "E0201",
                "a range is only allowed in the key column",
                file,
                span,
                "range as a value",
            )
            .keyed("E0201-range-cell", &[]);
            None
        }
    }
}

fn check_keys(cx: &mut Ctx, file: care_syntax::FileId, rows: &[ir::TableRow]) {
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
            Key::Exact(_) => None,
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
            let (key, label, other, help) = match e1 {
                None => (
                    "E0302-open-overlap",
                    "already covered",
                    "this open range covers it",
                    "an open range (`13..`) must be the last one",
                ),
                Some(_) => (
                    "E0302-overlap",
                    "overlaps the row above",
                    "this range",
                    "each value must fall in exactly one row",
                ),
            };
            let msg = format!(
                "ranges `{}` and `{}` overlap",
                show(s1, e1),
                show(s2, pair[1].1)
            );
            cx.error("E0302", msg, file, r2.origin.span, label).keyed(
                key,
                &[("first", &show(s1, e1)), ("second", &show(s2, pair[1].1))],
            );
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
            cx.error(
                "E0303",
                format!("no row covers `{gap}`"),
                file,
                r2.origin.span,
                format!("gap before this row: `{gap}` has no row"),
            )
            .keyed("E0303-gap", &[("gap", &gap)]);
            cx.help(
                "E0303-gap-help",
                &[],
                "each value must fall in exactly one row: extend a range or add a row",
            );
        }
    }
}
