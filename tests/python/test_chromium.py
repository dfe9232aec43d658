"""Headless Chromium as the client, driven through the DevTools protocol.

1. From a blank page, the browser's own WebSocket talks to the echo and
   chat servers (text, binary, 1 MiB, close code) on each library.
2. The example page (examples-c/www, served by the echo server on /) is
   loaded, its form sends a message, and the echo shows up in its log
   (the page comes from the server's LWSMPRO_FILE mount).
"""
import asyncio
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from websockets.asyncio.client import connect

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
    "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
]


def chromium_path():
    for n in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(n)
        if p:
            return p
    return None


@pytest.fixture(scope="module")
def browser():
    exe = chromium_path()
    if not exe:
        if os.environ.get("LWS_REQUIRE_CHROMIUM") == "1":
            pytest.fail("chromium not installed (apt-get install chromium)")
        pytest.skip("chromium not installed")
    profile = tempfile.mkdtemp(prefix="lws-chromium-")
    log = tempfile.TemporaryFile()
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    proc = subprocess.Popen([exe] + CHROMIUM_FLAGS +
                            ["--user-data-dir=" + profile, "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=log, env=env)
    try:
        port = None
        deadline = time.time() + 30
        while port is None and time.time() < deadline:
            log.seek(0)
            m = re.search(rb"DevTools listening on ws://[^:]+:(\d+)/", log.read())
            if m:
                port = int(m.group(1))
                break
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        if port is None:
            log.seek(0)
            pytest.fail("chromium did not start: %s" % log.read()[-2000:].decode(errors="replace"))
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


class Page:
    """A fresh tab, driven with Runtime.evaluate / Page.navigate."""

    def __init__(self, devtools_port):
        self.dport = devtools_port
        self.id = 0

    async def __aenter__(self):
        req = urllib.request.Request(
            "http://127.0.0.1:%d/json/new?about:blank" % self.dport, method="PUT")
        with urllib.request.urlopen(req, timeout=10) as r:
            self.target = json.load(r)
        self.ws = await connect(self.target["webSocketDebuggerUrl"], proxy=None,
                                max_size=None, ping_interval=None)
        await self.call("Page.enable")
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()
        urllib.request.urlopen("http://127.0.0.1:%d/json/close/%s"
                               % (self.dport, self.target["id"]), timeout=10).close()

    async def call(self, method, **params):
        self.id += 1
        my = self.id
        await self.ws.send(json.dumps({"id": my, "method": method, "params": params}))
        while True:
            msg = json.loads(await asyncio.wait_for(self.ws.recv(), 60))
            if msg.get("id") == my:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg["result"]

    async def eval(self, expr):
        r = await self.call("Runtime.evaluate", expression=expr,
                            awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError("JS exception: %s" % r["exceptionDetails"])
        return r["result"].get("value")

    async def navigate(self, url):
        await self.call("Page.navigate", url=url)

    async def wait_for(self, expr, timeout=15):
        """Polls `expr` until truthy; exceptions (the page is still
        loading) count as not yet."""
        deadline = time.time() + timeout
        while True:
            try:
                v = await self.eval(expr)
            except RuntimeError:
                v = None
            if v or time.time() > deadline:
                return v
            await asyncio.sleep(0.1)


ECHO_JS = r"""
new Promise((resolve) => {
  const out = {};
  const ws = new WebSocket(%(url)s, "lws-echo");
  ws.binaryType = "arraybuffer";
  const big = "0123456789abcdef".repeat(65536);  // 1 MiB
  const steps = [
    ["text", () => ws.send("hello from chromium \u2713")],
    ["binary", () => ws.send(new Uint8Array([0, 1, 2, 254, 255]))],
    ["big", () => ws.send(big)],
  ];
  let i = 0;
  ws.onopen = () => { out.protocol = ws.protocol; steps[0][1](); };
  ws.onmessage = (ev) => {
    const v = ev.data;
    out[steps[i][0]] = typeof v === "string" ?
      (v.length > 100 ? (v === big ? "big ok" : "big wrong") : v) :
      Array.from(new Uint8Array(v));
    i++;
    if (i < steps.length) steps[i][1](); else ws.close(4321, "done");
  };
  ws.onclose = (ev) => { out.close = [ev.code, ev.reason, ev.wasClean]; resolve(out); };
  ws.onerror = () => { out.error = true; };
  setTimeout(() => resolve(out), 20000);
})
"""

CHAT_JS = r"""
new Promise((resolve) => {
  const n = 5, socks = [], got = [];
  let open = 0;
  for (let k = 0; k < n; k++) {
    const ws = new WebSocket(%(url)s, "lws-chat");
    got.push([]);
    ws.onopen = () => { if (++open === n) socks[0].send("to everyone"); };
    ws.onmessage = (ev) => {
      got[k].push(ev.data);
      if (got.every((g) => g.length === 1)) resolve(got);
    };
    socks.push(ws);
  }
  setTimeout(() => resolve(got), 20000);
})
"""


def test_chromium_websocket_echo(browser, echo_server):
    async def main():
        async with Page(browser) as p:
            return await p.eval(ECHO_JS % {"url": json.dumps(echo_server.url)})

    out = asyncio.run(main())
    assert out == {
        "protocol": "lws-echo",
        "text": "hello from chromium \u2713",
        "binary": [0, 1, 2, 254, 255],
        "big": "big ok",
        "close": [4321, "done", True],
    }


def test_chromium_chat_broadcast(browser, chat_server):
    async def main():
        async with Page(browser) as p:
            return await p.eval(CHAT_JS % {"url": json.dumps(chat_server.url)})

    assert asyncio.run(main()) == [["to everyone"]] * 5


def test_chromium_example_page(browser, echo_server, lib):
    # the page and its script come from the example's LWSMPRO_FILE mount
    urllib.request.urlopen(echo_server.http + "app.js", timeout=10).close()

    async def main():
        async with Page(browser) as p:
            await p.navigate(echo_server.http)
            st = await p.wait_for(
                "location.protocol === 'http:' &&"
                " (document.getElementById('echo-status') || {}).textContent === 'connected'"
                " && 'connected'")
            assert st == "connected", await p.eval("document.body.innerText")
            await p.eval("""
                document.getElementById('echo-text').value = 'typed in chromium';
                document.querySelector('#echo-form button').click(); true""")
            return await p.wait_for(
                "Array.from(document.querySelectorAll('#echo-log li.rx'))"
                ".map((li) => li.textContent).join('|') || ''")

    got = asyncio.run(main())
    assert "typed in chromium" in got
