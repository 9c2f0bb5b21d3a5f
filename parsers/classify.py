"""Guess the kind of a plain-text parliamentary document from its wording.

``classify_text(text)`` returns one of ``model.KINDS``. The checks run from the most to the
least specific layout, because the weaker signals also occur inside other kinds (a
schriftelijk overleg quotes letters, a letter quotes motions):

0. ``handelingen``: the Handelingen's own heading at the top ("Handelingen" on its own line,
   not "Aanhangsel van de Handelingen") or its identifier ("h-tk-20172018-61-10"); motions
   submitted during the debate are part of it, so this comes before ``motie``.
1. ``schriftelijk_overleg``: numbered "N. Antwoord van het kabinet" headers, the heading
   "Vragen en opmerkingen vanuit (or: uit) de fracties" of the grouped form, or the TK Word
   header line "Nr. 289 Verslag van een schriftelijk overleg".
2. ``kamervragen``: a "Vraag N" line and an "Antwoord" line, or the header
   "Antwoord van minister … (ontvangen …)", or the Aanhangsel's heading "Aanhangsel van de
   Handelingen" followed by "Vragen van …" (a Mededeling has no answers).
3. ``bijlage``: the first non-empty line starts with "Bijlage".
4. ``motie``: a "MOTIE VAN" heading.
5. ``brief``: "Aan de Voorzitter", "Geachte Voorzitter" or a "BRIEF VAN" heading.
6. ``motie``: "verzoekt de regering" (the dictum of a motion) without any of the above.
7. ``other``.
"""

from __future__ import annotations

import re

_SO = [
    re.compile(r"^\s*\d+\.\s*Antwoord van het kabinet\b", re.M),
    re.compile(r"Vragen en opmerkingen (?:vanuit|uit) de fracties"),
    re.compile(r"^\s*Nr\.\s*\d+\s+Verslag van een schriftelijk overleg\b", re.M | re.I),
]
_VRAAG_LINE = re.compile(r"^\s*Vraag\s+\d+\b", re.M)
_ANTWOORD_LINE = re.compile(r"^\s*Antwoord\b", re.M)
_KV_HEADER = re.compile(
    r"Antwoord van (?:de )?(?:minister|staatssecretaris|minister-president)\b[^\n]*\(ontvangen\b",
    re.I,
)
_AANHANGSEL = re.compile(r"Aanhangsel van de Handelingen[\s\S]{0,600}?^\s*Vragen van\b", re.M)
_MOTIE_HEADING = re.compile(r"\bMOTIE VAN\b")
_BRIEF = [
    re.compile(r"\bAan de Voorzitter\b"),
    re.compile(r"\bGeachte Voorzitter\b"),
    re.compile(r"\bBRIEF VAN\b"),
]
_MOTIE_DICTUM = re.compile(r"\bverzoekt de regering\b", re.I)


_HANDELINGEN_ID = re.compile(r"\bh-(?:tk|ek)-\d{8}-\d+(?:-\d+)?\b")
# "Handelingen" as a heading line of its own (also with the Kamer), not a reference
# "Handelingen II 2019/20, nr. 34" that happens to start a wrapped line
_HANDELINGEN_HEADING = re.compile(
    r"^\s*Handelingen(?:\s+(?:der Staten-Generaal|(?:van de )?(?:Tweede|Eerste) Kamer(?: der Staten-Generaal)?))?\s*$",
    re.M,
)


def looks_like_handelingen(text: str) -> bool:
    """Is this (the top of) a Handelingen publication? Its heading or its id in the first
    lines; the Aanhangsel van de Handelingen is no Handelingen."""
    head = "\n".join(text.splitlines()[:40])
    if "Aanhangsel" in head:
        return False
    return bool(_HANDELINGEN_ID.search(head) or _HANDELINGEN_HEADING.search(head))


def classify_text(text: str) -> str:
    """Return the document kind ("brief", "kamervragen", …, or "other") for ``text``."""
    if looks_like_handelingen(text):
        return "handelingen"
    if any(p.search(text) for p in _SO):
        return "schriftelijk_overleg"
    if (_VRAAG_LINE.search(text) and _ANTWOORD_LINE.search(text)) or _KV_HEADER.search(text) \
            or _AANHANGSEL.search(text):
        return "kamervragen"
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first.startswith("Bijlage"):
        return "bijlage"
    if _MOTIE_HEADING.search(text):
        return "motie"
    if any(p.search(text) for p in _BRIEF):
        return "brief"
    if _MOTIE_DICTUM.search(text):
        return "motie"
    return "other"
