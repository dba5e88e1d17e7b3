//! Moving a parsed tree along its file: every span of a subtree shifted by an offset, so that
//! declarations parsed once can be reused at another place after an edit above them
//! ([`crate::incremental`]). Generated from the shapes in `ast.rs`: a new node type needs its impl
//! here (the compiler says so where it is used).

use crate::ast::*;
use crate::span::{Node, Span};

pub trait Shift {
    fn shift(&mut self, by: usize);
}

impl Shift for Span {
    fn shift(&mut self, by: usize) {
        self.start += by;
        self.end += by;
        #[cfg(test)]
        tests::SEEN.with(|s| s.borrow_mut().push((self.start, self.end)));
    }
}

impl<T: Shift> Shift for Node<T> {
    fn shift(&mut self, by: usize) {
        self.span.shift(by);
        self.node.shift(by);
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, by: usize) {
        for x in self {
            x.shift(by);
        }
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, by: usize) {
        if let Some(x) = self {
            x.shift(by);
        }
    }
}

impl<T: Shift> Shift for Box<T> {
    fn shift(&mut self, by: usize) {
        (**self).shift(by);
    }
}

impl<A: Shift, B: Shift> Shift for (A, B) {
    fn shift(&mut self, by: usize) {
        self.0.shift(by);
        self.1.shift(by);
    }
}

macro_rules! leaf {
    ($($t:ty),*) => {
        $(impl Shift for $t {
            fn shift(&mut self, _: usize) {}
        })*
    };
}

leaf!(
    String,
    i64,
    usize,
    bool,
    rust_decimal::Decimal,
    jiff::civil::Date
);

impl Shift for File {
    fn shift(&mut self, by: usize) {
        self.items.shift(by);
    }
}

impl Shift for Item {
    fn shift(&mut self, by: usize) {
        self.annotations.shift(by);
        self.kind.shift(by);
    }
}

impl Shift for Annotation {
    fn shift(&mut self, by: usize) {
        self.lint.shift(by);
        self.reason.shift(by);
    }
}

impl Shift for ItemKind {
    fn shift(&mut self, by: usize) {
        match self {
            ItemKind::Policy(x0) => {
                x0.shift(by);
            }
            ItemKind::Include(x0) => {
                x0.shift(by);
            }
            ItemKind::Document(x0) => {
                x0.shift(by);
            }
            ItemKind::Enum(x0) => {
                x0.shift(by);
            }
            ItemKind::Record(x0) => {
                x0.shift(by);
            }
            ItemKind::Input(x0) => {
                x0.shift(by);
            }
            ItemKind::Track(x0) => {
                x0.shift(by);
            }
            ItemKind::Objective(x0) => {
                x0.shift(by);
            }
            ItemKind::Rule(x0) => {
                x0.shift(by);
            }
            ItemKind::Table(x0) => {
                x0.shift(by);
            }
            ItemKind::Function(x0) => {
                x0.shift(by);
            }
            ItemKind::Value(x0) => {
                x0.shift(by);
            }
            ItemKind::Output(x0) => {
                x0.shift(by);
            }
            ItemKind::Amend(x0) => {
                x0.shift(by);
            }
            ItemKind::Remove(x0) => {
                x0.shift(by);
            }
            ItemKind::Replace(x0) => {
                x0.shift(by);
            }
        }
    }
}

impl Shift for PolicyDecl {
    fn shift(&mut self, by: usize) {
        self.id.shift(by);
        self.title.shift(by);
        self.props.shift(by);
    }
}

impl Shift for PolicyProp {
    fn shift(&mut self, by: usize) {
        match self {
            PolicyProp::Version(x0) => {
                x0.shift(by);
            }
            PolicyProp::Amends(x0) => {
                x0.shift(by);
            }
            PolicyProp::InForce { from, until } => {
                from.shift(by);
                until.shift(by);
            }
            PolicyProp::Timezone(x0) => {
                x0.shift(by);
            }
            PolicyProp::Reference(x0) | PolicyProp::Identifier(x0) | PolicyProp::Decision(x0) => {
                x0.shift(by);
            }
            PolicyProp::ChosenObjectives(x0) => {
                x0.shift(by);
            }
            PolicyProp::Meta(x0) => {
                x0.shift(by);
            }
        }
    }
}

impl Shift for DocumentDecl {
    fn shift(&mut self, by: usize) {
        self.name.shift(by);
        self.title.shift(by);
    }
}

impl Shift for Meta {
    fn shift(&mut self, by: usize) {
        match self {
            Meta::Source(x0) => {
                x0.shift(by);
            }
            Meta::Note(x0) => {
                x0.shift(by);
            }
        }
    }
}

impl Shift for Source {
    fn shift(&mut self, by: usize) {
        self.document.shift(by);
        self.section.shift(by);
        self.detail.shift(by);
    }
}

impl Shift for EnumDecl {
    fn shift(&mut self, by: usize) {
        self.name.shift(by);
        self.label.shift(by);
        self.variants.shift(by);
    }
}

impl Shift for Variant {
    fn shift(&mut self, by: usize) {
        self.name.shift(by);
        self.label.shift(by);
    }
}

impl Shift for RecordDecl {
    fn shift(&mut self, by: usize) {
        self.name.shift(by);
        self.label.shift(by);
        self.fields.shift(by);
    }
}

impl Shift for FieldDecl {
    fn shift(&mut self, by: usize) {
        self.name.shift(by);
        self.ty.shift(by);
        self.bounds.shift(by);
        self.default.shift(by);
        self.label.shift(by);
    }
}

impl Shift for FieldBound {
    fn shift(&mut self, by: usize) {
        self.kind.shift(by);
        self.value.shift(by);
    }
}

impl Shift for TypeExpr {
    fn shift(&mut self, by: usize) {
        match self {
            TypeExpr::Named(x0) => {
                x0.shift(by);
            }
            TypeExpr::List(x0) => {
                x0.shift(by);
            }
            TypeExpr::Optional(x0) => {
                x0.shift(by);
            }
            TypeExpr::Record(x0) => {
                x0.shift(by);
            }
        }
    }
}

impl Shift for InputDecl {
    fn shift(&mut self, by: usize) {
        self.name.shift(by);
        self.ty.shift(by);
    }
}

impl Shift for TrackDecl {
    fn shift(&mut self, by: usize) {
        self.name.shift(by);
        self.label.shift(by);
        self.members.shift(by);
    }
}

impl Shift for TrackMember {
    fn shift(&mut self, by: usize) {
        match self {
            TrackMember::Key(x0) => {
                x0.shift(by);
            }
            TrackMember::Meta(x0) => {
                x0.shift(by);
            }
            TrackMember::Section(x0) => {
                x0.shift(by);
            }
        }
    }
}

impl Shift for Section {
    fn shift(&mut self, by: usize) {
        self.annotations.shift(by);
        self.kind.shift(by);
        self.members.shift(by);
    }
}

impl Shift for SectionKind {
    fn shift(&mut self, _: usize) {}
}

impl Shift for SectionMember {
    fn shift(&mut self, by: usize) {
        match self {
            SectionMember::Choose(x0) => {
                x0.shift(by);
            }
            SectionMember::Meta(x0) => {
                x0.shift(by);
            }
            SectionMember::Theme(x0) => {
                x0.shift(by);
            }
            SectionMember::Objective(x0) => {
                x0.shift(by);
            }
        }
    }
}

impl Shift for Bound {
    fn shift(&mut self, by: usize) {
        self.kind.shift(by);
        self.count.shift(by);
    }
}

impl Shift for BoundKind {
    fn shift(&mut self, _: usize) {}
}

impl Shift for Theme {
    fn shift(&mut self, by: usize) {
        self.name.shift(by);
        self.label.shift(by);
        self.members.shift(by);
    }
}

impl Shift for ThemeMember {
    fn shift(&mut self, by: usize) {
        match self {
            ThemeMember::Meta(x0) => {
                x0.shift(by);
            }
            ThemeMember::Objective(x0) => {
                x0.shift(by);
            }
        }
    }
}

impl Shift for ObjectiveDecl {
    fn shift(&mut self, by: usize) {
        self.annotations.shift(by);
        self.code.shift(by);
        self.label.shift(by);
        self.props.shift(by);
    }
}

impl Shift for ObjectiveProp {
    fn shift(&mut self, by: usize) {
        match self {
            ObjectiveProp::Meta(x0) => {
                x0.shift(by);
            }
            ObjectiveProp::Scope(x0) => {
                x0.shift(by);
            }
            ObjectiveProp::Evidence(x0) => {
                x0.shift(by);
            }
            ObjectiveProp::Achieved(x0) => {
                x0.shift(by);
            }
        }
    }
}

impl Shift for Scope {
    fn shift(&mut self, by: usize) {
        match self {
            Scope::Candidate => {}
            Scope::Each { binder, list } => {
                binder.shift(by);
                list.shift(by);
            }
        }
    }
}

impl Shift for Evidence {
    fn shift(&mut self, by: usize) {
        match self {
            Evidence::One(x0) => {
                x0.shift(by);
            }
            Evidence::AnyOf(x0) => {
                x0.shift(by);
            }
        }
    }
}

impl Shift for RuleKind {
    fn shift(&mut self, _: usize) {}
}

impl Shift for RuleDecl {
    fn shift(&mut self, by: usize) {
        self.kind.shift(by);
        self.name.shift(by);
        self.label.shift(by);
        self.props.shift(by);
    }
}

impl Shift for RuleProp {
    fn shift(&mut self, by: usize) {
        match self {
            RuleProp::Meta(x0) => {
                x0.shift(by);
            }
            RuleProp::When(x0) => {
                x0.shift(by);
            }
            RuleProp::ForEach { binder, list } => {
                binder.shift(by);
                list.shift(by);
            }
            RuleProp::Let(x0) => {
                x0.shift(by);
            }
            RuleProp::Require(x0) => {
                x0.shift(by);
            }
            RuleProp::Fix(x0) => {
                x0.shift(by);
            }
        }
    }
}

impl Shift for LetBinding {
    fn shift(&mut self, by: usize) {
        self.name.shift(by);
        self.value.shift(by);
    }
}

impl Shift for TableDecl {
    fn shift(&mut self, by: usize) {
        self.name.shift(by);
        self.label.shift(by);
        self.meta.shift(by);
        self.columns.shift(by);
        self.key_columns.shift(by);
        self.rows.shift(by);
    }
}

impl Shift for Cell {
    fn shift(&mut self, by: usize) {
        match self {
            Cell::Range { start, end } => {
                start.shift(by);
                end.shift(by);
            }
            Cell::Literal(x0) => {
                x0.shift(by);
            }
            Cell::Code(x0) => {
                x0.shift(by);
            }
            Cell::Name(x0) => {
                x0.shift(by);
            }
            Cell::Bounded { lower, name, upper } => {
                lower.shift(by);
                name.shift(by);
                upper.shift(by);
            }
        }
    }
}

impl Shift for RangeEnd {
    fn shift(&mut self, by: usize) {
        self.value.shift(by);
        self.inclusive.shift(by);
    }
}

impl Shift for FunctionDecl {
    fn shift(&mut self, by: usize) {
        self.name.shift(by);
        self.params.shift(by);
        self.ret.shift(by);
        self.label.shift(by);
        self.body.shift(by);
    }
}

impl Shift for Param {
    fn shift(&mut self, by: usize) {
        self.name.shift(by);
        self.ty.shift(by);
    }
}

impl Shift for ValueDecl {
    fn shift(&mut self, by: usize) {
        self.name.shift(by);
        self.ty.shift(by);
        self.label.shift(by);
        self.body.shift(by);
    }
}

impl Shift for OutputDecl {
    fn shift(&mut self, by: usize) {
        self.name.shift(by);
        self.ty.shift(by);
        self.label.shift(by);
        self.body.shift(by);
    }
}

impl Shift for Body {
    fn shift(&mut self, by: usize) {
        self.meta.shift(by);
        self.lets.shift(by);
        self.expr.shift(by);
    }
}

impl Shift for Amend {
    fn shift(&mut self, by: usize) {
        match self {
            Amend::Objective { code, label, props } => {
                code.shift(by);
                label.shift(by);
                props.shift(by);
            }
            Amend::Rule {
                kind,
                name,
                label,
                props,
            } => {
                kind.shift(by);
                name.shift(by);
                label.shift(by);
                props.shift(by);
            }
            Amend::Track {
                name,
                label,
                members,
            } => {
                name.shift(by);
                label.shift(by);
                members.shift(by);
            }
        }
    }
}

impl Shift for Remove {
    fn shift(&mut self, by: usize) {
        self.kind.shift(by);
        self.name.shift(by);
    }
}

impl Shift for DeclKind {
    fn shift(&mut self, _: usize) {}
}

impl Shift for Expr {
    fn shift(&mut self, by: usize) {
        match self {
            Expr::Missing => {}
            Expr::Lit(x0) => {
                x0.shift(by);
            }
            Expr::Name(x0) => {
                x0.shift(by);
            }
            Expr::Code(x0) => {
                x0.shift(by);
            }
            Expr::Field { base, field } => {
                base.shift(by);
                field.shift(by);
            }
            Expr::Call { func, args } => {
                func.shift(by);
                args.shift(by);
            }
            Expr::Comprehension {
                op,
                binder,
                source,
                filter,
                body,
            } => {
                op.shift(by);
                binder.shift(by);
                source.shift(by);
                filter.shift(by);
                body.shift(by);
            }
            Expr::Unary { op, expr } => {
                op.shift(by);
                expr.shift(by);
            }
            Expr::Binary { op, lhs, rhs } => {
                op.shift(by);
                lhs.shift(by);
                rhs.shift(by);
            }
            Expr::If { cond, then, els } => {
                cond.shift(by);
                then.shift(by);
                els.shift(by);
            }
            Expr::List(x0) => {
                x0.shift(by);
            }
            Expr::Record(x0) => {
                x0.shift(by);
            }
            Expr::Range { start, end } => {
                start.shift(by);
                end.shift(by);
            }
        }
    }
}

impl Shift for CompBody {
    fn shift(&mut self, by: usize) {
        match self {
            CompBody::Map(x0) => {
                x0.shift(by);
            }
            CompBody::Key(x0) => {
                x0.shift(by);
            }
        }
    }
}

impl Shift for RecordKey {
    fn shift(&mut self, by: usize) {
        match self {
            RecordKey::Name(x0) => {
                x0.shift(by);
            }
            RecordKey::Code(x0) => {
                x0.shift(by);
            }
            RecordKey::Text(x0) => {
                x0.shift(by);
            }
        }
    }
}

impl Shift for UnaryOp {
    fn shift(&mut self, _: usize) {}
}

impl Shift for BinaryOp {
    fn shift(&mut self, _: usize) {}
}

impl Shift for Literal {
    fn shift(&mut self, by: usize) {
        match self {
            Literal::Bool(x0) => {
                x0.shift(by);
            }
            Literal::Int(x0) => {
                x0.shift(by);
            }
            Literal::Decimal(x0) => {
                x0.shift(by);
            }
            Literal::Money(x0) => {
                x0.shift(by);
            }
            Literal::Percent(x0) => {
                x0.shift(by);
            }
            Literal::Duration { amount, unit } => {
                amount.shift(by);
                unit.shift(by);
            }
            Literal::Date(x0) => {
                x0.shift(by);
            }
            Literal::Instant(x0) => {
                x0.shift(by);
            }
            Literal::Text(x0) => {
                x0.shift(by);
            }
            Literal::Absent => {}
        }
    }
}

impl Shift for DurationUnit {
    fn shift(&mut self, _: usize) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    thread_local! {
        /// The spans a shift went through, in order (a test-only record).
        pub static SEEN: RefCell<Vec<(usize, usize)>> = const { RefCell::new(Vec::new()) };
    }

    fn spans(file: &mut File) -> Vec<(usize, usize)> {
        SEEN.with(|s| s.borrow_mut().clear());
        file.items.shift(0);
        SEEN.with(|s| s.borrow().clone())
    }

    /// Every `.care` file of the repository's policies and syntax fixtures.
    fn texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut out = Vec::new();
        for dir in [
            "policies/essms-poc",
            "tests/fixtures/syntax",
            "tests/fixtures/check",
        ] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "care") {
                    if let Ok(t) = std::fs::read_to_string(p) {
                        out.push(t); // (a fixture of bytes that are not UTF-8 is not text)
                    }
                }
            }
        }
        assert!(out.len() > 20);
        out
    }

    #[test]
    fn reusing_pieces_gives_the_tree_of_a_full_parse() {
        for text in texts() {
            let mut full = crate::parse(&text, crate::FileId(0));
            let (fresh, reuse) = crate::parse_reusing(&text, crate::FileId(0), &Default::default());
            let mut fresh = fresh;
            assert_eq!(fresh.file, full.file);
            assert_eq!(fresh.errors, full.errors);
            assert_eq!(spans(&mut fresh.file), spans(&mut full.file));
            // After an edit above every declaration, the reused ones are moved along.
            let edited = format!("// une ligne de plus\n\n{text}");
            let (mut again, _) = crate::parse_reusing(&edited, crate::FileId(0), &reuse);
            let mut full = crate::parse(&edited, crate::FileId(0));
            assert_eq!(again.file, full.file);
            assert_eq!(again.errors, full.errors);
            assert_eq!(spans(&mut again.file), spans(&mut full.file));
        }
    }
}
