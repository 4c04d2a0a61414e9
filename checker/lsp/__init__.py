"""The language server (``medcheck lsp``): medcheck's findings in the editor as you write.

    server.py         the pygls server: documents, scheduling, publishing, requests
    projects.py       which configuration governs a buffer; settings built once per configuration
    positions.py      engine offsets <-> LSP positions (UTF-16), findings carried across edits
    diagnostics.py    findings as diagnostics (severity, rule code and link, repeats)
    actions.py        quick fixes, waivers, "add to the word list", fix all
    project_words.py  adding a word to the configuration's `words`
    grammar.py        the server's one LanguageTool, started lazily and restarted if it dies
"""
