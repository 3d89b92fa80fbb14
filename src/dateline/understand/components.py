"""dateline's entity and quotation stages as spaCy pipeline components.

Importing this module (or installing dateline, which declares them as ``spacy_factories`` entry
points) registers two components that spaCy users can add to any English pipeline with a
parser and an entity recogniser::

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("dateline_entities")
    nlp.add_pipe("dateline_quotes")
    doc = nlp(text)
    doc._.dateline_entities   # list[dateline.model.Entity]
    doc._.dateline_quotes     # list[dateline.model.Quote]

Each Doc is treated as one article body paragraph: mention and quote spans have ``part``
"body", ``index`` 0 and code-point offsets into ``doc.text``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.understand.entities import find_entities
from dateline.understand.parsed import parsed_from_doc

for _name in ("dateline_entities", "dateline_quotes"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("dateline_entities", requires=["doc.ents", "token.dep"],
                    assigns=["doc._.dateline_entities"])
def dateline_entities(doc: Doc) -> Doc:
    """Set ``doc._.dateline_entities`` to the :class:`~dateline.model.Entity` list of the Doc
    (canonical names, one type per entity, role descriptions resolved)."""
    doc._.dateline_entities = find_entities(parsed_from_doc(doc))
    return doc


@Language.component("dateline_quotes", requires=["doc.ents", "token.dep"],
                    assigns=["doc._.dateline_quotes"])
def dateline_quotes(doc: Doc) -> Doc:
    """Set ``doc._.dateline_quotes`` to the quotations of the Doc with their speakers (see
    :func:`dateline.understand.quotes.quotes_in_doc`)."""
    from dateline.understand.quotes import quotes_in_doc  # the quotation stage's own module

    doc._.dateline_quotes = quotes_in_doc(doc)
    return doc
