"""`orgmap init DIR`: a new dataset that validates, with examples to copy.

The example items show the three things every new curator asks about: a body,
a person holding a dated role in it (with `as_of` for a role still held), and a
document entity that the role cites with a locator.
"""

from __future__ import annotations

from pathlib import Path

from ..atomic import write_atomic
from .files import FILES

ENTITIES_TEXT = """\
# Entities: bodies, people, events, documents and concepts.
# Every field is described in docs/data-format.md of orgmap; `orgmap validate`
# checks this file. Keep one item per entity; ids are lowercase slugs.

# --- bodies ---
- id: example-agency
  kind: organization
  name: Example Agency
  name_zh: 示例机构
  aliases:
    - EA
  category: state
  description: A body; replace it with your first one.

# --- people ---
- id: example-person
  kind: person
  name: Example Person
  name_zh: 示例人物

# --- sources: cite documents as entities, so the map shows them ---
- id: example-report
  kind: document
  name: An example report
  category: document
  url: https://example.org/report
  start: 2021-11
"""

EDGES_TEXT = """\
# Edges: relations between entities, each citing its sources.
# `type` is one of the relation types in docs/data-format.md.

# A role that began in 2018 and that the report, of November 2021, calls current:
# a role still held has no `end`; `as_of` records when a source saw it held.
- from: example-person
  to: example-agency
  type: role
  role: Director
  role_zh: 主任
  start: "2018"
  as_of: 2021-11
  sources:
    - ref: example-report
      locator: p. 6

# A document is issued by a body (or a person).
- from: example-agency
  to: example-report
  type: issued
  sources:
    - example-report
"""

README_TEXT = """\
# {name}

An orgmap dataset: `entities.yaml` lists bodies, people, events, documents and
concepts; `edges.yaml` lists the relations between them, each with its sources.
The format is described in orgmap's `docs/data-format.md`.

    orgmap validate --data {name}      # check everything
    orgmap fmt --data {name}           # one canonical layout, comments kept
    orgmap add entity --data {name} --set id=... --set kind=person --set name=...
    orgmap build --data {name} --out output
"""


class ExistsError(Exception):
    """`init` would overwrite a file that is already there."""


def init_dataset(target: Path) -> list[Path]:
    """Write the example dataset into `target` (created if missing); refuse to
    overwrite any file already there. Returns the files written."""
    contents = {
        target / FILES["entities"]: ENTITIES_TEXT,
        target / FILES["edges"]: EDGES_TEXT,
        target / "README.md": README_TEXT.format(name=target.name or str(target)),
    }
    existing = [path for path in contents if path.exists()]
    if existing:
        raise ExistsError(", ".join(str(p) for p in existing))
    for path, text in contents.items():
        write_atomic(path, text)
    return list(contents)
