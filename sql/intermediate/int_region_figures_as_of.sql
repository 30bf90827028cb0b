-- The figures for regions as known at `as_of` (NULL = now): steps 1–3 of the README's
-- "Reconciliation":
-- Every step keeps weapon classes apart (intercepts/extract/weapons.py): "3 управляемые
-- авиабомбы и 9 беспилотных летательных аппаратов" over one region are two figures.
--  1. statements: one claimant's figure for one region, weapon class, document and window;
--     the per-district items of one post add up ("Шебекинский округ ... 17", "Ровеньский ... 3");
--  2. a restatement without a window takes the window of the claimant's figure it repeats;
--  3. figures: the original post and every replica of it are ONE figure with n_documents
--     and n_replicas, never several claims.
-- `nights` (a list of dates; NULL = every night) limits the result to those nights at the
-- claims, before anything is computed: the build passes the nights it recomputes.
CREATE OR REPLACE MACRO int_region_figures_as_of(as_of, nights := NULL) AS TABLE
WITH claims AS (
    SELECT * FROM int_claims_as_of(as_of)
    WHERE is_interception AND night_ending IS NOT NULL
      AND (nights IS NULL OR list_contains(nights, night_ending))
),
statements AS (
    SELECT
        night_ending, region_codes[1] AS region_code, weapon_class, claimant, claimant_kind,
        window_start, window_end, doc_id, version_id, publisher, published_at,
        publisher_kind = claimant_kind AS own_channel,
        CASE
            WHEN bool_or(count IS NULL) THEN NULL
            -- district items of one post add up; the same figure said twice does not
            WHEN bool_and(len(districts) > 0) THEN sum(count)
            ELSE max(count)
        END::BIGINT AS count,
        bool_or(running_total) AS running_total,
        bool_or(increment) AS increment,
        coalesce(list(DISTINCT weapon_type) FILTER (WHERE weapon_type IS NOT NULL), []) AS weapon_types,
        list(claim_id ORDER BY char_start) AS claim_ids
    FROM claims
    WHERE scope = 'region' AND len(region_codes) = 1
    GROUP BY ALL
),
windowed AS (
    SELECT DISTINCT night_ending, region_code, weapon_class, claimant, count, window_start, window_end
    FROM statements WHERE window_start IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY night_ending, region_code, weapon_class, claimant, count
        ORDER BY epoch(window_end) - epoch(window_start) DESC, window_start, window_end) = 1
),
resolved AS (
    SELECT s.* REPLACE (coalesce(s.window_start, w.window_start) AS window_start,
                        coalesce(s.window_end, w.window_end) AS window_end)
    FROM statements s
    LEFT JOIN windowed w
      ON s.window_start IS NULL AND w.night_ending = s.night_ending AND w.region_code = s.region_code
     AND w.weapon_class = s.weapon_class AND w.claimant = s.claimant AND w.count = s.count
),
figures AS (
    SELECT
        night_ending, region_code, weapon_class, claimant, claimant_kind, window_start, window_end, count,
        bool_or(own_channel) AS from_own_channel,
        bool_or(running_total) AS running_total,
        bool_and(increment) AS increment,
        list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids,
        count(DISTINCT doc_id) FILTER (WHERE NOT own_channel) AS n_replicas,
        list(DISTINCT publisher ORDER BY publisher) AS publishers,
        list_sort(list_distinct(flatten(list(weapon_types)))) AS weapon_types,
        max(published_at) AS last_published_at,
        flatten(list(claim_ids ORDER BY published_at, version_id)) AS claim_ids,
        -- the claim in the claimant's own post when there is one, else the first restatement;
        -- an undated post sorts last but still counts (arg_min skips NULL keys, and a figure
        -- seen only in undated posts had no original: the build failed for every source)
        coalesce(
            arg_min(claim_ids[1], coalesce(published_at, 'infinity'::TIMESTAMPTZ)) FILTER (WHERE own_channel),
            arg_min(claim_ids[1], coalesce(published_at, 'infinity'::TIMESTAMPTZ))
        ) AS original_claim_id
    FROM resolved
    GROUP BY night_ending, region_code, weapon_class, claimant, claimant_kind, window_start, window_end, count
)
SELECT * FROM figures
