"""flask privacy ...: retention of participants' personal data."""

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from eventsys.documents.storage import from_config
from eventsys.extensions import db
from eventsys.models import utcnow
from eventsys.privacy.service import cutoff_before
from eventsys.privacy.service import parse_age
from eventsys.privacy.service import purge_older_than
from eventsys.privacy.service import purge_sent_mail

__all__ = ["cutoff_before", "parse_age", "privacy"]

privacy = AppGroup("privacy", help="Data protection: retention and purges.")


@privacy.command("purge")
@click.option(
    "--older-than",
    "older_than",
    default=None,
    help="Age such as 24months, 90days or 2years (default: EVENTSYS_PRIVACY_RETENTION).",
)
@click.option(
    "--dry-run", is_flag=True, help="Count what would be anonymised, change nothing."
)
def purge_command(older_than: str, dry_run: bool):
    """Anonymise registrations of meetings that ended before the given age.

    Also deletes sent outbox mail older than MAIL_RETENTION_DAYS.
    """
    older_than = older_than or current_app.config.get("EVENTSYS_PRIVACY_RETENTION")
    if not older_than:
        raise click.UsageError("give --older-than, or set EVENTSYS_PRIVACY_RETENTION")
    try:
        amount, unit = parse_age(older_than)
    except ValueError:
        raise click.BadParameter(
            "use a number and days, months or years, e.g. 24months",
            param_hint="--older-than",
        ) from None
    now = utcnow()
    cutoff = cutoff_before(now, amount, unit)
    count = purge_older_than(cutoff, storage=from_config(current_app.config), now=now)
    days = int(current_app.config["MAIL_RETENTION_DAYS"])
    mails = purge_sent_mail(now - timedelta(days=days))
    if dry_run:
        db.session.rollback()
        click.echo(
            f"Would anonymise {count} registration(s) of meetings that ended before {cutoff:%Y-%m-%d}."
        )
        return
    db.session.commit()
    click.echo(
        f"Anonymised {count} registration(s) of meetings that ended before {cutoff:%Y-%m-%d}."
    )
    click.echo(f"Deleted {mails} sent email(s) older than {days} days.")
