"""Find references to other documents in Dutch parliamentary text.

``extract_citations(text)`` returns one ``Citation`` per cited document, in the order the
references stand in the text. The targets are normalised ids:

* Kamerstukken: ``kst-<dossier>[-<suffix>]-<nr>`` as used by officielebekendmakingen.nl,
  e.g. ``kst-26150-190``, ``kst-36200-VII-7``, ``kst-21501-02-2733``. The dossier number
  loses its thousands space; a suffix (Roman numeral, letter, or the number after a hyphen
  as in 21 501-02) is joined with ``-``. A Rijkswet mark such as ``(R2099)`` stays in
  ``raw`` but not in the id. ``Citation.dossier`` is the dossier with its suffix, the way
  it appears inside the id: ``26150``, ``35570-X``, ``21501-02``.
* Aanhangsel van de Handelingen: ``ah-tk-<vergaderjaar>-<nr>`` (``ah-ek-`` for the Eerste
  Kamer), Handelingen: ``h-tk-<vergaderjaar>-<nr>[-<item>]``. A vergaderjaar is always
  eight digits: "2020/21", "2019–20", "2023-2024" all become ``20202021``-style years.
* Staatsblad ``stb-<year>-<nr>``, Staatscourant ``stcrt-<year>-<nr>`` and Tractatenblad
  ``trb-<year>-<nr>`` ("Trb. 2009, 217"); all have kind ``staatsblad`` so that kinds stay
  within one small set.
* Tweede Kamer document and zaak numbers as printed: ``2020D51493`` (kind ``tk-document``),
  ``2021Z09739`` (kind ``tk-zaak``).
* European Commission documents: ``COM(2021)726`` (also SWD, JOIN, SEC), kind ``eu`` — the
  printed form without its inner space, which is how EUR-Lex names them.
* EU legislation: ``celex-<CELEX number>``, kind ``eu``, linked to EUR-Lex by CELEX number.
  The CELEX number is sector 3, the four-digit year, L (directive), R (regulation) or D
  (decision) and the act's number padded to four digits: "Richtlijn 2014/65/EU" ->
  ``celex-32014L0065``, "Verordening (EU) nr. 600/2014" -> ``celex-32014R0600``,
  "Verordening (EU) 2017/1939" -> ``celex-32017R1939``, "Besluit 2009/77/EG" ->
  ``celex-32009D0077``. Directives print year/number ("95/46/EG" is 1995, number 46).
  Regulations before 2015 print number/year ("600/2014", "1408/71"), from 2015 on
  year/number ("2017/1939"); decisions print either ("716/2009/EG", "2009/77/EG"). So
  for regulations and decisions the second part is the year when it is a year before 2015
  and the first is not a year from 2015 on ("716/2009", "1998/2006"), or when it has two
  digits after a three-digit number or a four-digit non-year ("1408/71"); otherwise the
  first part is the year ("2009/77", "94/800"). Dutch and English names count
  (richtlijn, verordening, besluit, directive, regulation, decision, also
  "uitvoerings…"/"gedelegeerde …"/"implementing"/"delegated"), but only with an EU
  mark: "(EU)", "(EG)", "(EEG)", "(EU, Euratom)"… before the number or "/EU", "/EG",
  "/EEG"… after it. "Besluit 2009/123" alone may be a national decree and gives nothing.
* UN Security Council resolutions: ``unscr-1325``, kind ``un``. Only a number after the
  word resolutie/resoluties/resolution(s)/UNSCR counts, never a bare four-digit number.
* Web addresses: the address itself, kind ``url``; ``www.…`` gets ``https://``, and so does
  a lower-case host name with a path and no scheme ("regiopurmerend.nl/2024/05/…"). A bare
  host name ("(nist.gov)", "Rijksoverheid.nl") is a site's name, not an address. A host
  without a dot counts only with a path after it ("http://parlisweb/parlis/document.aspx?…",
  an intranet address); "https://" alone at a line end is nothing.

Conventions worth knowing:

* Several dossiers sharing one list of numbers ("Kamerstukken 26 150 en 36 180 nr. 223 en
  224") cite the numbers in the FIRST dossier: a document filed under several dossiers
  carries the number of the first one, and that is the id officielebekendmakingen uses.
* A dossier number needs something that says "Kamerstuk": a keyword before it (Kamerstuk,
  Kamerstukken, kenmerk, motie, TK, "Tweede Kamer, vergaderjaar …") or at least the
  printed form "<dossier>, nr. <n>". A plain "nr. 5" gives nothing.
* Besluitenlijsten print document numbers without keyword: "Nota van wijziging -
  30569-8", "34550-XIII-5", "34417-(R2068)-7", "21501-07-1398", "30372 nr. 31",
  "31700 VII nr. 72". These bare forms count only for a dossier printed as five digits
  without a space in the range 19000–39999 (the dossiers of the last decades) that stands
  alone: not right after a letter, digit, ".", "-" or "/", and the number not followed by
  a letter, digit, "-", "/" or a decimal part. So year ranges ("2016-2020"), postcodes
  ("2515 XP"), phone numbers ("070-3567000"), ISBNs ("978-90-12345-67-8"), amounts
  ("25000-30000", "20.000-25.000") and references ("BZDOC-2023943977-38") give nothing.
  The hyphenated form may carry one Rijkswet mark and one suffix (Roman numeral, letter or
  two digits) between dossier and number, and a line may break after a hyphen. A dossier
  with its thousands space ("36 471-64") counts in the bare hyphenated form only as the
  whole content of brackets, "(36 471-64)": in running text "25 000-30 000" is an amount.
  "26 150 nr. 190" (a space, no keyword, no comma) stays too weak.
* Dossier 21 501 only exists with a suffix (21 501-02, 21 501-20, …), so "Kamerstuk
  21501-02" is read as a dossier, not as document 2 of dossier 21501.
* A motion followed by "van het lid X c.s." / "van de leden X en Y", or printed as
  "motie X (<dossier>, nr. <n>)", has its submitter set ("Boswijk c.s.", "X en Y").
* A line that ends in "-" inside a web address is joined to the next line when that line
  goes on in lower case; other broken addresses end at the line break.
* The running header of Kamerstukken ("Tweede Kamer, vergaderjaar 2022–2023, 36 327,
  nr. 2 10": the document's own id and a page number at the end of the line) is skipped;
  the same form without a trailing page number is a citation, as in many footnotes.

The module is pure: it imports nothing but ``parsers.model`` and the standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

from .model import Citation

__all__ = [
    "TypedReference", "extract_citations", "normalize_kamerstuk_ref", "official_url",
    "read_reference",
]

# --------------------------------------------------------------------------------------
# URL forms

OFFICIELE_BEKENDMAKINGEN = "https://zoek.officielebekendmakingen.nl/{}.html"
OFFICIELE_DOSSIER = "https://zoek.officielebekendmakingen.nl/dossier/{}"
# tweedekamer.nl addresses its document pages by document number; its own links put the
# same number in both id and did (".../kamerstukken/detail?id=2022D25169&did=2022D25169").
TWEEDEKAMER_DOCUMENT = "https://www.tweedekamer.nl/kamerstukken/detail?id={0}&did={0}"
# A zaak page there needs a document number we do not have, so a zaak links to the site
# search for its number, which lists the zaak and all its documents.
TWEEDEKAMER_ZAAK = "https://www.tweedekamer.nl/zoeken?qry={}"
# EUR-Lex resolves COM/SWD/JOIN/SEC documents by type, year and number.
EUR_LEX = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri={}:{}:{}:FIN"
# EU legislation by CELEX number.
EUR_LEX_CELEX = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:{}"

_OFFICIAL_ID = re.compile(
    r"""^(?:
        kst-\d{5}(?:-[A-Za-z0-9]+)*-\d+
      | ah-(?:tk|ek)-\d{8}-\d+
      | h-(?:tk|ek)-\d{8}-\d+(?:-\d+)?
      | stb-\d{4}-\d+
      | stcrt-\d{4}-\d+
      | trb-\d{4}-\d+
      | blg-\d+
    )$""",
    re.VERBOSE,
)
_TK_NUMBER = re.compile(r"^(?:19|20)\d{2}([DZ])\d{5}$")
_EU_TARGET = re.compile(r"^(COM|SWD|JOIN|SEC)\((\d{4})\)(\d+)$")
_CELEX_TARGET = re.compile(r"^celex-(3\d{4}[LRD]\d{4})$")


def official_url(target: str) -> Optional[str]:
    """The public web page for a normalised target, or None when there is no stable one.

    Official publication ids go to zoek.officielebekendmakingen.nl, Tweede Kamer numbers to
    tweedekamer.nl, Commission documents and EU legislation to EUR-Lex, and a URL target is
    its own page. UN resolutions have no page that can be built from the number alone (the UN's
    addresses include the year), so they give None.
    """
    if not target:
        return None
    if target.startswith(("http://", "https://")):
        return target
    if _OFFICIAL_ID.match(target):
        return OFFICIELE_BEKENDMAKINGEN.format(target)
    tk = _TK_NUMBER.match(target)
    if tk:
        template = TWEEDEKAMER_DOCUMENT if tk.group(1) == "D" else TWEEDEKAMER_ZAAK
        return template.format(target)
    eu = _EU_TARGET.match(target)
    if eu:
        return EUR_LEX.format(eu.group(1), eu.group(2), int(eu.group(3)))
    celex = _CELEX_TARGET.match(target)
    if celex:
        return EUR_LEX_CELEX.format(celex.group(1))
    return None


# --------------------------------------------------------------------------------------
# Building blocks. Printed references break across lines, use non-breaking spaces and
# every kind of dash, so whitespace is \s (which covers U+00A0/U+202F) and dashes are a
# class. Inside a dossier number only a same-line space may stand ("26 150").

_HSPACE = r"[^\S\r\n]"
_DASH = r"[-\u2010\u2011\u2012\u2013\u2014\u2212]"
_YEAR = rf"(?:19|20)\d{{2}}\s*(?:/|{_DASH})\s*(?:\d{{4}}|\d{{2}})(?!\d)"
_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
)
# A document number; one followed by a month name is a date, not a number in a list.
_NUM = rf"\d{{1,5}}(?!\d)(?!\s+(?:{_MONTHS})\b)"
_NR_SINGULAR = r"(?i:nr|nummer)\b\.?"
_NR_PLURAL = r"(?i:nrs|nummers)\b\.?"
_NR_ANY = r"(?i:nrs?|nummers?)\b\.?"
# After "nr." a list goes on only with "en"/"&"/"t/m" or a repeated "nr."; a bare comma
# would swallow dates and page numbers ("nr. 190, 12 mei"). After "nrs." commas are fine.
_SINGULAR_SEP = rf"(?:\s*,\s*{_NR_ANY}\s*|\s*,?\s+(?:en|&|t/m|tot\s+en\s+met)\s+(?:{_NR_ANY}\s*)?)"
_PLURAL_SEP = rf"(?:\s*,\s*(?:{_NR_ANY}\s*)?|\s*,?\s+(?:en|&|t/m|tot\s+en\s+met)\s+(?:{_NR_ANY}\s*)?|\s*{_DASH}\s*)"
# Repetitions are bounded: real lists are short, and a bound keeps matching linear.
_NUMBERS = (
    rf"(?:{_NR_PLURAL}\s*{_NUM}(?:{_PLURAL_SEP}{_NUM}){{0,40}}"
    rf"|{_NR_SINGULAR}\s*{_NUM}(?:{_SINGULAR_SEP}{_NUM}){{0,40}})"
)

_ROMAN_OR_LETTER = r"(?:[IVXLC]{1,7}[AB]?|[A-Z])"
_DOSSIER_NUMBER = rf"(?<![\d.])\d{{2}}{_HSPACE}?\d{{3}}(?!\d)"
# A suffix after a space must be followed by what ends a dossier, so that a capital that
# starts the next word is not taken for one.
_SPACE_SUFFIX = (
    rf"{_HSPACE}+{_ROMAN_OR_LETTER}(?!\w)"
    rf"(?=\s*(?:[,;()/&]|(?i:nrs?|nummers?|en)\b|$))"
)
_NOT_AFTER_DASH = r"(?<![-\u2010\u2011\u2012\u2013\u2014\u2212])"
_HYPHEN_SUFFIX = rf"{_DASH}{_HSPACE}?(?:{_ROMAN_OR_LETTER}|\d{{1,3}})(?!\w)"
_RIJKSWET = r"\s*\(R\d{3,4}\)"
_DOSSIER = rf"{_DOSSIER_NUMBER}(?:{_HYPHEN_SUFFIX}|{_SPACE_SUFFIX}){{0,3}}(?:{_RIJKSWET})?"
_DOSSIERS = rf"{_DOSSIER}(?:\s*(?:,|/|&|\ben\b)\s*{_DOSSIER}){{0,6}}"

_KST_KEYWORD = r"""
    (?P<motie>(?i:\bmoties?\b))
  | (?i:\bkamerstuk(?:ken)?\b|\bkamerdossier\b)
  | (?i:\bkenmerk\b)\s*:?
  | \bTK\b
  | (?i:\btweede\s+kamer),?\s+(?i:vergaderjaar\b)
"""
# Keyword, then optionally the chamber ("II", often OCR'd as "ll") and the vergaderjaar.
_KST_PREFIX = rf"""
    (?P<prefix>{_KST_KEYWORD})
    (?:\s+(?:II|Il|ll|I)(?!\w))?
    (?:\s*,?\s*(?i:vergaderjaar\s+)?{_YEAR})?
    \s*,?\s*
"""

# --------------------------------------------------------------------------------------
# The patterns. Each finds one printed reference; a builder turns the match into zero or
# more citations. Overlaps between patterns are settled in extract_citations.

_KST_MAIN = re.compile(
    rf"""(?:{_KST_PREFIX})?
        (?P<dossiers>{_DOSSIERS})
        (?P<sep>\s*,?\s*)
        (?P<numbers>{_NUMBERS})""",
    re.VERBOSE,
)
# "Kamerstuk 31865-207", "Kamerstuk 35925-XVII-4": the number hangs on with a hyphen.
_KST_HYPHEN = re.compile(
    rf"""{_KST_PREFIX}
        (?P<dossier>{_DOSSIER_NUMBER})
        (?P<parts>(?:{_DASH}{_HSPACE}?(?:{_ROMAN_OR_LETTER}|\d{{1,5}})(?!\w))+)
        (?!\s*,?\s*{_NR_ANY})""",
    re.VERBOSE,
)
# Besluitenlijst style without keyword: "- 30569-8", "34550-XIII-5", "34417-(R2068)-7",
# "21501-07-\n1400", "(36 471-64)". The builder checks the dossier range and, for a
# dossier with a space, the brackets.
_LINE_BREAK = rf"(?:{_HSPACE}*\n{_HSPACE}*)?"
_KST_BARE_HYPHEN = re.compile(
    rf"""(?<![\w./]){_NOT_AFTER_DASH}
        (?P<dossier>\d{{5}}|\d{{2}}{_HSPACE}\d{{3}})(?!\d)
        (?P<rijkswet>{_DASH}{_LINE_BREAK}\(R\d{{3,4}}\))?
        (?:{_DASH}{_LINE_BREAK}(?P<suffix>{_ROMAN_OR_LETTER}|\d{{2}})(?!\w))?
        {_DASH}{_LINE_BREAK}(?P<number>[1-9]\d{{0,3}})
        (?![\w/]|{_DASH}|[.,]\d)""",
    re.VERBOSE,
)
# "nr. 456 (36800-XVI)": the number first, the dossier in brackets behind it.
_KST_NUMBER_FIRST = re.compile(
    rf"(?P<numbers>{_NUMBERS})\s*\(\s*(?P<dossiers>{_DOSSIER})\s*\)",
    re.VERBOSE,
)
_OFFICIAL_ID_IN_TEXT = re.compile(
    r"""(?<![\w/.=-])(?P<id>
        (?i:kst)-\d{5}(?:-[A-Z0-9]+)*-\d+
      | (?i:ah-(?:tk|ek))-\d{8}-\d+
      | (?i:h-(?:tk|ek))-\d{8}-\d+(?:-\d+)?
      | (?i:stb|stcrt|trb)-\d{4}-\d+
      | (?i:blg)-\d+
    )(?![\w-])""",
    re.VERBOSE,
)
_CHAMBER = r"(?:\s+(?P<chamber>II|Il|ll|I)(?!\w))?"
_AANHANGSEL = re.compile(
    rf"""(?i:\baanhangsel(?:\s+van\s+de)?\s+handelingen)
        {_CHAMBER}
        \s*,?\s*(?i:vergaderjaar\s+)?(?P<year>{_YEAR})
        \s*,?\s*(?P<numbers>{_NUMBERS}|{_NUM})""",
    re.VERBOSE,
)
_HANDELINGEN = re.compile(
    rf"""(?i:\bhandelingen)
        {_CHAMBER}
        \s*,?\s*(?i:vergaderjaar\s+)?(?P<year>{_YEAR})
        \s*,?\s*{_NR_SINGULAR}\s*(?P<nr>\d{{1,4}})(?!\d)
        (?:\s*,?\s*(?i:item)\s*(?P<item>\d{{1,3}})(?!\d))?""",
    re.VERBOSE,
)
_STAATSBLAD = re.compile(
    r"""(?P<which>(?i:\bstaatsblad|\bstb\b\.?|\bstaatscourant|\bstcrt\b\.?
                       |\btractatenblad|\btrb\b\.?))
        \s*(?P<year>(?:18|19|20)\d{2}),?\s*(?i:nr\.?\s*)?(?P<nr>\d{1,6})(?!\d)""",
    re.VERBOSE,
)
# A number right after "=" or "/" is part of a web address that was broken off.
_TK_NUMBER_IN_TEXT = re.compile(r"(?<![\w=/])(?:19|20)\d{2}(?P<letter>[DZ])\d{5}(?!\w)")
_EU = re.compile(
    r"\b(?P<type>COM|SWD|JOIN|SEC)\s*(?:\(\s*(?P<year>\d{4})\s*\)|/(?P<year2>\d{4})/)\s*(?P<nr>\d{1,5})(?!\d)"
)
# EU legislation; the builder works out the CELEX number. An EU mark, "(EU)" before the
# number or "/EU" after it, is required.
_EU_MARK = r"(?:EU|EG|EEG|EC|EEC|EGKS|Euratom|GBVB|CFSP|JBZ|JHA)"
_EU_ACT = re.compile(
    rf"""(?<!\w)(?P<type>
            (?i:(?:uitvoerings|gedelegeerde\s+)?(?:richtlijn|verordening|besluit))
          | (?i:(?:implementing\s+|delegated\s+)?(?:directive|regulation|decision))
        )
        \s+
        (?:\(\s*(?P<mark>{_EU_MARK}(?:\s*,\s*{_EU_MARK})*)\s*\)\s*)?
        (?:(?i:nr|no|nummer)\b\.?\s*)?
        (?<![\d/])(?P<first>\d{{2,4}})/(?P<second>\d{{1,4}})
        (?:/(?P<mark2>{_EU_MARK})(?!\w)|(?![\d/]))""",
    re.VERBOSE,
)
_UN_ITEM = r"\d{1,4}(?![\d/])(?:\s*\(\s*(?:19|20)\d{2}\s*\))?"
_UN = re.compile(
    rf"""(?:(?<![\w-])(?P<body>[A-Z]{{2,5}}){_DASH})?
        (?<!\w)(?i:resoluties?|resolutions?|unscr)\s+
        (?P<items>{_UN_ITEM}(?:\s*(?:,|\ben\b|\band\b|&)\s*{_UN_ITEM}){{0,40}})""",
    re.VERBOSE,
)
# Resolutions of these bodies are not Security Council resolutions.
_NOT_SECURITY_COUNCIL = {"AVVN", "AV", "UNGA", "GA", "EP", "EU", "PACE", "RVE"}

_URL_CHAR = r"""[^\s<>"«»\[\]{}|\\^`]"""
# A host name without scheme or "www." is an address only when it is printed in lower case
# with a common top-level domain and a path: "regiopurmerend.nl/2024/05/03/…".
_HOST_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_BARE_HOST = (
    rf"(?<![\w./@:-]){_HOST_LABEL}(?:\.{_HOST_LABEL})*"
    r"\.(?:nl|eu|com|org|net|int|gov|edu|info|be|de|fr|uk)/(?=[\w%~])"
)
_URL = re.compile(
    rf"""(?:\b(?i:https?)://|(?<![\w./@])(?i:www)\.|{_BARE_HOST})
        {_URL_CHAR}*
        (?:(?<=-){_HSPACE}*\n{_HSPACE}*(?=[a-z0-9%]){_URL_CHAR}+)*""",
    re.VERBOSE,
)
_URL_TRAILING = ".,;:!?'\"’”»"

_NAME_PARTICLE = r"(?:van|de|der|den|het|ter|ten|te|in|op|von|du|la|le|d'|['’]t)"
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’]*(?:-[A-Za-zÀ-ÖØ-öø-ÿ'’]+)*"
_NAME = rf"(?:{_NAME_PARTICLE}\s+){{0,3}}{_NAME_WORD}(?:\s+(?:{_NAME_PARTICLE}\s+){{0,3}}{_NAME_WORD}){{0,4}}"
_NAMES = rf"{_NAME}(?:(?:\s*,\s*|\s+en\s+){_NAME}){{0,8}}(?:\s+c\.\s?s\.)?"
_SUBMITTER_AFTER = re.compile(rf"\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<names>{_NAMES})")
_SUBMITTER_BEFORE = re.compile(
    rf"(?i:\bmotie)\s+(?:van\s+(?:het\s+lid|de\s+leden)\s+)?(?P<names>{_NAMES})\s*\(\s*$"
)


# --------------------------------------------------------------------------------------
# Normalisation helpers


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def vergaderjaar_id(printed: str) -> Optional[str]:
    """'2020/21', '2019–20', '2023-2024' -> '20202021'; None when it is no year pair."""
    parts = re.split(rf"\s*(?:/|{_DASH})\s*", printed.strip())
    if len(parts) != 2 or not all(part.isdigit() for part in parts):
        return None
    first, second = parts
    start = int(first)
    if len(second) == 2:
        end = start // 100 * 100 + int(second)
        if end < start:  # 1999/00
            end += 100
    else:
        end = int(second)
    return f"{start:04d}{end:04d}"


def _dossier_id(printed: str) -> str:
    """'35 570 X' -> '35570-X', '21 501-02' -> '21501-02', '36 123 (R2099)' -> '36123'."""
    printed = re.sub(r"\(R\d+\)", "", printed)
    match = re.match(rf"\s*(\d{{2}}){_HSPACE}?(\d{{3}})", printed)
    number = match.group(1) + match.group(2)
    suffixes = re.findall(r"[A-Z]+|\d+", printed[match.end():])
    return "-".join([number, *suffixes])


def _split_dossiers(printed: str) -> list[str]:
    return [
        _dossier_id(part.group(0))
        for part in re.finditer(_DOSSIER, printed, re.VERBOSE)
    ]


def _expand_numbers(printed: str) -> list[int]:
    """All numbers of a printed list; "12 t/m 15" and "12-15" (after nrs.) are ranges."""
    tokens = re.findall(rf"\d+|t/m|tot\s+en\s+met|{_DASH}", printed)
    numbers: list[int] = []
    pending_range = False
    for token in tokens:
        if token[0].isdigit():
            value = int(token)
            if pending_range and numbers and 0 < value - numbers[-1] <= 100:
                numbers.extend(range(numbers[-1] + 1, value + 1))
            else:
                numbers.append(value)
            pending_range = False
        else:
            pending_range = True
    return numbers


# --------------------------------------------------------------------------------------
# Builders: match -> citations (an empty list means "not a citation after all").


@dataclass
class _Found:
    start: int
    end: int
    citations: list[Citation]


def _kamerstuk(raw: str, dossier: str, number: int, submitter: Optional[str] = None) -> Citation:
    target = f"kst-{dossier}-{number}"
    return Citation(
        raw=raw,
        target=target,
        kind="kamerstuk",
        url=official_url(target),
        dossier=dossier,
        submitter=submitter,
    )


def _motion_submitter(text: str, match: re.Match, is_motion: bool) -> Optional[str]:
    after = _SUBMITTER_AFTER.match(text, match.end())
    if is_motion and after:
        return _squash(after.group("names"))
    before = _SUBMITTER_BEFORE.search(text, max(0, match.start() - 200), match.start())
    if before:
        return _squash(before.group("names"))
    return None


_PAGE_NUMBER_AT_LINE_END = re.compile(rf"{_HSPACE}+\d{{1,3}}{_HSPACE}*(?:\n|$)")


def _is_running_header(text: str, match: re.Match) -> bool:
    """Kamerstukken print "Tweede Kamer, vergaderjaar 2022–2023, 36 327, nr. 2 10" on every
    page: the document's own id followed by the page number. A citation in that form
    (common in footnotes) is not followed by a bare number at the end of its line."""
    prefix = match.group("prefix") or ""
    return prefix.lower().startswith("tweede") and bool(
        _PAGE_NUMBER_AT_LINE_END.match(text, match.end())
    )


def _build_kst_main(text: str, match: re.Match) -> list[Citation]:
    if match.group("prefix") is None and "," not in match.group("sep"):
        # "26 150 nr. 5" with no keyword and no comma is too weak; the besluitenlijst form
        # "30372 nr. 31" / "31700 VII nr. 72" (one dossier, five digits) counts.
        dossiers = match.group("dossiers")
        if (
            not _is_bare_dossier(dossiers)
            or len(_split_dossiers(dossiers)) != 1
            or re.match(rf"[\w/]|{_DASH}", text[match.start() - 1: match.start()])
        ):
            return []
    if _is_running_header(text, match):
        return []
    dossiers = _split_dossiers(match.group("dossiers"))
    if not dossiers:
        return []
    raw = _squash(match.group(0))
    submitter = _motion_submitter(text, match, match.group("motie") is not None)
    return [
        _kamerstuk(raw, dossiers[0], number, submitter)
        for number in _expand_numbers(match.group("numbers"))
    ]


def _build_kst_hyphen(text: str, match: re.Match) -> list[Citation]:
    parts = re.findall(r"[A-Z]+|\d+", match.group("parts"))
    number = parts[-1]
    if not number.isdigit() or number.startswith("0"):
        return []  # "35570-X" or "21 501-02": a dossier, no document number
    dossier_number = re.sub(r"\D", "", match.group("dossier"))
    if dossier_number == "21501" and len(parts) == 1:
        return []
    dossier = "-".join([dossier_number, *parts[:-1]])
    raw = _squash(match.group(0))
    submitter = _motion_submitter(text, match, match.group("motie") is not None)
    return [_kamerstuk(raw, dossier, int(number), submitter)]


def _is_bare_dossier(printed: str) -> bool:
    """A dossier printed without keyword: five digits, no space, from 19000 to 39999."""
    return bool(re.match(r"\d{5}(?!\d)", printed)) and 19000 <= int(printed[:5]) <= 39999


def _build_kst_bare_hyphen(text: str, match: re.Match) -> list[Citation]:
    printed = match.group("dossier")
    if not printed.isdigit():  # "36 471-64": only as the whole content of brackets
        before, after = text[match.start() - 1: match.start()], text[match.end(): match.end() + 1]
        if (before, after) != ("(", ")"):
            return []
        printed = re.sub(r"\D", "", printed)
    if not _is_bare_dossier(printed):
        return []
    suffix = match.group("suffix")
    if printed == "21501" and not suffix:
        return []
    dossier = "-".join([printed, *([suffix] if suffix else [])])
    return [_kamerstuk(_squash(match.group(0)), dossier, int(match.group("number")))]


def _build_kst_number_first(text: str, match: re.Match) -> list[Citation]:
    dossier = _dossier_id(match.group("dossiers"))
    raw = _squash(match.group(0))
    return [_kamerstuk(raw, dossier, n) for n in _expand_numbers(match.group("numbers"))]


_ID_KINDS = {"kst": "kamerstuk", "ah": "aanhangsel", "h": "handelingen",
             "stb": "staatsblad", "stcrt": "staatsblad", "trb": "staatsblad",
             "blg": "kamerstuk"}


def _build_official_id(text: str, match: re.Match) -> list[Citation]:
    printed = match.group("id")
    head, _, rest = printed.partition("-")
    target = f"{head.lower()}-{rest}"
    if head.lower() in ("ah", "h"):
        target = target.lower()
    dossier = None
    if head.lower() == "kst":
        dossier = target[len("kst-"):].rsplit("-", 1)[0]
    return [Citation(raw=printed, target=target, kind=_ID_KINDS[head.lower()],
                     url=official_url(target), dossier=dossier)]


def _chamber(match: re.Match) -> str:
    return "ek" if match.group("chamber") == "I" else "tk"


def _build_aanhangsel(text: str, match: re.Match) -> list[Citation]:
    year = vergaderjaar_id(match.group("year"))
    if year is None:
        return []
    raw = _squash(match.group(0))
    citations = []
    for number in _expand_numbers(match.group("numbers")):
        target = f"ah-{_chamber(match)}-{year}-{number}"
        citations.append(Citation(raw=raw, target=target, kind="aanhangsel",
                                  url=official_url(target)))
    return citations


def _build_handelingen(text: str, match: re.Match) -> list[Citation]:
    year = vergaderjaar_id(match.group("year"))
    if year is None:
        return []
    target = f"h-{_chamber(match)}-{year}-{int(match.group('nr'))}"
    if match.group("item"):
        target += f"-{int(match.group('item'))}"
    return [Citation(raw=_squash(match.group(0)), target=target, kind="handelingen",
                     url=official_url(target))]


def _build_staatsblad(text: str, match: re.Match) -> list[Citation]:
    which = match.group("which").lower()
    if which.startswith(("staatsb", "stb")):
        series = "stb"
    elif which.startswith(("tractatenb", "trb")):
        series = "trb"
    else:
        series = "stcrt"
    target = f"{series}-{match.group('year')}-{int(match.group('nr'))}"
    return [Citation(raw=_squash(match.group(0)), target=target, kind="staatsblad",
                     url=official_url(target))]


def _build_tk_number(text: str, match: re.Match) -> list[Citation]:
    target = match.group(0)
    kind = "tk-document" if match.group("letter") == "D" else "tk-zaak"
    return [Citation(raw=target, target=target, kind=kind, url=official_url(target))]


def _build_eu(text: str, match: re.Match) -> list[Citation]:
    year = match.group("year") or match.group("year2")
    target = f"{match.group('type')}({year}){int(match.group('nr'))}"
    return [Citation(raw=_squash(match.group(0)), target=target, kind="eu",
                     url=official_url(target))]


_EU_ACT_LETTER = {"richtlijn": "L", "directive": "L", "verordening": "R",
                  "regulation": "R", "besluit": "D", "decision": "D"}


def _printed_year(printed: str) -> Optional[int]:
    """'2014' -> 2014, '95' -> 1995, '05' -> 2005; None for what cannot be a year."""
    if len(printed) == 4 and printed[:2] in ("19", "20"):
        return int(printed)
    if len(printed) == 2:
        value = int(printed)
        return 1900 + value if value >= 50 else 2000 + value
    return None


def _build_eu_act(text: str, match: re.Match) -> list[Citation]:
    if not (match.group("mark") or match.group("mark2")):
        return []
    name = match.group("type").lower().split()[-1]
    letter = next(v for k, v in _EU_ACT_LETTER.items() if name.endswith(k))
    first, second = match.group("first"), match.group("second")
    first_year, second_year = _printed_year(first), _printed_year(second)
    if letter == "L":
        second_is_year = False  # directives: always year/number
    elif len(second) == 4:  # "600/2014", "716/2009", "1998/2006" but not "2017/1939"
        second_is_year = (second_year is not None and second_year < 2015
                          and not (first_year is not None and first_year >= 2015))
    else:  # "1408/71", "574/72" but not "2009/77" or "94/12"
        second_is_year = second_year is not None and len(first) == 3 or (
            len(first) == 4 and first_year is None)
    if second_is_year:
        year, number = second_year, int(first)
    else:
        year, number = first_year, int(second)
    if year is None or not 1950 <= year <= 2099 or number == 0:
        return []
    target = f"celex-3{year}{letter}{number:04d}"
    return [Citation(raw=_squash(match.group(0)), target=target, kind="eu",
                     url=official_url(target))]


def _build_un(text: str, match: re.Match) -> list[Citation]:
    if (match.group("body") or "") in _NOT_SECURITY_COUNCIL:
        return []
    raw = _squash(match.group(0))
    numbers = re.findall(r"(\d{1,4})(?![\d/])(?:\s*\(\s*(?:19|20)\d{2}\s*\))?", match.group("items"))
    return [Citation(raw=raw, target=f"unscr-{int(n)}", kind="un") for n in numbers]


def _build_url(text: str, match: re.Match) -> list[Citation]:
    printed = match.group(0)
    url = re.sub(r"\s+", "", printed)
    while url:
        if url[-1] in _URL_TRAILING:
            url = url[:-1]
        elif url[-1] == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        else:
            break
    raw_end = len(printed) - (len(re.sub(r"\s+", "", printed)) - len(url))
    raw = _squash(printed[:raw_end])
    if not re.match(r"https?://", url, flags=re.IGNORECASE):
        url = "https://" + url  # "www.…" or a bare host name with a path
    host, _, path = re.sub(r"^https?://", "", url, flags=re.IGNORECASE).partition("/")
    if "." not in host.strip(".") and not (host and path):
        return []  # "https://" at a line end, the rest on the next line
    return [Citation(raw=raw, target=url, kind="url", url=url)]


# Order matters only as a tie-breaker for matches with the same start and length.
_PATTERNS: list[tuple[re.Pattern, Callable[[str, re.Match], list[Citation]]]] = [
    (_URL, _build_url),
    (_AANHANGSEL, _build_aanhangsel),
    (_HANDELINGEN, _build_handelingen),
    (_KST_MAIN, _build_kst_main),
    (_KST_HYPHEN, _build_kst_hyphen),
    (_KST_NUMBER_FIRST, _build_kst_number_first),
    (_KST_BARE_HYPHEN, _build_kst_bare_hyphen),
    (_OFFICIAL_ID_IN_TEXT, _build_official_id),
    (_STAATSBLAD, _build_staatsblad),
    (_TK_NUMBER_IN_TEXT, _build_tk_number),
    (_EU, _build_eu),
    (_EU_ACT, _build_eu_act),
    (_UN, _build_un),
]


def extract_citations(
    text: str, context: str = "body", context_key: Optional[str] = None
) -> list[Citation]:
    """All citations in ``text``, in order of appearance.

    Every printed reference is read once: where patterns overlap, the one that starts
    first wins, and of two starting at the same place the longer one. A list such as
    "nrs. 12 en 13" is one printed reference that yields one citation per number, all with
    the same ``raw``. The same reference printed twice gives two citations.
    """
    if not text:
        return []
    candidates: list[tuple[int, int, int, _Found]] = []
    for order, (pattern, build) in enumerate(_PATTERNS):
        for match in pattern.finditer(text):
            citations = build(text, match)
            if citations:
                found = _Found(match.start(), match.end(), citations)
                candidates.append((match.start(), -(match.end() - match.start()), order, found))
    candidates.sort(key=lambda item: item[:3])
    result: list[Citation] = []
    taken_until = -1
    for start, _, _, found in candidates:
        if start < taken_until:
            continue
        taken_until = found.end
        for citation in found.citations:
            citation.context = context
            citation.context_key = context_key
            result.append(citation)
    return result


def normalize_kamerstuk_ref(raw: str) -> list[str]:
    """The kst ids of one Kamerstuk reference: "Kamerstuk 26 150, nrs. 12 en 13" ->
    ["kst-26150-12", "kst-26150-13"].

    As the string is known to be a Kamerstuk reference, the keyword may be left out
    ("26 150, nr. 190", "31865-207").
    """
    for candidate in (raw, f"Kamerstuk {raw}"):
        targets = [
            citation.target
            for citation in extract_citations(candidate)
            if citation.target.startswith("kst-")
        ]
        if targets:
            return targets
    return []


# --------------------------------------------------------------------------------------
# References as people type them into a search box


@dataclass
class TypedReference:
    """What a search box query names when the whole query is one reference.

    ``kind`` is ``document`` (``targets``: the normalised ids, usually one), ``case`` (a TK
    case or document number such as ``2023Z19677``; ``targets`` holds it) or ``dossier``
    (``dossier`` only, as in the ids: ``26150``, ``36200-VII``). ``dossier`` is also set for
    a Kamerstuk document.
    """

    kind: str
    targets: list[str]
    dossier: Optional[str] = None

    @property
    def url(self) -> Optional[str]:
        if self.kind == "dossier":
            return OFFICIELE_DOSSIER.format(self.dossier)
        return official_url(self.targets[0]) if self.targets else None


# Words a person may type around a reference that say nothing more: "Kamerstuk", "zie",
# "dossier", the chamber, stray punctuation.
_QUERY_FILLER = re.compile(
    r"(?i:\b(?:zie|kamerstuk(?:ken)?|kamerdossier|dossier|dossiernummer|nr|nummer|kst|tk|ii)\b)"
    r"|[\s,.:;()\[\]\"'“”‘’]+"
)
# A dossier alone: "26 150", "26150", "dossier 29338", "Kamerstuk 36 200 VII", "35570-X".
_DOSSIER_QUERY = re.compile(
    rf"""(?P<keyword>(?i:(?:kamer)?dossier(?:nummer)?|kamerstuk(?:ken)?)(?:\s+(?:II|I))?\s*:?\s*)?
        (?P<dossier>\d{{2}}{_HSPACE}?\d{{3}})
        (?P<suffix>(?:{_DASH}|{_HSPACE})(?:[IVXLC]{{1,7}}[AB]?|[A-Z]|\d{{2}}))?""",
    re.VERBOSE,
)


_NUMBER_WORD = re.compile(rf"(?<!\w){_NR_ANY}")


def _covers(query: str, raws: list[str]) -> bool:
    """Whether the printed references ``raws`` are all of ``query``, apart from filler."""
    rest = query
    for raw in raws:
        if raw not in rest:
            return False
        rest = rest.replace(raw, " ", 1)
    return not _QUERY_FILLER.sub("", rest)


def read_reference(query: str) -> Optional[TypedReference]:
    """The reference a search box query is, as people type them, or None when the query
    is something else (words, an amount, a date, a year range).

    Reads every printed form ``extract_citations`` reads, and also the bare forms typed
    into a search box: ``Kamerstuk 26150 nr. 190``, ``26 150, nr. 190``, ``26150-190``,
    ``kst-26150-190``, ``Kamerstukken II 2020/21, 26 150, nr. 190``, ``Aanhangsel
    Handelingen 2023-2024, nr. 1121``, ``ah-tk-20232024-1121``, a TK case number
    ``2023Z19677``, a dossier alone (``26 150``, ``dossier 29338``).
    """
    text = _squash(query or "").strip(" .,;:")
    if not text or len(text) > 200:
        return None
    dossier = _DOSSIER_QUERY.fullmatch(text)
    if dossier:
        number = re.sub(r"\D", "", dossier.group("dossier"))
        typed_with_space = not number == dossier.group("dossier")
        # A bare five-digit number is a dossier only in the range of the last decades'
        # dossiers; with a keyword or printed with its thousands space it always is.
        if dossier.group("keyword") or typed_with_space or _is_bare_dossier(number):
            suffix = re.sub(rf"^(?:{_DASH}|{_HSPACE})", "", dossier.group("suffix") or "")
            if not (number == "21501" and not suffix):
                return TypedReference("dossier", [], "-".join([number, *([suffix] if suffix else [])]))
    candidates = [(text, "")]
    if _NUMBER_WORD.search(text):
        # "26 150 nr. 190" typed without "Kamerstuk" or comma, too weak in running text;
        # only with "nr.", so that "25000-30000" stays an amount.
        candidates.append((f"Kamerstuk {text}", "Kamerstuk "))
    for candidate, prefix in candidates:
        found = [
            c for c in extract_citations(candidate)
            if c.kind in ("kamerstuk", "aanhangsel", "handelingen", "tk-zaak", "tk-document")
        ]
        if not found:
            continue
        raws = list(dict.fromkeys(c.raw for c in found))
        if prefix and raws[0].startswith(prefix):
            raws[0] = raws[0][len(prefix):]
        if not _covers(text, raws):
            continue
        targets = list(dict.fromkeys(c.target for c in found))
        if found[0].kind in ("tk-zaak", "tk-document"):
            return TypedReference("case", targets[:1])
        return TypedReference("document", targets, found[0].dossier)
    return None
