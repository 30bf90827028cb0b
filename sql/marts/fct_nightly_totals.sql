-- Per night, claimant and weapon class: the declared total against the sum of the regions
-- it itemised. Classes stay apart: the Air Force's "96 aerial targets" headline, its 89
-- drones and its 2 cruise missiles are three rows, and a region's bombs never count
-- towards a drone total.
-- Each (claimant, window) is a separate statement; the row shows the widest window's,
-- so an evening update and the overnight total are never added.
-- The build fills build_nights with the nights it computes in this statement (empty: every
-- night): the claims of the others are not read.
WITH computed_nights AS (SELECT list(night_ending) AS nights FROM build_nights),
current_claims AS (
    SELECT c.* FROM int_claims_enriched c, computed_nights n
    WHERE c.is_latest_version AND c.is_interception AND c.night_ending IS NOT NULL
      AND (n.nights IS NULL OR list_contains(n.nights, c.night_ending))
),
per_window AS (
    SELECT
        night_ending, claimant, claimant_kind, weapon_class, window_start, window_end,
        max(count) FILTER (WHERE scope = 'total') AS declared_total,
        list(DISTINCT claim_id ORDER BY claim_id) FILTER (WHERE scope = 'total') AS total_claim_ids,
        coalesce(list(DISTINCT weapon_type) FILTER (WHERE weapon_type IS NOT NULL AND scope IN ('total', 'region', 'regions')), [])
            AS weapon_types
    FROM current_claims
    GROUP BY ALL
),
-- the itemised figure per region inside one window: replicas of the same statement agree,
-- so take each region's figure once (max over documents), then add regions up
itemised_regions AS (
    SELECT night_ending, claimant, weapon_class, window_start, window_end, region_codes, max(count) AS count,
           list(claim_id ORDER BY claim_id) AS claim_ids
    FROM current_claims
    WHERE scope IN ('region', 'regions')
    GROUP BY ALL
),
itemised AS (
    SELECT night_ending, claimant, weapon_class, window_start, window_end,
           sum(count)::BIGINT AS itemised_sum,
           count(*) AS n_itemised,
           list_sort(flatten(list(claim_ids))) AS itemised_claim_ids
    FROM itemised_regions GROUP BY ALL
),
-- what the regional officials said for the regions this claimant itemised
regional AS (
    SELECT i.night_ending, i.claimant, i.weapon_class, i.window_start, i.window_end,
           sum(f.regional_count)::BIGINT AS regional_officials_sum,
           count(f.regional_count) AS n_regional_figures
    FROM itemised_regions i
    JOIN fct_nightly_regional_intercepts f
      ON f.night_ending = i.night_ending AND f.weapon_class = i.weapon_class
     AND len(i.region_codes) = 1 AND f.region_code = i.region_codes[1]
    GROUP BY ALL
),
joined AS (
    SELECT p.*, i.itemised_sum, r.regional_officials_sum, coalesce(r.n_regional_figures, 0) AS n_regional_figures, coalesce(i.n_itemised, 0) AS n_itemised,
           coalesce(i.itemised_claim_ids, []) AS itemised_claim_ids,
           row_number() OVER (
               PARTITION BY p.night_ending, p.claimant, p.weapon_class
               ORDER BY coalesce(epoch(p.window_end) - epoch(p.window_start), -1) DESC,
                        p.declared_total DESC NULLS LAST
           ) AS rank_window,
           count(p.window_start) OVER (PARTITION BY p.night_ending, p.claimant, p.weapon_class) AS n_windows
    FROM per_window p
    LEFT JOIN itemised i
      ON i.night_ending = p.night_ending AND i.claimant = p.claimant AND i.weapon_class = p.weapon_class
     AND i.window_start IS NOT DISTINCT FROM p.window_start AND i.window_end IS NOT DISTINCT FROM p.window_end
    LEFT JOIN regional r
      ON r.night_ending = p.night_ending AND r.claimant = p.claimant AND r.weapon_class = p.weapon_class
     AND r.window_start IS NOT DISTINCT FROM p.window_start AND r.window_end IS NOT DISTINCT FROM p.window_end
)
SELECT
    night_ending, claimant, claimant_kind, weapon_class, list_sort(weapon_types) AS weapon_types,
    window_start, window_end,
    declared_total,
    itemised_sum,
    n_itemised,
    CASE WHEN declared_total IS NOT NULL AND itemised_sum IS NOT NULL THEN declared_total - itemised_sum END AS unallocated,
    declared_total IS NOT NULL AND itemised_sum > declared_total AS itemised_exceeds_total,
    regional_officials_sum,
    n_regional_figures,
    n_windows,
    coalesce(total_claim_ids, []) AS total_claim_ids,
    itemised_claim_ids
FROM joined
WHERE rank_window = 1
