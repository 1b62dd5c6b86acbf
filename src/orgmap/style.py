"""Colours, shapes and edge styles, shared by the HTML page and the exports.

One table here means the browser, Gephi (via GraphML r/g/b and GEXF viz) and
the legend always agree. Categories are free text: the known ones get fixed,
distinct colours (the ASPI "China's cyber policy system" key first), and any
other category gets a stable colour derived from its name, so a new category
never shifts the colours of the others.
"""

from __future__ import annotations

import hashlib

#: Known categories: colour and legend label. The first five follow the ASPI key.
CATEGORY_COLOURS: dict[str, tuple[str, str]] = {
    "central-committee": ("#c0392b", "Central Committee institution"),
    "ccp": ("#e67e22", "Other CCP institution"),
    "state": ("#2e86c1", "State institution"),
    "quasi-state": ("#16a085", "Quasi-state institution"),
    "policy-program": ("#8e44ad", "Policy program"),
    "doctrine": ("#a569bd", "Doctrine or slogan"),
    "analytic": ("#d2b4de", "Analytic notion"),
    "instrument": ("#6c3483", "Regulatory instrument"),
    "infrastructure": ("#4a235a", "Infrastructure"),
    "class-of-bodies": ("#c39bd3", "Class of bodies"),
    "company": ("#f1c40f", "Company"),
    "media": ("#d35400", "Media"),
    "international": ("#27ae60", "International organisation"),
    "academic": ("#7f8c8d", "Academic / think tank"),
    "event": ("#5d6d7e", "Event"),
    "document": ("#a6acaf", "Document"),
}
#: Colour for entities without a category (people, usually).
UNCATEGORISED = ("#34495e", "No category")

#: Node shape per kind, as vis-network shape names, plus a legend label.
KIND_SHAPES: dict[str, tuple[str, str]] = {
    "person": ("dot", "Person"),
    "organization": ("box", "Body"),
    "event": ("diamond", "Event"),
    "document": ("square", "Document"),
    "concept": ("triangle", "Concept / programme"),
}

#: Node size by kind: people small, bodies larger; Gephi gets the same numbers.
KIND_SIZES: dict[str, int] = {
    "person": 12, "organization": 22, "event": 18, "document": 12, "concept": 16,
}

#: Edge style per relation type: colour, dashed?, arrow shown?, width.
EDGE_STYLES: dict[str, dict[str, object]] = {
    "role": {"color": "#555555", "dashes": False, "arrows": True, "width": 1.5},
    "member": {"color": "#7f8c8d", "dashes": False, "arrows": True, "width": 1.0},
    "part_of": {"color": "#2c3e50", "dashes": False, "arrows": True, "width": 2.5},
    "supervises": {"color": "#c0392b", "dashes": False, "arrows": True, "width": 2.5},
    "organizes": {"color": "#2874a6", "dashes": False, "arrows": True, "width": 2.0},
    "co_organizes": {"color": "#5dade2", "dashes": [6, 4], "arrows": True, "width": 1.5},
    "nameplate": {"color": "#b7950b", "dashes": [2, 4], "arrows": False, "width": 4.0},
    "succeeded_by": {"color": "#7d3c98", "dashes": [10, 5], "arrows": True, "width": 2.0},
    "registered_with": {"color": "#148f77", "dashes": [4, 4], "arrows": True, "width": 1.5},
    "issued": {"color": "#a04000", "dashes": False, "arrows": True, "width": 1.0},
    "promotes": {"color": "#cb4335", "dashes": [6, 3], "arrows": True, "width": 1.0},
    "about": {"color": "#b9770e", "dashes": [1, 3], "arrows": True, "width": 1.0},
    "component_of": {"color": "#6c3483", "dashes": [4, 2], "arrows": True, "width": 1.5},
    "attended": {"color": "#839192", "dashes": [2, 3], "arrows": True, "width": 1.0},
    "spoke_at": {"color": "#1f618d", "dashes": [8, 3], "arrows": True, "width": 1.5},
    "funds": {"color": "#1e8449", "dashes": False, "arrows": True, "width": 2.0},
    "affiliated": {"color": "#aab7b8", "dashes": [3, 3], "arrows": False, "width": 1.0},
}


#: A tie of the people network (`render --network people`: two people who served in one
#: body at one time). It is not a relation recorded in the data, so it has a look and
#: words of its own rather than those of `affiliated`.
TIE_STYLE: dict[str, object] = {"color": "#e67e22", "dashes": False, "arrows": False,
                                "width": 2.0}
#: How a tie reads between two names, and its entry in the page's legend.
TIE_WORDS = "served with"
TIE_LEGEND = "Served together (in one body at one time)"


def category_colour(category: str | None) -> str:
    """Hex colour for a category; unknown categories get a stable hashed colour."""
    if not category:
        return UNCATEGORISED[0]
    if category in CATEGORY_COLOURS:
        return CATEGORY_COLOURS[category][0]
    digest = hashlib.sha256(category.encode("utf-8")).digest()
    hue = digest[0] / 255
    return _hsl_to_hex(hue, 0.55, 0.5)


def category_label(category: str | None) -> str:
    if not category:
        return UNCATEGORISED[1]
    return CATEGORY_COLOURS.get(category, ("", category))[1]


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """(r, g, b) integers from '#rrggbb', for GraphML and GEXF."""
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def darker(colour: str) -> str:
    """A border for a box filled with `colour` ('#rrggbb'): the same hue, 28% darker."""
    value = colour.lstrip("#")
    channels = (int(int(value[i:i + 2], 16) * 0.72) for i in (0, 2, 4))
    return "#" + "".join(f"{c:02x}" for c in channels)


def kind_shape(kind: str) -> str:
    return KIND_SHAPES.get(kind, ("dot", kind))[0]


def kind_size(kind: str) -> int:
    return KIND_SIZES.get(kind, 14)


def edge_style(relation_type: str) -> dict[str, object]:
    return EDGE_STYLES.get(relation_type, EDGE_STYLES["affiliated"])


def _hsl_to_hex(hue: float, saturation: float, lightness: float) -> str:
    import colorsys

    r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"
