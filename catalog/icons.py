"""The pictograms available from the vendored Bootstrap Icons set."""

import re
from functools import cache

from portal.config import ROOT

ICONS_CSS = ROOT / "static" / "vendor" / "bootstrap-icons" / "bootstrap-icons.min.css"


@cache
def icon_names() -> frozenset[str]:
    """Names usable as a family pictogram (e.g. 'envelope', 'laptop')."""
    return frozenset(re.findall(r"\.bi-([a-z0-9-]+)::before", ICONS_CSS.read_text()))
