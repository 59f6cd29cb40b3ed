"""JupyterLab and the Voilà dashboard in a real browser (Debian's Chromium, driven by Playwright).

The tests start their own JupyterLab on a free localhost port with a token, on a copy of the
notebooks (the package and its data are found from the installed project), do what an
analyst does in the first hour, and stop the server they started, and only that one. Each
step leaves a screenshot in ``reports/screenshots/`` (``SCREENSHOT_DIR`` to choose another).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analysis import paths
from analysis.lab import (
    KERNEL_DISPLAY_NAME,
    explore_command,
    free_port,
    lab_command,
    running_server,
)
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.notebook,
    pytest.mark.skipif(
        CHROMIUM is None, reason="no Chromium found (`make test` installs Debian's chromium)"
    ),
]

TOKEN = "lab-browser-test"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", paths.REPORTS_DIR / "screenshots"))
# A document's tab in the Lab's main area (the side bars have tabs too).
DOCUMENT_TAB = '.lm-TabBar-tab[data-type="document-title"]'
WAIT_MS = 120_000  # a cold kernel on a busy two-core machine: generous, never a timing assertion


def _shoot(page: Any, name: str) -> Path:
    """A screenshot of the page as it is, kept as a test artifact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


@pytest.fixture(scope="module")
def lab_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the notebooks and of pyproject.toml (which holds the jupytext settings)."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(paths.NOTEBOOKS_DIR, root / "notebooks")
    shutil.copy2(paths.PROJECT_ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.fixture(scope="module")
def lab_url(lab_root: Path) -> Iterator[str]:
    command = lab_command(lab_root, port=free_port(), token=TOKEN, open_browser=False)
    with running_server(command, timeout=120) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def lab(browser: Any, lab_url: str) -> Iterator[Any]:
    """One Lab page for the module's steps, which follow each other as a user's would."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{lab_url}lab/tree/notebooks?token={TOKEN}")
    page.wait_for_selector(".jp-DirListing-item")
    yield page
    context.close()


def _open_by_double_click(page: Any, name: str) -> Any:
    """Double-click a file in the file browser; returns its tab's panel."""
    page.dblclick(f".jp-DirListing-item:has-text('{name}')")
    panel = page.locator(".jp-NotebookPanel:visible").last
    panel.wait_for()
    return panel


def _run_menu(page: Any, menu: str, *items: str) -> None:
    page.click(f'.lm-MenuBar-itemLabel:text-is("{menu}")')
    for item in items:
        page.click(f'.lm-Menu-itemLabel:text-is("{item}")')


def _visible_claim_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".explore-claims-table td.col-claim_id", "cells => cells.map(c => c.textContent)"
    )


def test_explore_opens_by_double_click_as_a_notebook_on_the_project_kernel(
    lab: Any, lab_root: Path
) -> None:
    panel = _open_by_double_click(lab, "explore.py")
    assert panel.locator(".jp-Notebook").count() == 1  # a notebook, not the text editor
    kernel = panel.locator(".jp-Toolbar-kernelName")
    kernel.wait_for()
    lab.wait_for_function(
        f"document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) "
        f".jp-Toolbar-kernelName')?.textContent.includes({KERNEL_DISPLAY_NAME!r})"
    )
    assert panel.locator(".jp-Cell").count() >= 10
    _shoot(lab, "1-explore-opened")


def test_run_all_cells_draws_the_exploration(lab: Any) -> None:
    _run_menu(lab, "Run", "Run All Cells")
    lab.wait_for_selector(".explore-claims-table td.col-claim_id", state="attached")
    lab.wait_for_selector(".explore-timeline svg", state="attached")
    lab.wait_for_selector(".explore-reference-view table", state="attached")
    assert len(_visible_claim_ids(lab)) == 27
    errors = lab.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0
    _shoot(lab, "2-explore-run")


def test_choosing_a_speaker_redraws_the_claims_table_and_the_timeline(lab: Any) -> None:
    before_ids = _visible_claim_ids(lab)
    before_chart = lab.inner_html(".explore-timeline")
    labels = lab.eval_on_selector_all(
        ".explore-speaker select option", "options => options.map(o => o.value)"
    )
    danilov = next(label for label in labels if label.startswith("Dmitry Danilov"))
    lab.select_option(".explore-speaker select", label=danilov)
    lab.wait_for_function(
        "document.querySelectorAll('.explore-claims-table td.col-claim_id').length < 27"
    )
    after_ids = _visible_claim_ids(lab)
    speakers = lab.eval_on_selector_all(
        ".explore-claims-table td.col-speaker", "cells => cells.map(c => c.textContent)"
    )
    assert 0 < len(after_ids) < len(before_ids)
    assert set(speakers) == {"Dmitry Danilov"}
    assert lab.inner_html(".explore-timeline") != before_chart
    assert re.search(rf"\b{len(after_ids)}\b of 27 claims", lab.text_content(".explore-counts"))
    lab.locator(".explore-counts").first.scroll_into_view_if_needed()
    _shoot(lab, "3-speaker-filter")


def test_picking_a_claim_highlights_its_words_in_the_article(lab: Any) -> None:
    options = lab.eval_on_selector_all(
        ".explore-claim-picker select option", "options => options.map(o => o.value)"
    )
    last = options[-1]
    claim_id = last.split(":", 1)[0]
    lab.select_option(".explore-claim-picker select", label=last)
    mark = lab.locator(f'.explore-claim-view mark.claim-highlight[data-claim="{claim_id}"]')
    mark.first.wait_for(state="attached")
    mark.first.scroll_into_view_if_needed()
    # textContent, not innerText: the Lab skips rendering cells out of view.
    assert len(mark.first.text_content()) > 20
    background = mark.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted, visibly
    _shoot(lab, "4-claim-highlighted")


def test_switching_the_reference_date_moves_today_in_the_side_by_side_view(lab: Any) -> None:
    today_row = ".explore-reference-view tr.changed"
    assert "2017-03-06" in lab.text_content(today_row)
    picker = ".explore-other-reference input[type=date]"
    lab.fill(picker, "2017-03-10")
    lab.press(picker, "Tab")
    lab.wait_for_function(
        f"document.querySelector({today_row!r})?.textContent.includes('2017-03-10')"
    )
    row = lab.text_content(today_row)
    assert "“today”" in row and "2017-03-03" in row and "2017-03-06" not in row
    lab.locator(".explore-reference-view").scroll_into_view_if_needed()
    _shoot(lab, "5-reference-date")


def test_saving_an_unchanged_notebook_leaves_its_file_as_it_was(lab: Any, lab_root: Path) -> None:
    source = lab_root / "notebooks" / "report.py"
    before = source.read_bytes()
    panel = _open_by_double_click(lab, "report.py")
    panel.locator(".jp-Notebook").wait_for()
    tab = lab.locator(f"{DOCUMENT_TAB}.jp-mod-current")
    assert "report.py" in (tab.get_attribute("title") or "")
    assert "jp-mod-dirty" not in (tab.get_attribute("class") or "")  # not "unsaved" on opening
    lab.keyboard.press("Control+s")
    lab.wait_for_function(
        f"!document.querySelector('{DOCUMENT_TAB}.jp-mod-current').classList"
        ".contains('jp-mod-dirty')"
    )
    time.sleep(1)  # the save's request has returned; the file is written before it returns
    assert source.read_bytes() == before
    _shoot(lab, "6-report-saved")


def test_exporting_the_report_from_the_menu_gives_the_offline_evidence_report(
    lab: Any, browser: Any, tmp_path: Path
) -> None:
    downloads: list[Any] = []
    lab.context.on("page", lambda popup: popup.on("download", lambda d: downloads.append(d)))
    lab.on("download", lambda download: downloads.append(download))
    _run_menu(lab, "File", "Save and Export Notebook As", "Evidence report (HTML)")
    deadline = time.monotonic() + WAIT_MS / 1000
    while not downloads and time.monotonic() < deadline:
        lab.wait_for_timeout(500)
    assert downloads, "the export started no download"
    exported = tmp_path / "report.html"
    downloads[0].save_as(exported)
    html = exported.read_text(encoding="utf-8")
    assert html.count("<svg") >= 6
    assert "<script" not in html and "cdn" not in html.lower()
    assert re.search(r"<h2[^>]*>\s*Summary", html)  # headings are headings, not escaped text

    requests: list[str] = []
    context = browser.new_context(offline=True)
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.goto(exported.as_uri(), wait_until="load")
    charts = page.eval_on_selector_all(".jp-RenderedSVG svg", "svgs => svgs.length")
    _shoot(page, "7-exported-report")
    context.close()
    assert [url for url in requests if not url.startswith(("data:", exported.as_uri()))] == []
    assert charts >= 6


def test_the_dashboard_shows_the_exploration_without_code(browser: Any, tmp_path: Path) -> None:
    command = explore_command(
        port=free_port(), token=TOKEN, open_browser=False, build_dir=tmp_path / "dashboard"
    )
    with running_server(command, timeout=120) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        page.goto(f"{url}?token={TOKEN}")
        page.wait_for_selector(".explore-claims-table td.col-claim_id", state="attached")
        # No code is shown: no editor, and none of the notebook's code.
        assert page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor").count() == 0
        shown = page.text_content("body") or ""
        assert "explorer.filter_panel" not in shown and "validate_parameters(" not in shown
        before = len(_visible_claim_ids(page))
        verdicts = page.eval_on_selector_all(
            ".explore-verdict select option", "options => options.map(o => o.value)"
        )
        page.select_option(".explore-verdict select", label=verdicts[0])
        page.wait_for_function(
            f"document.querySelectorAll('.explore-claims-table td.col-claim_id').length < {before}"
        )
        _shoot(page, "8-dashboard-filtered")
        context.close()
