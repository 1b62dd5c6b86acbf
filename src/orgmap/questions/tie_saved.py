"""The tie questions' preparation, kept beside the cache entry for the next command.

Before it can say who served with one person, `ties` numbers the people and
bodies, reads every role spell, works out each spell's dates as numbers
(`spell_table.py`), finds which bodies each body counts for and places every
spell in its outermost ones (`copresence.py`): about a third of a second at
200,000 edges, for an answer that then takes a few milliseconds. All of it
depends on the data alone, and only the default question shape (no date,
every body, roll-up, confirmed ties) is asked by most commands; so the first
command on data read from a cache entry prepares that shape in full and keeps
it (`data/derived.py`), and the commands after it map the arrays instead.

What is kept is exactly what preparing makes (tests/test_tie_saved.py holds
the two to be equal, array by array); nothing is kept for data validated in
this process, for a dated selection or with the cache off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..data import derived
from ..data.columns import DateTexts
from ..data.lazy import RecordList
from .copresence import NUMBERS, Placement, Rollup, Spells
from .spell_table import SpellSource
from .tie_tables import Names

if TYPE_CHECKING:
    from ..data.dataset import Dataset
    from ..data.entry import Store

NAME = "ties"
_SPELL_ARRAYS = ("person", "target", "opening", "closing", "known_owner", "known_first",
                 "known_last", "attested_keys", "attested_owner", "attested_code",
                 "attested_first", "attested_last")
#: The exploded arrays whose rows per spell (`Spells.rows_at`) are kept too.
_OWNERS = ("known_owner", "attested_owner")
_PLACEMENT_ARRAYS = ("spell", "group", "low", "high", "ends", "starts", "by_spell", "at")


@dataclass
class Prepared:
    """What a tie question needs before its own work: numbered people and bodies, every
    spell's arrays and the default shape's roll-up and placement."""

    people: dict[str, int]
    bodies: list[str]
    source: SpellSource
    holders: np.ndarray
    names: Names
    spells: Spells
    rollup: Rollup
    placed: Placement


def restore(dataset: Dataset) -> Prepared | None:
    """What the first tie question on this data kept, or None (also for a file that
    does not hold what is kept here)."""
    store = dataset.entry
    found = derived.load(store, NAME)
    if found is None or store is None:
        return None
    try:
        return _restored(dataset, store, *found)
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _restored(dataset: Dataset, store: Store, arrays: dict[str, np.ndarray], values: Any
              ) -> Prepared:
    person_ids, person_labels, body_ids, body_names = map(_split, values[:4])
    codes = values[4]
    spells = Spells(
        edges=RecordList(store, "edges", arrays["edge_numbers"]),
        numbers={name: arrays[f"numbers.{name}"] for name in NUMBERS},
        date_text=DateTexts(len(arrays["date_texts"]), _reader(arrays["date_texts"])),
        codes=codes,
        row_starts={name: arrays[f"rows_at.{name}"] for name in _OWNERS},
        **{name: arrays[f"spells.{name}"] for name in _SPELL_ARRAYS})
    source = SpellSource(dataset, None, None, spells.person, spells.target)
    names = Names(np.array(person_ids, dtype=object), np.array(person_labels, dtype=object),
                  np.array(body_ids, dtype=object), np.array(body_names, dtype=object),
                  arrays["body_rank"])
    names.people_types = _people_types(arrays, names)
    rollup = Rollup(dataset, body_ids, {b: n for n, b in enumerate(body_ids)}, None, False,
                    frozenset(body_ids), arrays["holders"],
                    saved=(arrays["reach.at"], arrays["reach.bodies"]))
    placed = Placement(**{name: arrays[f"placed.{name}"] for name in _PLACEMENT_ARRAYS})
    if not (len(spells.person) == len(spells.target) == len(arrays["edge_numbers"])
            and len(names.body_rank) == len(body_ids) == len(arrays["reach.at"]) - 1
            and len(arrays["people.id_codes"]) == len(person_ids)):
        raise ValueError("not what was kept")
    return Prepared(dict(zip(person_ids, range(len(person_ids)), strict=True)), body_ids,
                    source, arrays["holders"], names, spells, rollup, placed)


def keep(dataset: Dataset, prepared: Prepared) -> None:
    """Keep what was prepared, for the next command on this data (see the module)."""
    store = dataset.entry
    source, spells, rollup = prepared.source, prepared.spells, prepared.rollup
    if store is None or not derived.can_keep(store) or source.columns is None \
            or source.columns.numbers is None:
        return
    reach = [sorted(rollup.counts_for(code)) for code in range(len(prepared.bodies))]
    names = prepared.names
    people = {}
    for kind, values in (("id", names.person_ids), ("label", names.person_labels)):
        # The categories by the position of a person holding each (`people_types`).
        _, people[f"people.{kind}_categories"], people[f"people.{kind}_codes"] = np.unique(
            values, return_index=True, return_inverse=True)
    arrays = {
        "edge_numbers": source.columns.numbers[source.rows],
        "body_rank": names.body_rank, "holders": prepared.holders,
        "reach.at": np.cumsum([0, *map(len, reach)], dtype=np.int64),
        "reach.bodies": np.array([b for found in reach for b in found], dtype=np.int64),
        # Every date's text, in one array: the entry decodes them one by one.
        "date_texts": np.array([text or "" for text in store.every_date_text()], dtype=str),
        **people,
        **{f"numbers.{name}": spells.numbers[name] for name in NUMBERS},
        **{f"spells.{name}": getattr(spells, name) for name in _SPELL_ARRAYS},
        **{f"rows_at.{name}": spells.rows_at(name) for name in _OWNERS},
        **{f"placed.{name}": getattr(prepared.placed, name) for name in _PLACEMENT_ARRAYS},
    }
    derived.save(store, NAME, arrays, (
        *(_joined(texts.tolist()) for texts in (names.person_ids, names.person_labels,
                                                names.body_ids, names.body_names)),
        spells.codes))


#: Joins the texts of a list kept as one text: one split in C reads 10,000 names several
#: times faster than `marshal` reads them as a list.
_UNIT = "\x1f"


def _joined(texts: list[str]) -> str | list[str]:
    """The texts as one, or as they are if one holds the separator (or there are none)."""
    return _UNIT.join(texts) if texts and not any(_UNIT in t for t in texts) else texts


def _split(kept: str | list[str]) -> list[str]:
    return kept.split(_UNIT) if isinstance(kept, str) else kept


def _reader(texts: np.ndarray) -> Any:
    """The texts of some date numbers, read from the array of them all."""
    return lambda numbers: texts[np.asarray(numbers, dtype=np.int64)].tolist()


def _people_types(arrays: dict[str, np.ndarray], names: Names) -> list[tuple[np.ndarray, Any]]:
    """What `people_types` makes, from what was kept."""
    import pandas as pd

    return [(arrays[f"people.{kind}_codes"],
             pd.CategoricalDtype(values[arrays[f"people.{kind}_categories"]]))
            for kind, values in (("id", names.person_ids), ("label", names.person_labels))]
