//! Tools for publishing the next version of a policy, on top of the checker and the evaluator:
//!
//! - [`load`]: a policy folder checked once, its versions with their declarations (where each
//!   piece is written) and their checked form;
//! - [`diff`]: what a version changes, semantically (objectives, tracks, tables row by row,
//!   functions' values over a range, inputs, rules, outputs), each change with both locations,
//!   rendered in French, as JSON or as Markdown;
//! - [`table`]: a table or a function of the policy over a range, per value of its track or enum
//!   parameters;
//! - [`simulate`]: a cohort of dossiers evaluated under two versions, the decisions that change
//!   and the totals, as CSV, JSON or a self-contained HTML report with SVG charts.
//!
//! Nothing here knows the terminal: the command line (`care-cli`) prints what these return.

pub mod diff;
mod fr;
mod html;

pub mod load;
pub mod simulate;
mod svg;

pub mod table;

pub use load::{Folder, LoadError, Version};
