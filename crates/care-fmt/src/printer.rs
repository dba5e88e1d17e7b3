//! Declarations to lines: one [`Line`] per line of output, each with the source range it prints,
//! so that [`crate::layout`] can put the comments back.

use crate::expr::{
    call_arg_precedence, cell, literal, operand_precedences, precedence, print_prec, quote,
    type_expr, IF_BRANCH_PRECEDENCE,
};
use crate::layout::{Line, LineKind, INDENT};
use care_syntax::ast::*;
use care_syntax::lex::Comment;
use care_syntax::{Node, Span};

/// Lines longer than this (in characters, indentation included) are broken where the
/// expression allows it: see [`Printer::broken`].
pub(crate) const MAX_WIDTH: usize = 100;

pub(crate) struct Printer<'a> {
    source: &'a str,
    comments: &'a [Comment],
    pub lines: Vec<Line>,
}

impl<'a> Printer<'a> {
    pub fn new(source: &'a str, comments: &'a [Comment]) -> Self {
        Printer {
            source,
            comments,
            lines: Vec::new(),
        }
    }

    fn push(&mut self, indent: usize, text: String, start: usize, end: usize, kind: LineKind) {
        let end = self.content_end(start, end);
        self.lines.push(Line {
            indent,
            text,
            start,
            end,
            kind,
            top: false,
        });
    }

    /// A line printing the whole of `span`.
    fn line(&mut self, indent: usize, text: String, span: Span) {
        self.push(indent, text, span.start, span.end, LineKind::Plain);
    }

    /// The end of what a span holds, without the white space and comments that the parser's
    /// spans sometimes take in after it (a rule ending in an optional part does).
    fn content_end(&self, start: usize, end: usize) -> usize {
        let mut end = end.min(self.source.len());
        loop {
            let trimmed = self
                .source
                .get(start..end)
                .map_or(0, |s| s.trim_end().len());
            end = start + trimmed;
            let i = self.comments.partition_point(|c| c.span.end < end);
            match self.comments.get(i) {
                Some(c) if c.span.end == end && c.span.start >= start => end = c.span.start,
                _ => return end,
            }
        }
    }

    /// The first offset at or after `from` that is neither white space nor a comment.
    fn skip_trivia(&self, from: usize) -> usize {
        let bytes = self.source.as_bytes();
        let mut i = from;
        while i < bytes.len() {
            match bytes[i] {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    i = care_syntax::lex::line_end(self.source, i);
                }
                _ => break,
            }
        }
        i
    }

    /// Where a declaration's keyword is, after the annotations written before it.
    fn after_annotations(&self, start: usize, annotations: &[Node<Annotation>]) -> usize {
        match annotations.last() {
            Some(a) => self.skip_trivia(a.span.end),
            None => start,
        }
    }

    /// Comments that start strictly between two offsets.
    fn comments_between(&self, start: usize, end: usize) -> &[Comment] {
        let from = self.comments.partition_point(|c| c.span.start <= start);
        let to = self.comments.partition_point(|c| c.span.start < end);
        self.comments.get(from..to.max(from)).unwrap_or_default()
    }

    fn own_line_comment_within(&self, start: usize, end: usize) -> bool {
        self.comments_between(start, end).iter().any(|c| c.own_line)
    }

    /// `header {`, the members, `}`; or `header {}` when there are no members and no comment
    /// on a line of its own inside the braces. `span` runs from the header to the closing brace
    /// included.
    fn block(
        &mut self,
        indent: usize,
        header: String,
        span: Span,
        empty: bool,
        members: impl FnOnce(&mut Self),
    ) {
        let span = Span::new(span.start, self.content_end(span.start, span.end));
        let close = span.end.saturating_sub(1).max(span.start);
        if empty && !self.own_line_comment_within(span.start, close) {
            self.push(
                indent,
                format!("{header} {{}}"),
                span.start,
                span.end,
                LineKind::Plain,
            );
            return;
        }
        self.push(
            indent,
            format!("{header} {{"),
            span.start,
            span.start,
            LineKind::Open,
        );
        members(self);
        self.push(indent, "}".to_string(), close, span.end, LineKind::Close);
    }

    // -----------------------------------------------------------------------------------------
    // Items

    pub fn file(&mut self, file: &File) {
        for item in &file.items {
            let first = self.lines.len();
            self.item(item);
            if let Some(line) = self.lines.get_mut(first) {
                line.top = true;
            }
        }
    }

    fn annotation_lines(&mut self, indent: usize, annotations: &[Node<Annotation>]) {
        for a in annotations {
            self.push(
                indent,
                annotation(a),
                a.span.start,
                a.span.end,
                LineKind::Annotation,
            );
        }
    }

    fn item(&mut self, item: &Node<Item>) {
        self.annotation_lines(0, &item.annotations);
        let start = self.after_annotations(item.span.start, &item.annotations);
        self.item_kind(0, "", &item.kind, Span::new(start, item.span.end));
    }

    /// A declaration whose header starts with `prefix` (`replace `, or nothing), at `span`
    /// (from its keyword to its end).
    fn item_kind(&mut self, indent: usize, prefix: &str, kind: &ItemKind, span: Span) {
        match kind {
            ItemKind::Policy(p) => {
                let header = format!("{prefix}policy {} {}", p.id.node, quote(&p.title));
                self.block(indent, header, span, p.props.is_empty(), |s| {
                    for prop in &p.props {
                        s.policy_prop(indent + 1, prop);
                    }
                });
            }
            ItemKind::Include(path) => {
                self.line(indent, format!("{prefix}include {}", quote(path)), span)
            }
            ItemKind::Document(d) => self.line(
                indent,
                format!("{prefix}document {} {}", d.name.node, quote(&d.title)),
                span,
            ),
            ItemKind::Enum(e) => {
                let header = format!("{prefix}enum {}{}", e.name.node, opt_label(&e.label));
                self.block(indent, header, span, e.variants.is_empty(), |s| {
                    for v in &e.variants {
                        s.line(
                            indent + 1,
                            format!("{}{}", v.name.node, opt_label(&v.label)),
                            v.span,
                        );
                    }
                });
            }
            ItemKind::Record(r) => {
                let header = format!("{prefix}record {}{}", r.name.node, opt_label(&r.label));
                self.block(indent, header, span, r.fields.is_empty(), |s| {
                    for f in &r.fields {
                        let mut text = format!("{}: {}", f.name.node, type_expr(&f.ty));
                        for b in &f.bounds {
                            text.push(' ');
                            text.push_str(b.kind.keyword());
                            text.push(' ');
                            text.push_str(&literal(&b.value));
                        }
                        if let Some(d) = &f.default {
                            text.push_str(" = ");
                            text.push_str(&print_prec(d, 0));
                        }
                        text.push_str(&opt_label(&f.label));
                        s.line(indent + 1, text, f.span);
                    }
                });
            }
            ItemKind::Input(i) => self.line(
                indent,
                format!("{prefix}input {}: {}", i.name.node, type_expr(&i.ty)),
                span,
            ),
            ItemKind::Track(t) => {
                let header = format!("{prefix}track {} {}", t.name.node, quote(&t.label));
                self.block(indent, header, span, t.members.is_empty(), |s| {
                    s.track_members(indent + 1, &t.members);
                });
            }
            ItemKind::Objective(o) => self.objective(indent, prefix, o, span),
            ItemKind::Rule(r) => {
                let header = format!(
                    "{prefix}{} {} {}",
                    r.kind.keyword(),
                    r.name.node,
                    quote(&r.label)
                );
                self.block(indent, header, span, r.props.is_empty(), |s| {
                    s.rule_props(indent + 1, &r.props);
                });
            }
            ItemKind::Table(t) => self.table(indent, prefix, t, span),
            ItemKind::Function(f) => {
                let params: Vec<String> = f
                    .params
                    .iter()
                    .map(|p| format!("{}: {}", p.name.node, type_expr(&p.ty)))
                    .collect();
                let header = format!(
                    "{prefix}function {}({}): {}{}",
                    f.name.node,
                    params.join(", "),
                    type_expr(&f.ret),
                    opt_label(&f.label)
                );
                self.body(indent, header, span, &f.body);
            }
            ItemKind::Value(v) => {
                let ty =
                    v.ty.as_ref()
                        .map(|t| format!(": {}", type_expr(t)))
                        .unwrap_or_default();
                let header = format!("{prefix}value {}{ty}{}", v.name.node, opt_label(&v.label));
                self.body(indent, header, span, &v.body);
            }
            ItemKind::Output(o) => {
                let ty =
                    o.ty.as_ref()
                        .map(|t| format!(": {}", type_expr(t)))
                        .unwrap_or_default();
                let header = format!("{prefix}output {}{ty}{}", o.name.node, opt_label(&o.label));
                self.body(indent, header, span, &o.body);
            }
            ItemKind::Amend(a) => self.amend(indent, prefix, a, span),
            ItemKind::Remove(r) => self.line(
                indent,
                format!("{prefix}remove {} {}", r.kind.keyword(), r.name.node),
                span,
            ),
            ItemKind::Replace(inner) => {
                let prefix = format!("{prefix}replace ");
                self.item_kind(indent, &prefix, &inner.node, span);
            }
        }
    }

    fn policy_prop(&mut self, indent: usize, prop: &Node<PolicyProp>) {
        let text = match &prop.node {
            PolicyProp::Version(d) => format!("version {}", d.node),
            PolicyProp::Amends(d) => format!("amends {}", d.node),
            PolicyProp::InForce { from, until } => match until {
                Some(until) => format!("in_force from {} until {}", from.node, until.node),
                None => format!("in_force from {}", from.node),
            },
            PolicyProp::Timezone(tz) => format!("timezone {}", quote(tz)),
            PolicyProp::Reference(e) => return self.expr_lines(indent, "reference ", e, prop.span),
            PolicyProp::Identifier(e) => {
                return self.expr_lines(indent, "identifier ", e, prop.span)
            }
            PolicyProp::Decision(e) => return self.expr_lines(indent, "decision ", e, prop.span),
            PolicyProp::ChosenObjectives(e) => {
                return self.expr_lines(indent, "chosen_objectives ", e, prop.span)
            }
            PolicyProp::Meta(m) => meta(m),
        };
        self.line(indent, text, prop.span);
    }

    // -----------------------------------------------------------------------------------------
    // Tracks and objectives

    fn track_members(&mut self, indent: usize, members: &[Node<TrackMember>]) {
        for m in members {
            match &m.node {
                TrackMember::Key(k) => self.line(indent, format!("key {}", k.node), m.span),
                TrackMember::Meta(x) => self.line(indent, meta(x), m.span),
                TrackMember::Section(section) => self.section(indent, section, m.span),
            }
        }
    }

    fn section(&mut self, indent: usize, section: &Section, span: Span) {
        self.annotation_lines(indent, &section.annotations);
        let span = Span::new(section.kind.span.start, span.end);
        let header = section.kind.node.keyword().to_string();
        self.block(indent, header, span, section.members.is_empty(), |s| {
            for m in &section.members {
                match &m.node {
                    SectionMember::Choose(bounds) => {
                        let bounds: Vec<String> = bounds
                            .iter()
                            .map(|b| format!("{} {}", b.kind.keyword(), b.count.node))
                            .collect();
                        s.line(indent + 1, format!("choose {}", bounds.join(" ")), m.span);
                    }
                    SectionMember::Meta(x) => s.line(indent + 1, meta(x), m.span),
                    SectionMember::Theme(theme) => s.theme(indent + 1, theme, m.span),
                    SectionMember::Objective(o) => s.objective(indent + 1, "", o, m.span),
                }
            }
        });
    }

    fn theme(&mut self, indent: usize, theme: &Theme, span: Span) {
        let header = match &theme.name {
            Some(name) => format!("theme {} {}", name.node, quote(&theme.label)),
            None => format!("theme {}", quote(&theme.label)),
        };
        self.block(indent, header, span, theme.members.is_empty(), |s| {
            for m in &theme.members {
                match &m.node {
                    ThemeMember::Meta(x) => s.line(indent + 1, meta(x), m.span),
                    ThemeMember::Objective(o) => s.objective(indent + 1, "", o, m.span),
                }
            }
        });
    }

    /// An objective at `span` (its annotations included). Its annotations go on lines of their
    /// own, or after the prefix when there is one (`replace @allow(…) objective …`).
    fn objective(&mut self, indent: usize, prefix: &str, o: &ObjectiveDecl, span: Span) {
        let mut prefix = prefix.to_string();
        if prefix.is_empty() {
            self.annotation_lines(indent, &o.annotations);
        } else {
            for a in &o.annotations {
                prefix.push_str(&annotation(a));
                prefix.push(' ');
            }
        }
        let start = if prefix.is_empty() {
            self.after_annotations(span.start, &o.annotations)
        } else {
            span.start
        };
        let span = Span::new(start, span.end);
        let header = format!("{prefix}objective {} {}", o.code.node, quote(&o.label));
        self.objective_props(indent, header, span, o.props.as_deref());
    }

    fn objective_props(
        &mut self,
        indent: usize,
        header: String,
        span: Span,
        props: Option<&[Node<ObjectiveProp>]>,
    ) {
        let Some(props) = props else {
            self.line(indent, header, span);
            return;
        };
        self.block(indent, header, span, props.is_empty(), |s| {
            for p in props {
                s.objective_prop(indent + 1, p);
            }
        });
    }

    fn objective_prop(&mut self, indent: usize, prop: &Node<ObjectiveProp>) {
        let text = match &prop.node {
            ObjectiveProp::Meta(m) => meta(m),
            ObjectiveProp::Scope(Scope::Candidate) => "scope candidate".to_string(),
            ObjectiveProp::Scope(Scope::Each { binder, list }) => {
                let prefix = format!("scope each {} in ", binder.node);
                return self.expr_lines(indent, &prefix, list, prop.span);
            }
            ObjectiveProp::Evidence(Evidence::One(t)) => format!("evidence {}", quote(t)),
            ObjectiveProp::Evidence(Evidence::AnyOf(items)) => {
                let texts: Vec<String> = items.iter().map(|t| quote(t)).collect();
                let flat = format!("evidence any_of {{ {} }}", texts.join(", "));
                let end = self.content_end(prop.span.start, prop.span.end);
                let commented = !self.comments_between(prop.span.start, end).is_empty();
                if fits(indent, &flat) && !commented {
                    flat
                } else {
                    // One piece of evidence per line, as a block (which keeps the comments
                    // between them in place).
                    let last = texts.len().saturating_sub(1);
                    self.block(
                        indent,
                        "evidence any_of".to_string(),
                        prop.span,
                        false,
                        |s| {
                            for (i, (text, item)) in texts.into_iter().zip(items).enumerate() {
                                let text = if i < last { format!("{text},") } else { text };
                                s.line(indent + 1, text, item.span);
                            }
                        },
                    );
                    return;
                }
            }
            ObjectiveProp::Achieved(e) => {
                return self.expr_lines(indent, "achieved when ", e, prop.span)
            }
        };
        self.line(indent, text, prop.span);
    }

    // -----------------------------------------------------------------------------------------
    // Rules

    fn rule_props(&mut self, indent: usize, props: &[Node<RuleProp>]) {
        for p in props {
            match &p.node {
                RuleProp::Meta(m) => self.line(indent, meta(m), p.span),
                RuleProp::When(e) => self.expr_lines(indent, "when ", e, p.span),
                RuleProp::ForEach { binder, list } => {
                    let prefix = format!("for each {} in ", binder.node);
                    self.expr_lines(indent, &prefix, list, p.span);
                }
                RuleProp::Let(l) => {
                    let prefix = format!("let {} = ", l.name.node);
                    self.expr_lines(indent, &prefix, &l.value, p.span);
                }
                RuleProp::Require(e) => self.expr_lines(indent, "require ", e, p.span),
                RuleProp::Fix(t) => self.line(indent, format!("fix {}", quote(t)), p.span),
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Tables

    fn table(&mut self, indent: usize, prefix: &str, t: &TableDecl, span: Span) {
        let header = format!("{prefix}table {}{}", t.name.node, opt_label(&t.label));
        // The grammar requires a header row, so a table is never an empty block.
        self.block(indent, header, span, false, |s| {
            for m in &t.meta {
                s.line(indent + 1, meta(m), m.span);
            }
            let head: Vec<String> = t.columns.iter().map(|c| c.node.clone()).collect();
            let rows: Vec<Vec<String>> = t
                .rows
                .iter()
                .map(|r| r.node.iter().map(|c| cell(c)).collect())
                .collect();
            let mut widths: Vec<usize> = Vec::new();
            for row in std::iter::once(&head).chain(&rows) {
                for (i, text) in row.iter().enumerate() {
                    let w = text.chars().count();
                    match widths.get_mut(i) {
                        Some(max) => *max = (*max).max(w),
                        None => widths.push(w),
                    }
                }
            }
            let head_span = match (t.columns.first(), t.columns.last()) {
                (Some(first), Some(last)) => Span::new(first.span.start, last.span.end),
                _ => Span::new(span.start, span.start),
            };
            // Two key columns end at `||`, in the header and in every row.
            let keys = if t.key_columns > 1 { t.key_columns } else { 0 };
            s.line(indent + 1, table_row(&head, &widths, keys), head_span);
            for (row, node) in rows.iter().zip(&t.rows) {
                s.line(indent + 1, table_row(row, &widths, keys), node.span);
            }
        });
    }

    // -----------------------------------------------------------------------------------------
    // Functions, values, outputs

    /// `header {` meta, lets, expression `}`; `span` runs from the header to the body's end.
    fn body(&mut self, indent: usize, header: String, span: Span, body: &Node<Body>) {
        let span = Span::new(span.start, body.span.end);
        let inner = indent + 1;
        self.block(indent, header, span, false, |s| {
            for m in &body.meta {
                s.line(inner, meta(m), m.span);
            }
            let expr = &body.expr;
            let flat = print_prec(expr, 0);
            // A body is `lets expr` with nothing between them: an expression starting with `-`
            // or `(` would continue the last `let` (`let a = b` then `-c` reads `b - c`, and
            // `b (c)` a call), and a text right after a `source` without detail would be read
            // as that detail. Parentheses keep them apart.
            let after_let =
                !body.lets.is_empty() && (flat.starts_with('-') || flat.starts_with('('));
            let after_source = body.lets.is_empty()
                && flat.starts_with('"')
                && matches!(
                    body.meta.last().map(|m| &m.node),
                    Some(Meta::Source(Source { detail: None, .. }))
                );
            let last_let = body.lets.len().saturating_sub(1);
            for (i, l) in body.lets.iter().enumerate() {
                let prefix = format!("let {} = ", l.name.node);
                if after_let && i == last_let {
                    let value = format!("{prefix}({})", print_prec(&l.value, 0));
                    s.line(inner, value, l.span);
                } else {
                    s.expr_lines(inner, &prefix, &l.value, l.span);
                }
            }
            if (after_let && flat.starts_with('-')) || after_source {
                s.line(inner, format!("({flat})"), expr.span);
            } else {
                s.expr_lines(inner, "", expr, expr.span);
            }
        });
    }

    // -----------------------------------------------------------------------------------------
    // Amendments

    fn amend(&mut self, indent: usize, prefix: &str, amend: &Amend, span: Span) {
        match amend {
            Amend::Objective { code, label, props } => {
                let header = format!("{prefix}amend objective {}{}", code.node, opt_label(label));
                self.objective_props(indent, header, span, props.as_deref());
            }
            Amend::Rule {
                kind,
                name,
                label,
                props,
            } => {
                let header = format!(
                    "{prefix}amend {} {}{}",
                    kind.keyword(),
                    name.node,
                    opt_label(label)
                );
                match props {
                    None => self.line(indent, header, span),
                    Some(props) => self.block(indent, header, span, props.is_empty(), |s| {
                        s.rule_props(indent + 1, props);
                    }),
                }
            }
            Amend::Track {
                name,
                label,
                members,
            } => {
                let header = format!("{prefix}amend track {}{}", name.node, opt_label(label));
                match members {
                    None => self.line(indent, header, span),
                    Some(members) => self.block(indent, header, span, members.is_empty(), |s| {
                        s.track_members(indent + 1, members);
                    }),
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Expressions over lines

    /// `prefix` then the expression, starting a line at `indent` (see [`Printer::broken`]).
    fn expr_lines(&mut self, indent: usize, prefix: &str, expr: &Node<Expr>, span: Span) {
        self.broken(
            Indents {
                first: indent,
                rest: indent + 1,
            },
            prefix.to_string(),
            expr,
            0,
            Span::new(span.start, span.end.max(expr.span.end)),
            LineKind::Plain,
        );
    }

    /// `prefix` then the expression, on one line when it fits in [`MAX_WIDTH`] (and no comment
    /// sits between its parts). Otherwise, depending on what the expression is:
    /// - a chain of `and` or of `or`: broken before each operator, continuation lines one level
    ///   deeper (`at.rest`), operands broken in turn if they need it;
    /// - `if`: broken before `then` and `else`;
    /// - a list or a call: one item per line, one level deeper, then `]` or `)`;
    /// - a comprehension: what is inside its parentheses on a line of its own, one level deeper.
    ///
    /// Anything else stays on one line, however long.
    fn broken(
        &mut self,
        at: Indents,
        prefix: String,
        expr: &Node<Expr>,
        min: u8,
        span: Span,
        kind: LineKind,
    ) {
        let flat = format!("{prefix}{}", print_prec(expr, min));
        // A comment between the parts of a chain or of an `if` keeps it broken, each part on
        // its own line with its comments. (One inside the last part would end up after the
        // expression, and is not counted: the layout must not depend on where it was.)
        let last_part = match &expr.node {
            Expr::Binary { op, .. } if matches!(op, BinaryOp::And | BinaryOp::Or) => {
                chain(expr, *op).last().map(|e| e.span.start)
            }
            Expr::If { els, .. } => Some(els.span.start),
            Expr::List(items) | Expr::Call { args: items, .. } => {
                items.last().map(|e| e.span.start)
            }
            _ => None,
        };
        let commented =
            last_part.is_some_and(|end| !self.comments_between(expr.span.start, end).is_empty());
        if (fits(at.first, &flat) && !commented) || precedence(expr) < min {
            self.push(at.first, flat, span.start, span.end, kind);
            return;
        }
        match &expr.node {
            Expr::Binary { op, .. } if matches!(op, BinaryOp::And | BinaryOp::Or) => {
                let op = *op;
                let operands = chain(expr, op);
                let (first_min, rest_min) = operand_precedences(op);
                let deeper = Indents {
                    first: at.first,
                    rest: at.rest + 1,
                };
                let Some((first, rest)) = operands.split_first() else {
                    return;
                };
                self.broken(
                    deeper,
                    prefix,
                    first,
                    first_min,
                    Span::new(span.start, first.span.end),
                    kind,
                );
                for operand in rest {
                    self.broken(
                        Indents {
                            first: at.rest,
                            rest: at.rest + 1,
                        },
                        format!("{} ", op.symbol()),
                        operand,
                        rest_min,
                        operand.span,
                        LineKind::Continuation,
                    );
                }
            }
            Expr::If { cond, then, els } => {
                let deeper = Indents {
                    first: at.first,
                    rest: at.rest + 1,
                };
                self.broken(
                    deeper,
                    format!("{prefix}if "),
                    cond,
                    IF_BRANCH_PRECEDENCE,
                    Span::new(span.start, cond.span.end),
                    kind,
                );
                let branch = Indents {
                    first: at.rest,
                    rest: at.rest + 1,
                };
                self.broken(
                    branch,
                    "then ".to_string(),
                    then,
                    IF_BRANCH_PRECEDENCE,
                    then.span,
                    LineKind::Continuation,
                );
                self.broken(
                    branch,
                    "else ".to_string(),
                    els,
                    0,
                    Span::new(els.span.start, span.end.max(els.span.end)),
                    LineKind::Continuation,
                );
            }
            Expr::List(items) if !items.is_empty() => {
                let group = Brackets {
                    open: format!("{prefix}["),
                    items,
                    close: "]",
                    item_min: |_| 0,
                };
                self.delimited(at, group, span, kind);
            }
            Expr::Call { func, args } if !args.is_empty() => {
                let open = format!("{prefix}{}(", func.node);
                let group = Brackets {
                    open,
                    items: args,
                    close: ")",
                    item_min: call_arg_precedence,
                };
                self.delimited(at, group, span, kind);
            }
            Expr::Comprehension { op, binder, .. } => {
                // `op(` then what is inside the parentheses on a line of its own, then `)`.
                let inside = flat
                    .get(prefix.len() + op.node.len() + 1..flat.len().saturating_sub(1))
                    .unwrap_or_default()
                    .to_string();
                self.push(
                    at.first,
                    format!("{prefix}{}(", op.node),
                    span.start,
                    span.start,
                    open_kind(kind),
                );
                let close = self.content_end(span.start, span.end).saturating_sub(1);
                self.push(
                    at.first + 1,
                    inside,
                    binder.span.start,
                    close,
                    LineKind::Continuation,
                );
                self.push(at.first, ")".to_string(), close, span.end, LineKind::Close);
            }
            _ => self.push(at.first, flat, span.start, span.end, kind),
        }
    }

    /// `open`, then one item per line one level deeper (each followed by a comma, which lists
    /// and calls allow after their last item too), then `close` at the indentation of the
    /// first line.
    fn delimited(&mut self, at: Indents, group: Brackets, span: Span, kind: LineKind) {
        let Brackets {
            open,
            items,
            close,
            item_min,
        } = group;
        self.push(at.first, open, span.start, span.start, open_kind(kind));
        for item in items {
            self.broken(
                Indents {
                    first: at.first + 1,
                    rest: at.first + 2,
                },
                String::new(),
                item,
                item_min(item),
                item.span,
                LineKind::Continuation,
            );
            if let Some(last) = self.lines.last_mut() {
                last.text.push(',');
            }
        }
        let end = self.content_end(span.start, span.end);
        let close_at = end.saturating_sub(1).max(span.start);
        self.push(at.first, close.to_string(), close_at, end, LineKind::Close);
    }
}

/// The kind of a line that opens a bracket: glued to what follows, and a continuation if the
/// line it replaces was one.
fn open_kind(kind: LineKind) -> LineKind {
    match kind {
        LineKind::Continuation => LineKind::Continuation,
        _ => LineKind::Open,
    }
}

/// A list or the arguments of a call, to print one item per line.
struct Brackets<'e> {
    /// The first line, up to the opening bracket included.
    open: String,
    items: &'e [Node<Expr>],
    close: &'static str,
    /// The strength each item's position needs.
    item_min: fn(&Expr) -> u8,
}

/// Indentation of the first line of an expression and of the lines it continues on.
#[derive(Clone, Copy)]
struct Indents {
    first: usize,
    rest: usize,
}

fn fits(indent: usize, text: &str) -> bool {
    indent * INDENT.len() + text.chars().count() <= MAX_WIDTH
}

/// The operands of a chain `a op b op c` (left-associated by the parser), in order.
fn chain(expr: &Node<Expr>, op: BinaryOp) -> Vec<&Node<Expr>> {
    let mut rights = Vec::new();
    let mut current = expr;
    while let Expr::Binary { op: o, lhs, rhs } = &current.node {
        if *o != op {
            break;
        }
        rights.push(rhs.as_ref());
        current = lhs;
    }
    rights.push(current);
    rights.reverse();
    rights
}

fn annotation(a: &Annotation) -> String {
    format!("@allow({}, {})", a.lint.node, quote(&a.reason))
}

fn opt_label(label: &Option<Text>) -> String {
    label
        .as_ref()
        .map(|l| format!(" {}", quote(l)))
        .unwrap_or_default()
}

fn meta(m: &Meta) -> String {
    match m {
        Meta::Note(t) => format!("note {}", quote(t)),
        Meta::Source(s) => {
            let mut text = format!("source {}", s.document.node);
            if let Some(section) = &s.section {
                text.push(' ');
                text.push_str(section);
            }
            if let Some(detail) = &s.detail {
                text.push(' ');
                text.push_str(&quote(detail));
            }
            text
        }
    }
}

/// `| a | b |`; with `keys` > 0, the bar after the last key column is doubled.
fn table_row(cells: &[String], widths: &[usize], keys: usize) -> String {
    let mut text = String::from("|");
    for (i, c) in cells.iter().enumerate() {
        let width = widths.get(i).copied().unwrap_or(0);
        let pad = width.saturating_sub(c.chars().count());
        text.push(' ');
        text.push_str(c);
        text.extend(std::iter::repeat_n(' ', pad));
        text.push_str(if keys > 0 && i + 1 == keys {
            " ||"
        } else {
            " |"
        });
    }
    text
}
