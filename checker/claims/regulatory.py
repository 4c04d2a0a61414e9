"""Claims about regulatory: see the package docstring."""

from __future__ import annotations

RULES: tuple = ()
CHECKS: tuple = ()
