-- Starts `care lsp` for `.care` buffers.
-- Neovim 0.11+: through `vim.lsp.config` (see `lsp/care.lua`) and `vim.lsp.enable`.
-- Older Neovim (0.7 to 0.10): the same settings through `vim.lsp.start` or `vim.lsp.start_client`.
if vim.g.loaded_care_lsp then
  return
end
vim.g.loaded_care_lsp = true

vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  pattern = '*.care',
  command = 'setfiletype care',
})

if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
  vim.lsp.enable('care')
  return
end

local function root_for(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local found = vim.fn.finddir('.git', dir .. ';')
  if found ~= '' then
    return vim.fn.fnamemodify(found, ':p:h:h')
  end
  -- A policy folder's parent, so that every policy beside it is in the workspace.
  return vim.fn.fnamemodify(dir, ':h')
end

local clients = {}

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'care',
  callback = function(args)
    local root = root_for(vim.api.nvim_buf_get_name(args.buf))
    local config = {
      name = 'care',
      cmd = { vim.g.care_command or 'care', 'lsp' },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      init_options = { showSilenced = vim.g.care_show_silenced or false },
    }
    if vim.lsp.start ~= nil then
      vim.lsp.start(config) -- 0.8 to 0.10
      return
    end
    -- 0.7: one client per root, attached to each buffer.
    local id = clients[root]
    if id == nil or vim.lsp.get_client_by_id(id) == nil then
      id = vim.lsp.start_client(config)
      clients[root] = id
    end
    if id ~= nil then
      vim.lsp.buf_attach_client(args.buf, id)
    end
  end,
})
