#!/usr/bin/env python3
"""Serves photo-like PNGs by URL for bench/batch.sh, as an image host (a CDN, a bucket) would, and counts fetches.

Every path /<prefix>/<n>.png answers the same base photo with a tEXt chunk naming the path, so each URL is a
distinct image (its own SHA-256) of the base photo's size. GET /__hits answers {"<path>": fetches, ...}.

  image_host.py BASE.png PORT
"""
import http.server
import json
import struct
import sys
import threading
import zlib

BASE = open(sys.argv[1], 'rb').read()
HITS = {}
LOCK = threading.Lock()


def image(path):
    text = b'Comment\x00' + path.encode()
    chunk = struct.pack('>I', len(text)) + b'tEXt' + text + struct.pack('>I', zlib.crc32(b'tEXt' + text) & 0xffffffff)
    return BASE[:-12] + chunk + BASE[-12:]  # before IEND, the last 12 bytes


class Host(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def do_GET(self):
        if self.path == '/__hits':
            with LOCK:
                body = json.dumps(HITS).encode()
            self.reply(200, 'application/json', body)
            return
        if not self.path.endswith('.png'):
            self.reply(404, 'text/plain', b'not here')
            return
        with LOCK:
            HITS[self.path] = HITS.get(self.path, 0) + 1
        self.reply(200, 'image/png', image(self.path))

    def reply(self, status, content_type, body):
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[2])), Host).serve_forever()
