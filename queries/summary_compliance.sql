-- summary_compliance: the 打非治违 总结 (the node configured summary = true, due 12-01), counted like a 自查报告
-- node but apart from them (macro node_compliance). Expected = every 乡/街道 and member department (with a
-- 乡/街道 filter: only those) once the node is due by A; nothing expected before that.
-- grain: one row.
-- params: $as_of, $units
SELECT * FROM node_compliance($as_of, $units, true)
