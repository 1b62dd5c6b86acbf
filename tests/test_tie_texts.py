"""The `ties` table keeps its repeated texts as categoricals and lays out `bodies` from
small tables of pieces; checked here against the same table assembled plainly, row by
row, from the long layout, on a generated dataset."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import orgmap
from generated import write_generated
from orgmap import Dataset
from orgmap.questions import tie_tables
from orgmap.questions import ties as module
from orgmap.questions.ties import ties

ROOT = Path(__file__).resolve().parent.parent

SHAPES = [{}, {"exact": True}, {"possible": True}, {"at": "2010"},
          {"begin": "2001", "end": "2012-06", "possible": True}, {"min_shared": 2}]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return orgmap.load(write_generated(tmp_path_factory.mktemp("generated"), 150, 5),
                       cache=False)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text column as plain Python strings (object)."""
    return frame.astype({c: object for c in frame.columns if frame[c].dtype.kind not in "if"})


def from_long(dataset: Dataset, options: dict) -> dict[tuple[str, str], dict]:
    """Per pair, what its wide row must say, assembled from the long layout row by row."""
    expected: dict[tuple[str, str], dict] = {}
    for row in ties(dataset, layout="long", **options).to_dict("records"):
        pair = expected.setdefault((row["person_a_id"], row["person_b_id"]), {
            "person_a": row["person_a"], "person_b": row["person_b"], "ids": [],
            "labels": [], "statuses": []})
        pair["ids"].append(row["body_id"])
        pair["labels"].append(f"{row['body']} ({row['period']})")
        pair["statuses"].append(row["status"])
    return {key: {"person_a": pair["person_a"], "person_b": pair["person_b"],
                  "shared": len(pair["ids"]),
                  "confirmed": pair["statuses"].count("confirmed"),
                  "status": "confirmed" if "confirmed" in pair["statuses"] else "possible",
                  "bodies_id": "; ".join(pair["ids"]), "bodies": "; ".join(pair["labels"])}
            for key, pair in expected.items()}


@pytest.mark.parametrize("options", SHAPES)
def test_the_wide_table_says_what_the_long_table_says(dataset: Dataset, options: dict,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "PART_PAIRS", 500)  # many parts, each with its categories
    monkeypatch.setattr(tie_tables, "PIECES", 97)  # many chunks of pieces per part
    monkeypatch.setattr(tie_tables, "PAIRS", 301)  # many chunks of pairs, made by threads
    monkeypatch.setattr(tie_tables, "LARGE_TABLE", 50)  # shared texts made once
    wide = plain(ties(dataset, **options))
    expected = from_long(dataset, options)
    assert len(wide) == len(expected) > 100
    for row in wide.to_dict("records"):
        want = expected[(row["person_a_id"], row["person_b_id"])]
        assert {k: row[k] for k in want} == want
    # Sorted by shared bodies, then years, then names.
    keys = list(zip(-wide["shared"], -wide["years"], strict=True))
    assert keys == sorted(keys)


def test_categorical_columns_read_as_text(dataset: Dataset) -> None:
    frame = ties(dataset)
    assert isinstance(frame["bodies_id"].dtype, pd.CategoricalDtype)
    assert isinstance(frame["person_a_id"].dtype, pd.CategoricalDtype)
    text = plain(frame)
    for column in ("person_a_id", "person_a", "person_b_id", "person_b", "status",
                   "bodies_id", "bodies"):
        assert (frame[column] == text[column]).all(), column
        assert frame[column].str.len().tolist() == text[column].str.len().tolist()
        assert frame[column].tolist() == text[column].tolist()
        # Sorting a categorical sorts as text does: its categories are in text order.
        assert frame[column].sort_values(kind="stable").tolist() \
            == text[column].sort_values(kind="stable").tolist(), column
    first = frame["person_a_id"].iloc[0]
    assert (frame["person_a_id"] == first).sum() == (text["person_a_id"] == first).sum()
    assert frame.to_csv(index=False) == text.to_csv(index=False)
    assert frame.to_json(orient="records", force_ascii=False) \
        == text.to_json(orient="records", force_ascii=False)


def test_texts_cut_by_slicing_equal_texts_cut_by_splitting(
        dataset: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    """A name holding the character that marks the end of a pair's text while the texts
    are joined: the texts are cut by their lengths instead, and read the same."""
    split = plain(ties(dataset, possible=True))
    monkeypatch.setattr(tie_tables, "_END", "e")  # in many names
    monkeypatch.setattr(tie_tables, "PIECES", 101)
    sliced = plain(ties(dataset, possible=True))
    assert split["bodies"].str.contains("e").any()
    pd.testing.assert_frame_equal(split, sliced)


def test_a_projection_with_no_pairs_has_the_columns(dataset: Dataset) -> None:
    frame = ties(dataset, at="1700")
    assert frame.empty
    assert list(frame.columns) == tie_tables.TIE_COLUMNS


@pytest.mark.parametrize("name", ["Bureau A", "Bureau\x1eA"])
def test_bodies_texts_are_cut_per_pair_whatever_the_names_hold(name: str) -> None:
    """The texts of many pairs are laid out together and cut apart at a mark that ends
    each; a name holding that mark is cut by position instead, with the same texts."""
    import numpy as np

    words = np.array(["", "2001", "2005-03"], dtype=object)
    size = len(words)
    both = 1 * size + 2 + 1  # opened 2001, closed 2005-03
    opened = 1 * size + 0 + 1  # opened 2001, no end recorded
    texts = tie_tables._labelled(
        body=np.array([0, 1, 1]), count=np.array([2, 1, 1]),
        keys=np.array([both, 0, opened, both]), shared=np.array([2, 1]),
        body_names=np.array([name, "Office B"], dtype=object), words=words)
    assert texts.tolist() == [f"{name} (2001/2005-03, possibly); Office B (2001/..)",
                              "Office B (2001/2005-03)"]


def test_pairs_of_one_body_over_one_period_share_its_text(
        dataset: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    """The text of a body and period that many pairs read is made once: those pairs hold
    one same string (a projection of millions of pairs holds far fewer texts)."""
    made = plain(ties(dataset, possible=True))  # too few pairs to share texts
    monkeypatch.setattr(tie_tables, "LARGE_TABLE", 100)
    frame = ties(dataset, possible=True)
    pd.testing.assert_frame_equal(plain(frame), made)
    lone = frame.loc[(frame["shared"] == 1) & ~frame["bodies"].str.contains(", ", regex=False),
                     "bodies"].array.to_numpy()
    assert len(lone) > len(set(lone)) > 5  # many pairs read the same text
    assert len({id(text) for text in lone}) == len(set(lone))
