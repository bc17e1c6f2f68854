"""Several workers share a listening socket that says it is TCP, so every accepted connection
gets TCP_NODELAY (no 40 ms wait on kept-alive responses)."""

from __future__ import annotations

import asyncio
import socket
import threading

from service.cli import _tcp_listener


def _accepted_nodelay(listener: socket.socket) -> int:
    """TCP_NODELAY on a connection asyncio accepts from ``listener``."""
    seen: list[int] = []

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        host, port = listener.getsockname()[:2]
        _, writer = await asyncio.open_connection(host, port)
        for _ in range(100):
            if seen:
                break
            await asyncio.sleep(0.01)
        writer.close()
        server.close()

    # a thread of its own: another test may have left an event loop running in this one
    worker = threading.Thread(target=asyncio.run, args=(main(),))
    worker.start()
    worker.join(timeout=30)
    return seen[0]


def _bound(proto: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, proto)
    sock.bind(("127.0.0.1", 0))
    return sock


def test_a_protocol_0_listener_is_made_tcp_and_its_connections_get_nodelay() -> None:
    plain = _bound(0)
    address = plain.getsockname()
    assert _accepted_nodelay(_bound(0)) == 0  # the defect this guards against
    fixed = _tcp_listener(plain)
    assert fixed.proto == socket.IPPROTO_TCP
    assert fixed.getsockname() == address
    assert fixed.get_inheritable()
    assert _accepted_nodelay(fixed) != 0


def test_a_tcp_listener_is_kept() -> None:
    sock = _bound(socket.IPPROTO_TCP)
    assert _tcp_listener(sock) is sock
    sock.close()
