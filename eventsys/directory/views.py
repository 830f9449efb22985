"""The directory pages (/manage/directory/...): thin, the service decides.

Partnerships officers and admins see and edit everything. A meeting or
series manager sees the organisations linked to the meetings they manage,
with vetting status and expiry only; anybody else gets a 403.
"""

from datetime import date

import sqlalchemy as sa
from flask import Blueprint
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_login import login_required
from markupsafe import Markup

from eventsys import exports
from eventsys import labels
from eventsys import lookup
from eventsys.audit.service import record
from eventsys.auth.permissions import can_use_directory
from eventsys.auth.permissions import require
from eventsys.directory import dashboards
from eventsys.directory import forms
from eventsys.directory import queries
from eventsys.directory import regions
from eventsys.directory import service
from eventsys.directory import vetting
from eventsys.directory.charts import svg
from eventsys.directory.models import ORGANISATION_KINDS
from eventsys.directory.models import VETTING_STATUSES
from eventsys.directory.models import Organisation
from eventsys.errors import NotFound
from eventsys.extensions import db
from eventsys.forms import run_service
from eventsys.i18n import current_language
from eventsys.i18n import localized
from eventsys.meetings import queries as meeting_queries
from eventsys.meetings.models import Meeting
from eventsys.meetings.models import Series
from eventsys.models import utcnow
from eventsys.pagination import paginate
from eventsys.privacy import service as privacy
from eventsys.registration import countries
from eventsys.registration.models import Registration

bp = Blueprint("directory", __name__)
PER_PAGE = 50
EXPORT_LIMIT = 50_000


def _scope():
    """None (the whole directory) or the select of the meetings the user manages.

    Raises: PermissionDenied for anyone who is neither.
    """
    if can_use_directory(current_user):
        return None
    meeting_ids = queries.managed_meeting_ids(current_user)
    require(db.session.scalar(sa.select(sa.exists(meeting_ids.subquery()))) or False)
    return meeting_ids


def _filters() -> queries.Filters:
    args = request.args
    kind = args.get("kind", "")
    vetting_status = args.get("vetting", "")
    country = args.get("country", "").upper()
    region = args.get("region", "")
    return queries.Filters(
        q=args.get("q", "")[:100],
        kind=kind if kind in ORGANISATION_KINDS else "",
        country=country if countries.is_known(country) else "",
        region=region if region in regions.regions() + regions.subregions() else "",
        vetting=vetting_status if vetting_status in VETTING_STATUSES else "",
        tag=args.get("tag", "")[:60],
        meeting_id=_int(args.get("meeting")),
        series_id=_int(args.get("series")),
    )


def _int(raw) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else None


def _today() -> date:
    return utcnow().date()


@bp.get("/manage/directory/")
@login_required
def index():
    scope = _scope()
    filters = _filters()
    page = paginate(
        queries.directory(filters, today=_today(), meeting_ids=scope), per_page=PER_PAGE
    )
    return render_template(
        "directory/index.html", page=page, filters=filters, full=scope is None,
        today=_today(), **_filter_choices(scope),
    )  # fmt: skip


def _filter_choices(scope) -> dict:
    language = current_language()
    meetings = sa.select(Meeting).order_by(Meeting.starts_at.desc())
    if scope is not None:
        meetings = meetings.where(Meeting.id.in_(scope))
    return {
        "kinds": labels.ORGANISATION_KIND,
        "statuses": labels.VETTING_STATUS,
        "country_choices": countries.choices(language),
        "region_choices": [(c, regions.name(c, language)) for c in regions.regions()]
        + [(c, "— " + regions.name(c, language)) for c in regions.subregions()],
        "meetings": db.session.scalars(meetings.limit(200)).all(),
        "series": db.session.scalars(sa.select(Series).order_by(Series.acronym)).all()
        if scope is None
        else [],
    }


@bp.get("/manage/directory/export.<format>")
@login_required
def export(format: str):
    require(can_use_directory(current_user))
    if format not in exports.FORMATS:
        raise NotFound(_("No such format."))
    filters = _filters()
    query = queries.directory(filters, today=_today()).limit(EXPORT_LIMIT)
    language = current_language()
    header = [_("Number"), _("Name"), _("Acronym"), _("Kind"), _("Country"),
              _("Region"), _("Vetting"), _("Vetting expires"), _("Website"), _("Tags")]  # fmt: skip
    rows = [
        [o.id, o.display_name(language), localized(o.acronym), labels.ORGANISATION_KIND[o.kind],
         countries.name(o.country, language) if o.country else "",
         regions.name(regions.region_of(o.country), language) if o.country else "",
         labels.VETTING_STATUS[o.vetting_in_force(_today())],
         o.vetting_expires_on.isoformat() if o.vetting_expires_on else "",
         o.website, ", ".join(o.tags or [])]
        for o in db.session.scalars(query)
    ]  # fmt: skip
    record(
        "directory.export",
        actor=current_user,
        after={"rows": len(rows), "format_": format},
    )
    db.session.commit()
    return exports.as_response(
        exports.write_table(header, rows, format, name="directory")
    )


@bp.route("/manage/directory/new", methods=["GET", "POST"])
@login_required
def new():
    require(can_use_directory(current_user))
    form = forms.OrganisationForm()
    form.set_country_choices(current_language())
    if not form.validate_on_submit():
        return render_template("directory/edit.html", form=form, organisation=None), (
            422 if form.is_submitted() else 200
        )
    organisation, error = run_service(
        lambda: service.create_organisation(
            form.to_data(), actor=current_user, now=utcnow()
        ),
        form=form,
    )
    if error:
        return render_template(
            "directory/edit.html", form=form, organisation=None
        ), error.status
    flash(_("Organisation added to the directory."), "success")
    return redirect(url_for("directory.profile", organisation_id=organisation.id))


def _visible(organisation_id: int, scope) -> Organisation:
    """The organisation if the user's scope holds it (404 otherwise)."""
    organisation = service.get_organisation(organisation_id)
    if scope is not None:
        linked = db.session.scalar(
            sa.select(sa.exists().where(
                queries.linked_to_meetings(scope).subquery().c[0] == organisation.id))
        )  # fmt: skip
        if not linked:
            raise NotFound(_("No such organisation."))
    return organisation


@bp.get("/manage/directory/<int:organisation_id>")
@login_required
def profile(organisation_id: int):
    scope = _scope()
    organisation = _visible(organisation_id, scope)
    if organisation.merged_into_id:
        return redirect(
            url_for("directory.profile", organisation_id=organisation.merged_into_id)
        )
    full = scope is None
    registrations = db.session.execute(
        queries.registrations_by_meeting(organisation.id, scope)).all()  # fmt: skip
    delegations = db.session.execute(
        queries.delegations_of(organisation.id, scope)
    ).all()
    functions: dict[int, dict] = {}
    if delegations:
        for delegation_id, function, count in db.session.execute(
            queries.delegation_functions([d.id for d, _m in delegations])
        ):
            functions.setdefault(delegation_id, {})[function] = count
    speakers = db.session.execute(queries.speakers_of(organisation.id, scope)).all()
    spoke_at = db.session.execute(queries.spoke_at(organisation.id, scope)).all()
    documents = db.session.execute(queries.documents_of(organisation.id, scope)).all()
    contributions = db.session.execute(
        queries.contributions_of(organisation.id, scope)
    ).all()
    side_events = db.session.execute(
        queries.side_events_of(organisation.id, scope)
    ).all()
    context = {
        "organisation": organisation,
        "full": full,
        "today": _today(),
        "timeline": _timeline(
            registrations,
            delegations,
            speakers,
            spoke_at,
            documents,
            contributions,
            side_events,
        ),
        "functions": functions,
    }
    if full:
        versions = current_app.config["EVENTSYS_DIRECTORY_NOTICE_VERSIONS"]
        cutoff = privacy.retention_cutoff(
            current_app.config.get("EVENTSYS_PRIVACY_RETENTION") or "", utcnow()
        )
        context.update(
            contacts=db.session.execute(
                queries.contacts_of(organisation.id, notice_versions=versions,
                                    retention_cutoff=cutoff)).all(),
            held=db.session.execute(queries.pending_held(organisation.id)).all(),
            review_form=forms.review_form_class()(),
            criteria=vetting.criteria(),
            merge_form=forms.MergeForm(),
            memberships=db.session.scalars(queries.memberships_of(organisation.id)).all(),
            all_series=db.session.scalars(meeting_queries.list_series()).all(),
            membership_form=forms.MembershipForm(),
            reviews=db.session.scalars(queries.reviews_of(organisation.id)).all(),
        )  # fmt: skip
    # Rendered before the commit, which would expire every loaded row.
    page = render_template("directory/profile.html", **context)
    record("directory.view", actor=current_user, obj=organisation)
    db.session.commit()
    return page


def _timeline(
    registrations,
    delegations,
    speakers,
    spoke_at=(),
    documents=(),
    contributions=(),
    side_events=(),
) -> list[dict]:
    """One entry per meeting, newest first: what the organisation did there."""
    meetings: dict[int, dict] = {}

    def entry(meeting):
        return meetings.setdefault(meeting.id, {"meeting": meeting, "registrations": [],
                                                "delegations": [], "speakers": [], "spoke_at": [],
                                                "documents": [], "contributions": [],
                                                "side_events": []})  # fmt: skip

    for document, meeting in documents:
        entry(meeting)["documents"].append(document)
    for outcome, meeting in contributions:
        entry(meeting)["contributions"].append(outcome)
    for session, meeting in side_events:
        entry(meeting)["side_events"].append(session)

    for meeting, category, function, status, count in registrations:
        entry(meeting)["registrations"].append(
            {"category": category, "function": function, "status": status, "count": count})  # fmt: skip
    for delegation, meeting in delegations:
        entry(meeting)["delegations"].append(delegation)
    for person, session, meeting in speakers:
        entry(meeting)["speakers"].append({"person": person, "session": session})
    for session, meeting in spoke_at:
        entry(meeting)["spoke_at"].append(session)
    return sorted(meetings.values(), key=lambda e: (e["meeting"].starts_at, e["meeting"].id),
                  reverse=True)  # fmt: skip


@bp.route("/manage/directory/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(organisation_id: int):
    require(can_use_directory(current_user))
    organisation = service.get_organisation(organisation_id)
    form = forms.OrganisationForm(
        data=_form_values(organisation) if request.method == "GET" else None)  # fmt: skip
    form.set_country_choices(current_language())
    if organisation.kind == "state":
        form.kind.choices = [("state", labels.ORGANISATION_KIND["state"])]
        form.country.choices = [
            (organisation.iso_code, countries.name(organisation.iso_code))
        ]
    if not form.validate_on_submit():
        return render_template(
            "directory/edit.html", form=form, organisation=organisation
        ), (422 if form.is_submitted() else 200)
    _result, error = run_service(
        lambda: service.update_organisation(organisation, form.to_data(),
                                            actor=current_user, now=utcnow()),
        form=form,
    )  # fmt: skip
    if error:
        return render_template(
            "directory/edit.html", form=form, organisation=organisation
        ), error.status
    flash(_("Organisation saved."), "success")
    return redirect(url_for("directory.profile", organisation_id=organisation.id))


def _form_values(organisation: Organisation) -> dict:
    values = {"kind": organisation.kind, "country": organisation.country,
              "website": organisation.website, "description": organisation.description,
              "secretariat": organisation.secretariat,
              "aliases": "\n".join(organisation.aliases or []),
              "tags": "\n".join(organisation.tags or []),
              "contacts": "\n".join(f"{c['duty_station']}: {c['email']}" for c in organisation.contacts or [])}  # fmt: skip
    for language in service.LANGUAGES:
        values[f"name_{language}"] = organisation.name.get(language, "")
        values[f"acronym_{language}"] = (organisation.acronym or {}).get(language, "")
    return values


@bp.post("/manage/directory/<int:organisation_id>/review")
@login_required
def review(organisation_id: int):
    require(can_use_directory(current_user))
    organisation = service.get_organisation(organisation_id)
    _result, error = run_service(
        lambda: service.record_review(
            organisation, dict(request.form), actor=current_user, now=utcnow()
        )
    )
    if error is None:
        flash(_("Vetting review recorded."), "success")
    return redirect(
        url_for("directory.profile", organisation_id=organisation_id) + "#vetting"
    )


@bp.post("/manage/directory/<int:organisation_id>/merge")
@login_required
def merge(organisation_id: int):
    require(can_use_directory(current_user))
    source = service.get_organisation(organisation_id)
    form = forms.MergeForm()
    if not form.validate_on_submit() or form.target_id.data is None:
        flash(_("Give the number of the organisation to merge into."), "error")
        return redirect(url_for("directory.profile", organisation_id=organisation_id))
    target = service.get_organisation(form.target_id.data)
    _result, error = run_service(
        lambda: service.merge(source, target, actor=current_user, now=utcnow())
    )
    if error:
        return redirect(url_for("directory.profile", organisation_id=organisation_id))
    flash(_("Organisations merged."), "success")
    return redirect(url_for("directory.profile", organisation_id=target.id))


@bp.route("/manage/directory/unmatched", methods=["GET", "POST"])
@login_required
def unmatched():
    require(can_use_directory(current_user))
    if request.method == "POST":
        form = forms.LinkForm()
        if form.validate_on_submit() and form.text.data:
            _link(form)
        else:
            flash(_("Choose an organisation or a kind."), "error")
        return redirect(url_for("directory.unmatched"))
    groups = service.unmatched_names(limit=100)
    ids = {m.organisation_id for g in groups for m in g["likely"]}
    names = {o.id: o for o in db.session.scalars(
        sa.select(Organisation).where(Organisation.id.in_(ids)))} if ids else {}  # fmt: skip
    return render_template("directory/unmatched.html", groups=groups, names=names,
                           kinds=forms.TYPED_KINDS)  # fmt: skip


def _link(form) -> None:
    text = form.text.data[:200]
    if form.action.data == "create":
        kind = form.kind.data if form.kind.data in ORGANISATION_KINDS else "other"
        _result, error = run_service(
            lambda: service.create_from_unmatched(text, kind, actor=current_user, now=utcnow()))  # fmt: skip
    else:
        if form.organisation_id.data is None:
            flash(_("Choose an organisation or a kind."), "error")
            return
        organisation = service.get_organisation(form.organisation_id.data)
        _result, error = run_service(
            lambda: service.link_unmatched(text, organisation, actor=current_user, now=utcnow()))  # fmt: skip
    if error is None:
        flash(_("Registrations linked."), "success")


@bp.post("/manage/meetings/<slug>/registrations/<int:registration_id>/organisation")
@login_required
def confirm(slug: str, registration_id: int):
    """A manager or partnerships officer confirms whom a person represents."""
    meeting = lookup.get_visible_meeting(slug, current_user)
    registration = lookup.get_of_meeting(Registration, registration_id, meeting,
                                         _("No such registration."))  # fmt: skip
    form = forms.ConfirmForm()
    form.validate_on_submit()
    organisation = (
        service.get_organisation(form.organisation_id.data)
        if form.organisation_id.data is not None
        else None
    )
    _result, error = run_service(
        lambda: service.confirm_link(
            registration, organisation, actor=current_user, now=utcnow()
        )
    )
    if error is None:
        flash(_("Link to the organisation confirmed."), "success")
    target = request.form.get("next", "")
    if target.startswith("/manage/") and "//" not in target:
        return redirect(target)
    return redirect(
        url_for("registration.manage_edit", slug=slug, registration_id=registration_id)
    )


# ------------------------------------------------------------- memberships


def _series_or_404(slug: str) -> Series:
    return db.first_or_404(meeting_queries.get_series_by_slug(slug[:80]))


@bp.route("/manage/series/<slug>/members", methods=["GET", "POST"])
@login_required
def series_members(slug: str):
    """A series' member and observer States and organisations; bulk add of States."""
    require(can_use_directory(current_user))
    series = _series_or_404(slug)
    form = forms.AddStatesForm()
    status = 200
    if form.is_submitted():
        result, error = (None, None)
        if form.validate():
            result, error = run_service(
                lambda: service.add_states(series, form.states.data, form.status.data,
                                           actor=current_user, now=utcnow()),
                form=form,
            )  # fmt: skip
        if result is not None:
            flash(ngettext("%(num)d State added.", "%(num)d States added.",
                           len(result["added"])), "success")  # fmt: skip
            if result["unknown"]:
                flash(_("Not recognised as States: %(names)s",
                        names="; ".join(result["unknown"])), "error")  # fmt: skip
            return redirect(url_for("directory.series_members", slug=series.slug))
        status = error.status if error else 422
    members = db.session.execute(queries.members_of_series([series.id])).all()
    return render_template("directory/series_members.html", series=series, form=form,
                           members=members,
                           mechanism=db.session.scalar(queries.mechanism_of(series.id)),
                           membership_form=forms.MembershipForm()), status  # fmt: skip


@bp.post("/manage/series/<slug>/members/<int:organisation_id>")
@login_required
def series_member(slug: str, organisation_id: int):
    """Change or end one organisation's membership of the series."""
    require(can_use_directory(current_user))
    series = _series_or_404(slug)
    _set_membership(service.get_organisation(organisation_id), series)
    return redirect(url_for("directory.series_members", slug=series.slug))


@bp.post("/manage/directory/<int:organisation_id>/memberships")
@login_required
def memberships(organisation_id: int):
    """From an organisation's page: make it a member of a series, or not."""
    require(can_use_directory(current_user))
    organisation = service.get_organisation(organisation_id)
    series = _chosen_series(forms.MembershipForm())
    if series is None:
        flash(_("Choose a series from the list."), "error")
    else:
        _set_membership(organisation, series)
    return redirect(
        url_for("directory.profile", organisation_id=organisation.id) + "#memberships"
    )


def _chosen_series(form) -> Series | None:
    """The series the form names, if it exists (a hostile number is None, not a 500)."""
    number = form.series_id.data if form.validate() else None
    return db.session.get(Series, number) if lookup.plausible_id(number) else None


def _set_membership(organisation, series) -> None:
    form = forms.MembershipForm()
    status = form.status.data if form.validate() else ""
    _result, error = run_service(
        lambda: service.set_membership(organisation, series,
                                       None if status == "none" else status,
                                       actor=current_user, now=utcnow())
    )  # fmt: skip
    if error is None:
        flash(_("Membership saved."), "success")


@bp.context_processor
def _helpers():
    language = current_language()
    return {
        "country_name": lambda code: countries.name(code, language),
        "region_name": lambda code: regions.name(code, language),
    }


@bp.get("/processes/")
def processes():
    """The public directory of inter-State consultation mechanisms on migration."""
    mechanisms = db.session.scalars(queries.processes()).all()
    series_ids = [m.series_id for m in mechanisms if m.series_id]
    members: dict[int, list] = {}
    if series_ids:
        for series_id, member, status in db.session.execute(
            queries.members_of_series(series_ids)
        ):
            members.setdefault(series_id, []).append((member, status))
    return render_template(
        "directory/processes.html", mechanisms=mechanisms, members=members
    )


# -------------------------------------------------------------- dashboards


def _chart_or_404(charts, key: str):
    chart = next((c for c in charts if c.key == key), None)
    if chart is None:
        raise NotFound(_("No such chart."))
    return chart


def _chart_csv(chart, name: str):
    header = [_("Label"), chart.unit or _("Count")]
    export_ = exports.write_table(header, chart.rows, "csv", name=f"{name}-{chart.key}")
    return exports.as_response(export_)


def _dashboard_page(charts, **context):
    return render_template(
        "directory/dashboard.html",
        charts=[(chart, Markup(svg(chart))) for chart in charts],
        **context,
    )


@bp.get("/manage/meetings/<slug>/dashboard")
@login_required
def meeting_dashboard(slug: str):
    meeting = lookup.get_managed_meeting(slug, current_user)
    charts = dashboards.meeting_charts(db.session, meeting, current_language())
    return _dashboard_page(charts, meeting=meeting, csv_endpoint="directory.meeting_dashboard_csv",
                           csv_args={"slug": slug})  # fmt: skip


@bp.get("/manage/meetings/<slug>/dashboard/<chart>.csv")
@login_required
def meeting_dashboard_csv(slug: str, chart: str):
    meeting = lookup.get_managed_meeting(slug, current_user)
    charts = dashboards.meeting_charts(db.session, meeting, current_language())
    return _chart_csv(_chart_or_404(charts, chart), meeting.slug)


def _dashboard_meetings():
    """The meetings of ?series= (or all), oldest first, and the series chosen."""
    series_id = _int(request.args.get("series"))
    query = (
        sa.select(Meeting)
        .where(Meeting.status != "draft")
        .order_by(Meeting.starts_at, Meeting.id)
    )
    series = db.session.get(Series, series_id) if series_id else None
    if series is not None:
        query = query.where(Meeting.series_id == series.id)
    return db.session.scalars(query.limit(200)).all(), series


@bp.get("/manage/dashboard")
@login_required
def dashboard():
    require(can_use_directory(current_user))
    meetings, series = _dashboard_meetings()
    charts = dashboards.engagement_charts(db.session, meetings, current_language())
    return _dashboard_page(
        charts, series=series, all_series=db.session.scalars(sa.select(Series).order_by(Series.acronym)).all(),
        csv_endpoint="directory.dashboard_csv", csv_args={"series": series.id} if series else {},
    )  # fmt: skip


@bp.get("/manage/dashboard/<chart>.csv")
@login_required
def dashboard_csv(chart: str):
    require(can_use_directory(current_user))
    meetings, series = _dashboard_meetings()
    charts = dashboards.engagement_charts(db.session, meetings, current_language())
    return _chart_csv(
        _chart_or_404(charts, chart), series.slug if series else "all-meetings"
    )
