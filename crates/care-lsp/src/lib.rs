//! `care lsp`: the language server of the care toolkit, over stdio (JSON-RPC, LSP 3.17), on
//! `tower-lsp-server`. The only crate that speaks LSP: it converts between the protocol and the
//! analysis layer (`care-analysis`), reads the `.care` files of its workspace folders (never a
//! file outside them), and runs fixtures and dossiers through `care-eval` for the code lens and
//! the commands of the editor contract (`docs/lsp.md`).

mod commands;
mod convert;
mod server;

use server::Backend;
use tower_lsp_server::{LspService, Server};

/// Serves the protocol on standard input and output until `exit`; an error when the server
/// cannot start.
pub fn run_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (stdin, stdout) = (tokio::io::stdin(), tokio::io::stdout());
        let (service, socket) = LspService::build(Backend::new)
            .custom_method("care/fileInfo", Backend::file_info)
            .finish();
        Server::new(stdin, stdout, socket).serve(service).await;
    });
    Ok(())
}
