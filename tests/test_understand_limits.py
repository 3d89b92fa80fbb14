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
