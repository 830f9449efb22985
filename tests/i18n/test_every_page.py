"""Every page of the demo, public and secretariat, renders in French and Spanish.

Pages whose content exists only in English (the 2019 IDM Red Book, English-only
sessions) are checked for status only; the others must show no interface string
left in English.
"""

import re

import pytest
import sqlalchemy as sa

from eventsys.agenda.models import AgendaSession
from eventsys.extensions import db
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Room
from eventsys.outcomes.models import OutcomeSection
from eventsys.registration.models import Registration
from tests.i18n.test_pages import english_left
from tests.i18n.test_pages import visible_text

pytestmark = pytest.mark.slow

PUBLIC = [
    "/",
    "/meetings/",
    "/meetings/csc-2027/",
    "/meetings/csc-2027/agenda",
    "/meetings/csc-2027/register",
    "/meetings/csc-2027/participants",
    "/meetings/csc-2027/delegations/request",
    "/meetings/idm-2019-geneva/outcomes/",
    "/series/idm/",
    "/series/csc/",
    "/privacy",
    "/login",
    "/password/reset",
]
ENGLISH_CONTENT = [
    "/meetings/grcp-9/",
    "/meetings/idm-2019-geneva/",
    "/meetings/idm-2019-geneva/agenda",
    "/meetings/idm-2019-geneva/outcomes/red-book-2019",
]
MANAGE = [
    "/account",
    "/manage/",
    "/manage/audit",
    "/manage/meetings/new",
    "/manage/series/new",
    "/manage/meetings/csc-2027/",
    "/manage/meetings/csc-2027/agenda",
    "/manage/meetings/csc-2027/agenda/new",
    "/manage/meetings/csc-2027/cancel",
    "/manage/meetings/csc-2027/delegations",
    "/manage/meetings/csc-2027/edition",
    "/manage/meetings/csc-2027/history",
    "/manage/meetings/csc-2027/people",
    "/manage/meetings/csc-2027/registration-settings",
    "/manage/meetings/csc-2027/registrations",
    "/manage/meetings/csc-2027/registrations/{registration}",
    "/manage/meetings/csc-2027/rooms",
    "/manage/meetings/csc-2027/rooms/{room}/edit",
    "/manage/meetings/grcp-9/delegations",
    "/manage/meetings/idm-2019-geneva/outcomes/",
    "/manage/meetings/idm-2019-geneva/outcomes/new",
    "/manage/meetings/idm-2019-geneva/outcomes/red-book-2019/edit",
]
MANAGE_ENGLISH_CONTENT = [  # forms that show every language version of the content
    "/manage/series/idm/edit",
    "/manage/meetings/csc-2027/edit",
    "/manage/meetings/csc-2027/agenda/{session}/edit",
    "/manage/meetings/idm-2019-geneva/outcomes/red-book-2019/",
    "/manage/meetings/idm-2019-geneva/outcomes/red-book-2019/sections/new",
    "/manage/meetings/idm-2019-geneva/outcomes/red-book-2019/sections/{section}/edit",
]


def ids() -> dict:
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.slug == "csc-2027"))

    def first(model):
        return db.session.scalar(
            sa.select(model.id).where(model.meeting_id == meeting.id).limit(1)
        )

    return {
        "session": first(AgendaSession),
        "room": first(Room),
        "registration": first(Registration),
        "section": db.session.scalar(sa.select(OutcomeSection.id).limit(1)),
    }


def visit(client, path: str, language: str) -> tuple[int, list[str]]:
    response = client.get(path, query_string={"lang": language})
    text = visible_text(response.get_data(as_text=True))
    assert f'<html lang="{language}"' in response.get_data(as_text=True), path
    return response.status_code, english_left(text, language)


def test_every_page_in_french_and_spanish(app, runner, client):
    loaded = runner.invoke(args=["demo", "load"])
    password = re.search(r"admin@example.org / password: (\S+)", loaded.output).group(1)
    problems = []
    for language in ("fr", "es"):
        for path in PUBLIC + ENGLISH_CONTENT:
            status, left = visit(client, path, language)
            if status != 200 or (left and path not in ENGLISH_CONTENT):
                problems.append((language, path, status, left))
    client.post("/login", data={"email": "admin@example.org", "password": password})
    for language in ("fr", "es"):
        for path in MANAGE + MANAGE_ENGLISH_CONTENT:
            status, left = visit(client, path.format(**ids()), language)
            if status != 200 or (left and path not in MANAGE_ENGLISH_CONTENT):
                problems.append((language, path, status, left))
    assert not problems
