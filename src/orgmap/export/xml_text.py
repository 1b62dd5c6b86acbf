"""The few pieces every hand-written GraphML and GEXF document shares.

Both the map's exports (`xml.py`) and the people network (`people.py`) write
XML as text, line by line; what makes that safe is one set of escaping rules
and one way to write a tag, kept here so that the two cannot drift apart.
"""

from __future__ import annotations

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_SCHEMA = f"{GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
GEXF_NS = "http://www.gexf.net/1.2draft"
GEXF_SCHEMA = f"{GEXF_NS} http://www.gexf.net/1.2draft/gexf.xsd"
VIZ_NS = "http://www.gexf.net/1.2draft/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'

# Characters XML 1.0 cannot hold (and lone surrogates, which UTF-8 cannot): YAML can
# carry some of them, so they are dropped on the way out. Carriage returns, and in
# attribute values also newlines and tabs, are written as references so that XML
# parsers' whitespace normalisation gives the text back unchanged.
_NOT_XML = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0xD800, 0xE000),
            0xFFFE, 0xFFFF]
_TEXT = str.maketrans({**dict.fromkeys(_NOT_XML), "&": "&amp;", "<": "&lt;", ">": "&gt;",
                       "\r": "&#13;"})
_ATTRIBUTE = str.maketrans({**dict.fromkeys(_NOT_XML), "&": "&amp;", "<": "&lt;",
                            ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;",
                            "\t": "&#9;"})


def value_text(value: object) -> str:
    """A flat attribute value as XML data reads it: booleans as true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def escape_text(text: str) -> str:
    """`text` safe as element content."""
    return text.translate(_TEXT)


def attributes_text(attributes: dict[str, str]) -> str:
    """` name="value"` for each attribute, values escaped."""
    return "".join(f' {k}="{v.translate(_ATTRIBUTE)}"' for k, v in attributes.items())


def open_tag(tag: str, attributes: dict[str, str], level: int = 0) -> str:
    """`<tag ...>` indented two spaces per level."""
    return f"{'  ' * level}<{tag}{attributes_text(attributes)}>"


def empty_tag(tag: str, attributes: dict[str, str], level: int = 0) -> str:
    """`<tag ... />` indented two spaces per level."""
    return f"{'  ' * level}<{tag}{attributes_text(attributes)} />"


def data_element(key: str, value: object, level: int = 3) -> str:
    """A GraphML `<data key="...">value</data>` line."""
    return f'{"  " * level}<data key="{key}">{escape_text(value_text(value))}</data>'
