"""Hand-made PDF bytes for tests that need a file no real publication shows (encrypted, a
damaged stream, a decompression bomb): objects numbered from 1, an xref table, a trailer."""

from __future__ import annotations

import zlib


def pdf_from_objects(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF whose object N is ``objects[N-1]``; object 1 is the catalogue. ``trailer`` adds
    entries to the trailer dictionary (``/Encrypt 4 0 R /ID [...]``)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer + b" " if trailer else b"", xref)
    return bytes(out)


def make_pdf(content: bytes, filters: bytes = b"/Filter /FlateDecode") -> bytes:
    """A one-page PDF (Helvetica) whose page content stream is ``content``, as stored."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d %s >>\nstream\n" % (len(content), filters) + content + b"\nendstream",
    ]
    return pdf_from_objects(objects)


def text_page(lines: list[str]) -> bytes:
    shown = b"".join(b"(" + line.encode("cp1252") + b") Tj T*\n" for line in lines)
    return b"BT /F1 11 Tf 14 TL 72 760 Td\n" + shown + b"ET"


KAMERVRAGEN_LINES = [
    "Vraag 1", "Wat vindt u van het bericht over de wolven op de Veluwe?",
    "Antwoord 1", "Ik ken het bericht.",
]


def zlib_of_spaces(mib: int) -> bytes:
    """A zlib stream of ``mib`` MiB of spaces, made without compressing them: after a full
    flush deflate starts afresh, so every MiB compresses to the same block."""
    chunk = b" " * (1 << 20)
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = raw.compress(chunk) + raw.flush(zlib.Z_FULL_FLUSH)
    assert raw.compress(chunk) + raw.flush(zlib.Z_FULL_FLUSH) == block
    adler = 1
    for _ in range(mib):
        adler = zlib.adler32(chunk, adler)
    return b"\x78\xda" + block * mib + raw.flush(zlib.Z_FINISH) + adler.to_bytes(4, "big")
