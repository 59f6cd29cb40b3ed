"""The HTML report in a real browser (Debian's Chromium, driven by Playwright), network off."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.params import declared_parameters
from analysis.report import build_report
from tests.conftest import REPORT_SECTIONS

pytestmark = pytest.mark.notebook

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Flags that keep a headless Chromium from phoning home; as root it also needs --no-sandbox.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "report"
    defaults = {name: p.default for name, p in declared_parameters().items()}
    build_report(defaults, output_dir=out, log=lambda *_: None)
    return out / "report.html"


def test_report_shows_everything_with_the_network_off(report_html: Path, tmp_path: Path) -> None:
    if CHROMIUM is None:
        pytest.fail("Chromium is not installed; `make test` installs it")
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(offline=True, java_script_enabled=True)
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        console_errors: list[str] = []
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        page.goto(report_html.as_uri(), wait_until="load")
        charts = page.eval_on_selector_all(
            ".jp-RenderedSVG svg",
            "els => els.map(e => ({shown: e.getBoundingClientRect().width,"
            " texts: e.querySelectorAll('text').length}))",
        )
        page.evaluate("document.fonts.ready")
        fonts = page.evaluate(
            "[...document.fonts].filter(f => f.status === 'loaded')"
            ".map(f => f.family + ' ' + f.weight + ' ' + f.style)"
        )
        headings = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent.trim())")
        tables = page.eval_on_selector_all("table", "els => els.length")
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        browser.close()

    fetched = [url for url in requests if not url.startswith(("data:", report_html.as_uri()))]
    assert fetched == [], f"the page asked for {fetched}"
    assert console_errors == []
    assert len(charts) >= 6
    assert all(c["shown"] > 300 and c["texts"] > 5 for c in charts), charts
    # The labels are drawn in the embedded font, not a local fallback.
    assert any(
        f.startswith('"DejaVu Sans" 400 normal') or f.startswith("DejaVu Sans 400 normal")
        for f in fonts
    ), fonts
    assert tables >= 6
    shown = {h.rstrip("¶").strip() for h in headings}
    assert set(REPORT_SECTIONS) - {"Contested wording"} <= shown  # that one is an h3
    assert (tmp_path / "report.png").stat().st_size > 50_000
