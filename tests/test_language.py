"""Language identification: the windowed automaton walk gives py3langid's own n-gram counts."""

from __future__ import annotations

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

from dateline.extract.language import _identifier, _state_lengths, detect_language

# sentences written for these tests, in several scripts
TEXTS = [
    "The harbour ferry was cancelled on Tuesday after the storm damaged the pier.",
    "Die Fähre im Hafen fiel am Dienstag aus, nachdem der Sturm den Steg beschädigt hatte.",
    "Le traversier du port a été annulé mardi après que la tempête a endommagé la jetée.",
    "El transbordador del puerto se canceló el martes porque la tormenta dañó el muelle.",
    "Паром в гавани отменили во вторник после того, как шторм повредил причал.",
    "Το πλοίο του λιμανιού ακυρώθηκε την Τρίτη αφού η καταιγίδα κατέστρεψε την προβλήτα.",
    "港口渡轮周二因风暴损坏码头而停航。",
    "港のフェリーは火曜日、嵐で桟橋が壊れたため欠航した。",
    "ألغيت العبارة في الميناء يوم الثلاثاء بعد أن ألحقت العاصفة أضرارا بالرصيف.",
    "เรือข้ามฟากถูกยกเลิกในวันอังคารหลังพายุทำให้ท่าเรือเสียหาย",
    "ab", "", "12345", "!!! ??? ...", "x" * 3,
]


def test_state_lengths_of_a_hand_made_automaton():
    # the n-gram "ab": state 0 is the start, 1 is "a", 2 is "ab"; rows of 256 next states
    row0 = np.zeros(256, dtype=np.uint32)
    row0[ord("a")] = 1
    row1 = row0.copy()
    row1[ord("b")] = 2
    moves = np.concatenate([row0, row1])
    row_of = np.array([0, 1, 0], dtype=np.uint16)  # state 2 moves as the start state does
    assert _state_lengths(moves, row_of).tolist() == [0, 1, 2]


def test_window_is_the_longest_state():
    assert _identifier().window == 6  # py3langid 0.4's model: n-gram prefixes of up to 6 bytes


@pytest.mark.parametrize("text", TEXTS)
def test_visits_equal_py3langid_walk(text):
    ident = _identifier()
    data = ident._encode(text)
    expected = visit_counts(ident.tk_nextmove, ident._rowbase, ident.tk_output, data)
    got = ident._features(data)
    if expected is None:
        assert got is None
    else:  # the same counts in the same order (the scores sum them in that order)
        assert list(zip(got[0].tolist(), got[1].tolist(), strict=True)) == list(expected.items())


def test_classify_equals_py3langid():
    plain = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ours = _identifier()
    for text in TEXTS:
        assert ours.classify(text) == plain.classify(text)


def test_detect_language():
    assert detect_language(TEXTS[0]) == "en"
    assert detect_language(TEXTS[1]) == "de"
    assert detect_language("Too short.") is None


def test_twenty_letters_are_needed_in_any_script() -> None:
    nineteen = "abcdefghij klmnopqrs 12345 !!!"  # 19 letters
    assert detect_language(nineteen) is None
    assert detect_language("\u00e9" + nineteen[1:]) is None  # non-ASCII: counted by isalpha
    assert _identifier()._features(b"") is None
