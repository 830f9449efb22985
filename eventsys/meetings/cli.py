"""flask meetings create: the same rule as the page (admins and the series' managers)."""

from datetime import datetime

import click
from flask.cli import AppGroup

from eventsys.auth.service import get_user_by_email
from eventsys.errors import ServiceError
from eventsys.extensions import db
from eventsys.meetings import queries
from eventsys.meetings import service

meetings = AppGroup("meetings", help="Meetings.")


@meetings.command("create")
@click.argument("slug")
@click.option("--as", "actor_email", required=True, help="Email of the acting user.")
@click.option("--series", "series_slug", required=True, help="Slug of the series.")
@click.option("--title", required=True, help="Title in English.")
@click.option("--starts", required=True, help="First day and time, YYYY-MM-DDTHH:MM.")
@click.option("--ends", required=True, help="Last day and time, YYYY-MM-DDTHH:MM.")
@click.option("--timezone", "zone", default="Europe/Zurich", show_default=True)
@click.option("--city", default="")
@click.option("--country", default="")
@click.option("--contact-email", default="")
def create_command(slug, actor_email, series_slug, title, starts, ends, zone, city,
                   country, contact_email):  # fmt: skip
    """Create a draft meeting; the acting user becomes its manager."""
    actor = get_user_by_email(actor_email)
    series = db.session.scalar(queries.get_series_by_slug(series_slug))
    if actor is None or not actor.is_active:
        raise click.ClickException(f"No active account {actor_email}.")
    if series is None:
        raise click.ClickException(f"No series {series_slug}.")
    data = {
        "slug": slug, "series_id": series.id, "title": {"en": title},
        "starts_at": _wall_clock(starts), "ends_at": _wall_clock(ends),
        "timezone": zone, "city": city, "country": country,
        "contact_email": contact_email or actor.email, "languages": ["en"],
    }  # fmt: skip
    try:
        meeting = service.create_meeting(actor=actor, data=data)
    except ServiceError as error:
        db.session.rollback()
        detail = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
        message = " ".join(filter(None, [error.message, detail]))
        raise click.ClickException(message) from None
    db.session.commit()
    click.echo(f"Created draft meeting {meeting.slug}")


def _wall_clock(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"{text!r} is not YYYY-MM-DDTHH:MM") from None
