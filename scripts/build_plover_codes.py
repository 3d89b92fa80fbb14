"""Rebuild src/dateline/understand/data/plover_codes.txt from the CAMEO-to-PLOVER table.

Reads ../shared/eval/events-plover/CAMEO2PLOVER-2021.txt (PLOVER manual draft 0.8, conversion
table of 17 September 2021, edited by Philip Schrodt; Open Event Data Alliance) and writes one
line per CAMEO code: code, PLOVER type, mode, contexts (";"-separated), the code's description.
Two-digit headings are left out; a code listed twice keeps its first line.

    .venv/bin/python scripts/build_plover_codes.py
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT.parent / "shared" / "eval" / "events-plover" / "CAMEO2PLOVER-2021.txt"
OUT = ROOT / "src" / "dateline" / "understand" / "data" / "plover_codes.txt"
LINE = re.compile(r"^(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*),([^#]*)#\s*(.*)$")


def main() -> None:
    rows: dict[str, str] = {}
    for line in TABLE.read_text("utf-8").splitlines():
        match = LINE.match(line.strip())
        if not match:
            continue
        code, kind, mode, context, description = (g.strip() for g in match.groups())
        contexts = ";".join(c.strip() for c in context.split(";") if c.strip())
        description = re.split(r"\s{2,}\d", description)[0].strip()  # drop editor's notes
        rows.setdefault(code, "\t".join((code, kind, mode.replace(" ", ""), contexts,
                                         description)))
    header = ("# CAMEO code -> PLOVER 2021 type, mode, contexts (;-separated), description.\n"
              "# Built by scripts/build_plover_codes.py from the CAMEO-to-PLOVER conversion\n"
              "# table of the PLOVER manual draft 0.8 (Open Event Data Alliance, P. Schrodt,\n"
              "# 2021-09-17).\n")
    OUT.write_text(header + "\n".join(rows[c] for c in sorted(rows)) + "\n", "utf-8")
    print(f"wrote {len(rows)} codes to {OUT}")


if __name__ == "__main__":
    main()
