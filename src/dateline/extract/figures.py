"""Article images from ``<figure>`` elements: caption, credit and address.

A credit is taken from an element inside the caption whose class names one ("credit",
"copyright", "photographer", "source"), else from a labelled tail of the caption ("Photograph:
PA", "(Photo: AP)", "Foto: dpa", "Crédit : AFP", "© Reuters"); the label belongs to neither the
caption nor the credit.
"""

from __future__ import annotations

import re

from dateline.extract.metadata import clean_text, element_text
from dateline.model import Image

#: The labels of a credit: English, "Foto" (de, es, it, nl, sv, ...), German "Bild", Hungarian
#: "Fotó", French "Crédit", Spanish "Crédito", Portuguese and Italian "Credito"/"Fotografia",
#: each before a colon or dash; or a copyright sign before a name ("The quay at dawn © Reuters";
#: "Copyright © 2025 ..." is a copyright line).
_CREDIT_LABEL = re.compile(
    r"\s*[(\[]?\s*(?:(?:photograph|photo|picture|image|credit|illustration|foto|bild|fotó|"
    r"crédit|crédito|credito|fotografía|fotografia)s?\s*(?:by)?\s*[:\-]|\u00a9(?!\s*\d))"
    r"\s*(?P<credit>[^)\]]{1,80}?)\s*[)\]]?\s*$", re.I)
_COPYRIGHT_BEFORE = re.compile(r"(?:copyright|\(c\))\s*$", re.I)
_CREDIT_CLASS = re.compile(r"credit|copyright|photographer|source|byline", re.I)


def split_credit(caption: str) -> tuple[str, str | None]:
    """Split a caption from a trailing credit: ``"Waves break. Photograph: PA"`` ->
    ``("Waves break.", "PA")``. A caption without a labelled credit is returned whole."""
    if ":" not in caption and "-" not in caption and "\u00a9" not in caption:
        return caption, None  # a labelled credit needs one; the search is tried at every position
    match = _CREDIT_LABEL.search(caption)
    if match and match.start() > 0 and not _COPYRIGHT_BEFORE.search(caption, 0, match.start()):
        return caption[: match.start()].rstrip(" ,;-\u2013\u2014"), match.group("credit").strip()
    return caption, None


def extract_images(container) -> list[Image]:
    """Return the :class:`~dateline.model.Image` of each ``<figure>`` element under
    ``container`` that has a caption or an image (see :func:`figure_image`)."""
    return [i for i in (figure_image(f) for f in container.iter("figure")) if i is not None]


def images_from_figures(figures: list, captions: list | None = None) -> list[Image]:
    """Return the :class:`~dateline.model.Image` of each ``<figure>`` of ``figures`` that has a
    caption or an image, then one per caption block outside figures (``captions``: blocks with
    ``text`` and ``element``, a caption or credit element of the article): a credit element
    (class naming a credit) following a caption gives that image its credit; a caption's
    labelled tail ("Photograph: PA") is split off as the credit."""
    images = [i for i in (figure_image(f) for f in figures) if i is not None]
    for block in captions or []:
        parts = ((block.element.get("class") or "") + " " + (block.element.get("id") or ""))
        if _CREDIT_CLASS.search(parts) and images and images[-1].credit is None:
            images[-1].credit = block.text
            continue
        caption, credit = split_credit(block.text)
        images.append(Image(caption=caption or None, credit=credit))
    return images


def figure_image(figure) -> Image | None:
    """Return the :class:`~dateline.model.Image` of one ``<figure>``, or ``None`` when it has
    neither caption nor image.

    The credit comes from an element whose class names a credit ("credit", "copyright",
    "photographer", "source"), else from a labelled tail of the caption ("Photograph: PA");
    the label is never part of the credit or the caption. ``url`` is the image's ``src`` (or
    ``data-src``).
    """
    img = next(figure.iter("img"), None)
    src = None
    if img is not None:
        src = img.get("src") or img.get("data-src") or img.get("data-original")
        if src and src.startswith("data:"):
            src = img.get("data-src")
    caption_el = next(figure.iter("figcaption"), None)
    caption, credit = None, None
    if caption_el is not None:
        credit_el = next((e for e in caption_el.iterdescendants()
                          if isinstance(e.tag, str)
                          and _CREDIT_CLASS.search(e.get("class") or "")), None)
        if credit_el is not None:
            credit_text = element_text(credit_el)
            full = element_text(caption_el)
            caption = clean_text(full.replace(credit_text, "", 1)) if credit_text else full
            credit = split_credit("x " + credit_text)[1] or credit_text or None
        else:
            caption, credit = split_credit(element_text(caption_el))
        caption = caption or None
    if caption is None and src is None:
        return None
    return Image(caption=caption, credit=credit, url=src)
