"""The agenda's time-zone picker and the meeting form's zone field (finding 14)."""

import re

from eventsys.dates import common_timezones
from tests.factories import make_meeting
from tests.factories import make_series
from tests.meetings.helpers import login_manager

ALIASES = ("Africa/Asmera", "Africa/Timbuktu", "America/Buenos_Aires", "Europe/Kiev",
           "Asia/Calcutta", "US/Eastern", "Etc/GMT+5")  # fmt: skip


def test_offered_zones_are_canonical():
    zones = common_timezones()
    for alias in ALIASES:
        assert alias not in zones
    for zone in ("America/Argentina/Buenos_Aires", "Africa/Asmara", "Europe/Kyiv",
                 "Asia/Kolkata", "Europe/Zurich", "Asia/Bangkok", "UTC"):  # fmt: skip
        assert zone in zones
    assert list(zones[:-1]) == sorted(zones[:-1]) and len(set(zones)) == len(zones)


def test_agenda_picker_is_a_searchable_list_that_works_without_scripts(client, db):
    meeting = make_meeting(timezone="Europe/Zurich")
    db.session.commit()
    page = client.get(f"/meetings/{meeting.slug}/agenda").get_data(as_text=True)
    assert '<input id="tz" name="tz" list="tz-zones"' in page
    datalist = page.split('<datalist id="tz-zones">')[1].split("</datalist>")[0]
    offered = re.findall(r'<option value="([^"]+)">', datalist)
    assert offered == list(common_timezones())
    assert not set(ALIASES) & set(offered)
    # "my time zone" is a script's button, hidden until the script shows it.
    assert re.search(r'<button type="button"[^>]*data-my-zone="tz" hidden>', page)
    assert "<script>" not in page  # no inline script (strict CSP)
    # Without scripts the form is a plain GET: any canonical zone, or an alias, works.
    shown = client.get(f"/meetings/{meeting.slug}/agenda?tz=Asia/Bangkok").get_data(
        as_text=True
    )
    assert re.search(r'<input id="tz"[^>]*\svalue="Asia/Bangkok"', shown)
    alias = client.get(
        f"/meetings/{meeting.slug}/agenda?tz=America/Buenos_Aires"
    ).get_data(as_text=True)
    assert "is not a time zone we know" not in alias
    # Empty: the meeting's own time.
    empty = client.get(f"/meetings/{meeting.slug}/agenda?tz=").get_data(as_text=True)
    assert 'placeholder="Meeting time (Europe/Zurich)"' in empty


def test_picker_options_are_rendered_once_per_language(client, db):
    from eventsys.agenda.views import zone_options_html

    zone_options_html.cache_clear()
    first = make_meeting(timezone="Europe/Zurich")
    second = make_meeting(timezone="America/New_York")
    db.session.commit()
    for meeting in (first, second):
        for zone in ("", "Asia/Tokyo"):
            client.get(f"/meetings/{meeting.slug}/agenda?tz={zone}")
    client.get(f"/meetings/{first.slug}/agenda?lang=fr")
    info = zone_options_html.cache_info()
    assert info.misses == 2 and info.hits == 3


def test_meeting_form_offers_the_canonical_zones(client, db):
    series = make_series()
    login_manager(client, is_admin=True)
    page = client.get(f"/manage/meetings/new?series={series.id}").get_data(as_text=True)
    select = page[
        page.index('id="timezone" name="timezone"') : page.index(
            "</select>", page.index('id="timezone" name="timezone"')
        )
    ]
    offered = re.findall(r'<option[^>]* value="([^"]+)"', select)
    assert offered == list(common_timezones())


def test_meeting_form_keeps_an_alias_chosen_before(client, db):
    meeting = make_meeting(timezone="Europe/Kiev")
    login_manager(client, meeting)
    page = client.get(f"/manage/meetings/{meeting.slug}/edit").get_data(as_text=True)
    assert re.search(
        r'<option selected value="Europe/Kiev">|<option value="Europe/Kiev" selected>',
        page,
    )
