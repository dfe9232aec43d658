"""python-websockets against examples-c/ws-echo-server, on each library."""
import asyncio
import os
import socket
import time

import pytest
from websockets.exceptions import ConnectionClosedError, InvalidHandshake, InvalidMessage
from websockets.sync.client import connect

OPTS = dict(proxy=None, open_timeout=10, close_timeout=10, ping_interval=None)


def client(server, **kw):
    o = dict(OPTS)
    o.update(kw)
    return connect(server.url, **o)


@pytest.mark.parametrize("msg", [
    "hello", "", "κόσμε ✓ 𝄞", b"\x00\x01\xff binary", b"",
])
def test_echo_text_binary_empty(echo_server, msg):
    with client(echo_server, subprotocols=["lws-echo"]) as ws:
        ws.send(msg)
        got = ws.recv(timeout=10)
        assert got == msg and type(got) is type(msg)


def test_echo_many_messages_in_order(echo_server):
    with client(echo_server) as ws:
        msgs = ["m%d" % i * (i % 7 + 1) for i in range(300)]
        for m in msgs:
            ws.send(m)
        assert [ws.recv(timeout=10) for _ in msgs] == msgs


def test_echo_fragmented(echo_server):
    with client(echo_server) as ws:
        ws.send(["frag", "mented ", "text"])
        assert ws.recv(timeout=10) == "fragmented text"
        ws.send([b"\x01" * 1000, b"\x02" * 70000, b"\x03"])
        assert ws.recv(timeout=10) == b"\x01" * 1000 + b"\x02" * 70000 + b"\x03"
        # a UTF-8 character split across fragments
        ws.send(["a\u00e9"[:1], "\u00e9b"])
        assert ws.recv(timeout=10) == "a\u00e9b"


@pytest.mark.parametrize("size", [125, 126, 65535, 65536, 1 << 20, 16 << 20])
def test_echo_large(echo_server, size):
    data = os.urandom(size)
    with client(echo_server, max_size=None) as ws:
        ws.send(data)
        assert ws.recv(timeout=60) == data
        text = ("0123456789abcdé" * (size // 16 + 1))[:size]
        ws.send(text)
        assert ws.recv(timeout=60) == text


def test_subprotocol_negotiation(echo_server):
    with client(echo_server, subprotocols=["lws-echo"]) as ws:
        assert ws.subprotocol == "lws-echo"
        ws.send("x")
        assert ws.recv(timeout=10) == "x"
    with client(echo_server, subprotocols=["nope", "lws-echo"]) as ws:
        assert ws.subprotocol == "lws-echo"
    # none asked: the server's default protocol (pvo "default") echoes, and
    # no Sec-WebSocket-Protocol comes back
    with client(echo_server) as ws:
        assert ws.subprotocol is None
        assert "Sec-WebSocket-Protocol" not in ws.response.headers
        ws.send("default")
        assert ws.recv(timeout=10) == "default"
    # only unknown protocols: the server closes without answering
    with pytest.raises((InvalidHandshake, InvalidMessage, ConnectionError, EOFError)):
        with client(echo_server, subprotocols=["nope"]):
            pass


def test_handshake_headers(echo_server):
    with client(echo_server, subprotocols=["lws-echo"]) as ws:
        r = ws.response
        assert r.status_code == 101
        assert r.headers["Upgrade"].lower() == "websocket"
        assert r.headers["Connection"].lower() == "upgrade"
        assert r.headers["Sec-WebSocket-Protocol"] == "lws-echo"
        # no extension negotiated although the client offered deflate
        assert "Sec-WebSocket-Extensions" not in r.headers


def test_ping_pong(echo_server):
    with client(echo_server) as ws:
        for payload in [b"", b"ping!", bytes(range(125))]:
            assert ws.ping(payload).wait(10)
        ws.send("after pings")
        assert ws.recv(timeout=10) == "after pings"


def test_ping_burst_every_ping_answered(echo_server, lib):
    """Several pings in a row: ours answers each one (Autobahn 2.10/2.11).
    Debian's 4.1.6 answers only one ping per read, by design, and fails
    those two Autobahn cases; for it the test checks just that."""
    with client(echo_server) as ws:
        evs = [ws.ping(b"p%d" % i) for i in range(20)]
        deadline = time.time() + (2 if lib == "oracle" else 10)
        answered = [e.wait(max(0.0, deadline - time.time())) for e in evs]
        if lib == "oracle":
            assert answered[0]
        else:
            assert all(answered), answered
        ws.send("after pings")
        assert ws.recv(timeout=10) == "after pings"


@pytest.mark.parametrize("code,reason", [
    (1000, ""), (1000, "bye"), (1001, "going away"), (1003, ""),
    (1011, "oops"), (3000, "app"), (4999, "é" * 40),
])
def test_close_code_echoed(echo_server, code, reason):
    with client(echo_server) as ws:
        ws.send("before close")
        assert ws.recv(timeout=10) == "before close"
        ws.close(code, reason)
        rcvd = ws.protocol.close_rcvd
        assert rcvd is not None
        assert (rcvd.code, rcvd.reason) == (code, reason)


def raw_upgrade(server):
    s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
              b"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
              b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
    head = b""
    while b"\r\n\r\n" not in head:
        b = s.recv(1)
        assert b, head
        head += b
    assert head.startswith(b"HTTP/1.1 101 ")
    return s


def read_all(s, limit=5.0):
    s.settimeout(limit)
    out = b""
    try:
        while True:
            b = s.recv(4096)
            if not b:
                return out, True
            out += b
    except socket.timeout:
        return out, False


@pytest.mark.parametrize("frame,answer", [
    # RSV1 set: 1002 "rsv bits"
    (b"\xc1\x80\0\0\0\0", b"\x88\x0a\x03\xearsv bits"),
    # reserved opcode 3
    (b"\x83\x80\0\0\0\0", b"\x88\x09\x03\xeabad opc"),
    # continuation without a message
    (b"\x80\x81\0\0\0\0x", b"\x88\x0a\x03\xeabad cont"),
    # invalid UTF-8 text (UTF-8 validation is on in the example)
    (b"\x81\x84\0\0\0\0ab\xc0\xaf", b"\x88\x0a\x03\xefbad utf8"),
])
def test_protocol_errors(echo_server, frame, answer):
    s = raw_upgrade(echo_server)
    s.sendall(frame)
    s.settimeout(10)
    got = b""
    while len(got) < len(answer):
        b = s.recv(4096)
        assert b, got
        got += b
    assert got == answer
    # reply with our close, as a client should; the server then drops TCP
    # (ours at once, Debian's within its 5 s close timeout)
    s.sendall(b"\x88\x82\0\0\0\0\x03\xe8")
    rest, eof = read_all(s, 8)
    assert rest == b"" and eof
    s.close()


def test_bad_utf8_gives_1007_to_python_client(echo_server):
    with client(echo_server) as ws:
        ws.send(b"ok \xff not utf8", text=True)
        with pytest.raises(ConnectionClosedError):
            ws.recv(timeout=10)
        assert ws.protocol.close_rcvd is not None and ws.protocol.close_rcvd.code == 1007


def test_many_concurrent_clients(echo_server):
    from websockets.asyncio.client import connect as aconnect

    n_clients, n_msgs = 200, 10

    async def one(i):
        async with aconnect(echo_server.url, **OPTS) as ws:
            for j in range(n_msgs):
                m = "client %d message %d " % (i, j) + "x" * (i % 50)
                await ws.send(m)
                assert await ws.recv() == m
            await ws.send(b"\x00" * (1000 + i))
            assert await ws.recv() == b"\x00" * (1000 + i)
        return i

    async def main():
        done = await asyncio.wait_for(
            asyncio.gather(*(one(i) for i in range(n_clients))), 120)
        assert sorted(done) == list(range(n_clients))

    asyncio.run(main())
    assert echo_server.alive()
