"""Which configuration governs a buffer, and the engine settings built from it.

A page is checked as ``medcheck check`` would check it from the page's own folder:
the configuration is found by walking up from there (``medcheck.toml``, or
``pyproject.toml`` with ``[tool.medcheck]``), rule packs and the knowledge base come
from that configuration, and the page's report path (for ``overrides``,
``ignores`` and ``exclude``) is relative to the configuration's folder. A buffer
with no file (an unsaved page) is governed by the first workspace folder.

Settings are built once per configuration file and reused until the file changes
(its size or time), a watched file changes, or the date does (review-age checks
depend on it).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from ..checks import FAMILIES
from ..config import Config, ConfigError, find_config_file, load_config, path_matches
from ..documents import format_for
from ..engine import InputError, Settings, all_rules, build_settings
from ..model import RuleInfo

LOCAL_FAMILIES = tuple(f for f in FAMILIES if f != "grammar")
# A buffer whose file name says nothing of its format is checked as its language says.
SUFFIX_FOR_LANGUAGE = {"markdown": ".md", "html": ".html", "plaintext": ".txt"}


class ProjectError(Exception):
    """The configuration or a rule pack is broken: the page cannot be checked."""


@dataclass
class Project:
    """One configuration and what is built from it."""

    config: Config
    settings: Settings            # the local families, no grammar
    stamp: tuple                  # what the configuration file looked like when read
    _rules: dict[str, RuleInfo] | None = field(default=None, repr=False)

    def grammar_settings(self, handle: Any) -> Settings:
        return replace(self.settings, families=("grammar",), grammar=handle)

    @property
    def rules(self) -> dict[str, RuleInfo]:
        if self._rules is None:
            self._rules = all_rules(self.settings.packs, FAMILIES)
        return self._rules

    def report_path(self, file: Path | None, language_id: str | None) -> str:
        """The page's path as `medcheck check` reports it: relative to the configuration."""
        if file is None:
            name = "untitled" + SUFFIX_FOR_LANGUAGE.get(language_id or "", ".md")
        else:
            try:
                name = file.relative_to(self.config.root).as_posix()
            except ValueError:
                name = file.as_posix()
        if format_for(name) is None:
            name += SUFFIX_FOR_LANGUAGE.get(language_id or "", ".txt")
        return name

    def excluded(self, report_path: str) -> bool:
        excludes = self.config.get("exclude")
        return bool(excludes) and path_matches(str(PurePosixPath(report_path)), excludes)


class Projects:
    """Configurations by file, found from a page's folder; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_config: dict[str, Project] = {}
        self._config_for_folder: dict[Path, Path | None] = {}
        self.workspace_folders: list[Path] = []

    def forget(self) -> None:
        """After a configuration or rule pack changed: find and read everything again."""
        with self._lock:
            self._by_config.clear()
            self._config_for_folder.clear()

    def folder_for(self, file: Path | None) -> Path:
        if file is not None:
            return file.parent
        return self.workspace_folders[0] if self.workspace_folders else Path.cwd()

    def config_file(self, folder: Path) -> Path | None:
        with self._lock:
            if folder in self._config_for_folder:
                return self._config_for_folder[folder]
        try:
            found = find_config_file(folder)
        except OSError:
            found = None
        with self._lock:
            self._config_for_folder[folder] = found
        return found

    def project_for(self, file: Path | None) -> Project:
        folder = self.folder_for(file)
        config_file = self.config_file(folder)
        key = str(config_file) if config_file is not None else f"defaults:{folder}"
        stamp = (_stamp(config_file), _today())
        with self._lock:
            project = self._by_config.get(key)
            if project is not None and project.stamp == stamp:
                return project
        try:
            config = load_config(str(config_file) if config_file else None, cwd=folder)
            settings = build_settings(config, families=LOCAL_FAMILIES)
        except (ConfigError, InputError) as exc:
            raise ProjectError(str(exc)) from None
        project = Project(config=config, settings=settings, stamp=stamp)
        with self._lock:
            self._by_config[key] = project
        return project

    def config_files(self) -> list[Path]:
        with self._lock:
            return sorted({Path(k) for k in self._by_config if not k.startswith("defaults:")})


def _stamp(path: Path | None) -> tuple:
    if path is None:
        return ()
    try:
        stat = path.stat()
    except OSError:
        return ("missing",)
    return (stat.st_mtime_ns, stat.st_size)


def _today() -> str:
    return os.environ.get("MEDCHECK_TODAY") or date.today().isoformat()
