"""Streamlit-facing helpers shared by dashboard.py and pages/ (the core package never imports Streamlit)."""
