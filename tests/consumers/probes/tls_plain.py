"""Plain HTTP sent to a TLS listening port: what the client gets (bytes,
then EOF or a reset).  Run against any lws TLS listener:
    tls_plain.py PORT"""
import socket
import sys

s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
got = b""
end = "timeout"
while True:
    try:
        d = s.recv(65536)
    except ConnectionResetError:
        end = "connection reset (RST)"
        break
    except socket.timeout:
        break
    if not d:
        end = "EOF (FIN)"
        break
    got += d
desc = "nothing"
if got:
    desc = "%d bytes" % len(got)
    if got[0] == 0x15:
        desc += " (TLS alert record: level %d, description %d)" % (got[5], got[6]) if len(got) >= 7 else " (TLS alert record)"
    else:
        desc += " %r" % got[:40]
print("plain HTTP to the TLS port: received %s, then %s" % (desc, end))
