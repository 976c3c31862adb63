"""How values are written for people. Text that comes from data (ledger cells, file and sheet names,
user names, URL parameters) goes through escape_markdown before it reaches anything Streamlit renders
as Markdown (st.markdown, captions, st.info/warning/error/success, widget labels): otherwise a cell like
`![x](http://host/p.png)` loads an outside image, `**x**` turns bold and `[a](javascript:…)` becomes a link."""
from __future__ import annotations

import re

# Characters that start Markdown anywhere in a line: emphasis, code, links and images, autolinks and HTML,
# headings, LaTeX ($), tables, strikethrough. "." "-" "@" stay as they are (file names, dates, e-mail addresses:
# a mailto link is harmless); "." and "-" only matter in the cases handled below.
_ANYWHERE = re.compile(r"([\\`*{}\[\]<>#$!|~])")
# "_" only where it could open or close emphasis: inside a word (马庄_台账.xlsx) it never does.
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_SHORTCODE_OR_SCHEME = re.compile(r":(?=[^\d\s])")        # :emoji: / :material/x: / http: / javascript:
_WWW = re.compile(r"(?i)(?<=www)\.")                      # www. autolinks
_LINE_START = re.compile(r"^(\s*)([-+=])|^(\s*\d+)([.)])")  # list items (- + 1. 1)) and setext underlines (=)


def escape_markdown(value) -> str:
    """value as literal text inside Markdown: the characters that could start markup backslash-escaped,
    line breaks as spaces (a line break could start a heading or a list). Ordinary text (dates, times,
    file names like 隐患台账.xlsx) reads the same before and after."""
    text = "" if value is None else str(value)
    if "\n" in text or "\r" in text:
        text = " ".join(text.splitlines())
    text = _ANYWHERE.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _SHORTCODE_OR_SCHEME.sub(r"\\:", text)
    text = _WWW.sub(r"\\.", text)
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[3]}\\{m[4]}", text)
