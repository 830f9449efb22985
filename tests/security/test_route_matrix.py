"""Access control: every route of the app, for every role, with the status written by hand.

How it works
- ROLES are the kinds of visitor. A "participant" and a delegation's
  "focal_point" have no account: they hold the personal link of their
  registration or delegation. Every other role signs in; on /api/ paths the
  signed-in roles send their own personal API token (Bearer) instead.
- EXPECTED has one row per (method, endpoint): the status each role must get.
  LOGIN means "302 to the sign-in page", REDIRECT any other 302/303.
- url_values() builds each route's URL arguments from the world that
  make_world() creates. Token arguments get the real token only for the role
  that holds it (participant: their registration; focal point: their
  delegation; a signed-in user: their own calendar feed). Every other role
  uses a token of its own, which exists nowhere: for a participant, another
  participant's page is just a token they do not have.
- test_every_route_has_a_row compares EXPECTED with the URL map, so a new route
  without a row fails.
- test_route_matrix runs the rows, one fresh database per role so that side
  effects (an erasure, a cancellation, a deletion) cannot leak into another
  role's requests. GETs run first, then POSTs/PATCHes, with the destructive
  ones last in the order of LAST. POSTs send an empty form (CSRF off in
  tests): the point is who gets in, not what a valid submission does.
  test_csrf_refused checks the other half: with CSRF on, every state-changing
  HTML route refuses a request without a token.
"""

import re
import secrets
from datetime import UTC
from datetime import datetime

import pytest
import sqlalchemy as sa
from flask import current_app
from werkzeug.routing import IntegerConverter
from werkzeug.routing import Rule

from eventsys import create_app
from eventsys import crypto
from eventsys import links
from eventsys.agenda import releases as agenda_releases
from eventsys.agenda.models import SessionSignup
from eventsys.agenda.models import SideEventProposal
from eventsys.agenda.models import SpeakerRequest
from eventsys.auth import invitations as team_invitations
from eventsys.auth.api_tokens import create_token
from eventsys.auth.models import ApiToken
from eventsys.auth.models import GlobalRole
from eventsys.auth.models import SeriesRole
from eventsys.auth.service import rotate_calendar_token
from eventsys.directory.models import Designation
from eventsys.directory.models import Organisation
from eventsys.documents import service as documents
from eventsys.documents.storage import from_config
from eventsys.extensions import db
from eventsys.invitations import service as invitations
from eventsys.meetings.service import grant_meeting_role
from eventsys.onsite import visa
from eventsys.outcomes import service as outcomes
from eventsys.registration import delegations
from eventsys.registration.models import RegistrationQuestion
from eventsys.secret_urls import secret_params
from tests.conftest import base_config
from tests.factories import PASSWORD
from tests.factories import make_category
from tests.factories import make_meeting
from tests.factories import make_registration
from tests.factories import make_role
from tests.factories import make_room
from tests.factories import make_session
from tests.factories import make_user
from tests.onsite.visa_helpers import PASSPORT

ROLES = (
    "anonymous",
    "participant",
    "focal_point",
    "checkin",  # door staff of the meeting: its check-in page only
    "partnerships",  # the global role of the directory
    "rapporteur_elsewhere",
    "manager_elsewhere",
    "series_manager",  # manager of the meeting's series, not of the meeting itself
    "manager",
    "admin",
)
SIGNED_IN = ROLES[3:]
LOGIN = "login"
REDIRECT = "redirect"
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
# Routes that the matrix does not request (served by the web server in production).
NOT_REQUESTED = {"static"}
# State-changing requests that must run after the others, in this order.
LAST = (
    "invitations.decline",
    "invitations.manage_revoke",
    "designations.manage_revoke",
    "registration.delegation_withdraw",
    "registration.cancel",
    "privacy.registration_erase",
    "registration.manage_action",
    "registration.manage_bulk",
    "registration.manage_delegation_accredit",
    "registration.manage_delegation_link",
    "registration.manage_category_delete",
    "registration.manage_question_delete",
    "outcomes.manage_section_delete",
    "outcomes.manage_submit",
    "outcomes.manage_return",
    "outcomes.manage_publish",
    "agenda.manage_session_status",
    "agenda.manage_session_delete",
    "meetings.manage_room_delete",
    "meetings.manage_role_remove",
    "meetings.manage_invitation_revoke",
    "privacy.manage_erase",
    "api_tokens.revoke",
    "meetings.manage_publish",
    "meetings.manage_cancel",
    "meetings.manage_delete",
    "auth.sign_out_everywhere",  # ends the session: the very last
)


def everyone(status) -> dict:
    return dict.fromkeys(ROLES, status)


def signed_in(status, *, otherwise=LOGIN) -> dict:
    return {role: (status if role in SIGNED_IN else otherwise) for role in ROLES}


def admin_only(status=200) -> dict:
    return {**signed_in(403), "admin": status}


def manage(status=200) -> dict:
    """A page of the meeting's secretariat: its managers, its series' managers, admins."""
    return {
        **signed_in(403),
        "series_manager": status,
        "manager": status,
        "admin": status,
    }


def unseen_but_by_managers(status=200) -> dict:
    """Something of the meeting only its secretariat sees; to others it does not exist."""
    return {
        **everyone(404),
        "series_manager": status,
        "manager": status,
        "admin": status,
    }


def create_in_series(status=200) -> dict:
    """Creating meetings in the series: its managers and admins only."""
    return {**signed_in(403), "series_manager": status, "admin": status}


def door(status=200) -> dict:
    """The check-in surfaces: the meeting's door staff as well as its managers."""
    return {**manage(status), "checkin": status}


def api_door(status) -> dict:
    return {**api_manage(status), "checkin": status}


def holder(role: str, status=200) -> dict:
    """A page behind a personal link: only the role holding the link gets in."""
    return {**everyone(404), role: status}


def directory_only(status=200) -> dict:
    """The whole stakeholder directory: partnerships officers and admins."""
    return {**signed_in(403), "partnerships": status, "admin": status}


def directory_scoped(status=200, elsewhere=200) -> dict:
    """Directory pages that meeting and series managers see for their own meetings."""
    return {
        **directory_only(status),
        "series_manager": status,
        "manager": status,
        "manager_elsewhere": elsewhere,
    }


def api_manage(status) -> dict:
    """An API endpoint for the meeting's managers: no token 401, another's meeting 403."""
    return {
        **everyone(401),
        "checkin": 403,
        "partnerships": 403,
        "rapporteur_elsewhere": 403,
        "manager_elsewhere": 403,
        "series_manager": status,
        "manager": status,
        "admin": status,
    }


# (method, endpoint) -> {role: expected status}. Written by hand: a new route needs a row.
EXPECTED: dict[tuple[str, str], dict] = {
    # --- public pages and feeds
    ("GET", "health.healthz"): everyone(200),
    ("GET", "meetings.home"): everyone(200),
    ("GET", "meetings.index"): everyone(200),
    ("GET", "meetings.detail"): everyone(200),
    ("GET", "meetings.series_detail"): everyone(200),
    ("GET", "agenda.public_agenda"): everyone(200),
    ("GET", "pdf.agenda"): everyone(200),
    ("GET", "agenda.release_agenda"): everyone(200),
    ("GET", "pdf.agenda_release"): everyone(200),
    ("GET", "agenda.agenda_changes"): everyone(200),
    ("GET", "calendar.all_feed"): everyone(200),
    ("GET", "calendar.meeting_feed"): everyone(200),
    ("GET", "calendar.series_feed"): everyone(200),
    ("GET", "outcomes.public_list"): everyone(200),
    ("GET", "outcomes.public_document"): everyone(200),
    ("GET", "pdf.outcome"): everyone(200),
    ("GET", "pdf.outcome_version"): everyone(200),
    ("GET", "pdf.proceedings"): everyone(200),
    ("GET", "documents.index"): everyone(200),
    # The world's document is for participants: its managers only (the matrix's
    # participant holds a personal link, no account; tests/documents covers accounts).
    ("GET", "documents.download"): unseen_but_by_managers(),
    ("GET", "documents.download_version"): unseen_but_by_managers(),
    # A participants' document linked to the invitation: its link's holder opens it.
    ("GET", "documents.invitation_download"): holder("participant"),
    ("GET", "registration.participants"): everyone(
        200
    ),  # the meeting's public list is on
    ("GET", "pdf.participants"): everyone(200),
    ("GET", "registration.register"): everyone(200),
    ("POST", "registration.register"): everyone(422),
    ("POST", "registration.resend_link"): everyone(
        REDIRECT
    ),  # same answer, known address or not
    ("GET", "registration.delegation_request"): everyone(200),
    ("POST", "registration.delegation_request"): everyone(422),
    ("GET", "privacy.notice"): everyone(200),
    ("GET", "privacy.security_txt"): everyone(200),
    # --- accounts
    ("GET", "auth.login"): signed_in(REDIRECT, otherwise=200),
    ("POST", "auth.login"): signed_in(REDIRECT, otherwise=422),
    ("POST", "auth.logout"): everyone(REDIRECT),
    # Ends every session of the account and sends to the sign-in page.
    ("POST", "auth.sign_out_everywhere"): everyone(LOGIN),
    ("GET", "auth.account"): signed_in(200),
    ("POST", "auth.account"): signed_in(200),
    ("GET", "auth.reset_request"): everyone(200),
    ("POST", "auth.reset_request"): everyone(422),
    ("GET", "auth.reset_password"): everyone(404),
    # Single sign-on is off in the matrix (no OIDC_ISSUER): the routes do not exist.
    # Nobody has passed the password step: back to the sign-in page.
    ("GET", "auth.second_factor"): everyone(LOGIN),
    ("POST", "auth.second_factor"): everyone(LOGIN),
    ("GET", "auth.account_second_factor"): signed_in(200),
    ("POST", "auth.account_second_factor"): signed_in(422),
    ("GET", "auth.sso_login"): everyone(404),
    ("GET", "auth.sso_callback"): everyone(404),
    # An invitation link nobody in the matrix holds (a random token): 404 for all.
    ("GET", "auth.invitation"): everyone(404),
    ("POST", "auth.invitation"): everyone(404),
    ("POST", "auth.reset_password"): everyone(404),
    ("POST", "api_tokens.create"): signed_in(REDIRECT),
    # Another user's token id: the same redirect with "No such token", and nothing revoked
    # (test_route_matrix checks that the manager's token still works).
    ("POST", "api_tokens.revoke"): signed_in(REDIRECT),
    ("POST", "calendar.regenerate_token"): signed_in(201),
    ("POST", "calendar.feed_alarm"): signed_in(REDIRECT),
    ("POST", "comms.account_notifications"): signed_in(REDIRECT),
    ("GET", "calendar.private_feed"): signed_in(
        200, otherwise=404
    ),  # each with their own feed token
    # --- a participant's personal link
    ("GET", "registration.manage"): holder("participant"),
    ("POST", "registration.manage"): holder("participant", 422),
    ("POST", "registration.cancel"): holder("participant", REDIRECT),
    # "Send me the current link" (offered by a replaced link's 410 page).
    ("POST", "registration.resend_current"): holder("participant"),
    ("GET", "calendar.registration_invite"): holder("participant"),
    ("GET", "privacy.registration_data"): holder("participant"),
    ("GET", "privacy.registration_erase"): holder("participant"),
    ("POST", "privacy.registration_erase"): holder("participant"),
    # An unsubscribe link nobody in the matrix holds (a random token): 404 for all.
    ("GET", "comms.unsubscribe"): everyone(404),
    ("POST", "comms.unsubscribe"): everyone(404),
    # --- a delegation's focal point link
    ("GET", "registration.delegation"): holder("focal_point"),
    ("POST", "registration.delegation_note"): holder("focal_point", 422),
    ("POST", "registration.delegation_resend"): holder("focal_point"),
    ("POST", "registration.delegation_add_member"): holder("focal_point", 422),
    ("GET", "registration.delegation_member"): holder("focal_point"),
    ("POST", "registration.delegation_member"): holder("focal_point", 422),
    ("POST", "registration.delegation_withdraw"): holder("focal_point", REDIRECT),
    ("POST", "registration.delegation_document"): holder("focal_point", 422),
    # The matrix's document is not the delegation's statement: 404 for all.
    ("POST", "registration.delegation_statement_delivered"): everyone(404),
    # --- secretariat area
    # Door staff see their check-in page and nothing else (can_use_manage_area).
    ("GET", "meetings.manage_index"): {**signed_in(200), "checkin": 403},
    ("GET", "audit.index"): admin_only(),
    ("GET", "accounts.manage_index"): admin_only(),
    ("GET", "accounts.manage_new"): admin_only(),
    ("POST", "accounts.manage_new"): admin_only(422),
    ("GET", "accounts.manage_account"): admin_only(),
    ("POST", "accounts.manage_account"): admin_only(400),  # no action named
    # Meetings are created by admins and the series' managers; series by admins only.
    ("GET", "meetings.manage_meeting_new"): create_in_series(),
    ("POST", "meetings.manage_meeting_new"): create_in_series(422),
    ("GET", "meetings.manage_series_new"): admin_only(),
    ("POST", "meetings.manage_series_new"): admin_only(422),
    ("GET", "meetings.manage_series_edit"): admin_only(),
    ("POST", "meetings.manage_series_edit"): admin_only(422),
    ("GET", "meetings.manage_meeting"): manage(),
    ("GET", "meetings.manage_edit"): manage(),
    ("POST", "meetings.manage_edit"): manage(422),
    ("GET", "meetings.manage_edition"): create_in_series(),
    ("POST", "meetings.manage_edition"): create_in_series(422),
    ("GET", "meetings.manage_history"): manage(),
    ("GET", "meetings.manage_cancel"): manage(),
    ("POST", "meetings.manage_cancel"): manage(422),
    ("POST", "meetings.manage_publish"): manage(REDIRECT),
    ("POST", "meetings.manage_delete"): manage(REDIRECT),
    ("GET", "meetings.manage_roles"): manage(),
    ("POST", "meetings.manage_roles"): manage(422),
    ("POST", "meetings.manage_role_remove"): manage(REDIRECT),
    ("POST", "meetings.manage_invitation_resend"): manage(REDIRECT),
    ("POST", "meetings.manage_invitation_revoke"): manage(REDIRECT),
    ("GET", "meetings.manage_rooms"): manage(),
    ("POST", "meetings.manage_rooms"): manage(422),
    ("GET", "meetings.manage_room_edit"): manage(),
    ("POST", "meetings.manage_room_edit"): manage(REDIRECT),
    ("POST", "meetings.manage_room_delete"): manage(REDIRECT),
    ("GET", "agenda.manage_agenda"): manage(),
    ("GET", "agenda.manage_signups"): manage(),
    ("GET", "agenda.manage_signups_csv"): manage(),
    ("GET", "agenda.manage_signups_xlsx"): manage(),
    # The first manager takes the waiting participant off; the next are told it is done.
    ("POST", "agenda.manage_signup_remove"): manage(REDIRECT),
    ("GET", "agenda.my_sessions"): holder("participant"),
    # The matrix's session takes no sign-ups: refused with a message.
    ("POST", "agenda.signup"): holder("participant", REDIRECT),
    ("POST", "agenda.signup_cancel"): holder(
        "participant", REDIRECT
    ),  # on the waiting list
    ("GET", "agenda.public_speakers"): everyone(200),
    ("GET", "agenda.propose_side_event"): everyone(200),
    ("POST", "agenda.propose_side_event"): everyone(422),
    # Nobody holds a proposal's link in the matrix: another's is just unknown.
    ("GET", "agenda.my_side_event"): everyone(404),
    ("POST", "agenda.my_side_event_withdraw"): everyone(404),
    ("POST", "agenda.my_side_event_resend"): everyone(404),
    ("GET", "agenda.manage_side_events"): manage(),
    ("POST", "agenda.manage_side_events_call"): manage(REDIRECT),
    ("GET", "agenda.manage_side_event"): manage(),
    ("POST", "agenda.manage_side_event"): manage(422),
    ("POST", "agenda.manage_side_event_link"): manage(REDIRECT),
    ("POST", "agenda.speak"): holder("participant", REDIRECT),
    ("POST", "agenda.speak_withdraw"): holder("participant", REDIRECT),
    ("GET", "agenda.delegation_speakers"): holder("focal_point"),
    ("POST", "agenda.delegation_speakers"): holder("focal_point", 422),
    ("GET", "agenda.manage_speakers"): manage(),
    ("GET", "agenda.manage_floor"): manage(),
    ("POST", "agenda.manage_speaker_action"): manage(REDIRECT),
    ("POST", "agenda.manage_speakers_publish"): manage(REDIRECT),
    ("GET", "agenda.manage_session"): manage(),
    ("POST", "agenda.manage_session"): manage(422),
    ("POST", "agenda.manage_session_move"): manage(400),
    ("POST", "agenda.manage_session_organisations"): manage(422),
    ("POST", "agenda.manage_session_status"): manage(REDIRECT),
    ("POST", "agenda.manage_session_delete"): manage(REDIRECT),
    ("GET", "agenda.manage_releases"): manage(),
    ("POST", "agenda.manage_releases"): manage(422),
    ("POST", "agenda.manage_visibility"): manage(REDIRECT),
    ("GET", "registration.manage_list"): manage(),
    ("GET", "registration.manage_export"): manage(),
    ("GET", "registration.manage_export_xlsx"): manage(),
    ("GET", "pdf.manage_participants"): manage(),
    ("GET", "privacy.manage_erase"): manage(),
    ("POST", "privacy.manage_erase"): manage(REDIRECT),
    ("GET", "registration.manage_edit"): manage(),
    ("POST", "registration.manage_edit"): manage(422),
    ("POST", "registration.manage_action"): manage(REDIRECT),
    ("POST", "registration.manage_bulk"): manage(REDIRECT),
    ("GET", "registration.manage_settings"): manage(),
    ("POST", "registration.manage_settings"): manage(REDIRECT),
    ("POST", "registration.manage_category_add"): manage(REDIRECT),
    ("GET", "registration.manage_category"): manage(),
    ("POST", "registration.manage_category"): manage(REDIRECT),
    ("POST", "registration.manage_category_delete"): manage(REDIRECT),
    ("GET", "registration.manage_questions"): manage(),
    ("POST", "registration.manage_questions"): manage(422),
    ("GET", "registration.manage_question_edit"): manage(),
    ("POST", "registration.manage_question_edit"): manage(422),
    ("POST", "registration.manage_question_move"): manage(REDIRECT),
    ("POST", "registration.manage_question_delete"): manage(REDIRECT),
    ("GET", "registration.manage_delegations"): manage(),
    ("POST", "registration.manage_delegations"): manage(422),
    ("GET", "registration.manage_delegations_export"): manage(),
    ("GET", "registration.manage_delegations_export_xlsx"): manage(),
    ("GET", "pdf.manage_delegations"): manage(),
    ("POST", "registration.manage_delegation_accredit"): manage(REDIRECT),
    ("POST", "registration.manage_delegation_link"): manage(REDIRECT),
    # The world's delegation is invited, not requested: both answers are refused.
    ("POST", "registration.manage_delegation_accept"): manage(REDIRECT),
    ("POST", "registration.manage_delegation_decline"): manage(REDIRECT),
    # --- invitations (the participant role holds the invitation's link)
    ("GET", "invitations.answer"): holder("participant"),
    ("POST", "invitations.accept"): holder("participant", 422),
    ("POST", "invitations.decline"): holder("participant", REDIRECT),
    ("GET", "invitations.manage_index"): manage(),
    ("POST", "invitations.manage_index"): manage(422),
    ("POST", "invitations.manage_send"): manage(REDIRECT),
    ("POST", "invitations.manage_revoke"): manage(REDIRECT),
    ("POST", "invitations.manage_send_drafts"): manage(REDIRECT),
    ("POST", "invitations.manage_remind"): manage(REDIRECT),
    ("GET", "invitations.manage_export"): manage(),
    ("GET", "invitations.manage_export_xlsx"): manage(),
    ("POST", "invitations.manage_import"): manage(422),
    ("POST", "invitations.manage_import_confirm"): manage(404),
    ("POST", "invitations.manage_import_cancel"): manage(404),
    ("POST", "invitations.manage_copy"): manage(404),  # no source edition given
    ("GET", "outcomes.manage_index"): manage(),
    # An empty POST counts the audience (the default action): the page again.
    ("GET", "comms.manage_messages"): manage(),
    ("POST", "comms.manage_messages"): manage(),
    # An empty form is valid: reminders off, no alarm; back to the messages page.
    ("POST", "comms.manage_reminders"): manage(REDIRECT),
    ("GET", "outcomes.manage_new"): manage(),
    ("POST", "outcomes.manage_new"): manage(422),
    ("GET", "outcomes.manage_document"): manage(),
    ("GET", "outcomes.manage_edit"): manage(),
    ("POST", "outcomes.manage_edit"): manage(422),
    ("GET", "outcomes.manage_section_new"): manage(),
    ("POST", "outcomes.manage_section_new"): manage(422),
    ("GET", "outcomes.manage_section_edit"): manage(),
    ("POST", "outcomes.manage_section_edit"): manage(422),
    ("POST", "outcomes.manage_section_move"): manage(REDIRECT),
    ("POST", "outcomes.manage_section_delete"): manage(REDIRECT),
    ("POST", "outcomes.manage_submit"): manage(REDIRECT),
    ("POST", "outcomes.manage_return"): manage(REDIRECT),
    ("POST", "outcomes.manage_publish"): manage(REDIRECT),
    ("GET", "documents.manage_index"): manage(),
    ("GET", "documents.manage_new"): manage(),
    ("POST", "documents.manage_new"): manage(422),
    ("GET", "documents.manage_document"): manage(),
    ("POST", "documents.manage_add_file"): manage(422),
    ("POST", "documents.manage_withdraw"): manage(422),  # a reason is required
    ("POST", "documents.manage_publish"): manage(REDIRECT),  # already published: no-op
    # The secretariat's file needs no scan: refused, flashed, redirected.
    ("POST", "documents.manage_approve"): manage(REDIRECT),
    # --- JSON API (Bearer tokens; the public reads need none)
    ("GET", "api.docs"): everyone(200),
    ("GET", "api.openapi_json"): everyone(200),
    ("GET", "api.list_series"): everyone(200),
    ("GET", "api.list_meetings"): everyone(200),
    ("GET", "api.get_meeting"): everyone(200),
    ("GET", "api.list_outcomes"): everyone(200),
    ("GET", "api.list_documents"): everyone(200),
    ("GET", "api.list_agenda_releases"): everyone(200),
    ("GET", "api.get_speakers"): everyone(200),
    ("POST", "api.create_registration"): everyone(
        422
    ),  # public, like the form; {} is incomplete
    ("GET", "api.list_registrations"): api_manage(200),
    ("PATCH", "api.decide_registration"): api_manage(422),
    ("GET", "api.list_invitations"): api_manage(200),
    ("POST", "api.create_invitation"): api_manage(422),
    ("POST", "api.create_invitation_import"): api_manage(422),  # rows required
    ("GET", "api.get_invitation_import"): api_manage(404),  # no such import
    ("POST", "api.confirm_invitation_import"): api_manage(404),
    ("POST", "api.cancel_invitation_import"): api_manage(404),
    # --- onsite: badges (managers), check-in (can_check_in: door staff and managers)
    ("GET", "onsite.manage_badges"): manage(),
    ("GET", "onsite.badge"): holder("participant"),
    # The world's meeting has not ended and nobody attended yet: no certificate for anyone.
    ("GET", "onsite.certificate"): everyone(404),
    ("GET", "onsite.manage_checkin"): door(),
    ("POST", "onsite.manage_checkin_record"): door(REDIRECT),
    ("GET", "onsite.manage_attendance"): manage(),
    ("POST", "onsite.manage_attendance_record"): manage(422),  # email and day required
    ("POST", "onsite.manage_attendance_import"): manage(422),  # no file
    ("POST", "onsite.manage_attendance_import_confirm"): manage(404),
    ("GET", "onsite.manage_attendance_export"): manage(),
    ("GET", "api.checkin_manifest"): api_door(200),
    ("POST", "api.issue_checkin_device"): api_door(201),
    ("POST", "api.record_checkins"): api_door(422),  # [] expected, {} sent
    # --- onsite: visa support letters (the world's meeting offers them, at UN premises)
    ("GET", "onsite.visa_request"): holder("participant"),
    ("POST", "onsite.visa_request"): holder("participant", 422),  # an empty form
    # The focal point's member is pending: the page says so, a request is refused.
    ("GET", "onsite.delegation_visa_request"): holder("focal_point"),
    ("POST", "onsite.delegation_visa_request"): holder("focal_point", 409),
    ("GET", "onsite.visa_letter"): everyone(404),  # no letter issued yet
    ("GET", "onsite.verify_letter"): everyone(404),  # a code nobody was given
    ("GET", "onsite.manage_visa_list"): manage(),
    ("GET", "onsite.manage_visa_detail"): manage(),
    ("POST", "onsite.manage_visa_issue"): manage(422),  # no funding, no language
    ("POST", "onsite.manage_visa_refuse"): manage(422),  # no reason
    ("POST", "onsite.manage_visa_settings"): manage(400),  # no concern
    ("GET", "onsite.manage_grounds_pass"): manage(),
    # --- the stakeholder directory
    ("GET", "directory.processes"): everyone(200),
    ("GET", "directory.meeting_dashboard"): manage(),
    ("GET", "directory.meeting_dashboard_csv"): manage(),
    ("GET", "directory.dashboard"): directory_only(),
    ("GET", "directory.dashboard_csv"): directory_only(),
    ("GET", "directory.index"): directory_scoped(),
    ("GET", "directory.export"): directory_only(),
    ("GET", "directory.new"): directory_only(),
    ("POST", "directory.new"): directory_only(422),
    # The organisation is linked to the meeting only: to another meeting's manager it does not exist.
    ("GET", "directory.profile"): directory_scoped(elsewhere=404),
    ("GET", "directory.edit"): directory_only(),
    ("POST", "directory.edit"): directory_only(422),
    ("POST", "directory.review"): directory_only(REDIRECT),
    ("POST", "directory.merge"): directory_only(REDIRECT),
    ("GET", "directory.unmatched"): directory_only(),
    ("POST", "directory.unmatched"): directory_only(REDIRECT),
    ("GET", "directory.series_members"): directory_only(),
    ("POST", "directory.series_members"): directory_only(422),
    ("POST", "directory.series_member"): directory_only(REDIRECT),
    ("POST", "directory.memberships"): directory_only(REDIRECT),
    ("GET", "designations.manage"): {**manage(), "partnerships": 200},
    ("POST", "designations.manage_send"): {**manage(422), "partnerships": 422},
    ("POST", "designations.manage_revoke"): {
        **manage(REDIRECT),
        "partnerships": REDIRECT,
    },
    # Nobody in the matrix holds an organisation's designation link.
    ("GET", "designations.designate"): everyone(404),
    ("POST", "designations.designate_post"): everyone(404),
    ("POST", "designations.resend"): everyone(404),
    ("POST", "directory.confirm"): {
        **directory_only(REDIRECT),
        "series_manager": REDIRECT,
        "manager": REDIRECT,
    },  # fmt: skip
}


def make_world() -> dict:
    """Meeting A (published, public list, a registration, a delegation, a published
    outcome, a session, a room) with its manager; meeting B for the people from elsewhere."""
    meeting = make_meeting(
        slug="the-meeting",
        public_participant_list=True,
        capacity=100,
        visa_support=True,
        un_premises=True,
    )
    elsewhere = make_meeting(slug="another-meeting")
    users = {
        "checkin": make_user(email="door@example.org"),
        "partnerships": make_user(email="partnerships@example.org"),
        "series_manager": make_user(email="series-manager@example.org"),
        "rapporteur_elsewhere": make_user(email="rapporteur@example.org"),
        "manager_elsewhere": make_user(email="other-manager@example.org"),
        "manager": make_user(email="manager@example.org"),
        "admin": make_user(email="admin@example.org", is_admin=True),
    }
    make_role(users["rapporteur_elsewhere"], elsewhere, "rapporteur")
    make_role(users["manager_elsewhere"], elsewhere, "manager")
    make_role(users["manager"], meeting, "manager")
    grant_meeting_role(meeting, users["checkin"], "checkin", actor=users["admin"])
    db.session.add(GlobalRole(user=users["partnerships"], role="partnerships"))
    db.session.add(SeriesRole(user=users["series_manager"], series=meeting.series))
    colleague = make_role(
        make_user(email="rapporteur-here@example.org"), meeting, "rapporteur"
    )
    category = make_category(meeting)
    organisation = Organisation(
        kind="igo", name={"en": "International Organization for Migration"}
    )
    db.session.add(organisation)
    db.session.flush()
    designation = Designation(meeting=meeting, organisation=organisation,
                              category=category, sent_to="registry@example.org",
                              link_generation=1)  # fmt: skip
    db.session.add(designation)
    registration = make_registration(
        meeting,
        category=category,
        status="confirmed",
        consent_to_list=True,
        consent_at=NOW,
        represents="IOM",
        represents_id=organisation.id,
    )
    delegation, delegation_token = delegations.invite_delegation(
        meeting,
        data={"represents": "Ruritania", "focal_point_email": "focal@example.org"},
        actor=users["admin"],
        now=NOW,
    )
    member = make_registration(
        meeting, category=category, delegation=delegation, function="member"
    )
    invitation = invitations.create_invitation(
        meeting,
        data={"email": "invitee@example.org", "category": category.key},
        actor=users["admin"],
        now=NOW,
    )
    invitation_token = invitations.send_invitation(
        invitation, actor=users["admin"], now=NOW
    )
    visa_request = visa.request_letter(
        registration, data=PASSPORT, asked_by="participant",
        cipher=crypto.cipher(current_app.config), now=NOW,
    )  # fmt: skip
    question = RegistrationQuestion(
        meeting_id=meeting.id, label={"en": "Dietary needs"}, kind="text"
    )
    db.session.add(question)
    session = make_session(meeting, has_speakers_list=True)
    speaker_request = SpeakerRequest(
        session=session, registration=registration, speaking_for="Ruritania"
    )
    db.session.add(speaker_request)
    signup = SessionSignup(session=session, registration=registration,
                           status="waitlisted", created_at=NOW, status_changed_at=NOW)  # fmt: skip
    db.session.add(signup)
    proposal = SideEventProposal(
        meeting=meeting, contact_email="partner@example.org",
        title={"en": "A side event"}, organisers=["Partner"],
    )  # fmt: skip
    db.session.add(proposal)
    room = make_room(meeting)
    agenda_releases.release_agenda(
        meeting, actor=users["admin"], label="Provisional programme", now=NOW
    )
    document = outcomes.create_document(
        meeting, actor=users["admin"], data={"title": {"en": "Summary"}}, now=NOW
    )
    section = outcomes.add_section(
        document, actor=users["admin"], data={"heading": "Opening"}, now=NOW
    )
    outcomes.publish_document(document, actor=users["admin"], now=NOW)
    meeting_document = documents.create_document(
        meeting, actor=users["admin"],
        data={"kind": "information_note", "title": {"en": "Information note"},
              "visibility": "participants"},
        uploads={"en": documents.Upload("note.pdf", b"%PDF-1.4\n%%EOF\n")},
        storage=from_config(current_app.config), max_bytes=1024 * 1024, now=NOW,
        publish=True,
    )  # fmt: skip
    invitation.documents.append(meeting_document)  # the invitee may open it
    team_invitation = team_invitations.invite(
        meeting, actor=users["admin"], email="invitee@example.org", role="rapporteur",
        language="en", links=team_invitations.Links(accept=lambda token: token), now=NOW,
    )  # fmt: skip
    api_tokens = {
        role: create_token(user, "matrix", now=NOW) for role, user in users.items()
    }
    calendar_tokens = {
        role: rotate_calendar_token(user) for role, user in users.items()
    }
    db.session.commit()
    return {
        "meeting": meeting,
        "registration": registration,
        "organisation": organisation,
        "designation": designation,
        "users": users,
        "delegation": delegation,
        "delegation_token": delegation_token,
        "invitation": invitation,
        "invitation_token": invitation_token,
        "member": member,
        "visa": visa_request,
        "question": question,
        "session": session,
        "speaker_request_id": speaker_request.id,
        "signup_id": signup.id,
        "proposal_id": proposal.id,
        "room": room,
        "document": document,
        "meeting_document": meeting_document,
        "section": section,
        "colleague_role": colleague,
        "team_invitation": team_invitation,
        "api_tokens": api_tokens,
        "calendar_tokens": calendar_tokens,
    }


def url_values(rule: Rule, world: dict, role: str) -> dict:
    """The URL arguments of a route, from the world, as this role would know them."""
    meeting = world["meeting"]
    # A link this role does not have: well formed, with a MAC of nothing.
    token = f"{links.new_public_id()}.{secrets.token_urlsafe(16)}"
    if role == "participant" and rule.rule.startswith("/registrations/"):
        token = world["registration"].plain_token
    elif role == "participant" and rule.rule.startswith("/invitations/"):
        token = world["invitation_token"]
    elif role == "focal_point" and rule.rule.startswith("/delegations/"):
        token = world["delegation_token"]
    elif role in world["calendar_tokens"] and rule.endpoint == "calendar.private_feed":
        token = world["calendar_tokens"][role]
    known = {
        "slug": meeting.series.slug if "/series/" in rule.rule else meeting.slug,
        "registration_id": world["registration"].id,
        "category_id": world["registration"].category_id,
        "delegation_id": world["delegation"].id,
        # an invitation to register, or to the meeting's team (auth.*)
        "invitation_id": world["invitation"].id
        if rule.endpoint.startswith("invitations.")
        else world["team_invitation"].id,
        "key": "0" * 32,  # an import preview that does not exist
        "import_id": 2**31 - 2,  # nor through the API
        "ref": delegations.member_ref(world["member"]),
        "question_id": world["question"].id,
        "visa_id": world["visa"].id,
        "session_id": world["session"].id,
        "room_id": world["room"].id,
        "doc": world["document"].slug,
        "section_id": world["section"].id,
        "number": 1,
        "document_id": world["meeting_document"].id,
        "lang": "en",
        "organisation_id": world["organisation"].id,
        "format": "csv",
        "chart": "returning",
        "filename": "note.pdf",
        "fmt": "csv",
        "file_id": world["meeting_document"].files[0].id,
        "role_id": world["colleague_role"].id,
        "user_id": world["users"]["manager"].id,
        "token_id": world["api_tokens"]["manager"][0].id,  # the manager's own API token
        "action": {
            "agenda.manage_session_status": "cancel",
            "agenda.manage_speaker_action": "call",
            "agenda.manage_speakers_publish": "publish",
        }.get(rule.endpoint, "approve"),
        "signup_id": world["signup_id"],
        "request_id": world["speaker_request_id"],
        "proposal_id": world["proposal_id"],
        "designation_id": world["designation"].id,
    }
    # A secret comes only for a route that declares it (eventsys.secret_urls).
    known.update(dict.fromkeys(secret_params(current_app, rule.endpoint), token))
    missing = set(rule.arguments) - set(known)
    assert not missing, f"add URL values for {rule.endpoint}: {sorted(missing)}"
    return {name: known[name] for name in rule.arguments}


def routes(app) -> dict[tuple[str, str], Rule]:
    found = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in NOT_REQUESTED:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found[(method, rule.endpoint)] = rule
    return found


def check(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and "/login" in response.headers["Location"]
    if expected == REDIRECT:
        return (
            response.status_code in (302, 303)
            and "/login" not in response.headers["Location"]
        )
    return response.status_code == expected


def run_order(key: tuple[str, str]) -> tuple:
    method, endpoint = key
    if method == "GET":
        return (0, 0, endpoint)
    if endpoint in LAST:
        return (2, LAST.index(endpoint), endpoint)
    return (1, 0, endpoint)


def sign_in(client, world: dict, role: str) -> None:
    if role in world["users"]:
        response = client.post(
            "/login", data={"email": world["users"][role].email, "password": PASSWORD}
        )
        assert response.status_code == 302


def send(client, method: str, path: str, world: dict, role: str):
    headers = {}
    if path.startswith("/api/"):
        if role in world["api_tokens"]:
            headers["Authorization"] = "Bearer " + world["api_tokens"][role][1]
        body = {} if method == "GET" else {"json": {}}
    else:
        body = {} if method == "GET" else {"data": {}}
    return client.open(path, method=method, headers=headers, **body)


def test_every_route_has_a_row(app):
    present = set(routes(app))
    assert sorted(present - set(EXPECTED)) == [], "routes without a row in EXPECTED"
    assert sorted(set(EXPECTED) - present) == [], "rows for routes that do not exist"
    assert all(set(row) == set(ROLES) for row in EXPECTED.values())
    assert set(LAST) <= {endpoint for _method, endpoint in EXPECTED}


@pytest.mark.parametrize("role", ROLES)
def test_route_matrix(app, role):
    world = make_world()
    client = app.test_client()
    sign_in(client, world, role)
    table = routes(app)
    wrong = []
    for key in sorted(
        (k for k in EXPECTED if k in table and k != ("POST", "auth.logout")),
        key=run_order,
    ):
        method, endpoint = key
        rule = table[key]
        path = rule.build(url_values(rule, world, role), append_unknown=False)[1]
        response = send(client, method, path, world, role)
        if not check(response, EXPECTED[key][role]):
            wrong.append(
                f"{method} {path}: {response.status_code}, expected {EXPECTED[key][role]}"
            )
    assert wrong == []
    if role != "manager":  # nobody else can revoke the manager's API token
        token = db.session.get(ApiToken, world["api_tokens"]["manager"][0].id)
        assert token.revoked_at is None


@pytest.mark.parametrize("role", ROLES)
def test_logout_for_every_role(app, role):
    world = make_world()
    client = app.test_client()
    sign_in(client, world, role)
    assert check(client.post("/logout"), EXPECTED[("POST", "auth.logout")][role])


# JSON API endpoints that authenticate with a Bearer token, not a cookie: exempt from CSRF.
# The one-click unsubscribe (RFC 8058) is POSTed by mail clients without a form:
# its signed token in the path is the authority, and it only opts out of messages.
CSRF_EXEMPT = {
    "api.create_registration",
    "api.decide_registration",
    "api.create_invitation",
    "api.create_invitation_import",
    "api.confirm_invitation_import",
    "api.cancel_invitation_import",
    "comms.unsubscribe",
}


@pytest.fixture
def csrf_app(tmp_path):
    app = create_app(base_config(tmp_path, WTF_CSRF_ENABLED=True))
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


@pytest.mark.parametrize("role", ["anonymous", "participant", "focal_point", "admin"])
def test_csrf_refused(csrf_app, role):
    """With CSRF on, every state-changing HTML route refuses a request without a token."""
    world = make_world()
    client = csrf_app.test_client()
    if role == "admin":
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        response = client.post(
            "/login",
            data={
                "email": "admin@example.org",
                "password": PASSWORD,
                "csrf_token": token,
            },
        )
        assert response.status_code == 302
    counts_before = _counts()
    table = routes(csrf_app)
    wrong = []
    for (method, endpoint), rule in sorted(table.items()):
        if method == "GET" or endpoint in CSRF_EXEMPT:
            continue
        path = rule.build(url_values(rule, world, role), append_unknown=False)[1]
        response = client.open(path, method=method, data={})
        if response.status_code != 400:
            wrong.append(f"{method} {path}: {response.status_code}")
    assert wrong == []
    assert _counts() == counts_before
    assert {endpoint for (method, endpoint) in table if method != "GET"} >= CSRF_EXEMPT


def _counts() -> dict:
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def draft_expectation(rule: Rule, role: str):
    """On a draft meeting, outsiders learn nothing: 404, after the sign-in or token check."""
    if rule.rule.startswith("/manage/") and role not in SIGNED_IN:
        return LOGIN
    if (
        rule.endpoint
        in {
            "api.list_registrations",
            "api.decide_registration",
            "api.list_invitations",
            "api.create_invitation",
            "api.create_invitation_import",
            "api.get_invitation_import",
            "api.confirm_invitation_import",
            "api.cancel_invitation_import",
            "api.checkin_manifest",
            "api.issue_checkin_device",
            "api.record_checkins",
        }
        and role not in SIGNED_IN
    ):
        return 401
    return 404


@pytest.mark.parametrize(
    "role", ["anonymous", "participant", "rapporteur_elsewhere", "manager_elsewhere"]
)
def test_draft_meeting_is_404_for_outsiders(app, role):
    world = make_world()
    world["meeting"].status = "draft"
    db.session.commit()
    client = app.test_client()
    sign_in(client, world, role)
    wrong = []
    for (method, _endpoint), rule in sorted(
        routes(app).items(), key=lambda item: run_order(item[0])
    ):
        if (
            "slug" not in rule.arguments
            or rule.rule.startswith("/series/")
            or "/series/" in rule.rule
        ):
            continue
        path = rule.build(url_values(rule, world, role), append_unknown=False)[1]
        response = send(client, method, path, world, role)
        if not check(response, draft_expectation(rule, role)):
            wrong.append(
                f"{method} {path}: {response.status_code}, expected {draft_expectation(rule, role)}"
            )
    assert wrong == []


OBJECT_ARGUMENTS = {
    "registration_id",
    "category_id",
    "delegation_id",
    "question_id",
    "session_id",
    "room_id",
    "doc",
    "section_id",
    "document_id",
    "file_id",
    "role_id",
    "invitation_id",
}


def test_objects_of_one_meeting_are_404_under_another(app):
    """The manager of meeting B cannot reach meeting A's objects through B's address (no IDOR)."""
    world = make_world()
    client = app.test_client()
    sign_in(client, world, "manager_elsewhere")
    wrong = []
    for (method, _endpoint), rule in sorted(
        routes(app).items(), key=lambda item: run_order(item[0])
    ):
        if "slug" not in rule.arguments or not OBJECT_ARGUMENTS & set(rule.arguments):
            continue
        values = {
            **url_values(rule, world, "manager_elsewhere"),
            "slug": "another-meeting",
        }
        path = rule.build(values, append_unknown=False)[1]
        response = send(client, method, path, world, "manager_elsewhere")
        if response.status_code != 404:
            wrong.append(f"{method} {path}: {response.status_code}")
    assert wrong == []
    db.session.expire_all()
    assert (
        world["registration"].status == "confirmed"
        and world["registration"].anonymised_at is None
    )


# 20 digits: past every integer type; SQLite cannot even bind it (integer overflow).
HUGE_ID = 10**20 - 1


def int_arguments(rule: Rule) -> list[str]:
    return sorted(
        name
        for name, converter in rule._converters.items()
        if isinstance(converter, IntegerConverter)
    )


@pytest.mark.parametrize("role", ["admin", "participant", "focal_point"])
def test_ids_past_every_integer_are_404(app, role):
    """Every route with an <int:> argument, one argument at a time made 20 digits
    long: as admin a GET is a 404, and nothing is a 500 for anyone (the holders of
    a link reach what is behind it). The loaders of eventsys/lookup.py refuse an
    id past MAX_ID: SQLite cannot even bind one."""
    world = make_world()
    client = app.test_client()
    sign_in(client, world, role)
    wrong, tried = [], 0
    for (method, _endpoint), rule in sorted(
        routes(app).items(), key=lambda item: run_order(item[0])
    ):
        for name in int_arguments(rule):
            values = {**url_values(rule, world, role), name: HUGE_ID}
            path = rule.build(values, append_unknown=False)[1]
            status = send(client, method, path, world, role).status_code
            tried += method == "GET"
            if status >= 500 or (role, method) == ("admin", "GET") and status != 404:
                wrong.append(f"{method} {path} ({name}): {status}")
    assert wrong == [], "\n".join(wrong)
    assert tried > 20
