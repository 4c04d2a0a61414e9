"""Ship the top-level rules/ folder inside the wheel as checker/rules/, and the
LanguageTool Maven build (tools/languagetool/pom.xml) as checker/grammar/languagetool-pom.xml.

Rule packs are owned by the content team and live at the top of the repository;
an installed medcheck must still find them, from any directory, and be able to build
its grammar server (`medcheck languagetool install`).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithRules(build_py):
    def run(self):
        super().run()
        here = Path(__file__).resolve().parent
        source = here / "rules"
        target = Path(self.build_lib) / "checker" / "rules"
        if source.is_dir():
            # A fresh copy: a pack deleted from rules/ must not linger from an earlier build.
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target)
        # `medcheck languagetool install` builds the grammar server from this pom.
        pom = here / "tools" / "languagetool" / "pom.xml"
        if pom.is_file():
            shutil.copy2(pom, Path(self.build_lib) / "checker" / "grammar" / "languagetool-pom.xml")


setup(cmdclass={"build_py": BuildPyWithRules})
