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
        "build.py check --strict --format github", "make test", "make site", "make bundle",
        "make pdf")]
    assert order == sorted(order)
    uploads = {step["with"]["name"]: step["with"]["path"] for step in steps
               if step.get("uses", "").startswith("actions/upload-artifact")}
    assert uploads == {"site": "site", "offline-bundle": "dist/*-offline.zip",
                       "pdf": "dist/*.pdf"}


def test_workflows_fit_githubs_runners() -> None:
    """No apt browser install (the runners have Chrome), a pip cache, a time limit per job."""
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text("utf-8"))
        for name, job in workflow["jobs"].items():
            assert job.get("timeout-minutes"), f"{path.name}: {name}"
            steps = job.get("steps", [])
            assert not any("apt-get" in step.get("run", "") for step in steps), path.name
            for step in steps:
                if step.get("uses", "").startswith("actions/setup-python"):
                    assert step["with"]["cache"] == "pip"
                    assert step["with"]["cache-dependency-path"] == "constraints.txt"
            if any("make test" in step.get("run", "") for step in steps):
                assert job["env"]["CHROMIUM"] == "/usr/bin/google-chrome"


def test_annotations_even_when_an_earlier_step_fails() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pr.yml").read_text("utf-8"))
    steps = workflow["jobs"]["review"]["steps"]
    for wanted in ("build.py diff", "build.py check --strict --format github"):
        step = next(s for s in steps if wanted in s.get("run", ""))
        assert step["if"] == "${{ !cancelled() && steps.install.outcome == 'success' }}"
