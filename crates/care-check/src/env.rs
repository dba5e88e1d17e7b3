//! Local names in scope while checking one body (rule, function, value, output, objective), each
//! with the slot evaluation stores it in.

use crate::index::Symbol;
use crate::types::Type;

#[derive(Default)]
pub struct Env {
    /// Name, slot, type, and the symbol of the binding (where it is bound).
    scopes: Vec<(String, u32, Type, Symbol)>,
    next: u32,
    max: u32,
}

impl Env {
    pub fn new() -> Self {
        Self::default()
    }

    /// Binds a name in a new slot; `symbol` is what its uses refer to in the index.
    pub fn bind(&mut self, name: &str, ty: Type, symbol: Symbol) -> u32 {
        let slot = self.next;
        self.scopes.push((name.to_string(), slot, ty, symbol));
        self.next += 1;
        self.max = self.max.max(self.next);
        slot
    }

    pub fn lookup(&self, name: &str) -> Option<(u32, &Type)> {
        self.scopes
            .iter()
            .rev()
            .find(|(n, _, _, _)| n == name)
            .map(|(_, s, t, _)| (*s, t))
    }

    /// The binding a name refers to, for the index.
    pub fn symbol(&self, name: &str) -> Option<&Symbol> {
        self.scopes
            .iter()
            .rev()
            .find(|(n, _, _, _)| n == name)
            .map(|(_, _, _, s)| s)
    }

    /// A mark to return to when a scope ends. Slots are not reused, so that evaluation can keep
    /// a flat frame per body.
    pub fn mark(&self) -> usize {
        self.scopes.len()
    }

    pub fn reset(&mut self, mark: usize) {
        self.scopes.truncate(mark);
    }

    /// Slots used by the body so far.
    pub fn slots(&self) -> u32 {
        self.max
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.scopes.iter().map(|(n, _, _, _)| n.as_str())
    }
}
