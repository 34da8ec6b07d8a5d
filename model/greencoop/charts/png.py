"""PNG files of drawn charts, written for speed: the workshop sends a new image for every answer.

A chart is mostly flat colour, so its rows compress well as they are. PNG
allows each row a filter (a difference with the row above or the pixel to
the left) that helps photographs. Pillow's encoder tries them on every row,
and that search was two fifths of a workshop answer's drawing time. Here
every row is stored unfiltered and compressed at zlib's fastest level: for
these charts the file is a little smaller and takes about half the time.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

#: The eight bytes every PNG file starts with.
SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: zlib's fastest level: an image is sent once over a local network, so encoding time matters more than bytes.
COMPRESSION = 1


def png(rgba: np.ndarray) -> bytes:
    """An opaque (height x width x 4) RGBA pixel array, such as an Agg canvas's buffer, as RGB PNG bytes.

    The alpha channel is left out: the charts are drawn on an opaque background.

    >>> from PIL import Image
    >>> import io
    >>> pixels = np.random.default_rng(0).integers(0, 256, (3, 5, 4), dtype=np.uint8)
    >>> back = np.asarray(Image.open(io.BytesIO(png(pixels))))
    >>> bool((back == pixels[..., :3]).all())
    True
    """
    height, width, _ = rgba.shape
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # each row: filter type 0 (none), then RGB
    rows[:, 1:].reshape(height, width, 3)[...] = rgba[..., :3]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits a channel, RGB, no interlacing
    return b"".join((SIGNATURE, _chunk(b"IHDR", header), _chunk(b"IDAT", zlib.compress(rows.tobytes(), COMPRESSION)),
                     _chunk(b"IEND", b"")))


def _chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data and the CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
