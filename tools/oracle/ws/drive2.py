import time, struct, sys
sys.argv=[sys.argv[0], "none"]
exec(open('drive.py').read())
codes=[0,1,999,1000,1001,1002,1003,1004,1005,1006,1007,1008,1009,1010,1011,1012,1013,1014,1015,1016,1100,2000,2999,3000,3999,4000,4999,5000,65535]
res=[]
for c in codes:
    s, extra = connect(); time.sleep(0.05)
    s.sendall(frame(CL, struct.pack(">H", c)))
    r = readall(s, extra, 0.3); s.close()
    res.append("%d -> %s" % (c, " | ".join(parse_frames(r))))
mark("=== close code sweep\n" + "\n".join(res))
# protocol error then client replies close
def timed(name, first, reply, wait=8):
    mark("=== " + name)
    s, extra = connect(); time.sleep(0.05)
    s.sendall(first)
    t0=time.time()
    r = readall(s, extra, 0.3)
    mark("--- got: " + " | ".join(parse_frames(r)))
    for x in reply:
        s.sendall(x); time.sleep(0.05)
    r = readall(s, b"", wait)
    mark("--- then got: %s after %.2fs" % (" | ".join(parse_frames(r)), time.time()-t0))
    s.close(); time.sleep(0.1)
timed("rsv then close reply", frame(T, b"x", rsv=4), [frame(CL, struct.pack(">H", 1002))])
timed("rsv then nothing", frame(T, b"x", rsv=4), [], wait=12)
timed("crs then data+ping then close", frame(T, b"CRS-1000-2-"), [frame(T, b"after"), frame(PI, b"pi"), frame(CL, struct.pack(">H", 1000))])
timed("crs then close no code", frame(T, b"CRS-1000-2-"), [frame(CL, b"")])
timed("ret then", frame(T, b"RET-"), [])
