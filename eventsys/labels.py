"""Human labels for stored codes (statuses, kinds, roles), all translatable."""

from flask_babel import lazy_gettext as _l

STATUS = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "cancelled": _l("Cancelled"),
    "scheduled": _l("Scheduled"),
    "pending": _l("Pending approval"),
    "waitlisted": _l("Waiting list"),
    "confirmed": _l("Confirmed"),
    "rejected": _l("Rejected"),
    "in_review": _l("In review"),
    "invited": _l("Invited"),
    "nominated": _l("Nominated"),
    "accredited": _l("Accredited"),
    "open": _l("Registration open"),
    "closed": _l("Registration closed"),
    "full": _l("Full: waiting list"),
    "not_open": _l("Registration not yet open"),
    "invitation": _l("By invitation"),
    "sent": _l("Sent"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "revoked": _l("Revoked"),
    "requested": _l("Requested"),
    "withdrawn": _l("Withdrawn"),
}
FORMAT = {
    "in_person": _l("In person"),
    "virtual": _l("Virtual"),
    "hybrid": _l("Hybrid"),
}
ATTENDANCE = {"in_person": _l("In person"), "online": _l("Online")}
SERIES_KIND = {
    "dialogue": _l("Dialogue"),
    "global_meeting": _l("Global meeting"),
    "rcp": _l("Regional consultative process"),
    "interregional_forum": _l("Interregional forum"),
    "civil_society": _l("Civil society consultation"),
    "other": _l("Other"),
}
SESSION_KIND = {
    "opening": _l("Opening"),
    "plenary": _l("Plenary"),
    "panel": _l("Panel"),
    "breakout": _l("Breakout"),
    "side_event": _l("Side event"),
    "break": _l("Break"),
    "closing": _l("Closing"),
}
AGENDA_VISIBILITY = {
    "always": _l("every change public at once"),
    "released": _l("latest release only"),
}
SESSION_LANGUAGE = {
    "en": _l("English"),
    "fr": _l("French"),
    "es": _l("Spanish"),
    "ar": _l("Arabic"),
    "zh": _l("Chinese"),
    "ru": _l("Russian"),
    "pt": _l("Portuguese"),
    "sgn": _l("International Sign"),
}
PROPOSAL_FORMAT = {
    "in_person": _l("In person"),
    "online": _l("Online"),
    "hybrid": _l("Hybrid"),
}
PROPOSAL_STATUS = {
    "submitted": _l("Submitted"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
}
GENDER = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "another": _l("Another gender"),
    "prefer_not_to_say": _l("Prefer not to say"),
}
GENDER_OR_NOT_GIVEN = {**GENDER, "not_given": _l("Not given")}
SIGNUP_STATUS = {
    "confirmed": _l("Place confirmed"),
    "waitlisted": _l("On the waiting list"),
    "cancelled": _l("Cancelled"),
}
SPEAKER_LEVEL = {
    "head_of_state_or_government": _l("Head of State or Government"),
    "vice_president_or_crown_prince": _l("Vice-President or Crown Prince"),
    "deputy_prime_minister": _l("Deputy Prime Minister"),
    "minister": _l("Minister"),
    "vice_minister": _l("Vice-Minister"),
    "head_of_delegation": _l("Head of delegation"),
    "other": _l("Other"),
}
SPEAKER_STATUS = {
    "requested": _l("Requested"),
    "inscribed": _l("Inscribed"),
    "called": _l("Called"),
    "spoken": _l("Has spoken"),
    "absent": _l("Absent when called"),
    "withdrawn": _l("Withdrawn"),
}
PERSON_ROLE = {
    "chair": _l("Chair"),
    "moderator": _l("Moderator"),
    "speaker": _l("Speaker"),
    "panelist": _l("Panellist"),
    "keynote": _l("Keynote speaker"),
    "rapporteur": _l("Rapporteur"),
}
FUNCTION = {
    "head_of_delegation": _l("Head of delegation"),
    "alternate": _l("Alternate"),
    "adviser": _l("Adviser"),
    "member": _l("Member"),
}
SECTION_KIND = {
    "summary": _l("Summary"),
    "good_practice": _l("Good practices"),
    "lesson_learned": _l("Lessons learned"),
    "recommendation": _l("Recommendations"),
    "background": _l("Background"),
}
DOCUMENT_KIND = {
    "red_book": _l("Red Book"),
    "chair_summary": _l("Chair's summary"),
    "session_report": _l("Session report"),
    "recommendations": _l("Recommendations"),
}
MEETING_DOCUMENT_KIND = {
    "concept_note": _l("Concept note"),
    "information_note": _l("Information note for participants"),
    "programme": _l("Programme"),
    "background_paper": _l("Background papers"),
    "statement": _l("Statements"),
    "presentation": _l("Presentations"),
    "report": _l("Reports"),
    "note_verbale": _l("Note verbale"),
    "credentials": _l("Credentials"),
    "other": _l("Other documents"),
}
DOCUMENT_VISIBILITY = {
    "public": _l("Public"),
    "participants": _l("Registered participants"),
    "secretariat": _l("Secretariat only"),
}
MEETING_ROLE = {
    "manager": _l("Manager"),
    "rapporteur": _l("Rapporteur"),
    "checkin": _l("Door staff (check-in)"),
}


def label(table: dict, code: str) -> str:
    return str(table.get(code, code))


def template_globals() -> dict:
    return {
        "status_label": lambda code: label(STATUS, code),
        "format_label": lambda code: label(FORMAT, code),
        "attendance_label": lambda code: label(ATTENDANCE, code),
        "series_kind_label": lambda code: label(SERIES_KIND, code),
        "session_kind_label": lambda code: label(SESSION_KIND, code),
        "role_label": lambda code: label(PERSON_ROLE, code),
        "function_label": lambda code: label(FUNCTION, code),
        "section_kind_label": lambda code: label(SECTION_KIND, code),
        "document_kind_label": lambda code: label(DOCUMENT_KIND, code),
        "meeting_role_label": lambda code: label(MEETING_ROLE, code),
        "meeting_document_kind_label": lambda code: label(MEETING_DOCUMENT_KIND, code),
        "visibility_label": lambda code: label(DOCUMENT_VISIBILITY, code),
        "organisation_kind_label": lambda code: label(ORGANISATION_KIND, code),
        "vetting_label": lambda code: label(VETTING_STATUS, code),
        "membership_label": lambda code: label(MEMBERSHIP_STATUS, code),
        "session_language_label": lambda code: label(SESSION_LANGUAGE, code),
        "signup_status_label": lambda code: label(SIGNUP_STATUS, code),
        "proposal_status_label": lambda code: label(PROPOSAL_STATUS, code),
        "gender_label": lambda code: label(GENDER_OR_NOT_GIVEN, code),
        "proposal_format_label": lambda code: label(PROPOSAL_FORMAT, code),
        "speaker_level_label": lambda code: label(SPEAKER_LEVEL, code),
        "speaker_status_label": lambda code: label(SPEAKER_STATUS, code),
    }


ORGANISATION_KIND = {
    "state": _l("State"),
    "un_entity": _l("United Nations entity"),
    "igo": _l("Intergovernmental organization"),
    "ngo": _l("Non-governmental organization"),
    "diaspora_organisation": _l("Diaspora organization"),
    "faith_based_organisation": _l("Faith-based organization"),
    "trade_union_or_professional_association": _l(
        "Trade union or professional association"
    ),
    "red_cross_red_crescent": _l("Red Cross and Red Crescent Movement"),
    "academia_research": _l("Academia and research"),
    "media": _l("Media"),
    "foundation": _l("Foundation"),
    "emerging_actor": _l("Emerging actor"),
    "private_sector": _l("Private sector"),
    "local_government": _l("Local or regional government"),
    "iscm": _l("Inter-State consultation mechanism"),
    "other": _l("Other"),
}
VETTING_STATUS = {
    "not_vetted": _l("Not vetted"),
    "in_review": _l("In review"),
    "approved": _l("Approved"),
    "declined": _l("Declined"),
    "expired": _l("Expired"),
}
MEMBERSHIP_STATUS = {"member": _l("Member"), "observer": _l("Observer")}
