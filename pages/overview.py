"""总览: the imported ledgers at a glance (placeholder until the pages issue)."""
import streamlit as st

from safetyboard.ledgers.spec import LEDGER_TYPES
from ui.frame import setup

page = setup("总览")
counts = page.query("ledger_counts")
cols = st.columns(len(counts))
for col, row in zip(cols, counts.itertuples()):
    col.metric(LEDGER_TYPES[row.ledger_type].label, f"{row.rows:,}")
