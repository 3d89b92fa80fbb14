"""The understanding stage on pages it should not annotate: other languages, huge strings."""

import dateline

GERMAN = ("Stadtrat beschließt Neubau der Hafenmauer\n\n" + (
    "„Wir haben keine Wahl“, sagte die Ratsvorsitzende Agnes Thornbury am Dienstag in Berlin. "
    "Der Stadtrat hat beschlossen, die alte Hafenmauer bis zum Winter zu erneuern.\n\n") * 3)


def test_a_page_in_another_language_keeps_its_record_without_english_annotations():
    article = dateline.extract(GERMAN, format="text")
    assert article.language == "de"
    assert len(article.paragraphs) == 3
    assert (article.entities, article.quotes, article.dates) == ([], [], [])


def test_a_huge_paragraph_is_left_unannotated_and_the_rest_is_annotated():
    sentence = "The council said the harbour would close. "
    page = ("Council closes harbour\n\n"
            "The harbour council voted on Tuesday night to close the ferry terminal at the end "
            "of the year, ending a service that has run for eighty years.\n\n"
            "“We had no choice,” said Agnes Thornbury, the council leader, after the vote in "
            "the old customs house.\n\n" + sentence * 3000 + "\n")
    article = dateline.extract(page, format="text")
    assert len(article.paragraphs[-1]) > 100_000
    speakers = {quote.speaker.name for quote in article.quotes if quote.speaker}
    assert "Agnes Thornbury" in speakers
    assert all(m.index != len(article.paragraphs) - 1
               for entity in article.entities for m in entity.mentions if m.part == "body")
    last = len(article.paragraphs) - 1
    assert [(s.part, s.index, s.end) for s in article.unannotated] == [
        ("body", last, len(article.paragraphs[last]))]


def test_a_page_past_max_understood_chars_is_understood_up_to_the_cap_and_says_so():
    from dateline.config import load_settings

    page = ("Council sells its ferries\n\n"
            "The harbour council agreed on Tuesday night to sell its three ferries, ending a "
            "service that has run between the islands for eighty years.\n\n"
            "“We had no choice,” said Agnes Thornbury, the council leader, after the vote.\n\n"
            + "".join(f"Councillor Marta Quill said on Friday that ferry number {n} would be "
                      f"sold to a buyer in Carrow before the spring.\n\n" for n in range(30)))
    plain = dateline.extract(page, format="text", nlp=False)
    assert len(plain.paragraphs) == 32 and plain.unannotated == []
    # the headline, the first two paragraphs and one Quill paragraph fit; the rest do not
    cap = len(plain.headline) + sum(len(p) for p in plain.paragraphs[:3])
    article = dateline.extract(page, format="text",
                               settings=load_settings(max_understood_chars=cap))
    assert [(s.part, s.index, s.start, s.end) for s in article.unannotated] == [
        ("body", n, 0, len(plain.paragraphs[n])) for n in range(3, 32)]
    speakers = [q.speaker.name for q in article.quotes if q.speaker]
    assert "Agnes Thornbury" in speakers and "Marta Quill" in speakers
    assert {q.span.index for q in article.quotes} <= {0, 1, 2}
    assert all(m.index <= 2 for e in article.entities for m in e.mentions if m.part == "body")
    assert all(d.span.index <= 2 for d in article.dates)
    whole = dateline.extract(page, format="text")  # the default cap is far above this page
    assert whole.unannotated == []
    assert max(q.span.index for q in whole.quotes) == 31
