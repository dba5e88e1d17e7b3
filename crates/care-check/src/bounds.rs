//! The `cap_never_binds` lint (written next).

use crate::check::Ctx;
use crate::ir;

pub fn caps(cx: &mut Ctx, functions: &[ir::Function]) {
    let _ = (cx, functions);
}
