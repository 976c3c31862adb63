"""Streamlit's own English in the browser (multiselect "Select all", the uploader's "Drag and drop files here"
and "Limit 1GB per file", placeholders, an empty table's "empty") put into Chinese where it is drawn: a text-node
rewrite in the page."""
from __future__ import annotations

import json

import streamlit as st

# Exact texts of Streamlit 1.67's frontend -> what the user reads.
EXACT = {
    "Select all": "全选",
    "Clear all": "全部清除",
    "Choose options": "请选择",
    "Choose an option": "请选择",
    "No results": "无匹配项",
    "No options to select": "没有可选项",
    "No options to select.": "没有可选项。",
    "Browse files": "选择文件",
    "Upload": "上传",
    "Drag and drop files here": "将文件拖放到此处，或点击右侧按钮",
    "Drag and drop a file here": "将文件拖放到此处，或点击右侧按钮",
    "Press Enter to apply": "按回车键确认",
    "Press Enter to submit form": "按回车键提交",
    "Skip to main content": "跳到正文",
    "empty": "无数据",   # the one cell of an empty static table (ui/widgets.table draws empty tables that way)
}
# (JavaScript regular expression, replacement); the uploader's size and types are Streamlit's ceiling, not ours.
PATTERNS = [
    (r"^Select (\d+) matches$", "选择$1个匹配项"),
    (r"^(Limit )?\S+ per file.*$", "文件格式和大小上限见下方说明"),
    (r"^• [A-Z, ]+$", ""),
    (r"^(\d+) options? available\.?$", "共$1个选项"),          # read out by screen readers
    (r"^(\d+) results? available\.?$", "共$1个匹配项"),
]

_SCRIPT = """
<script>
(function () {
  if (window.__safetyboardZh) return;
  window.__safetyboardZh = true;
  var exact = %s, patterns = %s.map(function (p) { return [new RegExp(p[0]), p[1]]; });
  function translate(text) {
    var key = text.replace(/\\s+/g, ' ').trim();
    if (!key) return null;
    if (Object.prototype.hasOwnProperty.call(exact, key)) return exact[key];
    for (var i = 0; i < patterns.length; i++) {
      if (patterns[i][0].test(key)) return key.replace(patterns[i][0], patterns[i][1]);
    }
    return null;
  }
  function walk() {
    pending = false;
    var it = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), n, done = [];
    while ((n = it.nextNode())) {
      var t = translate(n.nodeValue);
      if (t !== null) { n.nodeValue = t; continue; }
      // React may split one sentence into several text nodes ("Limit ", "1GB", " per file").
      var el = n.parentElement;
      if (el && done.indexOf(el) < 0 && el.children.length === 0) {
        t = translate(el.textContent);
        if (t !== null) { done.push(el); el.textContent = t; }
      }
    }
  }
  // Streamlit redraws often: one pass over the page a moment after each burst of changes.
  var pending = false;
  walk();
  new MutationObserver(function () {
    if (!pending) { pending = true; setTimeout(walk, 50); }
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
})();
</script>
"""


def install() -> None:
    """Once per page run; the script itself installs its observer once per browser tab."""
    st.html(_SCRIPT % (json.dumps(EXACT, ensure_ascii=False), json.dumps(PATTERNS, ensure_ascii=False)),
            unsafe_allow_javascript=True)
