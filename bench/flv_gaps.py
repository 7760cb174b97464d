#!/usr/bin/env python3
"""Reads an FLV stream on stdin (ffmpeg -c copy -f flv -) and prints the longest wait between two tags after the
first SKIP seconds, and the tag count."""
import sys, time
skip = float(sys.argv[1]); dur = float(sys.argv[2])
f = sys.stdin.buffer
f.read(13)
start = time.monotonic(); last = None; worst = 0.0; n = 0
while time.monotonic() - start < dur:
    h = f.read(11)
    if len(h) < 11: break
    size = int.from_bytes(h[1:4], "big")
    f.read(size + 4)
    now = time.monotonic()
    if now - start > skip:
        if last is not None: worst = max(worst, now - last)
        n += 1
    last = now
print(f"tags {n} worst gap {worst*1000:.0f} ms", flush=True)
