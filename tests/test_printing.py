"""The command line prints small answers without pandas, exactly as pandas would."""

from __future__ import annotations

import random
import string

import pytest

from orgmap.cli.printing import format_frame, format_table
from orgmap.questions.table import Table

ALPHABET = string.ascii_letters + " -=+@|/;.,\"'\n\t中国网信办0123456789"


def random_table(rng: random.Random) -> Table:
    columns = list(dict.fromkeys(
        "".join(rng.choice(string.ascii_lowercase + "_") for _ in range(rng.randint(1, 8)))
        for _ in range(rng.randint(1, 5))))
    kinds = {c: rng.choice("ssin") for c in columns}

    def value(column: str) -> object:
        if kinds[column] == "i":
            return rng.randint(-5, 20_000)
        if kinds[column] == "n" and rng.random() < 0.5:
            return None
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 70)))

    return Table(columns, [{c: value(c) for c in columns} for _ in range(rng.randint(0, 6))])


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_table_prints_as_its_dataframe_would(seed: int, fmt: str) -> None:
    rng = random.Random(seed)
    for _ in range(25):
        table = random_table(rng)
        assert format_table(table, fmt) == format_frame(table.frame(), fmt)


def test_formulas_are_neutralised_in_csv() -> None:
    table = Table(["name", "n"], [{"name": "=2*3", "n": -3}, {"name": "+org", "n": 4}])
    assert format_table(table, "csv") == "name,n\n'=2*3,-3\n'+org,4\n"


def test_columns_mixing_numbers_and_gaps_go_through_pandas() -> None:
    table = Table(["n"], [{"n": 1}, {"n": None}])
    assert format_table(table) == format_frame(table.frame())
