"""Speed-ups of the spaCy pipeline that keep its output: a faster ``attribute_ruler``, a faster
lemmatizer and matrix products through numpy's BLAS.

**Attribute ruler.** A faster drop-in for spaCy's ``attribute_ruler``, with the same rules and the
same output.

``en_core_web_sm``'s attribute ruler (179 rules, mostly "tag X -> POS Y, MORPH Z") runs a
Matcher over every token and builds a Span per match; it cost about as much as the dependency
parser. :class:`FastAttributeRuler` keeps every rule but looks the one-token rules that test only
``TAG`` and ``LOWER`` up in dictionaries. The rest (two-token rules, ``DEP``, ``IS_SPACE``,
``REGEX``, ``NOT_IN``; 23 rules in the sm model) are tested in Python as the Matcher tests them
(fixed-length patterns of plain values, ``IN``, ``NOT_IN`` and ``REGEX`` on ``TAG``, ``LOWER``,
``DEP`` and ``IS_SPACE``), each looked up by one of its tokens' values; a rule with any other
operator still goes to a Matcher (none in the sm model; 2026-12-01, 60 bench/speed.py pages: the
ruler 4.4 -> 3.2 ms of CPU an article, every attribute of all 64,368 tokens of 100 pages the
same). Matches are applied in rule order, later rules winning, exactly as
:class:`spacy.pipeline.AttributeRuler` does.

Measured (bench run of 2026-11-29, 60 PolNeAR train articles, 52,932 tokens): 0.35 s against
1.0 s for spaCy's, and POS, MORPH, TAG, DEP and LEMMA identical on every token.

**Lemmatizer.** spaCy's rule lemmatizer caches a lemma by (word, POS, morphology) only after the
rules ran: a base form (a singular noun, a positive adjective, an infinitive) or a word without
POS is worked out again at every occurrence, through ``token.morph.to_dict()``, and each lemma is
set through a ``Token``. :class:`FastLemmatizer` keeps every answer of the same function under
the same key and reads and writes the Doc's columns as arrays. Measured 2026-12-01 on the 100
bench/speed.py pages (1,623 strings): 9.0 -> 1.8 ms of CPU an article, and every lemma identical.
A lemma not yet cached was still dear: spaCy tests each form a rule makes against the part of
speech's ``lemma_index``, a list (57,528 nouns), so :meth:`FastLemmatizer.rule_lemmatize` tests
it against a set of the same words: on the 60 first pages in a new process 9.7 -> 2 ms of CPU an
article (2026-12-01), the same lemmas on all 64,368 tokens of the 100 pages.

**Matrix products.** thinc's ``NumpyOps`` multiplies matrices with the ``blis`` package, whose
wheel here selects its ``generic`` kernels (no AVX; ``BLIS_ARCH_DEBUG=1`` prints the choice), three
times slower than numpy's OpenBLAS on the tok2vec and NER shapes. :func:`numpy_gemm` gives every
model node ``NumpyOps(use_blis=False)`` (thinc's own switch: ``gemm`` through numpy) and limits
OpenBLAS to one thread per process (:data:`BLAS_THREADS`; with two threads on two shared cores it
spun and ran at half the speed of blis). Measured 2026-11-29 on 60 PolNeAR articles of 500 words
(891 strings): parsing 9.0 -> 14.0 articles per CPU-second; tags, dependencies, heads and entity
types identical on all 12,808 tokens compared. The parser's transition step still uses blis
through thinc's C-level ``CBlas`` (not replaceable from Python).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors, Warnings
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Span, Token
from spacy.tokens._retokenize import set_token_attrs
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_limits

#: OpenBLAS threads per process: dateline scales over cores with worker processes (runner
#: ``--workers``), and two threads per process were slower than one (module docstring)
BLAS_THREADS = 1


def _values(value: object) -> list[str] | None:
    """The strings a pattern value accepts, or None when it is not a plain string or IN."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return list(value["IN"])
    return None


#: token attributes the step patterns of :class:`FastAttributeRuler` test, by column number
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}


def _predicate(value: object) -> Callable[[object], bool] | None:
    """A test of one attribute's value as spaCy's Matcher applies a token pattern's value (a
    string or bool: equal; ``IN``, ``NOT_IN``: membership; ``REGEX``: ``re.search``), or None
    for anything else."""
    if isinstance(value, (str, bool)):
        return lambda v: v == value
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(
                isinstance(a, str) for a in arg):
            members = frozenset(arg)
            return (lambda v: v in members) if op == "IN" else (lambda v: v not in members)
        if op == "REGEX" and isinstance(arg, str):
            regex = re.compile(arg)
            return lambda v: isinstance(v, str) and regex.search(v) is not None
    return None


#: one step pattern: the rule's number and, per token of the pattern, its (column, test) pairs
_Step = tuple[int, tuple[tuple[tuple[int, Callable[[object], bool]], ...], ...]]


def _step(rule: int, pattern: list[dict[str, Any]]
          ) -> tuple[int, list[tuple[int, str | bool]] | None, _Step] | None:
    """The step form of a fixed-length ``pattern`` of rule ``rule``, with the token of the
    pattern it is looked up by and that token's (column, value) keys (None: the pattern is
    tried at every token), or None when a token tests another attribute or operator (``OP``
    included): such patterns stay with a Matcher."""
    tokens = []
    for spec in pattern:
        tests = []
        for attr, value in spec.items():
            test = _predicate(value)
            if attr not in _COLUMNS or test is None:
                return None
            tests.append((_COLUMNS[attr], test))
        tokens.append(tuple(tests))
    if not tokens:
        return None
    for offset, spec in enumerate(pattern):
        for attr in ("LOWER", "TAG", "DEP", "IS_SPACE"):
            values = _values(spec.get(attr)) if attr != "IS_SPACE" else (
                [True] if spec.get(attr) is True else None)
            if values is not None:
                return offset, [(_COLUMNS[attr], v) for v in values], (rule, tuple(tokens))
    return 0, None, (rule, tuple(tokens))


class FastAttributeRuler(AttributeRuler):
    """:class:`spacy.pipeline.AttributeRuler` with a dictionary fast path (see the module
    docstring). Serialises, adds patterns and scores like its parent."""

    _index: tuple[dict, dict, dict, dict, list, Matcher] | None = None

    def add(self, patterns, attrs, index=0) -> None:  # noqa: D102 - as the parent's
        super().add(patterns, attrs, index)
        self._index = None

    def _build(self) -> tuple[dict, dict, dict, dict, list, Matcher]:
        by_tag: dict[str, list[int]] = {}
        by_lower: dict[str, list[int]] = {}
        by_both: dict[tuple[str, str], list[int]] = {}
        # step patterns by the (column, value) of one of their tokens, with that token's offset
        steps: dict[tuple[int, str | bool], list[tuple[int, _Step]]] = {}
        every: list[_Step] = []  # step patterns tried at every token
        rest = Matcher(self.vocab, validate=False)
        for i, rule in enumerate(self.patterns):
            others: list[list[dict[str, Any]]] = []
            patterns: list[list[dict[str, Any]]] = rule["patterns"]  # type: ignore[assignment]
            for pattern in patterns:
                token = pattern[0] if len(pattern) == 1 else {}
                if token and set(token) <= {"TAG", "LOWER"}:
                    tags = _values(token["TAG"]) if "TAG" in token else [None]
                    lowers = _values(token["LOWER"]) if "LOWER" in token else [None]
                    if tags is not None and lowers is not None:
                        for tag in tags:
                            for lower in lowers:
                                if tag is not None and lower is not None:
                                    by_both.setdefault((lower, tag), []).append(i)
                                elif tag is not None:
                                    by_tag.setdefault(tag, []).append(i)
                                elif lower is not None:
                                    by_lower.setdefault(lower, []).append(i)
                        continue
                others.append(pattern)
            stepped = _step(i, others[0]) if len(others) == 1 else None
            if stepped is not None:  # one pattern of plain tests: no Matcher needed
                offset, keys, step = stepped
                if keys is None:
                    every.append(step)
                for key in keys or ():
                    steps.setdefault(key, []).append((offset, step))
            elif others:
                rest.add(str(i), others)
        return by_tag, by_lower, by_both, steps, every, rest

    def __call__(self, doc: Doc) -> Doc:
        """Set the rules' attributes on ``doc`` (in place) and return it."""
        if self._index is None:
            self._index = self._build()
        by_tag, by_lower, by_both, steps, every, rest = self._index
        found: list[tuple[int, int]] = []
        columns: tuple[list, list, list, list] = ([], [], [], [])
        tags, lowers, deps, spaces = columns
        hits: list[tuple[int, _Step]] = []  # (start token, step pattern) to test
        get_step = steps.get
        for token in doc:
            tag, lower, dep, space, i = token.tag_, token.lower_, token.dep_, token.is_space, \
                token.i
            tags.append(tag)
            lowers.append(lower)
            deps.append(dep)
            spaces.append(space)
            found.extend((rule, i) for rule in by_tag.get(tag, ()))
            found.extend((rule, i) for rule in by_lower.get(lower, ()))
            found.extend((rule, i) for rule in by_both.get((lower, tag), ()))
            for key in ((0, tag), (1, lower), (2, dep), (3, space)):
                hits.extend((i - offset, step) for offset, step in get_step(key, ()))
        hits.extend((i, step) for step in every for i in range(len(doc)))
        for start, (rule, tokens) in hits:
            end = start + len(tokens)
            if start >= 0 and end <= len(doc) and all(
                    test(columns[column][j])
                    for j, tests in zip(range(start, end), tokens, strict=True)
                    for column, test in tests):
                found.append((rule, Span(doc, start, end)[self.indices[rule]].i))
        strings = self.vocab.strings
        if len(rest):
            for match_id, start, end in rest(doc, allow_missing=True):
                rule = int(strings[match_id])
                found.append((rule, Span(doc, start, end)[self.indices[rule]].i))
        found.sort()
        for rule, i in found:
            set_token_attrs(doc[i], self.attrs[rule])
        return doc


@Language.factory("dateline_attribute_ruler", default_config={
    "validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}})
def make_fast_attribute_ruler(nlp: Language, name: str, validate: bool, scorer
                              ) -> FastAttributeRuler:
    """spaCy factory of :class:`FastAttributeRuler` (same settings as ``attribute_ruler``)."""
    return FastAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


class FastLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer with every lemma cached by (ORTH, POS, MORPH) and the
    Doc's columns read and written as arrays (see the module docstring): the same lemmas.
    Other modes than ``rule`` run as the parent does."""

    _lemmas: dict[tuple[int, int, int], int]

    def __call__(self, doc: Doc) -> Doc:
        """Set the lemma of every token of ``doc`` that has none (every token with
        ``overwrite``), in place; returns ``doc``."""
        if self.mode != "rule":
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        try:
            lemmas = self.__dict__.setdefault("_lemmas", {})
            strings = doc.vocab.strings
            rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
            out = rows[:, 3].copy()
            for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
                if lemma and not self.overwrite:
                    continue
                value = lemmas.get((orth, pos, morph))
                if value is None:
                    value = strings.add(self.rule_lemmatize(doc[i])[0])
                    lemmas[(orth, pos, morph)] = value
                out[i] = value
            lemma_ids: Any = out.astype(np.uint64)  # spaCy types the array as thinc Ints2d
            doc.from_array([LEMMA], lemma_ids)
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's error handler decides, as in the parent
            self.get_error_handler()(self.name, self, [doc], e)
            return doc

    def rule_lemmatize(self, token: Token) -> list[str]:
        """The lemmas of ``token`` as spaCy's ``Lemmatizer.rule_lemmatize`` works them out (the
        same steps and cache), but testing a candidate form against a set of each part of
        speech's ``lemma_index`` instead of its list (57,528 nouns: a scan of the list for
        every rule that applied was most of a lemma's cost)."""
        cache_key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
        if cache_key in self.cache:
            return self.cache[cache_key]
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space"):
            if univ_pos == "":
                warnings.warn(Warnings.W108, stacklevel=2)
            return [string.lower()]
        if self.is_base_form(token):
            return [string.lower()]
        index_table = self.lookups.get_table("lemma_index", {})
        exc_table = self.lookups.get_table("lemma_exc", {})
        rules_table = self.lookups.get_table("lemma_rules", {})
        if not any((index_table.get(univ_pos), exc_table.get(univ_pos),
                    rules_table.get(univ_pos))):
            return [string] if univ_pos == "propn" else [string.lower()]
        index_sets = self.__dict__.setdefault("_index_sets", {})
        index = index_sets.get(univ_pos)
        if index is None:
            index = index_sets[univ_pos] = frozenset(index_table.get(univ_pos, {}))
        exceptions = exc_table.get(univ_pos, {})
        rules = rules_table.get(univ_pos, {})
        orig = string
        string = string.lower()
        forms: list[str] = []
        oov_forms = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))  # no duplicates, in the order of the rules
        for form in exceptions.get(string, []):  # exceptions first, as in spaCy
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        if not forms:
            forms.append(orig)
        self.cache[cache_key] = forms
        return forms


def speed_up(nlp: Language) -> Language:
    """Replace ``nlp``'s spaCy ``attribute_ruler`` by a :class:`FastAttributeRuler` holding
    the same rules, and make its English rule lemmatizer a :class:`FastLemmatizer` (in place;
    returns ``nlp``). Pipelines without them are left as they are."""
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if type(lemmatizer) is EnglishLemmatizer:
            lemmatizer.__class__ = FastLemmatizer  # same state and tables, faster __call__
    if "attribute_ruler" in nlp.pipe_names:
        old = nlp.get_pipe("attribute_ruler")
        if type(old) is AttributeRuler:
            patterns = old.patterns
            new = nlp.replace_pipe("attribute_ruler", "dateline_attribute_ruler")
            assert isinstance(new, FastAttributeRuler)
            new.add_patterns(patterns)
    return nlp


def numpy_gemm(nlp: Language) -> Language:
    """Make every thinc model node of ``nlp`` multiply matrices with numpy
    (``NumpyOps(use_blis=False)``) and limit this process's BLAS libraries to
    :data:`BLAS_THREADS` threads (process-wide, inherited by forked workers). In place; returns
    ``nlp``. Models on other ops (a GPU) are left as they are."""
    threadpool_limits(limits=BLAS_THREADS, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                if type(node.ops) is NumpyOps:
                    node.ops = ops
    return nlp
