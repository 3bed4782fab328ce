"""Reply → HTML fragment for the web console. A pure function: no I/O, no clock, no randomness.

Rules of this file:
- Every piece of text is escaped with ``html.escape`` (quotes included): text from a log or a user can never
  become markup, an attribute or a link.
- Buttons are ``<button name="action" value="<encoded Action>">`` inside one ``<form>`` per reply, so the
  console posts back exactly the action chat platforms post, with or without JavaScript.
- Files (the reply's and the escalation package's, in ``files_of`` order) become download links only when
  the caller supplies a URL for them; the renderer never invents URLs.
- Class names are the styling contract with ``bot/channels/web/static/console.css``.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.conversation import Button, Escalation, EvidenceLine, FileOut, Reply, Section, encode_action

_BUTTON_CLASS = {"default": "btn", "primary": "btn btn-primary", "danger": "btn btn-danger"}


def files_of(reply: Reply) -> tuple[FileOut, ...]:
    """The files a reply offers for download: its own, then its escalation package's."""
    escalated = reply.escalation.files if reply.escalation else ()
    return (*reply.files, *escalated)


def render_reply(reply: Reply, *, file_urls: Sequence[str] = (), action_url: str = "/console/action") -> str:
    """Render one reply as an ``<article>``; ``file_urls[i]`` downloads ``files_of(reply)[i]``."""
    kind = escape(reply.kind)
    parts = [f'<article class="reply reply-{kind}" data-kind="{kind}">']
    parts.append(f'<p class="headline">{_text(reply.text)}</p>')
    parts.extend(_extras(reply))
    parts.extend(_section(s) for s in reply.sections)
    own = len(reply.files)
    parts.append(_files(reply.files, file_urls[:own]))
    if reply.escalation is not None:
        parts.append(_escalation(reply.escalation, file_urls[own:]))
    parts.append(_buttons(reply.buttons, action_url))
    parts.append("</article>")
    return "\n".join(p for p in parts if p)


def render_replies(replies: Sequence[Reply], *, file_urls: Sequence[Sequence[str]] = ()) -> str:
    """Render several replies in order; ``file_urls[i]`` belongs to ``replies[i]``."""
    return "\n".join(
        render_reply(r, file_urls=file_urls[i] if i < len(file_urls) else ()) for i, r in enumerate(replies)
    )


def _text(text: str) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    rendered = ["<br>".join(escape(line) for line in p.split("\n")) for p in paragraphs]
    return '</p><p class="text">'.join(rendered)


def _extras(reply: Reply) -> list[str]:
    if not reply.extras:
        return []
    items = "".join(
        f'<span class="extra" data-key="{escape(k)}">{escape(v)}</span>'
        for k, v in sorted(reply.extras.items())
    )
    return [f'<p class="extras">{items}</p>']


def _section(section: Section) -> str:
    parts = ['<section class="section">']
    if section.title:
        parts.append(f"<h3>{escape(section.title)}</h3>")
    if section.text:
        parts.append(f'<p class="text">{_text(section.text)}</p>')
    if section.evidence:
        parts.append('<ol class="evidence">')
        parts.extend(_evidence(e) for e in section.evidence)
        parts.append("</ol>")
    if section.truncated_evidence > 0:
        more = section.truncated_evidence
        parts.append(f'<p class="more">… and {more} more line{"s" if more != 1 else ""} of evidence</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _evidence(line: EvidenceLine) -> str:
    time = f"<time>{escape(line.time)}</time> " if line.time else ""
    return f'<li><span class="line">line {line.line}</span> {time}<code>{escape(line.text)}</code></li>'


def _files(files: Sequence[FileOut], urls: Sequence[str]) -> str:
    if not files:
        return ""
    items = []
    for i, f in enumerate(files):
        name = escape(f.filename)
        size = f"{len(f.data):,} bytes"
        if i < len(urls):
            link = f'<a class="file" href="{escape(urls[i])}" download="{name}">{name}</a>'
        else:
            link = f'<span class="file unavailable">{name}</span>'
        items.append(f'<li>{link} <span class="size">({size})</span></li>')
    return '<ul class="files">' + "".join(items) + "</ul>"


def _escalation(escalation: Escalation, urls: Sequence[str]) -> str:
    package = escalation.reply
    parts = ['<aside class="escalation">', "<h3>Support package</h3>"]
    parts.append(f'<p class="headline">{_text(package.text)}</p>')
    parts.extend(_section(s) for s in package.sections)
    parts.append(_files(escalation.files, urls))
    parts.append("</aside>")
    return "\n".join(p for p in parts if p)


def _buttons(buttons: Sequence[Button], action_url: str) -> str:
    if not buttons:
        return ""
    rendered = "".join(
        f'<button type="submit" name="action" value="{escape(encode_action(b.action))}" '
        f'class="{_BUTTON_CLASS[b.style.value]}">{escape(b.label)}</button>'
        for b in buttons
    )
    return f'<form class="buttons" method="post" action="{escape(action_url)}">{rendered}</form>'
