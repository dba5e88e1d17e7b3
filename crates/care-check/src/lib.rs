//! The checker: loads policy folders, assembles each version (includes, amendments), resolves
//! names, checks types and runs the lints. Its output is a checked, typed form of each version,
//! which evaluation runs.

pub mod loader;
pub mod model;
pub mod types;

pub use loader::{check_paths, CheckReport};
