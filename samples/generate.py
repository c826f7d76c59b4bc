#!/usr/bin/env python3
"""Writes the sample edit that `./overtime up` submits: photo.png (512x512 RGB) and mask.png (512x512 RGBA).

The mask is opaque except a transparent circle in the middle: OpenAI edits only where the mask is transparent.
Standard library only (zlib + struct), so it runs on any machine with python3. Re-run to regenerate.
"""
import math
import struct
import zlib
from pathlib import Path

SIZE = 512
CENTER = SIZE / 2
HOLE_RADIUS = 110


def png(path, width, height, color_type, channels, pixel):
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(pixel(x, y))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        for kind, data in ((b"IHDR", ihdr), (b"IDAT", zlib.compress(bytes(rows), 9)), (b"IEND", b"")):
            out.write(struct.pack(">I", len(data)) + kind + data)
            out.write(struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def photo(x, y):
    # A sky-to-sea gradient with a sun disc and a dark hill, so an edit of the centre is easy to see.
    if (x - 380) ** 2 + (y - 120) ** 2 < 45 ** 2:
        return (250, 220, 80)
    if y > 360 + 40 * math.sin(x / 60):
        return (40, 90 + y // 8, 50)
    return (60 + y // 4, 120 + y // 6, 230 - y // 5)


def mask(x, y):
    inside = (x - CENTER) ** 2 + (y - CENTER) ** 2 < HOLE_RADIUS ** 2
    return (0, 0, 0, 0) if inside else (0, 0, 0, 255)


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    png(here / "photo.png", SIZE, SIZE, 2, 3, photo)
    png(here / "mask.png", SIZE, SIZE, 6, 4, mask)
    print(f"wrote {here / 'photo.png'} and {here / 'mask.png'}")
