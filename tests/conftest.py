"""Shared test set-up: every test gets its own empty cache directory."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
                   ) -> Path:
    """Keep tests from reading or filling the user's real cache."""
    directory = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("ORGMAP_CACHE_DIR", str(directory))
    monkeypatch.delenv("ORGMAP_NO_CACHE", raising=False)
    return directory
