//! The evaluator: a walk over the checked expressions with a flat frame of local slots and
//! per-dossier memo tables for values, outputs, rules and objectives. A machine is reused from
//! one dossier to the next, so evaluating allocates only what the policy's own lists need.

use super::compiled::RuleCode;
use super::error::{EvalError, EvalResult};
use super::ops;
use super::program::{constant, Program};
use super::trace::{Event, Item, Record, Side, Test, Trace};
use crate::value::Value;
use care_check::ir::{self, Builtin, CompOp, Expr, ExprKind, RuleStep, TrackField};
use care_check::model::InputSchema;
use care_check::types::Type;
use care_syntax::ast::BinaryOp;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// The two kinds of memoised declaration.
#[derive(Clone, Copy)]
enum Memo {
    Value,
    Output,
}

/// The outcome of a rule for one dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Passed,
    Failed,
    /// Its `when` condition did not hold.
    NotApplicable,
}

pub struct Machine<'p> {
    pub(crate) prog: &'p Program,
    pub(super) input: Value,
    /// The local slots: the frames in use are `locals[..top]`, the current one from `fp`. The
    /// slots past `top` are kept with whatever they last held (a frame's slots are written
    /// before they are read), so that making a frame and leaving it are a few stores rather
    /// than a push and a drop a slot; [`Machine::reset`] empties them all.
    pub(super) locals: Vec<Slot>,
    pub(super) top: usize,
    pub(super) fp: usize,
    /// The loop-invariant lookups of the compiled form, by site (`compiled/hoist.rs`).
    pub(super) hoisted: Vec<Option<Value>>,
    /// The values of the expressions written more than once, with the steps each took, kept
    /// for the dossier (`compiled/shared.rs`).
    pub(super) shared: Vec<Option<(Value, u64)>>,
    /// The items of the lists that compiled `list(…)` comprehensions are building, innermost
    /// last (`compiled/loops.rs`): each list is then made in one allocation of its exact size,
    /// rather than a growing vector copied into the list at the end.
    pub(super) building: Vec<Value>,
    /// The empty list, made once for the machine: a comprehension that keeps no item gives it
    /// (the machine's own, so that workers do not share its count).
    pub(super) empty_list: std::sync::Arc<[Value]>,
    values: Vec<Option<Value>>,
    outputs: Vec<Option<Value>>,
    rules: Vec<Option<Status>>,
    objectives: Vec<Option<bool>>,
    pub(crate) trace: Option<Box<Trace>>,
    /// A trace given back once written ([`Machine::recycle`]), for the next explanation.
    spare: Option<Box<Trace>>,
    /// The lists of an evaluation given back once read ([`Machine::recycle`]), empty, for the
    /// next dossier's results: two allocations a dossier fewer.
    pub(super) spare_outputs: Vec<Value>,
    pub(super) spare_rules: Vec<Status>,
    /// Whether explanations record rules' tests and `let`s (the human reports' detail).
    detail: bool,
    /// Results of pure calls with scalar arguments, kept across dossiers (without explanations).
    pub(super) calls: std::collections::HashMap<CallKey, Value, FastHash>,
    /// Results of pure calls on one record of this dossier (`sites_comptes(ej)` in a sum, then
    /// again in a rule), by the record's identity: each entry holds the record, so that its
    /// address cannot be another record's while it is kept. Emptied for each dossier.
    record_calls: Vec<(u32, std::sync::Arc<[Value]>, Value)>,
    /// `care test --coverage`: the branches taken and table rows read, kept across dossiers.
    pub coverage: Option<super::Hits>,
    /// Steps this dossier may still take (see [`super::MAX_STEPS`]).
    budget: u64,
    /// This dossier runs the compiled form ([`super::compiled`]): no explanation, no coverage.
    fast: bool,
    /// Never run the compiled form: the tree walk is the reference the compiled form is tested
    /// against ([`Machine::reference`]).
    reference: bool,
}

pub(super) fn internal(origin: ir::Origin) -> EvalError {
    EvalError::new(
        "internal error: the checked policy and the evaluator disagree",
        origin,
    )
    .with_help("please report this with the policy and the dossier")
    .keyed("eval-internal", &[])
}

/// The error past [`super::MAX_STEPS`], where the step that passed it is written.
fn too_many_steps(origin: ir::Origin) -> EvalError {
    EvalError::new(
        format!(
            "evaluation stopped after {} steps",
            super::MAX_STEPS
        ),
        origin,
    )
    .with_help(format!(
        "a dossier may take at most {} steps (items of loops and ranges, calls of functions): \
         a loop nested in a loop over the dossier's numbers, such as `sum(i in 1..n: sum(j in 1..n: …))`, \
         may take more; see the limits of care (docs/limits.md)",
        super::MAX_STEPS
    ))
    .keyed("eval-too-many-steps", &[("steps", super::MAX_STEPS.to_string())])
}

impl<'p> Machine<'p> {
    /// Counts `n` steps (loop items, calls, items of a range built) against the dossier's budget.
    #[inline]
    pub(super) fn tick(&mut self, n: u64, origin: ir::Origin) -> EvalResult<()> {
        if self.take_steps(n) {
            return Ok(());
        }
        self.budget = 0;
        Err(too_many_steps(origin))
    }

    /// The steps this dossier may still take.
    #[inline]
    pub(super) fn steps_left(&self) -> u64 {
        self.budget
    }

    /// Counts `n` steps if they are left (else counts none): a kept value's steps.
    #[inline]
    pub(super) fn take_steps(&mut self, n: u64) -> bool {
        match self.budget.checked_sub(n) {
            Some(left) => {
                self.budget = left;
                true
            }
            None => false,
        }
    }

    pub fn new(prog: &'p Program) -> Self {
        let p = &prog.policy;
        Machine {
            prog,
            input: Value::Absent,
            locals: Vec::with_capacity(64),
            top: 0,
            building: Vec::new(),
            empty_list: std::sync::Arc::from(Vec::new()),
            fp: 0,
            hoisted: vec![None; prog.compiled.hoisted],
            shared: vec![None; prog.compiled.shared],
            values: vec![None; p.values.len()],
            outputs: vec![None; p.outputs.len()],
            rules: vec![None; p.rules.len()],
            objectives: vec![None; p.objectives.len()],
            trace: None,
            spare: None,
            spare_outputs: Vec::new(),
            spare_rules: Vec::new(),
            detail: true,
            calls: std::collections::HashMap::default(),
            record_calls: Vec::new(),
            coverage: None,
            budget: super::MAX_STEPS,
            fast: false,
            reference: false,
        }
    }

    /// A machine that always walks the checked expressions, as explanations and coverage do:
    /// the reference that differential tests compare the compiled form with.
    pub fn reference(prog: &'p Program) -> Self {
        Machine {
            reference: true,
            ..Machine::new(prog)
        }
    }

    /// Starts a new dossier.
    pub fn reset(&mut self, input: Value, explain: bool) {
        if explain {
            self.start_trace(&input);
        } else if self.trace.is_some() {
            // Not assigned when already none: a trace is large, and a decision moves none.
            self.trace = None;
        }
        self.input = input;
        self.fast = !explain && self.coverage.is_none() && !self.reference;
        self.budget = super::MAX_STEPS;
        self.locals.clear();
        self.top = 0;
        if self.building.capacity() > BUILDING_KEPT {
            // A dossier with a list of thousands of items does not keep that memory for the
            // rest of a batch.
            self.building = Vec::new();
        }
        self.building.clear();
        self.fp = 0;
        self.values.iter_mut().for_each(|v| *v = None);
        self.shared.iter_mut().for_each(|v| *v = None);
        self.outputs.iter_mut().for_each(|v| *v = None);
        self.rules.iter_mut().for_each(|v| *v = None);
        self.objectives.iter_mut().for_each(|v| *v = None);
        self.record_calls.clear();
    }

    /// A trace for the dossier `input`: the one given back last, else a new one. Out of line:
    /// decisions never take this path.
    #[inline(never)]
    fn start_trace(&mut self, input: &Value) {
        let p = &self.prog.policy;
        let sizes = (p.values.len(), p.outputs.len(), p.rules.len());
        self.trace = Some(match self.spare.take() {
            Some(mut t) => {
                t.reset(input, &p.schema, sizes);
                t
            }
            None => Box::new(Trace::new(
                input,
                &p.schema,
                self.prog.schema_fields.clone(),
                sizes,
            )),
        });
    }

    /// A machine whose explanations record rules' tests and `let`s or not (batch lines have no
    /// place for them); the data, items and steps are the same.
    pub fn with_detail(mut self, detail: bool) -> Self {
        self.detail = detail;
        self
    }

    /// Keeps an evaluation once read (its lists of outputs and statuses, its trace), to reuse
    /// their buffers for the next dossier.
    pub fn recycle(&mut self, evaluation: super::Evaluation) {
        let super::Evaluation {
            mut outputs,
            mut rules,
            trace,
            ..
        } = evaluation;
        outputs.clear();
        rules.clear();
        self.spare_outputs = outputs;
        self.spare_rules = rules;
        if trace.is_some() {
            self.spare = trace;
        }
    }

    fn local(&self, slot: u32, origin: ir::Origin) -> EvalResult<Value> {
        self.slot(slot).cloned().ok_or_else(|| internal(origin))
    }

    /// The value in local `slot` of the current frame, borrowed.
    #[inline]
    pub(super) fn slot(&self, slot: u32) -> Option<&Value> {
        match self.locals.get(self.fp + slot as usize)? {
            Slot::Value(v) => Some(v),
            Slot::Walked(items, index) => items.get(*index as usize),
        }
    }

    #[inline]
    pub(super) fn set(&mut self, slot: u32, v: Value) {
        if let Some(s) = self.locals.get_mut(self.fp + slot as usize) {
            *s = Slot::Value(v);
        }
    }

    /// Runs `f` for each item of `items` bound to local `slot`, each counted as a step, until
    /// `f` says the result is decided: the comprehensions and `for each` of both forms. The slot
    /// keeps the list while it is walked and each next item only moves the index, so binding an
    /// item copies no value and counts no reference.
    pub(super) fn each_item(
        &mut self,
        items: std::sync::Arc<[Value]>,
        slot: u32,
        origin: ir::Origin,
        mut f: impl FnMut(&mut Self) -> EvalResult<bool>,
    ) -> EvalResult<()> {
        let len = u32::try_from(items.len()).map_err(|_| internal(origin))?;
        if len == 0 {
            return Ok(());
        }
        let at = self.fp + slot as usize;
        if let Some(s) = self.locals.get_mut(at) {
            *s = Slot::Walked(items, 0);
        }
        for i in 0..len {
            self.tick(1, origin)?;
            // Nothing rebinds a binder inside its own loop (a slot per binding in a frame).
            match self.locals.get_mut(at) {
                Some(Slot::Walked(_, index)) => *index = i,
                _ => return Err(internal(origin)),
            }
            if f(self)? {
                break;
            }
        }
        Ok(())
    }

    /// Runs `f` in a fresh frame of `slots` locals.
    #[inline(always)]
    pub(super) fn frame<T>(
        &mut self,
        slots: u32,
        f: impl FnOnce(&mut Self) -> EvalResult<T>,
    ) -> EvalResult<T> {
        if slots == 0 {
            return f(self); // nothing to make or drop: most rules have no `let` or `for each`
        }
        let saved = self.fp;
        let base = self.top;
        self.open(base + slots as usize);
        self.fp = base;
        let r = f(self);
        self.top = base;
        self.fp = saved;
        r
    }

    /// Takes the locals up to `top` into use, making the slots never used yet in this dossier.
    #[inline]
    fn open(&mut self, top: usize) {
        while self.locals.len() < top {
            self.locals.push(Slot::EMPTY);
        }
        self.top = top;
    }

    /// Puts `v` in the next free slot: an argument of a call, in the callee's frame to be.
    #[inline]
    pub(super) fn push_local(&mut self, v: Value) {
        match self.locals.get_mut(self.top) {
            Some(s) => *s = Slot::Value(v),
            None => self.locals.push(Slot::Value(v)),
        }
        self.top += 1;
    }

    fn body(&mut self, b: &'p ir::Body) -> EvalResult<Value> {
        for (slot, _, e) in &b.lets {
            let v = self.eval(e)?;
            self.set(*slot, v);
        }
        self.eval(&b.expr)
    }

    #[inline]
    pub fn value(&mut self, i: u32) -> EvalResult<Value> {
        self.memoised(Memo::Value, i)
    }

    pub fn output(&mut self, i: u32) -> EvalResult<Value> {
        if self.fast {
            if let Some(Some(v)) = self.prog.compiled.output_values.get(i as usize) {
                return self.value(*v);
            }
        }
        self.memoised(Memo::Output, i)
    }

    /// A value or an output: computed once per dossier; with explanations, what it read counts
    /// as read by whoever uses it.
    #[inline]
    fn memoised(&mut self, kind: Memo, i: u32) -> EvalResult<Value> {
        let k = i as usize;
        let cached = match kind {
            Memo::Value => self.values.get(k),
            Memo::Output => self.outputs.get(k),
        };
        if let Some(Some(v)) = cached {
            let v = v.clone();
            if let Some(t) = &mut self.trace {
                t.absorb_memo(matches!(kind, Memo::Output), i);
            }
            return Ok(v);
        }
        self.memoised_computed(kind, i)
    }

    /// [`Machine::memoised`] the first time in a dossier: out of line, as
    /// [`Machine::rule_evaluated`].
    #[inline(never)]
    fn memoised_computed(&mut self, kind: Memo, i: u32) -> EvalResult<Value> {
        let k = i as usize;
        if !self.fast {
            return self.memoised_walked(kind, i);
        }
        let prog = self.prog;
        let (code, body) = match kind {
            Memo::Value => (
                prog.compiled.values.get(k),
                prog.policy.values.get(k).map(|d| &d.body),
            ),
            Memo::Output => (
                prog.compiled.outputs.get(k),
                prog.policy.outputs.get(k).map(|d| &d.body),
            ),
        };
        let (Some(code), Some(body)) = (code, body) else {
            return Err(internal(ir::Origin::default()));
        };
        let v = self.frame(body.locals, |m| code(m))?;
        let cache = match kind {
            Memo::Value => &mut self.values,
            Memo::Output => &mut self.outputs,
        };
        if let Some(slot) = cache.get_mut(k) {
            *slot = Some(v.clone());
        }
        Ok(v)
    }

    /// [`Machine::memoised`] on the walk of the IR, with the trace: out of line, as
    /// [`Machine::rule_walked`].
    #[inline(never)]
    fn memoised_walked(&mut self, kind: Memo, i: u32) -> EvalResult<Value> {
        let k = i as usize;
        let prog = self.prog;
        let body = match kind {
            Memo::Value => prog.policy.values.get(k).map(|d| &d.body),
            Memo::Output => prog.policy.outputs.get(k).map(|d| &d.body),
        };
        let Some(body) = body else {
            return Err(internal(ir::Origin::default()));
        };
        self.trace_push();
        let v = self.frame(body.locals, |m| m.body(body));
        let record = self.trace_pop();
        let v = v?;
        if let (Some(t), Some(r)) = (&mut self.trace, record) {
            let records = match kind {
                Memo::Value => &mut t.values,
                Memo::Output => &mut t.outputs,
            };
            if let Some(slot) = records.get_mut(k) {
                *slot = Some(r);
            }
            t.absorb_memo(matches!(kind, Memo::Output), i);
        }
        let cache = match kind {
            Memo::Value => &mut self.values,
            Memo::Output => &mut self.outputs,
        };
        if let Some(slot) = cache.get_mut(k) {
            *slot = Some(v.clone());
        }
        Ok(v)
    }

    fn trace_push(&mut self) {
        if let Some(t) = &mut self.trace {
            t.push();
        }
    }

    fn trace_pop(&mut self) -> Option<Record> {
        self.trace.as_deref_mut().map(Trace::pop)
    }

    /// A rule's status, evaluated once per dossier.
    #[inline]
    pub fn rule(&mut self, i: u32) -> EvalResult<Status> {
        if let Some(Some(s)) = self.rules.get(i as usize) {
            return Ok(*s);
        }
        self.rule_evaluated(i)
    }

    /// [`Machine::rule`] the first time in a dossier: out of line, so that the many calls that
    /// find the status (`all_rules_passed()`, rules citing rules) stay a load and a test.
    #[inline(never)]
    fn rule_evaluated(&mut self, i: u32) -> EvalResult<Status> {
        let prog = self.prog;
        let Some(rule) = prog.policy.rules.get(i as usize) else {
            return Err(internal(ir::Origin::default()));
        };
        if !self.fast {
            return self.rule_walked(i, rule);
        }
        let Some(code) = prog.compiled.rules.get(i as usize) else {
            return Err(internal(rule.origin));
        };
        self.rule_compiled(i as usize, rule, code)
    }

    /// Rule `i` run on the compiled form in its frame, its status kept for the dossier.
    #[inline(always)]
    fn rule_compiled(&mut self, i: usize, rule: &ir::Rule, code: &RuleCode) -> EvalResult<Status> {
        let status = self.frame(rule.locals, |m| code.status(m))?;
        if let Some(slot) = self.rules.get_mut(i) {
            *slot = Some(status);
        }
        Ok(status)
    }

    /// Every rule's status in order, as an evaluation lists them: on the compiled form, each
    /// rule taken with its code as they are laid out, not looked up by number (a rule another
    /// one asked for already has its status).
    pub(super) fn all_rules(&mut self, out: &mut Vec<Status>) -> EvalResult<()> {
        let prog = self.prog;
        let (rules, codes) = (&prog.policy.rules, &prog.compiled.rules);
        if !self.fast || codes.len() != rules.len() {
            for r in 0..rules.len() {
                out.push(self.rule(u32::try_from(r).unwrap_or(u32::MAX))?);
            }
            return Ok(());
        }
        for (i, (rule, code)) in rules.iter().zip(codes).enumerate() {
            let status = match self.rules.get(i) {
                Some(Some(s)) => *s,
                _ => self.rule_compiled(i, rule, code)?,
            };
            out.push(status);
        }
        Ok(())
    }

    /// [`Machine::rule`] on the walk of the IR, with the trace (explanations, coverage): out
    /// of line, so that a decision's call of a rule stays small.
    #[inline(never)]
    fn rule_walked(&mut self, i: u32, rule: &'p ir::Rule) -> EvalResult<Status> {
        self.trace_push();
        let mut items = Vec::new();
        let status = self.frame(rule.locals, |m| m.steps(&rule.steps, &mut items));
        let record = self.trace_pop();
        let status = status?;
        if let (Some(t), Some(r)) = (&mut self.trace, record) {
            if let Some(slot) = t.rules.get_mut(i as usize) {
                *slot = Some((r, items));
            }
        }
        if let Some(slot) = self.rules.get_mut(i as usize) {
            *slot = Some(status);
        }
        Ok(status)
    }

    fn steps(&mut self, steps: &'p [RuleStep], items: &mut Vec<Item>) -> EvalResult<Status> {
        for (k, step) in steps.iter().enumerate() {
            match step {
                RuleStep::When(c) => {
                    if !self.step_condition(c, true)? {
                        return Ok(Status::NotApplicable);
                    }
                }
                RuleStep::Let { slot, name, value } => {
                    let v = self.eval(value)?;
                    if let (Some(t), true) = (&mut self.trace, self.detail) {
                        t.let_value(name, &v, &value.ty);
                    }
                    self.set(*slot, v);
                }
                RuleStep::Require(c) => {
                    if !self.step_condition(c, false)? {
                        return Ok(Status::Failed);
                    }
                }
                RuleStep::ForEach { slot, list, .. } => {
                    let list = self.eval(list)?;
                    let rest = &steps[k + 1..];
                    let mut failed = false;
                    for (index, item) in list.as_list().unwrap_or(&[]).iter().enumerate() {
                        self.tick(1, origin_of(step))?;
                        self.set(*slot, item.clone());
                        let path = self.trace.as_mut().and_then(|t| t.path_of(item));
                        self.trace_push();
                        let mut nested = Vec::new();
                        let s = self.steps(rest, &mut nested)?;
                        let record = self.trace_pop();
                        let passed = s != Status::Failed;
                        failed |= !passed;
                        if let Some(record) = record {
                            items.push(Item {
                                index,
                                path,
                                passed,
                                record,
                            });
                        } else if failed {
                            // Without explanations, the first failing item decides.
                            return Ok(Status::Failed);
                        }
                    }
                    return Ok(if failed {
                        Status::Failed
                    } else {
                        Status::Passed
                    });
                }
            }
        }
        Ok(Status::Passed)
    }

    /// The codes of the objectives the dossier commits to (`chosen_objectives`), when declared.
    pub fn chosen_objectives(&mut self) -> EvalResult<Option<Value>> {
        let prog = self.prog;
        let Some(b) = &prog.policy.chosen_objectives else {
            return Ok(None);
        };
        match &prog.compiled.chosen {
            Some(code) if self.fast => self.frame(b.locals, |m| code(m)).map(Some),
            _ => self.frame(b.locals, |m| m.body(b)).map(Some),
        }
    }

    /// The chosen objectives of an explanation's checklist, which shows no data of the choice:
    /// on the compiled form, without the trace, unless coverage (which counts the choice's
    /// branches) or the tree walk's reference is asked for.
    pub(super) fn chosen_for_checklist(&mut self) -> EvalResult<Option<Value>> {
        let trace = self.trace.take();
        let fast = self.fast;
        self.fast = self.coverage.is_none() && !self.reference;
        let codes = self.chosen_objectives();
        self.fast = fast;
        self.trace = trace;
        codes
    }

    /// Calls function `f` with already evaluated arguments.
    pub fn call(&mut self, f: u32, args: Vec<Value>) -> EvalResult<Value> {
        let prog = self.prog;
        let func = prog
            .policy
            .functions
            .get(f as usize)
            .ok_or_else(|| internal(prog.policy.origin))?;
        if args.len() != func.params.len() {
            return Err(EvalError::new(
                format!(
                    "`{}` takes {} arguments, {} given",
                    func.name,
                    func.params.len(),
                    args.len()
                ),
                func.origin,
            ));
        }
        self.tick(1, func.origin)?;
        self.frame(func.body.locals, |m| {
            for (i, v) in args.into_iter().enumerate() {
                m.set(u32::try_from(i).unwrap_or(0), v);
            }
            m.function_body(f, &func.body)
        })
    }

    /// The body of function `f` in the current frame (its arguments set): compiled or walked.
    pub(super) fn function_body(&mut self, f: u32, body: &'p ir::Body) -> EvalResult<Value> {
        if self.fast {
            let prog = self.prog;
            return match prog.compiled.functions.get(f as usize) {
                Some(code) => code(self),
                None => Err(internal(body.expr.origin)),
            };
        }
        self.body(body)
    }

    pub fn objective(&mut self, i: u32) -> EvalResult<bool> {
        if let Some(Some(s)) = self.objectives.get(i as usize) {
            return Ok(*s);
        }
        let prog = self.prog;
        let Some(o) = prog.policy.objectives.get(i as usize) else {
            return Err(internal(ir::Origin::default()));
        };
        let Some(cond) = &o.achieved else {
            return Ok(false);
        };
        let achieved = if self.fast {
            let Some(Some(code)) = prog.compiled.objectives.get(i as usize) else {
                return Err(internal(o.origin));
            };
            self.frame(o.locals, |m| code(m))?
        } else {
            self.objective_walked(o, cond)?
        };
        if let Some(slot) = self.objectives.get_mut(i as usize) {
            *slot = Some(achieved);
        }
        Ok(achieved)
    }

    fn objective_walked(&mut self, o: &'p ir::Objective, cond: &'p Expr) -> EvalResult<bool> {
        self.frame(o.locals, |m| match &o.scope {
            Some((slot, list)) => {
                let list = m.eval(list)?;
                for item in list.as_list().unwrap_or(&[]) {
                    m.tick(1, cond.origin)?;
                    m.set(*slot, item.clone());
                    if !m.condition(cond)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            None => m.condition(cond),
        })
    }

    /// A rule's `when` or `require` condition; with explanations, its top-level tests are
    /// recorded with the values they compared (the same evaluation, in the same order).
    fn step_condition(&mut self, e: &'p Expr, when: bool) -> EvalResult<bool> {
        if self.trace.is_none() {
            return self.condition(e);
        }
        match &e.kind {
            ExprKind::Binary { op, lhs, rhs } => match op {
                BinaryOp::And | BinaryOp::Or => {
                    // As `and_or`, with the arm taken recorded for coverage.
                    let a = self.step_condition(lhs, when)?;
                    if a == (*op == BinaryOp::Or) {
                        self.hit(e, super::Arm::Left);
                        return Ok(a);
                    }
                    self.hit(e, super::Arm::Right);
                    return self.step_condition(rhs, when);
                }
                op if is_test(*op) => {
                    let a = self.side(lhs)?;
                    let b = self.side(rhs)?;
                    let held = test_values(*op, &a.value, &b.value, e)?.unwrap_or(false);
                    if let (Some(t), true) = (&mut self.trace, self.detail) {
                        t.test(Test {
                            origin: e.origin,
                            when,
                            held,
                            compare: Some((*op, a, b)),
                        });
                    }
                    return Ok(held);
                }
                _ => {}
            },
            ExprKind::Not(x) => return Ok(!self.step_condition(x, when)?),
            _ => {}
        }
        let held = self.condition(e)?;
        if let (Some(t), true) = (&mut self.trace, self.detail) {
            t.test(Test {
                origin: e.origin,
                when,
                held,
                compare: None,
            });
        }
        Ok(held)
    }

    /// A side of a recorded comparison: an arithmetic operation keeps its operands' values.
    fn side(&mut self, e: &'p Expr) -> EvalResult<Side> {
        if let ExprKind::Binary { op, lhs, rhs } = &e.kind {
            if matches!(
                op,
                BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div
            ) {
                let a = self.eval(lhs)?;
                let b = self.eval(rhs)?;
                let v = if a.is_absent() || b.is_absent() {
                    Value::Absent
                } else {
                    ops::arith(*op, &a, &b, &self.prog.policy.tz, e.origin)?
                };
                let v = if needs_decimal(&v, &e.ty) {
                    to_decimal(&v)
                } else {
                    v
                };
                // The operands are shown with the test, when tests are recorded.
                let parts = if self.detail {
                    vec![
                        (a, lhs.ty.clone(), lhs.origin),
                        (b, rhs.ty.clone(), rhs.origin),
                    ]
                } else {
                    Vec::new()
                };
                return Ok(Side {
                    value: v,
                    ty: e.ty.clone(),
                    origin: e.origin,
                    parts,
                });
            }
        }
        Ok(Side {
            value: self.eval(e)?,
            ty: e.ty.clone(),
            origin: e.origin,
            parts: Vec::new(),
        })
    }

    /// A condition holds: a bool, computed without making a value where it can be.
    fn condition(&mut self, e: &'p Expr) -> EvalResult<bool> {
        match &e.kind {
            ExprKind::Binary { op, lhs, rhs } => match op {
                BinaryOp::And | BinaryOp::Or => return self.and_or(*op, lhs, rhs, e),
                op if is_test(*op) => {
                    // An absent comparison (with missing data) does not hold.
                    return Ok(self.test(*op, lhs, rhs, e)?.unwrap_or(false));
                }
                _ => {}
            },
            ExprKind::Not(x) => return Ok(!self.condition(x)?),
            _ => {
                if let Some(v) = self.place(e) {
                    return match v {
                        Value::Bool(b) => Ok(*b),
                        Value::Absent => Ok(false),
                        _ => Err(internal(e.origin)),
                    };
                }
            }
        }
        match self.eval(e)? {
            Value::Bool(b) => Ok(b),
            // An absent condition (a comparison with missing data) does not hold.
            Value::Absent => Ok(false),
            _ => Err(internal(e.origin)),
        }
    }

    /// `a and b` / `a or b`: `b` only when `a` does not decide (the arm taken is recorded for
    /// coverage: `Left` when `a` decided alone).
    fn and_or(
        &mut self,
        op: BinaryOp,
        lhs: &'p Expr,
        rhs: &'p Expr,
        e: &'p Expr,
    ) -> EvalResult<bool> {
        let a = self.condition(lhs)?;
        if a == (op == BinaryOp::Or) {
            self.hit(e, super::Arm::Left);
            return Ok(a);
        }
        self.hit(e, super::Arm::Right);
        self.condition(rhs)
    }

    #[inline]
    fn hit(&mut self, e: &Expr, arm: super::Arm) {
        if let Some(h) = &mut self.coverage {
            h.insert((
                super::Probe::Branch(e.origin.file.0, e.origin.span.start, e.origin.span.end),
                arm as u32,
            ));
        }
    }

    /// Evaluates an expression. Where its type is a decimal, an integer value (`min(x, 5)`, an
    /// `else 0`, an empty sum) becomes a decimal, so that values always have their static type.
    pub fn eval(&mut self, e: &'p Expr) -> EvalResult<Value> {
        let v = self.eval_inner(e)?;
        Ok(if needs_decimal(&v, &e.ty) {
            to_decimal(&v)
        } else {
            v
        })
    }

    /// The value of a pure read — a local, the input, a value or output already computed, or a
    /// field of one of those — borrowed, without evaluating nor cloning anything. `None` for other
    /// expressions, with explanations (reads are recorded then), and where [`Machine::eval`]
    /// would convert the value to a decimal.
    #[inline]
    fn place(&self, e: &Expr) -> Option<&Value> {
        if self.trace.is_some() {
            return None;
        }
        let v = self.place_of(e, false)?;
        (!needs_decimal(v, &e.ty)).then_some(v)
    }

    /// [`Machine::place`]'s reads; when `quiet`, only those the trace records nothing of: no
    /// memoised value or output (the trace absorbs their reads), no field it shows (whole
    /// records are not shown, see [`super::trace::shown`]).
    fn place_of(&self, e: &Expr, quiet: bool) -> Option<&Value> {
        Some(match &e.kind {
            ExprKind::Local(s) => self.slot(*s)?,
            ExprKind::Input => &self.input,
            ExprKind::Value(i) if !quiet => self.values.get(*i as usize)?.as_ref()?,
            ExprKind::Output(i) if !quiet => self.outputs.get(*i as usize)?.as_ref()?,
            // Folded constants (a list literal of constants, a text), already converted.
            ExprKind::Const(_) | ExprKind::List(_) => self.prog.folded.get(&super::fold::key(e))?,
            // A base is a record (or an absent optional one): never converted.
            ExprKind::Field { base, index } if !(quiet && super::trace::shown(&e.ty)) => {
                match self.place_of(base, quiet)? {
                    Value::Absent => &ABSENT,
                    Value::Record(fields) => fields.get(*index as usize)?,
                    _ => return None,
                }
            }
            _ => return None,
        })
    }

    fn eval_inner(&mut self, e: &'p Expr) -> EvalResult<Value> {
        match &e.kind {
            ExprKind::Const(c) => Ok(constant(c)),
            ExprKind::Local(s) => self.local(*s, e.origin),
            ExprKind::Input => Ok(self.input.clone()),
            ExprKind::Value(i) => self.value(*i),
            ExprKind::Output(i) => self.output(*i),
            ExprKind::Field { base, index } => {
                if self.trace.is_some() {
                    if let Some(read) = self.traced_read(base, *index, e) {
                        return read;
                    }
                } else {
                    if let Some(v) = self.place(e) {
                        return Ok(v.clone());
                    }
                    if let ExprKind::Lookup { table, key } = &base.kind {
                        // A column of a looked-up row, read without copying the row.
                        let row = self.lookup_row(*table, key, base)?;
                        return match self.prog.table_result(*table, row) {
                            Some(Value::Record(fields)) => fields
                                .get(*index as usize)
                                .cloned()
                                .ok_or_else(|| internal(e.origin)),
                            Some(Value::Absent) => Ok(Value::Absent),
                            _ => Err(internal(e.origin)),
                        };
                    }
                }
                let b = self.eval(base)?;
                let v = match &b {
                    Value::Absent => Value::Absent,
                    Value::Record(fields) => fields
                        .get(*index as usize)
                        .cloned()
                        .ok_or_else(|| internal(e.origin))?,
                    _ => return Err(internal(e.origin)),
                };
                if self.trace.is_some() {
                    self.trace_read(base, &b, *index, &v, &e.ty);
                }
                Ok(v)
            }
            ExprKind::TrackField { base, field } => self.track_field(base, *field, e),
            ExprKind::Builtin { func, args } => self.builtin(*func, args, e),
            ExprKind::Call { func, args } => self.call_expr(*func, args, e),
            ExprKind::Lookup { table, key } => {
                let row = self.lookup_row(*table, key, e)?;
                self.prog
                    .table_result(*table, row)
                    .cloned()
                    .ok_or_else(|| internal(e.origin))
            }
            ExprKind::Comprehension {
                op,
                slot,
                source,
                filter,
                body,
            } => self.comprehension(*op, *slot, source, filter.as_deref(), body.as_deref(), e),
            ExprKind::Not(x) => Ok(Value::Bool(!self.condition(x)?)),
            ExprKind::Neg(x) => {
                let v = self.eval(x)?;
                if v.is_absent() {
                    return Ok(Value::Absent);
                }
                ops::negate(&v, e.origin)
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, e),
            ExprKind::If { cond, then, els } => {
                if self.condition(cond)? {
                    self.hit(e, super::Arm::Then);
                    self.eval(then)
                } else {
                    self.hit(e, super::Arm::Else);
                    self.eval(els)
                }
            }
            ExprKind::List(items) => {
                if let Some(v) = self.prog.folded.get(&super::fold::key(e)) {
                    return Ok(v.clone());
                }
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.eval(i)?);
                }
                Ok(Value::list(out))
            }
            ExprKind::Struct(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.eval(i)?);
                }
                Ok(Value::record(out))
            }
            ExprKind::Range { start, end } => {
                let (a, b) = self.int_range(start, end)?;
                self.range_list(a, b, start.origin, e.origin)
            }
            ExprKind::Passed(r) => Ok(Value::Bool(self.rule(*r)? != Status::Failed)),
            ExprKind::AllRulesPassed => self.all_rules_passed().map(Value::Bool),
            ExprKind::Achieved(o) => Ok(Value::Bool(self.objective(*o)?)),
            ExprKind::PassedCode(code) | ExprKind::AchievedCode(code) => self.by_code(code, e),
        }
    }

    fn track_field(&mut self, base: &'p Expr, field: TrackField, e: &'p Expr) -> EvalResult<Value> {
        let b = self.eval(base)?;
        let Value::Track(t) = b else {
            return Ok(Value::Absent);
        };
        let tv = self
            .prog
            .tracks
            .get(t as usize)
            .ok_or_else(|| internal(e.origin))?;
        Ok(tv.field(field).clone())
    }

    /// `passed(code)` / `achieved(code)` with a code computed at evaluation.
    #[inline(never)]
    fn by_code(&mut self, code: &'p Expr, e: &'p Expr) -> EvalResult<Value> {
        let passed = matches!(e.kind, ExprKind::PassedCode(_));
        let c = self.eval(code)?;
        self.by_code_text(passed, c.as_text().unwrap_or_default(), code.origin)
    }

    /// `passed(code)` (`passed`) or `achieved(code)` of a code computed at evaluation, written at
    /// `origin`.
    pub(super) fn by_code_text(
        &mut self,
        passed: bool,
        text: &str,
        origin: ir::Origin,
    ) -> EvalResult<Value> {
        let prog = self.prog;
        let found = if passed {
            prog.rule_codes.get(text)
        } else {
            prog.objective_codes.get(text)
        };
        let what = if passed { "rule" } else { "objective" };
        let Some(i) = found.copied() else {
            return Err(EvalError::new(
                format!("no {what} has the code `{text}`"),
                origin,
            ));
        };
        if passed {
            Ok(Value::Bool(self.rule(i)? != Status::Failed))
        } else {
            if prog
                .policy
                .objectives
                .get(i as usize)
                .is_some_and(|o| o.achieved.is_none())
            {
                return Err(EvalError::new(
                    format!("objective `{text}` has no `achieved when` condition"),
                    origin,
                ));
            }
            Ok(Value::Bool(self.objective(i)?))
        }
    }

    /// With the trace, field `index` of `base` when `base` is a read that records nothing (a
    /// local, the input, a record field of those; [`Machine::place_of`]): borrowed instead of evaluated (and copied)
    /// link by link, the field's read recorded as [`Machine::trace_read`] does. `None` for any
    /// other base, which is evaluated.
    fn traced_read(&mut self, base: &Expr, index: u32, e: &Expr) -> Option<EvalResult<Value>> {
        let mut t = self.trace.take()?;
        let read = self.place_of(base, true).and_then(|b| {
            let v = match b {
                Value::Absent => Value::Absent,
                Value::Record(fields) => fields.get(index as usize)?.clone(),
                _ => return None,
            };
            if let Some(name) = field_name(&self.prog.policy.schema, base, index) {
                t.read(b, index, name, &v, &e.ty);
            }
            Some(Ok(v))
        });
        self.trace = Some(t);
        read
    }

    fn trace_read(&mut self, base: &Expr, b: &Value, index: u32, v: &Value, ty: &Type) {
        let name = field_name(&self.prog.policy.schema, base, index);
        if let (Some(name), Some(t)) = (name, &mut self.trace) {
            t.read(b, index, name, v, ty);
        }
    }

    /// The row of `table` that the key `key` selects (recorded with explanations).
    fn lookup_row(&mut self, table: u32, key: &'p Expr, e: &'p Expr) -> EvalResult<usize> {
        let k = self.eval(key)?;
        let prog = self.prog;
        let Some(row) = prog.row(table, &k) else {
            return Err(no_row(prog, table, &k, e.origin));
        };
        if let Some(t) = &mut self.trace {
            t.event(Event::Lookup { table, key: k, row });
        }
        if let Some(h) = &mut self.coverage {
            h.insert((
                super::Probe::Row(table),
                u32::try_from(row).unwrap_or(u32::MAX),
            ));
        }
        Ok(row)
    }

    /// A call of a policy function: the arguments are evaluated straight into the callee's
    /// frame. A function reads only its parameters and constants, so without explanations the
    /// result of a call with scalar arguments is kept from one dossier to the next.
    fn call_expr(&mut self, func: u32, args: &'p [Expr], e: &'p Expr) -> EvalResult<Value> {
        let prog = self.prog;
        let f = prog
            .policy
            .functions
            .get(func as usize)
            .ok_or_else(|| internal(e.origin))?;
        self.tick(1, e.origin)?;
        let base = self.top;
        for a in args {
            match self.eval(a) {
                Ok(v) => self.push_local(v),
                Err(err) => {
                    self.top = base;
                    return Err(err);
                }
            }
        }
        self.call_pushed(func, f, base)
    }

    /// The call of function `f` (number `func`) whose arguments are the locals from `base` on:
    /// run in their frame, or found among the results kept for a pure function.
    pub(super) fn call_pushed(
        &mut self,
        func: u32,
        f: &'p ir::Function,
        base: usize,
    ) -> EvalResult<Value> {
        let args = self.top.saturating_sub(base);
        let pushed = self.locals.get(base..self.top).unwrap_or(&[]);
        let cacheable = self.trace.is_none()
            && self.prog.pure_function(func)
            && args <= CallKey::ARGS
            && pushed
                .iter()
                .all(|s| matches!(s, Slot::Value(v) if is_scalar(v)));
        let key = cacheable.then(|| CallKey::new(func, pushed));
        if let Some(v) = key.as_ref().and_then(|k| self.calls.get(k)) {
            let v = v.clone();
            self.top = base;
            return Ok(v);
        }
        let record = match pushed {
            [Slot::Value(Value::Record(r))]
                if self.trace.is_none() && self.prog.pure_function(func) =>
            {
                Some(r.clone())
            }
            _ => None,
        };
        if let Some(r) = &record {
            let kept = self
                .record_calls
                .iter()
                .find(|(f, rec, _)| *f == func && std::sync::Arc::ptr_eq(rec, r));
            if let Some((_, _, v)) = kept {
                let v = v.clone();
                self.top = base;
                return Ok(v);
            }
        }
        let saved = self.fp;
        let slots = (f.body.locals as usize).max(args);
        self.open(base + slots);
        self.fp = base;
        let r = self.function_body(func, &f.body);
        self.top = base;
        self.fp = saved;
        if let (Some(key), Ok(v)) = (key, &r) {
            if self.calls.len() >= CALL_CACHE {
                self.calls.clear();
            }
            self.calls.insert(key, v.clone());
        }
        if let (Some(rec), Ok(v)) = (record, &r) {
            if self.record_calls.len() < RECORD_CALLS {
                self.record_calls.push((func, rec, v.clone()));
            }
        }
        r
    }

    fn int_range(&mut self, start: &'p Expr, end: &'p Expr) -> EvalResult<(i64, i64)> {
        let a = self.eval(start)?;
        let b = self.eval(end)?;
        range_bounds(&a, &b, start.origin, end.origin)
    }

    /// The range `a..b` built as a list (`start` is where it is written, `origin` the range).
    pub(super) fn range_list(
        &mut self,
        a: i64,
        b: i64,
        start: ir::Origin,
        origin: ir::Origin,
    ) -> EvalResult<Value> {
        // A range built as a list holds all its items: bounded tighter than one walked.
        let len = u64::try_from(b.saturating_sub(a).saturating_add(1)).unwrap_or(0);
        if len > super::MAX_RANGE_ITEMS {
            return Err(range_too_long(a, b, super::MAX_RANGE_ITEMS, start));
        }
        self.tick(len, origin)?;
        Ok(Value::list((a..=b).map(Value::Int).collect()))
    }

    /// `all_rules_passed()`: every rule is evaluated.
    pub(super) fn all_rules_passed(&mut self) -> EvalResult<bool> {
        // Outputs come after the rules: every status is then known, read as they are.
        let n = self.prog.policy.rules.len();
        if self.rules.len() == n && self.rules.iter().all(Option::is_some) {
            return Ok(!self.rules.contains(&Some(Status::Failed)));
        }
        let mut all = true;
        for r in 0..n {
            all &= self.rule(u32::try_from(r).unwrap_or(0))? != Status::Failed;
        }
        Ok(all)
    }

    fn binary(
        &mut self,
        op: BinaryOp,
        lhs: &'p Expr,
        rhs: &'p Expr,
        e: &'p Expr,
    ) -> EvalResult<Value> {
        match op {
            BinaryOp::And | BinaryOp::Or => return self.and_or(op, lhs, rhs, e).map(Value::Bool),
            BinaryOp::Otherwise => {
                let a = self.eval(lhs)?;
                return if a.is_absent() {
                    self.hit(e, super::Arm::Right);
                    self.eval(rhs)
                } else {
                    self.hit(e, super::Arm::Left);
                    Ok(a)
                };
            }
            _ => {}
        }
        if is_test(op) {
            return Ok(match self.test(op, lhs, rhs, e)? {
                Some(b) => Value::Bool(b),
                None => Value::Absent,
            });
        }
        if let (Some(a), Some(b)) = (self.place(lhs), self.place(rhs)) {
            if a.is_absent() || b.is_absent() {
                return Ok(Value::Absent);
            }
            return ops::arith(op, a, b, &self.prog.policy.tz, e.origin);
        }
        let (a_owned, b_owned) = self.operands(lhs, rhs)?;
        let a = a_owned
            .as_ref()
            .or_else(|| self.place(lhs))
            .unwrap_or(&ABSENT);
        let b = b_owned
            .as_ref()
            .or_else(|| self.place(rhs))
            .unwrap_or(&ABSENT);
        if a.is_absent() || b.is_absent() {
            return Ok(Value::Absent);
        }
        ops::arith(op, a, b, &self.prog.policy.tz, e.origin)
    }

    /// The operands of a binary operator that are not pure reads, evaluated left first; the
    /// others are borrowed by the caller with [`Machine::place`].
    fn operands(
        &mut self,
        lhs: &'p Expr,
        rhs: &'p Expr,
    ) -> EvalResult<(Option<Value>, Option<Value>)> {
        let a = match self.place(lhs) {
            Some(_) => None,
            None => Some(self.eval(lhs)?),
        };
        let b = match self.place(rhs) {
            Some(_) => None,
            None => Some(self.eval(rhs)?),
        };
        Ok((a, b))
    }

    /// A comparison or a membership test; `None` when it compares with an absent value.
    fn test(
        &mut self,
        op: BinaryOp,
        lhs: &'p Expr,
        rhs: &'p Expr,
        e: &'p Expr,
    ) -> EvalResult<Option<bool>> {
        // Both sides pure reads (`ej.finess == dossier.porteur`): borrowed, each found once.
        if let (Some(a), Some(b)) = (self.place(lhs), self.place(rhs)) {
            return test_values(op, a, b, e);
        }
        let (a_owned, b_owned) = self.operands(lhs, rhs)?;
        let a = a_owned
            .as_ref()
            .or_else(|| self.place(lhs))
            .unwrap_or(&ABSENT);
        let b = b_owned
            .as_ref()
            .or_else(|| self.place(rhs))
            .unwrap_or(&ABSENT);
        test_values(op, a, b, e)
    }

    fn comprehension(
        &mut self,
        op: CompOp,
        slot: u32,
        source: &'p Expr,
        filter: Option<&'p Expr>,
        body: Option<&'p Expr>,
        e: &'p Expr,
    ) -> EvalResult<Value> {
        let step = Step {
            op,
            slot,
            filter,
            body,
            e,
        };
        let mut acc = Acc::new(op, &e.ty);
        // A range source is walked without building the list; a list is walked in place.
        if let ExprKind::Range { start, end } = &source.kind {
            let (a, b) = self.int_range(start, end)?;
            for i in a..=b {
                if self.comprehension_item(&step, &mut acc, &Value::Int(i))? {
                    break;
                }
            }
        } else if let Value::List(xs) = self.eval(source)? {
            self.each_item(xs, step.slot, e.origin, |m| {
                m.comprehension_step(&step, &mut acc)
            })?;
        }
        acc.finish(e.origin)
    }

    /// One item of a range walked by a comprehension; true when the result is decided.
    fn comprehension_item(
        &mut self,
        step: &Step<'p>,
        acc: &mut Acc,
        item: &Value,
    ) -> EvalResult<bool> {
        self.tick(1, step.e.origin)?;
        self.set(step.slot, item.clone());
        self.comprehension_step(step, acc)
    }

    /// The item a binder holds, copied.
    fn bound(&self, step: &Step<'p>) -> Value {
        self.slot(step.slot).cloned().unwrap_or_default()
    }

    /// The filter and body of a comprehension for the item bound to its binder.
    fn comprehension_step(&mut self, step: &Step<'p>, acc: &mut Acc) -> EvalResult<bool> {
        if let Some(f) = step.filter {
            if !self.condition(f)? {
                return Ok(false);
            }
        }
        let v = match step.body {
            Some(b) => self.eval(b)?,
            None => match step.op {
                CompOp::Any | CompOp::None => Value::Bool(true),
                _ => self.bound(step),
            },
        };
        if step.op == CompOp::Sum && self.trace.is_some() {
            let item = self.bound(step);
            if let Some(t) = &mut self.trace {
                // A record term is named by its place in the dossier.
                let binder = match t.path_of(&item) {
                    Some(path) => Value::Text(path),
                    None => item.clone(),
                };
                t.event(Event::SumTerm {
                    binder,
                    term: v.clone(),
                    ty: step.e.ty.clone(),
                });
            }
        }
        let item = if acc.op == CompOp::Sort {
            self.bound(step)
        } else {
            Value::Absent
        };
        acc.push(item, v, &self.prog.policy.tz, step.e.origin)
    }

    fn builtin(&mut self, func: Builtin, args: &'p [Expr], e: &'p Expr) -> EvalResult<Value> {
        // Up to three arguments on the stack, more on the heap.
        let mut inline = [Value::Absent, Value::Absent, Value::Absent];
        let mut heap = Vec::new();
        let vals: &[Value] = if args.len() <= inline.len() {
            for (slot, a) in inline.iter_mut().zip(args) {
                *slot = self.eval(a)?;
            }
            &inline[..args.len()]
        } else {
            heap.reserve(args.len());
            for a in args {
                heap.push(self.eval(a)?);
            }
            &heap
        };
        let mut refs = [&ABSENT; 3];
        let many: Vec<&Value>;
        let refs: &[&Value] = if vals.len() <= refs.len() {
            for (r, v) in refs.iter_mut().zip(vals) {
                *r = v;
            }
            &refs[..vals.len()]
        } else {
            many = vals.iter().collect();
            &many
        };
        let (v, chosen) = apply_builtin(func, refs, &e.ty, e.origin, &self.prog.policy.tz)?;
        if let (Some(chosen), Some(t)) = (chosen, &mut self.trace) {
            t.event(Event::Min {
                args: vals.to_vec(),
                ty: e.ty.clone(),
                chosen,
            });
        }
        Ok(v)
    }
}

/// A builtin applied to its evaluated arguments (`ty` is the call's static type), with, for
/// `min_of`, which argument was chosen (explanations show it).
pub(super) fn apply_builtin(
    func: Builtin,
    vals: &[&Value],
    ty: &Type,
    origin: ir::Origin,
    tz: &jiff::tz::TimeZone,
) -> EvalResult<(Value, Option<usize>)> {
    let list = |i: usize| -> &[Value] { vals.get(i).and_then(|v| v.as_list()).unwrap_or(&[]) };
    let int = |i: usize| vals.get(i).and_then(|v| v.as_int()).unwrap_or(0);
    let mut chosen_arg = None;
    let v = match func {
        Builtin::Count => Value::Int(i64::try_from(list(0).len()).unwrap_or(i64::MAX)),
        Builtin::Sum | Builtin::Mean | Builtin::Min | Builtin::Max => {
            let op = match func {
                Builtin::Sum => CompOp::Sum,
                Builtin::Mean => CompOp::Mean,
                Builtin::Min => CompOp::Min,
                _ => CompOp::Max,
            };
            let mut acc = Acc::new(op, ty);
            for x in list(0) {
                acc.push(Value::Absent, x.clone(), tz, origin)?;
            }
            acc.finish(origin)?
        }
        Builtin::MinOf | Builtin::MaxOf => {
            let mut best: Option<(usize, &Value)> = None;
            for (i, &v) in vals.iter().enumerate() {
                if v.is_absent() {
                    return Ok((Value::Absent, None));
                }
                let better = match best {
                    None => true,
                    Some((_, b)) => {
                        let o = ops::compare(v, b).ok_or_else(|| internal(origin))?;
                        if func == Builtin::MinOf {
                            o == Ordering::Less
                        } else {
                            o == Ordering::Greater
                        }
                    }
                };
                if better {
                    best = Some((i, v));
                }
            }
            let Some((chosen, v)) = best else {
                return Ok((Value::Absent, None));
            };
            if func == Builtin::MinOf {
                chosen_arg = Some(chosen);
            }
            v.clone()
        }
        Builtin::Round(mode) => {
            let strategy = ops::rounding(mode);
            let digits = ops::round_digits(int(1));
            match vals.first() {
                Some(Value::Money(d)) => Value::Money(d.round_dp_with_strategy(digits, strategy)),
                Some(Value::Decimal(d)) => {
                    Value::Decimal(d.round_dp_with_strategy(digits, strategy))
                }
                Some(&v) => v.clone(),
                None => Value::Absent,
            }
        }
        Builtin::Abs => match vals.first() {
            Some(Value::Int(n)) => Value::Int(
                n.checked_abs()
                    .ok_or_else(|| EvalError::new("arithmetic overflow", origin))?,
            ),
            Some(Value::Decimal(d)) => Value::Decimal(d.abs()),
            Some(Value::Money(d)) => Value::Money(d.abs()),
            Some(&v) => v.clone(),
            None => Value::Absent,
        },
        Builtin::Date => match vals.first() {
            Some(Value::Instant(t)) => Value::Date(tz.to_datetime(*t).date()),
            Some(&v) => v.clone(),
            None => Value::Absent,
        },
        Builtin::DaysBetween => match (vals.first(), vals.get(1)) {
            (Some(Value::Date(a)), Some(Value::Date(b))) => {
                let days = a
                    .until((jiff::Unit::Day, *b))
                    .map_err(|_| internal(origin))?
                    .get_days();
                Value::Int(i64::from(days))
            }
            _ => Value::Absent,
        },
        Builtin::First => list(0).first().cloned().unwrap_or(Value::Absent),
        Builtin::Last => list(0).last().cloned().unwrap_or(Value::Absent),
        Builtin::FirstN => {
            let n = usize::try_from(int(1).max(0))
                .unwrap_or(0)
                .min(list(0).len());
            Value::list(list(0)[..n].to_vec())
        }
        Builtin::LastN => {
            let xs = list(0);
            let n = usize::try_from(int(1).max(0)).unwrap_or(0).min(xs.len());
            Value::list(xs[xs.len() - n..].to_vec())
        }
        Builtin::Item => {
            let xs = list(0);
            let n = int(1);
            let len = i64::try_from(xs.len()).unwrap_or(i64::MAX);
            let index = if n > 0 { n - 1 } else { len + n };
            usize::try_from(index)
                .ok()
                .and_then(|i| xs.get(i))
                .cloned()
                .unwrap_or(Value::Absent)
        }
        Builtin::Pairs => Value::list(
            list(0)
                .windows(2)
                .map(|w| Value::record(vec![w[0].clone(), w[1].clone()]))
                .collect(),
        ),
        Builtin::Gaps => {
            let mut out = Vec::new();
            for w in list(0).windows(2) {
                if let (Value::Date(a), Value::Date(b)) = (&w[0], &w[1]) {
                    let days = a
                        .until((jiff::Unit::Day, *b))
                        .map_err(|_| internal(origin))?
                        .get_days();
                    out.push(Value::Int(i64::from(days)));
                }
            }
            Value::list(out)
        }
        Builtin::Distinct => {
            let mut out: Vec<Value> = Vec::new();
            let mut seen = Seen::new(&[list(0)]);
            for x in list(0) {
                if seen.first(x, &out) {
                    out.push(x.clone());
                }
            }
            Value::list(out)
        }
        Builtin::Flatten => Value::list(
            list(0)
                .iter()
                .filter_map(Value::as_list)
                .flat_map(|xs| xs.iter().cloned())
                .collect(),
        ),
        Builtin::AllDistinct => {
            let xs = list(0);
            let mut seen = Seen::new(&[xs]);
            Value::Bool(xs.iter().enumerate().all(|(i, x)| seen.first(x, &xs[..i])))
        }
        Builtin::Union => {
            let mut out: Vec<Value> = Vec::new();
            let mut seen = Seen::new(&[list(0), list(1)]);
            for x in list(0).iter().chain(list(1)) {
                if seen.first(x, &out) {
                    out.push(x.clone());
                }
            }
            Value::list(out)
        }
        Builtin::Intersection | Builtin::Difference => {
            let keep = func == Builtin::Intersection;
            let b = list(1);
            let inb = Among::new(b, list(0));
            let mut out: Vec<Value> = Vec::new();
            let mut seen = Seen::new(&[list(0)]);
            for x in list(0) {
                if inb.contains(x) == keep && seen.first(x, &out) {
                    out.push(x.clone());
                }
            }
            Value::list(out)
        }
        Builtin::Subset => {
            let inb = Among::new(list(1), list(0));
            Value::Bool(list(0).iter().all(|x| inb.contains(x)))
        }
        Builtin::AllOrNone => {
            let chosen = Among::new(list(1), list(0));
            let n = list(0).iter().filter(|g| chosen.contains(g)).count();
            Value::Bool(n == 0 || n == list(0).len())
        }
        Builtin::Present => Value::Bool(!vals.first().is_none_or(|v| v.is_absent())),
    };
    Ok((v, chosen_arg))
}

/// The name of field `index` of `base`'s record or struct type.
fn field_name<'a>(schema: &'a InputSchema, base: &'a Expr, index: u32) -> Option<&'a str> {
    match base.ty.required() {
        Type::Record(id) => schema
            .record(*id)
            .and_then(|r| r.fields.get(index as usize))
            .map(|f| f.name.as_str()),
        Type::Struct(fields) => fields.get(index as usize).map(|(n, _)| n.as_str()),
        _ => None,
    }
}

/// The integer bounds of a range (written at `start` and `end`), refused when the range could
/// not be walked within the step budget.
pub(super) fn range_bounds(
    a: &Value,
    b: &Value,
    start: ir::Origin,
    end: ir::Origin,
) -> EvalResult<(i64, i64)> {
    let a = a.as_int().ok_or_else(|| internal(start))?;
    let b = b.as_int().ok_or_else(|| internal(end))?;
    // Policies count sites and ranks, not billions.
    if b.saturating_sub(a) >= i64::try_from(super::MAX_STEPS).unwrap_or(i64::MAX) {
        return Err(range_too_long(a, b, super::MAX_STEPS, start));
    }
    Ok((a, b))
}

/// No row of `table` for the key `k`, looked up at `origin`.
pub(super) fn no_row(prog: &Program, table: u32, k: &Value, origin: ir::Origin) -> EvalError {
    let name = prog
        .table(table)
        .map(|t| t.name.clone())
        .unwrap_or_default();
    EvalError::new(
        format!("no row of table `{name}` for the key `{}`", show(k)),
        origin,
    )
    .with_help("add a row for this key, or an open range such as `13..`")
    .keyed(
        "eval-no-row",
        &[("table", name.to_string()), ("key", show(k))],
    )
}

/// `show` a value briefly, for error messages.
pub fn show(v: &Value) -> String {
    match v {
        Value::Int(n) => n.to_string(),
        Value::Decimal(d) | Value::Money(d) => d.to_string(),
        Value::Text(t) => t.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Instant(t) => t.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Absent => "absent".into(),
        other => format!("{other:?}"),
    }
}

pub(super) fn range_too_long(a: i64, b: i64, limit: u64, origin: ir::Origin) -> EvalError {
    EvalError::new(format!("the range `{a}..{b}` is too long"), origin)
        .with_help(format!(
            "a range may have at most {limit} items here; see the limits of care (docs/limits.md)"
        ))
        .keyed(
            "eval-range-too-long",
            &[
                ("start", a.to_string()),
                ("end", b.to_string()),
                ("limit", limit.to_string()),
            ],
        )
}

/// The place of a rule step, for an error in it.
fn origin_of(step: &RuleStep) -> ir::Origin {
    match step {
        RuleStep::When(e) | RuleStep::Require(e) => e.origin,
        RuleStep::ForEach { list: e, .. } | RuleStep::Let { value: e, .. } => e.origin,
    }
}

/// Lists longer than this are compared through a hash set (shorter ones by a scan, cheaper).
const HASHED_FROM: usize = 24;

/// Whether values of these lists are equal by [`ops::equal`] exactly when they are by `Eq` (so
/// that a hash set finds what a scan with `ops::equal` would): all but an integer beside a
/// decimal, which `ops::equal` compares by value.
fn hash_safe(lists: &[&[Value]]) -> bool {
    let has = |f: fn(&Value) -> bool| lists.iter().any(|l| l.iter().any(f));
    !(has(|v| matches!(v, Value::Int(_))) && has(|v| matches!(v, Value::Decimal(_))))
}

/// Membership in a list: a scan, or a hash set for long lists.
struct Among<'a> {
    list: &'a [Value],
    set: Option<std::collections::HashSet<&'a Value>>,
}

impl<'a> Among<'a> {
    /// Membership in `list` of the items of `probes`.
    fn new(list: &'a [Value], probes: &[Value]) -> Among<'a> {
        let set = (list.len() > HASHED_FROM && probes.len() > 1 && hash_safe(&[list, probes]))
            .then(|| list.iter().collect());
        Among { list, set }
    }

    fn contains(&self, x: &Value) -> bool {
        match &self.set {
            Some(s) => s.contains(x),
            None => self.list.iter().any(|y| ops::equal(x, y)),
        }
    }
}

/// Which values were already met, for `distinct`, `union`, …: a scan of those kept, or a hash
/// set for long lists.
struct Seen<'a> {
    set: Option<std::collections::HashSet<&'a Value>>,
}

impl<'a> Seen<'a> {
    fn new(lists: &[&'a [Value]]) -> Seen<'a> {
        let long = lists.iter().map(|l| l.len()).sum::<usize>() > HASHED_FROM;
        Seen {
            set: (long && hash_safe(lists)).then(std::collections::HashSet::new),
        }
    }

    /// Whether `x` is met for the first time; `before` holds the values met so far.
    fn first(&mut self, x: &'a Value, before: &[Value]) -> bool {
        match &mut self.set {
            Some(s) => s.insert(x),
            None => !before.iter().any(|y| ops::equal(x, y)),
        }
    }
}

/// `count(distinct(list))` without making the list: the items equal to no item before them
/// (those [`Builtin::Distinct`] keeps, since [`ops::equal`] is an equivalence).
pub(super) fn count_distinct(list: &[Value]) -> usize {
    let mut seen = Seen::new(&[list]);
    let mut n = 0;
    for (i, x) in list.iter().enumerate() {
        if seen.first(x, list.get(..i).unwrap_or(&[])) {
            n += 1;
        }
    }
    n
}

/// What is read where a value is absent.
pub(super) static ABSENT: Value = Value::Absent;

/// Whether `v`, of static type `ty`, holds integers where decimals are expected.
#[inline]
pub(super) fn needs_decimal(v: &Value, ty: &Type) -> bool {
    match ty.required() {
        Type::Decimal | Type::Share => matches!(v, Value::Int(_)),
        Type::List(t) if matches!(**t, Type::Decimal | Type::Share) => v
            .as_list()
            .is_some_and(|items| items.iter().any(|i| matches!(i, Value::Int(_)))),
        _ => false,
    }
}

/// `v` with its integers as decimals.
pub(super) fn to_decimal(v: &Value) -> Value {
    match v {
        Value::Int(n) => Value::Decimal(Decimal::from(*n)),
        Value::List(items) => Value::list(
            items
                .iter()
                .map(|i| match i {
                    Value::Int(n) => Value::Decimal(Decimal::from(*n)),
                    other => other.clone(),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A comparison or a membership test of two values; `None` when it compares with an absent one.
fn test_values(op: BinaryOp, a: &Value, b: &Value, e: &Expr) -> EvalResult<Option<bool>> {
    test_at(op, a, b, e.origin)
}

/// [`test_values`] with the place of the test.
#[inline]
pub(super) fn test_at(
    op: BinaryOp,
    a: &Value,
    b: &Value,
    origin: ir::Origin,
) -> EvalResult<Option<bool>> {
    Ok(Some(match op {
        BinaryOp::Eq => ops::equal(a, b),
        BinaryOp::Ne => !ops::equal(a, b),
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            if a.is_absent() || b.is_absent() {
                return Ok(None);
            }
            ordered(op, ops::compare(a, b).ok_or_else(|| internal(origin))?)
        }
        BinaryOp::In | BinaryOp::NotIn => {
            let found = b
                .as_list()
                .is_some_and(|xs| xs.iter().any(|x| ops::equal(x, a)));
            found == (op == BinaryOp::In)
        }
        _ => return Err(internal(origin)),
    }))
}

/// Whether `a op b` holds for values that compare as `o` (`a` against `b`): the orders, and
/// equality for those that the order decides.
#[inline]
pub(super) fn ordered(op: BinaryOp, o: Ordering) -> bool {
    match op {
        BinaryOp::Lt => o == Ordering::Less,
        BinaryOp::Le => o != Ordering::Greater,
        BinaryOp::Gt => o == Ordering::Greater,
        BinaryOp::Ge => o != Ordering::Less,
        _ => o == Ordering::Equal,
    }
}

/// Whether a binary operator compares or tests membership (its result is a bool or absent).
pub(super) fn is_test(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::In
            | BinaryOp::NotIn
    )
}

/// A value that a call result may be kept for: small, compared exactly (no text, list or record;
/// no decimal either, since equal decimals may differ in scale).
pub(super) fn is_scalar(v: &Value) -> bool {
    !matches!(
        v,
        Value::Text(_) | Value::List(_) | Value::Record(_) | Value::Decimal(_) | Value::Money(_)
    )
}

/// Most results of calls on a record a machine keeps for one dossier: they are searched one
/// by one, and a dossier rarely has more than a few records that functions are called on twice.
const RECORD_CALLS: usize = 32;

/// Most items of lists being built whose room a machine keeps from one dossier to the next.
const BUILDING_KEPT: usize = 4096;

/// Most call results a machine keeps.
pub(super) const CALL_CACHE: usize = 4096;

/// A call of a pure function with scalar arguments.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct CallKey {
    func: u32,
    args: [Value; CallKey::ARGS],
}

impl CallKey {
    pub(super) const ARGS: usize = 4;

    pub(super) fn new(func: u32, args: &[Slot]) -> CallKey {
        let mut key = CallKey {
            func,
            args: Default::default(),
        };
        for (k, a) in key.args.iter_mut().zip(args) {
            if let Slot::Value(v) = a {
                *k = v.clone();
            }
        }
        key
    }
}

/// A multiply-rotate hash for the call cache: its keys are a few small values, and SipHash
/// would cost more than some of the calls it saves.
#[derive(Clone, Copy, Default)]
pub(super) struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

pub(super) type FastHash = std::hash::BuildHasherDefault<FastHasher>;

/// A local: a value, or the item of a list a comprehension walks, by the list (which the slot
/// keeps while it is walked) and the item's index: binding an item copies no value and counts
/// no reference, and a read of the binder finds the list in its slot.
#[derive(Clone, Debug)]
pub(super) enum Slot {
    Value(Value),
    Walked(std::sync::Arc<[Value]>, u32),
}

impl Slot {
    pub(super) const EMPTY: Slot = Slot::Value(Value::Absent);
}

/// What a comprehension does with each item.
struct Step<'p> {
    op: CompOp,
    slot: u32,
    filter: Option<&'p Expr>,
    body: Option<&'p Expr>,
    e: &'p Expr,
}

/// An aggregate being computed over a comprehension.
pub(super) struct Acc {
    op: CompOp,
    count: i64,
    sum: Option<Value>,
    best: Option<Value>,
    flag: bool,
    /// `list`: the mapped values; `sort`: the keys and the items.
    items: Vec<Value>,
    sorted: Vec<(Value, Value)>,
    money: bool,
}

impl Acc {
    pub(super) fn new(op: CompOp, ty: &Type) -> Acc {
        let flag = matches!(op, CompOp::All | CompOp::None);
        let money = matches!(ty.required(), Type::Money);
        Acc {
            op,
            count: 0,
            sum: None,
            best: None,
            flag,
            items: Vec::new(),
            sorted: Vec::new(),
            money,
        }
    }

    /// Adds an item (`item`, its mapped value `v`); true when the result is already decided.
    /// `item` matters only to `sort`.
    pub(super) fn push(
        &mut self,
        item: Value,
        v: Value,
        tz: &jiff::tz::TimeZone,
        origin: ir::Origin,
    ) -> EvalResult<bool> {
        match self.op {
            CompOp::All => {
                if v.as_bool() != Some(true) {
                    self.flag = false;
                    return Ok(true);
                }
            }
            CompOp::Any => {
                if v.as_bool() == Some(true) {
                    self.flag = true;
                    return Ok(true);
                }
            }
            CompOp::None => {
                if v.as_bool() == Some(true) {
                    self.flag = false;
                    return Ok(true);
                }
            }
            CompOp::Count => self.count += 1,
            CompOp::Sum | CompOp::Mean => {
                if v.is_absent() {
                    return Ok(false);
                }
                self.count += 1;
                self.sum = Some(match self.sum.take() {
                    None => v,
                    Some(s) => ops::arith(BinaryOp::Add, &s, &v, tz, origin)?,
                });
            }
            CompOp::Min | CompOp::Max => {
                if v.is_absent() {
                    return Ok(false);
                }
                let better = match &self.best {
                    None => true,
                    Some(b) => {
                        let o = ops::compare(&v, b).ok_or_else(|| internal(origin))?;
                        if self.op == CompOp::Min {
                            o == Ordering::Less
                        } else {
                            o == Ordering::Greater
                        }
                    }
                };
                if better {
                    self.best = Some(v);
                }
            }
            CompOp::List => self.items.push(v),
            CompOp::Sort => self.sorted.push((v, item)),
        }
        Ok(false)
    }

    pub(super) fn finish(self, origin: ir::Origin) -> EvalResult<Value> {
        Ok(match self.op {
            CompOp::All | CompOp::Any | CompOp::None => Value::Bool(self.flag),
            CompOp::Count => Value::Int(self.count),
            CompOp::Sum => self.sum.unwrap_or(if self.money {
                Value::Money(Decimal::ZERO)
            } else {
                Value::Int(0)
            }),
            CompOp::Mean => match self.sum {
                None => Value::Absent,
                Some(s) => {
                    let n = Value::Int(self.count);
                    let total = match s {
                        Value::Int(i) => Value::Decimal(Decimal::from(i)),
                        other => other,
                    };
                    ops::arith(BinaryOp::Div, &total, &n, &jiff::tz::TimeZone::UTC, origin)?
                }
            },
            CompOp::Min | CompOp::Max => self.best.unwrap_or(Value::Absent),
            CompOp::List => Value::list(self.items),
            CompOp::Sort => {
                let mut items = self.sorted;
                // Stable: items with equal keys keep the order of the list.
                items.sort_by(|a, b| ops::compare_keys(&a.0, &b.0));
                Value::list(items.into_iter().map(|(_, v)| v).collect())
            }
        })
    }
}
