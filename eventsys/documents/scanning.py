"""Virus scanning of uploads through a ClamAV daemon (clamd), when one is configured.

EVENTSYS_CLAMD is "host:port" (TCP) or the path of clamd's Unix socket. The
client speaks clamd's INSTREAM command: "zINSTREAM\\0", then chunks each
prefixed by their length as a 4-byte big-endian integer, then a zero length;
clamd answers "stream: OK" or "stream: <signature> FOUND" (clamd(8)). It is a
few lines, so we keep it here rather than depend on an unmaintained wrapper.
"""

import socket
import struct
from dataclasses import dataclass

CHUNK = 64 * 1024
TIMEOUT_SECONDS = 30


class ScannerUnavailable(Exception):
    """clamd did not answer (down, refused, or said something we do not read)."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""


def scanner_address(config) -> str:
    return (config.get("EVENTSYS_CLAMD") or "").strip()


def _connect(address: str) -> socket.socket:
    if address.startswith("/"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(TIMEOUT_SECONDS)
        sock.connect(address)
        return sock
    host, _sep, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise ScannerUnavailable("EVENTSYS_CLAMD is not host:port or a socket path")
    return socket.create_connection((host, int(port)), timeout=TIMEOUT_SECONDS)


def scan(data: bytes, address: str) -> ScanResult:
    """Scan bytes with the clamd at `address`.

    Raises: ScannerUnavailable.
    """
    try:
        with _connect(address) as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                sock.sendall(struct.pack(">I", len(chunk)) + chunk)
            sock.sendall(struct.pack(">I", 0))
            answer = _read_answer(sock)
    except OSError as error:
        raise ScannerUnavailable(str(error)) from error
    return _parse(answer)


def _read_answer(sock: socket.socket) -> str:
    parts = []
    while not parts or not parts[-1].endswith(b"\0"):
        part = sock.recv(4096)
        if not part:
            break
        parts.append(part)
    return b"".join(parts).rstrip(b"\0").decode("utf-8", "replace").strip()


def _parse(answer: str) -> ScanResult:
    verdict = answer.split(":", 1)[-1].strip()
    if verdict == "OK":
        return ScanResult(clean=True)
    if verdict.endswith(" FOUND"):
        return ScanResult(clean=False, signature=verdict[: -len(" FOUND")])
    # "INSTREAM size limit exceeded. ERROR" and the like: no verdict.
    raise ScannerUnavailable(answer or "no answer")
