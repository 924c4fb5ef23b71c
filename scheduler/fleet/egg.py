"""The project as an egg, the package format Scrapyd runs, built from the installed code.

Scrapyd activates an uploaded egg (a zip with ``EGG-INFO``) and finds the
project's settings through its ``scrapy`` entry point. The egg is built
here, from the packages a crawl imports as they are installed, so
``newsindex fleet deploy`` needs neither a checkout nor setuptools. The
build is reproducible (sorted entries, fixed times): its digest says which
code a node runs, and ends the version name, which starts with the upload
time so that Scrapyd, which runs a project's last version, runs the newest.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "newsindex"
PACKAGES = ("crawler", "index")  # what a crawl imports: the crawler and the archive below it
EPOCH = (1980, 1, 1, 0, 0, 0)  # the oldest time a zip entry can carry


@dataclass(frozen=True)
class Egg:
    data: bytes
    digest: str  # of the content, the first 12 hex digits of its SHA-256

    def version(self, now: datetime) -> str:
        """``20260312T093015-3fa2b1c04d5e``: time first, so that later uploads sort last."""
        return f"{now:%Y%m%dT%H%M%S}-{self.digest}"


def version_digest(version: str) -> str:
    """The digest part of a version name :meth:`Egg.version` made ('' for other names)."""
    head, sep, digest = version.rpartition("-")
    return digest if sep and head else ""


def package_files(package: str) -> list[tuple[str, Path]]:
    """(name in the egg, file) for a package's modules and data, without compiled files."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"package {package!r} is not installed")
    root = Path(next(iter(spec.submodule_search_locations)))
    return sorted(
        (f"{package}/{path.relative_to(root).as_posix()}", path)
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


def egg_info() -> dict[str, str]:
    """The EGG-INFO files: the installed distribution's name, version and scrapy entry point."""
    dist = metadata.distribution(DISTRIBUTION)
    scrapy = [f"{e.name} = {e.value}" for e in dist.entry_points if e.group == "scrapy"]
    return {
        "EGG-INFO/PKG-INFO": (
            f"Metadata-Version: 2.1\nName: {DISTRIBUTION}\nVersion: {dist.version}\n"
        ),
        "EGG-INFO/entry_points.txt": "[scrapy]\n" + "\n".join(scrapy) + "\n",
        "EGG-INFO/top_level.txt": "".join(f"{p}\n" for p in PACKAGES),
        "EGG-INFO/zip-safe": "\n",
    }


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def build_egg() -> Egg:
    entries = {name: text.encode() for name, text in egg_info().items()}
    for package in PACKAGES:
        entries.update((name, path.read_bytes()) for name, path in package_files(package))
    buffer = io.BytesIO()
    digest = hashlib.sha256()
    with zipfile.ZipFile(buffer, "w") as egg:
        for name in sorted(entries):
            egg.writestr(_entry(name), entries[name])
            digest.update(name.encode() + b"\0" + entries[name] + b"\0")
    return Egg(buffer.getvalue(), digest.hexdigest()[:12])
