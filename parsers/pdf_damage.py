"""What is damaged in a PDF file, found from its bytes whatever reader parses it.

pdfminer logs "Data-loss while decompressing corrupted data" when a compressed stream is
broken; PDFium reads the same stream without a word. So that a damaged file is marked the
same way with either reader, this module scans the file's stream objects itself (page
contents, fonts, images, object streams and cross-reference streams alike) and reports:

- a FlateDecode stream (the first filter of its chain, as stored) that zlib cannot
  decompress to its end: invalid data, a wrong checksum, data cut off. /DecodeParms (PNG
  predictors) apply after decompression and play no part;
- a stream whose /Length disagrees with where its ``endstream`` stands by more than the end
  of line before ``endstream`` (bytes were lost or added), or that has no ``endstream`` (the
  file is cut off inside it);
- a file cut off before its trailer (no ``startxref`` and ``%%EOF`` after its last object).

It is one pass of regular expressions over the bytes plus zlib (C) on the compressed
streams, the output of which is discarded in slices of ``_SLICE`` bytes: a stream that
decompresses to gigabytes never needs more memory than a slice, and checking stops after
``DECOMPRESSED_BUDGET`` bytes of output per file (what is left is not checked, and not
reported). An encrypted file (``/Encrypt`` in a trailer) is not checked: its streams are
ciphertext until decrypted.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

# Output decompressed to verify streams, per file, before the check gives up (unreported):
# ten times what the largest real document holds (an annex of 879 KB: 5.8 MiB), and a
# decompression bomb costs at most some 0.15 s.
DECOMPRESSED_BUDGET = 64 * 1024 * 1024
_SLICE = 1024 * 1024
_INPUT_SLICE = 64 * 1024

# End of line bytes a writer may put between a stream's data and ``endstream`` without
# counting them in /Length ("\r\n" at most), or count in /Length without writing them.
_EOL_SLACK = 2

_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
# An object's "N G obj" header, read backwards from its "obj": searching for the digits
# first would try every digit of an xref table.
_HEADER_BEFORE_OBJ = re.compile(rb"(\d{1,15})\s+\d+\s+\Z")
# numbers of at most 15 digits: int() refuses more than 4,300, and no file is that long
_LENGTH = re.compile(rb"/Length\s+(\d{1,15})(?!\d)(?:\s+(\d{1,5})\s+R\b)?")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_INTEGER_BODY = re.compile(rb"obj\s*(\d{1,15})\s*endobj")  # after the header's "obj"
_ENDSTREAM = re.compile(rb"\s*endstream")
_TRAILER = re.compile(rb"trailer\s*<<")
_ENCRYPT = re.compile(rb"/Encrypt\b")
_XREF_TYPE = re.compile(rb"/Type\s*/XRef\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")


@dataclass(frozen=True)
class Damage:
    """One part of the file that is not whole: ``where`` it is ("object 5", "stream at
    byte 392" when no ``N G obj`` header stands before a stream, "end of file") and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def pdf_damage(data: bytes) -> list[Damage]:
    """What is damaged in the PDF file ``data``: its streams in file order, then a file
    cut off before its trailer; [] for a whole file and for an encrypted one (not
    checked)."""
    streams = list(_streams(data))
    if _is_encrypted(data, streams):
        return []
    damage = []
    budget = [DECOMPRESSED_BUDGET]
    # images last: they hold no text, and a large one must not use up the budget first
    checked = sorted(streams, key=lambda stream: stream.image)
    for stream in checked:
        reason = _length_problem(stream)
        if reason is None and stream.flate:
            reason = _flate_problem(data, stream, budget)
        if reason is not None:
            damage.append((stream.start, Damage(stream.where, reason)))
    damage = [found for _start, found in sorted(damage, key=lambda pair: pair[0])]
    cut = _cut_off(data, streams)
    return damage + ([Damage("end of file", cut)] if cut else [])


def pdf_damage_of_file(path: str | Path) -> list[Damage]:
    return pdf_damage(Path(path).read_bytes())


def damage_summary(damage: list[Damage]) -> Optional[str]:
    """One line for ``documents.damaged``: the first damage found, and how much more."""
    if not damage:
        return None
    more = f" (and {len(damage) - 1} more in document_warnings)" if len(damage) > 1 else ""
    return f"{damage[0]}{more}"


@dataclass
class _Stream:
    where: str
    dictionary: bytes
    start: int  # first byte of the data
    end: Optional[int]  # where ``endstream`` (after optional white space) starts; None: missing
    length: Optional[int]  # /Length, resolved when it is an indirect object
    flate: bool
    image: bool


def _streams(data: bytes):
    """Every stream of the file: its dictionary, where its data starts and where
    ``endstream`` follows it. The scan resumes after each ``endstream``, so bytes inside a
    stream's data are never taken for the start of another one."""
    integers: Optional[dict[int, int]] = None  # objects that are a bare integer: /Length N 0 R
    position = 0
    while True:
        match = _STREAM.search(data, position)
        if match is None:
            return
        number, header_end = _last_header(data, position, match.start())
        dictionary = data[header_end:match.start() + 2]
        start = match.end()
        length_match = _LENGTH.search(dictionary)
        length = None
        if length_match and length_match[2] is not None:
            if integers is None:
                integers = _integer_objects(data)
            length = integers.get(int(length_match[1]))
        elif length_match:
            length = int(length_match[1])
        if length is not None and _ENDSTREAM.match(data, start + length):
            end = start + length  # /Length is right: endstream follows the data
        else:
            found = data.find(b"endstream", start)
            end = found if found >= 0 else None
        filters = _FILTER.search(dictionary)
        first = _NAME.search(filters[1]) if filters else None
        yield _Stream(
            where=f"object {number}" if number is not None else f"stream at byte {start}",
            dictionary=dictionary,
            start=start,
            end=end,
            length=length,
            flate=first is not None and first[1] in (b"FlateDecode", b"Fl"),
            image=_IMAGE.search(dictionary) is not None,
        )
        position = len(data) if end is None else end + len(b"endstream")


def _last_header(data: bytes, low: int, high: int) -> tuple[Optional[int], int]:
    """The number of the last object header ("12 0 obj") in ``data[low:high]`` and where it
    ends; (None, low) when there is none."""
    at = data.rfind(b"obj", low, high)
    while at >= 0:
        if data[at - 3:at] != b"end":
            header = _HEADER_BEFORE_OBJ.search(data, max(low, at - 24), at)
            if header:
                return int(header[1]), at + 3
        at = data.rfind(b"obj", low, at)
    return None, low


def _integer_objects(data: bytes) -> dict[int, int]:
    """Objects whose value is a bare integer ("7 0 obj 1234 endobj"), for /Length 7 0 R; a
    later definition (an incremental update) wins."""
    integers = {}
    for body in _INTEGER_BODY.finditer(data):
        header = _HEADER_BEFORE_OBJ.search(data, max(0, body.start() - 24), body.start())
        if header:
            integers[int(header[1])] = int(body[1])
    return integers


def _is_encrypted(data: bytes, streams: list[_Stream]) -> bool:
    for trailer in _TRAILER.finditer(data):
        close = data.find(b"startxref", trailer.end())
        if _ENCRYPT.search(data, trailer.end(), close if close >= 0 else len(data)):
            return True
    return any(_XREF_TYPE.search(s.dictionary) and _ENCRYPT.search(s.dictionary) for s in streams)


def _length_problem(stream: _Stream) -> Optional[str]:
    if stream.end is None:
        return "stream has no endstream: the file is cut off inside it"
    if stream.length is None:
        return None  # no /Length, or an indirect one not found: the readers go by endstream
    between = stream.end - stream.start
    if not between - _EOL_SLACK <= stream.length <= between + _EOL_SLACK:
        return f"stream has /Length {stream.length} but {between} bytes before endstream"
    return None


def _cut_off(data: bytes, streams: list[_Stream]) -> Optional[str]:
    """Why the file looks cut off before its end, or None: its last ``startxref`` must be
    followed by ``%%EOF``, and no object may follow it (an incremental update ends with a
    ``startxref`` of its own)."""
    last = data.rfind(b"startxref")
    if last < 0 or data.find(b"%%EOF", last) < 0:
        return "the file is cut off: no startxref and %%EOF after its last object"
    if data.rfind(b"endobj") > last or (streams and streams[-1].start > last):
        return "the file is cut off: objects follow its last startxref without one of their own"
    return None


def _flate_problem(data: bytes, stream: _Stream, budget: list[int]) -> Optional[str]:
    """Why the stream's data does not decompress whole, or None; ``budget[0]`` is the output
    still allowed, decreased by what this stream gives."""
    if budget[0] <= 0:
        return None
    # the data up to endstream: where /Length says when it is right, else what both
    # readers take when it is not
    view = memoryview(data)[stream.start:stream.end]
    decompressor = zlib.decompressobj()
    try:
        # fed in slices of input, each drained in slices of output: memory stays at a slice
        for at in range(0, len(view), _INPUT_SLICE):
            pending = view[at:at + _INPUT_SLICE]
            while pending:
                budget[0] -= len(decompressor.decompress(pending, _SLICE))
                if decompressor.eof:
                    return None
                if budget[0] <= 0:
                    return None  # not checked further
                pending = decompressor.unconsumed_tail
        while True:  # output zlib still holds after the last input, when a slice was full
            out = decompressor.decompress(b"", _SLICE)
            if decompressor.eof:
                return None
            if not out:
                break
            budget[0] -= len(out)
            if budget[0] <= 0:
                return None
    except zlib.error as error:
        return f"stream does not decompress ({error})"
    return "stream does not decompress (its compressed data is cut off)"
