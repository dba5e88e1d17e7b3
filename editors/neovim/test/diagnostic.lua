-- Headless Neovim test: open a policy with a garbage line, wait for `care lsp` to publish its
-- diagnostics, and write what Neovim shows to $CARE_NVIM_RESULT ("E0001 line N"), then quit.
-- Run by test/run.sh (from .ci/run).
local result_path = os.getenv('CARE_NVIM_RESULT')
local file = os.getenv('CARE_NVIM_FILE')

local function finish(text, code)
  local f = io.open(result_path, 'w')
  f:write(text .. '\n')
  f:close()
  vim.cmd(code == 0 and 'qall!' or 'cquit! ' .. code)
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
assert(vim.bo.filetype == 'care', 'filetype: ' .. vim.bo.filetype)
local ok = vim.wait(20000, function()
  return #vim.diagnostic.get(0) > 0
end, 50)
if not ok then
  finish('no diagnostic within 20 s', 1)
  return
end
local d = vim.diagnostic.get(0)[1]
finish(string.format('%s line %d', d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?', d.lnum + 1), 0)
