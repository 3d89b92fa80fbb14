from dateline.evaluation import page_counts, score, shingles


def test_shingles_of_a_short_text_is_one_shingle():
    assert shingles("two words") == {("two", "words"): 1}
    assert shingles("") == {}


def test_page_counts_are_normalised():
    # gold has shingles (a b c d), (b c d e); prediction has (a b c d), (b c d x)
    tp, fp, fn = page_counts("a b c d e", "a b c d x")
    assert (tp, fp, fn) == (1 / 3, 1 / 3, 1 / 3)


def test_score_is_f1_of_mean_precision_and_recall():
    result = score([("a b c d e", "a b c d e"), ("a b c d e", "")])
    # page 1: precision 1, recall 1; page 2: no prediction, so precision is not averaged
    # and recall is 0.
    assert result.precision == 1.0
    assert result.recall == 0.5
    assert abs(result.f1 - 2 / 3) < 1e-12
