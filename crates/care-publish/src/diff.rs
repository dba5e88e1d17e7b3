//! `care diff`: what a version of a policy changes, compared with another — objectives, tracks
//! and their selection constraints, tables row by row, functions (their logic and the values
//! that change over a range), declared inputs, rules, values and outputs — each change with where
//! it is written in both versions.
//!
//! Declarations are paired by name (codes for objectives and rules). Logic is compared on the
//! syntax trees, which ignore spans, comments and layout: a file run through `care fmt` shows
//! no change. A version's own `source` and `note` lines in its header describe the version and
//! are not compared; its title, time zone and reference are.

mod render;

pub use render::{render_markdown, render_text};

use crate::load::{Folder, Loc, Version};
use crate::table::{self, Range};
use care_check::decls::{At, ObjectiveDef};
use care_syntax::ast::{self, Meta, SectionKind};
use care_syntax::{FileId, Node, Span};
use serde::Serialize;
use std::collections::HashMap;

/// The part of a policy a change is in, in the order reports list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Header,
    Document,
    Input,
    Track,
    Objective,
    Rule,
    Table,
    Function,
    Value,
    Output,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum What {
    Added,
    Removed,
    Changed,
}

/// One change. `aspect` says what changed in a declaration that is in both versions
/// (`label`, `evidence`, `logic`, `row`, `values`…); `detail` which part of it (a table row's
/// key, a field's name, a theme, the arguments of a function).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub section: Section,
    pub name: String,
    pub what: What,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aspect: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Where it is written in the earlier version, and in the later one.
    pub from: Option<Loc>,
    pub to: Option<Loc>,
}

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Side {
    pub folder: String,
    pub policy: String,
    pub title: String,
    pub version: String,
    pub in_force_from: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diff {
    pub from: Side,
    pub to: Side,
    /// The range functions' values were compared over.
    pub range: [i64; 2],
    pub changes: Vec<Change>,
}

fn side(f: &Folder, v: &Version) -> Side {
    Side {
        folder: f.dir.display().to_string(),
        policy: v.policy.id.clone(),
        title: v.policy.title.clone(),
        version: v.name(),
        in_force_from: v.policy.in_force_from.to_string(),
    }
}

/// Compares version `a` of folder `fa` with version `b` of folder `fb`.
pub fn diff(fa: &Folder, a: usize, fb: &Folder, b: usize, range: Range) -> Diff {
    let (va, vb) = (&fa.versions[a], &fb.versions[b]);
    let mut cx = Cx {
        fa,
        fb,
        va,
        vb,
        range,
        out: Vec::new(),
    };
    cx.header();
    cx.documents();
    cx.inputs();
    cx.tracks();
    cx.objectives();
    cx.rules();
    cx.tables();
    cx.functions();
    cx.values();
    cx.outputs();
    Diff {
        from: side(fa, va),
        to: side(fb, vb),
        range: [range.start, range.end],
        changes: cx.out,
    }
}

struct Cx<'a> {
    fa: &'a Folder,
    fb: &'a Folder,
    va: &'a Version,
    vb: &'a Version,
    range: Range,
    out: Vec<Change>,
}

/// A place in a version: file and span.
type Place = Option<(FileId, Span)>;

/// Texts with where each is written.
type Placed = Vec<(String, Place)>;

fn at<T>(x: &At<T>) -> Place {
    Some((x.file, x.span()))
}

/// Pairs of the items of two lists with the same key, then the items of the first only, then of
/// the second only — in the second list's order, then the first's. Keys are looked up in a hash
/// of each list (the first item of a key wins, as names are unique), so that two versions with
/// thousands of table rows or declarations pair in linear time.
fn pair<'x, T, K: Eq + std::hash::Hash>(
    a: &'x [T],
    b: &'x [T],
    key: impl Fn(&T) -> Option<K>,
) -> (Vec<(&'x T, &'x T)>, Vec<&'x T>, Vec<&'x T>) {
    let index = |xs: &'x [T]| {
        let mut m: HashMap<K, &'x T> = HashMap::with_capacity(xs.len());
        for x in xs {
            if let Some(k) = key(x) {
                m.entry(k).or_insert(x);
            }
        }
        m
    };
    let (in_a, in_b) = (index(a), index(b));
    let mut both = Vec::new();
    let mut added = Vec::new();
    for y in b {
        let Some(k) = key(y) else { continue };
        match in_a.get(&k) {
            Some(x) => both.push((*x, y)),
            None => added.push(y),
        }
    }
    let removed = a
        .iter()
        .filter(|x| key(x).is_some_and(|k| !in_b.contains_key(&k)))
        .collect();
    (both, removed, added)
}

fn source_text(s: &ast::Source) -> String {
    let mut out = s.document.node.clone();
    if let Some(sec) = &s.section {
        out.push(' ');
        out.push_str(&sec.node);
    }
    if let Some(d) = &s.detail {
        out.push_str(&format!(" « {} »", d.node));
    }
    out
}

fn evidence_text(e: &ast::Evidence) -> String {
    match e {
        ast::Evidence::One(t) => t.node.clone(),
        ast::Evidence::AnyOf(ts) => format!(
            "au choix : {}",
            ts.iter()
                .map(|t| t.node.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        ),
    }
}

/// Sources and notes of a list of metadata, each with where it is written.
fn metas<'m>(meta: impl Iterator<Item = (FileId, &'m Node<Meta>)>) -> (Placed, Placed) {
    let mut sources = Vec::new();
    let mut notes = Vec::new();
    for (file, m) in meta {
        match &m.node {
            Meta::Source(s) => sources.push((source_text(s), Some((file, m.span)))),
            Meta::Note(n) => notes.push((n.node.clone(), Some((file, m.span)))),
        }
    }
    (sources, notes)
}

/// A list in one line; an empty list is no text.
fn joined(items: &[(String, Place)]) -> Option<String> {
    let texts: Vec<&str> = items.iter().map(|(s, _)| s.as_str()).collect();
    (!texts.is_empty()).then(|| texts.join(" ; "))
}

fn first_place(items: &[(String, Place)], fallback: Place) -> Place {
    items.first().and_then(|(_, p)| *p).or(fallback)
}

fn is_removed(o: &ObjectiveDef) -> bool {
    o.code.node.starts_with('\u{0}')
}

fn section_word(k: SectionKind) -> &'static str {
    match k {
        SectionKind::Mandatory => "obligatoire",
        SectionKind::ALaCarte => "à la carte",
    }
}

impl<'a> Cx<'a> {
    fn la(&self, p: Place) -> Option<Loc> {
        p.map(|(f, s)| self.fa.loc(f, s))
    }

    fn lb(&self, p: Place) -> Option<Loc> {
        p.map(|(f, s)| self.fb.loc(f, s))
    }

    /// Declarations only one version has: each a removal or an addition, with its name, a
    /// detail (where an objective sits), its label and where it is written.
    fn removed_and_added<T>(
        &mut self,
        s: Section,
        removed: &[&T],
        added: &[&T],
        about: impl Fn(&T) -> (&String, Option<String>, Option<String>, Place),
    ) {
        for x in removed {
            let (name, detail, label, place) = about(x);
            self.push(
                s,
                name,
                What::Removed,
                None,
                detail,
                label,
                None,
                place,
                None,
            );
        }
        for y in added {
            let (name, detail, label, place) = about(y);
            self.push(s, name, What::Added, None, detail, None, label, None, place);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        section: Section,
        name: &str,
        what: What,
        aspect: Option<&'static str>,
        detail: Option<String>,
        before: Option<String>,
        after: Option<String>,
        from: Place,
        to: Place,
    ) {
        let change = Change {
            section,
            name: name.to_string(),
            what,
            aspect,
            detail,
            before,
            after,
            from: self.la(from),
            to: self.lb(to),
        };
        self.out.push(change);
    }

    /// A change of one aspect, when the two texts differ.
    #[allow(clippy::too_many_arguments)]
    fn aspect(
        &mut self,
        section: Section,
        name: &str,
        aspect: &'static str,
        detail: Option<String>,
        before: Option<String>,
        after: Option<String>,
        from: Place,
        to: Place,
    ) {
        if before != after {
            self.push(
                section,
                name,
                What::Changed,
                Some(aspect),
                detail,
                before,
                after,
                from,
                to,
            );
        }
    }

    /// Sources and notes, compared as lists.
    #[allow(clippy::too_many_arguments)]
    fn meta_changes(
        &mut self,
        section: Section,
        name: &str,
        a: (Placed, Placed),
        b: (Placed, Placed),
        fa: Place,
        fb: Place,
    ) {
        let texts = |v: &[(String, Place)]| v.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>();
        if texts(&a.0) != texts(&b.0) {
            let (from, to) = (first_place(&a.0, fa), first_place(&b.0, fb));
            let (before, after) = (joined(&a.0), joined(&b.0));
            self.aspect(section, name, "sources", None, before, after, from, to);
        }
        if texts(&a.1) != texts(&b.1) {
            let (from, to) = (first_place(&a.1, fa), first_place(&b.1, fb));
            let (before, after) = (joined(&a.1), joined(&b.1));
            self.aspect(section, name, "notes", None, before, after, from, to);
        }
    }

    fn ta(&self, p: Place) -> String {
        p.map(|(f, s)| self.fa.text(f, s)).unwrap_or_default()
    }

    fn tb(&self, p: Place) -> String {
        p.map(|(f, s)| self.fb.text(f, s)).unwrap_or_default()
    }

    // -----------------------------------------------------------------------------------------

    fn header(&mut self) {
        let (a, b) = (&self.va.decls.header, &self.vb.decls.header);
        let (pa, pb) = (Some((a.file, a.span)), Some((b.file, b.span)));
        let name = self.vb.policy.id.clone();
        let s = Section::Header;
        let title = |t: &Option<ast::Text>| t.as_ref().map(|t| t.node.clone());
        let place = |file: FileId, t: &Option<ast::Text>, p: Place| {
            t.as_ref().map(|t| (file, t.span)).or(p)
        };
        let (fa, fb) = (place(a.file, &a.title, pa), place(b.file, &b.title, pb));
        self.aspect(
            s,
            &name,
            "title",
            None,
            title(&a.title),
            title(&b.title),
            fa,
            fb,
        );
        let (fa, fb) = (
            place(a.file, &a.timezone, pa),
            place(b.file, &b.timezone, pb),
        );
        self.aspect(
            s,
            &name,
            "timezone",
            None,
            title(&a.timezone),
            title(&b.timezone),
            fa,
            fb,
        );
        for (aspect, x, y) in [
            ("reference", &a.reference, &b.reference),
            (
                "chosen_objectives",
                &a.chosen_objectives,
                &b.chosen_objectives,
            ),
        ] {
            if x.as_ref().map(|n| &n.node) != y.as_ref().map(|n| &n.node) {
                let fx = x.as_ref().map(|n| (a.file, n.span)).or(pa);
                let fy = y.as_ref().map(|n| (b.file, n.span)).or(pb);
                let before = x.as_ref().map(|_| self.ta(fx));
                let after = y.as_ref().map(|_| self.tb(fy));
                self.push(
                    s,
                    &name,
                    What::Changed,
                    Some(aspect),
                    None,
                    before,
                    after,
                    fx,
                    fy,
                );
            }
        }
        let until = |v: &Version| v.policy.in_force_until.map(|d| d.to_string());
        let (ua, ub) = (until(self.va), until(self.vb));
        self.aspect(s, &name, "in_force_until", None, ua, ub, pa, pb);
    }

    fn documents(&mut self) {
        let (a, b) = (&self.va.decls.documents, &self.vb.decls.documents);
        let (both, removed, added) = pair(a, b, |d| Some(d.name.node.clone()));
        let s = Section::Document;
        for (x, y) in both {
            let (tx, ty) = (x.node.title.node.clone(), y.node.title.node.clone());
            let (fx, fy) = (
                Some((x.file, x.node.title.span)),
                Some((y.file, y.node.title.span)),
            );
            self.aspect(s, &x.name.node, "title", None, Some(tx), Some(ty), fx, fy);
        }
        self.removed_and_added(s, &removed, &added, |x| {
            let title = Some(x.node.title.node.clone());
            (&x.name.node, None, title, Some((x.file, x.name.span)))
        });
    }

    fn inputs(&mut self) {
        let (sa, sb) = (&self.va.policy.schema, &self.vb.policy.schema);
        let s = Section::Input;
        let o = |x: care_check::model::Origin| Some((x.file, x.span));
        if sa.root_name != sb.root_name || sa.type_name(&sa.root) != sb.type_name(&sb.root) {
            let before = Some(format!("{}: {}", sa.root_name, sa.type_name(&sa.root)));
            let after = Some(format!("{}: {}", sb.root_name, sb.type_name(&sb.root)));
            let name = sb.root_name.clone();
            self.push(
                s,
                &name,
                What::Changed,
                Some("input"),
                None,
                before,
                after,
                None,
                None,
            );
        }
        let (both, removed, added) = pair(&sa.records, &sb.records, |r| Some(r.name.clone()));
        for (x, y) in both {
            let label = |l: &Option<String>| l.clone();
            self.aspect(
                s,
                &x.name,
                "label",
                None,
                label(&x.label),
                label(&y.label),
                o(x.origin),
                o(y.origin),
            );
            let (fb, fr, fadd) = pair(&x.fields, &y.fields, |f| Some(f.name.clone()));
            for (f, g) in fb {
                let d = Some(f.name.clone());
                let (pf, pg) = (o(f.origin), o(g.origin));
                let (tf, tg) = (sa.type_name(&f.ty), sb.type_name(&g.ty));
                self.aspect(s, &x.name, "type", d.clone(), Some(tf), Some(tg), pf, pg);
                let (df, dg) = (
                    f.default.as_ref().map(|v| format!("{v:?}")),
                    g.default.as_ref().map(|v| format!("{v:?}")),
                );
                if df != dg {
                    let show = |d: &Option<care_check::model::DefaultValue>,
                                schema: &care_check::model::InputSchema,
                                ty: &care_check::types::Type| {
                        d.as_ref().map(|d| default_text(d, schema, ty))
                    };
                    let (bf, bg) = (show(&f.default, sa, &f.ty), show(&g.default, sb, &g.ty));
                    self.push(
                        s,
                        &x.name,
                        What::Changed,
                        Some("default"),
                        d.clone(),
                        bf,
                        bg,
                        pf,
                        pg,
                    );
                }
                if f.bounds != g.bounds {
                    let (bf, bg) = (bounds_text(&f.bounds), bounds_text(&g.bounds));
                    self.push(
                        s,
                        &x.name,
                        What::Changed,
                        Some("bounds"),
                        d.clone(),
                        Some(bf),
                        Some(bg),
                        pf,
                        pg,
                    );
                }
                self.aspect(
                    s,
                    &x.name,
                    "field_label",
                    d,
                    f.label.clone(),
                    g.label.clone(),
                    pf,
                    pg,
                );
            }
            for f in fr {
                let t = Some(format!("{}: {}", f.name, sa.type_name(&f.ty)));
                self.push(
                    s,
                    &x.name,
                    What::Removed,
                    Some("field"),
                    Some(f.name.clone()),
                    t,
                    None,
                    o(f.origin),
                    None,
                );
            }
            for g in fadd {
                let t = Some(format!("{}: {}", g.name, sb.type_name(&g.ty)));
                self.push(
                    s,
                    &x.name,
                    What::Added,
                    Some("field"),
                    Some(g.name.clone()),
                    None,
                    t,
                    None,
                    o(g.origin),
                );
            }
        }
        self.removed_and_added(s, &removed, &added, |x| {
            (&x.name, None, x.label.clone(), o(x.origin))
        });
        let (both, removed, added) = pair(&sa.enums, &sb.enums, |e| Some(e.name.clone()));
        for (x, y) in both {
            self.aspect(
                s,
                &x.name,
                "label",
                None,
                x.label.clone(),
                y.label.clone(),
                o(x.origin),
                o(y.origin),
            );
            let (vb, vr, va) = pair(&x.variants, &y.variants, |v| Some(v.name.clone()));
            for (v, w) in vb {
                let d = Some(v.name.clone());
                self.aspect(
                    s,
                    &x.name,
                    "variant_label",
                    d,
                    v.label.clone(),
                    w.label.clone(),
                    o(x.origin),
                    o(y.origin),
                );
            }
            for v in vr {
                let t = Some(v.name.clone());
                self.push(
                    s,
                    &x.name,
                    What::Removed,
                    Some("variant"),
                    t.clone(),
                    t,
                    None,
                    o(x.origin),
                    o(y.origin),
                );
            }
            for w in va {
                let t = Some(w.name.clone());
                self.push(
                    s,
                    &x.name,
                    What::Added,
                    Some("variant"),
                    t.clone(),
                    None,
                    t,
                    o(x.origin),
                    o(y.origin),
                );
            }
        }
        self.removed_and_added(s, &removed, &added, |x| {
            (&x.name, None, x.label.clone(), o(x.origin))
        });
    }

    fn tracks(&mut self) {
        let (a, b) = (&self.va.decls.tracks, &self.vb.decls.tracks);
        let (both, removed, added) = pair(a, b, |t| Some(t.name.node.clone()));
        let s = Section::Track;
        for (x, y) in both {
            let name = x.name.node.clone();
            let (px, py) = (Some((x.file, x.name.span)), Some((y.file, y.name.span)));
            let (lx, ly) = (x.label.node.node.clone(), y.label.node.node.clone());
            self.aspect(
                s,
                &name,
                "label",
                None,
                Some(lx),
                Some(ly),
                at(&x.label),
                at(&y.label),
            );
            let key = |k: &Option<At<i64>>| k.as_ref().map(|k| k.node.node.to_string());
            let kp = |k: &Option<At<i64>>, p: Place| k.as_ref().and_then(at).or(p);
            self.aspect(
                s,
                &name,
                "key",
                None,
                key(&x.key),
                key(&y.key),
                kp(&x.key, px),
                kp(&y.key, py),
            );
            let ma = metas(x.meta.iter().map(|m| (m.file, &m.node)));
            let mb = metas(y.meta.iter().map(|m| (m.file, &m.node)));
            self.meta_changes(s, &name, ma, mb, px, py);
            // Selection constraints, from the checked tracks.
            let ta = self.va.policy.tracks.iter().find(|t| t.name == name);
            let tb = self.vb.policy.tracks.iter().find(|t| t.name == name);
            if let (Some(ta), Some(tb)) = (ta, tb) {
                let choose = |t: &care_check::ir::Track| choose_text(t.at_least, t.at_most);
                let place = |t: &care_check::decls::TrackDef, p: Place| {
                    t.sections
                        .iter()
                        .rev()
                        .flat_map(|s| s.choose.iter())
                        .next()
                        .and_then(at)
                        .or(p)
                };
                let (ca, cb) = (choose(ta), choose(tb));
                self.aspect(
                    s,
                    &name,
                    "choose",
                    None,
                    Some(ca),
                    Some(cb),
                    place(x, px),
                    place(y, py),
                );
            }
            // Themes, by name within their section.
            for kind in [SectionKind::Mandatory, SectionKind::ALaCarte] {
                let ta = themes(&self.va.decls, x, kind);
                let tb = themes(&self.vb.decls, y, kind);
                for (theme, label_b) in &tb {
                    let Some((_, label_a)) = ta.iter().find(|(n, _)| n == theme) else {
                        continue;
                    };
                    if label_a != label_b {
                        let detail = Some(format!("{theme} ({})", section_word(kind)));
                        let fa = theme_place(self.fa, &self.va.decls, &name, kind, theme).or(px);
                        let fb = theme_place(self.fb, &self.vb.decls, &name, kind, theme).or(py);
                        self.push(
                            s,
                            &name,
                            What::Changed,
                            Some("theme"),
                            detail,
                            Some(label_a.clone()),
                            Some(label_b.clone()),
                            fa,
                            fb,
                        );
                    }
                }
            }
        }
        self.removed_and_added(s, &removed, &added, |x| {
            let label = Some(x.label.node.node.clone());
            (&x.name.node, None, label, Some((x.file, x.name.span)))
        });
    }

    fn objectives(&mut self) {
        let live = |v: &'a Version| -> Vec<&'a ObjectiveDef> {
            v.decls
                .objectives
                .iter()
                .filter(|o| !is_removed(o))
                .collect()
        };
        let (a, b) = (live(self.va), live(self.vb));
        let (both, removed, added) = pair(&a, &b, |o| Some(o.code.node.clone()));
        let s = Section::Objective;
        let (da, db) = (&self.va.decls, &self.vb.decls);
        for (x, y) in both {
            let code = x.code.node.clone();
            let (px, py) = (Some((x.file, x.code.span)), Some((y.file, y.code.span)));
            let (lx, ly) = (x.label.node.node.clone(), y.label.node.node.clone());
            self.aspect(
                s,
                &code,
                "label",
                None,
                Some(lx),
                Some(ly),
                at(&x.label),
                at(&y.label),
            );
            let (ea, eb): (Vec<_>, Vec<_>) = (
                x.evidence
                    .iter()
                    .map(|e| evidence_text(&e.node.node))
                    .collect(),
                y.evidence
                    .iter()
                    .map(|e| evidence_text(&e.node.node))
                    .collect(),
            );
            if ea != eb {
                let fx = x.evidence.first().and_then(at).or(px);
                let fy = y.evidence.first().and_then(at).or(py);
                let list = |v: Vec<String>| (!v.is_empty()).then(|| v.join(" ; "));
                self.push(
                    s,
                    &code,
                    What::Changed,
                    Some("evidence"),
                    None,
                    list(ea),
                    list(eb),
                    fx,
                    fy,
                );
            }
            let scope_a = x.scope.as_ref().map(|sc| sc.node.node.clone());
            let scope_b = y.scope.as_ref().map(|sc| sc.node.node.clone());
            if scope_a != scope_b {
                let (fx, fy) = (x.scope.as_ref().and_then(at), y.scope.as_ref().and_then(at));
                let (bx, by) = (fx.map(|p| self.ta(Some(p))), fy.map(|p| self.tb(Some(p))));
                self.push(
                    s,
                    &code,
                    What::Changed,
                    Some("scope"),
                    None,
                    bx,
                    by,
                    fx.or(px),
                    fy.or(py),
                );
            }
            let cond_a = x.achieved.as_ref().map(|c| c.node.node.clone());
            let cond_b = y.achieved.as_ref().map(|c| c.node.node.clone());
            if cond_a != cond_b {
                let (fx, fy) = (
                    x.achieved.as_ref().and_then(at),
                    y.achieved.as_ref().and_then(at),
                );
                let (bx, by) = (fx.map(|p| self.ta(Some(p))), fy.map(|p| self.tb(Some(p))));
                self.push(
                    s,
                    &code,
                    What::Changed,
                    Some("condition"),
                    None,
                    bx,
                    by,
                    fx.or(px),
                    fy.or(py),
                );
            }
            let own = |o: &ObjectiveDef| {
                let (src, notes) = metas(o.meta.iter().map(|m| (m.file, &m.node)));
                let src = if src.is_empty() {
                    metas(o.inherited_source.iter().map(|m| (m.file, &m.node))).0
                } else {
                    src
                };
                (src, notes)
            };
            self.meta_changes(s, &code, own(x), own(y), px, py);
            let (pa, pb) = (place_text(da, x, false), place_text(db, y, false));
            self.aspect(s, &code, "place", None, pa, pb, px, py);
            let same_named_theme = x.theme_name.is_some() && x.theme_name == y.theme_name;
            if !same_named_theme {
                self.aspect(
                    s,
                    &code,
                    "theme",
                    None,
                    x.theme.clone(),
                    y.theme.clone(),
                    px,
                    py,
                );
            }
        }
        // Where an objective sits is read in its own version.
        let about = |x: &ObjectiveDef, v| {
            let label = Some(x.label.node.node.clone());
            (place_text(v, x, true), label, Some((x.file, x.code.span)))
        };
        self.removed_and_added(s, &removed, &[], |x| {
            let (place, label, at) = about(x, da);
            (&x.code.node, place, label, at)
        });
        self.removed_and_added(s, &[], &added, |x| {
            let (place, label, at) = about(x, db);
            (&x.code.node, place, label, at)
        });
    }

    fn rules(&mut self) {
        let (a, b) = (&self.va.decls.rules, &self.vb.decls.rules);
        let (both, removed, added) = pair(a, b, |r| Some(r.name.node.clone()));
        let s = Section::Rule;
        for (x, y) in both {
            let code = x.name.node.clone();
            let (px, py) = (Some((x.file, x.name.span)), Some((y.file, y.name.span)));
            let (kx, ky) = (x.kind.keyword().to_string(), y.kind.keyword().to_string());
            self.aspect(s, &code, "kind", None, Some(kx), Some(ky), px, py);
            let (lx, ly) = (x.label.node.node.clone(), y.label.node.node.clone());
            self.aspect(
                s,
                &code,
                "label",
                None,
                Some(lx),
                Some(ly),
                at(&x.label),
                at(&y.label),
            );
            let logic = |r: &care_check::decls::RuleDef| {
                r.logic
                    .iter()
                    .map(|p| p.node.node.clone())
                    .collect::<Vec<_>>()
            };
            if logic(x) != logic(y) {
                let span_of = |r: &care_check::decls::RuleDef| -> Place {
                    let first = r.logic.first()?;
                    let last = r.logic.last()?;
                    Some((first.file, first.span().to(last.span())))
                };
                let (fx, fy) = (span_of(x), span_of(y));
                let (bx, by) = (Some(self.ta(fx)), Some(self.tb(fy)));
                self.push(
                    s,
                    &code,
                    What::Changed,
                    Some("logic"),
                    None,
                    bx,
                    by,
                    fx.or(px),
                    fy.or(py),
                );
            }
            let ma = metas(x.meta.iter().map(|m| (m.file, &m.node)));
            let mb = metas(y.meta.iter().map(|m| (m.file, &m.node)));
            self.meta_changes(s, &code, ma, mb, px, py);
            let fix = |r: &care_check::decls::RuleDef| r.fix.as_ref().map(|f| f.node.node.clone());
            let fp = |r: &care_check::decls::RuleDef, p: Place| r.fix.as_ref().and_then(at).or(p);
            self.aspect(s, &code, "fix", None, fix(x), fix(y), fp(x, px), fp(y, py));
        }
        self.removed_and_added(s, &removed, &added, |x| {
            let label = Some(x.label.node.node.clone());
            (&x.name.node, None, label, Some((x.file, x.name.span)))
        });
    }

    fn tables(&mut self) {
        let (a, b) = (&self.va.decls.tables, &self.vb.decls.tables);
        let (both, removed, added) = pair(a, b, |t| Some(t.name.node.clone()));
        let s = Section::Table;
        for (x, y) in both {
            let name = x.name.node.clone();
            let (px, py) = (Some((x.file, x.name.span)), Some((y.file, y.name.span)));
            let label = |t: &care_check::decls::Decl<ast::TableDecl>| {
                t.node.label.as_ref().map(|l| l.node.clone())
            };
            self.aspect(s, &name, "label", None, label(x), label(y), px, py);
            let ma = metas(x.node.meta.iter().map(|m| (x.file, m)));
            let mb = metas(y.node.meta.iter().map(|m| (y.file, m)));
            self.meta_changes(s, &name, ma, mb, px, py);
            let (pa, pb) = (&self.va.policy, &self.vb.policy);
            let (Some(ta), Some(tb)) = (
                pa.tables.iter().find(|t| t.name == name),
                pb.tables.iter().find(|t| t.name == name),
            ) else {
                continue;
            };
            let cols = |t: &care_check::ir::Table, p: &care_check::ir::Policy| {
                std::iter::once(format!(
                    "{}: {}",
                    t.key_column,
                    p.schema.type_name(&t.key_type)
                ))
                .chain(
                    t.columns
                        .iter()
                        .map(|(n, ty)| format!("{n}: {}", p.schema.type_name(ty))),
                )
                .collect::<Vec<_>>()
                .join(" | ")
            };
            let (ca, cb) = (cols(ta, pa), cols(tb, pb));
            if ca != cb {
                self.push(
                    s,
                    &name,
                    What::Changed,
                    Some("columns"),
                    None,
                    Some(ca),
                    Some(cb),
                    px,
                    py,
                );
                continue; // rows of different columns do not compare cell by cell
            }
            // Rates as written: `80 %` when every row of the column says so.
            let (pcx, pcy) = (table::percent_columns(x), table::percent_columns(y));
            let row_text = |t: &care_check::ir::Table,
                            p: &care_check::ir::Policy,
                            r: &care_check::ir::TableRow| {
                let pc = if std::ptr::eq(p, pa.as_ref()) {
                    &pcx
                } else {
                    &pcy
                };
                t.columns
                    .iter()
                    .zip(&r.values)
                    .enumerate()
                    .map(|(k, ((n, ty), c))| {
                        let text = match (c, pc.get(k)) {
                            (care_check::ir::Constant::Decimal(d), Some(true)) => {
                                crate::fr::percent(*d)
                            }
                            _ => crate::fr::constant(c, ty, p),
                        };
                        (n.clone(), text)
                    })
                    .collect::<Vec<_>>()
            };
            let key = |t: &care_check::ir::Table,
                       p: &care_check::ir::Policy,
                       r: &care_check::ir::TableRow| {
                table::key_text(&r.key, &t.key_column, &t.key_type, p)
            };
            let (rows_b, rows_r, rows_a) = pair(&ta.rows, &tb.rows, |r| Some(key(ta, pa, r)));
            let o = |x: care_check::ir::Origin| Some((x.file, x.span));
            for (r, q) in rows_b {
                let (va, vb) = (row_text(ta, pa, r), row_text(tb, pb, q));
                if va != vb {
                    let changed: Vec<usize> = (0..va.len()).filter(|i| va[*i] != vb[*i]).collect();
                    let show = |v: &[(String, String)]| {
                        changed
                            .iter()
                            .map(|i| {
                                if v.len() == 1 {
                                    v[*i].1.clone()
                                } else {
                                    format!("{} {}", v[*i].0, v[*i].1)
                                }
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    let k = Some(key(ta, pa, r));
                    self.push(
                        s,
                        &name,
                        What::Changed,
                        Some("row"),
                        k,
                        Some(show(&va)),
                        Some(show(&vb)),
                        o(r.origin),
                        o(q.origin),
                    );
                }
            }
            let all = |v: Vec<(String, String)>| {
                if v.len() == 1 {
                    return v.into_iter().map(|(_, x)| x).collect::<String>();
                }
                v.into_iter()
                    .map(|(n, x)| format!("{n} {x}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            for r in rows_r {
                let k = Some(key(ta, pa, r));
                self.push(
                    s,
                    &name,
                    What::Removed,
                    Some("row"),
                    k,
                    Some(all(row_text(ta, pa, r))),
                    None,
                    o(r.origin),
                    None,
                );
            }
            for q in rows_a {
                let k = Some(key(tb, pb, q));
                self.push(
                    s,
                    &name,
                    What::Added,
                    Some("row"),
                    k,
                    None,
                    Some(all(row_text(tb, pb, q))),
                    None,
                    o(q.origin),
                );
            }
        }
        self.removed_and_added(s, &removed, &added, |x| {
            let label = x.node.label.as_ref().map(|l| l.node.clone());
            (&x.name.node, None, label, Some((x.file, x.name.span)))
        });
    }

    /// Label, sources and notes, type, and the logic of a function, value or output body.
    #[allow(clippy::too_many_arguments)]
    fn body_changes(
        &mut self,
        s: Section,
        name: &str,
        (fx, bx, lx): (FileId, &Node<ast::Body>, Option<String>),
        (fy, by, ly): (FileId, &Node<ast::Body>, Option<String>),
        px: Place,
        py: Place,
        types: (Option<String>, Option<String>),
    ) {
        self.aspect(s, name, "label", None, lx, ly, px, py);
        self.aspect(s, name, "type", None, types.0, types.1, px, py);
        let ma = metas(bx.node.meta.iter().map(|m| (fx, m)));
        let mb = metas(by.node.meta.iter().map(|m| (fy, m)));
        self.meta_changes(s, name, ma, mb, px, py);
        if bx.node.lets != by.node.lets || bx.node.expr != by.node.expr {
            let span = |b: &Node<ast::Body>| {
                let start = b.node.lets.first().map_or(b.node.expr.span, |l| l.span);
                start.to(b.node.expr.span)
            };
            let (sx, sy) = (Some((fx, span(bx))), Some((fy, span(by))));
            let (tx, ty) = (Some(self.ta(sx)), Some(self.tb(sy)));
            self.push(s, name, What::Changed, Some("logic"), None, tx, ty, sx, sy);
        }
    }

    fn functions(&mut self) {
        let (a, b) = (&self.va.decls.functions, &self.vb.decls.functions);
        let (both, removed, added) = pair(a, b, |f| Some(f.name.node.clone()));
        let s = Section::Function;
        for (x, y) in both {
            let name = x.name.node.clone();
            let (px, py) = (Some((x.file, x.name.span)), Some((y.file, y.name.span)));
            let (pa, pb) = (&self.va.policy, &self.vb.policy);
            let ia = pa.functions.iter().find(|f| f.name == name);
            let ib = pb.functions.iter().find(|f| f.name == name);
            let sig = |f: Option<&care_check::ir::Function>, p: &care_check::ir::Policy| {
                f.map(|f| {
                    let params: Vec<String> = f
                        .params
                        .iter()
                        .map(|(n, t)| format!("{n}: {}", p.schema.type_name(t)))
                        .collect();
                    format!("({}): {}", params.join(", "), p.schema.type_name(&f.ret))
                })
            };
            let (sa, sb) = (sig(ia, pa), sig(ib, pb));
            let label = |f: &care_check::decls::Decl<ast::FunctionDecl>| {
                f.node.label.as_ref().map(|l| l.node.clone())
            };
            self.body_changes(
                s,
                &name,
                (x.file, &x.node.body, label(x)),
                (y.file, &y.node.body, label(y)),
                px,
                py,
                (sa.clone(), sb.clone()),
            );
            // The values over the range, when the signature is the same and can be tabulated.
            if sa != sb {
                continue;
            }
            let (Some(fa), Some(fb)) = (ia, ib) else {
                continue;
            };
            if !table::is_tabulable(pa, fa) || !table::is_tabulable(pb, fb) {
                continue;
            }
            let (Ok(ta), Ok(tb)) = (
                table::tabulate(pa, &name, self.range),
                table::tabulate(pb, &name, self.range),
            ) else {
                continue;
            };
            for (ra, rb) in ta.rows.iter().zip(&tb.rows) {
                for (c, (ca, cb)) in ra.cells.iter().zip(&rb.cells).enumerate() {
                    if ca.data != cb.data || ca.error != cb.error {
                        let column = tb.columns.get(c).cloned().unwrap_or_default();
                        let detail = if tb.key.is_empty() {
                            column
                        } else if tb.columns.len() == 1 && column == name {
                            format!("{} = {}", tb.key, rb.key)
                        } else {
                            format!("{} = {}, {column}", tb.key, rb.key)
                        };
                        let (bx, by) = (Some(ca.text.clone()), Some(cb.text.clone()));
                        self.push(
                            s,
                            &name,
                            What::Changed,
                            Some("values"),
                            Some(detail),
                            bx,
                            by,
                            px,
                            py,
                        );
                    }
                }
            }
        }
        self.removed_and_added(s, &removed, &added, |x| {
            let label = x.node.label.as_ref().map(|l| l.node.clone());
            (&x.name.node, None, label, Some((x.file, x.name.span)))
        });
    }

    fn values(&mut self) {
        let (a, b) = (&self.va.decls.values, &self.vb.decls.values);
        let (both, removed, added) = pair(a, b, |v| Some(v.name.node.clone()));
        let s = Section::Value;
        for (x, y) in both {
            let name = x.name.node.clone();
            let ty = |p: &care_check::ir::Policy| {
                p.values
                    .iter()
                    .find(|v| v.name == name)
                    .map(|v| p.schema.type_name(&v.ty))
            };
            let types = (ty(&self.va.policy), ty(&self.vb.policy));
            let label = |v: &care_check::decls::Decl<ast::ValueDecl>| {
                v.node.label.as_ref().map(|l| l.node.clone())
            };
            let (px, py) = (Some((x.file, x.name.span)), Some((y.file, y.name.span)));
            self.body_changes(
                s,
                &name,
                (x.file, &x.node.body, label(x)),
                (y.file, &y.node.body, label(y)),
                px,
                py,
                types,
            );
        }
        self.removed_and_added(s, &removed, &added, |x| {
            let label = x.node.label.as_ref().map(|l| l.node.clone());
            (&x.name.node, None, label, Some((x.file, x.name.span)))
        });
    }

    fn outputs(&mut self) {
        let (a, b) = (&self.va.decls.outputs, &self.vb.decls.outputs);
        let (both, removed, added) = pair(a, b, |v| Some(v.name.node.clone()));
        let s = Section::Output;
        for (x, y) in both {
            let name = x.name.node.clone();
            let ty = |p: &care_check::ir::Policy| {
                p.outputs
                    .iter()
                    .find(|v| v.name == name)
                    .map(|v| p.schema.type_name(&v.ty))
            };
            let types = (ty(&self.va.policy), ty(&self.vb.policy));
            let label = |v: &care_check::decls::Decl<ast::OutputDecl>| {
                v.node.label.as_ref().map(|l| l.node.clone())
            };
            let (px, py) = (Some((x.file, x.name.span)), Some((y.file, y.name.span)));
            self.body_changes(
                s,
                &name,
                (x.file, &x.node.body, label(x)),
                (y.file, &y.node.body, label(y)),
                px,
                py,
                types,
            );
        }
        self.removed_and_added(s, &removed, &added, |x| {
            let label = x.node.label.as_ref().map(|l| l.node.clone());
            (&x.name.node, None, label, Some((x.file, x.name.span)))
        });
    }
}

fn choose_text(at_least: i64, at_most: Option<i64>) -> String {
    match at_most {
        Some(m) if m == at_least => format!("exactement {m}"),
        Some(m) if at_least > 0 => format!("au moins {at_least}, au plus {m}"),
        Some(m) => format!("au plus {m}"),
        None => format!("au moins {at_least}"),
    }
}

/// The named themes of a track's sections of one kind, with their labels.
fn themes(
    d: &care_check::decls::Declarations,
    t: &care_check::decls::TrackDef,
    kind: SectionKind,
) -> Vec<(String, String)> {
    let Some(ti) = d.tracks.iter().position(|x| x.name.node == t.name.node) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for o in d.objectives.iter().filter(|o| !is_removed(o)) {
        let Some((oti, si)) = o.track else { continue };
        if oti != ti || t.sections.get(si).map(|s| s.kind.node) != Some(kind) {
            continue;
        }
        if let (Some(n), Some(l)) = (&o.theme_name, &o.theme) {
            if !out.iter().any(|(m, _)| m == n) {
                out.push((n.clone(), l.clone()));
            }
        }
    }
    out
}

/// Where a theme's label is written last: in the version's own file first (an amendment), else
/// in the files it takes over.
fn theme_place(
    f: &Folder,
    d: &care_check::decls::Declarations,
    track: &str,
    kind: SectionKind,
    theme: &str,
) -> Place {
    let own = d.header.file;
    let files = std::iter::once(own).chain(d.files.iter().copied().filter(|x| *x != own));
    for file in files {
        let Some(ast) = f.ast(file) else { continue };
        for item in &ast.items {
            let members = match &item.node.kind {
                ast::ItemKind::Track(t) if t.name.node == track => Some(&t.members),
                ast::ItemKind::Amend(ast::Amend::Track {
                    name,
                    members: Some(m),
                    ..
                }) if name.node == track => Some(m),
                _ => None,
            };
            for m in members.into_iter().flatten() {
                let ast::TrackMember::Section(sec) = &m.node else {
                    continue;
                };
                if sec.kind.node != kind {
                    continue;
                }
                for sm in &sec.members {
                    if let ast::SectionMember::Theme(th) = &sm.node {
                        if th.name.as_ref().is_some_and(|n| n.node == theme) {
                            return Some((file, th.label.span));
                        }
                    }
                }
            }
        }
    }
    None
}

/// An objective's place: its track and section (`P3, obligatoire`), with its theme when asked.
fn place_text(
    d: &care_check::decls::Declarations,
    o: &ObjectiveDef,
    with_theme: bool,
) -> Option<String> {
    let (ti, si) = o.track?;
    let t = d.tracks.get(ti)?;
    let kind = t.sections.get(si).map(|s| s.kind.node)?;
    let mut out = format!("{}, {}", t.name.node, section_word(kind));
    if with_theme {
        if let Some(th) = &o.theme {
            out.push_str(&format!(", thème « {th} »"));
        }
    }
    Some(out)
}

fn default_text(
    d: &care_check::model::DefaultValue,
    schema: &care_check::model::InputSchema,
    ty: &care_check::types::Type,
) -> String {
    match d {
        care_check::model::DefaultValue::Literal(l) => literal_text(l),
        care_check::model::DefaultValue::Variant(i) => match ty.required() {
            care_check::types::Type::Enum(id) => schema
                .enum_def(*id)
                .and_then(|e| e.variants.get(*i as usize))
                .map_or_else(|| i.to_string(), |v| v.name.clone()),
            _ => i.to_string(),
        },
    }
}

/// A literal for a person, as the language writes it (`80 %`, `9 400,00 €`, `oui`).
fn literal_text(l: &ast::Literal) -> String {
    use ast::Literal as L;
    match l {
        L::Bool(b) => if *b { "oui" } else { "non" }.into(),
        L::Int(i) => i.to_string(),
        L::Decimal(d) => crate::fr::decimal(*d),
        L::Money(d) => crate::fr::money(*d),
        L::Percent(d) => format!("{} %", crate::fr::decimal(*d)),
        L::Duration { amount, unit } => format!("{amount} {unit:?}").to_lowercase(),
        L::Date(d) => crate::fr::date(*d),
        L::Instant(t) => t.clone(),
        L::Text(t) => format!("« {t} »"),
        L::Absent => "absent".into(),
    }
}

fn bounds_text(b: &care_check::model::Bounds) -> String {
    let show = |x: &Option<care_check::model::Bound>| x.as_ref().map(|b| b.value.to_string());
    match (show(&b.min), show(&b.max)) {
        (None, None) => "aucune".into(),
        (Some(m), None) => format!("au moins {m}"),
        (None, Some(m)) => format!("au plus {m}"),
        (Some(a), Some(z)) => format!("de {a} à {z}"),
    }
}
