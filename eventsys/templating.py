"""Filters and globals that templates use for languages, dates and statuses."""

from flask import Flask
from flask import request
from flask import url_for
from jinja2 import pass_eval_context
from markupsafe import escape

from eventsys import dates
from eventsys import labels
from eventsys.i18n import colon
from eventsys.i18n import current_language
from eventsys.i18n import is_fallback
from eventsys.i18n import localized
from eventsys.i18n import text_direction
from eventsys.meetings import places


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        tr=localized,
        is_fallback=is_fallback,
        date=_date,
        time=_time,
        datetime=_datetime,
        date_range=_date_range,
        zone_label=_zone_label,
        colon=_colon,
        city_name=lambda city: places.city_name(city, current_language()),
        place=lambda meeting: places.place(meeting, current_language()),
    )
    app.jinja_env.globals.update(
        current_language=current_language,
        text_direction=text_direction,
        url_for_language=url_for_language,
    )
    app.jinja_env.globals.update(labels.template_globals())
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def endpoints():
        return {"url_rules": app.view_functions}


def _date(moment, zone="UTC", format="medium"):
    return dates.format_date(moment, zone, current_language(), format)


def _time(moment, zone="UTC"):
    return dates.format_time(moment, zone, current_language())


def _datetime(moment, zone="UTC", format="medium", named=False):
    return dates.format_datetime(moment, zone, current_language(), format, named=named)


def _date_range(start, end, zone="UTC"):
    return dates.format_date_range(start, end, zone, current_language())


def _zone_label(zone, moment):
    return dates.zone_label(zone, moment, current_language())


@pass_eval_context
def _colon(eval_ctx, label):
    """{{ _("Agenda")|colon }}: "Agenda:", "Ordre du jour :" (no-break space)."""
    text = escape(label) if eval_ctx.autoescape else label
    return text + colon()


def url_for_language(language: str) -> str:
    """This page in another interface language (kept as ?lang=).

    base.html asks for each language twice (the head's alternates, the
    switcher): built once per request.
    """
    built = request.environ.setdefault("eventsys.language_urls", {})
    if language not in built:
        built[language] = _url_in_language(language)
    return built[language]


def _url_in_language(language: str) -> str:
    if request.endpoint is None:
        return url_for("meetings.home", lang=language)
    args = dict(request.view_args or {})
    args.update(request.args.to_dict())
    args["lang"] = language
    return url_for(request.endpoint, **args)
