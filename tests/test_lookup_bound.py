"""One bound on a quote lookup's text (fresh-user trial, session 10): ``/api/v1/quote-lookup``
refused more than 2,000 characters while the ``/lookup`` page took a 19,000-character paste,
cut it to its first 2,000 without a word and looked that up."""

from __future__ import annotations

import warnings

import pytest

from dateline.config import Settings
from dateline.corpus.store import Store
from dateline.web import create_app
from dateline.web.api import MAX_LOOKUP_CHARS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

WORDS = "the harbour master said the channel was shallower every spring "  # 63 characters


@pytest.fixture
def client(tmp_path):
    with Store.open(str(tmp_path / "store.db")) as store:
        yield TestClient(create_app(store, Settings()))


def test_the_page_and_the_api_take_the_same_longest_text(client):
    assert MAX_LOOKUP_CHARS == 2000
    longest = (WORDS * 40)[:MAX_LOOKUP_CHARS - 1] + "."  # nothing for the page to strip
    assert len(longest) == 2000
    assert client.get("/api/v1/quote-lookup", params={"text": longest}).status_code == 200
    page = client.get("/lookup", params={"text": longest})
    assert page.status_code == 200 and 'role="alert"' not in page.text
    assert 'maxlength="2000"' in page.text

    pasted = WORDS * 300  # 18,900 characters: a whole article pasted
    assert client.get("/api/v1/quote-lookup", params={"text": pasted}).status_code == 422
    page = client.get("/lookup", params={"text": pasted})
    assert page.status_code == 422
    assert ("This text is 18,899 characters long; the lookup takes at most 2,000. Paste the "
            "quotation alone.") in page.text  # 18,900 less the trailing space stripped
    assert "closest attributed quotation" not in page.text  # nothing was looked up
    just_over = longest + "y"
    assert client.get("/api/v1/quote-lookup", params={"text": just_over}).status_code == 422
    assert client.get("/lookup", params={"text": just_over}).status_code == 422
