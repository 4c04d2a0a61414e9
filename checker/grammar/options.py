"""The grammar family's configuration keys. They live apart from the server session
(checker/grammar/session.py, which re-exports them) because every run declares them,
even one without grammar, and the session pulls in the HTTP client and the server
manager."""

from __future__ import annotations

from ..options import Option

LANGUAGETOOL = Option(
    "languagetool",
    {"url": str, "disabled_rules": "list[str]", "enabled_rules": "list[str]", "timeout": float,
     "heap": str, "enabled": bool, "language": str, "home": str},
    {"url": "", "disabled_rules": [], "enabled_rules": [], "timeout": 30.0, "heap": "1g",
     "enabled": True, "language": "en-US", "home": ""},
    "The grammar server: a team server's url, rules to turn off or on, timeout, heap, language, "
    "the build's folder (home).", per_path=False)
WORDS = Option("words", "list[str]", [], "Project words that are never spelling mistakes.")
