"""Regular expressions compiled once per Python, not once per run.

Importing the check families compiles some 450 regular expressions (the claim
readers, the knowledge base's phrase patterns, proselint's checks, markdown-it's and
PyYAML's own), a sixth of a one-page check's start-up. What Python's compiler makes
of a pattern (the matcher's code, its groups) depends only on the pattern, its flags
and the Python build, so ``install()`` keeps that code in the compiled store
(checker/compiled.py) and builds each known pattern straight from it, which costs a
few microseconds instead of the parse and compile.

A pattern is stored only when the object built from the stored code compares equal
to the one Python's own compiler made (same pattern, flags and code), and anything
unusual (bytes patterns compiled from parsed trees, re.DEBUG, a Python whose
compiler internals differ) goes to Python's compiler untouched. The entry is written
when a run compiled a good number of patterns it lacked (the first run of a new
medcheck or Python); patterns made from page text or a set's order (which differs
between processes) then miss and are compiled as before, and never make it grow
without end.
"""

from __future__ import annotations

import atexit
import os
import re
from typing import Any

_KIND = "regex-code"
# A run that compiled fewer patterns than this outside the entry leaves it as it is:
# a few per run are made from page text or a set's iteration order.
_REWRITE_AFTER = 32
_MAX_ENTRIES = 8192

_known: dict[tuple[type, Any, int], tuple] = {}
_new: dict[tuple[type, Any, int], tuple] = {}
_used: set[tuple[type, Any, int]] = set()
_installed_by: int | None = None
_python_compile: Any = None  # Python's own compiler, which the store stands in front of


def _key_parts() -> tuple[str, ...]:
    import _sre
    return (str(_sre.MAGIC), str(_sre.CODESIZE), str(getattr(_sre, "MAXGROUPS", "")))


def install() -> None:
    """Serve this process's regular expressions from the stored code (idempotent)."""
    global _installed_by, _python_compile
    if _installed_by is not None:
        return
    try:
        import _sre
        from re import _compiler, _parser
        original = _compiler.compile
        parse, code_of = _parser.parse, _compiler._code
    except (ImportError, AttributeError):  # another Python's internals: leave re alone
        return
    from . import compiled

    stored = compiled.read_entry(_KIND, _key_parts(), code=False)
    if isinstance(stored, dict):
        _known.update(stored)
    _installed_by = os.getpid()

    def compile_known(p: Any, flags: int = 0) -> Any:
        if not isinstance(p, (str, bytes)) or flags & re.DEBUG:
            return original(p, flags)
        key = (type(p), p, int(flags))
        args = _known.get(key)
        if args is not None:
            _used.add(key)
            return _sre.compile(p, *args)
        made = original(p, flags)
        if len(_new) >= _MAX_ENTRIES:  # a long-lived process (the editor's server) that
            return made                # keeps making patterns: its table stops growing
        try:
            parsed = parse(p, flags)
            # Plain ints: the compiler's opcodes are named int constants that do not pickle.
            args = (made.flags, [int(op) for op in code_of(parsed, flags)], made.groups,
                    dict(made.groupindex),
                    _index_groups(made))
            if _sre.compile(p, *args) == made:
                _known[key] = _new[key] = args
                _used.add(key)
        except Exception:  # pragma: no cover - a compiler that works otherwise
            pass
        return made

    _python_compile = original
    _compiler.compile = compile_known
    atexit.register(_save)


def _index_groups(pattern: Any) -> tuple:
    names: list[str | None] = [None] * (pattern.groups + 1)
    for name, number in pattern.groupindex.items():
        names[number] = name
    return tuple(names)


def _save() -> None:
    # Only the process that installed the hook writes (worker processes share its table).
    if os.getpid() != _installed_by or len(_new) < _REWRITE_AFTER:
        return
    # Grown past the bound over many medcheck versions: start again from this run's own.
    value = _known if len(_known) <= _MAX_ENTRIES else {k: _known[k] for k in _used}
    from . import compiled
    try:
        compiled.write_entry(_KIND, _key_parts(), value, code=False)
    except Exception:  # the interpreter is shutting down: a later run writes it
        pass

