//! The names of a version once resolved (the output of the resolve pass, `resolve.rs`): what
//! the typing pass and the lints look names up in. Plain data.

use crate::model::InputSchema;
use crate::types::Type;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Global {
    Input,
    Track(u32),
    Table(u32),
    Function(u32),
    Value(u32),
    Output(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodeRef {
    Rule(u32),
    Objective(u32),
}

/// The names of a version, resolved.
#[derive(Debug, Default)]
pub struct Names {
    pub schema: InputSchema,
    pub type_names: HashMap<String, Type>,
    pub globals: HashMap<String, Global>,
    pub codes: HashMap<String, CodeRef>,
    /// Objective indices (into decls.objectives) → index in the checked list.
    pub objective_index: HashMap<usize, u32>,
    pub function_sigs: Vec<(Vec<(String, Type)>, Type)>,
    /// Declared output types; `None` for an output whose type is its body's.
    pub output_types: Vec<Option<Type>>,
}
