// VS Code's own JSON-RPC stack (vscode-languageserver-protocol, which the extension's
// vscode-languageclient is built on) talking to the server the extension starts, with
// the command and settings the extension computes: prints the diagnostics it received.
"use strict";
const { spawn } = require("child_process");
const rpc = require("vscode-languageserver-protocol/node");
const extension = require(process.env.MEDCHECK_EXTENSION);

async function main() {
  const settings = { grammar: false, debounceMs: 50 };
  const { command, args } = extension.serverCommand({ path: process.env.MEDCHECK_COMMAND });
  // vscode-languageclient adds --stdio for TransportKind.stdio.
  const child = spawn(command, [...args, "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout),
                                                 new rpc.StreamMessageWriter(child.stdin));
  const received = new Promise((resolve) => {
    connection.onNotification(rpc.PublishDiagnosticsNotification.type, (params) => {
      if (params.diagnostics.length > 0) resolve(params);
    });
  });
  connection.onRequest(rpc.RegistrationRequest.type, () => null);
  connection.listen();
  const root = process.env.MEDCHECK_ROOT;
  const init = await connection.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid, rootUri: "file://" + root, workspaceFolders: null,
    capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true,
                                                           codeDescriptionSupport: true } } },
    initializationOptions: extension.serverSettings((key) => settings[key]),
  });
  connection.sendNotification(rpc.InitializedNotification.type, {});
  connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: "file://" + root + "/dose.md", languageId: "markdown", version: 1,
                    text: process.env.MEDCHECK_TEXT },
  });
  const diagnostics = await received;
  const status = await connection.sendRequest(rpc.ExecuteCommandRequest.type,
                                              { command: "medcheck.status", arguments: [] });
  await connection.sendRequest(rpc.ShutdownRequest.type);
  connection.sendNotification(rpc.ExitNotification.type);
  const code = await new Promise((resolve) => child.on("exit", resolve));
  console.log(JSON.stringify({ server: init.serverInfo, diagnostics, status, exit: code }));
}

main().catch((error) => { console.error(error); process.exit(1); });
