//! `care lsp`: the language server, on standard input and output, for any editor (see
//! `docs/lsp.md`). Everything it does is in the `care-lsp` crate.

#[derive(clap::Args)]
pub struct Args {
    /// Print the version of `care` and exit
    #[arg(long, short = 'V')]
    version: bool,
    /// Talk over standard input and output (the only transport; accepted for clients that
    /// pass it)
    #[arg(long)]
    stdio: bool,
}

pub fn run(args: Args) -> i32 {
    if args.version {
        outln!("care {}", env!("CARGO_PKG_VERSION"));
        return crate::exit::OK;
    }
    let _ = args.stdio;
    match care_lsp::run_stdio() {
        Ok(()) => crate::exit::OK,
        Err(e) => {
            errln!(
                "{}",
                crate::ui::error("cli-lsp-cannot-start", &[("reason", &e.to_string())])
            );
            crate::exit::IO
        }
    }
}
