"""Which text must be quoted so that every YAML reader keeps it as text.

orgmap reads YAML 1.2, where `NO` and `on` are text; but a researcher who opens
the files with PyYAML (YAML 1.1) would get `False`, and `1e3` is a number to a
1.2 reader and text to PyYAML. Canonical files quote exactly the scalars that a
YAML 1.1 *or* a 1.2 reader would read as a boolean, null or number, and no
others: partial dates such as `2021-05` and `2018-05-11` stay bare, since
orgmap reads them as dates whatever the quoting.

The patterns are ruamel.yaml's own resolver table for both versions (the 1.1
one has the spec's `y`/`n` booleans and base-60 numbers), asked through its
public resolver rather than copied here.
"""

from __future__ import annotations

from functools import lru_cache

#: The YAML types whose plain form a reader would not give back as text.
NOT_TEXT = frozenset({
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
})


@lru_cache(maxsize=2)
def _resolver(version: tuple[int, int]):
    from ruamel.yaml.resolver import VersionedResolver

    return VersionedResolver(version=version)


@lru_cache(maxsize=65536)
def needs_quotes(text: str) -> bool:
    """True when a YAML 1.1 or 1.2 reader would read `text`, unquoted, as a bool,
    null or number (`NO`, `on`, `~`, `1e3`, `0x7E5`, `12:30`, `2018`)."""
    from ruamel.yaml.nodes import ScalarNode

    return any(str(_resolver(version).resolve(ScalarNode, text, (True, False))) in NOT_TEXT
               for version in ((1, 1), (1, 2)))
