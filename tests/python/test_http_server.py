"""Real HTTP clients (curl, http.client, requests) against
examples-c/http-server, on each library.

Every test pins what the client sees and, on ours, also compares the
response with the one Debian's library gives to the same request
(`oracle_http`, a second server that always runs on Debian's library):
status, body and headers, leaving out the date-like ones.
"""
import http.client
import json
import os
import random
import shutil
import socket
import subprocess

import pytest
import requests

from conftest import DEBIAN_LIB, WWW_HTTP, start_server

# headers whose value may differ between two runs
VOLATILE = {"date", "last-modified", "expires"}


@pytest.fixture(scope="session")
def oracle_http(oracle_build, ours_libdir):
    s = start_server("http-server", "oracle", oracle_build, ours_libdir, WWW_HTTP)
    assert s.loaded_lib == os.path.realpath(DEBIAN_LIB)
    yield s
    s.stop()


def base(server):
    return "http://127.0.0.1:%d" % server.port


def raw(server, method, path, body=None, headers=None):
    """One request on a fresh connection: (status, [(name, value)], body)."""
    c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, [(k.lower(), v) for k, v in r.getheaders()], r.read()
    finally:
        c.close()


def norm(resp):
    status, hdrs, body = resp
    return status, [(k, v) for k, v in hdrs if k not in VOLATILE], body


def same_as_oracle(server, oracle, method, path, body=None, headers=None):
    """The response of `server`, checked equal to the oracle's."""
    got = raw(server, method, path, body, headers)
    want = raw(oracle, method, path, body, headers)
    assert norm(got) == norm(want)
    return got


def fnv1a(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return "%08x" % h


def wwwfile(name):
    with open(os.path.join(WWW_HTTP, name), "rb") as f:
        return f.read()


# ---- static files (LWSMPRO_FILE mount) ----

@pytest.mark.parametrize("path,name,ctype", [
    ("/", "index.html", "text/html"),
    ("/1k.txt", "1k.txt", "text/plain"),
    ("/style.css", "style.css", "text/css"),
    ("/data.json", "data.json", "application/json"),
    ("/form.html", "form.html", "text/html"),
])
def test_http_static_file(http_server, oracle_http, path, name, ctype):
    status, hdrs, body = same_as_oracle(http_server, oracle_http, "GET", path)
    h = dict(hdrs)
    assert status == 200
    assert body == wwwfile(name)
    assert h["content-type"] == ctype
    assert int(h["content-length"]) == len(body)
    assert h["server"] == "lws-http-example"


def test_http_static_file_curl(http_server, oracle_http):
    """curl's view: headers (-D) and body bytes."""
    def fetch(server):
        out = subprocess.run(["curl", "-sS", "--max-time", "10", "-D", "-",
                              base(server) + "/1k.txt"],
                             check=True, capture_output=True).stdout
        head, _, body = out.partition(b"\r\n\r\n")
        lines = [l for l in head.split(b"\r\n")
                 if l.split(b":")[0].lower().decode() not in VOLATILE]
        return lines, body
    got = fetch(http_server)
    assert got[1] == wwwfile("1k.txt")
    assert got[0][0] == b"HTTP/1.1 200 OK"
    assert got == fetch(oracle_http)


def test_http_missing_file(http_server, oracle_http):
    """A missing file with error_document_404 set on the vhost."""
    status, hdrs, body = same_as_oracle(http_server, oracle_http, "GET", "/missing.html")
    assert status in (302, 404)
    r = requests.get(base(http_server) + "/missing.html", timeout=10)
    assert r.status_code in (200, 404)
    assert b"No such page here." in r.content


def test_http_path_traversal(http_server, oracle_http):
    for p in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd"):
        status, _, body = same_as_oracle(http_server, oracle_http, "GET", p)
        assert b"root:" not in body


# ---- HEAD ----

@pytest.mark.parametrize("path", ["/1k.txt", "/", "/api/status"])
def test_http_head(http_server, oracle_http, path):
    status, hdrs, body = same_as_oracle(http_server, oracle_http, "HEAD", path)
    assert status == 200
    assert body == b""
    if not path.startswith("/api"):
        # a file's HEAD announces the GET's length (the JSON answer names
        # the method, so its length differs)
        g_status, g_hdrs, g_body = raw(http_server, "GET", path)
        assert dict(hdrs)["content-length"] == dict(g_hdrs)["content-length"]


# ---- keep-alive ----

def test_http_keepalive_several_requests(http_server, oracle_http):
    """Several requests on one connection (http.client keeps it open)."""
    def run(server):
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        out = []
        c.connect()
        sock = c.sock
        for method, path in [("GET", "/1k.txt"), ("GET", "/api/status?name=ka"),
                             ("HEAD", "/1k.txt"), ("GET", "/"),
                             ("GET", "/data.json")]:
            c.request(method, path)
            r = c.getresponse()
            out.append(norm((r.status, [(k.lower(), v) for k, v in r.getheaders()],
                             r.read())))
            assert c.sock is sock, "connection was not kept alive"
        c.close()
        return out
    got = run(http_server)
    assert [s for s, _, _ in got] == [200] * 5
    assert got[0][2] == wwwfile("1k.txt")
    assert got == run(oracle_http)


def test_http_keepalive_curl_reuses_connection(http_server):
    r = subprocess.run(["curl", "-sS", "-v", "--max-time", "10", "-o", "/dev/null",
                        "-o", "/dev/null", base(http_server) + "/1k.txt",
                        base(http_server) + "/data.json"],
                       capture_output=True, text=True, check=True)
    assert "Re-using existing connection" in r.stderr or \
        "Reusing existing connection" in r.stderr


def test_http_connection_close(http_server, oracle_http):
    status, hdrs, body = same_as_oracle(http_server, oracle_http, "GET", "/1k.txt",
                                        headers={"Connection": "close"})
    assert status == 200 and body == wwwfile("1k.txt")


def test_http_10_request(http_server, oracle_http):
    def run(server):
        s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        s.sendall(b"GET /data.json HTTP/1.0\r\n\r\n")
        out = b""
        while True:
            d = s.recv(65536)
            if not d:
                break
            out += d
        s.close()
        head, _, body = out.partition(b"\r\n\r\n")
        return [l for l in head.split(b"\r\n")
                if l.split(b":")[0].lower().decode() not in VOLATILE], body
    got = run(http_server)
    assert got[1] == wwwfile("data.json")
    assert got == run(oracle_http)


# ---- dynamic JSON (LWSMPRO_CALLBACK mount) ----

def test_http_json_route(http_server, oracle_http):
    status, hdrs, body = same_as_oracle(http_server, oracle_http, "GET",
                                        "/api/status?name=a%20b&x=1")
    h = dict(hdrs)
    assert status == 200
    assert h["content-type"] == "application/json"
    assert h["cache-control"] == "no-store"
    assert json.loads(body) == {"status": "ok", "path": "/api/status",
                                "method": "GET", "name": "a b"}


def test_http_json_route_requests(http_server):
    r = requests.get(base(http_server) + "/api/status", params={"name": "réq"},
                     timeout=10)
    assert r.status_code == 200
    assert r.json()["name"] == "réq"


def test_http_json_route_unknown(http_server, oracle_http):
    same_as_oracle(http_server, oracle_http, "GET", "/api/nope")


# ---- forms (lws_spa) ----

def test_http_form_get_redirects(http_server, oracle_http):
    status, hdrs, _ = same_as_oracle(http_server, oracle_http, "GET", "/form")
    assert status == 303
    assert dict(hdrs)["location"] == "/form.html"


def test_http_form_urlencoded(http_server, oracle_http):
    body = "name=Jo+Bloggs&email=jo%40example.com&comment=caf%C3%A9+%26+%22tea%22"
    hdrs = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _, out = same_as_oracle(http_server, oracle_http, "POST", "/form", body, hdrs)
    assert status == 200
    assert json.loads(out) == {"name": "Jo Bloggs", "email": "jo@example.com",
                               "comment": 'café & "tea"'}


def test_http_form_urlencoded_requests(http_server):
    r = requests.post(base(http_server) + "/form",
                      data={"name": "x y", "email": "e", "comment": "c"}, timeout=10)
    assert r.status_code == 200
    assert r.json() == {"name": "x y", "email": "e", "comment": "c"}


def test_http_form_multipart_upload(http_server):
    data = bytes(random.Random(1).randrange(256) for _ in range(5000))
    r = requests.post(base(http_server) + "/form",
                      data={"name": "up", "comment": "a file"},
                      files={"upload": ("blob.bin", data, "application/octet-stream")},
                      timeout=10)
    assert r.status_code == 200
    assert r.json() == {"name": "up", "email": "", "comment": "a file",
                        "file": {"filename": "blob.bin", "size": len(data),
                                 "fnv1a": fnv1a(data)}}


def test_http_form_multipart_same_as_oracle(http_server, oracle_http):
    data = bytes(range(256)) * 8
    boundary = "----lwsboundary1234"
    parts = []
    for k, v in (("name", "Jo"), ("email", "jo@x")):
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                      % (boundary, k, v)).encode())
    parts.append(("--%s\r\nContent-Disposition: form-data; name=\"upload\"; "
                  "filename=\"bytes.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                  % boundary).encode() + data + b"\r\n")
    parts.append(("--%s--\r\n" % boundary).encode())
    body = b"".join(parts)
    hdrs = {"Content-Type": "multipart/form-data; boundary=" + boundary}
    status, _, out = same_as_oracle(http_server, oracle_http, "POST", "/form", body, hdrs)
    assert status == 200
    assert json.loads(out)["file"] == {"filename": "bytes.bin", "size": len(data),
                                       "fnv1a": fnv1a(data)}


def test_http_form_large_upload_curl(http_server, tmp_path):
    """8 MiB through curl -F: the body arrives in many HTTP_BODY pieces."""
    data = random.Random(2).randbytes(8 * 1024 * 1024)
    f = tmp_path / "big.bin"
    f.write_bytes(data)
    r = subprocess.run(["curl", "-sS", "--max-time", "60", "-F", "name=big",
                        "-F", "upload=@%s" % f, base(http_server) + "/form"],
                       capture_output=True, check=True)
    assert json.loads(r.stdout)["file"] == {"filename": "big.bin", "size": len(data),
                                           "fnv1a": fnv1a(data)}


def test_http_form_chunked_body(http_server, oracle_http):
    """A urlencoded body sent with Transfer-Encoding: chunked (no
    Content-Length): Debian's 4.1.6 never delivers it to the callback; the
    request gets no answer and is dropped after timeout_secs (5 s)."""
    def run(server):
        s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        s.sendall(b"POST /form HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\n"
                  b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                  b"7\r\nname=ch\r\n"
                  b"d\r\n&comment=unk\r\n"
                  b"3\r\ned!\r\n"
                  b"0\r\n\r\n")
        out = b""
        try:
            while True:
                d = s.recv(65536)
                if not d:
                    break
                out += d
        except socket.timeout:
            pass
        s.close()
        head, _, body = out.partition(b"\r\n\r\n")
        return [l for l in head.split(b"\r\n")
                if l.split(b":")[0].lower().decode() not in VOLATILE], body
    got = run(http_server)
    assert got == run(oracle_http)
    assert got == ([b""], b"")


def test_http_server_survives(http_server):
    """After everything above, the server still answers."""
    assert requests.get(base(http_server) + "/1k.txt", timeout=10).content == \
        wwwfile("1k.txt")
    assert shutil.which("curl")
