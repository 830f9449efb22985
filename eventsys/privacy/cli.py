"""flask privacy ...: retention of participants' personal data."""

import re
from datetime import datetime
from datetime import timedelta

import click
from flask.cli import AppGroup

from eventsys.extensions import db
from eventsys.models import utcnow

privacy = AppGroup("privacy", help="Data protection: retention and purges.")

_AGE = re.compile(r"^\s*(\d{1,4})\s*(days?|months?|years?)\s*$", re.IGNORECASE)


def parse_age(text: str) -> tuple[int, str]:
    """'24months' -> (24, 'months'); raises ValueError on anything else."""
    match = _AGE.match(text or "")
    if not match:
        raise ValueError(text)
    unit = match.group(2).lower().rstrip("s") + "s"
    return int(match.group(1)), unit


def cutoff_before(now: datetime, amount: int, unit: str) -> datetime:
    """now minus an age in calendar days, months or years (clamped to month ends)."""
    if unit == "days":
        return now - timedelta(days=amount)
    months = amount * 12 if unit == "years" else amount
    total = now.year * 12 + (now.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    day = min(now.day, _days_in_month(year, month))
    return now.replace(year=year, month=month, day=day)


def _days_in_month(year: int, month: int) -> int:
    following = datetime(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


@privacy.command("purge")
@click.option(
    "--older-than",
    "older_than",
    required=True,
    help="Age such as 24months, 90days or 2years.",
)
@click.option(
    "--dry-run", is_flag=True, help="Count what would be anonymised, change nothing."
)
def purge_command(older_than: str, dry_run: bool):
    """Anonymise registrations of meetings that ended before the given age."""
    from eventsys.privacy.service import purge_older_than

    try:
        amount, unit = parse_age(older_than)
    except ValueError:
        raise click.BadParameter(
            "use a number and days, months or years, e.g. 24months",
            param_hint="--older-than",
        ) from None
    now = utcnow()
    cutoff = cutoff_before(now, amount, unit)
    count = purge_older_than(cutoff, now=now)
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
