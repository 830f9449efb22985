"""axe-core on the dashboards and the directory, as an admin on the demo data."""

import pytest

from tests.e2e.conftest import login
from tests.e2e.test_access import MEETING
from tests.e2e.test_access import axe_page  # noqa: F401 (the fixture)
from tests.e2e.test_access import serious_violations

pytestmark = pytest.mark.e2e
PAGES = {
    "meeting-dashboard": f"/manage/meetings/{MEETING}/dashboard",
    "engagement-dashboard": "/manage/dashboard",
    "directory": "/manage/directory/",
}


def test_axe_finds_nothing_serious_on_dashboards_and_directory(axe_page, live_server):
    login(axe_page, live_server)
    found = {}
    for name, path in PAGES.items():
        response = axe_page.goto(live_server.url + path)
        assert response.ok, (path, response.status)
        if name == "meeting-dashboard":
            assert axe_page.locator("svg[role=img]").count() >= 5  # charts with data
        found[name] = serious_violations(axe_page)
    axe_page.goto(live_server.url + PAGES["directory"])
    first = axe_page.locator("table tbody a").first
    first.click()
    axe_page.wait_for_load_state()
    assert (
        "/manage/directory/" in axe_page.url and axe_page.url.rstrip("/")[-1].isdigit()
    )
    found["organisation"] = serious_violations(axe_page)
    assert found == {name: [] for name in [*PAGES, "organisation"]}
