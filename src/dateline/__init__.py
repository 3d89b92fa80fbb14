"""dateline: raw news pages in, structured article records out.

The public face is :func:`extract` and the :class:`~dateline.model.Article` model; errors derive
from :class:`~dateline.errors.DatelineError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.errors import (
    BinaryInputError,
    DatelineError,
    EmptyInputError,
    ExtractionError,
    InputError,
    InputTooLargeError,
)
from dateline.model import Article

import dateline.extract as _stage  # noqa: E402  isort: skip
from dateline.face import CallableStageModule as _CallableStageModule  # noqa: E402  isort: skip

# ``dateline.extract`` names the stage package; its module object is made callable so that
# ``dateline.extract(page)`` is the public function (see dateline.face) and
# ``import dateline.extract`` still gives the package.
_stage.__class__ = _CallableStageModule
if TYPE_CHECKING:  # type checkers see the function's signature (a module type has none)
    from dateline.face import extract as extract
else:
    extract = _stage

__version__ = "0.1.0"
__all__ = [
    "Article",
    "BinaryInputError",
    "DatelineError",
    "EmptyInputError",
    "ExtractionError",
    "InputError",
    "InputTooLargeError",
    "extract",
]
