//! Exit codes, the same for every command (published in the README).

/// The command did its job; for `eval`, whatever the decision.
pub const OK: i32 = 0;
/// The command found problems: `check` not clean, `fmt --check` would change files, `test` failures.
pub const FINDINGS: i32 = 1;
/// Wrong usage: unknown option, missing argument (clap's own code).
pub const USAGE: i32 = 2;
/// The policy does not check: it cannot be evaluated.
pub const INVALID_POLICY: i32 = 3;
/// The dossier is not valid data for the policy.
pub const INVALID_DATA: i32 = 4;
/// No version of the policy is in force at the dossier's reference date.
pub const NO_VERSION: i32 = 5;
/// A file could not be read or written.
pub const IO: i32 = 6;
/// Evaluation stopped on an arithmetic error (overflow, division by zero) or a missing table row.
pub const EVAL_ERROR: i32 = 7;
/// A batch (`care eval --dossiers`) where some dossiers could not be evaluated (invalid data, no
/// version in force, an evaluation error): their lines say why, the others' results are written.
pub const BATCH_INCOMPLETE: i32 = 8;
