from flask_login import AnonymousUserMixin

from eventsys.auth import permissions as p
from tests.factories import make_meeting
from tests.factories import make_role
from tests.factories import make_user


def test_permission_helpers_by_role(app):
    admin = make_user(is_admin=True)
    manager = make_user()
    rapporteur = make_user()
    nobody = make_user()
    anonymous = AnonymousUserMixin()
    meeting_a = make_meeting(status="draft")
    meeting_b = make_meeting(status="draft")
    make_role(manager, meeting_a, "manager")
    make_role(rapporteur, meeting_a, "rapporteur")

    assert p.can_manage_meeting(admin, meeting_a) and p.can_manage_meeting(
        admin, meeting_b
    )
    assert p.can_manage_meeting(manager, meeting_a)
    assert not p.can_manage_meeting(manager, meeting_b)
    assert not p.can_manage_meeting(rapporteur, meeting_a)
    assert p.can_edit_outcome(rapporteur, meeting_a)
    assert not p.can_edit_outcome(rapporteur, meeting_b)
    assert not p.can_publish_outcome(rapporteur, meeting_a)
    assert p.can_view_meeting(rapporteur, meeting_a)
    assert not p.can_view_meeting(nobody, meeting_a)
    assert not p.can_view_meeting(anonymous, meeting_a)
    assert not p.can_manage_meeting(anonymous, meeting_a)
    # Meetings are created by admins and series managers (tests/auth/test_roles.py).
    assert not p.can_create_meetings(manager) and not p.can_create_meetings(rapporteur)
    assert p.can_create_meetings(admin)


def test_published_meeting_is_visible_to_everyone(app):
    meeting = make_meeting(status="published")
    assert p.can_view_meeting(AnonymousUserMixin(), meeting)
