"""Start ``icebreaker serve`` as a real process (its own environment, nothing inherited) and stop it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.support.redis_server import free_port

ROOT = Path(__file__).resolve().parents[2]
SERVE = [sys.executable, "-m", "bot", "serve"]
START_TIMEOUT = 30.0


@dataclass
class ServerProcess:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def terminate(self, *, timeout: float) -> int:
        """SIGTERM, then the exit code (killing it and failing if it overruns ``timeout``)."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"server did not exit within {timeout} s after SIGTERM") from None


def start_serve(tmp_path: Path, env: dict[str, str], *, name: str = "server") -> ServerProcess:
    """Run the server with exactly ``env`` (plus PATH, HOME, a free PORT); wait until /healthz answers."""
    port = free_port()
    full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "PORT": str(port)}
    full_env.update(env)
    log_path = tmp_path / f"{name}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(SERVE, cwd=tmp_path, env={**full_env, "PYTHONPATH": str(ROOT)},
                                   stdout=log_file, stderr=subprocess.STDOUT)  # fmt: skip
    server = ServerProcess(process=process, port=port, log_path=log_path)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}:\n{server.logs()}")
        try:
            with urllib.request.urlopen(f"{server.base_url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"server did not answer /healthz within {START_TIMEOUT} s:\n{server.logs()}")
