"""Page under construction (issue 3)."""
import streamlit as st

from ui.frame import setup

page = setup("建设中")
st.info("本页面正在建设中。")
