"""Sanitise uploaded SVG pictograms: only drawing elements and attributes survive."""

from xml.etree import ElementTree

from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

SVG_NS = "http://www.w3.org/2000/svg"
MAX_BYTES = 100_000
ELEMENTS = frozenset({
    "svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon", "title",
    "desc", "defs", "linearGradient", "radialGradient", "stop", "clipPath",
})
ATTRIBUTES = frozenset({
    "viewBox", "width", "height", "d", "fill", "stroke", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "fill-rule", "clip-rule", "clip-path", "cx", "cy",
    "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "points", "transform", "opacity",
    "fill-opacity", "stroke-opacity", "id", "offset", "stop-color", "stop-opacity",
    "gradientUnits", "gradientTransform", "preserveAspectRatio",
})


class SvgError(ValueError):
    """The file is not an SVG drawing we can keep."""


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _clean(element) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or _local(child.tag) not in ELEMENTS:
            element.remove(child)
        else:
            _clean(child)
    for name in list(element.attrib):
        value = element.attrib[name]
        if _local(name) not in ATTRIBUTES or "url(" in value and "url(#" not in value:
            del element.attrib[name]
        elif "javascript:" in value.lower() or "data:" in value.lower():
            del element.attrib[name]


def sanitize_svg(text: str) -> str:
    """Return a safe SVG, or raise SvgError with a reason for the user."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise SvgError("Le pictogramme dépasse 100 Ko.")
    try:
        root = SafeElementTree.fromstring(text)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise SvgError("Ce fichier n'est pas un SVG lisible.") from exc
    if _local(root.tag) != "svg":
        raise SvgError("Ce fichier n'est pas un dessin SVG.")
    _clean(root)
    ElementTree.register_namespace("", SVG_NS)
    root.tag = f"{{{SVG_NS}}}svg"
    for element in root.iter():
        if isinstance(element.tag, str) and not element.tag.startswith("{"):
            element.tag = f"{{{SVG_NS}}}{element.tag}"
    return ElementTree.tostring(root, encoding="unicode")
