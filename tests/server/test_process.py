"""``icebreaker serve`` and ``icebreaker config`` as processes: startup, logs, settings errors, SIGTERM."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

from tests.server.console_driver import SAMPLE_LOG
from tests.server.processes import ROOT, start_serve

SECRET = "link-secret-never-logged-7f3a9c"


def _run_cli(tmp_path: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=tmp_path, env={**base, **env}, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip


def _slow_upload(port: int, release: threading.Event, result: dict[str, bytes]) -> None:
    """POST the sample log in two halves, holding the request open until ``release`` is set."""
    body = (
        b'--b\r\nContent-Disposition: form-data; name="log"; filename="agent-log.txt"\r\n\r\n'
        + SAMPLE_LOG.read_bytes()
        + b"\r\n--b--\r\n"
    )
    head = (
        "POST /console/turn HTTP/1.1\r\nHost: x\r\nX-Icebreaker-Fetch: 1\r\nConnection: close\r\n"
        f"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall(head + body[:200])
        release.wait(timeout=20)
        connection.sendall(body[200:])
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    result["response"] = b"".join(chunks)


def test_sigterm_finishes_in_flight_work_and_exits_zero(tmp_path: Path) -> None:
    server = start_serve(tmp_path, {"LINK_SECRET": SECRET, "SHUTDOWN_GRACE_SECONDS": "15"})
    release, result = threading.Event(), {}
    client = threading.Thread(target=_slow_upload, args=(server.port, release, result))
    client.start()
    threading.Event().wait(0.5)  # the request is in flight, its body half sent
    server.process.send_signal(15)
    threading.Event().wait(0.5)
    release.set()
    client.join(timeout=30)
    assert server.process.wait(timeout=20) == 0
    response = result["response"]
    assert response.startswith(b"HTTP/1.1 200"), response[:300]
    assert b"reply-diagnosis" in response
    events = [json.loads(line).get("event") for line in server.logs().splitlines() if line.startswith("{")]
    assert events.index("server.started") < events.index("server.draining") < events.index("server.stopped")


def test_logs_are_json_and_hold_no_log_content_tokens_or_personal_data(tmp_path: Path) -> None:
    server = start_serve(tmp_path, {"LINK_SECRET": SECRET, "LOG_LEVEL": "DEBUG"})
    release, result = threading.Event(), {}
    release.set()
    _slow_upload(server.port, release, result)
    assert b"reply-diagnosis" in result["response"]
    assert server.terminate(timeout=20) == 0
    lines = server.logs().splitlines()
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    started = next(r for r in records if r.get("event") == "server.started")
    assert "web console at /" in started["surfaces"] and started["store"] == "memory"
    assert any(r.get("route") == "/console/turn" and r.get("cid") for r in records)
    text = "\n".join(lines)
    for forbidden in (
        SECRET,
        "jane.doe@example.com",
        "ICE collection timed out",
        "6c1f2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b",
        "turnnlb-0a1b2c3d4e5f6071",
        "sendSoftphoneReport",
    ):
        assert forbidden not in text


def test_config_prints_every_setting_with_secrets_masked(tmp_path: Path) -> None:
    done = _run_cli(
        tmp_path,
        "config",
        env={
            "SLACK_BOT_TOKEN": "xoxb-123-456-topsecretvalue",
            "SLACK_SIGNING_SECRET": "signing-secret-value",
            "REDIS_URL": "redis://:redis-password@cache:6379/0",
            "PORT": "4242",
        },
    )
    assert done.returncode == 0, done.stderr
    shown = dict(line.split("=", 1) for line in done.stdout.splitlines())
    assert shown["PORT"] == "4242"
    assert shown["REDIS_URL"] == "redis://:****@cache:6379/0"
    assert shown["SLACK_SIGNING_SECRET"] == "(set)"
    for secret in ("topsecretvalue", "signing-secret-value", "redis-password"):
        assert secret not in done.stdout


def test_a_wrong_setting_stops_serve_with_one_sentence(tmp_path: Path) -> None:
    done = _run_cli(tmp_path, "serve", env={"SLACK_BOT_TOKEN": "xoxb-1"})
    assert done.returncode == 2
    assert done.stderr == "icebreaker: SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set.\n"
