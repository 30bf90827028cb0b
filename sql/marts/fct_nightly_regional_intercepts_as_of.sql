-- The nightly regional figures as they could be known at `as_of` (NULL = now); the table
-- fct_nightly_regional_intercepts is this macro at NULL. The rules, step by step
-- (README "Reconciliation"), each within one weapon class: a row is one night, region and
-- weapon class, and a drone figure is never compared with, added to or ranked against a
-- figure for guided bombs (intercepts/extract/weapons.py documents the classes):
--  1-3. int_region_figures_as_of: statements, windows of restatements, replicas as one figure;
--  4. per claimant: a running summary ("С вечера ... сбиты 74") beats its increments; a
--     series of "ещё N" posts without a summary adds up; otherwise the widest window wins
--     (an overnight total contains its evening update: the two are never added);
--  5. per region: the federal, regional, foreign and media-only figures side by side; the
--     primary is federal, else regional, else foreign, else media;
--  6. conflict: two figures differ and their windows do not explain it (int_compare_windows:
--     over an equal window any difference is a conflict; a window that contains another may
--     hold more, never fewer; unknown windows explain nothing; overlapping or disjoint
--     windows are not compared).
-- `nights` (a list of dates; NULL = every night) limits the result to those nights at the
-- inputs, before anything is computed: the build passes the nights it recomputes.
CREATE OR REPLACE MACRO fct_nightly_regional_intercepts_as_of(as_of, nights := NULL) AS TABLE
WITH claims AS (
    SELECT * FROM int_claims_as_of(as_of)
    WHERE is_interception AND night_ending IS NOT NULL
      AND (nights IS NULL OR list_contains(nights, night_ending))
),
figures AS (
    -- now: the figures computed once by the build; at an earlier time: computed for it
    SELECT * FROM (
        SELECT * FROM int_region_figures WHERE as_of IS NULL
        UNION ALL
        SELECT * FROM int_region_figures_as_of(as_of, nights := nights) WHERE as_of IS NOT NULL
    )
    WHERE nights IS NULL OR list_contains(nights, night_ending)
),
series AS (
    SELECT night_ending, region_code, weapon_class, claimant
    FROM figures
    WHERE from_own_channel AND window_start IS NULL
    GROUP BY ALL
    HAVING bool_or(increment)
),
ranked AS (
    SELECT
        f.*,
        (s.claimant IS NOT NULL AND f.from_own_channel AND f.window_start IS NULL) AS in_series,
        row_number() OVER (
            PARTITION BY f.night_ending, f.region_code, f.weapon_class, f.claimant
            ORDER BY f.running_total DESC,
                     coalesce(epoch(f.window_end) - epoch(f.window_start), -1) DESC,
                     f.from_own_channel DESC, len(f.doc_ids) DESC, f.last_published_at DESC,
                     f.count DESC NULLS LAST
        ) AS rank_in_claimant
    FROM figures f
    LEFT JOIN series s USING (night_ending, region_code, weapon_class, claimant)
),
claimant_figures AS (
    SELECT
        night_ending, region_code, weapon_class, claimant,
        max(claimant_kind) AS claimant_kind,
        CASE
            WHEN bool_or(in_series) AND NOT bool_or(in_series AND running_total)
                THEN sum(count) FILTER (WHERE in_series)
            ELSE max(count) FILTER (WHERE rank_in_claimant = 1)
        END::BIGINT AS count,
        bool_or(in_series) AS is_series,
        max(window_start) FILTER (WHERE rank_in_claimant = 1) AS window_start,
        max(window_end) FILTER (WHERE rank_in_claimant = 1) AS window_end,
        max(n_replicas) FILTER (WHERE rank_in_claimant = 1) AS n_replicas,
        len(list_distinct(flatten(list(doc_ids)))) AS n_documents,
        list_sort(list_distinct(flatten(list(weapon_types)))) AS weapon_types,
        list_sort(flatten(list(claim_ids))) AS claim_ids
    FROM ranked
    GROUP BY night_ending, region_code, weapon_class, claimant
),
by_kind AS (
    SELECT *,
        CASE claimant_kind WHEN 'official_federal' THEN 'federal' WHEN 'official_regional' THEN 'regional'
             WHEN 'official_foreign' THEN 'foreign' ELSE 'media' END AS figure_kind,
        row_number() OVER (
            PARTITION BY night_ending, region_code, weapon_class,
                CASE claimant_kind WHEN 'official_federal' THEN 1 WHEN 'official_regional' THEN 2
                     WHEN 'official_foreign' THEN 3 ELSE 4 END
            ORDER BY n_documents DESC, count DESC NULLS LAST, claimant
        ) AS rank_in_kind
    FROM claimant_figures
),
region_figures AS (
    SELECT
        night_ending, region_code, weapon_class,
        max(count) FILTER (WHERE figure_kind = 'federal' AND rank_in_kind = 1) AS federal_count,
        max(claimant) FILTER (WHERE figure_kind = 'federal' AND rank_in_kind = 1) AS federal_claimant,
        max(window_start) FILTER (WHERE figure_kind = 'federal' AND rank_in_kind = 1) AS federal_window_start,
        max(window_end) FILTER (WHERE figure_kind = 'federal' AND rank_in_kind = 1) AS federal_window_end,
        max(n_replicas) FILTER (WHERE figure_kind = 'federal' AND rank_in_kind = 1) AS federal_n_replicas,
        max(count) FILTER (WHERE figure_kind = 'regional' AND rank_in_kind = 1) AS regional_count,
        max(claimant) FILTER (WHERE figure_kind = 'regional' AND rank_in_kind = 1) AS regional_claimant,
        max(window_start) FILTER (WHERE figure_kind = 'regional' AND rank_in_kind = 1) AS regional_window_start,
        max(window_end) FILTER (WHERE figure_kind = 'regional' AND rank_in_kind = 1) AS regional_window_end,
        bool_or(is_series) FILTER (WHERE figure_kind = 'regional' AND rank_in_kind = 1) AS regional_is_series,
        max(count) FILTER (WHERE figure_kind = 'foreign' AND rank_in_kind = 1) AS foreign_count,
        max(claimant) FILTER (WHERE figure_kind = 'foreign' AND rank_in_kind = 1) AS foreign_claimant,
        max(count) FILTER (WHERE figure_kind = 'media' AND rank_in_kind = 1) AS media_only_count,
        count(*) AS n_claimants,
        list_sort(list_distinct(flatten(list(weapon_types)))) AS weapon_types,
        flatten(list(claim_ids ORDER BY claimant)) AS claim_ids
    FROM by_kind
    GROUP BY night_ending, region_code, weapon_class
),
-- what is compared: (a) across claimants, each claimant's own figure; (b) within a
-- claimant, its windowed figures with each other, and every restatement without a window
-- against the claimant's figure (a misquote); a series' parts are never compared singly;
-- only figures of the same weapon class are ever paired
chosen AS (
    SELECT night_ending, region_code, weapon_class, claimant, window_start, window_end, count, []::VARCHAR[] AS publishers,
           true AS from_own_channel
    FROM claimant_figures WHERE count IS NOT NULL
),
numbered AS (
    SELECT *, row_number() OVER (ORDER BY night_ending, region_code, weapon_class, claimant, window_start, window_end, count) AS fid
    FROM chosen
),
pairs AS (
    SELECT a.night_ending, a.region_code, a.weapon_class, a.claimant AS a_claimant, a.publishers AS a_publishers,
           a.from_own_channel AS a_own, a.count AS a_count, a.window_start AS a_ws, a.window_end AS a_we,
           b.claimant AS b_claimant, b.publishers AS b_publishers, b.from_own_channel AS b_own,
           b.count AS b_count, b.window_start AS b_ws, b.window_end AS b_we
    FROM numbered a JOIN numbered b
      ON a.night_ending = b.night_ending AND a.region_code = b.region_code
     AND a.weapon_class = b.weapon_class AND a.fid < b.fid
    UNION ALL
    SELECT a.night_ending, a.region_code, a.weapon_class, a.claimant, a.publishers, a.from_own_channel, a.count,
           a.window_start, a.window_end, b.claimant, b.publishers, b.from_own_channel, b.count,
           b.window_start, b.window_end
    FROM ranked a JOIN ranked b
      ON a.night_ending = b.night_ending AND a.region_code = b.region_code
     AND a.weapon_class = b.weapon_class AND a.claimant = b.claimant
     AND (a.window_start < b.window_start OR (a.window_start = b.window_start AND a.window_end < b.window_end))
    WHERE NOT a.in_series AND NOT b.in_series
    UNION ALL
    SELECT r.night_ending, r.region_code, r.weapon_class, r.claimant, r.publishers, r.from_own_channel, r.count, NULL, NULL,
           c.claimant, [], true, c.count, c.window_start, c.window_end
    FROM ranked r JOIN claimant_figures c USING (night_ending, region_code, weapon_class, claimant)
    WHERE r.window_start IS NULL AND NOT r.in_series AND r.rank_in_claimant > 1
),
disagreements AS (
    SELECT
        night_ending, region_code, weapon_class,
        format('{}{}: {} vs {}{}: {}',
               a_claimant, CASE WHEN a_own THEN '' ELSE ' (as restated by ' || array_to_string(a_publishers, ', ') || ')' END, a_count,
               b_claimant, CASE WHEN b_own THEN '' ELSE ' (as restated by ' || array_to_string(b_publishers, ', ') || ')' END, b_count) AS detail
    FROM pairs
    -- the table of cases (int_compare_windows, docs/reconciliation.md "Window relations")
    WHERE a_count <> b_count AND CASE int_compare_windows(a_ws, a_we, b_ws, b_we)
        WHEN 'unknown' THEN true               -- an unknown window explains nothing
        WHEN 'equal' THEN true                 -- the same hours: any difference
        WHEN 'contains' THEN a_count < b_count     -- the wider may hold more, never fewer
        WHEN 'contained_in' THEN b_count < a_count
        ELSE false  -- overlapping or disjoint windows: no figure-by-figure comparison
    END
),
conflicts AS (
    SELECT night_ending, region_code, weapon_class, list(detail ORDER BY detail) AS conflict_details
    FROM disagreements GROUP BY ALL
),
overlapping AS (
    SELECT DISTINCT a.night_ending, a.region_code, a.weapon_class
    FROM ranked a JOIN ranked b
      ON a.night_ending = b.night_ending AND a.region_code = b.region_code
     AND a.weapon_class = b.weapon_class
     AND int_compare_windows(a.window_start, a.window_end, b.window_start, b.window_end) = 'overlaps'
),
all_counts AS (
    SELECT night_ending, region_code, weapon_class, min(count) AS low_count, max(count) AS high_count,
           len(list_distinct(flatten(list(doc_ids)))) AS n_supporting_documents
    FROM figures GROUP BY ALL
),
joint AS (
    -- one count over several places ("10 over the Bryansk and Crimea regions"): shown, never split
    SELECT night_ending, unnest(region_codes) AS region_code, weapon_class, claim_id, weapon_type
    FROM claims
    WHERE scope = 'regions' OR (scope = 'region' AND len(region_codes) > 1)
),
joint_by_region AS (
    SELECT night_ending, region_code, weapon_class,
           list(DISTINCT claim_id ORDER BY claim_id) AS joint_claim_ids,
           coalesce(list(DISTINCT weapon_type) FILTER (WHERE weapon_type IS NOT NULL), []) AS joint_weapon_types
    FROM joint GROUP BY ALL
),
keys AS (
    SELECT night_ending, region_code, weapon_class FROM region_figures
    UNION
    SELECT night_ending, region_code, weapon_class FROM joint_by_region
)
SELECT
    k.night_ending,
    k.region_code,
    k.weapon_class,
    list_sort(list_distinct(list_concat(coalesce(f.weapon_types, []), coalesce(j.joint_weapon_types, [])))) AS weapon_types,
    r.name_en AS region_name_en,
    f.federal_count, f.federal_claimant, f.federal_window_start, f.federal_window_end,
    coalesce(f.federal_n_replicas, 0) AS federal_n_replicas,
    f.regional_count, f.regional_claimant, f.regional_window_start, f.regional_window_end,
    coalesce(f.regional_is_series, false) AS regional_is_series,
    f.foreign_count, f.foreign_claimant,
    f.media_only_count,
    coalesce(f.federal_count, f.regional_count, f.foreign_count, f.media_only_count) AS primary_count,
    CASE WHEN f.federal_count IS NOT NULL THEN 'federal'
         WHEN f.regional_count IS NOT NULL THEN 'regional'
         WHEN f.foreign_count IS NOT NULL THEN 'foreign'
         WHEN f.media_only_count IS NOT NULL THEN 'media' END AS primary_figure_kind,
    a.low_count,
    a.high_count,
    c.conflict_details IS NOT NULL AS has_conflict,
    coalesce(c.conflict_details, []) AS conflict_details,
    o.region_code IS NOT NULL AS has_overlapping_windows,
    coalesce(f.n_claimants, 0) AS n_claimants,
    coalesce(a.n_supporting_documents, 0) AS n_supporting_documents,
    coalesce(f.claim_ids, []) AS claim_ids,
    coalesce(j.joint_claim_ids, []) AS joint_claim_ids
FROM keys k
LEFT JOIN region_figures f USING (night_ending, region_code, weapon_class)
LEFT JOIN all_counts a USING (night_ending, region_code, weapon_class)
LEFT JOIN conflicts c USING (night_ending, region_code, weapon_class)
LEFT JOIN overlapping o USING (night_ending, region_code, weapon_class)
LEFT JOIN joint_by_region j USING (night_ending, region_code, weapon_class)
LEFT JOIN stg_ref__regions r USING (region_code)
