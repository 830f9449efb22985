"""flask commands: users, demo data, mail, PDFs, maintenance.

Each command parses its input, calls a service, commits once and reports.
"""

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from eventsys.auth import cli as auth_cli
from eventsys.errors import ServiceError
from eventsys.extensions import db
from eventsys.jobs import jobs_cli
from eventsys.mail import cli as mail_cli
from eventsys.meetings import cli as meetings_cli
from eventsys.onsite.cli import visa_cli
from eventsys.pdf import cli as pdf_cli
from eventsys.privacy import cli as privacy_cli

users = AppGroup("users", help="Manage user accounts.")
demo = AppGroup("demo", help="Demo data.")


@users.command("create")
@click.argument("email")
@click.option("--admin", is_flag=True, help="Make the user a site administrator.")
@click.option("--name", default="", help="Display name.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input."
)
def create_user_command(email: str, admin: bool, name: str, password_stdin: bool):
    """Create a user account."""
    from eventsys.auth.service import create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, password, name=name, is_admin=admin)
    except ServiceError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Created {'admin ' if admin else ''}user {user.email}")


@demo.command("load")
@click.option(
    "--scale",
    type=int,
    default=0,
    help="Add the synthetic scale-test meeting, N times the base size.",
)
@click.option(
    "--if-empty",
    is_flag=True,
    help="Load only into a database without meetings (used by make run).",
)
def demo_load_command(scale: int, if_empty: bool):
    """Load the demo data set (idempotent)."""
    from eventsys.demo.loader import database_is_empty
    from eventsys.demo.loader import ensure_admin
    from eventsys.demo.loader import load_demo

    if if_empty and not database_is_empty():
        report = ["Database already holds meetings: demo not loaded.", ensure_admin()]
    else:
        report = load_demo(scale=scale)
    db.session.commit()
    for line in report:
        click.echo(line)


def register_commands(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(demo)
    # Command groups that live beside their domain.
    app.cli.add_command(mail_cli.mail)
    app.cli.add_command(pdf_cli.pdf)
    app.cli.add_command(privacy_cli.privacy)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(visa_cli)
    app.cli.add_command(meetings_cli.meetings)
    app.cli.add_command(auth_cli.accounts)
