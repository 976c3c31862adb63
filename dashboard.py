"""Entry point: `streamlit run dashboard.py`. Navigation over pages/ (see ui/navigation.py).

Only the pages the signed-in role may open are registered; the frame draws their links (Streamlit's
own list is off, see .streamlit/config.toml). Before sign-in every page shows the login form
(ui.frame.setup() guards each page, also when opened by URL)."""
import streamlit as st

from ui import server_guard

server_guard.install()   # first: no upload before sign-in, no metrics (see ui/server_guard.py)

from ui.data import end_run  # noqa: E402
from ui.frame import current_principal, page_config  # noqa: E402
from ui.navigation import PAGES, visible_pages  # noqa: E402

page_config()
principal = current_principal()
entries = visible_pages(principal.role) if principal else PAGES
sections: dict[str, list] = {}
for i, entry in enumerate(entries):
    sections.setdefault(entry.section, []).append(
        st.Page(entry.file, title=entry.title, url_path=entry.url_path, default=(i == 0)))
try:
    st.navigation(sections, position="hidden").run()
finally:
    end_run()   # the page run's read transaction (ui.frame.setup began it)
