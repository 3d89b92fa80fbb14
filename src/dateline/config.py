"""Settings of dateline, read from one place, with where each value came from.

Precedence, rising: the defaults below, a ``dateline.toml`` file (the path in ``DATELINE_CONFIG``
or ``--config``, else ``./dateline.toml`` if present), environment variables ``DATELINE_<NAME>``,
and finally the values command-line flags pass to :func:`load_settings` (``--set NAME=VALUE``
reaches any setting). ``dateline config`` prints the settings in force and the origin of each.

Names: a top-level field is ``model`` in the file, ``DATELINE_MODEL`` in the environment and
``model`` as an override; a field of a section is ``retries`` under ``[fetch]`` in the file,
``DATELINE_FETCH_RETRIES`` in the environment and ``fetch_retries`` (or ``fetch.retries``) as an
override. Adding a setting is one line: a field with its default and a ``#:`` comment in
:class:`Settings` or in one of its section classes (a new section is a class plus one field).

Stage code reads its knobs from the settings handed to it (``settings.fetch``) or, deep inside a
stage, from :func:`current`, the settings of the run in progress (set by the pipeline with
:func:`using`; the defaults when nothing set them).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from dateline.errors import ConfigError

#: The largest count or offset any interface takes (``--limit``/``--offset`` of the commands,
#: ``offset`` of the API and the pages). Past 2**63 - 1 SQLite and PostgreSQL refuse the
#: number, and ``--offset 99999999999999999999`` ended in an OverflowError traceback.
MAX_OFFSET = 10_000_000

#: Where a value came from, as ``dateline config`` prints it.
DEFAULT, FILE, ENV, FLAG = "default", "file", "env", "flag"


class Section(BaseModel):
    """Base of a settings section (a ``[table]`` of ``dateline.toml``): typed, frozen, strict
    about unknown names (a misspelt knob is an error, not silently ignored)."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class FetchSettings(Section):
    """Polite fetching (:class:`dateline.sources.fetch.Fetcher`). Times in seconds."""

    min_interval: float = Field(1.0, ge=0)
    """Between two requests to one host (a longer Crawl-delay wins)."""
    retries: int = Field(3, ge=0)
    """Retries after the first attempt (429, 5xx, timeouts, network errors)."""
    backoff: float = Field(0.5, ge=0)
    """First retry's wait; doubles each retry."""
    max_backoff: float = Field(30.0, ge=0)
    """Cap on one wait, also on a server's Retry-After."""
    connect_timeout: float = Field(10.0, gt=0)
    """To open a connection."""
    read_timeout: float = Field(30.0, gt=0)
    """Per read of the socket."""
    max_redirects: int = Field(5, ge=0)
    """Redirects followed (each target's robots.txt checked)."""
    threads: int = Field(8, ge=1)
    """Requests in flight at once (to different hosts)."""


class WebhookSettings(Section):
    """Alert deliveries (:mod:`dateline.delivery`): webhooks, and the retry policy that email
    deliveries share. Each delivery is a row of the store's ``alert_deliveries`` table; a failed
    attempt is tried again ``backoff * 2**n`` seconds later (or after the receiver's
    ``Retry-After``), at most ``max_backoff``, by ``dateline alerts deliver``, the next
    ``ingest`` or a running ``serve``. Times in seconds."""

    timeout: float = Field(5.0, gt=0)
    """Per attempt (connecting and reading the answer)."""
    retries: int = Field(8, ge=0)
    """Attempts after the first (5xx, 408, 429, network errors) before a delivery is given up
    (kept as ``given_up``). With the defaults the last is about 2 hours after the first."""
    backoff: float = Field(30.0, ge=0)
    """First retry's wait; doubles each retry."""
    max_backoff: float = Field(3600.0, ge=0)
    """Cap on one wait, also on a receiver's Retry-After."""
    flush_time: float = Field(2.0, ge=0)
    """Longest time an ingest spends at its end on deliveries still pending; what is left stays
    pending (an ingest never waits out a dead receiver's retries)."""
    allowed_hosts: tuple[str, ...] = ()
    """Webhook hosts allowed although they resolve to loopback, private, link-local or other
    internal addresses: a host name as written in the URL (``hooks.internal``) or an IP network
    (``127.0.0.1``, ``10.0.0.0/8``). Comma-separated in the environment and ``--set``. Empty
    (default): webhooks reach public addresses only."""

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value


class EmailSettings(Section):
    """Alert email (:mod:`dateline.delivery.mail`): the SMTP server alerts with an ``email``
    address are sent through, with Python's ``smtplib``. Retried with the policy of
    ``[webhook]``. Times in seconds."""

    smtp_host: str = ""
    """SMTP server's host name or address; empty: alerts cannot have an email address."""
    smtp_port: int = Field(25, ge=1, le=65535)
    """Its port (25 or 587 with ``starttls``; 465 is not supported)."""
    sender: str = "dateline@localhost"
    """The ``From`` address."""
    starttls: bool = False
    """Upgrade the connection with STARTTLS (certificate checked) before logging in."""
    username: str = ""
    """Login name; empty: no login."""
    password: str = ""
    """Login password (``dateline config`` prints it as ``***``)."""
    timeout: float = Field(10.0, gt=0)
    """Per attempt (connecting and each command)."""


class ServeSettings(Section):
    """Connection limits of ``dateline serve`` (:mod:`dateline.web.guard`). Times in seconds.
    The timeouts follow Apache's mod_reqtimeout defaults (``header=20 body=20,MinRate=500``),
    the slow-client defence of a mature server; nginx's ``client_header_timeout`` is the same
    idea with 60 s."""

    header_timeout: float = Field(20.0, gt=0)
    """Longest time from a connection's opening (or a later request's first byte) until the
    request line and headers are complete; then 408 and the connection is closed."""
    body_timeout: float = Field(20.0, gt=0)
    """Time allowed for a request body after its headers, extended by one second for every
    ``body_min_rate`` bytes received; past it the connection is closed."""
    body_min_rate: int = Field(500, gt=0)
    """Bytes per second of body that earn one more second (mod_reqtimeout's ``MinRate``)."""
    keep_alive_timeout: int = Field(5, gt=0)
    """Idle time after a response before a kept-alive connection is closed (uvicorn's)."""
    max_connections: int = Field(1024, ge=1)
    """Open connections in all; one more is answered 503 and closed (the file descriptors)."""
    max_connections_per_client: int = Field(64, ge=0)
    """Open connections from one client address (the TCP peer); one more is answered 503 and
    closed; 0: no limit. Trusted proxies (``forwarded_allow_ips`` with ``proxy_headers``) are
    exempt: behind a reverse proxy every client arrives from the proxy's address, and the
    proxy limits its clients. A browser opens at most 6 to one host."""
    proxy_headers: bool = False
    """Trust ``X-Forwarded-For`` / ``X-Forwarded-Proto`` from ``forwarded_allow_ips``."""
    forwarded_allow_ips: str = "127.0.0.1,::1"
    """Addresses or networks (``10.0.0.0/8``), comma separated, of trusted reverse proxies."""


class ExtractSettings(Section):
    """Thresholds of the extraction stage (:mod:`dateline.extract`)."""

    min_body_words: int = Field(20, ge=0)
    """Fewest words a body must hold to count as an article. A news brief has 30 or more; menus,
    single prompts ("Click here to subscribe") and stray file names have a handful."""
    language_min_probability: float = Field(0.8, ge=0, le=1)
    """Normalised py3langid probability below which a body's language is unknown (``None``).
    langid's probabilities on a paragraph of news prose are above 0.99; mixed or very short
    texts fall below this."""


class QuoteSettings(Section):
    """Thresholds of quotation attribution (:mod:`dateline.understand.attribution` and
    :mod:`dateline.understand.quotes`). Gaps and lengths count spaCy tokens."""

    max_after_gap: int = Field(25, ge=0)
    """Most tokens between a quotation's closing mark and its cue ("“...,” Márton Gyöngyösi, a
    member of the European Parliament, said"); set by hand; 40 scores the same on PolNeAR train."""
    max_before_gap: int = Field(10, ge=0)
    """Most tokens between a cue and the opening mark it introduces ("said in a statement: “")."""
    min_unattributed_words: int = Field(5, ge=0)
    """A quoted stretch with no speaker and fewer words than this is a scare quote or a title,
    not a quotation ("eastern opening")."""
    max_colon_speaker: int = Field(4, ge=0)
    """Most tokens of a speaker before the colon of "Name: what they said" ("JOEL BENENSON:")."""
    max_headline_speaker: int = Field(7, ge=0)
    """Most words of a speaker before the cue in a Title Case headline."""
    max_inherit_gap: int = Field(1, ge=0)
    """A quotation without a cue continues the previous speaker only when that quotation is at
    most this many body paragraphs earlier (the convention for quotes running over paragraphs)."""


class Settings(BaseModel):
    """All tunable settings. Sizes are in bytes, times in seconds, lengths in code points.

    Frozen; build a changed copy with :func:`load_settings` overrides or ``model_copy(update=...)``.
    :meth:`origin` tells where a value came from.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    model: str = "en_core_web_sm"
    """spaCy pipeline loaded by the understanding stage (any installed package name or path)."""
    max_page_bytes: int = Field(10 * 1024 * 1024, gt=0)
    """Pages larger than this are refused with ``InputTooLargeError`` (bytes)."""
    max_part_chars: int = Field(100_000, gt=0)
    """Longest headline, caption or paragraph given to spaCy (code points); a longer one is kept
    but not annotated. News prose paragraphs are under 5,000; past this is a page without line
    breaks, whose parse would take minutes (spaCy's own nlp.max_length is 1,000,000)."""
    max_understood_chars: int = Field(100_000, gt=0)
    """Most code points of one page the understanding stage annotates, in reading order
    (headline, standfirst, captions, body); the strings past it keep their text but get no
    entities, quotes, dates or events, and are listed in the record's ``unannotated``. The
    stage costs about 0.06 CPU-second per 1,000 code points (a page of 20,000 sentences took
    74 s); 100,000 is above every article body of ../shared/eval (the longest, html-articles,
    has 53,372) and bounds a page at about 6 CPU-seconds."""
    page_time_limit: float = Field(30.0, ge=0)
    """Longest time one page may take to extract (seconds, wall clock); a page past it fails with
    kind ``too_slow`` (``TooSlowError``) and the batch goes on. 0 turns the limit off. Typical
    news pages take 2 to 20 ms; 30 s leaves room for a slow machine and a large page. The
    understanding stage is bounded by ``max_understood_chars`` instead (deterministic: the same
    bytes give the same record on any machine)."""
    db: str = "dateline.db"
    """Database: a SQLite file path or an SQLAlchemy URL (``postgresql://...``)."""
    api_token: str = ""
    """Token that creating or deleting alerts over the REST API requires (empty: refused)."""
    max_request_bytes: int = Field(1024 * 1024, gt=0)
    """Largest request body the server accepts (bytes)."""
    nlp_batch_size: int = Field(32, ge=1)
    """Articles understood together: their strings go through one ``nlp.pipe`` call (batches of
    ``dateline.understand.PARSE_BATCH`` strings)."""
    attribution: Literal["model", "rules"] = "model"
    """Who finds quotations: ``"model"`` (the trained attribution tagger, speakers resolved by
    rules) or ``"rules"`` (the rule system alone)."""
    extract: ExtractSettings = ExtractSettings()
    quotes: QuoteSettings = QuoteSettings()
    fetch: FetchSettings = FetchSettings()
    webhook: WebhookSettings = WebhookSettings()
    email: EmailSettings = EmailSettings()
    serve: ServeSettings = ServeSettings()
    extra: dict[str, Any] = Field(default_factory=dict, exclude=True)
    """Tables and keys of the file that no field names, kept for later stages."""

    _origins: dict[str, str] = PrivateAttr(default_factory=dict)

    def origin(self, name: str) -> str:
        """Where setting ``name`` (``"model"``, ``"fetch.retries"``) came from: ``"default"``,
        ``"file"``, ``"env"`` or ``"flag"`` (settings built directly count as defaults)."""
        return self._origins.get(name, DEFAULT)

    def items(self) -> Iterator[tuple[str, Any, str]]:
        """Yield ``(dotted name, value, origin)`` for every setting, in declaration order."""
        for name, value in _flatten(self.model_dump()):
            yield name, value, self.origin(name)


#: Section fields, name -> section class (derived; nothing to edit here when adding a section).
SECTIONS: dict[str, type[Section]] = {
    name: f.annotation for name, f in Settings.model_fields.items()
    if isinstance(f.annotation, type) and issubclass(f.annotation, Section)}


def names() -> list[str]:
    """Every setting's dotted name (``model``, ``fetch.retries``), in declaration order."""
    return [name for name, _ in _flatten(Settings().model_dump())]


def env_name(name: str) -> str:
    """The environment variable of setting ``name``: ``fetch.retries`` ->
    ``DATELINE_FETCH_RETRIES``."""
    return "DATELINE_" + name.replace(".", "_").upper()


def _flatten(values: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in values.items():
        if prefix == "" and key in SECTIONS and isinstance(value, Mapping):
            yield from _flatten(value, key + ".")
        else:
            yield prefix + key, value


def _dotted(name: str) -> str:
    """``fetch_retries`` or ``fetch.retries`` -> ``fetch.retries``; top-level names as given."""
    if "." in name:
        return name
    for section in SECTIONS:
        if name.startswith(section + "_") and name[len(section) + 1:] in (
                SECTIONS[section].model_fields):
            return f"{section}.{name[len(section) + 1:]}"
    return name


def _put(tree: dict[str, Any], dotted: str, value: object) -> None:
    head, _, tail = dotted.partition(".")
    if tail:
        tree.setdefault(head, {})[tail] = value
    else:
        tree[head] = value


def load_settings(config_path: str | os.PathLike[str] | None = None,
                  **overrides: object) -> Settings:
    """Return the :class:`Settings` in force.

    ``overrides`` are values from command-line flags, keyed by name (``db``, ``fetch_retries``);
    ``None`` values are ignored so that an unset flag never hides the file or the environment.
    Raises :class:`~dateline.errors.ConfigError` for a broken or unreadable file, an unknown
    name in a known section, or a value of the wrong type (naming the setting and its origin).
    """
    known = set(names())
    tree: dict[str, Any] = {}
    origins: dict[str, str] = {}
    extra: dict[str, Any] = {}
    path = config_path or os.environ.get("DATELINE_CONFIG")
    if path is None and Path("dateline.toml").is_file():
        path = "dateline.toml"
    if path:
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read the settings file {path}: {exc}") from exc
        for key, value in data.items():
            if key in SECTIONS and isinstance(value, dict):
                for sub, item in value.items():
                    _put(tree, f"{key}.{sub}", item)
                    origins[f"{key}.{sub}"] = f"{FILE} {path}"
            elif key in known:
                tree[key] = value
                origins[key] = f"{FILE} {path}"
            else:
                extra[key] = value
    for name in known:
        env = os.environ.get(env_name(name))
        if env is not None:
            _put(tree, name, env)
            origins[name] = f"{ENV} {env_name(name)}"
    for key, value in overrides.items():
        if value is None:
            continue
        name = _dotted(key)
        if name not in known:
            raise ConfigError(f"unknown setting {key!r} (see `dateline config` for the names)")
        _put(tree, name, value)
        origins[name] = FLAG
    try:
        settings = Settings(**tree, extra=extra)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"])
            where = origins.get(name, DEFAULT)
            problems.append(f"{name} ({where}): {error['msg']}")
        raise ConfigError("bad settings: " + "; ".join(problems)) from exc
    settings._origins.update(origins)
    return settings


@functools.cache
def default_settings() -> Settings:
    """The settings of ``dateline.toml`` and the environment, read once per process (on first
    use) and shared; what :func:`dateline.extract` uses when no settings are passed.
    ``default_settings.cache_clear()`` makes the next call read them again."""
    return load_settings()


_current: contextvars.ContextVar[Settings | None] = contextvars.ContextVar(
    "dateline_settings", default=None)
_DEFAULTS = Settings()


def current() -> Settings:
    """The settings of the run in progress in this thread (see :func:`using`); the built-in
    defaults when no run set them (a stage function called directly, a spaCy component in
    someone else's pipeline)."""
    return _current.get() or _DEFAULTS


@contextlib.contextmanager
def using(settings: Settings) -> Iterator[Settings]:
    """Make ``settings`` what :func:`current` returns inside the ``with`` block."""
    token = _current.set(settings)
    try:
        yield settings
    finally:
        _current.reset(token)
