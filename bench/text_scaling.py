"""Work per page on the text path grows linearly with the page (issue 12, item 7): CPU seconds
per MB of ``dateline.extract(page_bytes, format="text", nlp=False)`` on pages of our own
generated text of about 0.1, 1 and 4 MB (a 4 MB page holds about 100,000 lines: short menu
lines, bylines, dates and prose paragraphs, a blank line between blocks). Constant seconds per MB
means linear; a figure that grows with the size means something quadratic.

Usage: .venv/bin/python bench/text_scaling.py [--sizes 0.1 1 4]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

_WORDS = ("the council harbour ferry said on Tuesday that its plan for the new wall would cost "
          "more than expected and residents who met at the town hall asked why the work had "
          "been delayed again after the storm last winter").split()
_CHROME = ["Home", "News", "Sport", "Weather", "Sign up for our newsletter", "Share this article",
           "Read more", "Advertisement", "By Ann Example", "Published 5 March 2025 12:40 GMT",
           "Follow us on social media", "Most read", "Comments (12)"]


def page(target_bytes: int, seed: int = 7) -> bytes:
    """Return a generated scrape of about ``target_bytes`` bytes (40 bytes a line on average)."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < target_bytes:
        if rng.random() < 0.6:
            line = rng.choice(_CHROME)
        else:
            words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 14))]
            line = " ".join(words).capitalize() + "."
        out.append(line)
        if rng.random() < 0.5:
            out.append("")
        size += len(line) + 1
    return "\n".join(out).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1.0, 4.0],
                        help="page sizes in MB")
    args = parser.parse_args(argv)
    import dateline
    from dateline.config import default_settings

    # no size or time limit: the figure is the work itself
    settings = default_settings().model_copy(update={"max_page_bytes": 64 * 2 ** 20,
                                                     "page_time_limit": 0.0})
    dateline.extract(page(20_000), format="text", nlp=False, settings=settings)  # warm-up
    print(f"| {'MB':>5} | {'lines':>7} | {'CPU s':>7} | {'s per MB':>8} |")
    print("|-------|---------|---------|----------|")
    for mb in args.sizes:
        data = page(int(mb * 2 ** 20))
        lines = data.count(b"\n") + 1
        start = time.process_time()
        dateline.extract(data, format="text", nlp=False, settings=settings)
        seconds = time.process_time() - start
        print(f"| {len(data) / 2 ** 20:5.2f} | {lines:7d} | {seconds:7.2f} |"
              f" {seconds / (len(data) / 2 ** 20):8.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
