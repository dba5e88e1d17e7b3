//! The fuzz targets' shared code: see `harness.rs`, which the workspace's test suite compiles
//! too, to replay what the fuzzers found.

pub mod harness;

use std::sync::OnceLock;

/// The real policies of the repository, loaded once per fuzzing process.
pub fn policies() -> &'static harness::Policies {
    static POLICIES: OnceLock<harness::Policies> = OnceLock::new();
    POLICIES.get_or_init(|| harness::Policies::from_repository(env!("CARGO_MANIFEST_DIR"), 1))
}
