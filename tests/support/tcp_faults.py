"""TCP-level faults in front of a real Redis: a proxy that cuts a connection mid-transaction, and a server
that accepts connections but never answers.

Rules of this file:
- Faults happen on the wire, so the code under test runs unmodified (no mocks of our classes).
- Each helper is an async context manager that closes every socket it opened.
"""

from __future__ import annotations

import asyncio
import contextlib
from abc import ABC, abstractmethod
from types import TracebackType
from typing import Self

EXEC_COMMAND = b"*1\r\n$4\r\nEXEC\r\n"  # EXEC as a RESP array, as every client sends it


class _Listener(ABC):
    def __init__(self) -> None:
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def __aenter__(self) -> Self:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._server is not None:
            self._server.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await self.serve(reader, writer)
        finally:
            writer.close()
            self._tasks.discard(task)

    @abstractmethod
    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None: ...


class SilentServer(_Listener):
    """Accepts connections and reads everything, but never replies: every command times out."""

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while await reader.read(65536):
            pass


class CuttingProxy(_Listener):
    """Forwards to Redis on ``upstream_port`` but drops the connection right before ``EXEC`` reaches it,
    so Redis holds a queued MULTI when the client disappears. ``cuts`` counts the interruptions."""

    def __init__(self, upstream_port: int) -> None:
        super().__init__()
        self.upstream_port = upstream_port
        self.cuts = 0

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        replies = asyncio.create_task(_pump(up_reader, writer))
        try:
            await self._forward_until_exec(reader, up_writer)
        finally:
            replies.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await replies
            up_writer.close()

    async def _forward_until_exec(
        self, reader: asyncio.StreamReader, up_writer: asyncio.StreamWriter
    ) -> None:
        tail = b""
        while data := await reader.read(65536):
            window = tail + data
            at = window.find(EXEC_COMMAND)
            if at >= 0:
                up_writer.write(data[: max(at - len(tail), 0)])  # everything before EXEC, never EXEC itself
                await up_writer.drain()
                self.cuts += 1
                return
            up_writer.write(data)
            await up_writer.drain()
            tail = window[-len(EXEC_COMMAND) :]


async def _pump(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    while data := await source.read(65536):
        sink.write(data)
        await sink.drain()
