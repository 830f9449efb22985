"""gunicorn's access log without secrets: `--logger-class eventsys.access_log.RedactingLogger`.

The app leaves the redacted request URI in the WSGI environ (secret_urls.py,
from the routes' declarations); this logger writes it in place of the request
line, path and query. Requests the app never saw (a 404 before routing still
passes through Flask, so in practice all) are logged as they came.
"""

from gunicorn.glogging import Logger

from eventsys.secret_urls import ENVIRON_KEY


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        uri = environ.get(ENVIRON_KEY)
        if uri:
            path, _, query = uri.partition("?")
            atoms["r"] = (
                f"{environ.get('REQUEST_METHOD')} {uri} {environ.get('SERVER_PROTOCOL')}"
            )
            atoms["U"] = path
            atoms["q"] = query
        return atoms
