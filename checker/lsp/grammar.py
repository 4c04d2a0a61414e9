"""The editor server's one LanguageTool, for the server's whole life.

Started the first time a page needs grammar (never at start-up: typing must not
wait for Java), through ``checker.grammar.open_grammar`` like a ``medcheck check``
run: a configured URL or the background server of ``medcheck languagetool start``
when there is one, otherwise a server of its own. Stopped when the editor server
exits. When a request fails (the server died, or stopped answering), the server is
stopped and started again, and the page is checked once more.

Every method runs on the server's single grammar thread: language-tool-python's
client and the per-paragraph SQLite cache belong to the thread that opened them.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Any

log = logging.getLogger(__name__)

# After LanguageTool could not start (not built, no Java), try again only this much
# later: every save would otherwise spend seconds failing the same way.
RETRY_AFTER_SECONDS = 300.0


class GrammarService:
    def __init__(self) -> None:
        self._context: Any = None     # the open_grammar context manager, while open
        self._handle: Any = None
        self._url_setting = ""
        self.status = "skipped: not started yet (grammar runs on save or when idle)"
        self._failed_at: float | None = None
        self.starts = 0
        # Set from the event loop when the editor server exits: a start still under way
        # on the grammar thread must then stop what it started instead of keeping it.
        self.closing = False

    def handle_for(self, config: Any) -> tuple[Any, str]:
        """A LanguageTool handle with this configuration's rules and language, or
        (None, "skipped: <reason>")."""
        from ..grammar.session import lt_settings, state_dir

        if self.closing:
            return None, "skipped: the editor server is exiting"
        wanted = lt_settings(config)
        if self._handle is not None and (self._handle.failed() or wanted.url != self._url_setting):
            self.close()
        if self._handle is None:
            if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_AFTER_SECONDS:
                return None, self.status
            self._open(config, wanted.url)
        if self._handle is None:
            return None, self.status
        cache = state_dir(config) / "results.sqlite"
        return replace(self._handle, language=wanted.language, disabled_rules=wanted.disabled_rules,
                       enabled_rules=wanted.enabled_rules, timeout=wanted.timeout,
                       cache_path=str(cache)), "checked"

    def _open(self, config: Any, url: str) -> None:
        from ..grammar import open_grammar

        started = time.monotonic()
        context = open_grammar(config, enabled=True)
        try:
            handle, status = context.__enter__()
        except Exception as exc:  # a bug in start-up must not take the editor server down
            log.exception("LanguageTool start-up failed")
            handle, status = None, f"skipped: LanguageTool could not start ({type(exc).__name__}: {exc})"
        self.status = status
        if handle is not None and self.closing:
            _exit_quietly(context)
            return
        if handle is None:
            self._failed_at = time.monotonic()
            _exit_quietly(context)
            log.warning("grammar %s", status)
            return
        self._context, self._handle, self._url_setting = context, handle, url
        self._failed_at = None
        self.starts += 1
        log.info("LanguageTool %s at %s (%s) ready in %.1f s", handle.version, handle.url,
                 handle.owner, time.monotonic() - started)

    def restart(self) -> None:
        """After a failed request: the next handle_for() starts a new server."""
        reason = self._handle.failed() if self._handle is not None else None
        log.warning("LanguageTool failed (%s); starting it again", reason)
        self.close()
        self._failed_at = None

    def describe(self) -> dict:
        handle = self._handle
        if handle is None:
            return {"status": self.status}
        return {"status": "checked", "url": handle.url, "version": handle.version,
                "owner": handle.owner, "starts": self.starts}

    def close(self) -> None:
        context, self._context, self._handle = self._context, None, None
        if context is not None:
            _exit_quietly(context)


def _exit_quietly(context: Any) -> None:
    try:
        context.__exit__(None, None, None)
    except Exception:  # stopping must never raise out of shutdown
        log.exception("stopping LanguageTool failed")

