"""Hand-made PDF bytes for tests that need a file no real publication shows (encrypted, a
damaged stream, a decompression bomb): objects numbered from 1, an xref table, a trailer."""

from __future__ import annotations


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
