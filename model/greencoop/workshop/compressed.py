"""The page's front end sent gzip-compressed, each file compressed once for the whole room.

A participant's page fetches its front end once: the kit's script and style sheet (1 MB as they lie on
disk, 0.3 MB compressed; Voilà's own front end was about a hundred files, 5 MB, 1.4 MB compressed).
Voilà's server sends static files as they are. Over a venue's Wi-Fi shared by 30 devices every megabyte
saved is 30 at once (``benchmarks/page_weight.py`` measures the room's wait for them on a link of a given
speed).

Compressing every answer as it is sent would cost the server's one thread about 0.16 s a page, some 5 s
for a room. :func:`compressing` instead gives a static file handler a
:class:`CompressedCopies` folder, filled as the server starts (:meth:`CompressedCopies.make_all`): every
page that accepts gzip gets a file's compressed copy from disk, with its own ``ETag`` and
``Content-Length``; a file with no copy yet gets one the first time a page asks for it. Pages that do not
accept gzip, and requests for part of a file, get the file as it is.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from tornado import web

#: Types worth compressing: text, whose size gzip cuts by two thirds or more. Fonts and images are
#: compressed already.
COMPRESSIBLE_TYPES = frozenset({
    "application/javascript", "application/json", "application/xml", "image/svg+xml", "text/css",
    "text/html", "text/javascript", "text/plain", "text/xml",
})
#: Files smaller than this are sent as they are: what gzip saves on them is less than a network packet.
MIN_BYTES = 1024
#: gzip's level 9: the smallest copies, made once per file and server.
LEVEL = 9
#: The setting of the server's application under which handlers find the folder of copies.
SETTING = "greencoop_compressed_copies"


class CompressedCopies:
    """A folder of gzip-compressed copies of static files, one per file's path, size and modification time.

    A copy is written once, under a temporary name first, so a page never reads a half-written one; a file
    changed on disk gets a new copy.
    """

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def make_all(self, folders: Iterable[str]) -> int:
        """Copies of every compressible file under ``folders`` (missing ones skipped); how many files have one.

        Run in a thread as the server starts, while the room's kernels start, so that no page pays for a copy
        (the whole of what Voilà may serve: under a second of CPU, with zlib releasing the GIL). A file that
        cannot be read is left to be sent as it is; once the folder of copies is gone (the server stopped),
        it stops.
        """
        made = 0
        for folder in folders:
            for directory, _, names in os.walk(folder):
                for name in names:
                    path = os.path.realpath(os.path.join(directory, name))
                    try:
                        stat = os.stat(path)
                        if is_compressible(path, stat.st_size):
                            self.copy_of(path, stat)
                            made += 1
                    except OSError:
                        if not self.folder.is_dir():
                            return made
        return made

    def copy_of(self, original: str, stat: os.stat_result) -> str:
        """The path of the compressed copy of ``original`` (a resolved path, as tornado gives it, whose ``os.stat``
        is ``stat``), written if needed."""
        key = hashlib.sha256(f"{original}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()
        copy = self.folder / f"{key}.gz"
        if not copy.exists():
            compressed = gzip.compress(Path(original).read_bytes(), compresslevel=LEVEL, mtime=0)
            with tempfile.NamedTemporaryFile(dir=self.folder, delete=False) as partial:
                partial.write(compressed)
            os.replace(partial.name, copy)
        return str(copy)


def is_compressible(path: str, size: int) -> bool:
    """Whether a file of this name and size is worth sending compressed."""
    mime_type, encoding = mimetypes.guess_type(path)
    return encoding is None and mime_type in COMPRESSIBLE_TYPES and size >= MIN_BYTES


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header accepts gzip: named, or ``*``, with a quality above 0."""
    for coding in accept_encoding.split(","):
        name, *parameters = (part.strip() for part in coding.split(";"))
        if name.lower() in ("gzip", "*"):
            qualities = [value for key, _, value in (p.partition("=") for p in parameters) if key.strip() == "q"]
            try:
                return not qualities or float(qualities[0]) > 0
            except ValueError:
                return False
    return False


class CompressedStaticFiles(web.StaticFileHandler):
    """Mixin for a static file handler: compressible files go out compressed to a client that accepts gzip.

    Put before the handler's own class (:func:`compressing` does). Everything the handler decides (which file,
    whether it may be served, caching) is its own; this only swaps the file for its compressed copy
    afterwards, so the size, ``ETag`` and body tornado derives are the copy's, and says so in the headers.
    """

    original_path: str | None = None

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        path = super().validate_absolute_path(root, absolute_path)
        if path is None:
            return None
        stat = getattr(self, "_stat_result", None) or os.stat(path)  # tornado keeps the stat it checked
        if not is_compressible(path, stat.st_size):
            return path
        self.set_header("Vary", "Accept-Encoding")
        copies = self.settings.get(SETTING)
        if (copies is None or "Range" in self.request.headers
                or not accepts_gzip(self.request.headers.get("Accept-Encoding", ""))):
            return path
        self.original_path = path
        copy = copies.copy_of(path, stat)
        self._stat_result = os.stat(copy)
        return copy

    def get_content_type(self) -> str:
        if self.original_path is None:
            return super().get_content_type()
        mime_type, _ = mimetypes.guess_type(self.original_path)
        return mime_type

    def set_extra_headers(self, path: str) -> None:
        super().set_extra_headers(path)
        if self.original_path is not None:
            self.set_header("Content-Encoding", "gzip")


def compressing(handler: type[web.StaticFileHandler]) -> type[web.StaticFileHandler]:
    """``handler`` sending compressible files gzip-compressed, from the copies in the application's settings."""
    return type(f"Compressed{handler.__name__}", (CompressedStaticFiles, handler), {})
