"""``dateline entities list``, ``links`` and ``unlink``: the corpus-level entities of the
store, the entity links (:mod:`dateline.corpus.entity_links`) with their evidence, and undoing a
wrong one.

``list [QUERY]`` prints the entities most articles name first, each under its display name
(:mod:`dateline.corpus.entity_names`), as ``GET /api/v1/entities`` lists them (``--json``: its
``{"items": [...], "total": N}``); ``QUERY`` matches any part of the name, case and accents aside.

``links [KEY]`` prints the links into or out of entity ``KEY`` (all links without it), newest
first, as a table or, with ``--json``, ``{"items": [...], "total": N}`` as the REST API writes
entity links. ``unlink ID`` undoes link ``ID``: the entity's quotes and articles go back to its
own key, and the same entity key is not linked to that target again. Exit status 0, or 1 when
there is no link ``ID``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dateline.cli.corpus import _db, _paging, _print, open_store
from dateline.cli.options import ACTION_OPTIONS, COMMAND_OPTIONS
from dateline.errors import StoreError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``entities`` subcommand (``links``, ``unlink``) to ``sub``."""
    p = sub.add_parser("entities", parents=[COMMAND_OPTIONS],
                       help="entities of the store; their links across articles: list "
                       "them, undo one",
                       description="List the entities of the store, or the links of entities "
                       "across articles with their evidence, or undo a wrong one.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = actions.add_parser("list", parents=[ACTION_OPTIONS],
                            help="entities, most articles first (as GET /api/v1/entities)")
    ls.add_argument("query", metavar="QUERY", nargs="?", help="any part of the name")
    ls.add_argument("--type", help="only this type (PERSON, ORG, GPE, ...)")
    _db(ls)
    _paging(ls)
    ls.set_defaults(run=run_list)
    q = actions.add_parser("links", parents=[ACTION_OPTIONS],
                           help="links into or out of an entity, with their evidence")
    q.add_argument("key", metavar="KEY", nargs="?", help="entity key (person:viktor-orban)")
    q.add_argument("--status", choices=("linked", "unlinked"), help="only these links")
    _db(q)
    _paging(q)
    q.set_defaults(run=run_links)
    u = actions.add_parser("unlink", parents=[ACTION_OPTIONS],
                           help="undo a link by its id (see `entities links`)")
    u.add_argument("link_id", metavar="ID", type=int)
    _db(u)
    u.add_argument("--json", action="store_true", help="print the link as JSON")
    u.set_defaults(run=run_unlink)


def run_list(args: argparse.Namespace) -> int:
    """Print the entities; return the exit status (0)."""
    with open_store(args) as store:
        items, total = store.entities(args.query, type=args.type, limit=args.limit,
                                      offset=args.offset)
    _print(items, total, args, [
        ("name", "name", "green"),
        ("type", "type", ""),
        ("articles", lambda i: str(i.articles), "cyan"),
        ("key", "key", "dim")], "entities")
    return 0


def run_links(args: argparse.Namespace) -> int:
    """Print the links; return the exit status (0)."""
    with open_store(args) as store:
        links, total = store.entity_links(args.key, status=args.status, limit=args.limit,
                                          offset=args.offset)
    items: list[Any] = list(links)
    _print(items, total, args, [
        ("id", lambda i: str(i.id), "cyan"),
        ("article", lambda i: i.article_id[:12], "dim"),
        ("entity", lambda i: f"{i.name} ({i.entity_key})", "green"),
        ("linked to", "target_key", "bold"),
        ("rule", "rule", ""),
        ("evidence", lambda i: ", ".join([f"variant {i.variant}", *i.support]), ""),
        ("score", lambda i: f"{i.score:g}", ""),
        ("status", "status", "dim")], "links")
    return 0


def run_unlink(args: argparse.Namespace) -> int:
    """Undo the link; return the exit status (0). Raises ``StoreError`` (status 1) when there
    is no such link."""
    with open_store(args) as store:
        link = store.unlink_entity(args.link_id)
    if link is None:
        raise StoreError(f"no entity link {args.link_id} (see `dateline entities links`)")
    if args.json:
        print(json.dumps(link.model_dump(), ensure_ascii=False))
    else:
        print(f"link {link.id} undone: {link.name} ({link.entity_key}) in article "
              f"{link.article_id[:12]} is no longer {link.target_key}", file=sys.stderr)
    return 0
