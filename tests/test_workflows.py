"""The GitHub workflow files validate against check-jsonschema's vendored workflow schema."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=[w.name for w in WORKFLOWS])
def test_workflow_validates(workflow: object) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         str(workflow)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_install_from_the_lock_files() -> None:
    for workflow in WORKFLOWS:
        text = workflow.read_text("utf-8")
        assert "make " in text and "pip install" not in text, workflow
