#!/usr/bin/env python3
"""Submits N image edits at once, CONCURRENCY at a time, over keep-alive connections.

The load generator shares the machine with the system under test, so it must be cheap: one process,
one pooled connection per thread, the multipart body assembled in memory. (One curl process per
edit cost about a fifth of the two cores while the burst was accepted.)

Prints one line per submit, "<http status> <seconds>", like curl's -w '%{http_code} %{time_total}'.

  submit_burst.py API_URL API_KEY IMAGE MASK EDITS CONCURRENCY [FIELD=VALUE ...]

Extra FIELD=VALUE arguments become form fields of every submit (n=2, quality=low, ...).
"""
import http.client
import resource
import sys
import threading
import time
import urllib.parse
import uuid


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    chunks = []
    for name, value in fields:
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, data in files:
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                      f'Content-Type: image/png\r\n\r\n'.encode() + data + b'\r\n')
    chunks.append(f'--{boundary}--\r\n'.encode())
    return f'multipart/form-data; boundary={boundary}', b''.join(chunks)


def main():
    api_url, key, image_path, mask_path, edits, concurrency = sys.argv[1:7]
    edits, concurrency = int(edits), int(concurrency)
    extra = [tuple(field.split('=', 1)) for field in sys.argv[7:]]
    image = open(image_path, 'rb').read()
    mask = open(mask_path, 'rb').read()
    target = urllib.parse.urlsplit(api_url)
    path = (target.path.rstrip('/') or '') + '/v1/image-edits'
    counter = iter(range(1, edits + 1))
    lock = threading.Lock()
    results = []

    def next_number():
        with lock:
            return next(counter, None)

    def submit_loop():
        if target.scheme == 'https':
            connection = http.client.HTTPSConnection(target.hostname, target.port or 443, timeout=120)
        else:
            connection = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=120)
        while (number := next_number()) is not None:
            content_type, body = multipart([('prompt', f'bench {number}'), ('size', 'auto')] + extra,
                                           [('image', 'photo.png', image), ('mask', 'mask.png', mask)])
            started = time.monotonic()
            try:
                connection.request('POST', path, body=body, headers={
                    'Authorization': f'Bearer {key}', 'Content-Type': content_type})
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader('Connection', '').lower() == 'close':
                    connection.close()
            except (OSError, http.client.HTTPException):
                # The line records the failure as status 000 (as curl does); a fresh connection serves the next one.
                status = 0
                connection.close()
            elapsed = time.monotonic() - started
            with lock:
                results.append(f'{status:03d} {elapsed:.6f}')
        connection.close()

    threads = [threading.Thread(target=submit_loop) for _ in range(min(concurrency, edits))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print('\n'.join(results))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f'load generator CPU: {usage.ru_utime + usage.ru_stime:.1f} s', file=sys.stderr)


if __name__ == '__main__':
    main()
