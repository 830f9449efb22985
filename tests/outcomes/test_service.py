import pytest
import sqlalchemy as sa

from eventsys.audit.models import AuditEvent
from eventsys.errors import Conflict
from eventsys.errors import InvalidInput
from eventsys.errors import PermissionDenied
from eventsys.outcomes import service
from tests.factories import make_meeting
from tests.factories import make_session
from tests.outcomes.builders import make_document
from tests.outcomes.builders import make_team


def actions(db):
    return [
        e.action
        for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))
    ]


def test_review_return_publish_and_versions(db):
    meeting, manager, rapporteur = make_team()
    document = make_document(meeting, rapporteur)
    assert document.status == "draft" and document.slug == "youth-red-book"

    service.submit_document(document, actor=rapporteur)
    assert document.status == "in_review"
    with pytest.raises(Conflict):  # locked for the rapporteur while in review
        service.update_section(
            document.sections[0],
            actor=rapporteur,
            data={"heading": "x", "kind": "summary"},
        )
    with pytest.raises(PermissionDenied):
        service.publish_document(document, actor=rapporteur)
    with pytest.raises(PermissionDenied):
        service.return_document(document, actor=rapporteur, comment="no")
    with pytest.raises(InvalidInput):
        service.return_document(document, actor=manager, comment="  ")

    service.return_document(document, actor=manager, comment="Shorten the background.")
    assert (
        document.status == "draft"
        and document.review_comment == "Shorten the background."
    )
    service.submit_document(document, actor=rapporteur)
    first = service.publish_document(document, actor=manager)
    assert (first.number, document.status, document.review_comment) == (
        1,
        "published",
        "",
    )
    assert [s["heading"] for s in first.content][0] == "Why youth matters"
    with pytest.raises(Conflict):
        service.publish_document(document, actor=manager)

    # A later edit starts a new draft; version 1 stays as it was.
    service.update_section(
        document.sections[0],
        actor=rapporteur,
        data={
            "heading": "Why young people matter",
            "kind": "background",
            "body": "New.",
        },
    )
    assert document.status == "draft"
    assert first.content[0]["heading"] == "Why youth matters"
    second = service.publish_document(document, actor=manager)
    assert (
        second.number == 2 and second.content[0]["heading"] == "Why young people matter"
    )
    assert second.content_hash != first.content_hash
    assert actions(db).count("outcome.published") == 2
    assert {"outcome.submitted", "outcome.returned"} <= set(actions(db))


def test_versions_are_immutable(db):
    meeting, manager, _ = make_team()
    version = service.publish_document(make_document(meeting, manager), actor=manager)
    version.title = "changed"
    with pytest.raises(ValueError):
        db.session.flush()
    db.session.rollback()


def test_rapporteur_of_one_meeting_cannot_touch_another(db):
    meeting, manager, rapporteur = make_team()
    other, other_manager, _ = make_team(make_meeting())
    document = make_document(other, other_manager)
    with pytest.raises(PermissionDenied):
        service.create_document(other, actor=rapporteur, data={"title": {"en": "Mine"}})
    with pytest.raises(PermissionDenied):
        service.add_section(
            document, actor=rapporteur, data={"heading": "x", "kind": "summary"}
        )
    with pytest.raises(PermissionDenied):
        service.submit_document(document, actor=rapporteur)
    with pytest.raises(PermissionDenied):
        service.publish_document(document, actor=manager)  # manager of another meeting


def test_sections_validate_reorder_and_delete(db):
    meeting, _, rapporteur = make_team()
    document = make_document(meeting, rapporteur)
    foreign_session = make_session(make_meeting())
    with pytest.raises(InvalidInput) as error:
        service.add_section(
            document,
            actor=rapporteur,
            data={
                "heading": "",
                "kind": "nope",
                "session_id": foreign_session.id,
                "body": "x" * 100_001,
            },
        )
    assert set(error.value.fields) == {"heading", "kind", "session_id", "body"}

    last = document.sections[-1]
    service.move_section(last, actor=rapporteur, offset=-1)
    headings = [s.heading for s in document.sections]
    assert headings[-2:] == [
        "Recommendations to States",
        "Participation needs influence",
    ]
    service.delete_section(document.sections[0], actor=rapporteur)
    assert [s.position for s in document.sections] == list(range(4))


def test_document_covers_other_meetings_and_unique_slugs(db):
    meeting, manager, _ = make_team()
    earlier = make_meeting(series=meeting.series)
    data = {"title": {"en": "Red Book"}, "also_covers": [earlier.slug]}
    first = service.create_document(meeting, actor=manager, data=data)
    second = service.create_document(meeting, actor=manager, data=data)
    assert first.also_covers == [earlier] and (first.slug, second.slug) == (
        "red-book",
        "red-book-2",
    )
    with pytest.raises(InvalidInput):
        service.create_document(
            meeting, actor=manager, data={"title": {"en": "x"}, "also_covers": ["nope"]}
        )
    with pytest.raises(InvalidInput):
        service.submit_document(second, actor=manager)  # no sections yet
