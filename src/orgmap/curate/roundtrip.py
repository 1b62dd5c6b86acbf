"""Read and write YAML keeping comments and blank lines: the one canonical layout.

ruamel.yaml is the maintained YAML library that round-trips comments; re-dumping
plain data would drop every comment a curator wrote. Its emitter is configured
here once, so `fmt`, `add`, `import` and `init` all write the same layout:

- top-level items start at column 0 (`- id: cac`), keys indented by two;
- nested lists indented under their key (`sources:` then `    - ref: ...`);
- no line folding, Chinese text written as itself;
- text quoted only where a YAML 1.1 or 1.2 reader would read it as something
  else (see `scalars`), with double quotes unless the text holds `"` or `\\`.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.resolver import VersionedResolver

from .scalars import needs_quotes

_STR = "tag:yaml.org,2002:str"
#: Wide enough that no description is ever folded onto a second line.
_NO_FOLDING = 1 << 30


class _FlushLeftEmitter(Emitter):
    """Top-level list items start at column 0; nested lists sit two in under their key.

    ruamel applies one dash offset and one sequence indent at every level; orgmap's
    files (and most hand-written YAML lists) keep the outer list flush left.
    """

    @property
    def sequence_dash_offset(self) -> int:
        return 2 if self.indent else 0

    @sequence_dash_offset.setter
    def sequence_dash_offset(self, value: int) -> None:
        """Fixed by the layout above."""

    @property
    def best_sequence_indent(self) -> int:
        return 4 if self.indent else 2

    @best_sequence_indent.setter
    def best_sequence_indent(self, value: int) -> None:
        """Fixed by the layout above."""

    def choose_scalar_style(self) -> Any:
        """Double quotes where ruamel would pick single ones, unless the text has `"` or
        a backslash: `"China's cyber vision"` reads better than `'China''s cyber vision'`."""
        style = super().choose_scalar_style()
        value = self.event.value
        if style == "'" and '"' not in value and "\\" not in value:
            return '"'
        return style


class _DatesAreText(VersionedResolver):
    """orgmap reads `2018-05-11` as a partial date, never a YAML timestamp: keep it text,
    so that it loads as a string and dumps bare."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        tag = super().resolve(kind, value, implicit)
        if str(tag) == "tag:yaml.org,2002:timestamp":
            from ruamel.yaml.tag import Tag

            return Tag(suffix=_STR)
        return tag


def _represent_text(representer: Any, data: str) -> Any:
    style = None
    if needs_quotes(data):
        style = "'" if ('"' in data or "\\" in data) and "\n" not in data else '"'
    return representer.represent_scalar(_STR, data, style=style)


def yaml_engine() -> YAML:
    """A round-trip YAML reader and writer in orgmap's canonical layout."""
    engine = YAML(typ="rt")
    engine.Emitter = _FlushLeftEmitter
    engine.Resolver = _DatesAreText
    engine.indent(mapping=2, sequence=4, offset=2)
    engine.width = _NO_FOLDING
    engine.allow_unicode = True
    engine.representer.add_representer(str, _represent_text)
    return engine


def load_commented(text: str) -> CommentedSeq:
    """The text's top-level list, with its comments attached."""
    loaded = yaml_engine().load(text)
    return loaded if loaded is not None else CommentedSeq()


def dump_commented(items: CommentedSeq | list[Any]) -> str:
    """The list as canonical YAML text."""
    stream = io.StringIO()
    yaml_engine().dump(items, stream)
    return stream.getvalue()


def as_commented(value: Any) -> Any:
    """Plain dicts and lists as ruamel's commented types, so they dump in block style."""
    if isinstance(value, dict):
        return CommentedMap((k, as_commented(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return CommentedSeq(as_commented(v) for v in value)
    return value
