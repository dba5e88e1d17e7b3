//! `care fmt [--check] PATH...` (to be written)

#[derive(clap::Args)]
pub struct Args {
    /// Files or folders to format
    #[arg(required = true)]
    paths: Vec<std::path::PathBuf>,
    /// Do not write: list the files that would change and exit 1
    #[arg(long)]
    check: bool,
}

pub fn run(args: Args) -> i32 {
    let _ = (args.paths, args.check);
    crate::exit::OK
}
