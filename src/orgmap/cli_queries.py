"""CLI commands for the questions: overlap, interlocks, path, ego, timeline, snapshot,
centrality."""

from __future__ import annotations
