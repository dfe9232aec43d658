"""Fixtures for the real-client tests of the example servers (examples-c/).

Every test runs once per library ("lib" parameter):

  oracle       the examples built against Debian's libwebsockets-dev, on
               Debian's libwebsockets.so.17;
  ours         the same binaries on our libwebsockets.so.17 (LD_LIBRARY_PATH):
               the binary drop-in;
  ours-built   the examples built against our CMake install (only when
               LWS_EXAMPLES_OURS_BUILD is set): the source drop-in.

Each server's /proc/PID/maps is checked, so a test never passes on the
wrong library by accident.

Environment:
  LWS_OURS_LIBDIR          directory holding our libwebsockets.so.17
                           (default: <repo>/_install/lib, else
                           <repo>/target/release with a .so.17 link made in
                           a temporary directory)
  LWS_EXAMPLES_ORACLE_BUILD  examples built against Debian's package
                           (default: built here with cmake, once per session)
  LWS_EXAMPLES_OURS_BUILD  examples built against our install (optional)
  LWS_REQUIRE_CHROMIUM=1   fail, instead of skip, when chromium is missing
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

# The echo example sends a message back as one fragment per piece it
# received (about 4 KiB each): 16 MiB is ~4100 fragments, over
# python-websockets' default limit of 4096.  Set before websockets loads.
os.environ.setdefault("WEBSOCKETS_MAX_FRAGMENTS", "100000")

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEBIAN_LIB = "/usr/lib/x86_64-linux-gnu/libwebsockets.so.17"
WWW = os.path.join(REPO, "examples-c", "www")
WWW_HTTP = os.path.join(REPO, "examples-c", "www-http")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture(scope="session")
def tmp_session():
    d = tempfile.mkdtemp(prefix="lws-pytest-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def oracle_build(tmp_session):
    d = os.environ.get("LWS_EXAMPLES_ORACLE_BUILD")
    if d:
        return d
    d = os.path.join(tmp_session, "build-oracle")
    # CMAKE_PREFIX_PATH / libwebsockets_DIR from the caller must not leak in
    env = {k: v for k, v in os.environ.items()
           if k not in ("CMAKE_PREFIX_PATH", "libwebsockets_DIR")}
    subprocess.run(["cmake", "-S", os.path.join(REPO, "examples-c"), "-B", d,
                    "-DCMAKE_BUILD_TYPE=Release"], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", d], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return d


@pytest.fixture(scope="session")
def ours_libdir(tmp_session):
    d = os.environ.get("LWS_OURS_LIBDIR")
    if not d:
        inst = os.path.join(REPO, "_install", "lib")
        rel = os.path.join(REPO, "target", "release", "libwebsockets.so")
        if os.path.exists(os.path.join(inst, "libwebsockets.so.17")):
            d = inst
        elif os.path.exists(rel):
            d = os.path.join(tmp_session, "ourslib")
            os.makedirs(d, exist_ok=True)
            os.symlink(rel, os.path.join(d, "libwebsockets.so.17"))
        else:
            pytest.fail("our library not found: set LWS_OURS_LIBDIR, or "
                        "build (_install/ or cargo build --release)")
    lib = os.path.join(d, "libwebsockets.so.17")
    assert os.path.exists(lib), lib
    return d


def lib_params():
    p = ["oracle", "ours"]
    if os.environ.get("LWS_EXAMPLES_OURS_BUILD"):
        p.append("ours-built")
    return p


@pytest.fixture(scope="session", params=lib_params())
def lib(request):
    return request.param


class Server:
    def __init__(self, argv, env, expect_lib, www=WWW):
        self.port = free_port()
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(argv + ["-q", "-p", str(self.port), "-w", www],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("server did not start: %s" % self.output())
                time.sleep(0.05)
        self.loaded_lib = self._loaded_lib()
        assert self.loaded_lib == os.path.realpath(expect_lib), \
            "server runs %s, expected %s" % (self.loaded_lib, expect_lib)
        self.url = "ws://127.0.0.1:%d/" % self.port
        self.http = "http://127.0.0.1:%d/" % self.port

    def _loaded_lib(self):
        with open("/proc/%d/maps" % self.proc.pid) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 6 and "libwebsockets.so" in parts[5]:
                    return os.path.realpath(parts[5])
        return None

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def start_server(prog, lib, oracle_build, ours_libdir, www=WWW, extra=()):
    env = dict(os.environ)
    env.pop("LD_LIBRARY_PATH", None)
    if lib == "oracle":
        argv = [os.path.join(oracle_build, prog)]
        expect = DEBIAN_LIB
    elif lib == "ours":
        argv = [os.path.join(oracle_build, prog)]
        env["LD_LIBRARY_PATH"] = ours_libdir
        expect = os.path.join(ours_libdir, "libwebsockets.so.17")
    else:
        argv = [os.path.join(os.environ["LWS_EXAMPLES_OURS_BUILD"], prog)]
        env["LD_LIBRARY_PATH"] = ours_libdir
        expect = os.path.join(ours_libdir, "libwebsockets.so.17")
    return Server(argv + list(extra), env, expect, www)


def _server_fixture(prog, www=WWW, extra=()):
    @pytest.fixture(scope="session")
    def fx(lib, oracle_build, ours_libdir):
        s = start_server(prog, lib, oracle_build, ours_libdir, www, extra)
        yield s
        alive = s.alive()
        rc = s.stop()
        # the servers exit cleanly (0) on SIGTERM; a crash shows here
        assert alive, "%s died during the tests:\n%s" % (prog, s.output())
        assert rc == 0, "%s exited with %s:\n%s" % (prog, rc, s.output())
    return fx


echo_server = _server_fixture("ws-echo-server")
# the echo server with permessage-deflate in its extension table (-d)
deflate_echo_server = _server_fixture("ws-echo-server", WWW, ("-d",))
chat_server = _server_fixture("ws-chat-server")
http_server = _server_fixture("http-server", WWW_HTTP)
