"""Settings of dateline, read from one place.

Precedence, rising: the defaults below, a ``dateline.toml`` file (the path in ``DATELINE_CONFIG``,
else ``./dateline.toml`` if present), environment variables ``DATELINE_<FIELD>`` (upper case), and
finally the values a command-line flag passes to :func:`load_settings` as overrides.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """All tunable settings. Sizes are in bytes, times in seconds."""

    #: spaCy pipeline loaded by the understanding stage (any installed package name or path).
    model: str = "en_core_web_sm"
    #: Pages larger than this are refused with ``InputTooLargeError`` (bytes).
    max_page_bytes: int = 10 * 1024 * 1024
    #: Longest time one page may take to extract (seconds, wall clock); a page past it fails with
    #: kind ``too_slow`` (``TooSlowError``) and the batch goes on. 0 turns the limit off. Typical
    #: news pages take 2 to 20 ms; 30 s leaves room for a slow machine and a large page.
    page_time_limit: float = 30.0
    #: Database: a SQLite file path or an SQLAlchemy URL (``postgresql://...``).
    db: str = "dateline.db"
    #: Token that creating or deleting alerts over the REST API requires (empty: refused).
    api_token: str = ""
    #: Largest request body the server accepts (bytes).
    max_request_bytes: int = 1024 * 1024
    #: Documents per ``nlp.pipe`` batch.
    nlp_batch_size: int = 32
    #: Who finds quotations: ``"model"`` (the trained attribution tagger, speakers resolved by
    #: rules) or ``"rules"`` (the rule system alone).
    attribution: str = "model"
    #: Extra settings from the file that no field above names, kept for later stages.
    extra: dict = field(default_factory=dict)


def _coerce(value: str, like: object) -> object:
    if isinstance(like, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(like, int):
        return int(value)
    if isinstance(like, float):
        return float(value)
    return value


def load_settings(config_path: str | os.PathLike | None = None, **overrides: object) -> Settings:
    """Return the :class:`Settings` in force.

    ``overrides`` are keyword values from the command line; ``None`` values are ignored so that
    an unset flag never hides the file or the environment. Raises ``ValueError`` for an
    environment value of the wrong type and ``tomllib.TOMLDecodeError`` for a broken file.
    """
    values: dict[str, object] = {}
    names = {f.name: f for f in dataclasses.fields(Settings) if f.name != "extra"}
    path = config_path or os.environ.get("DATELINE_CONFIG")
    if path is None and Path("dateline.toml").is_file():
        path = "dateline.toml"
    extra: dict = {}
    if path:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        for key, value in data.items():
            (values if key in names else extra)[key] = value
    defaults = Settings()
    for name in names:
        env = os.environ.get(f"DATELINE_{name.upper()}")
        if env is not None:
            values[name] = _coerce(env, getattr(defaults, name))
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values, extra=extra)
