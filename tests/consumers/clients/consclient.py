"""Small scripted clients for the consumer suite (tests/consumers/).

Everything a client sees is printed as transcript lines with T(); nothing
time-, port- or pid-dependent goes there.  Diagnostics go to stderr (D()).

    http_request(...)  one HTTP/1.1 exchange over a raw socket (optionally
                       TLS), returning what came back byte-exactly
    ws_connect(...)    python-websockets' sync client (wss: tests/lib/wssync.py),
                       subprotocol and TLS
    show_http(...)     prints status line, headers, body of a response
"""
import os
import re
import socket
import ssl
import sys
import time

os.environ.setdefault("WEBSOCKETS_MAX_FRAGMENTS", "100000")

from websockets.sync.client import connect as _ws_connect  # noqa: E402

# wss through the asyncio client: the sync client reads and writes one SSL
# socket from two threads, which loses data now and then (tests/lib/wssync.py)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "lib"))
from wssync import connect as _wss_connect  # noqa: E402
from websockets.exceptions import (  # noqa: E402
    ConnectionClosed, InvalidHandshake, InvalidStatus)


def T(*parts):
    print(" ".join(str(p) for p in parts), flush=True)


def D(*parts):
    print("client:", *parts, file=sys.stderr, flush=True)


def tls_context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def open_socket(host, port, tls=False, timeout=10):
    s = socket.create_connection((host, port), timeout=timeout)
    if tls:
        s = tls_context().wrap_socket(s, server_hostname="localhost")
    return s


class Response:
    def __init__(self):
        self.status_line = None
        self.headers = []
        self.body = b""
        self.closed = False    # the server closed after the response

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


def read_response(s, method="GET", timeout=10):
    """Reads one response from socket s (content-length, chunked or until
    close)."""
    s.settimeout(timeout)
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = s.recv(65536)
        if not d:
            break
        buf += d
    r = Response()
    if b"\r\n\r\n" not in buf:
        r.status_line = "(no response head: %r)" % buf[:80]
        r.closed = True
        return r, b""
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    r.status_line = lines[0]
    for line in lines[1:]:
        k, _, v = line.partition(":")
        r.headers.append((k, v.strip()))
    cl = r.header("content-length")
    te = r.header("transfer-encoding")
    if method == "HEAD" or r.status_line.split()[1] in ("204", "304"):
        return r, rest
    if cl is not None:
        n = int(cl)
        while len(rest) < n:
            d = s.recv(65536)
            if not d:
                r.closed = True
                break
            rest += d
        r.body, rest = rest[:n], rest[n:]
    elif te and te.lower() == "chunked":
        body = b""
        while True:
            while b"\r\n" not in rest:
                d = s.recv(65536)
                if not d:
                    r.closed = True
                    r.body = body
                    return r, b""
                rest += d
            size_s, rest = rest.split(b"\r\n", 1)
            size = int(size_s.split(b";")[0], 16)
            while len(rest) < size + 2:
                d = s.recv(65536)
                if not d:
                    r.closed = True
                    break
                rest += d
            body += rest[:size]
            rest = rest[size + 2:]
            if size == 0:
                break
        r.body = body
    else:
        while True:
            try:
                d = s.recv(65536)
            except (ConnectionResetError, ssl.SSLError):
                break
            if not d:
                break
            rest += d
        r.body, rest = rest, b""
        r.closed = True
    return r, rest


def http_request(host, port, method, path, headers=(), body=b"", tls=False,
                 timeout=10):
    s = open_socket(host, port, tls, timeout)
    try:
        req = "%s %s HTTP/1.1\r\nHost: localhost\r\n" % (method, path)
        for k, v in headers:
            req += "%s: %s\r\n" % (k, v)
        if body:
            req += "Content-Length: %d\r\n" % len(body)
        req += "\r\n"
        s.sendall(req.encode("latin-1") + body)
        r, _ = read_response(s, method, timeout)
        return r
    finally:
        s.close()


# headers whose value changes from run to run
VOLATILE = {"date", "expires", "last-modified", "etag", "server"}


def show_http(tag, r, body=True, skip_headers=()):
    T(tag, "status:", r.status_line)
    skip = {h.lower() for h in skip_headers} | VOLATILE
    for k, v in r.headers:
        if k.lower() in skip:
            T(tag, "header:", k, "(present)")
        else:
            T(tag, "header:", "%s: %s" % (k, v))
    if body:
        show_body(tag, r.body)


def show_body(tag, data):
    if isinstance(data, str):
        data = data.encode()
    text = data.decode("utf-8", "replace")
    T(tag, "body: %d bytes" % len(data))
    for line in text.splitlines()[:60]:
        T(tag, "|", line)


def ws_connect(url, subprotocols=None, tls=False, timeout=10, **kw):
    args = dict(open_timeout=timeout, close_timeout=timeout,
                max_size=2 ** 24)
    if subprotocols:
        args["subprotocols"] = subprotocols
    if tls or url.startswith("wss:"):
        args["ssl"] = tls_context()
        args["server_hostname"] = "localhost"
    args.update(kw)
    if "ssl" in args:
        return _wss_connect(url, **args)
    return _ws_connect(url, **args)


def ws_try(tag, url, subprotocols=None, **kw):
    """Opens a ws connection; on a refused handshake prints what the client
    saw and returns None."""
    try:
        ws = ws_connect(url, subprotocols, **kw)
    except InvalidStatus as e:
        T(tag, "handshake refused: HTTP", e.response.status_code)
        return None
    except InvalidHandshake as e:
        T(tag, "handshake failed:", type(e).__name__)
        return None
    except (ConnectionError, EOFError, OSError) as e:
        T(tag, "connection failed:", type(e).__name__)
        return None
    T(tag, "open, subprotocol:", ws.subprotocol)
    return ws


def ws_recv(ws, tag, timeout=10):
    try:
        m = ws.recv(timeout=timeout)
    except TimeoutError:
        T(tag, "recv: timeout")
        return None
    except ConnectionClosed as e:
        T(tag, "recv: closed", e.rcvd.code if e.rcvd else None)
        return None
    return m


def ws_close(ws, tag):
    ws.close()
    T(tag, "closed: code", ws.close_code)


def wait_port(host, port, secs=10):
    end = time.monotonic() + secs
    while time.monotonic() < end:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def mask_numbers(s):
    return re.sub(r"\d+", "N", s)
