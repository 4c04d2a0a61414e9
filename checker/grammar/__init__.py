"""Grammar and spelling through a real, local LanguageTool server.

    install.py   where the built server lives (tools/languagetool/dist) and whether it is there
    wordlist.py  the medical word list put on the server's classpath
    server.py    starting, waiting for, warming up and stopping the Java server
    client.py    the picklable handle, batched requests, the block result cache
    session.py   open_grammar(): one server for a run, or a background/configured one
    commands.py  the `medcheck languagetool start|stop|status` click group

Nothing here sends text anywhere but a LanguageTool on loopback or the URL the
project configured.
"""

__all__ = ["open_grammar"]


def __getattr__(name: str):
    # Lazy, so `python -m checker.grammar.wordlist` (build.sh) does not import the
    # session machinery first.
    if name == "open_grammar":
        from .session import open_grammar

        return open_grammar
    raise AttributeError(name)
