#!/usr/bin/env python3
"""Writes a photo-like PNG, and optionally a matching mask, with nothing but the standard library.

A photo is smooth light with fine grain everywhere, so its PNG barely compresses: a 1024x1024 one comes to about
2.7 MB, like a phone photo saved as PNG. The mask is transparent in a centred circle (the area to edit), opaque
elsewhere, as OpenAI's edit endpoint expects.

  make_photo.py OUT.png WIDTH HEIGHT [MASK.png]
"""
import random
import struct
import sys
import zlib


def png(path, width, height, rows, color_type):
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    raw = b''.join(b'\x00' + row for row in rows)
    with open(path, 'wb') as out:
        out.write(b'\x89PNG\r\n\x1a\n')
        out.write(chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, color_type, 0, 0, 0)))
        out.write(chunk(b'IDAT', zlib.compress(raw, 6)))
        out.write(chunk(b'IEND', b''))


def photo_rows(width, height, seed=11):
    rnd = random.Random(seed)
    for y in range(height):
        row = bytearray(width * 3)
        for x in range(width):
            base = (x * 255 // width, y * 255 // height, (x + y) * 127 // (width + height) + 64)
            for c in range(3):
                row[x * 3 + c] = max(0, min(255, base[c] + rnd.randint(-40, 40)))
        yield bytes(row)


def mask_rows(width, height):
    cx, cy, r2 = width / 2, height / 2, (min(width, height) / 3) ** 2
    for y in range(height):
        row = bytearray(width * 4)
        for x in range(width):
            inside = (x - cx) ** 2 + (y - cy) ** 2 < r2
            row[x * 4:x * 4 + 4] = b'\x00\x00\x00\x00' if inside else b'\xff\xff\xff\xff'
        yield bytes(row)


if __name__ == '__main__':
    out, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    png(out, width, height, list(photo_rows(width, height)), 2)
    if len(sys.argv) > 4:
        png(sys.argv[4], width, height, list(mask_rows(width, height)), 6)
