"""The command line: `python build.py VERB …`. Every behaviour is reachable through main(argv)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from briefing import schema
from briefing.check import check
from briefing.problems import FORMATS, Problems


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build and check the Lagebild briefing site.")
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="the project folder (default: the current folder)")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    p = verbs.add_parser("check", help="check facts and sources; print every problem")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--format", choices=sorted(FORMATS), default="text")
    verbs.add_parser("schemas", help="write the JSON Schemas for editors to schemas/")
    verbs.add_parser("build", help="check, then build the site into site/ (strict)")
    verbs.add_parser("serve", help="serve the site locally, rebuilding on every edit")
    verbs.add_parser("bundle", help="check, then write the offline site to dist/*.zip")
    return parser


def report(problems: Problems, fmt: str, strict: bool) -> int:
    """Print problems in one format; return the exit code they call for."""
    listed = problems.sorted()
    if listed:
        print(FORMATS[fmt](listed))
    elif fmt == "json":
        print("[]")
    errors, warnings = len(problems.errors()), len(problems.warnings())
    if fmt == "text":
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors or (strict and warnings) else 0


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    root = args.root.resolve()
    if args.verb == "check":
        _, problems = check(root)
        return report(problems, args.format, args.strict)
    if args.verb in ("build", "serve", "bundle"):
        return _build(root, args.verb)
    if args.verb == "schemas":
        for path in write_schemas(root):
            print(path.relative_to(root))
        return 0
    raise AssertionError(args.verb)


def _build(root: Path, verb: str) -> int:
    from briefing import site

    _, problems = check(root)
    if report(problems, "text", strict=False):
        print("build stopped: fix the errors above first", file=sys.stderr)
        return 1
    try:
        if verb == "serve":
            site.serve(root)
        elif verb == "bundle":
            from briefing.bundle import bundle

            out = bundle(root, site.site_name(root))
            print(f"offline bundle: {out.relative_to(root)} ({out.stat().st_size:,} bytes)",
                  file=sys.stderr)
        else:
            out = site.build(root)
            print(f"site built: {out.relative_to(root)}/", file=sys.stderr)
    except site.BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    return 0


def write_schemas(root: Path) -> list[Path]:
    folder = root / "schemas"
    folder.mkdir(exist_ok=True)
    written = []
    for kind in schema.KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(json.dumps(schema.json_schema(kind), ensure_ascii=False, indent=2)
                        + "\n", encoding="utf-8")
        written.append(path)
    return written
