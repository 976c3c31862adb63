-- enterprise_timeline: 一企一档: everything on file about one enterprise up to A on one timeline: its hazards (found,
-- rectified), cases, 督导 visits and problems (督导对象 = the enterprise, $target_key) and accidents.
-- Hazards as in enterprise_hazards (through enterprise_id). Tips are in enterprise_tips (admin only); the reporter is never stored.
-- grain: one row per event, latest first: event_date, ledger, event, detail.
-- params: $ent_code, $ent_key, $target_key, $units, $as_of
WITH h AS (SELECT * FROM hazards WHERE enterprise_id IN (SELECT id FROM enterprise_ids($ent_code, $ent_key))
                                     AND in_filter($units, unit_code))
SELECT * FROM (
    SELECT found_date AS event_date, '隐患' AS ledger, '发现' || level || '隐患' AS event,
           concat_ws(' · ', hazard_no, description, status) AS detail
    FROM h
    UNION ALL
    SELECT rectified_date, '隐患', '整改完成', concat_ws(' · ', hazard_no, description)
    FROM h WHERE rectified_date IS NOT NULL
    UNION ALL
    SELECT filed_date, '执法', '立案', concat_ws(' · ', case_no, department, array_to_string(measures, '、'))
    FROM enforcement WHERE same_enterprise(credit_code, party_key, $ent_code, $ent_key)
                       AND in_filter($units, unit_code)
    UNION ALL
    SELECT visit_date, '督导', visit_type, concat_ws(' · ', "group", '发现问题' || CAST(problems_found AS VARCHAR) || '个')
    FROM supervision WHERE target_key = $target_key AND in_filter($units, unit_code)
    UNION ALL
    SELECT found_date, '督导问题', '发现问题', concat_ws(' · ', "group", description, status)
    FROM problems WHERE target_key = $target_key AND in_filter($units, unit_code)
    UNION ALL
    SELECT occurred_date, '事故', coalesce(accident_type, '生产安全事故'),
           concat_ws(' · ', accident_no, '死亡' || CAST(coalesce(deaths, 0) AS VARCHAR) || '人',
                     '受伤' || CAST(coalesce(injuries, 0) AS VARCHAR) || '人',
                     CASE WHEN concealed THEN '瞒报谎报' END)
    FROM accidents WHERE same_enterprise(credit_code, enterprise_key, $ent_code, $ent_key) AND in_filter($units, unit_code))
WHERE event_date <= $as_of
ORDER BY event_date DESC, ledger, event
