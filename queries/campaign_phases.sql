-- campaign_phases: the campaign phases for marking a time axis; nested = the phase lies inside another phase
-- (回头看 inside 集中整治), so it can be drawn as an outline over the others.
-- grain: one row per phase, by start date.
-- Reference: the campaign calendar (data/campaign.toml), no unit's rows.
-- params: none
-- scope: reference
SELECT p.key, p.name, p.start_date, p.end_date,
       EXISTS (SELECT 1 FROM phases o
               WHERE o.key <> p.key AND o.start_date <= p.start_date AND o.end_date >= p.end_date) AS nested
FROM phases p
ORDER BY p.start_date, p.end_date DESC
