"""The site: stage generated pages beside docs/, run MkDocs, publish site/ atomically.

The only module that imports mkdocs. mkdocs.yml names this file under `hooks:`, so a plain
`mkdocs build` or `mkdocs serve` stages the pages too; moving to another engine touches only here.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from briefing.check import check
from briefing.git import commit_info
from briefing.pages import pages
from briefing.problems import Problems, format_text
from briefing.render import RenderError
from briefing.views import Views

STAGING = Path(".build/docs")
#: Third-party browser code, installed by npm at the version package-lock.json pins, shipped
#: with its licence: (file in node_modules, path in the site).
VENDOR = (
    ("iframe-worker/shim/index.js", "assets/vendor/iframe-worker/shim.js"),
    ("iframe-worker/LICENSE", "assets/vendor/iframe-worker/LICENSE"),
)
OFFLINE_ENV = "LAGEBILD_OFFLINE"


class BuildError(Exception):
    def __init__(self, message: str, problems: Problems | None = None) -> None:
        super().__init__(message)
        self.problems = problems


def build_info(root: Path) -> str:
    info = commit_info(root)
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


def stage(root: Path, site_name: str) -> str:
    """Check the facts, write docs/ plus every generated page into the staging folder and
    return the briefing's "Stand"."""
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
    for installed, published in VENDOR:
        path = root / "node_modules" / installed
        if not path.is_file():
            raise BuildError(f"node_modules/{installed} is missing: run 'npm ci' (make does)")
        files[published] = path.read_bytes()
    url = site_url()
    if not offline():
        files["robots.txt"] = ("User-agent: *\nAllow: /\n" + (
            f"Sitemap: {url}sitemap.xml\n" if url else "")).encode("utf-8")
    _sync(files, root / STAGING)
    return Views(briefing).stand


@contextmanager
def _build_env(root: Path, *, for_offline: bool) -> Iterator[None]:
    """Set what the hooks and MkDocs read from the environment for one build, then restore it."""
    info = commit_info(root)
    # MkDocs stamps sitemap dates and gzip headers with SOURCE_DATE_EPOCH: the commit's time.
    wanted = {"SOURCE_DATE_EPOCH": str(info[2] if info else 0),
              OFFLINE_ENV: "true" if for_offline else "false"}
    saved = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _log_to_stderr() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, logging.StreamHandler) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)


def site_name(root: Path) -> str:
    return str(load_config(str(root / "mkdocs.yml")).site_name)


def offline() -> bool:
    return os.environ.get(OFFLINE_ENV) == "true"


def site_url() -> str | None:
    """Where the website is published: $SITE_URL, else GitHub Pages in Actions, else unknown.

    The offline bundle has none, so it names no address it could load from."""
    if offline():
        return None
    if os.environ.get("SITE_URL"):
        return os.environ["SITE_URL"].rstrip("/") + "/"
    repository = os.environ.get("GITHUB_REPOSITORY")
    if repository and "/" in repository:
        owner, name = repository.split("/", 1)
        return f"https://{owner.lower()}.github.io/{name}/"
    return None


def build(root: Path, *, strict: bool = True, target: Path | None = None,
          for_offline: bool = False) -> Path:
    """Build the site into target (site/); a failed build leaves the previous one untouched."""
    _log_to_stderr()
    target = target or root / "site"
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".site-", dir=target.parent))
    (root / STAGING).mkdir(parents=True, exist_ok=True)
    try:
        try:
            with _build_env(root, for_offline=for_offline):
                config = load_config(str(root / "mkdocs.yml"), site_dir=str(scratch),
                                     strict=strict)
                mkdocs_build(config)
        except MkDocsException as exc:
            raise BuildError(str(exc)) from exc
        old = target.with_name(target.name + ".old")
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

    (root / STAGING).mkdir(parents=True, exist_ok=True)
    with _build_env(root, for_offline=False):
        mkdocs_serve(str(root / "mkdocs.yml"), livereload=True)


# --- MkDocs hooks (mkdocs.yml: hooks: [briefing/site.py]) -------------------------------------


def on_config(config: Any) -> Any:
    root = Path(config.config_file_path).parent
    try:
        stand = stage(root, config.site_name)
    except BuildError as exc:
        details = format_text(exc.problems.sorted()) if exc.problems else ""
        raise Abort(f"{exc}\n{details}") from exc
    config.extra["stand"] = stand
    config.site_url = site_url()
    return config


def _edit_base() -> str | None:
    """The repository's edit address, known in GitHub Actions; never config.repo_url, which
    would make the theme fetch repository statistics from another origin."""
    repository = os.environ.get("GITHUB_REPOSITORY")
    if not repository or offline():
        return None
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    # In a pull request GITHUB_REF_NAME is "<number>/merge", which cannot be edited; its
    # preview links to the branch the pull request would change.
    branch = os.environ.get("GITHUB_BASE_REF") or os.environ.get("GITHUB_REF_NAME", "main")
    return f"{server}/{repository}/edit/{branch}/"


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    base = _edit_base()
    if base:
        # Generated pages are edited in the fact file they came from, not in the staging copy.
        page.edit_url = base + page.meta.get("quelle", f"docs/{page.file.src_uri}")
    return context
