"""The command line: `python build.py VERB …`. Every behaviour is reachable through main(argv)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import signal
import sys
import tempfile
from pathlib import Path

from briefing import schema
from briefing.check import check
from briefing.escape import terminal
from briefing.model import ACTOR_KINDS
from briefing.problems import FORMATS, Problems, summary


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build and check the Lagebild briefing site.")
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="the project folder (default: the current folder)")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    p = verbs.add_parser("check", help="check facts and sources; print every problem")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--format", choices=sorted(FORMATS), default="text")
    p.add_argument("--staged", action="store_true",
                   help="check the facts as staged for the next commit (the pre-commit hook)")
    p = verbs.add_parser("diff", help="what changed in the facts between two git revisions")
    p.add_argument("base", metavar="BASE", help="the revision before, e.g. origin/main")
    p.add_argument("head", metavar="HEAD", nargs="?",
                   help="the revision after (default: the working tree)")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown")
    p = verbs.add_parser("new", help="scaffold a new source, claim or actor")
    what = p.add_subparsers(dest="what", required=True, metavar="WHAT")
    p = what.add_parser("source", help="store a text file verbatim as sources/<id>.md")
    p.add_argument("file", type=Path, metavar="FILE", help="the article as a UTF-8 text file")
    p.add_argument("--id", help="the source's id (default: next number and first words)")
    p = what.add_parser("claim", help="print a claim skeleton, or append it with --to")
    p.add_argument("--topic", required=True, help="id of the claim's topic")
    p.add_argument("--source", help="id of the source it cites")
    p.add_argument("--to", metavar="NAME", help="append to facts/claims/NAME.yaml")
    p = what.add_parser("actor", help="create facts/actors/<id>.yaml")
    p.add_argument("name", metavar="NAME", help="the name the site shows")
    p.add_argument("--kind", required=True, choices=ACTOR_KINDS)
    p.add_argument("--id", help="the actor's id (default: from the name)")
    p = verbs.add_parser("init", help="create a new, empty briefing in DIR")
    p.add_argument("dir", type=Path, metavar="DIR", help="a new or empty folder")
    p.add_argument("--title", required=True, help='the title, e.g. "Lagebild Ostsee"')
    verbs.add_parser("schemas", help="write the JSON Schemas for editors to schemas/")
    p = verbs.add_parser("edition", help="publish the committed facts as an edition (Ausgabe)")
    p.add_argument("name", metavar="NAME", help="the edition's name, usually the next number")
    p.add_argument("--summary", required=True,
                   help="one German line on what this edition brings (shown to readers)")
    p.add_argument("--date", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                   help="the edition's day (default: today, UTC)")
    p = verbs.add_parser("build", help="check, then build the site into site/ (strict)")
    p.add_argument("--preview", action="store_true",
                   help="also list the changes since the last edition under 'Was ist neu'")
    p = verbs.add_parser("serve", help="serve the site locally, rebuilding on every edit")
    p.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    verbs.add_parser("bundle", help="check, then write the offline site to dist/*.zip")
    verbs.add_parser("pdf", help="check, then write the PDF edition to dist/*.pdf")
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
        print(summary(errors, warnings), file=sys.stderr)
    return 1 if errors or (strict and warnings) else 0


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    root = args.root.resolve()
    if args.verb == "check":
        return _check(root, args.format, args.strict, staged=args.staged)
    if args.verb in ("build", "serve", "bundle", "pdf"):
        # A pull request's site artifact is a preview: reviewers see what the change brings.
        preview = getattr(args, "preview", False) or os.environ.get(
            "GITHUB_EVENT_NAME") == "pull_request"
        return _build(root, args.verb, getattr(args, "port", 8000), preview=preview)
    if args.verb == "edition":
        return _edition(root, args.name, args.summary,
                        args.date or dt.datetime.now(dt.UTC).date())
    if args.verb == "diff":
        return _diff(root, args.base, args.head, args.format)
    if args.verb == "new":
        return _new(root, args)
    if args.verb == "init":
        return _init(args.dir, args.title)
    if args.verb == "schemas":
        for path in write_schemas(root):
            print(path.relative_to(root))
        return 0
    raise AssertionError(args.verb)


def _check(root: Path, fmt: str, strict: bool, *, staged: bool) -> int:
    if not staged:
        return report(check(root)[1], fmt, strict)
    from briefing import git

    with tempfile.TemporaryDirectory(prefix="lagebild-index-") as scratch:
        try:
            odd = git.export_index(root, Path(scratch))
        except git.GitError as exc:
            print(terminal(f"check: Fehler: {exc}\n  Hinweis: {exc.hint}"), file=sys.stderr)
            return 2
        return report(check(Path(scratch), odd)[1], fmt, strict)


def _stop(signum: int, frame: object) -> None:
    """SIGTERM ends a build like Ctrl-C: cleanup runs (scratch folders, the previous site)."""
    raise SystemExit(128 + signum)


def _build(root: Path, verb: str, port: int, preview: bool = False) -> int:
    from briefing import site

    signal.signal(signal.SIGTERM, _stop)

    if verb == "serve":
        # The preview starts even with broken facts: it shows their problems in the browser.
        return site.serve(root, port=port)
    briefing, problems = check(root)
    if report(problems, "text", strict=False):
        print("Bau abgebrochen: zuerst die Fehler oben beheben", file=sys.stderr)
        return 1
    assert briefing.identity is not None, "a briefing without identity fails the check"
    try:
        if verb == "pdf":
            from briefing.history import short_date
            from briefing.pdf import write_pdf
            from briefing.views import format_number

            last = briefing.editions[-1] if briefing.editions else None
            out = write_pdf(briefing, root / "templates",
                            root / "dist" / f"{briefing.identity.file_slug}.pdf",
                            site.build_info(root),
                            f"{last.name} vom {short_date(last.date)}" if last else None)
            size = format_number(out.stat().st_size)
            print(f"PDF: {out.relative_to(root)} ({size} Bytes)", file=sys.stderr)
        elif verb == "bundle":
            from briefing.bundle import bundle
            from briefing.views import format_number

            out = bundle(root, briefing.identity.file_slug,
                         briefing.editions[-1].name if briefing.editions else None)
            size = format_number(out.stat().st_size)
            print(f"Offline-Paket: {out.relative_to(root)} ({size} Bytes)", file=sys.stderr)
        else:
            out = site.build(root, checked=(briefing, problems), preview=preview)
            print(f"Website gebaut: {out.relative_to(root)}/", file=sys.stderr)
    except site.BuildError as exc:
        print(terminal(f"Bau gescheitert: {exc}"), file=sys.stderr)
        return 1
    return 0


def _edition(root: Path, name: str, summary: str, date: dt.date) -> int:
    from briefing import editions, git

    if not re.fullmatch(schema.SLUG, name):
        print(f"edition: Fehler: '{name}' taugt nicht als Name einer Ausgabe\n"
              "  Hinweis: Kleinbuchstaben, Ziffern und einzelne Bindestriche, meist die nächste "
              "Nummer, z. B. 2", file=sys.stderr)
        return 2
    briefing, problems = check(root)
    if report(problems, "text", strict=True):
        print("edition: keine Ausgabe: erst jede Meldung oben beheben (strenge Prüfung)",
              file=sys.stderr)
        return 1
    try:
        commit = editions.make(root, briefing, name, summary.strip(), date)
    except (editions.EditionError, git.GitError) as exc:
        print(f"edition: Fehler: {exc}\n  Hinweis: {exc.hint}", file=sys.stderr)
        return 1
    print(f"Ausgabe {name} vom {date:%d.%m.%Y}: Commit {commit[:12]}")
    print("Weiter: den Commit pushen (git push); ab dann nennt die Website diese Ausgabe",
          file=sys.stderr)
    return 0


def _diff(root: Path, base: str, head: str | None, fmt: str) -> int:
    from briefing import diff, git, render, site

    try:
        report = diff.diff(root, base, head)
    except git.GitError as exc:
        print(terminal(f"diff: Fehler: {exc}\n  Hinweis: {exc.hint}"), file=sys.stderr)
        return 2
    if fmt == "json":
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return 0
    blobs = {"base": _blob_base(report.base_commit), "head": _blob_base(report.head_commit)}
    try:
        print(render.diff_markdown(root / "templates", report, site_url=site.site_url(),
                                   blobs=blobs), end="")
    except render.RenderError as exc:
        print(terminal(str(exc)), file=sys.stderr)
        return 1
    return 0


def _new(root: Path, args: argparse.Namespace) -> int:
    from briefing import scaffold

    try:
        if args.what == "source":
            path = scaffold.new_source(root, args.file, args.id)
            steps = (f"title ausfüllen (wie gedruckt, sonst beschreibend in [Klammern]); "
                     f"publisher, url und published nur, wo der Text sie nennt, sonst null "
                     f"lassen. Dann zitieren: python build.py new claim --topic ID "
                     f"--source {path.stem}")
        elif args.what == "actor":
            path = scaffold.new_actor(root, args.kind, args.name, args.id)
            steps = ("role und summary ergänzen; der Akteur erscheint, sobald eine Aussage "
                     "ihn nennt (subject, object, involves oder claimant)")
        else:
            claim = scaffold.claim_skeleton(root, args.topic, args.source)
            if not args.to:
                print(scaffold.claim_text(claim, with_schema_line=False), end="")
                return 0
            path = scaffold.append_claim(root, args.to, claim)
            steps = f"die Aussage '{claim['id']}' ausfüllen (mit einer sprechenden id)"
    except scaffold.ScaffoldError as exc:
        print(f"new {args.what}: Fehler: {exc}\n  Hinweis: {exc.hint}", file=sys.stderr)
        return 2
    print(path.relative_to(root).as_posix())
    print(f"Weiter: {steps}; python build.py check zeigt, was noch fehlt", file=sys.stderr)
    return 0


def _init(target: Path, title: str) -> int:
    from briefing.create import CreateError, init

    try:
        made = init(target.resolve(), title)
    except CreateError as exc:
        print(f"init: Fehler: {exc}\n  Hinweis: {exc.hint}", file=sys.stderr)
        return 2
    print(made)
    print(f"weiter: cd {made} && make site; Quellen anlegen mit python build.py new source "
          "DATEI (Leitfaden: docs/redaktion/index.md)", file=sys.stderr)
    return 0


def _blob_base(commit: str | None) -> str | None:
    """Where GitHub shows a commit's files, when running in GitHub Actions."""
    repository = os.environ.get("GITHUB_REPOSITORY")
    if not (commit and repository):
        return None
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    return f"{server}/{repository}/blob/{commit}/"


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
