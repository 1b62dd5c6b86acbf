"""orgmap's errors, and the located problems found in the data.

Every error orgmap raises for bad input is an `OrgmapError`, so a notebook (or
the command line) can catch them all in one clause: `DataError` (problems in
the files), `LookupProblem` (a name that matches no entity, or several),
`QueryProblem` (a question that cannot be asked as put) and `DateFormatError`
(a value that is not a partial date).

Validation collects every problem in one pass and raises them together, so a
researcher fixes a whole file in one go instead of one error per run.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One located problem. `path` is the item's place in the file, e.g. `edges[17].to`."""

    file: str
    message: str
    path: str = ""
    hint: str = ""
    line: int | None = None
    column: int | None = None
    severity: str = ERROR
    #: Where in the parsed data the problem sits, e.g. (17, "to"); used to find line and column.
    loc: tuple[str | int, ...] = field(default=(), compare=False)
    #: Point at the mapping "key" (unknown field), the "value", or the whole "item".
    point: str = field(default="value", compare=False)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: "
        if self.severity == WARNING:
            text += "warning: "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        if self.hint:
            text += f" — {self.hint}"
        return text


class OrgmapError(Exception):
    """Base of every error orgmap raises for bad data or a bad question."""


class DataError(OrgmapError):
    """The data has problems; `.problems` lists every one of them, located."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(problems, key=problem_sort_key)
        errors = sum(1 for p in self.problems if p.severity == ERROR)
        super().__init__(f"{errors} error(s) in the data")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems) or super().__str__()


class LookupProblem(OrgmapError):
    """A name given by the user matches no entity, or more than one."""


class QueryProblem(OrgmapError, ValueError):
    """A question that cannot be asked as put, e.g. an overlap of fewer than two bodies."""


class DateFormatError(OrgmapError, ValueError):
    """A value that is not a YYYY, YYYY-MM or YYYY-MM-DD date."""


class OutputLocked(OrgmapError):
    """Another orgmap process is writing a set of outputs into the same folder."""

    def __init__(self, folder: object, holder: int | None):
        self.folder, self.holder = folder, holder
        who = f"process {holder}" if holder is not None else "another process"
        super().__init__(f"another orgmap build ({who}) is writing into {folder}; wait for "
                         "it to finish, or write into another folder")


def format_path(root: str, loc: tuple[str | int, ...]) -> str:
    """`edges[17].sources[0].ref` from root 'edges' and loc (17, 'sources', 0, 'ref')."""
    text = root
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def problem_sort_key(p: Problem) -> tuple:
    return (p.file, p.line if p.line is not None else 1 << 30, p.column or 0, p.message)


def fold(text: str) -> str:
    """Case- and width-insensitive form: 'ＣＡＣ', 'cac' and 'CAC' fold alike."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def did_you_mean(word: str, candidates: Iterable[str], n: int = 1) -> str:
    """A '(did you mean 'x'?)' suffix, or '' when nothing is close enough."""
    close = difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"'{c}'" for c in close) + "?)"
