"""flask accounts ...: the roles admins grant, for deployments without the UI yet."""

import click
from flask.cli import AppGroup

from eventsys.auth import roles
from eventsys.auth.service import get_user_by_email
from eventsys.errors import ServiceError
from eventsys.extensions import db
from eventsys.meetings import queries

accounts = AppGroup("accounts", help="Roles of accounts (series managers, ...).")


def _user(email: str):
    user = get_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account {email}.")
    return user


@accounts.command("grant-series")
@click.argument("email")
@click.argument("series_slug")
@click.option("--as", "actor_email", required=True, help="Email of an admin.")
def grant_series_command(email: str, series_slug: str, actor_email: str):
    """Make EMAIL a manager of the series SERIES_SLUG."""
    series = db.session.scalar(queries.get_series_by_slug(series_slug))
    if series is None:
        raise click.ClickException(f"No series {series_slug}.")
    try:
        roles.grant_series_role(series, _user(email), actor=_user(actor_email))
    except ServiceError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"{email} now manages {series_slug}")
