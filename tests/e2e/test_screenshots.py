"""Screenshots of the main pages for docs/screenshots/ (and the README).

Not part of the normal run: `EVENTSYS_SCREENSHOTS=1 .venv/bin/python -m pytest
tests/e2e/test_screenshots.py` rewrites the PNGs from the demo data."""

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not os.environ.get("EVENTSYS_SCREENSHOTS"),
        reason="set EVENTSYS_SCREENSHOTS=1 to refresh docs/screenshots",
    ),
]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PAGES = [
    ("home", "/", False),
    ("meeting", "/meetings/csc-2027/", False),
    ("agenda", "/meetings/csc-2027/agenda", False),
    ("registration", "/meetings/csc-2027/register", False),
    ("outcome", "/meetings/idm-2019-geneva/outcomes/red-book-2019", False),
    ("manage-registrations", "/manage/meetings/csc-2027/registrations", True),
    ("manage-agenda", "/manage/meetings/csc-2027/agenda", True),
    ("changelog", "/meetings/idm-2019-geneva/agenda/changes", False),
    ("manage-invitations", "/manage/meetings/csc-2027/invitations", True),
    ("manage-dashboard", "/manage/meetings/csc-2027/dashboard", True),
    ("manage-directory", "/manage/directory/", True),
    ("processes", "/processes/", False),
    ("manage-side-events", "/manage/meetings/csc-2027/side-events", True),
    ("manage-designations", "/manage/meetings/csc-2027/designations", True),
]
SIZES = {"desktop": (1280, 1000), "phone": (375, 812)}


@pytest.mark.parametrize("size", SIZES)
def test_screenshots(browser, live_server, size):
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=1
    )
    page = context.new_page()
    OUT.mkdir(parents=True, exist_ok=True)
    signed_in = False
    for name, path, manage in PAGES:
        if manage and not signed_in:
            login(page, live_server)
            signed_in = True
        page.goto(live_server.url + path)
        page.screenshot(
            path=str(OUT / f"{name}-{size}.png"), animations="disabled", caret="hide"
        )
    context.close()
