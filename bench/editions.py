"""Build time with editions: the real briefing published as N editions in a scratch repository.

    .venv/bin/python bench/editions.py [--editions 20] [--facts FOLDER]

Copies this project's site setup and the facts of FOLDER (default: this repository) into a
temporary git repository, makes N editions with `build.py edition` (each edits one claim's
statement, every fifth also withdraws a claim with a reason), then times `build.py build`
without the editions' cache (cold), again with it (warm), and a build of the same facts with
no editions at all (baseline); each the faster of two runs. Prints a Markdown table;
README.md holds the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ("mkdocs.yml", "templates", "docs", "overrides", "briefing", "node_modules")
ENV = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
       "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
       "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
       "NO_MKDOCS_2_WARNING": "1"}


def run(*args: str, cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr}")
    return time.perf_counter() - start


def clean(repo: Path) -> bool:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(repo), "check",
                           "--strict"], env=ENV, capture_output=True).returncode == 0


def build(repo: Path) -> float:
    return run(sys.executable, str(ROOT / "build.py"), "--root", str(repo), "build", cwd=repo)


def setup(repo: Path, facts: Path) -> None:
    repo.mkdir()
    for name in PROJECT:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, repo / name)
    for name in ("facts", "sources"):
        shutil.copytree(facts / name, repo / name)
    (repo / "facts" / "editions.yaml").unlink(missing_ok=True)
    (repo / ".gitignore").write_text("".join(f"/{n}\n" for n in (*PROJECT, ".build", "site")))
    run("git", "init", "-q", "-b", "main", cwd=repo)
    run("git", "add", "-A", cwd=repo)
    run("git", "commit", "-q", "-m", "facts", cwd=repo)


def withdrawable(repo: Path) -> list[tuple[Path, str]]:
    """Claims no finding cites, with the file they are in (withdrawing them breaks nothing)."""
    cited = set(re.findall(r"[a-z0-9-]+", (repo / "facts" / "findings.yaml").read_text()))
    out = []
    for path in sorted((repo / "facts" / "claims").glob("*.yaml")):
        for claim in re.findall(r"^- id: (\S+)$", path.read_text(), re.M):
            if claim not in cited:
                out.append((path, claim))
    return out


def change(repo: Path, k: int, spare: list[tuple[Path, str]]) -> None:
    files = sorted((repo / "facts" / "claims").glob("*.yaml"))
    path = files[k % len(files)]
    lines = path.read_text().splitlines(keepends=True)
    statements = [i for i, line in enumerate(lines) if line.startswith("  statement: ")]
    at = statements[k % len(statements)]
    lines[at] = lines[at].rstrip("\n") + f" (Fassung {k})\n"
    path.write_text("".join(lines))
    withdrawn = repo / "facts" / "withdrawn.yaml"
    while k % 5 == 0 and spare:
        # The first claim whose withdrawal leaves the check clean (no orphaned actor or source).
        path, claim = spare.pop()
        text = path.read_text()
        start = text.index(f"- id: {claim}\n")
        end = text.find("\n- id: ", start + 1)
        path.write_text(text[:start] + (text[end + 1:] if end >= 0 else ""))
        head = "# yaml-language-server: $schema=../schemas/withdrawn.schema.json\n"
        previous = withdrawn.read_text() if withdrawn.exists() else head
        withdrawn.write_text(previous + f"- id: {claim}\n  reason: Benchmark {k}.\n")
        if clean(repo):
            break
        path.write_text(text)
        if previous == head:
            withdrawn.unlink()
        else:
            withdrawn.write_text(previous)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editions", type=int, default=20)
    parser.add_argument("--facts", type=Path, default=ROOT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lagebild-bench-") as scratch:
        repo = Path(scratch) / "repo"
        setup(repo, args.facts)
        claims = sum(len(re.findall(r"^- id: ", p.read_text(), re.M))
                     for p in (repo / "facts" / "claims").glob("*.yaml"))
        spare = withdrawable(repo)
        making = []
        for k in range(1, args.editions + 1):
            if k > 1:
                change(repo, k, spare)
                run("git", "add", "-A", cwd=repo)
                run("git", "commit", "-q", "-m", f"change {k}", cwd=repo)
            making.append(run(sys.executable, str(ROOT / "build.py"), "--root", str(repo),
                              "edition", str(k), "--summary", f"Ausgabe {k}",
                              "--date", f"2026-01-{k:02d}", cwd=repo))
        cold = []
        for _ in range(2):
            shutil.rmtree(repo / ".build" / "editions", ignore_errors=True)
            cold.append(build(repo))
        warm = min(build(repo), build(repo))
        history = history_times(repo)
        # The same facts with no editions (the file moved aside), after the same builds.
        listed = repo / "facts" / "editions.yaml"
        kept = listed.read_bytes()
        listed.unlink()
        baseline = min(build(repo), build(repo))
        listed.write_bytes(kept)
        print("| claims | editions | build without editions | cold build (no cache) "
              "| warm build (cached) | editions loaded cold / cached | history computed "
              "| `build.py edition` (last) |")
        print("|---|---|---|---|---|---|---|---|")
        print(f"| {claims:,} | {args.editions} | {baseline:.1f} s | {min(cold):.1f} s "
              f"| {warm:.1f} s | {history[0]:.2f} s / {history[1]:.2f} s | {history[2]:.2f} s "
              f"| {making[-1]:.1f} s |")


def history_times(repo: Path) -> tuple[float, float, float]:
    """In this process: loading every edition without and with the cache, then comparing."""
    sys.path.insert(0, str(ROOT))
    from briefing import editions
    from briefing.diff import load_side
    from briefing.history import build_history

    working = load_side(repo)
    listed = working.briefing.editions
    shutil.rmtree(repo / ".build" / "editions", ignore_errors=True)
    start = time.perf_counter()
    editions.timeline(repo, listed)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    loaded = editions.timeline(repo, listed)
    cached = time.perf_counter() - start
    start = time.perf_counter()
    build_history(loaded, working, preview=False)
    return cold, cached, time.perf_counter() - start


if __name__ == "__main__":
    main()
