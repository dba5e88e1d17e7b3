//! Tracks, objectives, rules, functions and outputs: their bodies typed, their metadata resolved.

use crate::assemble::is_removed;
use crate::ctx::{metas, notes, Ctx, Dep};
use crate::env::Env;
use crate::index::{Role, Symbol};
use crate::ir::{self, Origin};
use crate::typeck::{body, check_assignable, condition, expr};
use crate::types::Type;
use care_syntax::ast::{BoundKind, Evidence, Meta, RuleProp, Scope, SectionKind};
use care_syntax::Diagnostic;

pub fn check_tracks(cx: &mut Ctx) -> Vec<ir::Track> {
    let decls = cx.decls;
    let mut out = Vec::new();
    let mut keys: Vec<(i64, care_syntax::FileId, care_syntax::Span)> = Vec::new();
    for t in &decls.tracks {
        let key = match &t.key {
            Some(k) => {
                if let Some((_, f, s)) = keys.iter().find(|(v, _, _)| *v == k.node.node) {
                    let (f, s) = (*f, *s);
                    cx.error(
                        "E0311",
                        format!("track key `{}` is used twice", k.node.node),
                        k.file,
                        k.span(),
                        "same key as another track",
                    )
                    .keyed("E0311-duplicate-key", &[("key", &k.node.node.to_string())]);
                    cx.also(f, s, "first used here");
                }
                keys.push((k.node.node, k.file, k.span()));
                k.node.node
            }
            None => {
                cx.error(
                    "E0311",
                    format!("track `{}` has no key", t.name.node),
                    t.file,
                    t.name.span,
                    "no `key`",
                )
                .keyed("E0311-no-key", &[("name", &t.name.node)]);
                cx.help(
                    "E0311-no-key-help",
                    &[],
                    "the key is how the data names this track: `key 1`",
                );
                0
            }
        };
        let source = {
            let m = metas(&t.meta);
            cx.citation(&m)
        };
        let index = |cx: &Ctx, kind: SectionKind| -> Vec<u32> {
            t.sections
                .iter()
                .filter(|s| s.kind.node == kind)
                .flat_map(|s| s.objectives.iter())
                .filter_map(|o| cx.names.objective_index.get(o).copied())
                .collect()
        };
        let mandatory = index(cx, SectionKind::Mandatory);
        let a_la_carte = index(cx, SectionKind::ALaCarte);
        let (mut at_least, mut at_most) = (0, None);
        for s in &t.sections {
            for b in &s.choose {
                match b.node.kind {
                    BoundKind::AtLeast => at_least = b.node.count.node,
                    BoundKind::AtMost => at_most = Some(b.node.count.node),
                    BoundKind::Exactly => {
                        at_least = b.node.count.node;
                        at_most = Some(b.node.count.node);
                    }
                }
            }
        }
        out.push(ir::Track {
            name: t.name.node.clone(),
            label: t.label.node.node.clone(),
            key,
            sources: source,
            mandatory,
            a_la_carte,
            at_least,
            at_most,
            origin: Origin {
                file: t.file,
                span: t.span,
            },
        });
    }
    out
}

pub fn check_objectives(cx: &mut Ctx) -> Vec<ir::Objective> {
    let decls = cx.decls;
    let mut out = Vec::new();
    for (i, o) in decls.objectives.iter().enumerate() {
        if is_removed(o) {
            continue;
        }
        let n = cx.names.objective_index.get(&i).copied().unwrap_or(0);
        cx.owner.push(Dep::Objective(n));
        let mut env = Env::new();
        let scope = match &o.scope {
            Some(s) => match &s.node.node {
                Scope::Candidate => None,
                Scope::Each { binder, list } => {
                    let l = expr(cx, list, s.file, &mut env, None);
                    let elem = match &l.ty {
                        Type::List(t) => (**t).clone(),
                        Type::Error => Type::Error,
                        other => {
                            let msg = format!(
                                "the scope of an objective is a list, not a `{}`",
                                cx.type_name(other)
                            );
                            let found = cx.type_name(other);
                            cx.error("E0204", msg, s.file, list.span, "not a list")
                                .keyed("E0204-scope", &[("found", &found)]);
                            Type::Error
                        }
                    };
                    let slot = cx.bind_local(&mut env, binder, s.file, elem);
                    Some((slot, l))
                }
            },
            None => None,
        };
        let achieved = o
            .achieved
            .as_ref()
            .map(|a| condition(cx, &a.node, a.file, &mut env, "the achievement condition"));
        cx.owner.pop();
        let mut meta = metas(&o.meta);
        if !meta.iter().any(|(_, m)| matches!(m, Meta::Source(_))) {
            if let Some(inherited) = &o.inherited_source {
                meta.push((inherited.file, &inherited.node.node));
            }
        }
        let source = cx.citation(&meta);
        let section = o.track.and_then(|(t, s)| {
            decls
                .tracks
                .get(t)
                .and_then(|t| t.sections.get(s))
                .map(|s| s.kind.node)
        });
        out.push(ir::Objective {
            code: o.code.node.clone(),
            label: o.label.node.node.clone(),
            track: o.track.map(|(t, _)| u32::try_from(t).unwrap_or(0)),
            section,
            theme: o.theme.clone(),
            sources: source,
            notes: notes(&meta),
            evidence: o
                .evidence
                .iter()
                .map(|e| match &e.node.node {
                    Evidence::One(t) => ir::Evidence::One(t.node.clone()),
                    Evidence::AnyOf(ts) => {
                        ir::Evidence::AnyOf(ts.iter().map(|t| t.node.clone()).collect())
                    }
                })
                .collect(),
            scope,
            achieved,
            locals: env.slots(),
            origin: Origin {
                file: o.file,
                span: o.span,
            },
        });
    }
    out
}

pub fn check_rules(cx: &mut Ctx) -> Vec<ir::Rule> {
    let decls = cx.decls;
    let mut out = Vec::new();
    for (i, r) in decls.rules.iter().enumerate() {
        cx.owner.push(Dep::Rule(u32::try_from(i).unwrap_or(0)));
        let mut env = Env::new();
        let mut steps = Vec::new();
        let mut requires = 0;
        for step in &r.logic {
            let file = step.file;
            match &step.node.node {
                RuleProp::When(e) => {
                    steps.push(ir::RuleStep::When(condition(
                        cx, e, file, &mut env, "`when`",
                    )));
                    // The steps after a `when` run only when it holds.
                    let known = crate::narrow::facts(e, true, &env);
                    env.narrow(known);
                }
                RuleProp::ForEach { binder, list } => {
                    let l = expr(cx, list, file, &mut env, None);
                    let elem = match &l.ty {
                        Type::List(t) => (**t).clone(),
                        Type::Error => Type::Error,
                        other => {
                            let msg = format!(
                                "`for each` goes over a list, not a `{}`",
                                cx.type_name(other)
                            );
                            let found = cx.type_name(other);
                            cx.error("E0204", msg, file, list.span, "not a list")
                                .keyed("E0204-for-each", &[("found", &found)]);
                            Type::Error
                        }
                    };
                    let slot = cx.bind_local(&mut env, binder, file, elem);
                    steps.push(ir::RuleStep::ForEach {
                        slot,
                        name: binder.node.clone(),
                        list: l,
                    });
                }
                RuleProp::Let(l) => {
                    let v = expr(cx, &l.value, file, &mut env, None);
                    let slot = cx.bind_local(&mut env, &l.name, file, v.ty.clone());
                    steps.push(ir::RuleStep::Let {
                        slot,
                        name: l.name.node.clone(),
                        value: v,
                    });
                }
                RuleProp::Require(e) => {
                    requires += 1;
                    steps.push(ir::RuleStep::Require(condition(
                        cx,
                        e,
                        file,
                        &mut env,
                        "`require`",
                    )));
                }
                RuleProp::Meta(_) | RuleProp::Fix(_) => {}
            }
        }
        cx.owner.pop();
        // In a file with syntax errors, a missing `require` is most likely the line recovery dropped.
        if requires == 0 && !cx.broken.contains(&r.file) {
            cx.error(
                "E0306",
                format!("{} `{}` requires nothing", r.kind.keyword(), r.name.node),
                r.file,
                r.name.span,
                "no `require`",
            )
            .keyed(
                "E0306-requires-nothing",
                &[("what", r.kind.keyword()), ("name", &r.name.node)],
            );
            cx.help(
                "E0306-requires-nothing-help",
                &[],
                "say what must hold: `require condition`",
            );
        }
        let meta = metas(&r.meta);
        let source = cx.citation(&meta);
        out.push(ir::Rule {
            code: r.name.node.clone(),
            kind: r.kind,
            label: r.label.node.node.clone(),
            sources: source,
            notes: notes(&meta),
            fix: r.fix.as_ref().map(|f| f.node.node.clone()),
            steps,
            locals: env.slots(),
            origin: Origin {
                file: r.file,
                span: r.span,
            },
        });
    }
    out
}

pub fn check_functions(cx: &mut Ctx) -> Vec<ir::Function> {
    let decls = cx.decls;
    let mut out = Vec::new();
    for (i, f) in decls.functions.iter().enumerate() {
        let (params, ret) = cx.names.function_sigs.get(i).cloned().unwrap_or_default();
        cx.owner.push(Dep::Function(u32::try_from(i).unwrap_or(0)));
        let mut env = Env::new();
        for ((n, t), p) in params.iter().zip(&f.node.params) {
            let symbol = Symbol::Param(f.name.node.clone(), n.clone());
            cx.record(symbol.clone(), f.file, p.node.name.span, Role::Def, Some(t));
            env.bind(n, t.clone(), symbol);
        }
        let b = body(cx, &f.node.body, f.file, &mut env, Some(&ret));
        cx.owner.pop();
        check_assignable(cx, &b.expr.ty, &ret, f.file, f.node.body.node.expr.span);
        let source = {
            let m: Vec<_> = f
                .node
                .body
                .node
                .meta
                .iter()
                .map(|m| (f.file, &m.node))
                .collect();
            cx.citation(&m)
        };
        out.push(ir::Function {
            name: f.name.node.clone(),
            label: f.node.label.as_ref().map(|l| l.node.clone()),
            sources: source,
            params,
            ret,
            body: b,
            origin: Origin {
                file: f.file,
                span: f.span,
            },
        });
    }
    out
}

pub fn check_outputs(cx: &mut Ctx) -> Vec<ir::Output> {
    let decls = cx.decls;
    let mut out = Vec::new();
    for (i, o) in decls.outputs.iter().enumerate() {
        let n = u32::try_from(i).unwrap_or(0);
        let Some(b) = crate::typeck::output_body(cx, n) else {
            continue;
        };
        let ty = match cx.names.output_types.get(i).cloned().flatten() {
            Some(declared) => {
                check_assignable(
                    cx,
                    &b.expr.ty,
                    &declared,
                    o.file,
                    o.node.body.node.expr.span,
                );
                declared
            }
            None => b.expr.ty.clone(),
        };
        if matches!(ty, Type::Optional(_)) {
            let (span, help) = match &o.node.ty {
                Some(t) => (t.span, ("E0201-optional-output-typed-help", "an output always has a value: declare its type without `?` and give a default with `otherwise` in its body")),
                None => (o.name.span, ("E0201-optional-output-help", "an output always has a value: give a default with `otherwise` in its body")),
            };
            cx.diags.push(
                Diagnostic::error("E0201", format!("output `{}` may be absent", o.name.node))
                    .with_key("E0201-optional-output")
                    .with_arg("name", &o.name.node)
                    .with_label(o.file, span, "optional output")
                    .with_help_key(help.0, help.1),
            );
        }
        let source = {
            let m: Vec<_> = o
                .node
                .body
                .node
                .meta
                .iter()
                .map(|m| (o.file, &m.node))
                .collect();
            cx.citation(&m)
        };
        out.push(ir::Output {
            name: o.name.node.clone(),
            label: o.node.label.as_ref().map(|l| l.node.clone()),
            sources: source,
            ty,
            body: b,
            origin: Origin {
                file: o.file,
                span: o.span,
            },
        });
    }
    out
}
