"""The meeting page's call to action and the series page's subscription link."""

from tests.factories import make_category
from tests.factories import make_meeting


def test_open_meeting_has_a_register_button_by_its_title(client, db):
    meeting = make_meeting()
    make_category(meeting)
    db.session.commit()
    html = client.get(f"/meetings/{meeting.slug}/").get_data(as_text=True)
    register = f'href="/meetings/{meeting.slug}/register"'
    header = html[
        html.index('<header class="page-header">') : html.index(
            "</header>", html.index('class="page-header"')
        )
    ]
    assert 'class="button register-cta"' in header and register in header
    assert ">Register</a>" in header and html.count(">Register</a>") == 1
    # The badge leads to the form too.
    assert f'<a class="badge-link" {register}><span class="badge badge--open">' in html


def test_full_meeting_still_offers_the_form_and_closed_offers_nothing(client, db):
    full = make_meeting(capacity=1, seats_taken=1)
    make_category(full)
    closed = make_meeting(status="cancelled")
    db.session.commit()
    html = client.get(f"/meetings/{full.slug}/").get_data(as_text=True)
    assert 'class="button register-cta"' in html and "Full: waiting list" in html
    html = client.get(f"/meetings/{closed.slug}/").get_data(as_text=True)
    assert "register-cta" not in html and "badge-link" not in html


def test_series_page_subscribes_with_webcal(client, db):
    meeting = make_meeting()
    db.session.commit()
    html = client.get(f"/series/{meeting.series.slug}/").get_data(as_text=True)
    assert (
        f'href="webcal://events.test/series/{meeting.series.slug}/calendar.ics">Subscribe (calendar)'
        in html
    )
