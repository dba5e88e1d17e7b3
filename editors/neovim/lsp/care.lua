-- The care language server for Neovim 0.11 and later (`vim.lsp.config` / `vim.lsp.enable`).
-- Neovim finds this file as `lsp/care.lua` on the runtime path; `plugin/care.lua` enables it.
return {
  cmd = { 'care', 'lsp' },
  filetypes = { 'care' },
  -- The workspace folder: the repository, or else the folder above the policy folder.
  root_markers = { '.git', 'Cargo.toml' },
  init_options = { showSilenced = false },
}
