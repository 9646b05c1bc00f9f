"""The GitHub workflow files validate against check-jsonschema's vendored workflow schema."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

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


def test_pull_requests_get_the_review_a_reviewer_needs() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pr.yml").read_text("utf-8"))
    assert "pull_request" in workflow[True]  # PyYAML reads the key `on` as True
    steps = workflow["jobs"]["review"]["steps"]
    runs = [step.get("run", "") for step in steps]
    order = [next(i for i, run in enumerate(runs) if wanted in run) for wanted in (
        'git fetch --no-tags --depth=1 origin "$BASE_SHA"',
        'build.py diff "$BASE_SHA" HEAD >> "$GITHUB_STEP_SUMMARY"',
        "build.py check --strict --format github", "make test", "make site", "make bundle")]
    assert order == sorted(order)
    uploads = {step["with"]["name"]: step["with"]["path"] for step in steps
               if step.get("uses", "").startswith("actions/upload-artifact")}
    assert uploads == {"site": "site", "offline-bundle": "dist/*-offline.zip"}
