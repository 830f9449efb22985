"""What an upload may be: the one owner of the allowed types and their checks.

The type is sniffed from the content (puremagic) and must match the file
name's extension. Office and ODF files are zip containers: after the sniff we
read the container's own declaration ([Content_Types].xml, or ODF's
`mimetype` member) and refuse macros. Encrypted Office files are OLE
containers holding an EncryptedPackage stream; every OLE file is refused.
"""

import io
import re
import zipfile
from dataclasses import dataclass

import puremagic
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from eventsys.errors import InvalidInput

OOXML = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
# The main part's content type each OOXML kind declares.
OOXML_MAIN = {
    "docx": "wordprocessingml.document.main+xml",
    "xlsx": "spreadsheetml.sheet.main+xml",
    "pptx": "presentationml.presentation.main+xml",
}
ODF = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    **OOXML,
    **ODF,
}
ALLOWED_TEXT = "PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, PNG, JPEG"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    media_type: str
    data: bytes


def check_upload(
    filename: str, data: bytes, *, max_bytes: int, field: str = "file"
) -> CheckedFile:
    """The file if it may be stored: allowed type, content matching its name.

    Raises: InvalidInput (on `field`).
    """

    def refuse(message: str):
        raise InvalidInput(message, {field: message})

    if not data:
        refuse(_("The file is empty."))
    if len(data) > max_bytes:
        refuse(
            _(
                "The file is too large (%(size)s MB); the limit is %(limit)s MB.",
                size=_megabytes(len(data)),
                limit=_megabytes(max_bytes),
            )
        )
    name = clean_filename(filename)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in MEDIA_TYPES:
        refuse(
            _(
                "This type of file is not accepted. Allowed: %(types)s.",
                types=ALLOWED_TEXT,
            )
        )
    sniffed = sniff(data)
    if sniffed == "ole" and b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P" in data:
        refuse(_("Encrypted (password-protected) files are not accepted."))
    if sniffed == "macros":
        refuse(
            _(
                "Files with macros are not accepted; save it without macros (e.g. as .docx)."
            )
        )
    if sniffed != _family(extension):
        refuse(
            _(
                "The file's content does not match its name (.%(extension)s). Allowed: %(types)s.",
                extension=extension,
                types=ALLOWED_TEXT,
            )
        )
    return CheckedFile(filename=name, media_type=MEDIA_TYPES[extension], data=data)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _family(extension: str) -> str:
    return "jpeg" if extension == "jpg" else extension


def sniff(data: bytes) -> str:
    """What the content is: an allowed extension, "ole", "macros" or ""."""
    if data.startswith(OLE_MAGIC):
        return "ole"
    try:
        found = {m.extension.lstrip(".").lower() for m in puremagic.magic_string(data)}
    except puremagic.PureError:
        return ""
    for kind in ("pdf", "png"):
        if kind in found:
            return kind
    if found & {"jpeg", "jpg", "jfif", "jpe"}:
        return "jpeg"
    if found & {"zip", *OOXML, *ODF}:
        return _container(data)
    return ""


def _container(data: bytes) -> str:
    """The kind a zip declares itself to be, read from the zip itself."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "mimetype" in names:
            declared = archive.read("mimetype").decode("ascii", "replace").strip()
            return next((k for k, v in ODF.items() if v == declared), "")
        if "[Content_Types].xml" not in names:
            return ""
        types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, RuntimeError, ValueError):
        return ""
    if any(n.lower().endswith("vbaproject.bin") for n in names) or re.search(
        r"macroEnabled", types, re.IGNORECASE
    ):
        return "macros"
    return next((k for k, main in OOXML_MAIN.items() if main in types), "")


def clean_filename(filename: str) -> str:
    """A safe file name that stays readable ("Note conceptuelle é.pdf" keeps its words).

    secure_filename folds accents and drops what a file system could misread;
    the extension is cleaned apart so that a name of only non-Latin letters
    still ends in it ("document.pdf").
    """
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    stem = secure_filename(stem)[:150] or "document"
    extension = secure_filename(extension)[:10]
    return f"{stem}.{extension}" if extension else stem
