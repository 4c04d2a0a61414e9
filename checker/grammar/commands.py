"""`medcheck languagetool start|stop|status`: one LanguageTool kept running in the
background, for editors who run medcheck many times a minute (a per-run server costs
a few seconds of start-up and warm-up; the background one is already warm).

`medcheck check` uses it whenever its state file names a live server; the state file
is ``<cache_dir>/languagetool/server.json`` (pid, port, URL, version).
"""

from __future__ import annotations

import sys

import click

from ..config import load_config
from .install import GrammarUnavailable, find_install
from .session import describe_state, live_background, start_background, state_dir, stop_background

_config_option = click.option("--config", "config_path", type=click.Path(dir_okay=False),
                              help="Configuration file (default: found from the current folder).")


@click.group()
def languagetool() -> None:
    """Run a local LanguageTool server in the background."""


@languagetool.command()
@_config_option
def start(config_path: str | None) -> None:
    """Start the background server (no-op when it is already running)."""
    config = load_config(config_path)
    try:
        state, started = start_background(config)
    except GrammarUnavailable as exc:
        click.echo(f"medcheck: error: LanguageTool not started: {exc}", err=True)
        sys.exit(2)
    if started:
        click.echo(f"started {describe_state(state)} in {state.get('start_seconds', '?')} s")
    else:
        click.echo(f"already running: {describe_state(state)}")


@languagetool.command()
@_config_option
def stop(config_path: str | None) -> None:
    """Stop the background server."""
    config = load_config(config_path)
    state = stop_background(config)
    if state is None:
        click.echo("no background LanguageTool was running")
    else:
        click.echo(f"stopped LanguageTool at {state['url']} (pid {state['pid']})")


@languagetool.command()
@_config_option
def status(config_path: str | None) -> None:
    """Say whether the background server runs (exit 0) or not (exit 1), and the build."""
    config = load_config(config_path)
    try:
        install = find_install(config)
        click.echo(f"build: LanguageTool {install.version} in {install.dist}")
    except GrammarUnavailable as exc:
        click.echo(f"build: none ({exc})")
    state = live_background(state_dir(config))
    if state is None:
        click.echo("server: not running (`medcheck languagetool start` starts one; "
                   "`medcheck check` otherwise starts its own for each run)")
        sys.exit(1)
    click.echo(f"server: {describe_state(state)}")

