"""Shared fixtures: the repository's sample pages and, when present, ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """Return a path under ../shared, skipping the calling test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the team's shared data), which is not on this machine")
    return path


@pytest.fixture
def samples() -> Path:
    return SAMPLES
