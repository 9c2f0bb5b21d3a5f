"""parsers.layout: lines from PDF characters, furniture, footnotes, hyphenation, errors.

The real PDFs are read in place from ``../shared/corpus/real`` (beside the repository);
tests that need them are skipped when that folder is absent.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from kamerqa.parsers.layout import (
    Line,
    dominant_size,
    document_vocabulary,
    join_lines,
    join_pair,
    lines_from_chars,
    lines_to_text,
    read_pdf_lines,
    split_footnotes,
    strip_furniture,
)
from kamerqa.parsers.model import ParseError

from .conftest import pdf_lines
from .pdf_bytes import pdf_from_objects

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "corpus" / "real"
OPENDATA = REAL / "aanhangsel-tk-opendata"
AH3235 = REAL / "ah-tk-20202021-3235" / "ah-tk-20202021-3235.pdf"

needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real not present")


def opendata(prefix: str) -> Path:
    return next(OPENDATA.glob(prefix + "*.pdf"))


# ----------------------------------------------------------------------------- engine-free


def test_line_model_does_not_import_pdfplumber():
    code = "import sys, kamerqa.parsers.layout; assert 'pdfplumber' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


def _char(text, x0, top, size=8.5, font="ABCDEF+Univers", width=None):
    width = width if width is not None else size * 0.55
    return {
        "text": text,
        "fontname": font,
        "size": size,
        "x0": x0,
        "x1": x0 + width,
        "top": top,
        "bottom": top + size,
    }


def _word(text, x0, top, **kw):
    out, x = [], x0
    for ch in text:
        c = _char(ch, x, top, **kw)
        out.append(c)
        x = c["x1"]
    return out, x


def test_scripts_become_unicode_marker_forms():
    # "CO₂ en voorkomen»?¹ Zo": a lowered 5.5 pt "2" and a raised 5.5 pt "1"
    chars, x = _word("CO", 100, 200)
    chars.append(_char("2", x, 204.5, size=5.5))
    more, x = _word(" en voorkomen»?", x + 3, 200)
    chars += more
    chars.append(_char("1", x, 199, size=5.5))
    more, x = _word(" Zo", x + 3, 200)
    chars += more
    # next line, a footnote in 6.9 pt with a raised 4.5 pt number
    chars.append(_char("1", 100, 300, size=4.5))
    more, _ = _word("Bron", 106, 301, size=6.9)
    chars += more
    lines = lines_from_chars(chars, page=1)
    assert [ln.text for ln in lines] == ["CO₂ en voorkomen»?¹ Zo", "¹ Bron"]
    assert lines[0].size == 8.5 and lines[1].size == 6.9


def test_bold_italic_from_fontname_and_spans():
    chars, x = _word("Vragen", 100, 100, font="GOFMBP+Univers")
    more, _ = _word(" Kat", x, 100, font="GOFMBN+Univers-Black")
    lines = lines_from_chars(chars + more, page=2)
    (line,) = lines
    assert line.page == 2 and line.font == "Univers" and not line.bold
    assert [(s.text, s.bold) for s in line.spans] == [("Vragen", False), ("Kat", True)]
    italic = lines_from_chars(_word("over", 100, 100, font="X+Univers-Oblique")[0], page=1)[0]
    assert italic.italic and not italic.bold


def test_spacing_diacritic_over_previous_letter_is_composed():
    chars, x = _word("Yes", 100, 100)
    chars.append(_char("\u00b8", x - 4, 100))  # cedilla printed over the s
    more, _ = _word("ilgöz", x, 100)
    (line,) = lines_from_chars(chars + more, page=1)
    assert line.text == "Yeşilgöz"


def test_rows_of_different_size_on_one_baseline_stay_apart():
    # footer (9.1 pt) and the ISSN block (5.9 pt) share a baseline area but not a size
    left, _ = _word("ISSN 0921 - 7398", 55, 761.4, size=5.9)
    right, _ = _word("Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 1", 221, 765.2, size=9.1)
    texts = sorted(ln.text for ln in lines_from_chars(left + right, page=1))
    assert texts == ["ISSN 0921 - 7398", "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 1"]


# ----------------------------------------------------------------------------- hyphenation


@pytest.mark.parametrize(
    "left, right, joined",
    [
        ("een beperk-", "tere looptijd", "een beperktere looptijd"),
        ("over VN-", "resoluties", "over VN-resoluties"),
        ("de CCS-", "projecten", "de CCS-projecten"),
        ("naar Oost-", "Nederland", "naar Oost-Nederland"),
        ("de vredes-", "en veiligheidsagenda", "de vredes- en veiligheidsagenda"),
        ("in 2022-", "2023", "in 2022-2023"),
        ("ondersteunt –", "gesubsidieerd", "ondersteunt – gesubsidieerd"),
        ("(https://nos.nl/artikel/2526363-tuchtrecht-banken-wil-opheldering-van-bunq-over-",
         "gluren-naar-rekeningen)",
         "(https://nos.nl/artikel/2526363-tuchtrecht-banken-wil-opheldering-van-bunq-over-gluren-naar-rekeningen)"),
        ("(https://", "www.rijksoverheid.nl/actueel)", "(https://www.rijksoverheid.nl/actueel)"),
    ],
)
def test_join_pair(left, right, joined):
    assert join_pair(left, right) == joined


def test_join_pair_uses_the_document_vocabulary():
    vocab = document_vocabulary(["dat in lijn is met de internationale mvo-standaarden. Het"])
    assert join_pair("internationale mvo-", "standaarden.", vocab) == "internationale mvo-standaarden."
    assert join_pair("internationale mvo-", "standaarden.") == "internationale mvostandaarden."


@needs_real
def test_hyphenation_real_lines_1dac45ca():
    """1dac45ca… breaks many words across lines; check the raw lines, then the joins."""
    lines, _ = pdf_lines(opendata("1dac45ca"))
    texts = [ln.text for ln in lines]
    i = next(i for i, t in enumerate(texts) if t.endswith("De aard van de vertegenwoor-"))
    assert texts[i + 1].startswith("digingsrelatie, bloedverwant of niet")
    assert (
        "De aard van de vertegenwoordigingsrelatie, bloedverwant of niet, is hiervoor niet relevant."
        in join_lines(texts[i : i + 2])
    )
    i = next(i for i, t in enumerate(texts) if t.endswith("digitale-toegang-"))
    joined = join_lines(texts[i : i + 2])
    assert "artikel/2023/digitale-toegang-overheid-niet-goed-geregeld-voor-wettelijk-" in joined


@needs_real
def test_hyphenation_real_hyphens_kept():
    lines, _ = pdf_lines(opendata("1a2d8959"))
    texts = [ln.text for ln in lines]
    i = next(i for i, t in enumerate(texts) if t.endswith("de aanloop-"))
    assert texts[i + 1].startswith("en volloopverliezen")
    assert "de aanloop- en volloopverliezen" in join_lines(texts[i : i + 2])
    i = next(i for i, t in enumerate(texts) if t.endswith("bij bijvoorbeeld CCS-"))
    assert "bij bijvoorbeeld CCS-projecten rekening" in join_lines(texts[i : i + 2])


# ----------------------------------------------------------------------------- real PDFs


@needs_real
def test_read_pdf_lines_3235():
    lines, pages = pdf_lines(AH3235)
    assert pages == 3
    assert {ln.page for ln in lines} == {1, 2, 3}
    assert all(isinstance(ln, Line) for ln in lines)
    number = next(ln for ln in lines if ln.text == "3235")
    assert number.bold and number.size > 12 and number.page == 1
    assert dominant_size(lines) == 8.5
    first = next(ln for ln in lines if ln.text == "Vraag 1")
    assert first.page == 1 and first.x0 == pytest.approx(221.1, abs=0.2)
    assert first.page_height == pytest.approx(842, abs=1)


@needs_real
def test_superscript_subscript_and_diacritics_real():
    lines, _ = pdf_lines(opendata("01bf9f06"))
    texts = [ln.text for ln in lines]
    assert "een juridische analyse hebben gemaakt van het hoofdlijnenakkoord?¹ Zo ja," in texts
    assert any(t.startswith("¹ De Volkskrant, 28 mei 2024") for t in texts)
    texts = [ln.text for ln in pdf_lines(opendata("1a2d8959"))[0]]
    assert any("Voor CO₂ zijn er ook alternatieve" in t for t in texts)
    texts = [ln.text for ln in pdf_lines(opendata("1bb0809b"))[0]]
    assert any("Antwoord van Minister Yeşilgöz-Zegerius" in t for t in texts)
    texts = [ln.text for ln in pdf_lines(opendata("00fe7edd"))[0]]
    assert any("Kostić (PvdD)" in t for t in texts)
    assert not any("\u00b8" in t or "\u00b4" in t for t in texts)


@needs_real
def test_strip_furniture_3235():
    lines, _ = pdf_lines(AH3235)
    kept, meta = strip_furniture(lines)
    assert meta["id"] == "ah-tk-20202021-3235"
    assert meta["vergaderjaar"] == "2020-2021"
    assert meta["issn"] == "0921-7398"
    assert meta["page_numbers"] == {1: 1, 2: 2, 3: 3}
    dropped = [ln.text for ln in lines if ln not in kept]
    assert dropped == [
        "ah-tk-20202021-3235",
        "ISSN 0921 - 7398",
        "Tweede Kamer, vergaderjaar 2020–2021, Aanhangsel 1",
        "’s-Gravenhage 2021",
        "Tweede Kamer, vergaderjaar 2020–2021, Aanhangsel 2",
        "Tweede Kamer, vergaderjaar 2020–2021, Aanhangsel 3",
    ]


@needs_real
def test_lines_to_text_3235():
    text = lines_to_text(pdf_lines(AH3235)[0])
    assert "ISSN" not in text and "Aanhangsel 2" not in text and "’s-Gravenhage" not in text
    assert "(ontvangen 21 juni 2021).\n\nVraag 1\nKlopt het dat" in text
    assert "een beperk-\ntere looptijd" in text  # lines are kept as printed
    assert "bepaald op 2% (Staatsblad 2020, 118)." in text
    kept = lines_to_text(pdf_lines(AH3235)[0], drop_furniture=False)
    assert "ISSN 0921 - 7398" in kept


@needs_real
def test_footnote_quoting_tweede_kamer_vergaderjaar_is_not_furniture():
    lines, _ = pdf_lines(opendata("1b0f0b98"))
    kept, _ = strip_furniture(lines)
    assert any(ln.text == "⁴ Tweede Kamer, vergaderjaar 2022–2023, 26 485, nr. 424" for ln in kept)


@needs_real
def test_split_footnotes_real():
    lines, _ = pdf_lines(opendata("01b2bcad"))
    kept, _ = strip_furniture(lines)
    body, notes = split_footnotes(kept, vocab=document_vocabulary(ln.text for ln in kept))
    assert [(f.number, f.page) for f in notes] == [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3)]
    assert notes[0].text == (
        "Relief Web, 6 mei 2024, «Joint Statement by 190 Humanitarian Organisations in Yemen: "
        "Humanitarian partners urge donors to remain committed to the millions in need in Yemen "
        "[EN/AR]» (https://reliefweb.int/report/yemen/joint-statement-190-humanitarian-organisations-"
        "yemen-humanitarian-partners-urge-donors-remain-committed-millions-need-yemen-enar)"
    )
    assert notes[4].text == "Kamerstuk 22 054, nr. 395, d.d. 14 juli 2023."
    assert not any(ln.size < 8 for ln in body)


# ----------------------------------------------------------------------------- errors


@needs_real
def test_scanned_pdf_has_no_text_layer():
    with pytest.raises(ParseError, match=r"no text layer \(scanned document\)"):
        pdf_lines(REAL / "blg-1007826" / "blg-1007826.pdf")


def test_not_a_pdf(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_text("Dit is geen PDF.\n", encoding="utf-8")
    with pytest.raises(ParseError, match="not a PDF file"):
        read_pdf_lines(path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match="empty file"):
        read_pdf_lines(path)


def _encrypted_pdf() -> bytes:
    """A one-page PDF with a standard security handler whose user password is not empty."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> /P -4 >>",
    ]
    file_id = b"<00112233445566778899aabbccddeeff>"
    return pdf_from_objects(objs, b"/Encrypt 4 0 R /ID [" + file_id + file_id + b"]")


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted_pdf())
    with pytest.raises(ParseError, match="encrypted PDF"):
        read_pdf_lines(path)
