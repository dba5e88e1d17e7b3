//! The checker: loads policy folders, assembles each version (includes, amendments), resolves
//! names, checks types and runs the lints. Its output is a checked, typed form of each version
//! ([`ir::Policy`]), which evaluation runs.

pub mod assemble;
mod bounds;
mod builtins;
pub mod check;
mod ctx;
pub mod decls;
mod env;
mod field_bounds;
pub mod files;
pub mod generate;
mod header;
pub mod index;
pub mod ir;
pub mod lints;
pub mod loader;
pub mod lookalike;
pub mod model;
mod names;
mod narrow;
mod resolve;
mod rules;
mod tables;
mod typeck;
pub mod types;
mod windows;
pub mod workspace;
pub mod zones;

pub use builtins::{builtin_docs, builtin_params, BuiltinDoc, BUILTINS, BUILTIN_DOCS};
pub use loader::{check_input, check_paths, CheckReport};
