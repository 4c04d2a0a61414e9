"""The claim reader's rules, one module per kind of claim.

Each module reads sentences into claims about a medicine or class (through
``frames`` for negation, hedges, questions and myths) and judges them against the
fact base (``ctx.kb``). A module exports ``RULES`` (its declared rules) and
``CHECKS`` (its sentence or page checks); the medical family runs them all.
"""

from __future__ import annotations

from . import absolute, dosing, names, regulatory, risks

MODULES = (regulatory, dosing, risks, absolute, names)
RULES = tuple(rule for module in MODULES for rule in module.RULES)
CHECKS = tuple(check for module in MODULES for check in module.CHECKS)
