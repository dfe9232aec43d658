import sys
sys.argv=[sys.argv[0], "none"]
exec(open('drive.py').read())
exec(open('drive2.py').read().split("# protocol error then client replies close")[1].split('timed("rsv then close reply"')[0])
timed("rsv then nothing, timeout_secs=2", frame(T, b"x", rsv=4), [], wait=12)
timed("crs then nothing, timeout_secs=2", frame(T, b"CRS-1000-2-"), [], wait=12)
