"""The engine-independent damage check of a PDF's bytes (parsers.pdf_damage): silent on every
real PDF, exact about the hand-made damaged ones, bounded on a decompression bomb."""

from __future__ import annotations

import tracemalloc
import zlib

import pytest

from kamerqa.parsers.pdf_damage import Damage, damage_summary, pdf_damage, pdf_damage_of_file

from .conftest import FIXTURES, REAL, RENDERED
from .pdf_bytes import KAMERVRAGEN_LINES, make_pdf, pdf_from_objects, text_page, zlib_of_spaces
from .test_layout import _encrypted_pdf

PAGE = zlib.compress(text_page(KAMERVRAGEN_LINES))


def all_pdfs() -> list:
    return sorted(
        path for folder in (REAL, RENDERED, FIXTURES) if folder.is_dir() for path in folder.rglob("*.pdf")
    )


def test_no_damage_in_any_real_pdf():
    files = all_pdfs()
    real = [path for path in files if REAL in path.parents]
    if not real:
        pytest.skip(f"real documents not present: {REAL}")
    # 23 real PDFs, 1 rendered, 2 fixtures (one encrypted, one scan) when this was written
    assert len(real) >= 23 and len(files) >= 26
    assert {path.name: pdf_damage_of_file(path) for path in files} == {path.name: [] for path in files}


def test_whole_hand_made_pdf_has_no_damage():
    assert pdf_damage(make_pdf(PAGE)) == []
    assert pdf_damage(make_pdf(text_page(KAMERVRAGEN_LINES), b"")) == []  # not compressed


@pytest.mark.parametrize(
    "stream, reason",
    [
        (PAGE[:-4] + bytes(b ^ 0xFF for b in PAGE[-4:]),
         "stream does not decompress (Error -3 while decompressing data: incorrect data check)"),
        (PAGE[:-4] + b"\0\0\0\0",
         "stream does not decompress (Error -3 while decompressing data: incorrect data check)"),
        (PAGE[:-10], "stream does not decompress (its compressed data is cut off)"),
        (PAGE[:2] + b"\xff" * 4 + PAGE[6:],
         "stream does not decompress (Error -3 while decompressing data: invalid block type)"),
        (b"\x00" + PAGE[1:],
         "stream does not decompress (Error -3 while decompressing data: incorrect header check)"),
    ],
    ids=["wrong checksum", "zeroed checksum", "cut off", "invalid data", "bad header"],
)
def test_damaged_flate_stream_is_named(stream, reason):
    assert pdf_damage(make_pdf(stream)) == [Damage("object 5", reason)]


def test_decode_parms_do_not_matter():
    # a PNG predictor applies after decompression: the stream is whole or not all the same
    parms = b"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 5 >>"
    assert pdf_damage(make_pdf(PAGE, parms)) == []
    assert [d.reason for d in pdf_damage(make_pdf(PAGE[:-4] + b"\0\0\0\0", parms))] == [
        "stream does not decompress (Error -3 while decompressing data: incorrect data check)"
    ]


def test_only_the_first_filter_of_a_chain_is_checked():
    chain = b"/Filter [/FlateDecode /ASCIIHexDecode]"
    assert pdf_damage(make_pdf(zlib.compress(b"48656c6c6f>"), chain)) == []
    assert [d.where for d in pdf_damage(make_pdf(zlib.compress(b"48656c6c6f>")[:-1], chain))] == ["object 5"]


def test_object_and_xref_streams_are_checked_too():
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        b"<< /Type /ObjStm /N 1 /First 4 /Length %d /Filter /FlateDecode >>\nstream\n" % (len(PAGE) - 1)
        + PAGE[:-1] + b"\nendstream",
        b"<< /Type /XRef /Size 5 /W [1 2 1] /Length %d /Filter /FlateDecode >>\nstream\n" % len(PAGE)
        + PAGE[:-4] + b"\0\0\0\0\nendstream",
    ]
    assert pdf_damage(pdf_from_objects(objects)) == [
        Damage("object 3", "stream does not decompress (its compressed data is cut off)"),
        Damage("object 4", "stream does not decompress (Error -3 while decompressing data: incorrect data check)"),
    ]


def test_length_that_disagrees_with_endstream():
    wrong = make_pdf(PAGE).replace(b"/Length %d " % len(PAGE), b"/Length %d " % (len(PAGE) + 40))
    assert pdf_damage(wrong) == [
        Damage("object 5", f"stream has /Length {len(PAGE) + 40} but {len(PAGE) + 1} bytes before endstream")
    ]
    # the end of line before endstream, counted in /Length or not, is no damage
    for extra in (-1, 1):
        off_by_eol = make_pdf(PAGE).replace(b"/Length %d " % len(PAGE), b"/Length %d " % (len(PAGE) + extra))
        assert pdf_damage(off_by_eol) == []


def test_indirect_length_is_resolved():
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        b"<< /Length 4 0 R /Filter /FlateDecode >>\nstream\n" + PAGE + b"\nendstream",
        b"%d" % len(PAGE),
    ]
    assert pdf_damage(pdf_from_objects(objects)) == []
    objects[3] = b"%d" % (len(PAGE) - 30)
    assert pdf_damage(pdf_from_objects(objects)) == [
        Damage("object 3", f"stream has /Length {len(PAGE) - 30} but {len(PAGE) + 1} bytes before endstream")
    ]


def test_absurd_numbers_are_no_error():
    # more digits than int() takes (4,300): the /Length is not read, endstream decides
    huge = make_pdf(PAGE).replace(b"/Length %d " % len(PAGE), b"/Length " + b"9" * 5000 + b" ")
    assert pdf_damage(huge) == []
    objects = [b"<< /Type /Catalog >>", b"<< /Length 3 0 R >>\nstream\nabc\nendstream", b"9" * 5000]
    assert pdf_damage(pdf_from_objects(objects)) == []


def test_file_cut_off():
    whole = make_pdf(PAGE)
    inside_the_stream = whole[: whole.index(b"endstream") - 5]
    assert pdf_damage(inside_the_stream) == [
        Damage("object 5", "stream has no endstream: the file is cut off inside it"),
        Damage("end of file", "the file is cut off: no startxref and %%EOF after its last object"),
    ]
    assert pdf_damage(whole[: whole.index(b"xref")]) == [
        Damage("end of file", "the file is cut off: no startxref and %%EOF after its last object")
    ]


def test_encrypted_file_is_not_checked():
    assert pdf_damage(_encrypted_pdf()) == []
    # its streams are ciphertext: a "broken" one gives no false alarm
    damaged = make_pdf(PAGE[:-4] + b"\0\0\0\0").replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt 3 0 R")
    assert pdf_damage(damaged) == []


def test_decompression_bomb_is_checked_in_bounded_memory():
    # 1 GiB of spaces in a 1 MB stream: the check stops after DECOMPRESSED_BUDGET of output
    # (reporting nothing for what it did not check) and never holds more than a slice
    bomb = make_pdf(zlib_of_spaces(1024)[:-1])
    tracemalloc.start()
    try:
        assert pdf_damage(bomb) == []
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024
    # within the budget the same damage is found
    assert pdf_damage(make_pdf(zlib_of_spaces(8)[:-1])) == [
        Damage("object 5", "stream does not decompress (its compressed data is cut off)")
    ]
    # the bomb of the build test: a chain whose first filter gives 1 MB
    assert pdf_damage(make_pdf(zlib.compress(zlib_of_spaces(1024), 9), b"/Filter [/FlateDecode /FlateDecode]")) == []


def test_summary_names_the_first_and_counts_the_rest():
    found = [Damage("object 5", "stream does not decompress (x)"), Damage("object 7", "stream has no endstream")]
    assert damage_summary([]) is None
    assert damage_summary(found[:1]) == "object 5: stream does not decompress (x)"
    assert damage_summary(found) == "object 5: stream does not decompress (x) (and 1 more in document_warnings)"


def test_mangled_files_never_raise():
    # the check runs on every PDF that parsed: whatever the bytes, it answers, never raises
    import random

    rng = random.Random(7)
    pieces = [b"stream\n", b">>", b"endstream", b" obj ", b"endobj", b" 0 R", b"/Length ", b"9" * 5000,
              b"/Filter /FlateDecode", b"startxref", b"%%EOF", b"trailer <<", b"/Encrypt", b"\r", b"/Length 4 0 R"]
    whole = make_pdf(PAGE)
    for _ in range(500):
        data = bytearray(whole)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.4:
                data[at:at] = rng.choice(pieces)
            elif choice < 0.7:
                data[at] = rng.randrange(256)
            else:
                del data[at:at + rng.randint(1, 200)]
        assert isinstance(pdf_damage(bytes(data)), list)
