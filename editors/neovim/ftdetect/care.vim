" `.care` files are policies (works in every Neovim; 0.8+ also reads vim.filetype.add).
autocmd BufRead,BufNewFile *.care setfiletype care
