"""Writes two SWU images (cpio "newc" archives, sw-description first): an
inner one (the image to forward; its content does not matter to the
forwarder) and an outer one whose sw-description has one image of type
"swuforward" pointing at URL.  Debian builds swupdate with CMS signatures
and hash checks required: sw-description carries the image's sha256 and
the outer image has sw-description.sig, signed with a self-signed cert
written to CERT.pem (swupdate -k CERT.pem).

usage: mkswu.py OUTER.swu INNER.swu URL CERT.pem"""
import hashlib
import os
import subprocess
import sys
import tempfile


def cpio(files):
    out = b""
    ino = 1
    for name, data in files + [("TRAILER!!!", b"")]:
        nb = name.encode() + b"\0"
        hdr = "070701" + "".join("%08X" % v for v in (
            ino, 0o100644 if data or name != "TRAILER!!!" else 0, 0, 0, 1, 0,
            len(data), 0, 0, 0, 0, len(nb), 0))
        out += hdr.encode() + nb
        out += b"\0" * ((4 - len(out) % 4) % 4)
        out += data
        out += b"\0" * ((4 - len(out) % 4) % 4)
        ino += 1
    return out + b"\0" * ((512 - len(out) % 512) % 512)


outer, inner, url, cert = sys.argv[1:5]
payload = bytes((i * 7) % 251 for i in range(20000))
inner_desc = b'''software = { version = "2.0"; images: ( { filename = "payload.bin"; type = "raw"; device = "/dev/null"; } ); }
'''
inner_swu = cpio([("sw-description", inner_desc), ("payload.bin", payload)])
outer_desc = ('''software =
{
	version = "1.0";
	description = "consumer suite: forward inner.swu";
	hardware-compatibility: [ "1.0" ];
	images: (
		{
			filename = "inner.swu";
			type = "swuforward";
			sha256 = "%s";
			properties: {
				url = ["%s"];
			};
		}
	);
}
''' % (hashlib.sha256(inner_swu).hexdigest(), url)).encode()
with open(inner, "wb") as f:
    f.write(inner_swu)
with tempfile.TemporaryDirectory() as d:
    key, desc, sig = (os.path.join(d, n) for n in ("key.pem", "sw-description", "sig"))
    with open(desc, "wb") as f:
        f.write(outer_desc)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/O=consumers/CN=swupdate-test",
                    "-addext", "keyUsage=digitalSignature",
                    "-addext", "extendedKeyUsage=emailProtection"],
                   check=True, capture_output=True)
    subprocess.run(["openssl", "cms", "-sign", "-in", desc, "-out", sig,
                    "-signer", cert, "-inkey", key, "-outform", "DER",
                    "-nosmimecap", "-binary"], check=True, capture_output=True)
    signature = open(sig, "rb").read()
with open(outer, "wb") as f:
    f.write(cpio([("sw-description", outer_desc), ("sw-description.sig", signature),
                  ("inner.swu", inner_swu)]))
