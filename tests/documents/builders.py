"""Small real files of every accepted type (and some refused ones), made here."""

import io
import struct
import zipfile
import zlib

from openpyxl import Workbook

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.{main}"/>'
    "</Types>"
)


def pdf(text: str = "Concept note") -> bytes:
    """A minimal valid PDF with one page of text (pypdf reads it)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _zip(members: dict[str, bytes | str], stored_first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(
                zipfile.ZipInfo(stored_first),
                members.pop(stored_first),
                compress_type=zipfile.ZIP_STORED,
            )
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(
    extra: dict | None = None, main: str = "wordprocessingml.document.main+xml"
) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES.format(
                part="word/document.xml", main=main
            ),
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document/>",
            **(extra or {}),
        }
    )


def pptx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES.format(
                part="ppt/presentation.xml", main="presentationml.presentation.main+xml"
            ),
            "ppt/presentation.xml": "<p:presentation/>",
        }
    )


def xlsx() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Participants"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odf(kind: str = "text") -> bytes:
    return _zip(
        {
            "mimetype": f"application/vnd.oasis.opendocument.{kind}",
            "content.xml": "<office:document-content/>",
            "META-INF/manifest.xml": "<manifest:manifest/>",
        },
        stored_first="mimetype",
    )


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\xff\xdb\x00\x43\x00"
        + bytes(64)
        + b"\xff\xd9"
    )


def executable() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
        + bytes(112)
        + b"PE\x00\x00"
    )


def html() -> bytes:
    return b"<!DOCTYPE html><html><head><script>alert(1)</script></head><body>x</body></html>"


def macro_docx() -> bytes:
    return docx(
        extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macros"},
        main="wordprocessingml.document.macroEnabled.main+xml",
    )


def encrypted_office() -> bytes:
    """An OLE compound file whose directory names an EncryptedPackage stream."""
    name = "EncryptedPackage".encode("utf-16-le")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + name + bytes(512)
