//! What CI systems read: SARIF for code-scanning services, GitHub workflow commands for
//! annotations on a pull request's lines. JUnit (for `care test`) is in `junit.rs`.

pub mod github;
pub mod sarif;
