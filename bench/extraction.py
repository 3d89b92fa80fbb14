"""Extraction benchmark (issue 2 item 6, issue 12 item 7): dateline beside its peers, same pages,
one run, measured on the product.

Every system is given the page's raw bytes. dateline is what a user calls,
``dateline.extract(page_bytes, format=..., nlp=False)``: decoding, charset detection and repair,
metadata and the record included. Peers that decode bytes themselves get the bytes; the others
get them decoded by :func:`plain_decode`, inside their timed call.

Sets (read from ../shared/eval; see its README.md):

* ``html``: html-articles (ScrapingHub article-extraction benchmark, 127 pages). Body of dateline's
  HTML path beside trafilatura (its defaults, and the settings dateline uses), readability-lxml,
  jusText, boilerpy3 (ArticleExtractor), resiliparse (``main_content=True``) and newspaper4k (fed
  the decoded HTML; ``fetch_images`` off, else it fetches images over the network).
* ``text``: text-scrapes (L3S-GN1 rendered as text, 408 pages), gold = the lines labelled ``body``;
  ``modern``: text-scrapes-modern (127 pages), gold = the benchmark's ``articleBody``. dateline's
  text path beside keep-everything, the C4 line filter and jusText on lines.
* ``metadata``: metadata-articles (NAEB, 26 pages): headline, authors and date of dateline's HTML
  path beside trafilatura's and newspaper4k's metadata.

Body scores use the ScrapingHub shingle metric (:mod:`dateline.evaluation`): precision and recall
are means over pages, F1 is taken of the two means. Speed is pages per second of wall time spent
inside each system after two untimed warm-up calls (the set's first page and a small page with
no ``lang`` attribute: imports, lazy loading of models); systems take turns
page by page so that load from other processes falls on all alike. Metadata matching (also in
bench/README.md):

* headline: equal after NFKC, case folding, curly quotes made straight and keeping only ``\\w+``
  tokens;
* authors: equal as sets of names, each normalised as above with a leading "the" dropped; the gold
  string is split at commas;
* date: the first 10 characters of the system's value (the day as the page states it) equal the
  gold ``YYYY-MM-DD``.

The C4 line filter follows the published rules (Raffel et al., JMLR 2020; TensorFlow Datasets
``c4_utils``): keep lines that end in a terminal mark (``. ! ? "``; typographic closing quotes
count too), have at least 5 words, and mention neither "javascript" nor a cookie or privacy
policy; a page with fewer than 3 sentences, or with "lorem ipsum", keeps nothing. The page-level
rules on curly brackets and bad words are left out: they reject pages, not chrome.

Usage: .venv/bin/python bench/extraction.py [--set html|text|modern|metadata|all] [--limit N]
[--systems NAME,...] (peers beside dateline on the body sets, e.g. ``--systems trafilatura``)
"""

from __future__ import annotations

import argparse
import html as html_lib
import json
import logging
import re
import sys
import time
import unicodedata
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT / "src"))

# --- loading --------------------------------------------------------------------------------------
# Every system is given the page's raw bytes, as a user has them: decoding is part of the work
# timed (dateline's charset detection and repair, each peer's own or the plain decoding below).


def load_html_set(limit: int | None) -> list[tuple[str, bytes, str, str]]:
    """Return ``(id, page bytes, url, gold body)`` for html-articles."""
    base = EVAL / "html-articles"
    truth = json.loads((base / "ground-truth.json").read_text("utf-8"))
    ids = sorted(truth)[:limit]
    return [(i, (base / "html" / f"{i}.html").read_bytes(), truth[i].get("url"),
             truth[i]["articleBody"]) for i in ids]


def load_text_set(limit: int | None) -> list[tuple[str, bytes, str]]:
    """Return ``(id, scrape bytes, gold body)`` for text-scrapes (gold = lines labelled body)."""
    base = EVAL / "text-scrapes"
    out = []
    for path in sorted(base.glob("*.txt"))[:limit]:
        data = path.read_bytes()
        labels = json.loads(path.with_name(path.stem + ".labels.json").read_text("utf-8"))
        lines = data.decode("utf-8").split("\n")
        gold = "\n".join(line for line, label in zip(lines, labels, strict=False)
                         if label == "body")
        out.append((path.stem, data, gold))
    return out


def load_modern_set(limit: int | None) -> list[tuple[str, bytes, str]]:
    """Return ``(id, scrape bytes, gold body)`` for text-scrapes-modern."""
    base = EVAL / "text-scrapes-modern"
    truth = json.loads((base / "ground-truth.json").read_text("utf-8"))
    ids = sorted(truth)[:limit]
    return [(i, (base / f"{i}.txt").read_bytes(), truth[i]["articleBody"]) for i in ids]


def load_metadata_set(limit: int | None) -> list[tuple[str, bytes, dict]]:
    """Return ``(file, page bytes, gold record)`` for metadata-articles."""
    base = EVAL / "metadata-articles"
    truth = json.loads((base / "ground-truth.json").read_text("utf-8"))[:limit]
    return [(g["html_file"], (base / "html" / f"{g['html_file']}.html").read_bytes(), g)
            for g in truth]


def plain_decode(data: bytes) -> str:
    """The decoding given to peers that take text: UTF-8, else cp1252 (undefined bytes
    replaced). Timed as part of the peer."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# --- HTML systems ---------------------------------------------------------------------------------

def dateline_record(page: bytes, format: str, url: str | None = None):
    """What a user calls: ``dateline.extract(bytes, format=..., nlp=False)``; ``None`` when
    dateline finds no article on the page (that page scores 0)."""
    import dateline
    from dateline.errors import DatelineError

    try:
        return dateline.extract(page, format=format, nlp=False, url=url)
    except DatelineError:
        return None


def _dateline_html(page: bytes, url: str | None) -> str:
    record = dateline_record(page, "html", url)
    return "\n".join(record.paragraphs) if record is not None else ""


def _trafilatura(page: bytes, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(page, url=url) or ""


def _trafilatura_fast(page: bytes, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(page, url=url, fast=True, include_comments=False) or ""


def _readability(page: bytes, url: str | None) -> str:
    import lxml.html
    from readability import Document

    summary = Document(page, url=url).summary(html_partial=True)  # decodes bytes itself
    tree = lxml.html.fromstring(summary)
    return "\n".join(" ".join(e.text_content().split())
                     for e in tree.iter("p", "li", "h1", "h2", "h3", "h4", "blockquote", "pre",
                                        "td"))


def _justext_html(page: bytes, url: str | None) -> str:
    import justext

    paragraphs = justext.justext(page, justext.get_stoplist("English"))  # decodes bytes itself
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _boilerpy3(page: bytes, url: str | None) -> str:
    from boilerpy3 import extractors

    try:
        return extractors.ArticleExtractor().get_content(plain_decode(page))
    except Exception:  # boilerpy3 raises on pages it cannot parse; that page scores 0
        return ""


def _resiliparse(page: bytes, url: str | None) -> str:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import detect_encoding
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse_from_bytes(page, detect_encoding(page))
    return extract_plain_text(tree, main_content=True)


def _newspaper_article(page: bytes, url: str | None):
    import newspaper

    config = newspaper.Config()
    config.fetch_images = False  # with images on, it fetches them over the network
    article = newspaper.Article(url or "https://example.invalid/article", config=config)
    article.download(input_html=plain_decode(page))
    article.parse()
    return article


def _newspaper(page: bytes, url: str | None) -> str:
    return _newspaper_article(page, url).text or ""


HTML_SYSTEMS: dict[str, Callable[[bytes, str | None], str]] = {
    "dateline": _dateline_html,
    "trafilatura": _trafilatura,
    "trafilatura (fast, no comments)": _trafilatura_fast,
    "readability-lxml": _readability,
    "jusText": _justext_html,
    "boilerpy3": _boilerpy3,
    "resiliparse": _resiliparse,
    "newspaper4k": _newspaper,
}

# --- text systems ---------------------------------------------------------------------------------

_TERMINAL = (".", "!", "?", '"', "\u201d")
_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies",
           "use cookies")
_SENTENCE = re.compile(r"[.!?]+(?:\s|$)")


def c4_filter(text: str) -> str:
    """Return the lines of a page that the C4 line rules keep (see the module docstring)."""
    if "lorem ipsum" in text.lower():
        return ""
    kept = []
    for line in text.split("\n"):
        line = line.strip()
        low = line.lower()
        if len(line.split()) < 5 or not line.endswith(_TERMINAL):
            continue
        if "javascript" in low or any(p in low for p in _POLICY):
            continue
        kept.append(line)
    body = "\n".join(kept)
    return body if len(_SENTENCE.findall(body)) >= 3 else ""


def _dateline_text(page: bytes) -> str:
    record = dateline_record(page, "text")
    return "\n".join(record.paragraphs) if record is not None else ""


def _keep_everything(page: bytes) -> str:
    return plain_decode(page)


def _c4_filter(page: bytes) -> str:
    return c4_filter(plain_decode(page))


def _justext_lines(page: bytes) -> str:
    import justext

    markup = "<html><body>" + "".join(f"<p>{html_lib.escape(line)}</p>"
                                      for line in plain_decode(page).split("\n")
                                      if line.strip())
    markup += "</body></html>"
    paragraphs = justext.justext(markup.encode("utf-8"), justext.get_stoplist("English"),
                                 encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


TEXT_SYSTEMS: dict[str, Callable[[bytes], str]] = {
    "dateline": _dateline_text,
    "keep everything": _keep_everything,
    "C4 line filter": _c4_filter,
    "jusText on lines": _justext_lines,
}

# --- running and printing -------------------------------------------------------------------------


#: A second warm-up page, with no ``lang`` attribute, so that lazily loaded models (dateline's
#: language identifier) are loaded before timing whatever the first page of a set states.
WARMUP_PAGE = ("<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
               + "<p>The council met on Tuesday to discuss the harbour wall and the ferry.</p>" * 4
               + "</article></body></html>").encode()


def run_body(pages: list[tuple[str, bytes, str | None, str]],
             systems: dict[str, Callable[[bytes, str | None], str]]) -> dict[str, dict]:
    """Run every system on every page (taking turns page by page); return scores and speed."""
    from dateline.evaluation import score

    outputs: dict[str, list[str]] = {name: [] for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    for system in systems.values():  # imports and lazy loading happen here, untimed
        for page, url in ((pages[0][1], pages[0][2]), (WARMUP_PAGE, None)):
            try:
                system(page, url)
            except Exception:  # noqa: BLE001 - a peer that fails here fails again below
                pass
    for _, page, url, _ in pages:
        for name, system in systems.items():
            start = time.perf_counter()
            try:
                out = system(page, url)
            except Exception as exc:  # a peer crashing on one page scores 0 on that page
                logging.getLogger(__name__).debug("%s failed: %s", name, exc)
                out = ""
            seconds[name] += time.perf_counter() - start
            outputs[name].append(out)
    results = {}
    for name in systems:
        s = score((gold, out) for (_, _, _, gold), out in zip(pages, outputs[name], strict=True))
        results[name] = {"precision": s.precision, "recall": s.recall, "f1": s.f1,
                         "pages_per_s": len(pages) / seconds[name] if seconds[name] else 0.0}
    return results


def print_body(title: str, results: dict[str, dict], pages: int) -> None:
    """Print one table, best F1 first, and dateline's ratios to the best peer."""
    print(f"\n## {title} ({pages} pages)\n")
    print(f"| {'system':34} | {'F1':>6} | {'prec.':>6} | {'recall':>6} | {'pages/s':>8} |")
    print(f"|{'-' * 36}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 10}|")
    for name, r in sorted(results.items(), key=lambda kv: -kv[1]["f1"]):
        print(f"| {name:34} | {r['f1']:.4f} | {r['precision']:.4f} | {r['recall']:.4f} |"
              f" {r['pages_per_s']:8.1f} |")
    ours = results["dateline"]
    peers = {k: v for k, v in results.items() if k != "dateline"}
    if not peers:  # --systems dateline: no peer to compare with
        return
    best_f1 = max(peers.items(), key=lambda kv: kv[1]["f1"])
    print(f"\ndateline F1 / best peer ({best_f1[0]}): {ours['f1'] / best_f1[1]['f1']:.3f}")
    if "trafilatura" in results:
        ratio = ours["pages_per_s"] / results["trafilatura"]["pages_per_s"]
        print(f"dateline speed / trafilatura's: {ratio:.2f}")
    fastest = max(peers.items(), key=lambda kv: kv[1]["pages_per_s"])
    print(f"dateline speed / fastest peer ({fastest[0]}): "
          f"{ours['pages_per_s'] / fastest[1]['pages_per_s']:.2f}")


def normalise(text: str | None) -> str:
    """Lower-case ``\\w+`` tokens of an NFKC-normalised string, joined by spaces."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.findall(r"\w+", text))


def author_set(names: list[str]) -> set[str]:
    """Normalised author names, a leading "the" dropped, empty names left out."""
    out = set()
    for name in names:
        n = re.sub(r"^the ", "", normalise(name))
        if n:
            out.add(n)
    return out


def _meta_dateline(page: bytes) -> dict:
    r = dateline_record(page, "html")
    if r is None:
        return {"headline": None, "authors": [], "date": None}
    return {"headline": r.headline, "authors": r.authors, "date": r.published}


def _meta_trafilatura(page: bytes) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(page, with_metadata=True)
    authors = [a.strip() for a in re.split(r";|,", doc.author or "") if a.strip()] if doc else []
    return {"headline": doc.title if doc else None, "authors": authors,
            "date": doc.date if doc else None}


def _meta_newspaper(page: bytes) -> dict:
    article = _newspaper_article(page, None)
    date = article.publish_date.isoformat() if article.publish_date else None
    return {"headline": article.title, "authors": list(article.authors), "date": date}


META_SYSTEMS = {"dateline": _meta_dateline, "trafilatura": _meta_trafilatura,
                "newspaper4k": _meta_newspaper}


def run_metadata(pages: list[tuple[str, bytes, dict]], verbose: bool) -> None:
    """Print headline / authors / date accuracy for each system."""
    hits = {name: [0, 0, 0] for name in META_SYSTEMS}
    seconds = dict.fromkeys(META_SYSTEMS, 0.0)
    for system in META_SYSTEMS.values():  # untimed warm-up, as in run_body
        try:
            system(pages[0][1])
        except Exception:  # noqa: BLE001
            pass
    for file, page, gold in pages:
        for name, system in META_SYSTEMS.items():
            start = time.perf_counter()
            try:
                got = system(page)
            except Exception as exc:  # a crash on one page counts as three misses
                logging.getLogger(__name__).debug("%s failed: %s", name, exc)
                got = {"headline": None, "authors": [], "date": None}
            seconds[name] += time.perf_counter() - start
            ok = (normalise(got["headline"]) == normalise(gold["title"]),
                  author_set(got["authors"]) == author_set(gold["authors"].split(",")),
                  (got["date"] or "")[:10] == gold["date"])
            for i, good in enumerate(ok):
                hits[name][i] += good
            if verbose and name == "dateline" and not all(ok):
                print(f"  miss {file}: {ok} {got} | gold {gold['title']!r} "
                      f"{gold['authors']!r} {gold['date']}")
    n = len(pages)
    print(f"\n## metadata-articles ({n} pages)\n")
    print(f"| {'system':12} | headline | authors |  date  | pages/s |")
    print(f"|{'-' * 14}|{'-' * 10}|{'-' * 9}|{'-' * 8}|{'-' * 9}|")
    for name, (h, a, d) in hits.items():
        speed = n / seconds[name] if seconds[name] else 0.0
        print(f"| {name:12} | {h / n:8.3f} | {a / n:7.3f} | {d / n:6.3f} | {speed:7.1f} |")


def _chosen(systems: dict, names: str | None) -> dict:
    """``systems`` restricted to dateline and the comma-separated ``names`` (all when
    ``None``; names of the other sets' systems are ignored here, see :func:`main`)."""
    if names is None:
        return systems
    wanted = {n.strip() for n in names.split(",")}
    return {k: f for k, f in systems.items() if k == "dateline" or k in wanted}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=("html", "text", "modern", "metadata", "all"),
                        default="all")
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each set")
    parser.add_argument("--verbose", action="store_true", help="list dateline's metadata misses")
    parser.add_argument("--systems", default=None,
                        help="comma-separated peers to run beside dateline on the body sets "
                             "(default: all), e.g. --systems trafilatura")
    args = parser.parse_args(argv)
    unknown = {n.strip() for n in (args.systems or "").split(",") if n.strip()} - set(
        HTML_SYSTEMS) - set(TEXT_SYSTEMS)
    if unknown:
        parser.error(f"unknown system(s) {', '.join(sorted(unknown))}: choose from "
                     f"{', '.join(sorted(set(HTML_SYSTEMS) | set(TEXT_SYSTEMS)))}")
    if not EVAL.is_dir():
        print(f"skipped: {EVAL} (the team's shared evaluation data) is not on this machine")
        return 0
    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore")
    chosen = ("html", "text", "modern", "metadata") if args.set == "all" else (args.set,)
    if "html" in chosen:
        pages = load_html_set(args.limit)
        systems = _chosen(HTML_SYSTEMS, args.systems)
        print_body("html-articles: HTML body", run_body(pages, systems), len(pages))
    for name, loader, title in (("text", load_text_set, "text-scrapes: text body"),
                                ("modern", load_modern_set, "text-scrapes-modern: text body")):
        if name in chosen:
            pages = [(i, text, None, gold) for i, text, gold in loader(args.limit)]
            systems = {k: (lambda page, url, f=f: f(page))
                       for k, f in _chosen(TEXT_SYSTEMS, args.systems).items()}
            print_body(title, run_body(pages, systems), len(pages))
    if "metadata" in chosen:
        run_metadata(load_metadata_set(args.limit), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
