"""The live charts' PNG encoder (planlib.io.png): lossless, a valid file, decoded by Pillow."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from planlib.io.png import png_rgba


@pytest.mark.parametrize("size", [(1, 1), (3, 2), (97, 61)])
def test_the_png_holds_exactly_the_pixels(size):
    width, height = size
    pixels = np.random.default_rng(width).integers(0, 256, (height, width, 4), dtype=np.uint8)
    png = png_rgba(memoryview(pixels.tobytes()), width, height)
    image = Image.open(io.BytesIO(png))
    assert (image.format, image.mode, image.size) == ("PNG", "RGBA", size)
    assert np.array_equal(np.asarray(image), pixels)


def test_the_png_is_a_well_formed_file():
    pixels = np.zeros((2, 3, 4), np.uint8)
    pixels[1, :, :] = (255, 128, 0, 255)
    png = png_rgba(pixels.tobytes(), 3, 2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + data)
        chunks.append((kind, data))
        at += 12 + length
    assert [k for k, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    assert struct.unpack(">IIBBBBB", chunks[0][1]) == (3, 2, 8, 6, 0, 0, 0)
    # Each row: the filter byte (2, Up), then its bytes minus the row above's, modulo 256.
    assert zlib.decompress(chunks[1][1]) == bytes([2] + [0] * 12 + [2] + [255, 128, 0, 255] * 3)


def test_no_pixels_no_png():
    with pytest.raises(ValueError):
        png_rgba(b"", 0, 0)
