#!/usr/bin/env python3
"""Write a pcap (Ethernet, IPv4, TCP) of one HTTP exchange whose response
body is a small PNG image, for driftnet -f.  Deterministic: fixed addresses,
ports, sequence numbers and timestamps.

usage: mkpcap.py OUT.pcap IMAGE.png  (writes the PNG too)"""
import struct
import sys
import zlib


def png(width=4, height=3):
    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xffffffff)
    rows = b"".join(b"\x00" + b"".join(bytes((x * 60 % 256, y * 80 % 256, 200))
                                       for x in range(width))
                    for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def csum(data):
    if len(data) % 2:
        data += b"\x00"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def packet(src, dst, sport, dport, seq, ack, flags, payload=b""):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0)
    pseudo = struct.pack("!4s4sBBH", src, dst, 0, 6, len(tcp) + len(payload))
    tcp = tcp[:16] + struct.pack("!H", csum(pseudo + tcp + payload)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(payload), 1, 0x4000, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    eth = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    return eth + ip + tcp + payload


def main():
    out, imgpath = sys.argv[1], sys.argv[2]
    img = png()
    with open(imgpath, "wb") as f:
        f.write(img)
    cli, srv = bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2])  # TEST-NET-1: only inside the file
    cp, sp = 40000, 80
    req = b"GET /pic.png HTTP/1.1\r\nHost: example.test\r\n\r\n"
    resp = (b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: %d\r\n\r\n" % len(img)) + img
    cs, ss = 1000, 5000
    SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01
    pkts = [
        packet(cli, srv, cp, sp, cs, 0, SYN),
        packet(srv, cli, sp, cp, ss, cs + 1, SYN | ACK),
        packet(cli, srv, cp, sp, cs + 1, ss + 1, ACK),
        packet(cli, srv, cp, sp, cs + 1, ss + 1, PSH | ACK, req),
        packet(srv, cli, sp, cp, ss + 1, cs + 1 + len(req), PSH | ACK, resp),
        packet(srv, cli, sp, cp, ss + 1 + len(resp), cs + 1 + len(req), FIN | ACK),
        packet(cli, srv, cp, sp, cs + 1 + len(req), ss + 2 + len(resp), FIN | ACK),
    ]
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for n, p in enumerate(pkts):
            f.write(struct.pack("<IIII", 1700000000, n * 1000, len(p), len(p)))
            f.write(p)


if __name__ == "__main__":
    main()
