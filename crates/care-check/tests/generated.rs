#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

//! The generated policy used by the benchmark is a valid policy: the benchmark measures a real check.

use care_check::loader::check_workspace;
use care_check::workspace::Workspace;
use std::path::Path;

#[test]
fn generated_policy_of_10000_lines_checks_clean() {
    let text = care_check::generate::policy(10_000);
    assert!(text.lines().count() >= 10_000);
    let mut ws = Workspace::new();
    let id = ws.add_text(Path::new("/generated/gen.care"), text);
    let (diags, policies) = check_workspace(&mut ws, &[id]);
    let blocking: Vec<_> = diags
        .iter()
        .filter(|d| d.is_blocking())
        .map(|d| care_syntax::diagnostic::render_short(d, &ws.sources))
        .collect();
    assert!(blocking.is_empty(), "{blocking:#?}");
    assert_eq!(policies.len(), 1);
    assert!(policies[0].tracks.len() > 50);
}
