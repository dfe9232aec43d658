"""Drives the probe server srv.c with hand-built frames and appends what
it saw (its RECEIVE lines) and what the client got to a log.

  drive.py LOG PORT RXBUF UTF8 [SCENARIOS]
      starts ./srv PORT RXBUF UTF8 (UTF8: "" or 1 for
      LWS_SERVER_OPTION_VALIDATE_UTF8), runs the scenarios (comma list,
      default all), stops the server
  LOG=.. PORT=.. drive.py [SCENARIOS]
      against a server started by hand
"""
import socket, struct, os, subprocess, time, sys, base64
SERVE = len(sys.argv) >= 5
if SERVE:
    LOG, PORT = sys.argv[1], int(sys.argv[2])
    if os.path.exists(LOG):
        os.remove(LOG)
    _srv = subprocess.Popen([os.path.join(os.path.dirname(os.path.abspath(__file__)), "srv"),
                             str(PORT), sys.argv[3], sys.argv[4]],
                            stdout=open(LOG, "a"), stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    sys.argv = sys.argv[:1] + sys.argv[5:]
else:
    PORT = int(os.environ.get("PORT", "7681"))
    LOG = os.environ.get("LOG", "log.txt")
def mark(s):
    with open(LOG, "a") as f:
        f.write(s + "\n")
def frame(op, payload, fin=True, mask=True, rsv=0, key=b"\x11\x22\x33\x44", lenform=None):
    b0 = (0x80 if fin else 0) | (rsv << 4) | op
    n = len(payload)
    m = 0x80 if mask else 0
    if lenform is None:
        lenform = 0 if n < 126 else (1 if n < 65536 else 2)
    if lenform == 0: h = bytes([b0, m | n])
    elif lenform == 1: h = bytes([b0, m | 126]) + struct.pack(">H", n)
    else: h = bytes([b0, m | 127]) + struct.pack(">Q", n)
    if mask:
        p = bytes(c ^ key[i % 4] for i, c in enumerate(payload))
        return h + key + p
    return h + payload
def connect():
    s = socket.create_connection(("127.0.0.1", PORT))
    k = base64.b64encode(os.urandom(16)).decode()
    s.sendall(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: p\r\n\r\n" % k).encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = s.recv(4096)
        if not d: raise Exception("closed during upgrade")
        buf += d
    return s, buf.split(b"\r\n\r\n", 1)[1]
def readall(s, extra, t=0.6):
    s.settimeout(t)
    buf = extra
    try:
        while True:
            d = s.recv(65536)
            if not d:
                buf += b"<EOF>"; break
            buf += d
    except socket.timeout:
        pass
    return buf
def parse_frames(b):
    out = []
    while len(b) >= 2:
        if b.startswith(b"<EOF>"): out.append("EOF"); break
        op = b[0] & 15; fin = b[0] >> 7; n = b[1] & 127; i = 2
        if n == 126: n = struct.unpack(">H", b[2:4])[0]; i = 4
        elif n == 127: n = struct.unpack(">Q", b[2:10])[0]; i = 10
        p = b[i:i+n]; b = b[i+n:]
        out.append("op=%d fin=%d len=%d payload=%r" % (op, fin, n, p[:40]))
    if b and not b.startswith(b"<EOF>"): out.append("rest=%r" % b)
    return out
def run(name, chunks, slow=False):
    mark("=== " + name)
    s, extra = connect()
    time.sleep(0.1)
    for c in chunks:
        if slow:
            for i in range(len(c)):
                s.sendall(c[i:i+1]); time.sleep(0.002)
        else:
            s.sendall(c)
        time.sleep(0.05)
    r = readall(s, extra)
    time.sleep(0.1)
    mark("--- client got: " + " | ".join(parse_frames(r)))
    s.close()
    time.sleep(0.1)

T, B, C, CL, PI, PO = 1, 2, 0, 8, 9, 10
scen = sys.argv[1] if len(sys.argv) > 1 else "all"
S = {}
S["single_small"] = [frame(T, b"hello")]
S["single_40"] = [frame(T, bytes(range(65, 65+40)))]
S["single_16"] = [frame(B, b"x"*16)]
S["single_17"] = [frame(B, b"x"*17)]
S["single_32"] = [frame(B, b"y"*32)]
S["single_40_bytewise"] = ("slow", [frame(T, bytes(range(65, 65+40)))])
S["zero_text"] = [frame(T, b"")]
S["zero_bin"] = [frame(B, b"")]
S["frag3"] = [frame(T, b"abc", fin=False), frame(C, b"def", fin=False), frame(C, b"ghi")]
S["frag_big"] = [frame(B, b"A"*20, fin=False), frame(C, b"B"*20, fin=False), frame(C, b"C"*20)]
S["frag_zero_parts"] = [frame(T, b"", fin=False), frame(C, b"ab", fin=False), frame(C, b"", fin=False), frame(C, b"")]
S["frag_ping"] = [frame(T, b"abc", fin=False), frame(PI, b"pp"), frame(C, b"def")]
S["ping"] = [frame(PI, b"hello ping")]
S["ping_empty"] = [frame(PI, b"")]
S["pong"] = [frame(PO, b"unsolicited")]
S["len126"] = [frame(B, b"z"*10, lenform=1)]
S["len127"] = [frame(B, b"z"*10, lenform=2)]
S["close_code_reason"] = [frame(CL, struct.pack(">H", 1000) + b"bye")]
S["close_empty"] = [frame(CL, b"")]
S["close_1byte"] = [frame(CL, b"\x03")]
S["close_code_4000"] = [frame(CL, struct.pack(">H", 4000))]
S["close_code_999"] = [frame(CL, struct.pack(">H", 999))]
S["close_code_1005"] = [frame(CL, struct.pack(">H", 1005))]
S["close_code_1016"] = [frame(CL, struct.pack(">H", 1016))]
S["close_code_5000"] = [frame(CL, struct.pack(">H", 5000))]
S["close_bad_utf8"] = [frame(CL, struct.pack(">H", 1000) + b"\xff\xfe")]
S["unmasked"] = [frame(T, b"hello", mask=False)]
S["rsv1"] = [frame(T, b"hello", rsv=4)]
S["rsv3"] = [frame(T, b"hello", rsv=1)]
S["op3"] = [frame(3, b"hello")]
S["op11"] = [frame(11, b"hello")]
S["cont_no_start"] = [frame(C, b"hello")]
S["new_during_frag"] = [frame(T, b"abc", fin=False), frame(T, b"def")]
S["ping_frag"] = [frame(PI, b"abc", fin=False)]
S["ping_126"] = [frame(PI, b"a"*126)]
S["bad_utf8"] = [frame(T, b"ab\xc0\xafcd")]
S["bad_utf8_frag"] = [frame(T, b"ab\xce", fin=False), frame(C, b"\xbacd")]
S["trunc_utf8_end"] = [frame(T, b"ab\xce")]
S["ret_m1"] = [frame(T, b"RET-")]
S["crs_1001_5"] = [frame(T, b"CRS-1001-5")]
S["crs_1000_200"] = [frame(T, b"CRS-1000-200")]
S["crs_4000_0"] = [frame(T, b"CRS-4000-0")]
S["crs_4000_123"] = [frame(T, b"CRS-4000-123")]
S["crs_4000_124"] = [frame(T, b"CRS-4000-124")]
S["big100"] = [frame(B, bytes(range(100)))]
S["big300"] = [frame(B, bytes(i%256 for i in range(300)))]
S["big5000"] = [frame(B, bytes(i%256 for i in range(5000)))]
S["two_frames_one_write"] = [frame(B, b"a"*20) + frame(B, b"b"*20)]
S["crs_4000_0b"] = [frame(T, b"CRS-4000-0-")]
S["crs_1000_3b"] = [frame(T, b"CRS-1000-3-")]
S["crs_0_0"] = [frame(T, b"CRS-0-0-")]
S["crs_0_5"] = [frame(T, b"CRS-0-5-")]
S["bad_utf8_late"] = [frame(T, b"abcdefghijklmnopqrstuvwxyz\xed\xa0\x80xyz")]
S["close_reason_ok_utf8"] = [frame(CL, struct.pack(">H", 1000) + "hé".encode())]
S["close_reason_trunc_utf8"] = [frame(CL, struct.pack(">H", 1000) + b"ab\xce")]
S["bad_utf8_bin"] = [frame(B, b"ab\xc0\xafcd")]
S["utf8_split_valid"] = [frame(T, b"ab\xce", fin=False), frame(C, b"\xbacd")]
S["big10000"] = [frame(B, bytes(i%256 for i in range(10000)))]
for k, v in S.items():
    if scen != "all" and k not in scen.split(","): continue
    if isinstance(v, tuple): run(k, v[1], slow=True)
    else: run(k, v)
if SERVE:
    _srv.terminate()
    _srv.wait()
