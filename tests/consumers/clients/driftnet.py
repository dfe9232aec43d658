"""Client of driftnet's web display (driftnet -w): the page over HTTP, the
"images-pipe-protocol" ws, then the image broadcast once driftnet has carved
the PNG out of the pcap the shell feeds it.

usage: driftnet.py PORT TMPDIR GO_FILE PNG
  TMPDIR  driftnet's -d directory (the image appears there)
  GO_FILE created once the ws is open: the shell then feeds the packets
  PNG     the image inside the pcap
"""
import glob
import hashlib
import os
import sys
import time

from consclient import T, D, http_request, show_http, ws_try, ws_recv, ws_close

port, tmpdir, go, png = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
want = open(png, "rb").read()
page = open("/usr/share/driftnet/static-html/index.html", "rb").read()

r = http_request("127.0.0.1", port, "GET", "/")
show_http("GET /", r, body=False)
T("GET / body is driftnet's index.html:", r.body == page)
r = http_request("127.0.0.1", port, "GET", "/no-such-file.png")
show_http("GET /no-such-file.png", r, body=False)

ws = ws_try("ws", "ws://127.0.0.1:%d/" % port, ["images-pipe-protocol"])
if ws is None:
    sys.exit(0)
open(go, "w").close()

# driftnet carves the image into TMPDIR; its capture thread then queues the
# name for the ws and asks for writeable from that thread, which the service
# thread only acts on when its poll() returns: an HTTP request wakes it
found = None
end = time.monotonic() + 15
while time.monotonic() < end and not found:
    names = [n for n in glob.glob(os.path.join(tmpdir, "driftnet-*.png"))]
    if names:
        found = os.path.basename(names[0])
    else:
        time.sleep(0.1)
T("image carved into the tmp dir:", bool(found))
try:
    m = ws.recv(timeout=1)
    D("ws message before any wake-up")
except TimeoutError:
    m = None
if m is None:
    # wake driftnet's lws service thread
    http_request("127.0.0.1", port, "GET", "/")
    m = ws_recv(ws, "ws", timeout=10)
if m is not None:
    D("ws message %r (file %r)" % (m, found))
    T("ws message names the carved file:", m == found)
    r = http_request("127.0.0.1", port, "GET", "/" + str(m))
    show_http("GET /<image>", r, body=False)
    T("GET /<image> is the PNG from the pcap:", r.body == want,
      hashlib.sha256(r.body).hexdigest()[:16])
ws_close(ws, "ws")
