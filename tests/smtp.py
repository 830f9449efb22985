"""A real SMTP server for tests (aiosmtpd on 127.0.0.1, a free port).

server = SmtpServer().start()      # or the `smtp_server` fixture
server.configure(app)              # MAIL_SERVER / MAIL_PORT of the app
server.refuse = "451 4.3.0 Try again later"   # answer DATA with an error
server.delay = 3                   # answer DATA only after 3 seconds (a slow server)
server.messages                    # email.message.EmailMessage objects
"""

import asyncio
import email
import socket
import threading
from email import policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler:
    def __init__(self, server: "SmtpServer"):
        self.server = server

    async def handle_DATA(self, _server, _session, envelope):
        if self.server.delay:
            await asyncio.sleep(self.server.delay)
        if self.server.refuse:
            return self.server.refuse
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.server.lock:
            self.server.messages.append(message)
            self.server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


class SmtpServer:
    def __init__(self):
        self.messages: list = []
        self.envelopes: list = []
        self.refuse = ""
        self.delay = 0.0
        self.lock = threading.Lock()
        self.controller = Controller(
            _Handler(self), hostname="127.0.0.1", port=free_port()
        )

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def port(self) -> int:
        return self.controller.port

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def configure(self, app) -> None:
        app.config.update(
            MAIL_SERVER=self.host,
            MAIL_PORT=self.port,
            MAIL_USE_TLS=False,
            MAIL_USERNAME="",
        )

    def to(self, address: str) -> list:
        return [m for m in self.messages if address.lower() in str(m["To"]).lower()]
