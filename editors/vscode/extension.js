// The medcheck extension: starts `medcheck lsp` for Markdown, HTML and plain-text
// pages and passes the medcheck.* settings to it. Everything else is the server's.
"use strict";

const path = require("path");

const SETTINGS = ["grammar", "debounceMs", "grammarIdleMs", "rulesReference"];

// What to run, from the settings: a pure function (tests call it without VS Code).
// A relative path with a folder in it (".venv/bin/medcheck") is the workspace's own.
function serverCommand(settings, workspaceFolder) {
  let command = (settings && settings.path) || "medcheck";
  if (workspaceFolder && command.includes("/") && !path.isAbsolute(command)) {
    command = path.join(workspaceFolder, command);
  }
  return { command, args: ["lsp"] };
}

function serverSettings(read) {
  const out = {};
  for (const key of SETTINGS) {
    const value = read(key);
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

let client;

async function activate(context) {
  const vscode = require("vscode");
  const { LanguageClient, TransportKind } = require("vscode-languageclient/node");
  const config = vscode.workspace.getConfiguration("medcheck");
  const folders = vscode.workspace.workspaceFolders || [];
  const root = folders.length ? folders[0].uri.fsPath : undefined;
  const { command, args } = serverCommand({ path: config.get("path") }, root);
  const serverOptions = { command, args, transport: TransportKind.stdio };
  const languages = ["markdown", "html", "plaintext"];
  const clientOptions = {
    documentSelector: languages.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    initializationOptions: serverSettings((key) => config.get(key)),
    synchronize: { configurationSection: "medcheck" },
  };
  client = new LanguageClient("medcheck", "medcheck", serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, serverCommand, serverSettings };
