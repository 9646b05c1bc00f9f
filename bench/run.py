"""Benchmark: check, page generation and build at several sizes, beside their peers.

`python bench/run.py [--sizes 1000 10000 10000:wide 10000:tall 10000:split 10000:single] [--rounds
3 1]` (or `make bench`) generates each synthetic briefing (bench/generate.py; `N:wide`, `N:tall`,
`N:split` and `N:single` are other shapes), then measures, interleaved round by round on the same
files: `build.py check --strict` and yamllint on the facts; page generation alone; `build.py build`
and a plain `mkdocs build` of the same staged Markdown (no hook); each as wall time, CPU time and
peak RSS of its own process. After the rounds, `check --strict` runs CHECK_RUNS times in a row.
Once per size it also measures the edit-to-page time of a `serve` rebuild after one claim edit, the
biggest generated page and the search index; with --search, the time to first search results in the
offline bundle from file:// in Chromium. Medians go into the README's bench block with the date and
the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
sys.path.insert(0, str(ROOT))

#: The commands compared each round, in this order (name, argv builder).
TOOLS = ("check", "yamllint", "pages", "build", "mkdocs")
#: `check --strict` runs in a row after the rounds: an interleaved round follows a build of
#: minutes, after which this kind of VM has reclaimed part of the page cache; an analyst checks
#: files just written.
CHECK_RUNS = 7


def measure(argv: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> dict[str, float]:
    """Wall time, CPU time and peak RSS of one process (its own, not the runner's)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    output = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n"
                         f"{output.decode(errors='replace')[-3000:]}")
    inner = re.search(rb"^PAGES (\S+) (\S+)$", output, re.M)
    result = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
              "rss": usage.ru_maxrss / 1024}
    if inner:
        result["wall"], result["cpu"] = float(inner.group(1)), float(inner.group(2))
    return result


def plain_project(root: Path) -> Path:
    """The staged Markdown with the same mkdocs.yml minus the hook: MkDocs' own cost."""
    plain = root.with_name(root.name + "-plain")
    shutil.rmtree(plain, ignore_errors=True)
    plain.mkdir()
    shutil.copytree(root / ".build" / "docs", plain / "docs")
    (plain / "overrides").symlink_to(root / "overrides", target_is_directory=True)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: .build/docs", "docs_dir: docs")
    config = re.sub(r"\n(hooks|watch):\n(  - .*\n)+", "\n", config)
    (plain / "mkdocs.yml").write_text(config, encoding="utf-8")
    return plain


def commands(root: Path, plain: Path) -> dict[str, tuple[list[str], Path]]:
    bin_dir = Path(PY).parent
    return {
        "check": ([PY, str(ROOT / "build.py"), "check", "--strict"], root),
        "yamllint": ([str(bin_dir / "yamllint"), "-d", "relaxed", "facts"], root),
        "pages": ([PY, str(Path(__file__)), "--phase", "pages", str(root)], root),
        "build": ([PY, str(ROOT / "build.py"), "build"], root),
        "mkdocs": ([str(bin_dir / "mkdocs"), "build", "--strict", "-q", "-d",
                    str(plain / "site")], plain),
    }


def phase_pages(root: Path) -> None:
    """Page generation alone, timed inside the process (after the check it needs)."""
    from briefing.check import check
    from briefing.pages import pages

    briefing, _ = check(root)

    def cpu() -> float:
        """This process's CPU time and that of the workers it forked and waited for."""
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + children.ru_utime + children.ru_stime

    wall, start = time.perf_counter(), cpu()
    pages(briefing, root / "templates")
    print(f"PAGES {time.perf_counter() - wall:.3f} {cpu() - start:.3f}")


def phase_edit(root: Path) -> None:
    """What `serve` does after one claim edit: its rebuild (site._preview_build with what the
    preview remembers, beside a second thread as in the server, so nothing forks), timed."""
    import threading

    from briefing import site

    os.chdir(root)
    (root / site.STAGING).mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(prefix="serve-", dir=root / ".build"))
    url = "http://127.0.0.1:8000/"
    server = threading.Event()
    beside = threading.Thread(target=server.wait)
    beside.start()
    try:
        with site._build_env(root, for_offline=False, preview=True), site.remembering(root):
            site._preview_build(root, target, url)
            claims = sorted((root / "facts" / "claims").glob("*.yaml"))[len(list(
                (root / "facts" / "claims").glob("*.yaml"))) // 2]
            text = claims.read_text(encoding="utf-8")
            marker = "BEARBEITET"
            edited = re.sub(r'(statement: "?)', rf"\g<1>{marker} ", text, count=1)
            time.sleep(1.1)  # MkDocs compares modification times in whole seconds on some systems
            claims.write_text(edited, encoding="utf-8")
            try:
                start, cpu = time.perf_counter(), time.process_time()
                if os.environ.get("BENCH_PROFILE"):
                    import cProfile
                    cProfile.runctx("site._preview_build(root, target, url)", globals(), locals(),
                                    os.environ["BENCH_PROFILE"])
                else:
                    site._preview_build(root, target, url)
                seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            finally:
                claims.write_text(text, encoding="utf-8")
    finally:
        server.set()
        beside.join()
    page = target / "aussagen" / f"{claims.stem}.html"
    if marker not in page.read_text(encoding="utf-8"):
        raise SystemExit(f"the edit did not reach {page}")
    rebuilt = sum(1 for p in target.rglob("*.html") if p.stat().st_mtime >= time.time() -
                  seconds - 0.5)
    shutil.rmtree(target, ignore_errors=True)
    print(f"EDIT {seconds:.3f} {rebuilt} {cpu:.3f}")


def phase_search(root: Path) -> None:
    """Time from typing a word to the first result, in the offline bundle from file://."""
    import zipfile

    from playwright.sync_api import sync_playwright

    from briefing import bundle, site

    zipped = bundle.bundle(root, site.site_name(root))
    folder = Path(tempfile.mkdtemp(prefix="bundle-", dir=root / ".build"))
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(folder)
    index = folder / "search" / "search_index.js"
    # An actor's name: it occurs on many pages, so the query has many results to rank.
    actor = sorted((root / "facts" / "actors").glob("*.yaml"))[0].read_text(encoding="utf-8")
    name = re.search(r"^name: \"?([^\"\n]+)", actor, re.M)
    word = name.group(1).split()[-1] if name else "Munition"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or
                                    "/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        opened = time.perf_counter()
        page.goto((folder / "index.html").as_uri())
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").click()
        # Search is ready once the worker has built the index; a query is timed after that.
        page.wait_for_function("() => !document.querySelector('.md-search-result__meta')"
                               "?.textContent.includes('initialisiert')", timeout=120000)
        ready = time.perf_counter() - opened
        start = time.perf_counter()
        page.keyboard.type(word, delay=0)
        page.wait_for_function("() => document.querySelectorAll('.md-search-result__item')"
                               ".length > 0", timeout=120000)
        seconds = time.perf_counter() - start
        browser.close()
    size = index.stat().st_size if index.exists() else 0
    shutil.rmtree(folder, ignore_errors=True)
    print(f"SEARCH {seconds:.3f} {ready:.3f} {size} {word}")


def sizes_of(site_dir: Path) -> dict[str, Any]:
    pages = sorted((p.stat().st_size, p.relative_to(site_dir).as_posix())
                   for p in site_dir.rglob("*.html"))
    index = site_dir / "search" / "search_index.json"
    return {"html_pages": len(pages), "biggest": pages[-1][1], "biggest_bytes": pages[-1][0],
            "index_bytes": index.stat().st_size if index.exists() else 0}


def extra_phase(name: str, root: Path) -> list[str]:
    out = subprocess.run([PY, str(Path(__file__)), "--phase", name, str(root)], cwd=root,
                         capture_output=True, text=True,
                         env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    line = re.search(rf"^{name.upper()} (.*)$", out.stdout, re.M)
    if not line:
        raise SystemExit(f"phase {name} failed:\n{out.stdout[-2000:]}{out.stderr[-3000:]}")
    return line.group(1).split()


def bench(size: str, rounds: int, search: bool) -> dict[str, Any]:
    from bench.generate import generate

    count, _, shape = size.partition(":")
    n, shape = int(count), shape or "standard"
    root = OUT / size.replace(":", "-")
    generate(n, root, shape=shape)
    print(f"{n:,} claims: generated {root.relative_to(ROOT)}", file=sys.stderr)
    measure([PY, str(ROOT / "build.py"), "build"], root)  # stages the Markdown, warms caches
    plain = plain_project(root)
    runs: dict[str, list[dict[str, float]]] = {tool: [] for tool in TOOLS}
    for r in range(rounds):
        for tool, (argv, cwd) in commands(root, plain).items():
            # yamllint's verdict on style does not matter here, only its time.
            runs[tool].append(measure(argv, cwd, (0, 1) if tool == "yamllint" else (0,)))
            print(f"  round {r + 1} {tool}: {runs[tool][-1]['wall']:.2f} s", file=sys.stderr)
    result: dict[str, Any] = {"n": n, "shape": shape, "rounds": rounds}
    for tool, values in runs.items():
        result[tool] = {k: statistics.median(v[k] for v in values) for k in values[0]}
    result["ratios"] = [b["wall"] / m["wall"] for b, m in zip(runs["build"], runs["mkdocs"],
                                                              strict=True)]
    argv, cwd = commands(root, plain)["check"]
    result["check_runs"] = [measure(argv, cwd)["wall"] for _ in range(CHECK_RUNS)]
    result.update(sizes_of(root / "site"))
    seconds, rebuilt, _ = extra_phase("edit", root)
    result["edit"], result["edit_pages"] = float(seconds), int(rebuilt)
    if search:
        seconds, ready, index_bytes, word = extra_phase("search", root)
        result["search"], result["search_ready"] = float(seconds), float(ready)
        result["search_index_js"], result["search_word"] = int(index_bytes), word
    return result


def real_edit() -> float:
    """Edit-to-page time of a `serve` rebuild on the real briefing, in a copy of it."""
    from bench.generate import SITE_FILES

    root = OUT / "real"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name in (*SITE_FILES, "facts", "sources"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, root / name)
        else:
            shutil.copy2(ROOT / name, root / name)
    for name in ("briefing", "node_modules"):
        (root / name).symlink_to(ROOT / name, target_is_directory=True)
    return float(extra_phase("edit", root)[0])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    model = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text()) if Path(
        "/proc/cpuinfo").exists() else None
    load = os.getloadavg()[0]
    return (f"{model.group(1) if model else cpu}, {os.cpu_count()} cores, "
            f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
            f"Python {platform.python_version()}, load average {load:.1f} at the start")


def table(results: list[dict[str, Any]], started: str, host: str) -> str:
    def t(x: dict[str, float]) -> str:
        return f"{x['wall']:.2f} s ({x['cpu']:.2f} s CPU)"

    def size(r: dict[str, Any]) -> str:
        return f"{r['n']:,}" + ("" if r["shape"] == "standard" else f" ({r['shape']})")

    lines = [f"Measured {started} on {host}; medians of the rounds, each tool in its own "
             "process, interleaved round by round.", "",
             "| claims | `check --strict` | yamllint on the facts | page generation | "
             "`build.py build` | plain `mkdocs build` | build / plain | build peak RSS | "
             "check peak RSS |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        ratios = ", ".join(f"{x:.2f}" for x in r["ratios"])
        lines.append(
            f"| {size(r)} | {t(r['check'])} | {t(r['yamllint'])} | {t(r['pages'])} | "
            f"{t(r['build'])} | {t(r['mkdocs'])} | {statistics.median(r['ratios']):.2f}× "
            f"({ratios}) | {r['build']['rss']:.0f} MiB | {r['check']['rss']:.0f} MiB |")
    lines += ["", "| claims | generated HTML pages | biggest page | search index | "
              "edit to page (`serve`) | first search result offline | "
              f"`check --strict`, {CHECK_RUNS} runs in a row: median (range) |",
              "|---|---|---|---|---|---|---|"]
    for r in results:
        runs = r["check_runs"]
        search = (f"{r['search']:.2f} s after typing \"{r['search_word']}\" (index ready "
                  f"{r['search_ready']:.1f} s after opening; inlined index "
                  f"{r['search_index_js'] / 2**20:.1f} MiB)" if "search" in r else "–")
        lines.append(
            f"| {size(r)} | {r['html_pages']:,} | `{r['biggest']}`, "
            f"{r['biggest_bytes'] / 1000:.0f} kB | {r['index_bytes'] / 2**20:.1f} MiB | "
            f"{r['edit']:.2f} s ({r['edit_pages']} pages rebuilt) | {search} | "
            f"{statistics.median(runs):.2f} s ({min(runs):.2f}–{max(runs):.2f}) |")
    standard = [r for r in results if r["shape"] == "standard"]
    if len(standard) > 1:
        a, b = standard[0], standard[-1]
        factor = b["n"] / a["n"]
        lines += ["", f"Growth from {a['n']:,} to {b['n']:,} claims (×{factor:g}): check "
                  f"×{b['check']['cpu'] / a['check']['cpu']:.1f} CPU, page generation "
                  f"×{b['pages']['cpu'] / a['pages']['cpu']:.1f} CPU, build "
                  f"×{b['build']['cpu'] / a['build']['cpu']:.1f} CPU, plain MkDocs "
                  f"×{b['mkdocs']['cpu'] / a['mkdocs']['cpu']:.1f} CPU."]
    return "\n".join(lines) + "\n"


def write_docs(text: str, path: Path) -> None:
    """Replace the generated table between its markers, keeping the prose around it."""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    doc = path.read_text(encoding="utf-8")
    before, _, rest = doc.partition(start)
    _, _, after = rest.partition(end)
    path.write_text(f"{before}{start}\n{text}{end}{after}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+",
                        default=["1000", "10000", "10000:wide", "10000:tall", "10000:split",
                                 "10000:single"],
                        help="claims per briefing; N:SHAPE for another shape of bench/generate.py")
    parser.add_argument("--rounds", type=int, nargs="+", default=[3, 1],
                        help="rounds per size (the last value holds for the remaining sizes)")
    parser.add_argument("--search", action="store_true",
                        help="also time offline search in Chromium (builds the bundle)")
    parser.add_argument("--docs", type=Path, default=ROOT / "README.md",
                        help="the document whose bench:start/bench:end block gets the table")
    parser.add_argument("--phase", choices=("pages", "edit", "search"), help=argparse.SUPPRESS)
    parser.add_argument("root", type=Path, nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        {"pages": phase_pages, "edit": phase_edit, "search": phase_search}[args.phase](
            args.root.resolve())
        return 0
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    host = machine()
    rounds = args.rounds + [args.rounds[-1]] * len(args.sizes)
    results = [bench(n, r, args.search) for n, r in zip(args.sizes, rounds, strict=False)]
    from briefing.check import check

    text = table(results, started, host) + (
        f"\nOn the real briefing ({len(check(ROOT)[0].claims)} claims) a `serve` rebuild after "
        f"one claim edit takes {real_edit():.2f} s.\n")
    print(text)
    write_docs(text, args.docs)
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
