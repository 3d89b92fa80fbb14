"""Language identification of an article body, as an ISO 639-1 code.

Uses py3langid (a maintained fork of langid.py; Lui and Baldwin, ACL 2012), whose model ships
inside the package: nothing is downloaded. The model is loaded on first use, once per process.
"""

from __future__ import annotations

import functools

from dateline.config import current

# The normalised probability below which no language is reported is a setting:
# dateline.config.ExtractSettings.language_min_probability, read through current().extract.
#: Characters of the body looked at: enough for a stable answer, cheap on long pages. On the
#: bodies of text-scrapes, text-scrapes-modern and PolNeAR dev (619 pages) 1200 gives the same
#: language as 3000 on 618; on one Malay/Indonesian page the probability falls from 0.80 to 0.78,
#: under extract.language_min_probability. langid's time grows with the sample (15% of the text
#: path at 3000).
SAMPLE_CHARS = 1200


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of ``text``'s language (``"en"``, ``"de"``, ...), or ``None``
    when the text is too short (under 20 letters) or the identification is unsure."""
    sample = text[:SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < 20:
        return None
    code, probability = _identifier().classify(sample)
    return code if probability >= current().extract.language_min_probability else None
