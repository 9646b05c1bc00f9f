"""The site: stage generated pages beside docs/, run MkDocs, publish site/ atomically.

The only module that imports mkdocs. mkdocs.yml names this file under `hooks:`, so a plain
`mkdocs build` or `mkdocs serve` stages the pages too; moving to another engine touches only here.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from briefing.check import check
from briefing.pages import pages
from briefing.problems import Problems, format_text
from briefing.render import RenderError
from briefing.views import Views

STAGING = Path(".build/docs")


class BuildError(Exception):
    def __init__(self, message: str, problems: Problems | None = None) -> None:
        super().__init__(message)
        self.problems = problems


def git_info(root: Path) -> tuple[str, str, int] | None:
    """(short commit, commit date, commit timestamp) of HEAD, or None outside git."""
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h %cs %ct"],
                             capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    return (out[0], out[1], int(out[2])) if len(out) == 3 else None


def build_info(root: Path) -> str:
    info = git_info(root)
    return f"erstellt aus Commit {info[0]} vom {info[1]}" if info else ""


def _sync(files: dict[str, bytes], target: Path) -> None:
    """Make target hold exactly these files, writing only what changed (serve watches it)."""
    target.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        path = target / rel
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for path in sorted(target.rglob("*"), reverse=True):
        rel = path.relative_to(target).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def stage(root: Path, site_name: str) -> Views:
    """Check the facts and write docs/ plus every generated page into the staging folder."""
    briefing, problems = check(root)
    if problems.errors():
        raise BuildError("the check found errors; nothing was built", problems)
    files = {p.relative_to(root / "docs").as_posix(): p.read_bytes()
             for p in sorted((root / "docs").rglob("*")) if p.is_file()}
    try:
        generated = pages(briefing, root / "templates", site_name, build_info(root))
    except RenderError as exc:
        raise BuildError(str(exc)) from exc
    clash = sorted(set(files) & set(generated))
    if clash:
        raise BuildError(f"docs/ holds files that are generated: {', '.join(clash)}")
    files.update({k: v.encode("utf-8") for k, v in generated.items()})
    _sync(files, root / STAGING)
    return Views(briefing)


def _reproducible_env(root: Path) -> None:
    info = git_info(root)
    # MkDocs stamps sitemap dates and gzip headers with this: the commit's time, not now.
    os.environ["SOURCE_DATE_EPOCH"] = str(info[2] if info else 0)


def _log_to_stderr() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, logging.StreamHandler) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)


def build(root: Path, *, strict: bool = True) -> Path:
    """Build the site into site/; a failed build leaves the previous site/ untouched."""
    _reproducible_env(root)
    _log_to_stderr()
    target = root / "site"
    scratch = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    (root / STAGING).mkdir(parents=True, exist_ok=True)
    try:
        try:
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(scratch),
                                 strict=strict)
            mkdocs_build(config)
        except MkDocsException as exc:
            raise BuildError(str(exc)) from exc
        old = root / ".site-old"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        scratch.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def serve(root: Path) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    _reproducible_env(root)
    (root / STAGING).mkdir(parents=True, exist_ok=True)
    mkdocs_serve(str(root / "mkdocs.yml"), livereload=True)


# --- MkDocs hooks (mkdocs.yml: hooks: [briefing/site.py]) -------------------------------------


def on_config(config: Any) -> Any:
    root = Path(config.config_file_path).parent
    try:
        views = stage(root, config.site_name)
    except BuildError as exc:
        details = format_text(exc.problems.sorted()) if exc.problems else ""
        raise Abort(f"{exc}\n{details}") from exc
    config.extra["stand"] = views.stand
    if not config.repo_url and os.environ.get("GITHUB_REPOSITORY"):
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
        config.repo_url = f"{server}/{os.environ['GITHUB_REPOSITORY']}"
    if config.repo_url and not config.edit_uri:
        # Hand-written pages are copied to staging under their docs/ path.
        config.edit_uri = "edit/main/docs/"
    return config


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    source = page.meta.get("quelle")
    if source and config.repo_url:
        # Generated pages are edited in the fact file they came from, not in the staging copy.
        page.edit_url = f"{config.repo_url.rstrip('/')}/edit/main/{source}"
    return context
