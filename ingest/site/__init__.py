"""kamerqa's Datasette plugin: the published site's own pages and links.

Registered as the ``datasette`` entry point ``kamerqa`` (see pyproject.toml), so a plain
``datasette kamerqa.db -m datasette-metadata.json`` loads it once kamerqa is installed; the
``kamerqa serve`` command loads it in any case (``python -m ingest.site``). Its templates in
``templates/`` override Datasette's ``index.html`` (a search box) and add the document,
search and about pages.

It also registers kamerqa's SQL functions (``db.similar.register_sql_functions``:
``kamerqa_fts_query``, ``kamerqa_lemmas``, ``kamerqa_similar_json``) on every connection, which
the search page and the saved query "Was this asked before?" use.

Presentation only: it reads through Datasette and never writes.
"""

from __future__ import annotations

import functools
import sys

from datasette import hookimpl
from markupsafe import Markup

from kamerqa.db import similar

from . import render, views
from .cache import asgi_wrapper  # noqa: F401  (hooks of this plugin)
from .errors import handle_exception, startup  # noqa: F401


BROWSE = (
    ("documents", "All documents"),
    ("qa", "Every question with its answer"),
    ("citations", "Every reference"),
    ("cited_by", "Who cites which document"),
)


@hookimpl
def prepare_connection(conn, datasette):
    """kamerqa's SQL functions on every connection Datasette opens. The first one also
    loads the Dutch lemmatiser (some seconds, once per process) here, outside any query's
    time limit, so that the first search does not run into it."""
    similar.register_sql_functions(conn, base_url=views.configured_base_url(datasette))
    _warm_up()


@functools.lru_cache(maxsize=1)
def _warm_up() -> None:
    similar.content_of_text("Welke vragen zijn eerder gesteld?")


@hookimpl
def register_routes():
    return [
        (r"^/doc/(?P<id>[^/]+)$", views.document_page),
        (r"^/search$", views.search_page),
        (r"^/search\.(?P<format>csv|json)$", views.search_export),
        (r"^/dossier/(?P<id>[^/]+)$", views.dossier_page),
        (r"^/asked$", views.asked_page),
        (r"^/about$", views.about_page),
    ]


def _link(datasette, path: str, words: str, title: str = "") -> Markup:
    return Markup('<a href="{}" title="{}">{}</a>').format(
        datasette.urls.path(path), title, words
    )


def _get(row, key):
    try:
        return row[key]
    except (KeyError, IndexError, TypeError):
        return None


@hookimpl
def render_cell(row, value, column, table, datasette):
    """Link rows to the reading pages: documents, questions, answers and the views."""
    if value in (None, ""):
        return None
    if table is None:
        # Saved queries give a column "link" holding a site path such as /doc/<id>#q3.
        path = views.site_path(datasette, value) if column == "link" and isinstance(value, str) else None
        if path and path.startswith("/doc/"):
            document_id, _, anchor = path[len("/doc/"):].partition("#")
            return _link(datasette, render.doc_path(document_id, anchor or None), "read", value)
        return None
    if table == "documents":
        if column == "id":
            return Markup("{} · {}").format(
                value, _link(datasette, render.doc_path(value), "read the document")
            )
        if column == "title" and _get(row, "id"):
            return _link(datasette, render.doc_path(_get(row, "id")), value)
        return None
    if table in ("questions", "answers", "footnotes") and column == "id":
        document_id = _get(row, "document_id")
        if document_id:
            anchor = render.anchor_for(value, document_id)
            return Markup("{} · {}").format(
                value, _link(datasette, render.doc_path(document_id, anchor), "read in document")
            )
        return None
    if table == "qa":
        document_id = _get(row, "document_id")
        if column == "question_id" and document_id:
            anchor = render.anchor_for(value, document_id)
            return _link(datasette, render.doc_path(document_id, anchor), value)
        if column == "document_id":
            return _link(datasette, render.doc_path(value), value)
        return None
    if table == "themed_questions":
        document_id = _get(row, "document_id")
        if column in ("question_id", "question") and document_id:
            anchor = render.anchor_for(_get(row, "question_id"), document_id)
            words = value if column == "question_id" else render.shorten(value, 300)
            return _link(datasette, render.doc_path(document_id, anchor), words)
        if column == "document_id":
            return _link(datasette, render.doc_path(value), value)
        return None
    if table == "cited_by":
        if column == "citing_document_id":
            context_id = _get(row, "context_id")
            anchor = render.anchor_for(context_id, value) if _get(row, "context") != "body" else "body"
            return _link(datasette, render.doc_path(value, anchor), value)
        if column == "document_id" and _get(row, "document_title") is not None:
            return _link(datasette, render.doc_path(value), value)
        return None
    return None


@hookimpl
def extra_template_vars(template, request, datasette):
    """The home page needs the search URL and the saved queries to list under the box."""
    if template != "index.html":
        return None

    async def inner():
        db = await views.kamerqa_database(datasette)
        if db is None:
            return {"kamerqa": None}
        actor = request.actor if request is not None else None
        canned = await datasette.get_canned_queries(db.name, actor)
        return {
            "kamerqa": {
                "database": db.name,
                "search_url": datasette.urls.path("/search"),
                "asked_url": datasette.urls.path("/asked"),
                "options": await views.filter_options(db),
                "about_url": datasette.urls.path("/about"),
                "queries": [
                    {"title": q.get("title") or name, "url": datasette.urls.query(db.name, name),
                     "description": q.get("description")}
                    for name, q in canned.items()
                ],
                "tables": [
                    {"label": label, "url": datasette.urls.table(db.name, name)}
                    for name, label in BROWSE
                ],
            }
        }

    return inner


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["kamerqa_date"] = render.dutch_date
    env.filters["kamerqa_shorten"] = render.shorten


@hookimpl
def menu_links(datasette):
    return [
        {"href": datasette.urls.path("/search"), "label": "Search everything"},
        {"href": datasette.urls.path("/asked"), "label": "Was this asked before?"},
        {"href": datasette.urls.path("/about"), "label": "How to use this site"},
    ]


def register() -> None:
    """Make sure this plugin is loaded in this process (also when kamerqa is not installed,
    so that the entry point is missing, as when running from a source checkout)."""
    from datasette.plugins import pm

    module = sys.modules[__name__]
    if not pm.is_registered(module):
        pm.register(module, name="kamerqa")
