"""`dateline serve` under slow and greedy clients (issue 13, item 2).

The real server runs in a subprocess on 127.0.0.1 (port 0, read back from its serving line).
Before the guard, 100 connections trickling header bytes made uvicorn's ``limit_concurrency``
(64, counting every open connection) answer every other request 503 for as long as they lasted,
and nothing ever closed them.
"""

from __future__ import annotations

import http.client
import json
import re
import selectors
import socket
import subprocess
import sys
import time

import pytest

pytest.importorskip("uvicorn")

from dateline.cli import main  # noqa: E402
from dateline.config import ServeSettings  # noqa: E402
from dateline.web.guard import ConnectionGuard  # noqa: E402

SLOW_CLIENTS = 100
#: The header timeout of the timed server (seconds): long enough that the 100 slow clients are
#: all still open after ten normal requests on a loaded machine (those took 0.6 s there; 2 s
#: left little room), short enough to be waited out.
HEADER_TIMEOUT = 5
#: The bound of every slow-client loop (seconds): the timeouts are 5 s (header) and 2 s (body),
#: so a guard that works closes everything well before; a server without one keeps the sockets
#: open past it.
LOOP_SECONDS = 15


def start_server(tmp_path, *settings: str):
    cmd = [sys.executable, "-c", "import sys; from dateline.cli import main; sys.exit(main())",
           "serve", "--db", str(tmp_path / "guard.db"), "--port", "0",
           *(f"--set={item}" for item in settings)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        ready = sel.select(timeout=120)
    line = proc.stdout.readline() if ready else ""
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not found:
        proc.kill()
        pytest.fail(f"the server did not start: {line!r} {proc.communicate()[1]}")
    return proc, int(found.group(1))


def stop_server(proc) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def timed_server(tmp_path_factory):
    """Header timeout of HEADER_TIMEOUT, body timeout of 2 s; no per-client limit (every client
    here is 127.0.0.1)."""
    proc, port = start_server(tmp_path_factory.mktemp("timed"),
                              f"serve.header_timeout={HEADER_TIMEOUT}",
                              "serve.body_timeout=2", "serve.body_min_rate=500",
                              "serve.max_connections_per_client=0")
    yield port
    stop_server(proc)


def get(port: int, path: str = "/api/v1/articles?q=bridge") -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


class Trickler:
    """Sockets that each send ``first`` and then one more byte of ``drip`` a second, for at most
    ``LOOP_SECONDS``; records what the server answered before closing each."""

    def __init__(self, port: int, count: int, first: bytes, drip: bytes = b"X-Slow: yes\r\n"):
        self.drip, self.socks, self.answers = drip, [], {}
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(first)
            sock.setblocking(False)
            self.socks.append(sock)

    def poll(self) -> None:
        """Read what the server sent; a socket the server closed goes to ``answers``."""
        for sock in self.socks:
            if sock in self.answers:
                continue
            try:
                data = sock.recv(4096)
            except BlockingIOError:
                continue
            except ConnectionResetError:
                data = b""
            self.answers[sock] = data
            # The server may have sent its answer and a FIN: read to the end for the whole.
            if data:
                sock.setblocking(True)
                sock.settimeout(2)
                try:
                    while chunk := sock.recv(4096):
                        self.answers[sock] += chunk
                except OSError:
                    pass

    def drip_once(self, tick: int) -> None:
        byte = self.drip[tick % len(self.drip):][:1]
        for sock in self.socks:
            if sock not in self.answers:
                try:
                    sock.send(byte)
                except OSError:
                    pass

    def drip_until_closed(self) -> None:
        """Each second, drip a byte and read, until the server closed every socket or
        ``LOOP_SECONDS`` passed."""
        start, tick = time.monotonic(), 0
        while self.open_count() and time.monotonic() - start < LOOP_SECONDS:
            time.sleep(1)
            tick += 1
            self.drip_once(tick)
            self.poll()

    def open_count(self) -> int:
        return len(self.socks) - len(self.answers)

    def close(self) -> None:
        for sock in self.socks:
            sock.close()


def test_slow_header_clients_do_not_starve_others_and_are_closed_after_the_timeout(
        timed_server):
    slow = Trickler(timed_server, SLOW_CLIENTS, b"GET /api/v1/articles HTTP/1.1\r\nHost: x\r\n")
    try:
        # While all 100 are open (the header timeout is 5 s), normal requests are served.
        statuses = [get(timed_server) for _ in range(10)]
        slow.poll()
        assert slow.open_count() == SLOW_CLIENTS
        assert statuses == [200] * 10
        slow.drip_until_closed()
        assert slow.open_count() == 0, "slow clients still connected after the loop"
        assert all(answer.startswith(b"HTTP/1.1 408 ") for answer in slow.answers.values())
        assert get(timed_server) == 200
    finally:
        slow.close()


def test_a_slow_request_on_a_kept_alive_connection_is_closed_too(timed_server):
    conn = http.client.HTTPConnection("127.0.0.1", timed_server, timeout=60)
    conn.request("GET", "/api/v1/articles")
    first = conn.getresponse()
    assert (first.status, json.loads(first.read())) == (200, {"items": [], "total": 0})
    sock = conn.sock  # kept alive: the next request trickles
    try:
        slow = Trickler.__new__(Trickler)
        slow.drip, slow.socks, slow.answers = b"GET / HTTP/1.1\r\n", [sock], {}
        sock.setblocking(False)
        start, tick = time.monotonic(), 0
        while slow.open_count() and time.monotonic() - start < LOOP_SECONDS:
            slow.drip_once(tick)
            time.sleep(1)
            tick += 1
            slow.poll()
        assert slow.answers[sock].startswith(b"HTTP/1.1 408 ")
    finally:
        sock.close()


def test_a_trickled_body_is_cut_off(timed_server):
    head = (b"POST /api/v1/alerts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n{")
    slow = Trickler(timed_server, 3, head, drip=b" ")
    try:
        slow.drip_until_closed()
        assert slow.open_count() == 0
        assert all(answer.startswith(b"HTTP/1.1 408 ") for answer in slow.answers.values())
        assert get(timed_server) == 200
    finally:
        slow.close()


def test_connections_past_the_per_client_limit_get_503_and_the_count_is_released(tmp_path):
    proc, port = start_server(tmp_path, "serve.max_connections_per_client=4")
    held = []
    try:
        for _ in range(4):
            held.append(socket.create_connection(("127.0.0.1", port), timeout=60))
        extra = socket.create_connection(("127.0.0.1", port), timeout=60)
        held.append(extra)
        answer = extra.recv(4096)
        assert answer.startswith(b"HTTP/1.1 503 ")
        assert b"retry-after: 1" in answer
        assert extra.recv(4096) == b""  # and closed
        for sock in held:
            sock.close()
        held.clear()
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and status != 200:  # the server sees the closes
            status = get(port)
        assert status == 200
    finally:
        for sock in held:
            sock.close()
        stop_server(proc)


def test_trusted_proxies_are_exempt_from_the_per_client_limit():
    settings = ServeSettings(max_connections_per_client=2, proxy_headers=True,
                             forwarded_allow_ips="127.0.0.1, 10.1.0.0/16")
    guard = ConnectionGuard(settings)
    assert [guard.admit("127.0.0.1", 0) for _ in range(5)] == [True] * 5
    assert [guard.admit("10.1.2.3", 0) for _ in range(3)] == [True] * 3
    assert [guard.admit("192.0.2.7", 0) for _ in range(3)] == [True, True, False]
    guard.release("192.0.2.7")
    assert guard.admit("192.0.2.7", 0) is True
    assert guard.admit("192.0.2.8", settings.max_connections) is False  # the overall cap
    # Without proxy_headers nobody is trusted.
    plain = ConnectionGuard(ServeSettings(max_connections_per_client=1,
                                          forwarded_allow_ips="127.0.0.1"))
    assert [plain.admit("127.0.0.1", 0) for _ in range(2)] == [True, False]


def test_the_serve_settings_are_shown_by_dateline_config(capsys):
    assert main(["config", "--json", "--set", "serve.header_timeout=7.5"]) == 0
    rows = {row["name"]: row for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["serve.header_timeout"] == {"name": "serve.header_timeout", "value": 7.5,
                                            "origin": "flag"}
    assert rows["serve.max_connections_per_client"]["value"] == 64
    assert rows["serve.proxy_headers"]["value"] is False


def test_connections_of_the_bound_socket_have_nagle_off():
    """asyncio sets TCP_NODELAY only on sockets whose proto is IPPROTO_TCP; a socket made with
    proto 0 left Nagle on, and every kept-alive response waited 40 ms for a delayed ACK."""
    import asyncio

    from dateline.cli.serve import bind

    async def accepted_nodelay() -> int:
        loop = asyncio.get_running_loop()
        seen: asyncio.Future[int] = loop.create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport):
                sock = transport.get_extra_info("socket")
                seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        sock = bind("127.0.0.1", 0)
        server = await loop.create_server(Probe, sock=sock)
        async with server:
            _, writer = await asyncio.open_connection("127.0.0.1", sock.getsockname()[1])
            value = await asyncio.wait_for(seen, 10)
            writer.close()
        return value

    assert asyncio.run(accepted_nodelay()) != 0
