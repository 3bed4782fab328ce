"""A real, private ``redis-server`` for tests: started on a free port in a temp dir, stoppable, restartable.

Rules of this file:
- Never touches a Redis already running on the machine: each server gets its own free port and directory.
- Persistence is an append-only file fsynced on every write, so stop/start (even a kill) keeps the data.
- Missing binary: installed with apt-get when running as root; otherwise the test fails with a clear
  message (never skipped).
- Tests never FLUSHALL/FLUSHDB a shared server: they isolate themselves with a unique key prefix.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

START_TIMEOUT_SECONDS = 10.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def redis_server_binary() -> str:
    """Path of ``redis-server``, installing the Debian package first when missing and allowed to."""
    found = shutil.which("redis-server")
    if found:
        return found
    if os.geteuid() != 0:
        pytest.fail(
            "redis-server is not installed and the tests are not running as root to install it; "
            "run `sudo apt-get install -y redis-server` (tests need a real Redis, they are never skipped)"
        )
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "redis-server"]):
        subprocess.run(command, check=True, capture_output=True, timeout=600)
    found = shutil.which("redis-server")
    if not found:
        pytest.fail("apt-get installed redis-server but it is not on PATH")
    return found


class RedisServer:
    """One private redis-server process; ``stop()``/``start()`` keep its port and data directory."""

    def __init__(self, directory: Path, *, port: int | None = None) -> None:
        self.directory = directory
        self.port = port or free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        if self.running:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        self._process = subprocess.Popen(
            [redis_server_binary(), *self._arguments()],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_until_ready()

    def stop(self, *, kill: bool = False) -> None:
        """Stop the server: SIGTERM (clean shutdown) or, with ``kill``, SIGKILL (a crash)."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.kill() if kill else process.terminate()
        process.wait(timeout=START_TIMEOUT_SECONDS)

    def restart(self, *, kill: bool = False) -> None:
        self.stop(kill=kill)
        self.start()

    def _arguments(self) -> list[str]:
        return [
            "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
            "--save", "", "--appendonly", "yes", "--appendfsync", "always",
            "--daemonize", "no", "--logfile", str(self.directory / "redis.log"),
        ]  # fmt: skip

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                break
            if _answers_ping(self.port):
                return
            time.sleep(0.02)
        log = self.directory / "redis.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
        self.stop(kill=True)
        raise RuntimeError(f"redis-server on port {self.port} did not answer PING:\n{tail}")


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(64).startswith(b"+PONG")
    except OSError:
        return False
