//! The formatter prints an expression nested up to the limit of the language
//! (`care_syntax::MAX_EXPR_DEPTH`) on a thread with a 2 MiB stack, and reads back what it printed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use care_syntax::MAX_EXPR_DEPTH;

#[test]
fn deep_expressions_format_on_a_small_stack() {
    let ops = MAX_EXPR_DEPTH - 2;
    let exprs = [
        format!("{}1{}", "(".repeat(ops), ")".repeat(ops)),
        vec!["1"; ops].join(" + "),
        format!("{}1", "- ".repeat(ops)),
        format!("{}true", "not ".repeat(ops)),
        format!("{}0", "if a then 1 else ".repeat(ops / 2)),
        format!("{}1{}", "max(1, ".repeat(ops), ")".repeat(ops)),
        format!("{}1{}", "[".repeat(ops), "]".repeat(ops)),
    ];
    for e in exprs {
        let text = format!("value v {{\n  {e}\n}}\n");
        let result = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let once = care_fmt::format(&text).map_err(|e| format!("{e:?}"))?;
                let twice = care_fmt::format(&once).map_err(|e| format!("{e:?}"))?;
                Ok::<_, String>(once == twice)
            })
            .unwrap()
            .join()
            .expect("no panic");
        assert_eq!(result, Ok(true));
    }
}
