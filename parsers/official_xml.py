"""Official XML of officielebekendmakingen.nl as an input format.

Every publication of the Staten-Generaal exists as XML beside its PDF (the
``<officiele-publicatie>`` root of the OP schema). Where both exist the XML is the ground
truth: its elements say what the PDF only shows by layout. ``parse_official_xml(data)``
reads three document types from their elements:

``<kamervragen>`` (Aanhangsel van de Handelingen: written questions and their answers)
    ``id`` ``ah-tk-<vergaderjaar>-<kamervraagnummer>``; ``<kamervraagomschrijving
    type="vraag">`` gives the askers (with their parties), addressee, subject and the date
    submitted (from ``<datum isodatum>``), and its text without "(ingezonden …)" is the title;
    ``type="antwoord"`` gives the minister(s), "mede namens" and the date received (= ``date``).
    The same keys as the PDF parser (:mod:`parsers.aanhangsel`) are filled in, so the two
    parses can be compared. ``<vraag>``/``<antwoord>`` with ``<nr>`` ("Vraag 9 en 10",
    "Antwoord 5 en 6") and ``<al>`` paragraphs become ``Question``/``Answer`` objects (a
    grouped question is one Question per number with the same text and label).
``<kamerstuk>``
    ``<dossiernummer>``/``<dossiernr>`` ("32 545") and the dossier ``<titel>``
    (``extra["dossier_title"]``), ``<stuknr>``/``<ondernummer>``, the heading ``<titel>``
    ("MOTIE VAN DE LEDEN …", which gives the kind as in :mod:`parsers.kamerstuk`), the dated
    line (``<datumtekst>`` "Voorgesteld <datum isodatum=…>"). The text goes to ``body`` (one
    paragraph per ``<al>``); a motion's closing ``<al-groep>`` (the names after "en gaat over
    tot de orde van de dag.") gives ``signatories``; a letter's ``<ondertekening>`` too. A
    verslag van een schriftelijk overleg is handed, paragraph by paragraph, to the same
    structure parser as its text and PDF (:func:`schriftelijk_overleg.parse_structure`).
``<handelingen>`` (kept modest)
    ``id`` from the publication's metadata reference (``h-tk-20172018-61-10``), kind
    ``other``, the ``<item-titel>`` as title, the speakers with their parties
    (``extra["speakers"]``) and the text as body: each turn opens with the speaker
    ("De heer Wörsdörfer (VVD):").

Footnotes (``<noot type="voet"><noot.nr>1</noot.nr><noot.al>…</noot.al></noot>``, inline at
the place of their marker) become ``Footnote`` objects linked to the question, answer or body
where they stand.

The identifier comes from the ``OVERHEIDop.externMetadataRecord`` reference inside the XML
(``…/kst-32545-143/metadata.xml``) and otherwise from the document's own numbers. A metadata
record (``metadata.xml``, ``metadata_owms.xml``: root ``<metadata_gegevens>`` or an OWMS
record) is no document and raises ``ParseError``. Pure: no database, no citations.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterable, Optional

from .footnotes import link_footnotes, placeholder, pop_footnote_markers
from .model import Answer, Footnote, Member, ParsedDocument, ParseError, Question

_METADATA_ROOTS = ("metadata_gegevens", "owms-metadata", "owmsmetadata", "metadata")

_ID_IN_URL_RE = re.compile(r"/((?:kst|ah-tk|ah-ek|h-tk|h-ek|blg|kv-tk|kv-ek|stb|stcrt)-[0-9A-Za-z-]+?)/metadata\.xml")
_VERGADERJAAR_RE = re.compile(r"(\d{4})\s*[–—-]\s*(\d{4})")


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


def _child(el: Optional[ET.Element], name: str) -> Optional[ET.Element]:
    if el is None:
        return None
    return next((c for c in el if _local(c.tag) == name), None)


def _find(el: Optional[ET.Element], name: str) -> Optional[ET.Element]:
    """The first descendant called ``name`` (depth first)."""
    if el is None:
        return None
    return next((c for c in el.iter() if _local(c.tag) == name and c is not el), None)


class _Notes:
    """Footnotes met while reading text, numbered as printed."""

    def __init__(self) -> None:
        self.footnotes: list[Footnote] = []

    def add(self, noot: ET.Element) -> str:
        nr = _child(noot, "noot.nr")
        printed = _ws("".join(nr.itertext())) if nr is not None else ""
        number = int(printed) if printed.isdigit() else len(self.footnotes) + 1
        parts = [_text(c, None) for c in noot if _local(c.tag) != "noot.nr"]
        text = _ws(" ".join(p for p in parts if p))
        if not any(f.number == number for f in self.footnotes):
            self.footnotes.append(Footnote(number=number, text=text))
        return placeholder(number)


def _text(el: ET.Element, notes: Optional[_Notes]) -> str:
    """The text of ``el`` with inline markup flattened and each ``<noot>`` replaced by the
    placeholder of its footnote (or left out when ``notes`` is None)."""
    return _ws(_raw_text(el, notes))


def _raw_text(el: ET.Element, notes: Optional[_Notes]) -> str:
    out = [el.text or ""]
    for child in el:
        tag = _local(child.tag)
        if tag == "noot":
            if notes is not None:
                out.append(notes.add(child))
        elif tag not in ("noot.ref", "noot.nr"):
            out.append(_raw_text(child, notes))  # "<voornaam>Romke de </voornaam>": keep the space
        out.append(child.tail or "")
    return "".join(out)


def _paragraphs(el: ET.Element, notes: Optional[_Notes], skip: Iterable[ET.Element] = ()) -> list[str]:
    """The ``<al>`` paragraphs (and headings) under ``el`` in document order; a ``<noot>``'s
    own paragraphs are footnote text, not body."""
    skip_ids = {id(s) for s in skip}
    out: list[str] = []

    def walk(node: ET.Element) -> None:
        for child in node:
            tag = _local(child.tag)
            if id(child) in skip_ids or tag in ("noot", "metadata", "nr"):
                continue
            if tag in ("al", "tussenkop", "titel", "item-titel"):
                text = _text(child, notes)
                if text:
                    out.append(text)
            elif tag == "kop":
                text = _ws(" ".join(_text(c, notes) for c in child))
                if text:
                    out.append(text)
            else:
                walk(child)

    walk(el)
    return out


def _metadata_id(root: ET.Element) -> Optional[str]:
    for meta in root.iter():
        if _local(meta.tag) == "meta" and meta.get("name") == "OVERHEIDop.externMetadataRecord":
            m = _ID_IN_URL_RE.search(meta.get("content") or "")
            if m:
                return m.group(1)
    return None


def _kop_facts(kop: Optional[ET.Element]) -> tuple[Optional[str], str]:
    """(vergaderjaar "2020-2021", kamer "tk"/"ek") from a ``<kamerstukkop>``/``<kamervraagkop>``."""
    vergaderjaar, kamer = None, "tk"
    if kop is None:
        return vergaderjaar, kamer
    for regel in kop.iter():
        if _local(regel.tag) != "tekstregel":
            continue
        text = _ws("".join(regel.itertext()))
        if regel.get("inhoud") == "vergaderjaar":
            m = _VERGADERJAAR_RE.search(text)
            if m:
                vergaderjaar = f"{m.group(1)}-{m.group(2)}"
        elif regel.get("inhoud") == "kamernummer" and text == "1":
            kamer = "ek"
        elif regel.get("inhoud") == "kameraanduiding" and text.startswith("Eerste"):
            kamer = "ek"
    return vergaderjaar, kamer


def _iso_in(el: Optional[ET.Element]) -> Optional[str]:
    datum = _find(el, "datum") if el is not None else None
    return datum.get("isodatum") if datum is not None and datum.get("isodatum") else None


def _label_numbers(label: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", label)]


# ---------------------------------------------------------------------------------------------


def _kamervragen(el: ET.Element, root: ET.Element) -> ParsedDocument:
    from .kamervragen import _HEADING_RE, parse_answer_line as _parse_answer_line, parse_askers

    notes = _Notes()
    vergaderjaar, kamer = _kop_facts(_child(el, "kamervraagkop"))
    nummer = _child(el, "kamervraagnummer")
    number = _ws("".join(nummer.itertext())) if nummer is not None else None
    doc_id = _metadata_id(root)
    if not doc_id and number and vergaderjaar:
        doc_id = f"ah-{kamer}-{vergaderjaar.replace('-', '')}-{number}"
    if doc_id and not vergaderjaar:
        m = re.match(r"ah-(?:tk|ek)-(\d{4})(\d{4})-", doc_id)
        vergaderjaar = f"{m.group(1)}-{m.group(2)}" if m else None
    doc = ParsedDocument(
        id=doc_id or "", kind="kamervragen", source_file="", sha256="",
        number=number, vergaderjaar=vergaderjaar,
    )

    body: list[str] = []
    for omschrijving in _children(el, "kamervraagomschrijving"):
        text = _text(omschrijving, notes)
        body.append(text)
        clean, markers = pop_footnote_markers(text)
        link_footnotes(notes.footnotes, markers, "body", None)
        if omschrijving.get("type") == "vraag":
            hm = _HEADING_RE.match(clean)
            if hm:
                doc.askers = parse_askers(hm["askers"])
                doc.extra["addressee"] = _ws(hm["addressee"])
                doc.extra["subject"] = _ws(hm["subject"]) if hm["subject"] else None
                doc.title = clean[: clean.rfind("(ingezonden")].strip()
            else:
                doc.title = clean.rstrip(".")
            doc.extra["submitted"] = _iso_in(omschrijving) or doc.extra.get("submitted")
        elif omschrijving.get("type") in ("antwoord", "mededeling"):
            doc.extra.update(_parse_answer_line(clean))
            received = _iso_in(omschrijving)
            if received:
                doc.extra["received"] = received
    doc.date = doc.extra.get("received")
    m = re.search(r"\b(\d{4}Z\d{5})\b", " ".join(body))
    if m:
        doc.extra["vraagnummer"] = doc.vraagnummer = m.group(1)

    parties = {m.party for m in doc.askers}
    party = parties.pop() if len(parties) == 1 else None
    for child in el:
        tag = _local(child.tag)
        if tag not in ("vraag", "antwoord", "mededeling"):
            continue
        nr = _child(child, "nr")
        label = _ws("".join(nr.itertext())) if nr is not None else ""
        label = re.sub(r"^(?:Vraag|Antwoord|Mededeling)\s*", "", label)
        text, markers = pop_footnote_markers("\n\n".join(_paragraphs(child, notes)))
        numbers = _label_numbers(label)
        if tag == "vraag":
            for n in numbers:
                doc.questions.append(
                    Question(
                        number=n, label=label, text=text, party=party,
                        members=[Member(m.name, m.party) for m in doc.askers],
                    )
                )
            link_footnotes(notes.footnotes, markers, "question", f"q{numbers[0]}" if numbers else None)
        elif tag == "antwoord":
            answer = Answer(label=label, numbers=numbers, text=text)
            doc.answers.append(answer)
            link_footnotes(notes.footnotes, markers, "answer", answer.key)
        else:
            body.append(text)
            link_footnotes(notes.footnotes, markers, "body", None)
    for q in doc.questions:
        q.answer_key = next((a.key for a in doc.answers if q.number in a.numbers), None)
    doc.body = "\n\n".join(pop_footnote_markers(p)[0] for p in body if p)
    doc.footnotes = sorted(notes.footnotes, key=lambda f: f.number)
    return doc


def _kamerstuk(el: ET.Element, root: ET.Element) -> ParsedDocument:
    from .kamerstuk import dossier_id, kamerstuk_title, kind_of_heading

    notes = _Notes()
    vergaderjaar, _ = _kop_facts(_child(el, "kamerstukkop"))
    dossiers = []
    dossier_title = None
    for dossier in _children(el, "dossier"):
        nr = _find(dossier, "dossiernr")
        if nr is not None:
            dossiers.append(_ws("".join(nr.itertext())))
        titel = _child(dossier, "titel")
        if titel is not None and dossier_title is None:
            dossier_title = _text(titel, None)
    stuk = _child(el, "stuk")
    if stuk is None:
        raise ParseError("official XML <kamerstuk> without <stuk>")
    ondernummer = _find(_child(stuk, "stuknr"), "ondernummer")
    number = _ws("".join(ondernummer.itertext())) if ondernummer is not None else None
    titel = _child(stuk, "titel")
    heading = _text(titel, None) if titel is not None else None
    kind = kind_of_heading(heading)
    dossier = dossier_id(dossiers[0]) if dossiers else None
    doc_id = _metadata_id(root) or (f"kst-{dossier}-{number}" if dossier and number else "")
    doc = ParsedDocument(
        id=doc_id, kind=kind, source_file="", sha256="", dossier=dossier, number=number,
        vergaderjaar=vergaderjaar,
    )
    if dossier_title:
        doc.extra["dossier_title"] = dossier_title
    if len(dossiers) > 1:
        doc.extra["dossiers"] = [dossier_id(d) for d in dossiers]
    if heading:
        doc.extra["heading"] = heading
    datumtekst = _child(stuk, "datumtekst")
    if datumtekst is not None:
        doc.date = _iso_in(datumtekst)
        label = _ws(datumtekst.text or "").split(" ")[0]
        if label and doc.date:
            doc.extra[label.lower()] = doc.date

    skip = [c for c in (titel, datumtekst, _child(stuk, "stuknr")) if c is not None]
    # a motion's names stand in the al-groep after "en gaat over tot de orde van de dag."
    groups = [g for g in stuk.iter() if _local(g.tag) == "al-groep"]
    if kind == "motie" and groups:
        names = [_text(al, None) for al in groups[-1].iter() if _local(al.tag) == "al"]
        doc.signatories = [n for n in names if n]
        skip.append(groups[-1])
    for ondertekening in [o for o in stuk.iter() if _local(o.tag) == "ondertekening"]:
        doc.signatories += [p for p in _paragraphs(ondertekening, None)]
        skip.append(ondertekening)
    paragraphs = _paragraphs(stuk, notes, skip)

    if kind == "schriftelijk_overleg":
        from .schriftelijk_overleg import parse_structure

        lines: list[str] = []
        for p in paragraphs:
            lines += [p, ""]
        try:
            so = parse_structure(lines, notes.footnotes)
        except ParseError:
            so = None
        if so is not None:
            so.id, so.dossier, so.number, so.vergaderjaar = doc.id, doc.dossier, doc.number, doc.vergaderjaar
            so.extra.update(doc.extra)
            so.date = so.date or doc.date
            so.footnotes = sorted(so.footnotes, key=lambda f: f.number)
            return so
    text, markers = pop_footnote_markers("\n\n".join(paragraphs))
    doc.body = text
    link_footnotes(notes.footnotes, markers, "body", None)
    doc.footnotes = sorted(notes.footnotes, key=lambda f: f.number)
    if heading:
        reference = " ".join(["de", ", ".join(doc.signatories), doc.body])
        doc.title = kamerstuk_title(heading, kind, dossier_title, reference)
    return doc


def _handelingen(el: ET.Element, root: ET.Element, name: str) -> ParsedDocument:
    notes = _Notes()
    doc_id = _metadata_id(root)
    if not doc_id:
        m = re.match(r"^(h-(?:tk|ek)-\d{8}-[0-9-]+)$", name)
        doc_id = m.group(1) if m else ""
    doc = ParsedDocument(id=doc_id, kind="handelingen", source_file="", sha256="")
    m = re.match(r"^h-(?:tk|ek)-(\d{4})(\d{4})-(\d+)(?:-(\d+))?", doc_id)
    if m:
        doc.vergaderjaar = f"{m.group(1)}-{m.group(2)}"
        doc.extra["vergadering"] = m.group(3)
        if m.group(4):
            doc.extra["agendapunt"] = m.group(4)
    titles = [_text(t, None) for t in el.iter() if _local(t.tag) == "item-titel"]
    doc.title = titles[0] if titles else None

    speakers: list[dict] = []
    out: list[str] = []

    def speaker_label(spreker: ET.Element) -> str:
        naam = _child(spreker, "naam")
        surname = _text(naam, None) if naam is not None else ""
        party_el = _child(spreker, "politiek")
        party = _text(party_el, None) if party_el is not None else None
        role_el = _child(spreker, "voorvoegsels")
        role = _text(role_el, None) if role_el is not None else None
        entry = {"name": surname, "party": party, "role": role}
        if surname and surname.lower() != "voorzitter" and entry not in speakers:
            speakers.append(entry)
        return _text(spreker, None).rstrip(":").strip() + ":"

    pending: list[str] = []  # the label of a turn, until its first paragraph

    def add(text: str) -> None:
        if text:
            out.append(f"{pending.pop()} {text}" if pending else text)

    def walk(node: ET.Element) -> None:
        for child in node:
            tag = _local(child.tag)
            if tag in ("noot", "item-titel", "nr"):
                continue
            if tag == "spreker":
                pending[:] = [speaker_label(child)]
            elif tag in ("al", "tussenkop"):
                add(_text(child, notes))
            elif tag == "kop":
                add(_ws(" ".join(_text(c, notes) for c in child)))
            else:
                walk(child)

    walk(el)
    body, markers = pop_footnote_markers("\n\n".join(out))
    doc.body = body
    link_footnotes(notes.footnotes, markers, "body", None)
    doc.footnotes = sorted(notes.footnotes, key=lambda f: f.number)
    doc.extra["speakers"] = speakers
    motions = []
    for motie in (m for m in el.iter() if _local(m.tag) == "motie"):
        ref = next(
            (r.get("doc") for r in motie.iter() if _local(r.tag) == "extref" and (r.get("doc") or "").startswith("kst-")),
            None,
        )
        if ref and ref not in motions:
            motions.append(ref)
    doc.extra["motions"] = motions  # the Kamerstukken the motions submitted here became
    return doc


# ---------------------------------------------------------------------------------------------


def parse_official_xml(data: bytes | str, name: str = "") -> ParsedDocument:
    """Parse officielebekendmakingen XML (``bytes`` as read from the file, with or without a
    byte order mark). ``name`` is the file's stem, used for the id when the XML names none."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = data.lstrip()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise ParseError(f"not well-formed XML: {error}") from None
    tag = _local(root.tag)
    if tag in _METADATA_ROOTS or tag.startswith("owms"):
        raise ParseError(
            "a metadata record, not a document (it describes the publication beside it)"
        )
    for el in root.iter():
        kind = _local(el.tag)
        if kind == "kamervragen":
            return _kamervragen(el, root)
        if kind == "kamerstuk":
            return _kamerstuk(el, root)
        if kind == "handelingen":
            return _handelingen(el, root, name)
    raise ParseError(
        f"unsupported XML: <{tag}> holds no <kamervragen>, <kamerstuk> or <handelingen>"
    )
