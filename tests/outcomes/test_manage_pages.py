"""The writers' pages: under the meeting's tabs, with a way back (findings 7, 10)."""

import re

from tests.factories import PASSWORD
from tests.factories import make_session
from tests.outcomes.builders import file_backed_app as app  # noqa: F401  (publishing starts a thread)
from tests.outcomes.builders import make_document
from tests.outcomes.builders import make_team


def login(auth, user):
    assert auth.login(user.email, PASSWORD).status_code == 302


def _tabs(page: str) -> list[str]:
    subnav = page[page.index('<ul class="subnav">') :]
    subnav = subnav[: subnav.index("</ul>")]
    return re.findall(r">([^<>]+)</a>", subnav)


def test_outcome_pages_keep_the_meeting_tabs_and_a_short_breadcrumb(
    app, db, client, auth
):
    meeting, manager, rapporteur = make_team()
    document = make_document(meeting, rapporteur)
    db.session.commit()
    login(auth, manager)
    base = f"/manage/meetings/{meeting.slug}/outcomes"
    for path in (
        f"{base}/",
        f"{base}/{document.slug}/",
        f"{base}/{document.slug}/edit",
        f"{base}/{document.slug}/sections/new",
    ):
        page = client.get(path).get_data(as_text=True)
        tabs = _tabs(page)
        assert {"Agenda", "Registrations", "Outcomes"} <= set(tabs), path
        assert re.search(r'aria-current="page">Outcomes</a>', page), path
        assert ": Outcome documents" not in page
    page = client.get(f"{base}/{document.slug}/edit").get_data(as_text=True)
    crumbs = page[page.index('class="breadcrumb"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert f'href="{base}/"' in crumbs and f'href="{base}/{document.slug}/"' in crumbs
    assert "Edit document" in crumbs

    # A rapporteur sees only the tabs they may open.
    auth.logout()
    login(auth, rapporteur)
    tabs = _tabs(client.get(f"{base}/").get_data(as_text=True))
    assert "Outcomes" in tabs and "Registrations" not in tabs and "Agenda" not in tabs


def test_write_the_summary_of_prefills_the_heading_and_forms_have_a_way_back(
    app, db, client, auth
):
    meeting, _manager, rapporteur = make_team()
    document = make_document(meeting, rapporteur)
    panel = make_session(meeting, title={"en": "Panel 2: Skills and decent work"})
    db.session.commit()
    login(auth, rapporteur)
    doc = f"/manage/meetings/{meeting.slug}/outcomes/{document.slug}"
    overview = client.get(f"{doc}/").get_data(as_text=True)
    link = f"{doc}/sections/new?session={panel.id}"
    assert f'href="{link}"' in overview
    page = client.get(link).get_data(as_text=True)
    heading = re.search(r'<input[^>]*name="heading"[^>]*>', page)[0]
    assert 'value="Panel 2: Skills and decent work"' in heading
    assert re.search(
        r'<option selected value="summary"|<option value="summary" selected', page
    )
    assert re.search(
        rf'<option selected value="{panel.id}"|value="{panel.id}" selected', page
    )
    actions = page[page.index('class="actions"') :]
    assert f'href="{doc}/">Cancel</a>' in actions[: actions.index("</div>")]
    # An unknown session prefills nothing.
    page = client.get(f"{doc}/sections/new?session=999999").get_data(as_text=True)
    assert 'value="Panel 2' not in page
    edit = client.get(f"{doc}/edit").get_data(as_text=True)
    assert f'href="{doc}/">Cancel</a>' in edit
