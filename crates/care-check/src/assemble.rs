//! Assembling a version: its own file, the modules it includes, and the version it amends with
//! the amendments applied. Reports duplicates, bad includes and amendments of nothing.

use crate::decls::*;
use crate::workspace::Workspace;
use care_syntax::ast::*;
use care_syntax::{Diagnostic, FileId, Node, Span};
use std::collections::HashMap;

/// Modules including modules: a chain is followed by recursion, so it is bounded.
pub const MAX_INCLUDE_DEPTH: usize = 64;

/// An amendment (in `file`, at `span`) whose new logic has no `for each`, when the logic it
/// replaces repeated `for each binder in list`: a name `binder` unknown inside it is that slip.
#[derive(Clone, Debug)]
pub struct DroppedLoop {
    pub file: FileId,
    pub span: Span,
    pub binder: String,
    pub list: String,
}

/// The `for each` binders of a rule's logic, with their list as written.
fn loop_binders(ws: &Workspace, logic: &[At<RuleProp>]) -> Vec<(String, String)> {
    logic
        .iter()
        .filter_map(|p| match &p.node.node {
            RuleProp::ForEach { binder, list } => {
                let text = ws
                    .sources
                    .get(p.file)
                    .and_then(|f| f.text.get(list.span.start..list.span.end))
                    .unwrap_or_default();
                Some((binder.node.clone(), text.to_string()))
            }
            _ => None,
        })
        .collect()
}

pub struct Assembler<'w> {
    ws: &'w Workspace,
    pub diags: Vec<Diagnostic>,
    /// Versions whose amended version is missing or in a cycle: checking them would only echo it.
    pub without_base: Vec<FileId>,
    /// Amendments that gave a rule new logic without the `for each` the old logic had.
    pub dropped_loops: Vec<DroppedLoop>,
    done: HashMap<FileId, Declarations>,
    in_progress: Vec<FileId>,
}

impl<'w> Assembler<'w> {
    pub fn new(ws: &'w Workspace) -> Self {
        Assembler {
            ws,
            diags: Vec::new(),
            without_base: Vec::new(),
            dropped_loops: Vec::new(),
            done: HashMap::new(),
            in_progress: Vec::new(),
        }
    }

    /// The declarations of the version whose header is in `file`.
    pub fn version(&mut self, file: FileId) -> Declarations {
        if let Some(d) = self.done.get(&file) {
            return d.clone();
        }
        if self.in_progress.contains(&file) {
            // A cycle of `amends`: reported where it closes; the version starts empty.
            return Declarations::default();
        }
        self.in_progress.push(file);
        let header = self.ws.header(file);
        let mut decls = Declarations::default();
        if let Some(amends) = &header.amends {
            match self.ws.version_in_folder(file, amends.node) {
                Some(base) if self.in_progress.contains(&base) => {
                    self.without_base.push(file);
                    self.diags.push(
                        Diagnostic::error(
                            "E0309",
                            format!(
                                "version `{}` amends itself through a cycle (by way of `{}`)",
                                header
                                    .version
                                    .as_ref()
                                    .map(|v| v.node.to_string())
                                    .unwrap_or_default(),
                                amends.node
                            ),
                        )
                        .with_key("E0309-cycle")
                        .with_arg(
                            "version",
                            header
                                .version
                                .as_ref()
                                .map(|v| v.node.to_string())
                                .unwrap_or_default(),
                        )
                        .with_arg("amends", amends.node.to_string())
                        .with_label(
                            file,
                            amends.span,
                            "this `amends` leads back to this version",
                        )
                        .with_help_key(
                            "E0309-cycle-help",
                            "a version amends an earlier version; the first version amends nothing",
                        ),
                    );
                }
                Some(base) => {
                    decls = self.version(base);
                }
                None => {
                    let known = self.ws.versions_in_folder(file);
                    let versions = known
                        .iter()
                        .map(|d| format!("`{d}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let (help_key, list) = if known.is_empty() {
                        (
                            "E0309-no-other-version-help",
                            "no other version is in this folder".to_string(),
                        )
                    } else {
                        (
                            "E0309-versions-help",
                            format!("versions in this folder: {versions}"),
                        )
                    };
                    self.without_base.push(file);
                    self.diags.push(
                        Diagnostic::error(
                            "E0309",
                            format!("amended version `{}` not found", amends.node),
                        )
                        .with_key("E0309-not-found")
                        .with_arg("amends", amends.node.to_string())
                        .with_arg("versions", versions)
                        .with_label(file, amends.span, "no version of this policy has this date")
                        .with_help_key(help_key, list),
                    );
                }
            }
        }
        // The amended version's header notes stay (they describe the call, not one version); its
        // sources stay unless this header cites its own.
        let inherited = std::mem::take(&mut decls.header.meta);
        // What the amended version's header says and this one does not restate carries over.
        let base = std::mem::take(&mut decls.header);
        let mut header = header;
        if header.timezone.is_none() {
            header.timezone = base.timezone;
        }
        if header.reference.is_none() {
            header.reference = base.reference;
        }
        if header.identifier.is_none() {
            header.identifier = base.identifier;
        }
        if header.decision.is_none() {
            header.decision = base.decision;
        }
        if header.chosen_objectives.is_none() {
            header.chosen_objectives = base.chosen_objectives;
        }
        decls.header = header;
        let mut meta = std::mem::take(&mut decls.header.meta);
        let has_source = meta.iter().any(|m| matches!(m.node.node, Meta::Source(_)));
        let kept: Vec<At<Meta>> = inherited
            .into_iter()
            .filter(|m| match m.node.node {
                Meta::Source(_) => !has_source,
                Meta::Note(_) => true,
            })
            .collect();
        meta.splice(0..0, kept);
        decls.header.meta = meta;
        decls.files.push(file);
        let mut include_stack = vec![file];
        self.add_file(file, &mut decls, &mut include_stack, true);
        self.in_progress.retain(|f| *f != file);
        self.done.insert(file, decls.clone());
        decls
    }

    fn add_file(
        &mut self,
        file: FileId,
        decls: &mut Declarations,
        stack: &mut Vec<FileId>,
        is_version: bool,
    ) {
        let Some(ast) = self.ws.ast(file) else { return };
        for item in &ast.items {
            self.add_item(file, item, decls, stack, is_version);
        }
    }

    fn add_item(
        &mut self,
        file: FileId,
        item: &Node<Item>,
        decls: &mut Declarations,
        stack: &mut Vec<FileId>,
        is_version: bool,
    ) {
        let allows: Vec<At<Annotation>> = item
            .annotations
            .iter()
            .map(|a| At::new(file, a.clone()))
            .collect();
        match &item.kind {
            ItemKind::Policy(_) => {
                if !is_version {
                    self.diags.push(
                        Diagnostic::error("E0314", "an included file cannot declare a policy")
                            .with_key("E0314-policy-in-module")
                            .with_label(file, item.span, "policy header in an included module")
                            .with_help_key("E0314-policy-in-module-help", "a policy header starts a version; included modules hold declarations only"),
                    );
                }
            }
            ItemKind::Include(path) => self.include(file, path, decls, stack),
            ItemKind::Amend(amend) => self.amend(file, item.span, amend, decls),
            ItemKind::Remove(remove) => self.remove(file, remove, decls),
            ItemKind::Replace(inner) => self.replace(file, inner, allows, decls),
            kind => self.declare(file, item.span, kind, allows, decls),
        }
    }

    fn include(
        &mut self,
        file: FileId,
        path: &Node<String>,
        decls: &mut Declarations,
        stack: &mut Vec<FileId>,
    ) {
        let target = match self.ws.resolve_include(file, &path.node) {
            Ok(t) => t,
            Err(refusal) => {
                self.diags.push(
                    Diagnostic::error("E0313", format!("cannot include `{}`", path.node))
                        .with_key(refusal.key)
                        .with_arg("path", path.node.clone())
                        .with_arg("detail", refusal.detail)
                        .with_label(file, path.span, refusal.label)
                        .with_help(refusal.help),
                );
                return;
            }
        };
        if stack.contains(&target) {
            self.diags.push(
                Diagnostic::error("E0313", format!("`{}` is included in a cycle", path.node))
                    .with_key("E0313-cycle")
                    .with_arg("path", path.node.clone())
                    .with_label(
                        file,
                        path.span,
                        "this include leads back to a file that includes it",
                    )
                    .with_help_key(
                        "E0313-cycle-help",
                        "a module is included once, by a version or by another module",
                    ),
            );
            return;
        }
        if decls.files.contains(&target) {
            return; // already pulled in by another include: declarations are not duplicated
        }
        if stack.len() > MAX_INCLUDE_DEPTH {
            self.diags.push(
                Diagnostic::error("E0313", format!("cannot include `{}`", path.node))
                    .with_key("E0313-too-deep")
                    .with_arg("path", path.node.clone())
                    .with_arg("max", MAX_INCLUDE_DEPTH.to_string())
                    .with_label(file, path.span, format!("includes nested more than {MAX_INCLUDE_DEPTH} deep"))
                    .with_help_key("E0313-too-deep-help", "include the modules from the version itself, or from fewer levels of modules"),
            );
            return;
        }
        decls.files.push(target);
        stack.push(target);
        self.add_file(target, decls, stack, false);
        stack.pop();
    }

    fn duplicate(&mut self, file: FileId, name: &Name, what: &str, previous: (FileId, Span)) {
        self.diags.push(
            Diagnostic::error("E0102", format!("`{}` is declared twice", name.node))
                .with_key("E0102-declared-twice")
                .with_arg("name", name.node.clone())
                .with_arg("what", what)
                .with_label(file, name.span, format!("{what} declared again here"))
                .with_label(previous.0, previous.1, "first declared here")
                .with_help_key(
                    "E0102-declared-twice-help",
                    "give it another name, or use `replace` in a version that amends another",
                ),
        );
    }

    /// Where a name of the expression namespace (tracks, tables, functions, values, outputs) is
    /// already declared.
    fn find_value_name(decls: &mut Declarations, name: &str) -> Option<(FileId, Span)> {
        let seen = &mut decls.seen;
        SeenNames::catch_up(&mut seen.lens, 0, &mut seen.values, &decls.tracks, |t| {
            &t.name.node
        });
        SeenNames::catch_up(&mut seen.lens, 1, &mut seen.values, &decls.tables, |d| {
            &d.name.node
        });
        SeenNames::catch_up(&mut seen.lens, 2, &mut seen.values, &decls.functions, |d| {
            &d.name.node
        });
        SeenNames::catch_up(&mut seen.lens, 3, &mut seen.values, &decls.values, |d| {
            &d.name.node
        });
        SeenNames::catch_up(&mut seen.lens, 4, &mut seen.values, &decls.outputs, |d| {
            &d.name.node
        });
        if !seen.values.contains(name) {
            return None;
        }
        let t = decls
            .tracks
            .iter()
            .find(|t| t.name.node == name)
            .map(|t| (t.file, t.name.span));
        t.or_else(|| find_decl(&decls.tables, name))
            .or_else(|| find_decl(&decls.functions, name))
            .or_else(|| find_decl(&decls.values, name))
            .or_else(|| find_decl(&decls.outputs, name))
    }

    fn find_code(decls: &mut Declarations, code: &str) -> Option<(FileId, Span)> {
        let seen = &mut decls.seen;
        SeenNames::catch_up(&mut seen.lens, 5, &mut seen.codes, &decls.objectives, |o| {
            &o.code.node
        });
        SeenNames::catch_up(&mut seen.lens, 6, &mut seen.codes, &decls.rules, |r| {
            &r.name.node
        });
        if !seen.codes.contains(code) {
            return None;
        }
        let o = decls
            .objectives
            .iter()
            .find(|o| o.code.node == code && !is_removed(o))
            .map(|o| (o.file, o.code.span));
        o.or_else(|| {
            decls
                .rules
                .iter()
                .find(|r| r.name.node == code)
                .map(|r| (r.file, r.name.span))
        })
    }

    fn find_document(decls: &mut Declarations, name: &str) -> Option<(FileId, Span)> {
        let seen = &mut decls.seen;
        SeenNames::catch_up(
            &mut seen.lens,
            7,
            &mut seen.documents,
            &decls.documents,
            |d| &d.name.node,
        );
        if !seen.documents.contains(name) {
            return None;
        }
        find_decl(&decls.documents, name)
    }

    fn find_type(decls: &mut Declarations, name: &str) -> Option<(FileId, Span)> {
        let seen = &mut decls.seen;
        SeenNames::catch_up(&mut seen.lens, 8, &mut seen.types, &decls.enums, |d| {
            &d.name.node
        });
        SeenNames::catch_up(&mut seen.lens, 9, &mut seen.types, &decls.records, |d| {
            &d.name.node
        });
        if !seen.types.contains(name) {
            return None;
        }
        find_decl(&decls.enums, name).or_else(|| find_decl(&decls.records, name))
    }

    fn declare(
        &mut self,
        file: FileId,
        span: Span,
        kind: &ItemKind,
        allows: Vec<At<Annotation>>,
        decls: &mut Declarations,
    ) {
        match kind {
            ItemKind::Document(d) => {
                if let Some(prev) = Self::find_document(decls, &d.name.node) {
                    return self.duplicate(file, &d.name, "document", prev);
                }
                decls
                    .documents
                    .push(decl(file, span, &d.name, d.clone(), allows));
            }
            ItemKind::Enum(e) => {
                if let Some(prev) = Self::find_type(decls, &e.name.node) {
                    return self.duplicate(file, &e.name, "type", prev);
                }
                decls
                    .enums
                    .push(decl(file, span, &e.name, e.clone(), allows));
            }
            ItemKind::Record(r) => {
                if let Some(prev) = Self::find_type(decls, &r.name.node) {
                    return self.duplicate(file, &r.name, "type", prev);
                }
                decls
                    .records
                    .push(decl(file, span, &r.name, r.clone(), allows));
            }
            ItemKind::Input(i) => {
                if let Some(prev) = decls.inputs.first() {
                    self.diags.push(
                        Diagnostic::error("E0102", "a version has one input")
                            .with_key("E0102-two-inputs")
                            .with_label(file, i.name.span, "second input declared here")
                            .with_label(prev.file, prev.name.span, "first input declared here")
                            .with_help_key(
                                "E0102-two-inputs-help",
                                "declare one record holding all the data the policy reads",
                            ),
                    );
                    return;
                }
                decls
                    .inputs
                    .push(decl(file, span, &i.name, i.clone(), allows));
            }
            ItemKind::Track(t) => {
                if let Some(prev) = Self::find_value_name(decls, &t.name.node) {
                    return self.duplicate(file, &t.name, "track", prev);
                }
                let index = decls.tracks.len();
                decls.tracks.push(TrackDef {
                    file,
                    span,
                    name: t.name.clone(),
                    label: At::new(file, t.label.clone()),
                    key: None,
                    meta: Vec::new(),
                    sections: Vec::new(),
                    allows,
                });
                self.track_members(file, index, &t.members, decls);
            }
            ItemKind::Objective(o) => {
                self.add_objective(file, o, None, (None, None), None, decls);
            }
            ItemKind::Rule(r) => {
                if let Some(prev) = Self::find_code(decls, &r.name.node) {
                    return self.duplicate(file, &r.name, r.kind.keyword(), prev);
                }
                decls.rules.push(lower_rule(file, span, r, allows));
            }
            ItemKind::Table(t) => {
                let d = decl(file, span, &t.name, t.clone(), allows);
                self.declare_value(decls, "table", d, |ds| &mut ds.tables);
            }
            ItemKind::Function(f) => {
                let d = decl(file, span, &f.name, f.clone(), allows);
                self.declare_value(decls, "function", d, |ds| &mut ds.functions);
            }
            ItemKind::Value(v) => {
                let d = decl(file, span, &v.name, v.clone(), allows);
                self.declare_value(decls, "value", d, |ds| &mut ds.values);
            }
            ItemKind::Output(o) => {
                let d = decl(file, span, &o.name, o.clone(), allows);
                self.declare_value(decls, "output", d, |ds| &mut ds.outputs);
            }
            ItemKind::Policy(_)
            | ItemKind::Include(_)
            | ItemKind::Amend(_)
            | ItemKind::Remove(_)
            | ItemKind::Replace(_) => {}
        }
    }

    /// Adds a declaration of the expression namespace (tables, functions, values, outputs share
    /// it with tracks), unless the name is taken.
    fn declare_value<T>(
        &mut self,
        decls: &mut Declarations,
        what: &str,
        d: Decl<T>,
        list: impl FnOnce(&mut Declarations) -> &mut Vec<Decl<T>>,
    ) {
        if let Some(prev) = Self::find_value_name(decls, &d.name.node) {
            return self.duplicate(d.file, &d.name, what, prev);
        }
        list(decls).push(d);
    }

    fn track_members(
        &mut self,
        file: FileId,
        track: usize,
        members: &[Node<TrackMember>],
        decls: &mut Declarations,
    ) {
        for m in members {
            match &m.node {
                TrackMember::Key(k) => {
                    if let Some(t) = decls.tracks.get_mut(track) {
                        t.key = Some(At::new(file, k.clone()));
                    }
                }
                TrackMember::Meta(meta) => {
                    if let Some(t) = decls.tracks.get_mut(track) {
                        t.meta.push(At::new(file, Node::new(meta.clone(), m.span)));
                    }
                }
                TrackMember::Section(section) => self.section(file, track, section, decls),
            }
        }
    }

    fn section(&mut self, file: FileId, track: usize, section: &Section, decls: &mut Declarations) {
        let Some(t) = decls.tracks.get_mut(track) else {
            return;
        };
        // An amendment's section merges into the track's section of the same kind.
        let index = match t
            .sections
            .iter()
            .position(|s| s.kind.node == section.kind.node)
        {
            Some(i) => i,
            None => {
                t.sections.push(SectionDef {
                    file,
                    kind: section.kind.clone(),
                    choose: Vec::new(),
                    meta: Vec::new(),
                    objectives: Vec::new(),
                    allows: Vec::new(),
                });
                t.sections.len() - 1
            }
        };
        let allows: Vec<At<Annotation>> = section
            .annotations
            .iter()
            .map(|a| At::new(file, a.clone()))
            .collect();
        let mut section_source = None;
        if let Some(s) = decls
            .tracks
            .get_mut(track)
            .and_then(|t| t.sections.get_mut(index))
        {
            s.allows.extend(allows);
            let choose: Vec<_> = section
                .members
                .iter()
                .filter_map(|m| match &m.node {
                    SectionMember::Choose(bounds) => Some(
                        bounds
                            .iter()
                            .map(|b| At::new(file, b.clone()))
                            .collect::<Vec<_>>(),
                    ),
                    _ => None,
                })
                .collect();
            if let Some(last) = choose.into_iter().last() {
                s.choose = last;
            }
            for m in &section.members {
                if let SectionMember::Meta(meta) = &m.node {
                    s.meta.push(At::new(file, Node::new(meta.clone(), m.span)));
                }
            }
            section_source = s
                .meta
                .iter()
                .find(|m| matches!(m.node.node, Meta::Source(_)))
                .cloned();
        }
        let track_source = decls.tracks.get(track).and_then(|t| {
            t.meta
                .iter()
                .find(|m| matches!(m.node.node, Meta::Source(_)))
                .cloned()
        });
        let inherited = section_source.or(track_source);
        for m in &section.members {
            match &m.node {
                SectionMember::Objective(o) => {
                    self.add_objective(
                        file,
                        o,
                        Some((track, index)),
                        (None, None),
                        inherited.clone(),
                        decls,
                    );
                }
                SectionMember::Theme(theme) => {
                    // A theme named like one already in this section is that theme: its label
                    // is replaced (an amendment renaming it) and its new objectives join it.
                    if let Some(name) = &theme.name {
                        for o in decls.objectives.iter_mut() {
                            if o.track == Some((track, index))
                                && o.theme_name.as_deref() == Some(name.node.as_str())
                            {
                                o.theme = Some(theme.label.node.clone());
                            }
                        }
                    }
                    let theme_source = theme.members.iter().find_map(|tm| match &tm.node {
                        ThemeMember::Meta(meta @ Meta::Source(_)) => {
                            Some(At::new(file, Node::new(meta.clone(), tm.span)))
                        }
                        _ => None,
                    });
                    let inherited = theme_source.or_else(|| inherited.clone());
                    for tm in &theme.members {
                        if let ThemeMember::Objective(o) = &tm.node {
                            self.add_objective(
                                file,
                                o,
                                Some((track, index)),
                                (
                                    Some(theme.label.node.clone()),
                                    theme.name.as_ref().map(|n| n.node.clone()),
                                ),
                                inherited.clone(),
                                decls,
                            );
                        }
                    }
                }
                SectionMember::Choose(_) | SectionMember::Meta(_) => {}
            }
        }
    }

    fn add_objective(
        &mut self,
        file: FileId,
        o: &ObjectiveDecl,
        place: Option<(usize, usize)>,
        (theme, theme_name): (Option<String>, Option<String>),
        inherited_source: Option<At<Meta>>,
        decls: &mut Declarations,
    ) {
        if let Some(prev) = Self::find_code(decls, &o.code.node) {
            self.diags.push(
                Diagnostic::error("E0104", format!("code `{}` is used twice", o.code.node))
                    .with_key("E0104-code-twice")
                    .with_arg("code", o.code.node.clone())
                    .with_label(file, o.code.span, "declared again here")
                    .with_label(prev.0, prev.1, "first declared here")
                    .with_help_key("E0104-code-twice-help", "objective and rule codes identify them in results: each must be unique in a version"),
            );
            return;
        }
        let index = decls.objectives.len();
        let mut def = ObjectiveDef {
            file,
            span: o.code.span.to(o.label.span),
            code: o.code.clone(),
            label: At::new(file, o.label.clone()),
            track: place,
            theme,
            theme_name,
            meta: Vec::new(),
            inherited_source,
            scope: None,
            evidence: Vec::new(),
            achieved: None,
            allows: o
                .annotations
                .iter()
                .map(|a| At::new(file, a.clone()))
                .collect(),
        };
        apply_objective_props(file, &mut def, o.props.as_deref().unwrap_or(&[]));
        decls.objectives.push(def);
        if let Some((t, s)) = place {
            if let Some(section) = decls.tracks.get_mut(t).and_then(|t| t.sections.get_mut(s)) {
                section.objectives.push(index);
            }
        }
    }

    fn missing(&mut self, file: FileId, name: &Name, what: &'static str, help: &str) {
        self.missing_keyed(file, name, what, help, "E0305-missing");
        let help_key = match help {
            "to add an objective, declare it inside `amend track NAME { … }`" => {
                "E0305-add-objective-help"
            }
            "to add a rule, declare it as usual in the new version" => "E0305-add-rule-help",
            "to add a track, declare it as usual in the new version" => "E0305-add-track-help",
            "only what the amended version declares can be removed" => "E0305-remove-help",
            "`replace` changes a declaration of the amended version; declare new ones as usual" => {
                "E0305-replace-new-help"
            }
            _ => "E0305-replace-help",
        };
        if let Some(d) = self
            .diags
            .last_mut()
            .filter(|d| d.key == Some("E0305-missing") && d.help.as_deref() == Some(help))
        {
            d.help_key = Some(help_key);
        }
    }

    fn missing_keyed(
        &mut self,
        file: FileId,
        name: &Name,
        what: &'static str,
        help: &str,
        key: &'static str,
    ) {
        // Without its amended version, every amendment misses its target: E0309 says why.
        if self.without_base.contains(&file) {
            return;
        }
        self.diags.push(
            Diagnostic::error(
                "E0305",
                format!(
                    "{what} `{}` does not exist in the amended version",
                    name.node
                ),
            )
            .with_key(key)
            .with_arg("what", what)
            .with_arg("name", name.node.clone())
            .with_label(file, name.span, "nothing to amend")
            .with_help(help.to_string()),
        );
    }

    fn amend(&mut self, file: FileId, span: Span, amend: &Amend, decls: &mut Declarations) {
        match amend {
            Amend::Objective { code, label, props } => {
                let Some(o) = decls
                    .objectives
                    .iter_mut()
                    .find(|o| o.code.node == code.node && !is_removed(o))
                else {
                    return self.missing(
                        file,
                        code,
                        "objective",
                        "to add an objective, declare it inside `amend track NAME { … }`",
                    );
                };
                if let Some(l) = label {
                    o.label = At::new(file, l.clone());
                }
                if let Some(props) = props {
                    apply_objective_amendment(file, o, props);
                }
            }
            Amend::Rule {
                kind,
                name,
                label,
                props,
            } => {
                let is_objective = decls.objectives.iter().any(|o| o.code.node == name.node);
                let Some(r) = decls.rules.iter_mut().find(|r| r.name.node == name.node) else {
                    // A common slip: `amend rule` on an objective's code.
                    if is_objective {
                        let help = format!(
                            "`{}` is an objective, not a {}: amend it with `amend objective {} {{ … }}`",
                            name.node,
                            kind.keyword(),
                            name.node
                        );
                        return self.missing_keyed(
                            file,
                            name,
                            kind.keyword(),
                            &help,
                            "E0305-rule-is-objective",
                        );
                    }
                    return self.missing(
                        file,
                        name,
                        kind.keyword(),
                        "to add a rule, declare it as usual in the new version",
                    );
                };
                if r.kind != *kind {
                    self.diags.push(
                        Diagnostic::error(
                            "E0305",
                            format!(
                                "`{}` is a {}, not a {}",
                                name.node,
                                r.kind.keyword(),
                                kind.keyword()
                            ),
                        )
                        .with_key("E0305-wrong-kind")
                        .with_arg("name", name.node.clone())
                        .with_arg("found", r.kind.keyword())
                        .with_arg("what", kind.keyword())
                        .with_label(file, name.span, "amended with the wrong keyword")
                        .with_label(r.file, r.name.span, "declared here"),
                    );
                    return;
                }
                if let Some(l) = label {
                    r.label = At::new(file, l.clone());
                }
                if let Some(props) = props {
                    let loops = loop_binders(self.ws, &r.logic);
                    apply_rule_amendment(file, r, props);
                    if loop_binders(self.ws, &r.logic).is_empty() {
                        for (binder, list) in loops {
                            self.dropped_loops.push(DroppedLoop {
                                file,
                                span,
                                binder,
                                list,
                            });
                        }
                    }
                }
            }
            Amend::Track {
                name,
                label,
                members,
            } => {
                let Some(index) = decls.tracks.iter().position(|t| t.name.node == name.node) else {
                    return self.missing(
                        file,
                        name,
                        "track",
                        "to add a track, declare it as usual in the new version",
                    );
                };
                if let Some(t) = decls.tracks.get_mut(index) {
                    if let Some(l) = label {
                        t.label = At::new(file, l.clone());
                    }
                    if let Some(ms) = members {
                        // Given metadata replaces the old metadata of the same kind.
                        let new_meta: Vec<_> = ms
                            .iter()
                            .filter_map(|m| match &m.node {
                                TrackMember::Meta(meta) => {
                                    Some(At::new(file, Node::new(meta.clone(), m.span)))
                                }
                                _ => None,
                            })
                            .collect();
                        replace_meta(&mut t.meta, new_meta);
                    }
                }
                if let Some(ms) = members {
                    let rest: Vec<_> = ms
                        .iter()
                        .filter(|m| !matches!(m.node, TrackMember::Meta(_)))
                        .cloned()
                        .collect();
                    self.track_members(file, index, &rest, decls);
                }
            }
        }
    }

    fn remove(&mut self, file: FileId, remove: &Remove, decls: &mut Declarations) {
        decls.seen = SeenNames::default();
        let name = &remove.name;
        let found = match remove.kind.node {
            DeclKind::Objective => {
                match decls
                    .objectives
                    .iter()
                    .position(|o| o.code.node == name.node && !is_removed(o))
                {
                    Some(i) => {
                        for t in &mut decls.tracks {
                            for s in &mut t.sections {
                                s.objectives.retain(|o| *o != i);
                            }
                        }
                        if let Some(o) = decls.objectives.get_mut(i) {
                            o.code.node = format!("\u{0}removed:{}", o.code.node);
                        }
                        true
                    }
                    None => false,
                }
            }
            DeclKind::Rule | DeclKind::Prerequisite => {
                remove_where(&mut decls.rules, |r| r.name.node == name.node)
            }
            DeclKind::Track => match decls.tracks.iter().position(|t| t.name.node == name.node) {
                Some(i) => {
                    // Its objectives go with it; later tracks' objectives keep their places.
                    let gone: Vec<usize> = decls.tracks[i]
                        .sections
                        .iter()
                        .flat_map(|s| s.objectives.iter().copied())
                        .collect();
                    for o in gone {
                        if let Some(def) = decls.objectives.get_mut(o) {
                            def.code.node = format!("\u{0}removed:{}", def.code.node);
                        }
                    }
                    decls.tracks.remove(i);
                    for o in decls.objectives.iter_mut() {
                        if let Some((t, s)) = o.track {
                            if t > i {
                                o.track = Some((t - 1, s));
                            }
                        }
                    }
                    true
                }
                None => false,
            },
            DeclKind::Table => remove_where(&mut decls.tables, |d| d.name.node == name.node),
            DeclKind::Function => remove_where(&mut decls.functions, |d| d.name.node == name.node),
            DeclKind::Value => remove_where(&mut decls.values, |d| d.name.node == name.node),
            DeclKind::Output => remove_where(&mut decls.outputs, |d| d.name.node == name.node),
            DeclKind::Document => remove_where(&mut decls.documents, |d| d.name.node == name.node),
            DeclKind::Record => remove_where(&mut decls.records, |d| d.name.node == name.node),
            DeclKind::Enum => remove_where(&mut decls.enums, |d| d.name.node == name.node),
        };
        if !found {
            self.missing(
                file,
                name,
                remove.kind.node.keyword(),
                "only what the amended version declares can be removed",
            );
        }
    }

    fn replace(
        &mut self,
        file: FileId,
        inner: &Node<ItemKind>,
        allows: Vec<At<Annotation>>,
        decls: &mut Declarations,
    ) {
        let span = inner.span;
        let Some(name) = inner.name().cloned() else {
            return;
        };
        macro_rules! swap {
            ($list:expr, $value:expr, $what:expr) => {{
                match $list.iter().position(|d| d.name.node == name.node) {
                    Some(i) => $list[i] = decl(file, span, &name, $value.clone(), allows),
                    None => self.missing(file, &name, $what, "`replace` changes a declaration of the amended version; declare new ones as usual"),
                }
            }};
        }
        match &inner.node {
            ItemKind::Document(d) => swap!(decls.documents, d, "document"),
            ItemKind::Enum(d) => swap!(decls.enums, d, "enum"),
            ItemKind::Record(d) => swap!(decls.records, d, "record"),
            ItemKind::Table(d) => swap!(decls.tables, d, "table"),
            ItemKind::Function(d) => swap!(decls.functions, d, "function"),
            ItemKind::Value(d) => swap!(decls.values, d, "value"),
            ItemKind::Output(d) => swap!(decls.outputs, d, "output"),
            ItemKind::Rule(r) => match decls.rules.iter().position(|d| d.name.node == name.node) {
                Some(i) => decls.rules[i] = lower_rule(file, span, r, allows),
                None => self.missing(
                    file,
                    &name,
                    r.kind.keyword(),
                    "`replace` changes a declaration of the amended version",
                ),
            },
            ItemKind::Objective(o) => match decls
                .objectives
                .iter()
                .position(|d| d.code.node == name.node && !is_removed(d))
            {
                Some(i) => {
                    let old = &decls.objectives[i];
                    let mut def = ObjectiveDef {
                        file,
                        span,
                        code: o.code.clone(),
                        label: At::new(file, o.label.clone()),
                        track: old.track,
                        theme: old.theme.clone(),
                        theme_name: old.theme_name.clone(),
                        meta: Vec::new(),
                        inherited_source: old.inherited_source.clone(),
                        scope: None,
                        evidence: Vec::new(),
                        achieved: None,
                        allows: o
                            .annotations
                            .iter()
                            .map(|a| At::new(file, a.clone()))
                            .collect(),
                    };
                    apply_objective_props(file, &mut def, o.props.as_deref().unwrap_or(&[]));
                    decls.objectives[i] = def;
                }
                None => self.missing(
                    file,
                    &name,
                    "objective",
                    "`replace` changes a declaration of the amended version",
                ),
            },
            ItemKind::Track(t) => {
                match decls.tracks.iter().position(|d| d.name.node == name.node) {
                    Some(i) => {
                        // Drop the old track's objectives, then declare the new one in its place.
                        let old: Vec<usize> = decls.tracks[i]
                            .sections
                            .iter()
                            .flat_map(|s| s.objectives.iter().copied())
                            .collect();
                        for o in old {
                            if let Some(def) = decls.objectives.get_mut(o) {
                                def.code.node = format!("\u{0}removed:{}", def.code.node);
                            }
                        }
                        decls.tracks[i] = TrackDef {
                            file,
                            span,
                            name: t.name.clone(),
                            label: At::new(file, t.label.clone()),
                            key: None,
                            meta: Vec::new(),
                            sections: Vec::new(),
                            allows,
                        };
                        self.track_members(file, i, &t.members, decls);
                    }
                    None => self.missing(
                        file,
                        &name,
                        "track",
                        "`replace` changes a declaration of the amended version",
                    ),
                }
            }
            _ => {}
        }
    }
}

/// Objectives removed by an amendment keep their slot (sections refer to objectives by index)
/// under a name no source text can spell.
pub fn is_removed(o: &ObjectiveDef) -> bool {
    o.code.node.starts_with('\u{0}')
}

fn remove_where<T>(list: &mut Vec<T>, pred: impl Fn(&T) -> bool) -> bool {
    let before = list.len();
    list.retain(|x| !pred(x));
    list.len() != before
}

fn find_decl<T>(list: &[Decl<T>], name: &str) -> Option<(FileId, Span)> {
    list.iter()
        .find(|d| d.name.node == name)
        .map(|d| (d.file, d.name.span))
}

fn decl<T>(file: FileId, span: Span, name: &Name, node: T, allows: Vec<At<Annotation>>) -> Decl<T> {
    Decl {
        file,
        span,
        name: name.clone(),
        node,
        allows,
    }
}

fn lower_rule(file: FileId, span: Span, r: &RuleDecl, allows: Vec<At<Annotation>>) -> RuleDef {
    let mut def = RuleDef {
        file,
        span,
        kind: r.kind,
        name: r.name.clone(),
        label: At::new(file, r.label.clone()),
        meta: Vec::new(),
        logic: Vec::new(),
        fix: None,
        allows,
    };
    apply_rule_amendment(file, &mut def, &r.props);
    def
}

fn apply_rule_amendment(file: FileId, r: &mut RuleDef, props: &[Node<RuleProp>]) {
    let logic: Vec<_> = props
        .iter()
        .filter(|p| {
            matches!(
                p.node,
                RuleProp::When(_)
                    | RuleProp::ForEach { .. }
                    | RuleProp::Let(_)
                    | RuleProp::Require(_)
            )
        })
        .map(|p| At::new(file, p.clone()))
        .collect();
    if !logic.is_empty() {
        r.logic = logic;
    }
    let meta: Vec<_> = props
        .iter()
        .filter_map(|p| match &p.node {
            RuleProp::Meta(m) => Some(At::new(file, Node::new(m.clone(), p.span))),
            _ => None,
        })
        .collect();
    replace_meta(&mut r.meta, meta);
    for p in props {
        if let RuleProp::Fix(text) = &p.node {
            r.fix = Some(At::new(file, text.clone()));
        }
    }
}

/// New sources replace the old sources, new notes the old notes.
fn replace_meta(old: &mut Vec<At<Meta>>, new: Vec<At<Meta>>) {
    let has_source = new.iter().any(|m| matches!(m.node.node, Meta::Source(_)));
    let has_note = new.iter().any(|m| matches!(m.node.node, Meta::Note(_)));
    old.retain(|m| match m.node.node {
        Meta::Source(_) => !has_source,
        Meta::Note(_) => !has_note,
    });
    old.extend(new);
}

fn apply_objective_props(file: FileId, o: &mut ObjectiveDef, props: &[Node<ObjectiveProp>]) {
    for p in props {
        match &p.node {
            ObjectiveProp::Meta(m) => o.meta.push(At::new(file, Node::new(m.clone(), p.span))),
            ObjectiveProp::Scope(s) => o.scope = Some(At::new(file, Node::new(s.clone(), p.span))),
            ObjectiveProp::Evidence(e) => {
                o.evidence.push(At::new(file, Node::new(e.clone(), p.span)))
            }
            ObjectiveProp::Achieved(e) => o.achieved = Some(At::new(file, e.clone())),
        }
    }
}

fn apply_objective_amendment(file: FileId, o: &mut ObjectiveDef, props: &[Node<ObjectiveProp>]) {
    let meta: Vec<_> = props
        .iter()
        .filter_map(|p| match &p.node {
            ObjectiveProp::Meta(m) => Some(At::new(file, Node::new(m.clone(), p.span))),
            _ => None,
        })
        .collect();
    replace_meta(&mut o.meta, meta);
    let evidence: Vec<_> = props
        .iter()
        .filter_map(|p| match &p.node {
            ObjectiveProp::Evidence(e) => Some(At::new(file, Node::new(e.clone(), p.span))),
            _ => None,
        })
        .collect();
    if !evidence.is_empty() {
        o.evidence = evidence;
    }
    for p in props {
        match &p.node {
            ObjectiveProp::Scope(s) => o.scope = Some(At::new(file, Node::new(s.clone(), p.span))),
            ObjectiveProp::Achieved(e) => o.achieved = Some(At::new(file, e.clone())),
            ObjectiveProp::Meta(_) | ObjectiveProp::Evidence(_) => {}
        }
    }
}
