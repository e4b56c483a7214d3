"""``ghg serve`` in a real browser: headless Chromium (Debian's ``/usr/bin/chromium``, never a
downloaded one) driven by Playwright, against ``ghg serve`` started on a free loopback port.

Uploads the example workbook, waits for the result, checks the total shown is ``ghg compute``'s,
opens an explanation, downloads the report, switches the language, runs the scenario and a
review. Screenshots of each page are saved in the test's folder, and copied to
``$GHG_WEB_SHOTS`` when that is set.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
EXAMPLE = ROOT / "ghg" / "web" / "example" / "ben-tre-activity.xlsx"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 240_000


def _finished(page) -> None:
    """Wait until the job is done; a failed job fails the test with what the page shows."""
    page.wait_for_selector("#state[data-state=done], #state[data-state=failed]",
                           timeout=WAIT_MS)
    state = page.get_attribute("#state", "data-state")
    assert state == "done", page.inner_text("main")[:3000]

pytestmark = pytest.mark.skipif(not CHROMIUM.is_file(),
                                reason="needs Debian's chromium at /usr/bin/chromium "
                                       "(apt-get install chromium; CI installs it)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``ghg serve`` in its own process; its address."""
    port = _free_port()
    workspace = tmp_path_factory.mktemp("ws")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    process = subprocess.Popen(
        [sys.executable, "-m", "ghg.cli", "serve", "scenarios/ben-tre", "--port", str(port),
         "--no-browser", "--workspace", str(workspace), "--draws", "200"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    address = f"http://127.0.0.1:{port}"
    end = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(address + "/data", timeout=2):
                break
        except OSError:
            if time.monotonic() > end or process.poll() is not None:
                process.kill()
                raise AssertionError(process.communicate()[0].decode()) from None
            time.sleep(0.3)
    yield address
    process.terminate()
    process.wait(timeout=30)
    process.stdout.close()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900},
                                      accept_downloads=True)
        yield context.new_page()
        context.close()
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shots")
    yield folder
    copy = os.environ.get("GHG_WEB_SHOTS")
    if copy:
        Path(copy).mkdir(parents=True, exist_ok=True)
        for shot in folder.glob("*.png"):
            shutil.copy2(shot, Path(copy) / shot.name)


def _compute_line(tmp_path: Path) -> str:
    """The first line ``ghg compute`` prints for Ben Tre, in Vietnamese."""
    done = subprocess.run([sys.executable, "-m", "ghg.cli", "compute", "inventories/ben-tre",
                           "-o", str(tmp_path / "run"), "--format", "csv", "--lang", "vi"],
                          cwd=ROOT, capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    return done.stdout.splitlines()[0]


def test_upload_compute_explain_download_and_switch_language(server, page, shots, tmp_path):
    page.goto(server + "/data")
    assert page.locator("h2").first.inner_text() == "1. Tải biểu mẫu để điền số liệu"
    page.screenshot(path=str(shots / "1-data.png"), full_page=True)
    page.set_input_files("input[name=file]", str(EXAMPLE))
    page.click("#upload")
    _finished(page)
    total = page.inner_text("#total")
    assert total == _compute_line(tmp_path)
    assert "2.104.673,9 tấn CO2tđ" in total
    page.frame_locator("iframe").locator("body").wait_for()
    page.screenshot(path=str(shots / "2-inventory.png"), full_page=True)

    page.locator("a.explain[data-source='BT-F05']").first.click()
    page.wait_for_function(
        "document.getElementById('explain-text').textContent.includes('BT-F05')",
        timeout=WAIT_MS)
    page.locator("#explain").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "3-explain.png"))

    with page.expect_download() as download:
        page.click("#report-xlsx")
    saved = tmp_path / "report.xlsx"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "report.xlsx"
    assert saved.read_bytes()[:2] == b"PK" and saved.stat().st_size > 10_000

    page.click("#lang")
    assert page.locator("header nav a").first.inner_text() == "Data"
    assert "Calculation records of 2024" in page.inner_text("main")
    page.click("#lang")
    assert page.locator("header nav a").first.inner_text() == "Số liệu"


def test_target_and_facilities_pages(server, page, shots):
    page.goto(server + "/target")
    page.click("#scenario-run")
    _finished(page)
    assert "Năm mục tiêu 2030" in page.inner_text("main")
    page.screenshot(path=str(shots / "4-target.png"), full_page=True)
    page.select_option("select[name=measure]", "e_motorbike")
    page.fill("input[name=uptake]", "15")
    page.click("#recompute")
    _finished(page)
    assert "e_motorbike" in page.inner_text("main")

    page.goto(server + "/facilities")
    page.screenshot(path=str(shots / "5-facilities.png"), full_page=True)
    page.fill("input[name=year]", "2024")
    page.click("#review")
    _finished(page)
    assert page.locator("#table tr").count() > 2
    page.screenshot(path=str(shots / "6-review.png"), full_page=True)
