"""The console page: a server-rendered shell around reply fragments.

Rules of this file:
- Fragments passed in are already-rendered, already-escaped HTML from ``bot.render.html``; every other
  dynamic value is escaped here.
- The page works without JavaScript (plain form posts answer with a full page); ``console.js`` only adds
  drag-and-drop and posts in place.
"""

from __future__ import annotations

from html import escape

from bot.channels.web import texts

STATIC = "/console/static"


def render_page(*, home: str, transcript: str = "", notice: str | None = None) -> str:
    """The whole console page with ``home`` (the landing reply) and ``transcript`` (replies so far)."""
    notice_html = f'<p class="notice" role="alert">{escape(notice)}</p>' if notice else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{escape(texts.TITLE)}</title>
<link rel="stylesheet" href="{STATIC}/console.css">
<script src="{STATIC}/console.js" defer></script>
</head>
<body>
<header><h1>Icebreaker</h1><p class="tagline">{escape(texts.INTRO)}</p></header>
<main>
<form id="upload" class="upload" method="post" action="/console/turn" enctype="multipart/form-data">
  <label class="drop" id="drop">
    <span class="drop-hint">{escape(texts.DROP_HINT)}</span>
    <input type="file" name="log" id="log-file">
    <span class="chosen" id="chosen"></span>
  </label>
  <label for="paste">{escape(texts.PASTE_LABEL)}</label>
  <textarea name="paste" id="paste" rows="6" spellcheck="false"></textarea>
  <label for="message">{escape(texts.MESSAGE_LABEL)}</label>
  <input type="text" name="message" id="message" autocomplete="off">
  <button type="submit" class="btn btn-primary" id="diagnose">{escape(texts.SUBMIT)}</button>
</form>
{notice_html}
<section id="transcript" class="transcript" aria-live="polite">
{transcript}
</section>
<details class="home" id="home"{"" if transcript else " open"}>
<summary>Help and your recent diagnoses</summary>
{home}
</details>
</main>
</body>
</html>
"""
