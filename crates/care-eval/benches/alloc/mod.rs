//! The benchmarks run with the allocator the `care` binary ships with (mimalloc,
//! `crates/care-cli/src/main.rs`), so that they measure what the command runs: a decoded
//! dossier is a few dozen small allocations, and with glibc's allocator `malloc` and `free` are
//! a fifth of a decoding. docs/performance.md gives figures with both.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
