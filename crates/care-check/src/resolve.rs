//! Pass 1, resolve: the names a version declares and the types they denote — records and enums
//! (the input schema), tracks, tables, functions, values, outputs, objective and rule codes, and
//! the signatures of functions and declared types of outputs. Its output, [`Names`], is read
//! (never written) by the typing pass; the lints read it too (`names.rs`).

use crate::ctx::{CodeRef, Ctx, Global};
use crate::model::{DefaultValue, EnumDef, FieldDef, RecordDef, VariantDef};
use crate::types::{EnumId, RecordId, Type};
use care_syntax::ast;
use care_syntax::{FileId, Node, Span};
use std::collections::HashMap;

/// Runs the pass: the schema, the global names, the signatures.
pub fn run(cx: &mut Ctx) {
    let decls = cx.decls;
    build_schema(cx);
    declare_globals(cx);
    let sigs: Vec<_> = decls
        .functions
        .iter()
        .map(|f| {
            let params = f
                .node
                .params
                .iter()
                .map(|p| (p.name.node.clone(), cx.resolve_type(&p.ty, f.file)))
                .collect();
            (params, cx.resolve_type(&f.node.ret, f.file))
        })
        .collect();
    cx.names.function_sigs = sigs;
    let outs: Vec<_> = decls
        .outputs
        .iter()
        .map(|o| o.node.ty.as_ref().map(|t| cx.resolve_type(t, o.file)))
        .collect();
    cx.names.output_types = outs;
}

/// Records and enums become the input schema; the `input` declaration names its root.
fn build_schema(cx: &mut Ctx) {
    let decls = cx.decls;
    for (i, e) in decls.enums.iter().enumerate() {
        cx.names.type_names.insert(
            e.name.node.clone(),
            Type::Enum(EnumId(u32::try_from(i).unwrap_or(u32::MAX))),
        );
    }
    for (i, r) in decls.records.iter().enumerate() {
        cx.names.type_names.insert(
            r.name.node.clone(),
            Type::Record(RecordId(u32::try_from(i).unwrap_or(u32::MAX))),
        );
    }
    for e in &decls.enums {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut variants = Vec::new();
        for v in &e.node.variants {
            if let Some(prev) = seen.get(v.name.node.as_str()) {
                let prev = *prev;
                cx.error(
                    "E0102",
                    format!("variant `{}` is listed twice", v.name.node),
                    e.file,
                    v.name.span,
                    "listed again here",
                )
                .keyed("E0102-variant", &[("name", &v.name.node)]);
                cx.also(e.file, prev, "first listed here");
                continue;
            }
            seen.insert(&v.name.node, v.name.span);
            variants.push(VariantDef {
                name: v.name.node.clone(),
                label: v.label.as_ref().map(|l| l.node.clone()),
            });
        }
        cx.names.schema.enums.push(EnumDef {
            name: e.name.node.clone(),
            label: e.node.label.as_ref().map(|l| l.node.clone()),
            variants,
            origin: crate::model::Origin {
                file: e.file,
                span: e.span,
            },
        });
    }
    for r in &decls.records {
        let mut fields: Vec<FieldDef> = Vec::new();
        for f in &r.node.fields {
            if fields.iter().any(|x| x.name == f.name.node) {
                cx.error(
                    "E0102",
                    format!(
                        "field `{}` is declared twice in `{}`",
                        f.name.node, r.name.node
                    ),
                    r.file,
                    f.name.span,
                    "declared again here",
                )
                .keyed(
                    "E0102-field",
                    &[("field", &f.name.node), ("record", &r.name.node)],
                );
                continue;
            }
            let ty = cx.resolve_type(&f.ty, r.file);
            let bounds =
                crate::field_bounds::field_bounds(cx, r.file, &f.name.node, &ty, &f.bounds);
            let default = f
                .default
                .as_ref()
                .and_then(|d| default_value(cx, r.file, d, &ty));
            if let (Some(d), Some(node)) = (&default, &f.default) {
                if let Some(why) = crate::field_bounds::default_within(d, &bounds) {
                    // `why` is "below the minimum 0" or "above the maximum 10".
                    let (side, bound) = match why.strip_prefix("below the minimum ") {
                        Some(b) => ("below", b),
                        None => (
                            "above",
                            why.strip_prefix("above the maximum ").unwrap_or(&why),
                        ),
                    };
                    cx.error(
                        "E0316",
                        format!("the default of `{}` is {why}", f.name.node),
                        r.file,
                        node.span,
                        "outside the field's bounds",
                    )
                    .keyed(
                        "E0316-default",
                        &[("field", &f.name.node), ("side", side), ("bound", bound)],
                    );
                    cx.help("E0316-default-help", &[], "the default stands for data the platform did not send: it must be a value the data could have");
                }
            }
            fields.push(FieldDef {
                name: f.name.node.clone(),
                ty,
                default,
                bounds,
                label: f.label.as_ref().map(|l| l.node.clone()),
                origin: crate::model::Origin {
                    file: r.file,
                    span: f.span,
                },
            });
        }
        cx.names.schema.records.push(RecordDef {
            name: r.name.node.clone(),
            label: r.node.label.as_ref().map(|l| l.node.clone()),
            fields,
            origin: crate::model::Origin {
                file: r.file,
                span: r.span,
            },
        });
    }
    match decls.inputs.first() {
        Some(input) => {
            cx.names.schema.root_name = input.name.node.clone();
            cx.names.schema.root = cx.resolve_type(&input.node.ty, input.file);
        }
        None => {
            // Even a version with nothing to decide yet: `care eval` needs to know what a
            // dossier is before it can read one.
            let file = decls.header.file;
            let span = decls.header.span;
            cx.error(
                "E0306",
                "the version declares no input",
                file,
                span,
                "this version reads no data",
            )
            .keyed("E0306-no-input", &[]);
            cx.help(
                "E0306-no-input-help",
                &[],
                "declare the data the policy reads: `input dossier: Candidature`",
            );
        }
    }
    cx.names.schema.track_keys = decls
        .tracks
        .iter()
        .map(|t| t.key.as_ref().map_or(0, |k| k.node.node))
        .collect();
}

fn default_value(
    cx: &mut Ctx,
    file: FileId,
    d: &Node<ast::Expr>,
    ty: &Type,
) -> Option<DefaultValue> {
    match (&d.node, ty.required()) {
        (ast::Expr::Name(n), Type::Enum(id)) => {
            let variants = cx
                .names
                .schema
                .enum_def(*id)
                .map(|e| {
                    e.variants
                        .iter()
                        .map(|v| v.name.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            match variants.iter().position(|v| v == n) {
                Some(i) => Some(DefaultValue::Variant(u32::try_from(i).unwrap_or(u32::MAX))),
                None => {
                    let enum_name = cx.type_name(ty);
                    cx.error(
                        "E0201",
                        format!("`{n}` is not a variant of `{}`", cx.type_name(ty)),
                        file,
                        d.span,
                        "not a variant",
                    )
                    .keyed(
                        "E0201-default-variant",
                        &[("name", n), ("enum", &enum_name)],
                    );
                    None
                }
            }
        }
        (ast::Expr::Lit(l), t) => {
            let lt = crate::typeck::literal_type(l);
            if crate::typeck::assignable(&lt, t) {
                Some(DefaultValue::Literal(l.clone()))
            } else {
                let msg = format!(
                    "default of type `{}` for a field of type `{}`",
                    cx.type_name(&lt),
                    cx.type_name(ty)
                );
                let (found, expected) = (cx.type_name(&lt), cx.type_name(ty));
                cx.error("E0201", msg, file, d.span, "wrong type").keyed(
                    "E0201-default-type",
                    &[("found", &found), ("expected", &expected)],
                );
                None
            }
        }
        _ => {
            cx.error(
                "E0201",
                "a default value is a literal or an enum variant",
                file,
                d.span,
                "not a literal",
            )
            .keyed("E0201-default-literal", &[]);
            None
        }
    }
}

/// Names of the expression namespace.
fn declare_globals(cx: &mut Ctx) {
    let decls = cx.decls;
    // A table or function named like a built-in would hide it everywhere.
    let named: Vec<(FileId, &care_syntax::ast::Name, &str)> = decls
        .tables
        .iter()
        .map(|t| (t.file, &t.name, "table"))
        .chain(
            decls
                .functions
                .iter()
                .map(|f| (f.file, &f.name, "function")),
        )
        .collect();
    for (file, name, what) in named {
        if crate::builtins::BUILTINS.contains(&name.node.as_str()) {
            cx.error(
                "E0102",
                format!("`{}` is the name of a built-in function", name.node),
                file,
                name.span,
                format!("this {what} would hide it"),
            )
            .keyed("E0102-builtin", &[("name", &name.node), ("what", what)]);
            cx.help("E0102-builtin-help", &[], "give it another name");
        }
    }
    if let Some(input) = decls.inputs.first() {
        cx.names
            .globals
            .insert(input.name.node.clone(), Global::Input);
    }
    for (i, t) in decls.tracks.iter().enumerate() {
        cx.names.globals.insert(
            t.name.node.clone(),
            Global::Track(u32::try_from(i).unwrap_or(u32::MAX)),
        );
    }
    for (i, t) in decls.tables.iter().enumerate() {
        cx.names.globals.insert(
            t.name.node.clone(),
            Global::Table(u32::try_from(i).unwrap_or(u32::MAX)),
        );
    }
    for (i, f) in decls.functions.iter().enumerate() {
        cx.names.globals.insert(
            f.name.node.clone(),
            Global::Function(u32::try_from(i).unwrap_or(u32::MAX)),
        );
    }
    for (i, v) in decls.values.iter().enumerate() {
        cx.names.globals.insert(
            v.name.node.clone(),
            Global::Value(u32::try_from(i).unwrap_or(u32::MAX)),
        );
    }
    for (i, o) in decls.outputs.iter().enumerate() {
        cx.names.globals.insert(
            o.name.node.clone(),
            Global::Output(u32::try_from(i).unwrap_or(u32::MAX)),
        );
    }
    for (i, r) in decls.rules.iter().enumerate() {
        cx.names.codes.insert(
            r.name.node.clone(),
            CodeRef::Rule(u32::try_from(i).unwrap_or(u32::MAX)),
        );
    }
    let mut n = 0u32;
    for (i, o) in decls.objectives.iter().enumerate() {
        if crate::assemble::is_removed(o) {
            continue;
        }
        cx.names
            .codes
            .insert(o.code.node.clone(), CodeRef::Objective(n));
        cx.names.objective_index.insert(i, n);
        n += 1;
    }
}
