"""``dateline stories``: the story clusters of the store (the articles of any outlet about one
event). Without ``--story`` it lists stories, latest activity first, filtered by words of their
articles, ``--since`` and ``--entity``; with ``--story ID`` it prints that story's articles in
time order. ``--json`` prints what the REST API answers (``GET /api/v1/stories``,
``GET /api/v1/stories/{id}``)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from dateline.cli.corpus import _db, _iso_date, _paging, _print, open_store
from dateline.cli.options import COMMAND_OPTIONS, counted, story_arg
from dateline.errors import StoreError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``stories`` subcommand to ``sub``."""
    p = sub.add_parser("stories", parents=[COMMAND_OPTIONS],
                       help="list the story clusters of the store, or one story",
                       description="Stories (articles of any outlet about one event), latest "
                       "first; --story ID shows one story's articles in time order.")
    p.add_argument("query", metavar="QUERY", nargs="?", help="words some article of it has")
    _db(p)
    p.add_argument("--since", metavar="DATE", type=_iso_date,
                   help="its latest article on or after YYYY-MM-DD (UTC)")
    p.add_argument("--entity", help="some article of it names this entity (key or name)")
    p.add_argument("--story", metavar="ID", type=story_arg, help="show this story")
    _paging(p)
    p.set_defaults(run=run_stories)


def run_stories(args: argparse.Namespace) -> int:
    """Print the stories (or one story); return the exit status (0; 1 for an unknown id)."""
    with open_store(args) as store:
        if args.story is not None:
            story_id = store.story_id_for(args.story)  # a unique prefix names it too
            story = store.story(story_id) if story_id else None
            if story is None:
                raise StoreError(f"no story {args.story} in the store (see `dateline "
                                 "stories`)")
        else:
            items, total = store.stories(args.query, since=args.since, entity=args.entity,
                                         limit=args.limit, offset=args.offset)
    if args.story is None:
        _print(items, total, args, [
            ("latest", lambda s: (s.last_published or "undated")[:10], "cyan"),
            ("articles", lambda s: str(s.articles), "green"),
            ("headline", "headline", "bold"),
            ("outlets", lambda s: ", ".join(s.publishers), ""),
            ("id", lambda s: s.id[:12], "dim")], "stories")
        return 0
    assert story is not None  # looked up above when args.story is given
    if args.json:
        print(json.dumps(story.model_dump(), ensure_ascii=False))
        return 0
    from rich.console import Console

    console = Console()
    console.print(f"[bold]{story.headline or '(no headline)'}[/bold]  "
                  f"({counted(story.articles, 'articles')}; {', '.join(story.publishers)})")
    for a in story.items:
        console.print(f"  [cyan]{minutes(a.published)}[/cyan]  [green]{a.publisher or ''}"
                      f"[/green]  {a.headline or ''}  [dim]{a.id[:12]}[/dim]", highlight=False)
    return 0


def minutes(published: str | None) -> str:
    """``published`` (ISO 8601) to the minute with its UTC offset as written
    (``2025-03-03T06:00-05:00``), so that articles listed in UTC order read in order; a bare
    date, a time without offset (to the minute) or an unreadable value as written."""
    if not published:
        return ""
    try:
        when = datetime.fromisoformat(published)
    except ValueError:
        return published
    return published if len(published) <= 10 else when.isoformat(timespec="minutes")
