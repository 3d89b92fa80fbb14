"""Write the Article JSON Schema to schema/article.schema.json (run by `make schema`)."""

import json
from pathlib import Path

from dateline.model import json_schema

path = Path(__file__).resolve().parent.parent / "schema" / "article.schema.json"
path.write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"wrote {path}")
