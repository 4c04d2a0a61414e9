-- Headless Neovim with its built-in LSP client attached to `medcheck lsp`: opens the
-- page, waits for diagnostics and writes what Neovim received as JSON.
-- Works with Neovim 0.7 (Debian 12) and later: start_client + buf_attach_client.
local page = os.getenv("MEDCHECK_PAGE")
local out = os.getenv("MEDCHECK_OUT")
local want = tonumber(os.getenv("MEDCHECK_WANT"))
local cmd = vim.fn.json_decode(os.getenv("MEDCHECK_LSP_CMD"))

vim.cmd("edit " .. vim.fn.fnameescape(page))
local buffer = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "medcheck",
  cmd = cmd,
  root_dir = vim.fn.fnamemodify(page, ":h"),
})
vim.lsp.buf_attach_client(buffer, client)

local arrived = vim.wait(180000, function()
  return #vim.diagnostic.get(buffer) >= want
end, 100)

local items = {}
for _, d in ipairs(vim.diagnostic.get(buffer)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(items, {
    lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    severity = d.severity, source = d.source, message = d.message,
    code = d.code or lsp.code,
  })
end
local encoding = vim.lsp.get_client_by_id(client).offset_encoding
vim.fn.writefile({ vim.fn.json_encode({ arrived = arrived, encoding = encoding, items = items }) }, out)
vim.lsp.stop_client(client)
vim.wait(10000, function() return vim.lsp.get_client_by_id(client) == nil end, 100)
vim.cmd("qall!")
