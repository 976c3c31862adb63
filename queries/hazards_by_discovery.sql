-- hazards_by_discovery: 发现方式 breakdown of the hazards found in [S, A] (flow): each method present (NULL = 未填)
-- with its count and share of all hazards in scope. The methods and their order are rules.DISCOVERY_METHODS
-- (metrics.discovery_breakdown fills the missing ones with 0). The share of 企业自查 judges the 自查自纠 phase.
-- params: $since, $as_of, $units, $industries, $departments
WITH h AS (SELECT discovery_method AS method, count(*) AS hazards
           FROM scoped_hazards($since, $as_of, $units, $industries, $departments) GROUP BY 1)
SELECT method, hazards, safe_rate(hazards, (SELECT sum(hazards) FROM h)) AS share
FROM h
