"""YAML rule packs: loading (loader.py) and matching (matchers.py)."""
