"""The terminal report in ruff's layout: a line-number gutter, the words underlined,
messages wrapped to the width, every line within it."""

from __future__ import annotations

import re

from .conftest import run_cli
from .projects import make_project

LONG = ("We utilize 10mg of the medicine every morning, and this sentence goes on and on past "
        "the edge of any ordinary terminal so that the report has to cut it around the words "
        "that matter, which are these: we utilize the tablets.\n")


def report(tmp_path, page: str, columns: str = "80", *args: str) -> str:
    root = make_project(tmp_path / "p", {"pages/a.md": page})
    proc = run_cli("check", "pages/a.md", "--no-grammar", "--no-cache", *args, cwd=root,
                   env={"COLUMNS": columns})
    assert proc.returncode == 1, proc.stderr
    return proc.stdout


def test_every_line_fits_the_width_and_the_location_stays_whole(tmp_path):
    out = report(tmp_path, "# Dose\n\n" + LONG)
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines), [l for l in lines if len(l) > 80]
    heads = [l for l in lines if re.match(r"pages/a\.md:\d+:\d+: ", l)]
    assert heads and all(re.match(r"pages/a\.md:3:\d+: (error|warning|info) \[", l) for l in heads)


def test_gutter_numbers_the_line_and_the_caret_sits_under_the_words(tmp_path):
    out = report(tmp_path, "# Dose\n\n\n\n\n\n\n\n\nTake 10mg.\n")
    lines = out.splitlines()
    i = next(i for i, l in enumerate(lines) if "[rep.dose]" in l)
    assert lines[i].startswith("pages/a.md:10:6: error [rep.dose]")
    j = lines.index("10 | Take 10mg.", i)
    assert all(l.startswith("    ") for l in lines[i + 1:j - 1])  # the wrapped message
    assert lines[j - 1] == "   |" and lines[j + 1] == "   |      ^^^^"
    assert lines[j + 2].startswith("   = suggestion: 10 mg")


def test_a_long_line_is_cut_around_the_words(tmp_path):
    out = report(tmp_path, "# Dose\n\n" + LONG)
    lines = out.splitlines()
    last = max(i for i, l in enumerate(lines) if "[rep.utilize]" in l)
    source, caret = next((lines[j], lines[j + 1]) for j in range(last, len(lines))
                         if lines[j].startswith("3 | "))
    assert source.startswith("3 | …") and "we utilize the tablets" in source
    start = caret.index("^")
    assert source[start:start + len("utilize")] == "utilize"


def test_the_width_follows_the_terminal(tmp_path):
    wide = report(tmp_path, "# Dose\n\n" + LONG, "200")
    assert max(len(line) for line in wide.splitlines()) > 80
    assert all(len(line) <= 200 for line in wide.splitlines())


def test_a_long_path_puts_the_message_below_its_location(tmp_path):
    name = "pages/" + "a-very-long-folder-name/" * 2 + "dosing-instructions-for-adults.md"
    root = make_project(tmp_path / "p", {name: "# Dose\n\nTake 10mg.\n"})
    out = run_cli("check", name, "--no-grammar", "--no-cache", cwd=root, env={"COLUMNS": "80"}).stdout
    lines = out.splitlines()
    head = next(i for i, l in enumerate(lines) if "[rep.dose]" in l)
    assert lines[head] == f"{name}:3:6: error [rep.dose]"
    assert lines[head + 1].startswith("    Put a space between the number and the unit")
    assert all(len(line) <= 80 for line in lines if not line.startswith(name))
