"""An answer as plain rows, before it becomes a DataFrame.

The library's questions return pandas DataFrames, the right thing in a
notebook. The command line prints a few dozen rows and would spend longer
importing pandas than answering, so the questions it asks most build a
`Table` first; the library wraps it in a DataFrame (`Table.frame`), the CLI
prints it directly (`cli/printing.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Table:
    """Rows (dicts holding every column) under named columns, in order."""

    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        """The same answer as a DataFrame (the library's return type)."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)

    def drop(self, columns: list[str]) -> Table:
        """The table without these columns."""
        kept = [c for c in self.columns if c not in columns]
        return Table(kept, [{c: row[c] for c in kept} for row in self.rows])

    @property
    def empty(self) -> bool:
        return not self.rows

    def __len__(self) -> int:
        return len(self.rows)
