"""Amazon Connect media and signalling URLs anywhere in the raw text, including payloads the readers drop.

Rules of this file:
- Agent snapshots carry each call's ``callConfigJson`` (TURN and signalling URLs, hence the region), but the
  readers keep no snapshot payloads (memory on tens-of-MB logs). One cheap pass over the raw text recovers
  the URLs: ``str.find`` on a literal prefix, then a regex *match* at that spot; never a regex *search*.
- At most ``MAX_URLS`` distinct URLs per prefix, first seen first. Only URLs on amazonaws.com count.
- Pure and bounded: never raises; the text is not copied.
"""

from __future__ import annotations

import re

PREFIXES = ("turn:", "turns:", "wss://")
MAX_URLS = 4
MAX_PROBES = 32  # finds per prefix: snapshots repeat the same URLs thousands of times
_URL = re.compile(
    r"""(?:turns?:|wss://)[A-Za-z0-9.\-]+\.amazonaws\.com\.?(?::\d+)?(?:[/?][^\s"',\\<>\[\]]*)?"""
)


def endpoint_urls(text: str) -> tuple[str, ...]:
    """TURN (``turn:``/``turns:``) and signalling (``wss://``) URLs on amazonaws.com, in order of prefix."""
    found: list[str] = []
    for prefix in PREFIXES:
        seen = 0
        start = text.find(prefix)
        probes = 0
        while start != -1 and seen < MAX_URLS and probes < MAX_PROBES:
            probes += 1
            hit = _URL.match(text, start)
            if hit is not None and hit.group() not in found:
                found.append(hit.group())
                seen += 1
            start = text.find(prefix, start + len(prefix))
    return tuple(found)
