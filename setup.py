"""Ship the top-level rules/ folder inside the wheel as checker/rules/.

Rule packs are owned by the content team and live at the top of the repository;
an installed medcheck must still find them, from any directory.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithRules(build_py):
    def run(self):
        super().run()
        source = Path(__file__).resolve().parent / "rules"
        target = Path(self.build_lib) / "checker" / "rules"
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithRules})
