// The medcheck extension: starts `medcheck lsp` for Markdown, HTML and plain-text
// pages and passes the medcheck.* settings to it. Everything else is the server's.
"use strict";

const SETTINGS = ["grammar", "debounceMs", "grammarIdleMs", "rulesReference"];

// What to run, from the settings: a pure function (tests call it without VS Code).
function serverCommand(settings) {
  return { command: (settings && settings.path) || "medcheck", args: ["lsp"] };
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
  const { command, args } = serverCommand({ path: config.get("path") });
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
