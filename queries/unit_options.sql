-- unit_options: the 乡/街道 the sidebar's filter offers in a city instance, read like every query through the
-- selected county's view: that county's own units, or city-wide every county's, their names carrying the county
-- (新华区·焦店镇, safetyboard/city.py). A district instance offers its configured list (rules.units()).
-- grain: one row per unit (code, name), in the units' order.
-- Reference: the configured 乡/街道 list, no ledger rows.
-- params: none
-- scope: reference
SELECT code, name FROM units ORDER BY sort_order
