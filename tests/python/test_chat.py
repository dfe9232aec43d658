"""python-websockets against examples-c/ws-chat-server, on each library."""
import asyncio

from websockets.asyncio.client import connect

OPTS = dict(proxy=None, open_timeout=10, close_timeout=10, ping_interval=None,
            subprotocols=["lws-chat"])


def test_broadcast_to_all(chat_server):
    n = 25

    async def main():
        conns = [await connect(chat_server.url, **OPTS) for _ in range(n)]
        try:
            for c in conns:
                assert c.subprotocol == "lws-chat"
            # every client says something; everybody (sender included)
            # receives every message, each sender's messages in order
            for i, c in enumerate(conns):
                await c.send("hello from %d" % i)
                await c.send(b"bin %d" % i)
            want = sorted(["hello from %d" % i for i in range(n)] +
                          [b"bin %d" % i for i in range(n)], key=repr)

            async def collect(c):
                got = [await asyncio.wait_for(c.recv(), 20) for _ in range(2 * n)]
                for i in range(n):
                    assert got.index("hello from %d" % i) < got.index(b"bin %d" % i)
                return sorted(got, key=repr)

            res = await asyncio.gather(*(collect(c) for c in conns))
            assert all(r == want for r in res)
        finally:
            for c in conns:
                await c.close()

    asyncio.run(main())


def test_late_joiner_and_leaver(chat_server):
    async def main():
        a = await connect(chat_server.url, **OPTS)
        b = await connect(chat_server.url, **OPTS)
        await a.send("first")
        assert await asyncio.wait_for(a.recv(), 10) == "first"
        assert await asyncio.wait_for(b.recv(), 10) == "first"
        await b.close()
        c = await connect(chat_server.url, **OPTS)
        await c.send("second")
        assert await asyncio.wait_for(a.recv(), 10) == "second"
        assert await asyncio.wait_for(c.recv(), 10) == "second"
        await a.close()
        await c.close()

    asyncio.run(main())
    assert chat_server.alive()
