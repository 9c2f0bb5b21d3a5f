"""The site's own pages: a document in reading order, search across everything, about.

Read-only: every statement is a SELECT with bound parameters, run through Datasette's own
database object, so the site's time limit and immutability apply.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from collections import defaultdict
from urllib.parse import unquote, urlencode

import sqlite_utils
from datasette import NotFound, Response
from datasette.utils import tilde_encode

from kamerqa.db.search import Filters, fts_query, parse_query, party_ids, reference_results, term_forms
from kamerqa.parsers.citations import TypedReference, read_reference
from kamerqa.parsers.lemmas import lemma

from . import render

SEARCH_LIMIT = 25


async def kamerqa_database(datasette):
    """The first attached database that has kamerqa's shape (its name is the file's stem)."""
    for name, db in datasette.databases.items():
        if name == "_internal":
            continue
        if await db.table_exists("documents") and await db.table_exists("questions"):
            return db
    return None


async def _database_or_404(datasette, request):
    db = await kamerqa_database(datasette)
    if db is None:
        raise NotFound("No kamerqa database is attached to this Datasette.")
    await datasette.ensure_permissions(
        request.actor,
        [("view-table", (db.name, "documents")), ("view-database", db.name), "view-instance"],
    )
    return db


async def _rows(db, sql: str, params: dict | list | None = None) -> list[dict]:
    results = await db.execute(sql, params or {})
    return [dict(row) for row in results.rows]


def _doc_href(datasette):
    def href(document_id: str, anchor: str | None = None) -> str:
        return datasette.urls.path(render.doc_path(document_id, anchor))

    return href


async def document_page(datasette, request):
    """``/doc/<id>``: one document as it reads, with its cross-references as links."""
    db = await _database_or_404(datasette, request)
    document_id = unquote(request.url_vars["id"])
    found = await _rows(db, "select * from documents where id = :id", {"id": document_id})
    if not found:
        raise NotFound(f"No document {document_id} in this database.")
    document = found[0]
    doc_href = _doc_href(datasette)

    questions = await _rows(
        db,
        """
        select questions.id, questions.number, questions.label, questions.text,
               questions.page, questions.answer_id, questions.section,
               coalesce(parties.name, (
                   select group_concat(name, ', ') from (
                       select p.name from question_parties as qp
                       join parties as p on p.id = qp.party_id
                       where qp.question_id = questions.id order by p.name))) as party
        from questions left join parties on parties.id = questions.party_id
        where questions.document_id = :id
        order by questions.number, questions.rowid
        """,
        {"id": document_id},
    )
    answers = await _rows(
        db,
        "select id, label, text, page from answers where document_id = :id order by rowid",
        {"id": document_id},
    )
    askers = await _rows(
        db,
        """
        select members.name, parties.name as party
        from askers
        join members on members.id = askers.member_id
        left join parties on parties.id = members.party_id
        where askers.document_id = :id
        order by askers.rowid
        """,
        {"id": document_id},
    )
    asker_names = [
        f"{a['name']} ({a['party']})" if a.get("party") else a["name"] for a in askers
    ]
    footnotes = await _rows(
        db,
        """
        select id, number, text, page, context, context_id from footnotes
        where document_id = :id order by number, rowid
        """,
        {"id": document_id},
    )
    citations = await _rows(
        db,
        """
        select id, context, context_id, raw, target, kind, target_document_id, url
        from citations where document_id = :id order by rowid
        """,
        {"id": document_id},
    )
    cited_by = await _rows(
        db,
        """
        select citing_document_id, citing_title, citing_kind, citing_date, context,
               context_id, raw
        from cited_by where document_id = :id
        order by citing_date, citing_document_id
        """,
        {"id": document_id},
    )

    asked_before = await _asked_before(db, document_id)
    themes = await _question_themes(datasette, db, document_id)

    # Citations and footnotes grouped by the block that holds them ("" is the body).
    citations_in: dict[str, list[dict]] = defaultdict(list)
    for citation in citations:
        key = citation["context_id"] if citation["context"] != "body" else ""
        citations_in[key or ""].append(citation)
    footnotes_in: dict[str, list[dict]] = defaultdict(list)
    for footnote in footnotes:
        key = footnote["context_id"] if footnote["context"] != "body" else ""
        footnotes_in[key or ""].append(footnote)

    answer_of_number = {
        q["number"]: q["answer_id"] for q in questions if q.get("answer_id") and q.get("number")
    }

    def answer_href(number: int):
        answer_id = answer_of_number.get(number)
        return "#" + render.anchor_for(answer_id, document_id) if answer_id else None

    def section(block_id: str, text: str) -> dict:
        cites = citations_in.get(block_id, [])
        links = [render.citation_link(c, doc_href) for c in cites]
        pointers = render.answer_pointer_links(text, answer_href)
        return {
            "paragraphs": render.linked_paragraphs(text, links + pointers),
            "references": [
                {"link": link, "target": c["target"], "kind": c["kind"]}
                for link, c in zip(links, cites)
            ],
            "footnotes": [
                {"number": f["number"], "anchor": render.anchor_for(f["id"], document_id)}
                for f in footnotes_in.get(block_id, [])
            ],
        }

    blocks = []
    for block in render.reading_order(document_id, questions, answers, asker_names):
        entry = {"block": block}
        if block.type in ("question", "answer"):
            entry.update(section(block.id, block.text))
        if block.type == "question":
            entry["themes"] = themes.get(block.id, [])
            entry["asked_before"] = [
                {
                    **row,
                    "href": doc_href(
                        row["document_id"],
                        render.anchor_for(row["similar_question_id"], row["document_id"]),
                    ),
                }
                for row in asked_before.get(block.id, [])
            ]
        blocks.append(entry)

    footnote_entries = []
    for footnote in footnotes:
        context_anchor = (
            render.anchor_for(footnote["context_id"], document_id)
            if footnote["context"] != "body" and footnote["context_id"]
            else ("body" if document.get("body") else None)
        )
        footnote_entries.append(
            {
                "number": footnote["number"],
                "anchor": render.anchor_for(footnote["id"], document_id),
                "page": footnote["page"],
                "back": context_anchor,
                **section(footnote["id"], footnote["text"]),
            }
        )

    extra = render.json_object(document.get("extra"))
    mededeling = extra.get("mededeling")
    if isinstance(mededeling, str):
        mededeling = {"text": mededeling}

    all_references = []
    for citation in citations:
        link = render.citation_link(citation, doc_href)
        all_references.append(
            {
                "link": link,
                "target": citation["target"],
                "kind": citation["kind"],
                "raw": citation["raw"],
                "where": render.anchor_for(citation["context_id"], document_id)
                if citation["context"] != "body" and citation["context_id"]
                else "body",
            }
        )

    db_name = db.name
    context = {
        "database": db_name,
        "document": document,
        "kind_label": render.kind_label(document.get("kind")),
        "official_url": render.official_url(document),
        "signatories": render.json_list(document.get("signatories")),
        "askers": asker_names,
        "extra": extra,
        "mededeling": mededeling,
        "body": section("", document.get("body") or ""),
        "blocks": blocks,
        "question_count": len(questions),
        "answer_count": len(answers),
        "footnotes": footnote_entries,
        "references": all_references,
        "cited_by": [
            {
                **row,
                "href": doc_href(
                    row["citing_document_id"],
                    render.anchor_for(row["context_id"], row["citing_document_id"])
                    if row["context"] != "body" and row["context_id"]
                    else "body",
                ),
                "kind_label": render.kind_label(row["citing_kind"]),
            }
            for row in cited_by
        ],
        "row_url": datasette.urls.row(db_name, "documents", tilde_encode(document_id)),
        "dossier_url": (
            datasette.urls.path(render.dossier_path(document["dossier"])) if document.get("dossier") else None
        ),
        "search_url": datasette.urls.path("/search"),
    }
    return Response.html(
        await datasette.render_template(
            "kamerqa_document.html", context, request=request, view_name="kamerqa_document"
        )
    )


async def _asked_before(db, document_id: str) -> dict[str, list[dict]]:
    """Per question of the document: the earlier questions like it (``similar_questions``,
    filled at the end of each build), best first."""
    if not await db.table_exists("similar_questions"):
        return {}
    rows = await _rows(
        db,
        """
        select similar_questions.question_id, similar_questions.similar_question_id,
               similar_questions.score, other.document_id, other.number, other.label,
               documents.date, documents.title, parties.name as party
        from similar_questions
        join questions on questions.id = similar_questions.question_id
        join questions as other on other.id = similar_questions.similar_question_id
        join documents on documents.id = other.document_id
        left join parties on parties.id = other.party_id
        where questions.document_id = :id
        order by similar_questions.score desc, documents.date desc, other.document_id,
                 other.number
        """,
        {"id": document_id},
    )
    by_question: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_question[row["question_id"]].append(row)
    return by_question


async def _question_themes(datasette, db, document_id: str) -> dict[str, list[dict]]:
    """Per question of the document: its themes, each linking to the questions of that
    theme (the view ``themed_questions``), with the words that matched as a tooltip."""
    if not await db.table_exists("question_themes"):
        return {}
    rows = await _rows(
        db,
        """
        select question_themes.question_id, themes.id, themes.name, question_themes.terms
        from question_themes
        join questions on questions.id = question_themes.question_id
        join themes on themes.id = question_themes.theme_id
        where questions.document_id = :id
        order by themes.name
        """,
        {"id": document_id},
    )
    table_url = datasette.urls.table(db.name, "themed_questions")
    by_question: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        terms = [t for t in render.json_list(row["terms"]) if isinstance(t, str)]
        by_question[row["question_id"]].append(
            {
                "id": row["id"],
                "name": row["name"],
                "terms": terms,
                "href": table_url + "?" + urlencode({"theme": row["name"]}),
            }
        )
    return by_question


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def word_matcher(query: str):
    """Whether a printed word is one the query searched for: as typed, by its lemma
    (so "opmerking" for the query "opmerkingen"), or by a ``prefix*``; accents folded."""
    parsed = parse_query(query)
    forms = {_fold(form) for term in parsed.terms for form in term_forms(term)}
    prefixes = [_fold(p) for p in parsed.prefixes]

    def is_hit(word: str) -> bool:
        folded = _fold(word)
        return (
            folded in forms
            or _fold(lemma(word)) in forms
            or any(folded.startswith(p) for p in prefixes)
        )

    return is_hit


def _lemma_snippets(rows: list[dict], is_hit) -> None:
    """A row that matched through the lemmas alone has no highlight in its printed text:
    give it a snippet around the first printed word that is a form of a query word."""
    for row in rows:
        text = row.pop("text", None)
        if render.SNIPPET_START in (row.get("snippet") or ""):
            continue
        found = render.word_snippet(text or "", is_hit)
        if found:
            row["snippet"] = found


async def search_results(db, query: str, limit: int = SEARCH_LIMIT, filters: Filters | None = None) -> dict:
    """Hits in questions, answers, documents and citations for one search box.

    Questions and answers are matched Dutch-aware through the SQL function
    ``kamerqa_fts_query`` (each word as typed or as its lemma, "phrases" exactly as
    printed, ``a OR b``, ``-word``), like ``kamerqa search``; documents by the words as
    typed. ``filters`` (``db.search.Filters``, shared with ``kamerqa search``) narrow the
    questions and answers; with a party or theme filter documents and references, which
    have neither, are left out, and kind and years narrow the documents."""
    filters = filters or Filters()
    results = {"questions": [], "answers": [], "documents": [], "citations": []}
    if fts_query(query) is None:
        return results
    snippet = "snippet({table}, {column}, char(2), char(3), '…', 24)"
    is_hit = word_matcher(query)
    where, filter_params = filters.sql("questions", "documents")

    questions = await _rows(
        db,
        f"""
        select questions.id, questions.document_id, questions.number, questions.label,
               questions.page, {PARTIES_OF_QUESTION} as party,
               documents.title as document_title,
               documents.date, documents.kind, questions.text,
               {snippet.format(table="questions_fts", column=0)} as snippet
        from questions_fts
        join questions on questions.rowid = questions_fts.rowid
        join documents on documents.id = questions.document_id
        left join parties on parties.id = questions.party_id
        where questions_fts match kamerqa_fts_query(:q) {where}
        order by questions_fts.rank
        limit :limit
        """,
        {"q": query, "limit": limit, **filter_params},
    )
    _lemma_snippets(questions, is_hit)
    seen = set()
    for row in questions:
        key = (row["document_id"], row["label"], row["snippet"])
        if key in seen:
            continue  # "Vraag 9 en 10": one printed block, two rows
        seen.add(key)
        results["questions"].append(row)

    answer_where = ""
    if where:
        inner, _ = filters.sql("fq", "fd")
        answer_where = (
            "and answers.id in (select fq.answer_id from questions as fq "
            f"join documents as fd on fd.id = fq.document_id where fq.answer_id is not null {inner})"
        )
    answers = await _rows(
        db,
        f"""
        select answers.id, answers.document_id, answers.label, answers.page,
               documents.title as document_title, documents.date, documents.kind, answers.text,
               {snippet.format(table="answers_fts", column=0)} as snippet
        from answers_fts
        join answers on answers.rowid = answers_fts.rowid
        join documents on documents.id = answers.document_id
        where answers_fts match kamerqa_fts_query(:q) {answer_where}
        order by answers_fts.rank
        limit :limit
        """,
        {"q": query, "limit": limit, **filter_params},
    )
    _lemma_snippets(answers, is_hit)
    if answers:
        placeholders = ", ".join(f":a{i}" for i in range(len(answers)))
        asked = await _rows(
            db,
            f"""
            select questions.id, questions.answer_id, questions.number, questions.label,
                   questions.text, {PARTIES_OF_QUESTION} as party
            from questions left join parties on parties.id = questions.party_id
            where questions.answer_id in ({placeholders})
            order by questions.number
            """,
            {f"a{i}": a["id"] for i, a in enumerate(answers)},
        )
        by_answer: dict[str, list[dict]] = defaultdict(list)
        for question in asked:
            if not any(q["text"] == question["text"] for q in by_answer[question["answer_id"]]):
                by_answer[question["answer_id"]].append(question)
        for answer in answers:
            answer["questions"] = [
                {**q, "excerpt": render.shorten(q["text"], 300)}
                for q in by_answer.get(answer["id"], [])
            ]
            results["answers"].append(answer)

    if filters.parties or filters.theme:
        return results
    document_filters = Filters(year_from=filters.year_from, year_to=filters.year_to, kind=filters.kind)
    document_where, document_params = document_filters.sql("documents", "documents")
    results["documents"] = await _rows(
        db,
        f"""
        select documents.id, documents.title, documents.kind, documents.date,
               {snippet.format(table="documents_fts", column=-1)} as snippet
        from documents_fts
        join documents on documents.rowid = documents_fts.rowid
        where documents_fts match :match {document_where}
        order by documents_fts.rank
        limit :limit
        """,
        {"match": fts_query(query, lemmas=False), "limit": limit, **document_params},
    )
    if document_filters.active():
        return results

    like = "%" + query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    results["citations"] = await _rows(
        db,
        """
        select citations.id, citations.document_id, citations.context, citations.context_id,
               citations.raw, citations.target, citations.kind, citations.target_document_id,
               citations.url, documents.title as document_title, documents.date
        from citations join documents on documents.id = citations.document_id
        where citations.raw like :like escape '\\' or citations.target like :like escape '\\'
        order by documents.date, citations.rowid
        limit :limit
        """,
        {"like": like, "limit": limit},
    )
    return results


# One name per party of a question: its own, or those of a joint question.
PARTIES_OF_QUESTION = """coalesce(parties.name, (
    select group_concat(name, ', ') from (
        select p.name from question_parties as qp join parties as p on p.id = qp.party_id
        where qp.question_id = questions.id order by p.name)))"""

SEARCH_PARAMS = ("q", "party", "related", "theme", "from", "to", "kind")


def _search_form(request) -> tuple[dict, list[str]]:
    """The search page's GET parameters, as typed, and what is wrong with them."""
    form = {name: (request.args.get(name) or "").strip() for name in SEARCH_PARAMS}
    problems = []
    for name in ("from", "to"):
        if form[name] and not (form[name].isdigit() and len(form[name]) == 4):
            problems.append(f"“{form[name]}” is no year; give four digits, such as 2021.")
            form[name] = ""
    return form, problems


async def _filters(db, form: dict) -> Filters:
    parties = []
    if form["party"]:
        parties = await db.execute_fn(
            lambda conn: party_ids(sqlite_utils.Database(conn), form["party"], bool(form["related"]))
        )
    return Filters(
        parties=parties,
        theme=form["theme"] or None,
        year_from=int(form["from"]) if form["from"] else None,
        year_to=int(form["to"]) if form["to"] else None,
        kind=form["kind"] or None,
    )


async def filter_options(db) -> dict:
    """The choices of the filter form: parties, themes, kinds and the years there are."""
    years = await _rows(
        db, "select min(substr(date, 1, 4)) as first, max(substr(date, 1, 4)) as last from documents"
    )
    return {
        "parties": await _rows(db, "select id, name from parties order by lower(name)"),
        "themes": await _rows(db, "select id, name from themes order by name")
        if await db.table_exists("themes") else [],
        "kinds": [
            {"id": row["kind"], "label": render.kind_label(row["kind"])}
            for row in await _rows(db, "select distinct kind from documents where kind is not null order by kind")
        ],
        "years": years[0] if years else {},
    }


def configured_base_url(datasette) -> str | None:
    """Where the site is published, when it is configured: the plugin setting ``base_url``
    (metadata ``plugins.kamerqa.base_url``) or the environment variable ``KAMERQA_BASE_URL``."""
    return (datasette.plugin_config("kamerqa") or {}).get("base_url") or os.environ.get(
        "KAMERQA_BASE_URL"
    )


def site_path(datasette, link: str) -> str:
    """A link of a saved query (``kamerqa_url``) back to its site path: ``/doc/…``."""
    base = (configured_base_url(datasette) or "").rstrip("/")
    return link[len(base):] if base and link.startswith(base + "/") else link


def base_url(datasette, request) -> str:
    """Where the site is published, for absolute links in exports: ``configured_base_url``,
    else the address the request came to."""
    configured = configured_base_url(datasette)
    if configured:
        return configured.rstrip("/")
    return f"{request.scheme}://{request.host}" + datasette.urls.path("/").rstrip("/")


async def _reference(db, reference) -> dict:
    return await db.execute_fn(
        lambda conn: reference_results(sqlite_utils.Database(conn), reference)
    )


def _linked_reference(found: dict, doc_href, datasette) -> dict:
    for document in found["documents"]:
        document["href"] = doc_href(document["id"]) if document["stored"] else document.get("url")
        document["kind_label"] = render.kind_label(document.get("kind"))
    for row in found["cited_by"]:
        where = (
            render.anchor_for(row["context_id"], row["document_id"])
            if row["context"] != "body" and row["context_id"] else "body"
        )
        row["href"] = doc_href(row["document_id"], where)
        row["kind_label"] = render.kind_label(row["kind"])
    if found["dossier"]:
        found["dossier"]["href"] = datasette.urls.path(render.dossier_path(found["dossier"]["id"]))
        for row in found["dossier"]["documents"]:
            row["href"] = doc_href(row["id"]) if row["stored"] else row["url"]
            row["kind_label"] = render.kind_label(row["kind"])
    return found


async def _search(datasette, request):
    """What the search page and its exports show for the request's parameters."""
    db = await _database_or_404(datasette, request)
    form, problems = _search_form(request)
    doc_href = _doc_href(datasette)
    reference = read_reference(form["q"]) if form["q"] else None
    found = results = None
    if reference is not None:
        found = _linked_reference(await _reference(db, reference), doc_href, datasette)
    elif form["q"]:
        results = await search_results(db, form["q"], filters=await _filters(db, form))
        for row in results["questions"]:
            row["href"] = doc_href(row["document_id"], render.anchor_for(row["id"], row["document_id"]))
            row["snippet_html"] = render.snippet_html(row["snippet"])
        for row in results["answers"]:
            row["href"] = doc_href(row["document_id"], render.anchor_for(row["id"], row["document_id"]))
            row["snippet_html"] = render.snippet_html(row["snippet"])
            for question in row["questions"]:
                question["href"] = doc_href(
                    row["document_id"], render.anchor_for(question["id"], row["document_id"])
                )
        for row in results["documents"]:
            row["href"] = doc_href(row["id"])
            row["snippet_html"] = render.snippet_html(row["snippet"])
            row["kind_label"] = render.kind_label(row["kind"])
        for row in results["citations"]:
            where = (
                render.anchor_for(row["context_id"], row["document_id"])
                if row["context"] != "body" and row["context_id"]
                else "body"
            )
            row["href"] = doc_href(row["document_id"], where)
            row["target_link"] = render.citation_link(row, doc_href)
    return db, form, problems, reference, found, results


def _plain(snippet: str | None) -> str:
    return " ".join((snippet or "").replace(render.SNIPPET_START, "").replace(render.SNIPPET_END, "").split())


def export_rows(found: dict | None, results: dict | None, absolute) -> list[dict]:
    """One row per hit for CSV and JSON: what it is, where, and an absolute link."""
    rows = []
    columns = ("type", "document_id", "document_title", "date", "party", "label", "text", "url")

    def add(**values):
        rows.append({name: values.get(name) for name in columns})

    if found:
        for d in found["documents"]:
            add(type="document", document_id=d["id"], document_title=d.get("title"), date=d.get("date"),
                url=absolute(d["href"]) if d["stored"] else d.get("url"))
        for c in found["cited_by"]:
            add(type="cited_by", document_id=c["document_id"], document_title=c["title"], date=c["date"],
                text=c["printed_as"], url=absolute(c["href"]))
        for d in (found["dossier"] or {}).get("documents", []):
            add(type="dossier", document_id=d["id"], document_title=d["title"], date=d["date"],
                label=d["number"], url=absolute(d["href"]) if d["stored"] else d["url"])
    if results:
        for q in results["questions"]:
            add(type="question", document_id=q["document_id"], document_title=q["document_title"],
                date=q["date"], party=q["party"], label=q["label"], text=_plain(q["snippet"]),
                url=absolute(q["href"]))
        for a in results["answers"]:
            add(type="answer", document_id=a["document_id"], document_title=a["document_title"],
                date=a["date"], party=", ".join(dict.fromkeys(q["party"] for q in a["questions"] if q["party"])),
                label=a["label"], text=_plain(a["snippet"]), url=absolute(a["href"]))
        for d in results["documents"]:
            add(type="document", document_id=d["id"], document_title=d["title"], date=d["date"],
                text=_plain(d["snippet"]), url=absolute(d["href"]))
        for c in results["citations"]:
            add(type="reference", document_id=c["document_id"], document_title=c["document_title"],
                date=c["date"], label=c["target"], text=c["raw"], url=absolute(c["href"]))
    return rows


def _absolute(datasette, request):
    base = base_url(datasette, request)
    prefix = datasette.urls.path("/").rstrip("/")

    def absolute(href: str | None) -> str | None:
        if not href or href.startswith(("http://", "https://")):
            return href
        return base + (href[len(prefix):] if prefix and href.startswith(prefix) else href)

    return absolute


async def search_page(datasette, request):
    """``/search?q=…&party=…&related=1&theme=…&from=…&to=…&kind=…``: one box over questions,
    answers, documents and references, with filters as plain GET parameters; a query that
    is a reference shows the document, who cites it and its dossier."""
    db, form, problems, reference, found, results = await _search(datasette, request)
    total = sum(len(v) for v in results.values()) if results else 0
    shown = {k: v for k, v in form.items() if v}
    return Response.html(
        await datasette.render_template(
            "kamerqa_search.html",
            {
                "database": db.name,
                "q": form["q"],
                "form": form,
                "problems": problems,
                "options": await filter_options(db),
                "filtered": any(form[k] for k in SEARCH_PARAMS if k != "q"),
                "reference": reference,
                "found": found,
                "results": results,
                "total": total,
                "limit": SEARCH_LIMIT,
                "search_url": datasette.urls.path("/search"),
                "asked_url": datasette.urls.path("/asked"),
                "csv_url": datasette.urls.path("/search.csv") + "?" + urlencode(shown),
                "json_url": datasette.urls.path("/search.json") + "?" + urlencode(shown),
                "table_search_url": lambda table: datasette.urls.table(db.name, table)
                + "?"
                + urlencode({"_search": form["q"]}),
            },
            request=request,
            view_name="kamerqa_search",
        )
    )


async def search_export(datasette, request):
    """``/search.csv`` and ``/search.json``: the search page's hits with absolute links."""
    _db, _form, problems, _reference, found, results = await _search(datasette, request)
    if problems:
        return Response.text(" ".join(problems), status=400)
    rows = export_rows(found, results, _absolute(datasette, request))
    if request.url_vars["format"] == "json":
        return Response.json(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["type", "url"])
    writer.writeheader()
    writer.writerows(rows)
    return Response(
        out.getvalue(), content_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="kamerqa-search.csv"'},
    )


async def dossier_page(datasette, request):
    """``/dossier/<id>``: a dossier's documents, numbers in order, then those without a
    number by date; cited Kamerstukken that are not stored link to their official page."""
    db = await _database_or_404(datasette, request)
    dossier = unquote(request.url_vars["id"])
    reference = TypedReference("dossier", [], dossier)
    found = _linked_reference(await _reference(db, reference), _doc_href(datasette), datasette)
    return Response.html(
        await datasette.render_template(
            "kamerqa_dossier.html",
            {"database": db.name, "dossier": found["dossier"], "search_url": datasette.urls.path("/search"),
             "official_url": reference.url},
            request=request,
            view_name="kamerqa_dossier",
        )
    )


ASKED_MAX_CHARS = 5000


async def asked_page(datasette, request):
    """``/asked?text=…``: "was this asked before?" for a whole pasted question (a multi-line
    box), ranked as ``kamerqa similar``; optional party (with predecessors and successors)."""
    db = await _database_or_404(datasette, request)
    text = (request.args.get("text") or "").strip()[:ASKED_MAX_CHARS]
    party = (request.args.get("party") or "").strip()
    related = bool(request.args.get("related"))
    hits = None
    if text:
        def run(conn):
            from kamerqa.db.similar import similar

            return similar(sqlite_utils.Database(conn), text, party=party or None, related=related)

        hits = await db.execute_fn(run)
        doc_href = _doc_href(datasette)
        for hit in hits:
            hit["href"] = doc_href(hit["document_id"], render.anchor_for(hit["question_id"], hit["document_id"]))
            hit["question_excerpt"] = render.shorten(hit["question"], 400)
            hit["answer_excerpt"] = render.shorten(hit["answer"], 300)
    return Response.html(
        await datasette.render_template(
            "kamerqa_asked.html",
            {"database": db.name, "text": text, "party": party, "related": related, "hits": hits,
             "options": await filter_options(db), "asked_url": datasette.urls.path("/asked"),
             "search_url": datasette.urls.path("/search")},
            request=request,
            view_name="kamerqa_asked",
        )
    )


async def about_page(datasette, request):
    """``/about``: how to read and search the site, and where the texts come from."""
    db = await kamerqa_database(datasette)
    queries = []
    if db is not None:
        canned = await datasette.get_canned_queries(db.name, request.actor)
        queries = [
            {"title": q.get("title") or name, "url": datasette.urls.query(db.name, name),
             "description": q.get("description")}
            for name, q in canned.items()
        ]
    return Response.html(
        await datasette.render_template(
            "kamerqa_about.html",
            {"database": db.name if db else None, "queries": queries,
             "search_url": datasette.urls.path("/search"), "asked_url": datasette.urls.path("/asked")},
            request=request,
            view_name="kamerqa_about",
        )
    )

