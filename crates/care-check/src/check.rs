//! Checking one assembled version: resolve names, type every expression, run the lints, and
//! build the checked [`ir::Policy`].

//!
//! Three passes, data between them: resolve (`resolve.rs` → `Names`), types (the header, tables,
//! tracks, objectives, rules, functions, values and outputs, typed in `Ctx` against the names →
//! the typed IR and the dependency graph), lints (`lints.rs`, `windows.rs`: pure functions of
//! what the first two produced → diagnostics).

use crate::ctx::{Ctx, Lazy};
use crate::decls::Declarations;
use crate::index::Occurrence;
use crate::ir::{self, Origin};
use crate::model::InputSchema;
use crate::names::Names;
use care_syntax::{Diagnostic, FileId};
use std::collections::HashMap;

pub use crate::ctx::{suggest, CodeRef, Dep, DepGraph, Global};

/// Checks one version. Returns the checked policy when it has no error.
pub fn check_version(
    decls: &Declarations,
    files: Vec<Option<std::sync::Arc<care_syntax::SourceFile>>>,
    broken: Vec<FileId>,
) -> (Option<ir::Policy>, Vec<Diagnostic>) {
    let checked = check_version_full(decls, files, broken);
    (checked.policy, checked.diagnostics)
}

/// What checking a version found, errors or not: what an editor needs on a half-written file.
#[derive(Debug, Default)]
pub struct Checked {
    /// The checked policy, when the version has no error.
    pub policy: Option<ir::Policy>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every name, code, field and variant resolved in the version's bodies and types.
    pub index: Vec<Occurrence>,
    /// The input schema, as far as it resolved.
    pub schema: InputSchema,
    /// The tables that checked, by declaration index.
    pub tables: Vec<Option<ir::Table>>,
}

/// Checks one version, keeping the partial results.
pub fn check_version_full(
    decls: &Declarations,
    files: Vec<Option<std::sync::Arc<care_syntax::SourceFile>>>,
    broken: Vec<FileId>,
) -> Checked {
    let mut cx = Ctx {
        decls,
        diags: Vec::new(),
        names: Names::default(),
        tables: Vec::new(),
        values: Vec::new(),
        output_bodies: Vec::new(),
        graph: HashMap::new(),
        owner: Vec::new(),
        tz: jiff::tz::TimeZone::UTC,
        broken,
        index: Vec::new(),
        suggestion_work: std::cell::Cell::new(crate::ctx::MAX_SUGGESTION_WORK),
        chain_reported: false,
    };
    let header = crate::header::check_header(&mut cx);
    // Pass 1, resolve: the names of the version and the types they denote.
    crate::resolve::run(&mut cx);
    // Pass 2, types: every declaration's body typed against those names.
    let tables: Vec<Option<ir::Table>> = (0..decls.tables.len())
        .map(|i| crate::tables::check_table(&mut cx, i))
        .collect();
    cx.tables = tables;
    cx.output_bodies = (0..decls.outputs.len()).map(|_| Lazy::Pending).collect();
    cx.values = (0..decls.values.len()).map(|_| Lazy::Pending).collect();

    let reference = crate::header::check_reference(&mut cx);
    let chosen_objectives = crate::header::check_chosen(&mut cx);
    let identifier = crate::header::check_identifier(&mut cx);
    let decision = crate::header::check_decision(&mut cx);
    let tracks = crate::rules::check_tracks(&mut cx);
    let objectives = crate::rules::check_objectives(&mut cx);
    let rules = crate::rules::check_rules(&mut cx);
    let functions = crate::rules::check_functions(&mut cx);
    for i in 0..decls.values.len() {
        crate::typeck::value(&mut cx, u32::try_from(i).unwrap_or(u32::MAX));
    }
    let outputs = crate::rules::check_outputs(&mut cx);
    let values_done = cx.values.iter().filter_map(|v| match v {
        Lazy::Done(v) => Some(&v.body),
        _ => None,
    });
    let bodies = functions
        .iter()
        .map(|f| &f.body)
        .chain(outputs.iter().map(|o| &o.body))
        .chain(values_done);
    // Pass 3, lints: pure functions of the checked version to diagnostics.
    let windows = crate::windows::check(&files, &rules, bodies);
    cx.diags.extend(windows);
    let lints = crate::lints::run(&crate::lints::LintInput {
        decls,
        names: &cx.names,
        tables: &cx.tables,
        functions: &functions,
        graph: &cx.graph,
        chain_reported: cx.chain_reported,
    });
    cx.diags.extend(lints);

    let values: Vec<ir::Value> = std::mem::take(&mut cx.values)
        .into_iter()
        .filter_map(|v| match v {
            Lazy::Done(v) => Some(v),
            _ => None,
        })
        .collect();
    let all_tables = std::mem::take(&mut cx.tables);
    let tables: Vec<ir::Table> = all_tables.iter().flatten().cloned().collect();
    let has_errors = cx.diags.iter().any(Diagnostic::is_error);
    let mut checked = Checked {
        policy: None,
        diagnostics: std::mem::take(&mut cx.diags),
        index: std::mem::take(&mut cx.index),
        schema: cx.names.schema.clone(),
        tables: all_tables,
    };
    if has_errors || values.len() != decls.values.len() || tables.len() != decls.tables.len() {
        return checked;
    }
    let Some(header) = header else {
        return checked;
    };
    let policy = ir::Policy {
        id: header.id,
        title: header.title,
        version: header.version,
        amends: header.amends,
        in_force_from: header.in_force_from,
        in_force_until: header.in_force_until,
        timezone: header.timezone,
        tz: cx.tz.clone(),
        reference,
        identifier,
        decision,
        chosen_objectives,
        schema: cx.names.schema.clone(),
        documents: decls
            .documents
            .iter()
            .map(|d| ir::Document {
                name: d.name.node.clone(),
                title: d.node.title.node.clone(),
            })
            .collect(),
        notes: header.notes,
        tracks,
        objectives,
        rules,
        tables,
        functions,
        values,
        outputs,
        files,
        origin: Origin {
            file: decls.header.file,
            span: decls.header.span,
        },
    };
    checked.policy = Some(policy);
    checked
}
