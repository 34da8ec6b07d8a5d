"""The front end's files sent compressed: the same bytes once unpacked, and only where the client takes them."""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from tornado import web
from tornado.testing import AsyncHTTPTestCase
from voila.static_file_handler import MultiStaticFileHandler

from greencoop.workshop.compressed import MIN_BYTES, SETTING, CompressedCopies, accepts_gzip, compressing

SCRIPT = b"".join(b"function widget%d() { return %d; }\n" % (i, i) for i in range(400))
FONT = os.urandom(4 * MIN_BYTES)


@pytest.mark.parametrize(("header", "accepted"), [
    ("gzip, deflate, br, zstd", True),
    ("br;q=1.0, GZIP;q=0.5", True),
    ("*", True),
    ("identity", False),
    ("", False),
    ("gzip;q=0", False),
    ("deflate, gzip; q=0.000", False),
    ("gzip;q=0.001", True),
    ("gzip;q=nonsense", False),
])
def test_gzip_is_accepted_as_the_header_says(header, accepted):
    assert accepts_gzip(header) is accepted


class CompressedFilesTest(AsyncHTTPTestCase):
    """Voilà's handler for its own static files, compressing, over a folder of one script, one font, one tiny file."""

    def get_app(self):
        self.root = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.copies = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (self.root / "app.js").write_bytes(SCRIPT)
        (self.root / "font.woff2").write_bytes(FONT)
        (self.root / "tiny.js").write_bytes(b"x = 1;\n")
        return web.Application([(r"/static/(.*)", compressing(MultiStaticFileHandler), {"paths": [str(self.root)]})],
                               **{SETTING: CompressedCopies(self.copies)})

    def get(self, name: str, **headers):
        return self.fetch(f"/static/{name}", headers=headers, decompress_response=False)

    def test_a_script_goes_compressed_to_a_client_that_accepts_gzip_and_unpacks_to_the_file(self):
        answer = self.get("app.js", **{"Accept-Encoding": "gzip, deflate"})
        assert answer.code == 200
        assert answer.headers["Content-Encoding"] == "gzip"
        assert answer.headers["Content-Type"] == "text/javascript"
        assert answer.headers["Vary"] == "Accept-Encoding"
        assert int(answer.headers["Content-Length"]) == len(answer.body) < len(SCRIPT) / 4
        assert gzip.decompress(answer.body) == SCRIPT

    def test_a_client_that_does_not_accept_gzip_gets_the_file_as_it_is(self):
        answer = self.get("app.js", **{"Accept-Encoding": "identity"})
        assert "Content-Encoding" not in answer.headers
        assert answer.headers["Vary"] == "Accept-Encoding"
        assert answer.body == SCRIPT

    def test_each_form_has_its_own_etag_and_is_revalidated_as_such(self):
        compressed = self.get("app.js", **{"Accept-Encoding": "gzip"})
        plain = self.get("app.js")
        assert compressed.headers["Etag"] != plain.headers["Etag"]
        again = self.get("app.js", **{"Accept-Encoding": "gzip", "If-None-Match": compressed.headers["Etag"]})
        assert again.code == 304

    def test_the_file_is_compressed_once_for_every_page(self):
        for _ in range(3):
            self.get("app.js", **{"Accept-Encoding": "gzip"})
        assert len(list(self.copies.iterdir())) == 1

    def test_copies_made_ahead_serve_every_page_and_none_is_made_later(self):
        assert CompressedCopies(self.copies).make_all([self.root, self.root / "missing"]) == 1  # the script only
        answer = self.get("app.js", **{"Accept-Encoding": "gzip"})
        assert gzip.decompress(answer.body) == SCRIPT
        assert len(list(self.copies.iterdir())) == 1

    def test_a_changed_file_gets_a_new_copy(self):
        self.get("app.js", **{"Accept-Encoding": "gzip"})
        changed = SCRIPT + b"// changed\n"
        (self.root / "app.js").write_bytes(changed)
        os.utime(self.root / "app.js", ns=(0, 10**18))
        assert gzip.decompress(self.get("app.js", **{"Accept-Encoding": "gzip"}).body) == changed

    def test_fonts_tiny_files_and_parts_of_files_go_as_they_are(self):
        font = self.get("font.woff2", **{"Accept-Encoding": "gzip"})
        tiny = self.get("tiny.js", **{"Accept-Encoding": "gzip"})
        part = self.get("app.js", **{"Accept-Encoding": "gzip", "Range": "bytes=0-99"})
        assert "Content-Encoding" not in font.headers and font.body == FONT
        assert "Content-Encoding" not in tiny.headers and tiny.body == b"x = 1;\n"
        assert "Content-Encoding" not in part.headers and part.body == SCRIPT[:100]

    def test_a_missing_file_is_still_not_found(self):
        assert self.get("missing.js", **{"Accept-Encoding": "gzip"}).code == 404




def test_making_copies_ahead_skips_what_it_cannot_read_and_stops_once_the_server_has_gone(tmp_path):
    front_end, copies = tmp_path / "front-end", tmp_path / "copies"
    front_end.mkdir()
    copies.mkdir()
    (front_end / "gone.js").symlink_to(tmp_path / "nowhere.js")
    (front_end / "app.js").write_bytes(SCRIPT)
    assert CompressedCopies(copies).make_all([front_end]) == 1
    shutil.rmtree(copies)
    assert CompressedCopies(copies).make_all([front_end]) == 0
