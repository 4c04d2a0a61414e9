"""`medcheck languagetool start|stop|status`: one LanguageTool kept running in the
background, for editors who run medcheck many times a minute (a per-run server costs
a few seconds of start-up and warm-up; the background one is already warm).

`medcheck check` uses it, from any folder, whenever the user's state file names a live
server: ``languagetool/server.json`` in the user's runtime folder ($XDG_RUNTIME_DIR/medcheck,
else ~/.cache/medcheck/run; MEDCHECK_RUNTIME_DIR overrides it), with pid, port, URL, version.
"""

from __future__ import annotations

import os
import sys

import click

from ..config import load_config
from .install import GrammarUnavailable, find_install
from .session import describe_state, live_background, start_background, stop_background

_config_option = click.option("--config", "config_path", type=click.Path(dir_okay=False),
                              help="Configuration file (default: found from the current folder).")


@click.group()
def languagetool() -> None:
    """Build the local LanguageTool server, or keep one running in the background."""


@languagetool.command()
@_config_option
@click.option("--dir", "folder", type=click.Path(file_okay=False),
              help="Where to build it (default: the checkout's tools/languagetool/dist, or the "
                   "user's data folder for an installed medcheck).")
@click.option("--force", is_flag=True, help="Resolve the jars again even when nothing changed.")
def install(config_path: str | None, folder: str | None, force: bool) -> None:
    """Build the local LanguageTool server from Maven Central (needs Java 17 and Maven)."""
    from pathlib import Path

    from ..resources import languagetool_pom
    from .build import BuildError, build
    from .install import dist_dir

    config = load_config(config_path)
    dist = Path(folder).expanduser().resolve() if folder else dist_dir(config)
    try:
        build(dist, languagetool_pom(), project_words=list(config.get("words")), force=force,
              say=lambda message: click.echo(f"languagetool: {message}", err=True))
    except BuildError as exc:
        click.echo(f"medcheck: error: LanguageTool not built: {exc}", err=True)
        sys.exit(2)
    if folder and not os.environ.get("MEDCHECK_LT_DIST"):
        click.echo(f"languagetool: to use this build, set MEDCHECK_LT_DIST={dist} or "
                   f"languagetool.home = \"{dist}\"", err=True)


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
    state = live_background()
    if state is None:
        click.echo("server: not running (`medcheck languagetool start` starts one; "
                   "`medcheck check` otherwise starts its own for each run)")
        sys.exit(1)
    click.echo(f"server: {describe_state(state)}")

