-- Per night and region: what the federal and the regional officials and the media claim.
-- Policy (README "Reconciliation"): within a claimant kind the figure with the widest
-- stated window wins (an overnight total contains its evening update; the two are never
-- added); the primary figure is the federal one, else the regional, else the media's.
WITH statements AS (
    SELECT
        *,
        row_number() OVER (ORDER BY version_id, claimant, action, window_start, window_end) AS statement_id,
        coalesce(epoch(window_end) - epoch(window_start), -1) AS window_seconds,
        CASE WHEN claimant_kind IN ('official_federal', 'official_regional') THEN claimant_kind ELSE 'media' END AS figure_kind
    FROM int_regional_statements
),
ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY night_ending, region_code, figure_kind
        ORDER BY window_seconds DESC, running_total DESC, count DESC NULLS LAST, published_at DESC, version_id
    ) AS rank_in_kind
    FROM statements
),
best AS (
    SELECT
        night_ending, region_code,
        max(count) FILTER (WHERE figure_kind = 'official_federal' AND rank_in_kind = 1) AS federal_count,
        max(claimant) FILTER (WHERE figure_kind = 'official_federal' AND rank_in_kind = 1) AS federal_claimant,
        max(window_start) FILTER (WHERE figure_kind = 'official_federal' AND rank_in_kind = 1) AS federal_window_start,
        max(window_end) FILTER (WHERE figure_kind = 'official_federal' AND rank_in_kind = 1) AS federal_window_end,
        max(count) FILTER (WHERE figure_kind = 'official_regional' AND rank_in_kind = 1) AS regional_count,
        max(claimant) FILTER (WHERE figure_kind = 'official_regional' AND rank_in_kind = 1) AS regional_claimant,
        max(window_start) FILTER (WHERE figure_kind = 'official_regional' AND rank_in_kind = 1) AS regional_window_start,
        max(window_end) FILTER (WHERE figure_kind = 'official_regional' AND rank_in_kind = 1) AS regional_window_end,
        max(count) FILTER (WHERE figure_kind = 'media' AND rank_in_kind = 1) AS media_only_count,
        min(count) AS low_count,
        max(count) AS high_count,
        count(*) AS n_statements,
        count(DISTINCT doc_id) AS n_supporting_documents,
        flatten(list(claim_ids ORDER BY published_at, version_id)) AS claim_ids
    FROM ranked
    GROUP BY night_ending, region_code
),
-- Two statements disagree when their counts differ and nothing about their windows
-- explains it: the same stated window, or no window stated on either side.
conflicts AS (
    SELECT DISTINCT a.night_ending, a.region_code
    FROM statements a
    JOIN statements b
      ON a.night_ending = b.night_ending AND a.region_code = b.region_code
     AND a.statement_id < b.statement_id AND a.count <> b.count
     AND ((a.window_start IS NULL AND b.window_start IS NULL)
          OR (a.window_start = b.window_start AND a.window_end = b.window_end))
    UNION
    -- a statement without a window whose number matches no windowed statement
    SELECT DISTINCT a.night_ending, a.region_code
    FROM statements a
    WHERE a.window_start IS NULL AND a.count IS NOT NULL
      AND EXISTS (SELECT 1 FROM statements b WHERE b.night_ending = a.night_ending
                  AND b.region_code = a.region_code AND b.window_start IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM statements b WHERE b.night_ending = a.night_ending
                  AND b.region_code = a.region_code AND b.window_start IS NOT NULL AND b.count = a.count)
),
joint AS (
    -- one count over several places ("10 over the Bryansk and Crimea regions"): shown, never split
    SELECT night_ending, unnest(region_codes) AS region_code, claim_id
    FROM int_claims_enriched
    WHERE is_latest_version AND is_interception AND night_ending IS NOT NULL
      AND (scope = 'regions' OR (scope = 'region' AND len(region_codes) > 1))
),
joint_by_region AS (
    SELECT night_ending, region_code, list(claim_id ORDER BY claim_id) AS joint_claim_ids
    FROM joint GROUP BY ALL
),
keys AS (
    SELECT night_ending, region_code FROM best
    UNION
    SELECT night_ending, region_code FROM joint_by_region
)
SELECT
    k.night_ending,
    k.region_code,
    r.name_en AS region_name_en,
    b.federal_count, b.federal_claimant, b.federal_window_start, b.federal_window_end,
    b.regional_count, b.regional_claimant, b.regional_window_start, b.regional_window_end,
    b.media_only_count,
    coalesce(b.federal_count, b.regional_count, b.media_only_count) AS primary_count,
    CASE WHEN b.federal_count IS NOT NULL THEN 'official_federal'
         WHEN b.regional_count IS NOT NULL THEN 'official_regional'
         WHEN b.media_only_count IS NOT NULL THEN 'media' END AS primary_figure_kind,
    b.low_count,
    b.high_count,
    c.region_code IS NOT NULL AS has_conflict,
    coalesce(b.n_statements, 0) AS n_statements,
    coalesce(b.n_supporting_documents, 0) AS n_supporting_documents,
    coalesce(b.claim_ids, []) AS claim_ids,
    coalesce(j.joint_claim_ids, []) AS joint_claim_ids
FROM keys k
LEFT JOIN best b USING (night_ending, region_code)
LEFT JOIN joint_by_region j USING (night_ending, region_code)
LEFT JOIN conflicts c USING (night_ending, region_code)
LEFT JOIN stg_ref__regions r USING (region_code)
