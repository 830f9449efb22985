"""The one way an HTML list reads ``?page=``: a number past the end shows the last page.

A page that is not a whole number of 1 or more is a 404; a huge one never
reaches the database as an OFFSET (SQLite and PostgreSQL both refuse integers
past 64 bits, which gave a 500).
"""

import re

from flask import request
from flask_babel import gettext as _

from eventsys.errors import NotFound
from eventsys.extensions import db

# Far more pages than any list has; larger numbers mean "the last page".
MAX_PAGE = 100_000


def requested_page(name: str = "page") -> int:
    """The page asked for in the query string (1 when absent); NotFound if not a page.

    Raises: NotFound.
    """
    raw = request.args.get(name)
    if raw is None or raw == "":
        return 1
    if not re.fullmatch(r"[0-9]{1,30}", raw) or int(raw) < 1:
        raise NotFound(_("There is no such page."))
    return min(int(raw), MAX_PAGE)


def paginate(query, *, per_page: int):
    """Flask-SQLAlchemy's Pagination of `query` for the requested page, or the last one.

    Raises: NotFound.
    """
    number = requested_page()
    page = db.paginate(query, page=number, per_page=per_page, error_out=False)
    if page.pages and number > page.pages:
        page = db.paginate(query, page=page.pages, per_page=per_page, error_out=False)
    return page
