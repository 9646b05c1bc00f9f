"""The site: stage generated pages beside docs/, run MkDocs, publish site/ atomically.

The only module that imports mkdocs. mkdocs.yml names this file under `hooks:`, so a plain
`mkdocs build` or `mkdocs serve` stages the pages too; moving to another engine touches only here.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.livereload import LiveReloadServer

from briefing import editions
from briefing.check import FREEZE, CheckCache, check
from briefing.diff import Side
from briefing.escape import html_attr, html_text, terminal, url_path
from briefing.git import commit_info
from briefing.history import build_history
from briefing.load import identity as read_identity
from briefing.model import Briefing, Identity
from briefing.pages import SEARCH_NONE, SEARCH_SUMMARY, Memo, edition_line, page_meta, pages
from briefing.problems import Problems, format_text, summary
from briefing.render import THEME_TEMPLATES, RenderError, preview_error_page
from briefing.views import Views

STAGING = Path(".build/docs")
#: Page metadata (title, description, fact file) staged beside the pages, as JSON.
PAGE_META = Path(".build/page-meta.json")
#: Scratch folders of builds and bundles; a build removes what an interrupted one left.
SCRATCH = Path(".build/scratch")
#: Third-party browser code for the offline bundle only, installed by npm at the version
#: package-lock.json pins, shipped with its licence: (file in node_modules, path in the site).
#: The website is served over http and needs none of it, so building it needs no npm.
VENDOR = (
    ("iframe-worker/shim/index.js", "assets/vendor/iframe-worker/shim.js"),
    ("iframe-worker/LICENSE", "assets/vendor/iframe-worker/LICENSE"),
)
OFFLINE_ENV = "LAGEBILD_OFFLINE"
#: A preview build ("build --preview", "serve") lists the changes since the last edition.
PREVIEW_ENV = "LAGEBILD_PREVIEW"


class BuildError(Exception):
    def __init__(self, message: str, problems: Problems | None = None) -> None:
        super().__init__(message)
        self.problems = problems


def build_info(root: Path) -> str:
    info = commit_info(root)
    return f"erstellt aus Commit {info[0]} vom {info[1]}" if info else ""


def _sync(files: dict[str, bytes], target: Path,
          known: dict[str, tuple[bytes, int, int]] | None = None) -> None:
    """Make target hold exactly these files, writing only what changed (serve watches it).
    known (the live preview keeps it) holds each file as the last call left it, with its size
    and modification time: a file whose bytes are those and whose size and time are unchanged
    is not read back."""
    target.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        path = target / rel
        last = known.get(rel) if known is not None else None
        if last is not None and last[0] == data:
            try:
                stat = path.stat()
            except FileNotFoundError:
                stat = None
            if stat is not None and (stat.st_size, stat.st_mtime_ns) == last[1:]:
                continue
        # Compare sizes first: most files of a large site are unchanged and differ in size
        # when they did change, so few are read back.
        if not path.exists() or path.stat().st_size != len(data) or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if known is not None:
            stat = path.stat()
            known[rel] = (data, stat.st_size, stat.st_mtime_ns)
    if known is not None:
        for gone in known.keys() - files.keys():
            del known[gone]
    for path in sorted(target.rglob("*"), reverse=True):
        rel = path.relative_to(target).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


#: A check the caller already ran for this build, keyed by project folder: build() hands it
#: to the hook, so that a large briefing is not loaded twice. serve re-checks on every edit.
_CHECKED: dict[Path, tuple[Briefing, Problems]] = {}


#: The live preview's memo of the pages it rendered last, by project folder: a rebuild renders
#: again only the pages an edit touches (see pages.Memo).
_MEMOS: dict[Path, Memo] = {}

#: The live preview's staging folder as the last rebuild left it, by project folder (see
#: _sync).
_STAGED: dict[Path, dict[str, tuple[bytes, int, int]]] = {}

#: What the live preview's checks keep, by project folder: a rebuild parses again only the
#: files an edit changed and checks again only the claims in them (see check.CheckCache).
_CHECKS: dict[Path, CheckCache] = {}


@contextmanager
def remembering(root: Path) -> Iterator[None]:
    """What the live preview keeps from one rebuild to the next, for the project at root: the
    pages it rendered, what its checks found, what it staged. Its garbage is never frozen
    (see check.FREEZE); what it keeps is, after the first build (see _preview_build)."""
    key = root.resolve()
    _MEMOS[key], _CHECKS[key], _STAGED[key] = Memo(), CheckCache(), {}
    freeze = FREEZE[0]
    FREEZE[0] = False
    gc.unfreeze()
    try:
        yield
    finally:
        FREEZE[0] = freeze
        _MEMOS.pop(key, None)
        _CHECKS.pop(key, None)
        _STAGED.pop(key, None)


def _handed_over(root: Path) -> tuple[Briefing, Problems] | None:
    """The check handed over for this build, if any. MkDocs loads this file as a hook by its
    path, a second module beside the imported briefing.site with dicts of its own: the hook's
    stage() looks into the imported module's, where build() and serve put the check."""
    import briefing.site as imported

    return imported._CHECKED.pop(root.resolve(), None)


def _memo(root: Path) -> Memo | None:
    """The preview's memo, from the imported module as _handed_over explains."""
    import briefing.site as imported

    return imported._MEMOS.get(root.resolve())


def _staged(root: Path) -> dict[str, tuple[bytes, int, int]] | None:
    """The preview's staging folder as its last rebuild left it (see _memo)."""
    import briefing.site as imported

    return imported._STAGED.get(root.resolve())


def stage(root: Path) -> tuple[str, Identity, str]:
    """Check the facts, write docs/ plus every generated page into the staging folder and
    return the briefing's "Stand", its identity and its edition ("Ausgabe 3 vom 22.11.2026",
    or "")."""
    briefing, problems = _handed_over(root) or check(root)
    if problems.errors():
        raise BuildError("die Prüfung hat Fehler gefunden; nichts wurde gebaut", problems)
    files = {p.relative_to(root / "docs").as_posix(): p.read_bytes()
             for p in sorted((root / "docs").rglob("*")) if p.is_file()}
    loaded = editions.timeline(root, briefing.editions)
    if loaded.note:
        print(f"Hinweis: {loaded.note}", file=sys.stderr)
    history = build_history(loaded, Side(briefing, frozenset(), tuple(problems.sorted())),
                            preview=os.environ.get(PREVIEW_ENV) == "true")
    info = commit_info(root)
    updated = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(info[2] if info else 0))
    try:
        generated = pages(briefing, root / "templates", build_info(root), history, site_url(),
                          updated, memo=_memo(root))
    except RenderError as exc:
        raise BuildError(str(exc)) from exc
    clash = sorted(set(files) & set(generated))
    if clash:
        raise BuildError(f"docs/ enthält Dateien, die erzeugt werden: {', '.join(clash)}")
    files.update({k: v.encode("utf-8") for k, v in generated.items()})
    for installed, published in VENDOR if offline() else ():
        folder = (root / "node_modules").resolve()
        path = folder / installed
        # A link inside node_modules would ship any file of the build machine; node_modules
        # itself may be a link (bench/ shares this checkout's with its generated briefings).
        if not path.is_file() or path.resolve() != path:
            raise BuildError(f"node_modules/{installed} fehlt oder ist ein Link: 'npm ci' "
                             "ausführen (make bundle tut das)")
        files[published] = path.read_bytes()
    url = site_url()
    if not offline():
        files["robots.txt"] = ("User-agent: *\nAllow: /\n" + (
            f"Sitemap: {url}sitemap.xml\n" if url else "")).encode("utf-8")
    _sync(files, root / STAGING, _staged(root))
    assert briefing.identity is not None, "a briefing without identity fails the check"
    meta = json.dumps(page_meta(briefing, briefing.identity.title, history), ensure_ascii=False,
                      sort_keys=True)
    (root / PAGE_META).write_text(meta, encoding="utf-8")
    return Views(briefing).stand, briefing.identity, edition_line(history.latest)


@contextmanager
def _build_env(root: Path, *, for_offline: bool, preview: bool = False) -> Iterator[None]:
    """Set what the hooks and MkDocs read from the environment for one build, then restore it."""
    info = commit_info(root)
    # MkDocs stamps sitemap dates and gzip headers with SOURCE_DATE_EPOCH: the commit's time.
    wanted = {"SOURCE_DATE_EPOCH": str(info[2] if info else 0),
              OFFLINE_ENV: "true" if for_offline else "false",
              PREVIEW_ENV: "true" if preview else "false"}
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


class _TerminalFormatter(logging.Formatter):
    """MkDocs' messages quote page text and file names: shown through escape.terminal."""

    def format(self, record: logging.LogRecord) -> str:
        return terminal(super().format(record))


def _log_to_stderr() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, logging.StreamHandler) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(_TerminalFormatter("%(levelname)s - %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)


def site_name(root: Path) -> str:
    """The briefing's title from facts/briefing.yaml, else mkdocs.yml's placeholder (the
    preview names its error page even when the facts do not load)."""
    found = read_identity(root)
    return found.title if found else str(load_config(str(root / "mkdocs.yml")).site_name)


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


@contextmanager
def _sigterm_held() -> Iterator[None]:
    """Hold SIGTERM back for a step that must not be cut in half; it arrives right after (the
    command line turns it into SystemExit, so every cleanup runs)."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


@contextmanager
def scratch_folder(root: Path, prefix: str) -> Iterator[Path]:
    """A new scratch folder under .build/scratch/, removed when the block ends, however it
    ends; first removes those of builds that were killed (SIGKILL) before they could."""
    folder = root / SCRATCH
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.iterdir():
        if not _running(stale.name):
            shutil.rmtree(stale, ignore_errors=True)
    with ExitStack() as cleanup:
        with _sigterm_held():
            path = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-{prefix}-", dir=folder))
            cleanup.callback(shutil.rmtree, path, ignore_errors=True)
        yield path


def _running(name: str) -> bool:
    """Whether the process that made scratch folder name (pid first) still runs."""
    pid = name.split("-", 1)[0]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build(root: Path, *, strict: bool = True, target: Path | None = None,
          for_offline: bool = False, preview: bool = False,
          checked: tuple[Briefing, Problems] | None = None) -> Path:
    """Build the site into target (site/); a failed build leaves the previous one untouched.

    checked: the result of check(root) when the caller has just run it."""
    _log_to_stderr()
    target = target or root / "site"
    target.parent.mkdir(parents=True, exist_ok=True)
    (root / STAGING).mkdir(parents=True, exist_ok=True)
    with scratch_folder(root, "site") as scratch:
        try:
            with _build_env(root, for_offline=for_offline, preview=preview):
                config = load_config(str(root / "mkdocs.yml"), site_dir=str(scratch),
                                     strict=strict)
                if checked:
                    _CHECKED[root.resolve()] = checked
                try:
                    mkdocs_build(config)
                finally:
                    _CHECKED.pop(root.resolve(), None)
        except MkDocsException as exc:
            raise BuildError(str(exc)) from exc
        _readable(scratch)
        old = target.with_name(target.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        with _sigterm_held():
            if target.exists():
                target.rename(old)
            scratch.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    return target


class Preview(LiveReloadServer):
    """MkDocs' live-reload server for `build.py serve`, told about broken facts.

    A rebuild never raises here: when it fails, every page request gets an error page with the
    located problems (and the reload script, so that the browser comes back to the site by
    itself on the next good save) instead of waiting for a build that never comes. Relies on
    the server's internals of the pinned MkDocs 1.6 (_serve_request, _epoch_cond,
    _visible_epoch, _inject_js_into_html, _want_rebuild).
    """

    def __init__(self, project: Path, site_dir: Path, host: str, port: int,
                 say: Callable[[str], None]) -> None:
        super().__init__(builder=self.rebuild, host=host, port=port, root=str(site_dir))
        self.host = host
        self.project = project
        self.say = say
        self.config_name = site_name(project)
        #: The error page while the last build failed, else None.
        self.failure: bytes | None = None
        self.builds = 0

    def server_bind(self) -> None:
        super().server_bind()
        self.url = f"http://{self.host}:{self.server_address[1]}/"
        self.say(f"Vorschau: {self.url} (Strg+C beendet sie)")
        with self._rebuild_cond:
            self._want_rebuild = True  # the first build runs in the build loop, like every other

    def rebuild(self) -> None:
        started = time.monotonic()
        try:
            problems = _preview_build(self.project, Path(self.root), self.url)
        except BuildError as exc:
            self._failed(started, exc.problems, str(exc).strip())
        # A preview that stops answering helps nobody: any other failure (a template or a
        # file that cannot be read) is shown the same way, and the next save tries again.
        except Exception as exc:
            self._failed(started, None, f"{type(exc).__name__}: {exc}")
        else:
            recovered = self.failure is not None
            self.failure = None
            self.say(f"{'neu gebaut' if self.builds else 'gebaut'} in {_seconds(started)}, "
                     f"{summary(0, len(problems.warnings()))}"
                     + (" – wieder fehlerfrei" if recovered else ""))
        self.builds += 1

    def _failed(self, started: float, problems: Problems | None, details: str) -> None:
        listed = problems.sorted() if problems else []
        errors = len(problems.errors()) if problems else 1
        message = (f"Die Prüfung hat {summary(errors, len(listed) - errors)} gefunden."
                   if problems else "Der Bau ist gescheitert.")
        self.failure = preview_error_page(self.project / "templates", self.config_name,
                                          message, listed, details).encode("utf-8")
        self.say(format_text(listed) if listed else details)
        self.say(f"nicht gebaut nach {_seconds(started)}, {errors} Fehler – die Vorschau zeigt "
                 f"{'sie' if listed else 'ihn'} unter {self.url}")

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ["PATH_INFO"]
        failure = self.failure
        if failure is None or path.startswith("/livereload/") or not (
                path.endswith("/") or path.endswith(".html")):
            return super()._serve_request(environ, start_response)
        with self._epoch_cond:
            epoch = self._visible_epoch
        content = self._inject_js_into_html(failure, epoch)  # type: ignore[no-untyped-call]
        # 200, as Vite and Hugo answer with their error overlays: the page is the answer.
        start_response("200 OK", [
            ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(content)))])
        return [content]


def _seconds(started: float) -> str:
    return f"{time.monotonic() - started:.1f} s".replace(".", ",")


def _readable(folder: Path) -> None:
    """Open the built site to every reader: mkdtemp makes its folder 0700, and a restrictive
    umask would do the same to the rest, but GitHub Pages' artifact upload needs every
    directory readable by others or the deployment fails."""
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def serve(root: Path, *, port: int = 8000, host: str = "127.0.0.1") -> int:
    """The live preview: rebuild on every edit, report each rebuild in German, and show the
    problems in the browser while the facts are broken."""
    _log_to_stderr()
    (root / STAGING).mkdir(parents=True, exist_ok=True)
    with _build_env(root, for_offline=False, preview=True), tempfile.TemporaryDirectory(
            prefix="lagebild-vorschau-") as scratch:
        preview = Preview(root, Path(scratch), host, port,
                          lambda line: print(line, file=sys.stderr, flush=True))
        watched = load_config(str(root / "mkdocs.yml")).watch
        for folder in (*watched, "mkdocs.yml"):
            if (root / folder).exists():
                preview.watch(str(root / folder))
        try:
            with remembering(root):
                preview.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            print("Vorschau beendet.", file=sys.stderr)
        finally:
            preview.shutdown()
    return 0


def _preview_build(root: Path, target: Path, url: str) -> Problems:
    """Check, then build the preview into target in place; the check's problems."""
    checked = check(root, cache=_CHECKS.get(root.resolve()))
    problems = checked[1]
    if problems.errors():
        raise BuildError("die Prüfung hat Fehler gefunden", problems)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(target), strict=False)
    config.site_url = url
    _CHECKED[root.resolve()] = checked
    logging.getLogger("mkdocs.commands.build").addFilter(_DIRTY_NOTICE)
    try:
        # Dirty: staging rewrites only the pages an edit changed, so MkDocs renders those
        # again and leaves every other page of the preview as it is.
        mkdocs_build(config, serve_url=url, dirty=True)
    except Abort as exc:
        if isinstance(exc.__cause__, BuildError):
            raise exc.__cause__ from None
        raise BuildError(str(exc)) from exc
    except MkDocsException as exc:
        raise BuildError(str(exc)) from exc
    finally:
        _CHECKED.pop(root.resolve(), None)
    if root.resolve() in _CHECKS and not gc.get_freeze_count():
        # After the first build what the preview keeps (records, pages) is most of this
        # process: collected once and frozen, later rebuilds' collections do not walk it
        # again. Later rebuilds freeze nothing (see remembering), so their garbage is freed.
        gc.collect()
        gc.freeze()
    return problems


class _DirtyNotice(logging.Filter):
    """Drops MkDocs' warning that a build is dirty: the preview builds dirty on purpose, and
    the warning would greet every save."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build")


_DIRTY_NOTICE = _DirtyNotice()


# --- MkDocs hooks (mkdocs.yml: hooks: [briefing/site.py]) -------------------------------------


def on_config(config: Any) -> Any:
    root = Path(config.config_file_path).parent
    try:
        stand, identity, edition = stage(root)
    except BuildError as exc:
        details = format_text(exc.problems.sorted()) if exc.problems else ""
        raise Abort(f"{exc}\n{details}") from exc
    # The staged pages are on disk; the cycles their rendering left (Jinja's environment and
    # templates: what they held, Renderer.close freed already) are freed now, before MkDocs.
    gc.collect()
    config.extra["stand"] = stand
    # The iframe-worker shim lets search run from file://; Material loads every polyfill on
    # every page, so only the offline build names it.
    config.extra["polyfills"] = [VENDOR[0][1]] if offline() else []
    _PAGE_META.clear()
    _PAGE_META.update(json.loads((root / PAGE_META).read_text("utf-8")))
    # The briefing names itself in facts/briefing.yaml; mkdocs.yml only holds a placeholder.
    # The theme prints both raw (<title>, header, meta description) and, elsewhere, with | e:
    # escaped once as Markup, they are safe in the first and not escaped twice in the second.
    config.site_name = html_text(identity.title)
    config.site_description = html_attr(identity.description) if identity.description else None
    config.theme["language"] = identity.language
    config.extra["ausgabe"] = edition
    config.site_url = site_url()
    return config


def on_env(env: Any, config: Any, files: Any) -> Any:
    # The theme's templates compile once per process, not on every rebuild of `serve`.
    env.bytecode_cache = THEME_TEMPLATES
    return env


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


#: The staged page metadata of the build in progress (on_config reads it, pages use it).
_PAGE_META: dict[str, dict[str, str]] = {}


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Give the theme every page's title and description escaped, as it prints them without
    escaping (page header, <title>, meta tags): from the staged metadata, else from the page's
    front matter (hand-written pages, and generated ones whose title is no curated text); and
    what the search index holds of the page (briefing.pages._search_scopes)."""
    meta = {name: str(page.meta[name]) for name in ("title", "description", "quelle")
            if name in page.meta} | _PAGE_META.get(page.file.src_uri, {})
    page.meta.update(meta)
    # Material's search plugin leaves out a page whose metadata says search: exclude.
    if _search_scope(page) == SEARCH_NONE:
        page.meta["search"] = {"exclude": True}
    if "title" in meta:
        page.meta["title"] = html_text(meta["title"])
    if "description" in meta:
        page.meta["description"] = html_attr(meta["description"])
    return markdown


#: The opening of a subheading in a page's HTML, as Python-Markdown writes it.
_SUBHEADING = re.compile(r"<(h[2-6])(?=[\s>])")


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """A page the search index holds by its summary only (briefing.pages._search_scopes):
    Material's search indexes a page section by section, one per heading, and leaves out a
    section whose heading carries data-search-exclude; it removes the attribute from the page
    it publishes."""
    if _search_scope(page) == SEARCH_SUMMARY:
        return _SUBHEADING.sub(r'<\1 data-search-exclude="zusammenfassung"', html)
    return html


def _search_scope(page: Any) -> str | None:
    """What the search index holds of a generated page; None: all of it."""
    return _PAGE_META.get(page.file.src_uri, {}).get("search_scope")


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    base = _edit_base()
    if base:
        # Generated pages are edited in the fact file they came from, not in the staging copy.
        page.edit_url = base + url_path(page.meta.get("quelle", f"docs/{page.file.src_uri}"))
    return context
