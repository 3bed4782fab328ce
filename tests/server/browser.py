"""Headless Chromium from Debian's packages, driven by selenium (installed when missing, never skipped)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1200,1600",
)


def ensure_chromium() -> None:
    """Install ``chromium`` and ``chromium-driver`` with apt-get when missing (as root, or with sudo)."""
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return
    prefix: list[str] = []
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            pytest.fail("chromium is missing; run `apt-get install -y chromium chromium-driver` as root")
        prefix = ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(
        [*prefix, "apt-get", "update", "-qq"], check=True, capture_output=True, timeout=600, env=env
    )
    subprocess.run(
        [*prefix, "apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"],
        check=True, capture_output=True, timeout=1200, env=env,
    )  # fmt: skip


def chromium_driver(profile_dir: Path) -> webdriver.Chrome:
    ensure_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile_dir}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
