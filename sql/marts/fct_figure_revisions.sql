-- Every change this build made to a published figure, appended to every change earlier
-- builds made: the history is carried from the previous warehouse file
-- (src_previous_revisions) and never rewritten, so it survives a rebuild of the marts.
-- A change is a figure of int_figure_values whose value differs from the previous build's
-- (src_previous_figures) on a night the previous build had published: a figure that appears
-- (before NULL), changes, or is withdrawn (after NULL). A night the previous build did not
-- know is new, not revised.
-- The cause is read from the documents behind the figure's night, region and weapon class:
-- a version the previous build did not hold (src_previous_versions) is a deletion (a
-- tombstone), an edit (a later version of a post) or a late post (a post's first version);
-- failing that, a version read by another extractor version than in the previous build is
-- a new extractor version; failing that, NULL (the models or the reference tables changed).
WITH previous_build AS (
    SELECT max(built_at) AS built_at FROM src_previous_build
),
published_nights AS (
    SELECT DISTINCT night_ending FROM src_previous_figures
),
changes AS (
    SELECT
        coalesce(n.night_ending, p.night_ending) AS night_ending,
        coalesce(n.region_code, p.region_code) AS region_code,
        coalesce(n.weapon_class, p.weapon_class) AS weapon_class,
        coalesce(n.figure, p.figure) AS figure,
        p.value AS value_before,
        n.value AS value_after
    FROM int_figure_values n
    FULL JOIN src_previous_figures p
      ON n.night_ending = p.night_ending AND n.region_code = p.region_code
     AND n.weapon_class = p.weapon_class AND n.figure = p.figure
    WHERE n.value IS DISTINCT FROM p.value
      AND coalesce(n.night_ending, p.night_ending) IN (SELECT night_ending FROM published_nights)
),
changed_keys AS (
    SELECT DISTINCT night_ending, region_code, weapon_class FROM changes
),
behind AS (
    -- the documents whose claims (any version) speak of a changed night, region and class
    SELECT DISTINCT k.night_ending, k.region_code, k.weapon_class, c.doc_id
    FROM changed_keys k
    JOIN int_claims_enriched c
      ON c.night_ending = k.night_ending AND c.weapon_class = k.weapon_class
     AND list_contains(c.region_codes, k.region_code)
),
fetched_since AS (
    -- versions the previous build did not hold
    SELECT b.night_ending, b.region_code, b.weapon_class, v.version_id, v.url,
           CASE WHEN v.deleted THEN 'deletion' WHEN v.version_number > 1 THEN 'edit'
                ELSE 'late post' END AS cause
    FROM behind b
    JOIN int_document_versions_ranked v USING (doc_id)
    WHERE v.version_id NOT IN (SELECT version_id FROM src_previous_versions)
),
extracted_since AS (
    -- versions the previous build held, read since by another extractor version
    SELECT DISTINCT b.night_ending, b.region_code, b.weapon_class, e.version_id, v.url,
           'new extractor version' AS cause
    FROM behind b
    JOIN int_document_versions_ranked v USING (doc_id)
    JOIN src_extractions e ON e.version_id = v.version_id
    JOIN src_previous_versions p ON p.version_id = e.version_id
    WHERE e.extractor_version IS DISTINCT FROM p.extractor_version
),
causes AS (
    SELECT night_ending, region_code, weapon_class,
           -- the strongest cause when several documents moved: a deletion, an edit, a late post
           CASE WHEN bool_or(cause = 'deletion') THEN 'deletion' WHEN bool_or(cause = 'edit') THEN 'edit'
                ELSE 'late post' END AS cause,
           list(DISTINCT version_id ORDER BY version_id) AS cause_version_ids,
           list(DISTINCT url ORDER BY url) AS cause_urls
    FROM fetched_since GROUP BY ALL
    UNION ALL
    SELECT night_ending, region_code, weapon_class, any_value(cause),
           list(DISTINCT version_id ORDER BY version_id), list(DISTINCT url ORDER BY url)
    FROM extracted_since x
    WHERE NOT EXISTS (
        SELECT 1 FROM fetched_since f
        WHERE f.night_ending = x.night_ending AND f.region_code = x.region_code
          AND f.weapon_class = x.weapon_class)
    GROUP BY night_ending, region_code, weapon_class
)
SELECT night_ending, region_code, weapon_class, figure, value_before, value_after,
       first_seen_at, previous_build_at, cause, cause_version_ids, cause_urls
FROM src_previous_revisions
UNION ALL
SELECT
    ch.night_ending, ch.region_code, ch.weapon_class, ch.figure, ch.value_before, ch.value_after,
    (SELECT built_at FROM src_this_build) AS first_seen_at,
    (SELECT built_at FROM previous_build) AS previous_build_at,
    ca.cause, coalesce(ca.cause_version_ids, []) AS cause_version_ids,
    coalesce(ca.cause_urls, []) AS cause_urls
FROM changes ch
LEFT JOIN causes ca USING (night_ending, region_code, weapon_class)
