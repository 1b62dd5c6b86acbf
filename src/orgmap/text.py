"""Text shown to people, shortened one way wherever it is too long for its place."""

from __future__ import annotations

ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """`text` itself when it fits in `limit` characters, else its first `limit - 1` and an
    ellipsis, so a reader sees that more exists (in full in the tooltip or the CSV)."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS
