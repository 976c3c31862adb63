-- tips_by_days_to_close: distribution of days to close (办结日期 - 受理日期, 办结日期 not after A) over tips in
-- scope, in fixed buckets (zeros included).
-- grain: one row per bucket, in order.
-- params: $since, $as_of, $units
WITH buckets(ord, bucket, lo, hi) AS (VALUES (1, '7天以内', 0, 7), (2, '8-15天', 8, 15), (3, '16-30天', 16, 30),
                                             (4, '31-60天', 31, 60), (5, '60天以上', 61, NULL)),
d AS (
    SELECT closed_date - received_date AS days
    FROM scoped_tips($since, $as_of, $units)
    WHERE closed_date <= $as_of AND closed_date >= received_date)
SELECT b.bucket, count(d.days) AS tips
FROM buckets b LEFT JOIN d ON d.days >= b.lo AND (b.hi IS NULL OR d.days <= b.hi)
GROUP BY b.ord, b.bucket
ORDER BY b.ord
