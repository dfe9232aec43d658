#!/usr/bin/env python3
"""Bulk echo check with python-websockets: echo_test.py port"""
import asyncio, sys, os, time, websockets

async def main(port):
    async with websockets.connect("ws://127.0.0.1:%d/" % port, max_size=None, compression=None) as ws:
        cases = [("text", "héllo"), ("bin", b"\x00\x01\x02"), ("empty", ""),
                 ("text64k", "x" * 65536), ("bin1m", os.urandom(1 << 20)),
                 ("frag", ["ab", "cd", "ef"]), ("big16m", os.urandom(16 << 20))]
        for name, msg in cases:
            t = time.time()
            await ws.send(msg)
            r = await ws.recv()
            want = "".join(msg) if isinstance(msg, list) else msg
            print(name, "ok" if r == want else "MISMATCH len %d vs %d" % (len(r), len(want)), "%.2fs" % (time.time() - t))
        t = time.time(); n = 20000
        for i in range(n):
            await ws.send("m%d" % i)
            assert await ws.recv() == "m%d" % i
        print("%d round trips %.2fs" % (n, time.time() - t))

asyncio.run(main(int(sys.argv[1])))
