"""A real browser: upload agent-log.txt in headless Chromium and click through to "fixed"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.server.browser import chromium_driver
from tests.server.console_driver import SAMPLE_LOG
from tests.server.processes import ServerProcess, start_serve

FIXED = "Done — audio works now"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    (tmp_path / "server").mkdir()
    process = start_serve(tmp_path / "server", {"LINK_SECRET": "browser-test-secret-0123456789"})
    yield process
    assert process.terminate(timeout=20) == 0


@pytest.fixture
def driver(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    chrome = chromium_driver(tmp_path / "profile")
    yield chrome
    chrome.quit()


def _articles(driver: webdriver.Chrome) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, "#transcript article.reply")


def _click_in_last_reply(driver: webdriver.Chrome, label: str | None) -> None:
    """Click ``label`` (or the first button) in the newest reply, and wait for the next reply to arrive."""
    before = len(_articles(driver))
    buttons = _articles(driver)[-1].find_elements(By.CSS_SELECTOR, "form.buttons button")
    target = next(b for b in buttons if label is None or b.text == label)
    target.click()
    WebDriverWait(driver, 20).until(lambda d: len(_articles(d)) > before)


def test_upload_in_chromium_and_walk_to_fixed(server: ServerProcess, driver: webdriver.Chrome) -> None:
    wait = WebDriverWait(driver, 30)
    driver.get(server.base_url + "/")
    assert "Icebreaker" in driver.title
    driver.find_element(By.ID, "log-file").send_keys(str(SAMPLE_LOG))
    assert driver.find_element(By.ID, "chosen").text == SAMPLE_LOG.name  # console.js showed the choice
    driver.find_element(By.ID, "diagnose").click()
    diagnosis = wait.until(
        expected_conditions.presence_of_element_located(
            (By.CSS_SELECTOR, "#transcript article.reply-diagnosis")
        )
    )
    assert "ICE collection timed out" in diagnosis.find_element(By.CSS_SELECTOR, ".headline").text
    assert diagnosis.find_elements(By.CSS_SELECTOR, "ol.evidence li")
    assert driver.current_url.rstrip("/") == server.base_url  # posted in place, no navigation

    _click_in_last_reply(driver, "Walk me through the fix")
    for _ in range(12):
        labels = [b.text for b in _articles(driver)[-1].find_elements(By.CSS_SELECTOR, "form.buttons button")]
        if FIXED in labels:
            _click_in_last_reply(driver, FIXED)
            break
        _click_in_last_reply(driver, None)
    wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "article.reply-fixed")))
    assert "audio" in _articles(driver)[-1].text
