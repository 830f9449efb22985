"""`flask --app wsgi visa ...`: the data key's rotation and the purge, by hand."""

import click
from flask import current_app
from flask.cli import AppGroup

from eventsys import crypto
from eventsys.documents.storage import from_config
from eventsys.extensions import db
from eventsys.models import utcnow
from eventsys.onsite import visa

visa_cli = AppGroup("visa", help="Visa support letters: data key, purge.")


@visa_cli.command("rotate-key")
def rotate_key_command():
    """Re-encrypt passport data and letters under the first key of EVENTSYS_DATA_KEY.

    Put the new key first (EVENTSYS_DATA_KEY=new,old), run this, then drop the old key.
    """
    try:
        cipher = crypto.cipher(current_app.config)
    except crypto.DataKeyError as error:
        raise click.ClickException(str(error)) from error
    storage = from_config(current_app.config)
    count, replaced = visa.rotate_key(cipher, storage)
    db.session.commit()
    for key in replaced:  # only after the commit: a failure loses nothing
        storage.delete(key)
    click.echo(f"re-encrypted {count} item(s) under the first key")


@visa_cli.command("purge")
def purge_command():
    """Erase now what the daily job would: passport data and letters 30 days after."""
    now = utcnow()
    revoked = visa.revoke_ended(now=now)
    erased = visa.purge_due(storage=from_config(current_app.config), now=now)
    db.session.commit()
    click.echo(f"revoked {revoked} letter(s), erased {erased} request(s)")
