"""Entry point: `streamlit run dashboard.py`. Navigation over pages/ (see ui/navigation.py)."""
import streamlit as st

from ui.frame import page_config
from ui.navigation import PAGES

page_config()
sections: dict[str, list] = {}
for i, entry in enumerate(PAGES):
    sections.setdefault(entry.section, []).append(
        st.Page(entry.file, title=entry.title, url_path=entry.url_path, default=(i == 0)))
st.navigation(sections).run()
