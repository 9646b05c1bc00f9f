"""The Makefile's set-up: a clear stop on an old Python before anything is made, and a failed
install leaves no half-made .venv behind (both with a stand-in python3, nothing is installed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def fake_python(folder: Path, version: tuple[int, int, int]) -> Path:
    """A python3 that reports version and, asked to make a venv, makes half of one and fails."""
    path = folder / "python3"
    dotted = ".".join(map(str, version))
    path.write_text(
        "#!/bin/sh\n"
        'case "$1" in\n'
        f'  --version) echo "Python {dotted}";;\n'
        f'  -c) exec {sys.executable} -c "import sys; sys.version_info = {version}; '
        'exec(sys.argv[1])" "$2";;\n'
        '  -m) mkdir -p "$3/bin"; echo half > "$3/bin/python"; exit 1;;\n'
        "esac\n", "utf-8")
    path.chmod(0o755)
    return path


def make(tmp_path: Path, python: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    repo = tmp_path / "repo"
    repo.mkdir(exist_ok=True)
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy2(ROOT / name, repo / name)
    return subprocess.run(["make", "-s", f"PYTHON={python}", *targets], cwd=repo,
                          capture_output=True, text=True)


def test_python_310_stops_before_anything_is_made(tmp_path: Path) -> None:
    result = make(tmp_path, fake_python(tmp_path, (3, 10, 12)), "site")
    assert result.returncode != 0
    assert ("Python 3.11 oder neuer nötig / Python 3.11 or newer is needed: "
            f"'{tmp_path}/python3' is Python 3.10.12.") in result.stderr
    assert "make PYTHON=python3.12 site" in result.stderr
    assert not (tmp_path / "repo" / ".venv").exists()


def test_a_failed_install_leaves_no_venv(tmp_path: Path) -> None:
    result = make(tmp_path, fake_python(tmp_path, (3, 12, 1)), "site")
    assert result.returncode != 0
    assert "install failed, .venv removed" in result.stderr
    assert not (tmp_path / "repo" / ".venv").exists()


def test_the_site_installs_without_the_test_tools() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    site_install = makefile.split("$(STAMP): ")[1].split("\n\n")[0]
    assert "$(PIP) -e ." in site_install and "[test]" not in site_install
    assert "\nsite: $(STAMP)\n" in makefile and "\nbundle: $(STAMP) $(NODE)\n" in makefile
