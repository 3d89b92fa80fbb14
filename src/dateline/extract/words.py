"""Word counts that work in every script, spaced or not.

Most scripts put spaces between words, and a word is a run of letters and digits. Chinese and
Japanese (Han ideographs, hiragana, katakana) and the scripts of mainland South-East Asia (Thai,
Lao, Khmer, Myanmar) write no spaces between words, so a whole sentence would count as one word;
there a word count is estimated from the characters. Korean (Hangul) is written with spaces and
counts as a spaced script.
"""

from __future__ import annotations

import re

#: Characters a word in Chinese and Japanese news text: segmented Chinese corpora average about
#: 1.6 to 1.7 characters a word (SIGHAN 2005 bakeoff, PKU and MSR training sets); Japanese
#: morphemes are of similar length. Used as an estimate, never to segment.
CJK_CHARS_PER_WORD = 1.7
#: Code points a word in Thai (and Lao, Khmer, Myanmar) text, vowel and tone marks included: a
#: rough figure, from Thai news sentences segmented by hand (one of 8 words has 45 code points).
SEA_CHARS_PER_WORD = 5.0

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
SEA = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_UNSPACED = re.compile(CJK.pattern[:-1] + SEA.pattern[1:-1] + "]")
WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")


def unspaced_counts(text: str) -> tuple[int, int]:
    """Return ``(cjk, sea)``: how many characters of ``text`` are Chinese/Japanese and how many
    Thai, Lao, Khmer or Myanmar."""
    if text.isascii():
        return 0, 0
    return len(CJK.findall(text)), len(SEA.findall(text))


def spaced_words(text: str) -> list[str]:
    """Return the words of ``text`` outside its unspaced-script characters (runs of letters and
    digits, with inner apostrophes and hyphens)."""
    if not text.isascii():
        text = _UNSPACED.sub(" ", text)
    return WORD.findall(text)


def word_count(text: str) -> int:
    """Return the number of words in ``text``: its whitespace-separated tokens when it holds no
    unspaced-script characters; otherwise the tokens with a letter or digit outside those
    characters, plus the unspaced characters divided by ``CJK_CHARS_PER_WORD`` or
    ``SEA_CHARS_PER_WORD`` (rounded down, at least 1). ``"The ferry sailed."`` is 3; a Chinese
    sentence of 34 characters is 20."""
    cjk, sea = unspaced_counts(text)
    if not cjk and not sea:
        return len(text.split())
    spaced = sum(1 for token in _UNSPACED.sub(" ", text).split() if WORD.search(token))
    return spaced + max(1, int(cjk / CJK_CHARS_PER_WORD + sea / SEA_CHARS_PER_WORD))
