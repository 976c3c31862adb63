"""会议大屏: a dark screen sized to the window (1366x768 to 3840x2160) that rotates by itself through the key
views (?interval=N seconds, default 20; ?view=N picks the first view). No sidebar or Streamlit chrome; see ui/screen.py.
A city instance rotates through the city's views (the 区县 红黑榜, each county's 数据截至, 重大/挂牌 and 未报送 city-wide)."""
import streamlit as st

from ui import screen
from ui.frame import current_principal, setup

page = setup("会议大屏")

# The queries/ files this page runs itself (none: its views and their queries are in ui/screen.py).
QUERIES = ()

screen.style()
interval = screen.interval_from_url()
screen.follow_data()


@st.fragment(run_every=interval)
def rotating() -> None:
    # The fragment reruns without setup(): check the session on every rotation, so a screen whose
    # sign-in has ended (or whose user was removed) goes back to the login form.
    if current_principal(page.store) is None:
        st.rerun()
    screen.render(page, interval)


rotating()
