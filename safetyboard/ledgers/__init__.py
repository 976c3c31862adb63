"""Ledger (台账) import: read -> find headers -> detect type -> normalise/validate -> store."""
