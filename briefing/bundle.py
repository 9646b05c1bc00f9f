"""The offline bundle: the site built for file:// and packed into one reproducible zip.

Built with Material's offline plugin (search index inlined, worker shim shipped locally, see
mkdocs.yml), into a scratch folder, then zipped with sorted entries and the commit's timestamp
so that the same commit gives the same bytes.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

from briefing import site
from briefing.git import commit_info

MIN_ZIP_TIME = 315532800  # 1980-01-01, the earliest time a zip entry can carry


def bundle(root: Path, name: str, edition: str | None = None) -> Path:
    """Build the offline site and write dist/<name>[-ausgabe-<edition>]-offline.zip (the
    edition the facts were published as); return its path."""
    if edition:
        name += f"-ausgabe-{edition}"
    target = root / "dist" / f"{name}-offline.zip"
    partial = target.with_suffix(".zip.part")
    with site.scratch_folder(root, "bundle") as scratch:
        try:
            built = site.build(root, target=scratch / "site", for_offline=True)
            info = commit_info(root)
            stamp = time.gmtime(max(info[2] if info else 0, MIN_ZIP_TIME))[:6]
            target.parent.mkdir(exist_ok=True)
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED,
                                 compresslevel=9) as archive:
                for path in sorted(p for p in built.rglob("*") if p.is_file()):
                    entry = zipfile.ZipInfo(path.relative_to(built).as_posix(),
                                            date_time=stamp)
                    entry.external_attr = 0o644 << 16
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(entry, path.read_bytes())
            partial.replace(target)
        finally:
            # A stopped bundle leaves no half-written zip behind.
            partial.unlink(missing_ok=True)
    return target
