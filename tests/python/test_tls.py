"""TLS: python's ssl (websockets over wss) and curl (https) against
examples-c/ws-echo-server started with a certificate (-c/-k), on each
library.  Certificates are made at run time with the openssl CLI."""
import contextlib
import os
import socket
import ssl
import subprocess
import time

import sys

import pytest

import conftest

# wss through the asyncio client: the sync client reads and writes one SSL
# socket from two threads, which loses data now and then (tests/lib/wssync.py)
sys.path.insert(0, os.path.join(conftest.REPO, "tests", "lib"))
from wssync import connect  # noqa: E402

OPTS = dict(proxy=None, open_timeout=10, close_timeout=10, ping_interval=None)


@pytest.fixture(scope="session")
def tls_certs(tmp_session):
    d = os.path.join(tmp_session, "tls")
    os.makedirs(d, exist_ok=True)

    def sh(cmd):
        subprocess.run(cmd, shell=True, cwd=d, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
       "-keyout ca.key -out ca.crt -days 30 -subj /CN=pytest-ca")
    sh("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out srv.key")
    sh("printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext")
    sh("openssl req -new -key srv.key -subj /CN=localhost -out srv.csr && "
       "openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial "
       "-days 30 -extfile san.ext -out srv.crt")
    return d


@pytest.fixture(scope="session")
def wss_server(lib, oracle_build, ours_libdir, tls_certs):
    s = conftest.start_server("ws-echo-server", lib, oracle_build, ours_libdir,
                              extra=["-c", os.path.join(tls_certs, "srv.crt"),
                                     "-k", os.path.join(tls_certs, "srv.key")])
    s.url = "wss://localhost:%d/" % s.port
    s.https = "https://localhost:%d/" % s.port
    yield s
    alive = s.alive()
    rc = s.stop()
    assert alive, "server died during the tests:\n%s" % s.output()
    assert rc == 0, "server exited with %s:\n%s" % (rc, s.output())


def sslctx(certs):
    c = ssl.create_default_context(cafile=os.path.join(certs, "ca.crt"))
    return c


@pytest.mark.parametrize("msg", ["hello", "", "κόσμε ✓", b"\x00\xff binary"])
def test_wss_echo(wss_server, tls_certs, msg):
    with connect(wss_server.url, ssl=sslctx(tls_certs), subprotocols=["lws-echo"], **OPTS) as ws:
        ws.send(msg)
        got = ws.recv(timeout=10)
        assert got == msg and type(got) is type(msg)


@pytest.mark.parametrize("size", [125, 126, 16384, 65536, 1 << 20])
def test_wss_echo_large(wss_server, tls_certs, size):
    data = os.urandom(size)
    with connect(wss_server.url, ssl=sslctx(tls_certs), max_size=None, **OPTS) as ws:
        ws.send(data)
        assert ws.recv(timeout=60) == data


def test_wss_many_connections(wss_server, tls_certs):
    ctx = sslctx(tls_certs)
    with contextlib.ExitStack() as st:
        conns = [st.enter_context(connect(wss_server.url, ssl=ctx, **OPTS)) for _ in range(20)]
        for i, ws in enumerate(conns):
            ws.send("c%d" % i)
        for i, ws in enumerate(conns):
            assert ws.recv(timeout=10) == "c%d" % i


def test_wss_untrusted_cert_refused_by_client(wss_server):
    with pytest.raises(ssl.SSLCertVerificationError):
        connect(wss_server.url, ssl=ssl.create_default_context(), **OPTS)
    # the server is still fine
    assert wss_server.alive()


def test_https_curl(wss_server, tls_certs):
    r = subprocess.run(["curl", "-s", "--max-time", "10", "--http1.1",
                        "--cacert", os.path.join(tls_certs, "ca.crt"),
                        "-o", "/dev/null", "-w", "%{http_code} %{ssl_verify_result}",
                        wss_server.https], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == "200 0", (r.stdout, r.stderr)


def test_plain_http_and_garbage_on_tls_port(wss_server, tls_certs):
    for payload in (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", b"\x16\x03\x01\x00\x05hello" + b"\0" * 64,
                    os.urandom(3000),
                    # oversized ClientHellos: record length 65535, a
                    # handshake length of 16 MiB, a 16385-byte record
                    b"\x16\x03\x01\xff\xff\x01\xff\xff\xff" + b"A" * 3000,
                    b"\x16\x03\x01\x40\x00\x01\xff\xff\xff" + b"A" * 16380,
                    b"\x16\x03\x01\x40\x01\x01\x00\x3f\xfd" + b"A" * 16381):
        s = socket.create_connection(("127.0.0.1", wss_server.port), timeout=10)
        try:
            s.sendall(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before all of it was sent
        t = time.time()
        try:
            while s.recv(4096):
                pass
        except ConnectionResetError:
            pass
        assert time.time() - t < 5
        s.close()
    # still serving
    with connect(wss_server.url, ssl=sslctx(tls_certs), **OPTS) as ws:
        ws.send("after")
        assert ws.recv(timeout=10) == "after"


def test_stalled_handshake_does_not_block_others(wss_server, tls_certs):
    # half a ClientHello, then silence: other clients are served meanwhile
    s = socket.create_connection(("127.0.0.1", wss_server.port), timeout=30)
    s.sendall(b"\x16\x03\x01\x02\x00\x01")
    with connect(wss_server.url, ssl=sslctx(tls_certs), **OPTS) as ws:
        ws.send("meanwhile")
        assert ws.recv(timeout=10) == "meanwhile"
    s.close()


@pytest.fixture(scope="module")
def tls_browser():
    """Headless Chromium trusting any certificate (the test CA is not in
    its store)."""
    import test_chromium
    saved = test_chromium.CHROMIUM_FLAGS
    test_chromium.CHROMIUM_FLAGS = saved + ["--ignore-certificate-errors"]
    try:
        gen = test_chromium.browser.__wrapped__()
        port = next(gen)
    finally:
        test_chromium.CHROMIUM_FLAGS = saved
    yield port
    try:
        next(gen)
    except StopIteration:
        pass


def test_chromium_https_page_and_wss(tls_browser, wss_server):
    """Chromium loads the example page over https from the echo server, and
    from that page opens a wss socket to it."""
    import asyncio
    import json
    import test_chromium

    async def main():
        async with test_chromium.Page(tls_browser) as p:
            await p.navigate(wss_server.https)
            title = await p.wait_for("document.readyState === 'complete' && location.protocol")
            out = await p.eval(test_chromium.ECHO_JS % {"url": json.dumps(wss_server.url)})
            return title, out

    proto, out = asyncio.run(main())
    assert proto == "https:"
    assert out == {
        "protocol": "lws-echo",
        "text": "hello from chromium \u2713",
        "binary": [0, 1, 2, 254, 255],
        "big": "big ok",
        "close": [4321, "done", True],
    }
