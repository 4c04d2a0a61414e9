"""`medcheck facts`: what the fact base knows about a medicine or class, with sources."""

from __future__ import annotations

import sys

import click


@click.command("facts")
@click.argument("names", nargs=-1)
@click.option("--check", "check_only", is_flag=True,
              help="Load and validate the whole fact base (exit 2 on any problem).")
@click.option("--config", "config_path", type=click.Path(), help="Configuration file.")
def facts(names, check_only, config_path):
    """Show what the fact base knows about medicines or classes (generic, brand or class names)."""
    from .config import load_config
    from .engine import InputError, build_settings

    config = load_config(config_path)
    try:
        kb = build_settings(config, families=("medical",)).kb
    except InputError as exc:
        click.echo(f"medcheck: error: {exc}", err=True)
        sys.exit(2)
    if check_only or not names:
        from .knowledge import summary
        click.echo(f"fact base OK: {summary(kb)}")
        if not names:
            return
    from .knowledge import describe
    missing = []
    for name in names:
        text = describe(kb, name)
        if text is None:
            missing.append(name)
            continue
        click.echo(text)
        click.echo("")
    if missing:
        import difflib
        for name in missing:
            close = difflib.get_close_matches(name.lower(), sorted(set(n.lower() for n in kb.names())), n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            click.echo(f"medcheck: the fact base knows nothing about '{name}'{hint}", err=True)
        sys.exit(2)
