"""HTTP/1.1 for ``kg serve``: uvicorn's h11 protocol, answering oversized requests instead of resetting.

Two things go wrong with a plain server when a client sends too much:

* A request line or headers longer than h11's buffer make uvicorn answer 400
  and close at once, while the client is still sending: the kernel then resets
  the connection and the client sees a reset, not an answer. Here the answer is
  **414** (request line too long) or **431** (headers too large).
* Any early answer (413 for a body past the limit) followed by a close has the
  same problem. Here closing while the client may still be sending is a
  *lingering close*: the answer is sent, the sending side is shut, what the
  client still sends is read and dropped (never parsed, never kept) until it
  closes its end or :data:`LINGER` seconds pass.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["guarded_protocol", "LINGER", "HEADER_ALLOWANCE"]

LINGER = 5.0                 # seconds a closing connection keeps reading what the client still sends
HEADER_ALLOWANCE = 16 * 1024  # bytes of headers allowed on top of the URL limit


class _Lingering:
    """The transport as the protocol sees it: ``close()`` first lets a client still sending finish."""

    def __init__(self, transport: asyncio.Transport, protocol: _Guarded):
        self._transport = transport
        self._protocol = protocol
        self._closing = False
        self._timer: asyncio.TimerHandle | None = None

    def __getattr__(self, name):
        return getattr(self._transport, name)

    def is_closing(self) -> bool:
        return self._closing or self._transport.is_closing()

    def pause_reading(self) -> None:
        if not self._protocol.draining:
            self._transport.pause_reading()

    def close(self) -> None:
        if self._closing:
            return
        self._closing = True
        if not self._protocol.peer_may_send() or self._transport.is_closing():
            self._transport.close()
            return
        self._protocol.draining = True
        self._transport.resume_reading()
        if self._transport.can_write_eof():
            self._transport.write_eof()  # the client reads our answer to its end
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(LINGER, self._transport.close)

    def abort_linger(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


class _Guarded(H11Protocol):
    max_url_bytes = 64 * 1024

    def connection_made(self, transport) -> None:  # type: ignore[override]
        self.draining = False
        super().connection_made(_Lingering(transport, self))

    def connection_lost(self, exc) -> None:
        if isinstance(self.transport, _Lingering):
            self.transport.abort_linger()
        super().connection_lost(exc)

    def peer_may_send(self) -> bool:
        if self.conn.their_state in (h11.SEND_BODY, h11.ERROR):
            return True
        return self.conn.their_state is h11.IDLE and bool(self.conn.trailing_data[0])

    def data_received(self, data: bytes) -> None:
        if self.draining:
            return  # what a client sends after our final answer is dropped unread
        super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        data = self.conn.trailing_data[0]
        limit = self.config.h11_max_incomplete_event_size or 0
        if limit and len(data) > limit:
            line = data.split(b"\n", 1)[0]
            if b"\n" not in data or len(line) > self.max_url_bytes:
                self._answer(414, f"the request line is longer than the limit of {self.max_url_bytes:,} bytes; "
                                  "send long queries by POST")
            else:
                self._answer(431, "the request headers are too large")
            return
        self._answer(400, msg)

    def _answer(self, status: int, text: str) -> None:
        body = (text + "\n").encode("utf-8")
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                   (b"connection", b"close"), (b"access-control-allow-origin", b"*")]
        try:
            self.transport.write(self.conn.send(h11.Response(status_code=status, headers=headers)))
            self.transport.write(self.conn.send(h11.Data(data=body)))
            self.transport.write(self.conn.send(h11.EndOfMessage()))
        except h11.LocalProtocolError:
            pass  # a response was already under way: just close
        self.transport.close()


def guarded_protocol(max_url_bytes: int) -> type[H11Protocol]:
    """The protocol class for ``uvicorn.Config(http=…)``; give uvicorn
    ``h11_max_incomplete_event_size=max_url_bytes + HEADER_ALLOWANCE``."""
    return type("GuardedH11Protocol", (_Guarded,), {"max_url_bytes": max_url_bytes})
