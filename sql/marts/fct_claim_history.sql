-- What changed in a claim when its post was edited: each version compared with the one
-- before, claim by claim (matched on what the claim is about, not on its number).
WITH versions AS (
    SELECT doc_id, version_id, version_number, fetched_at
    FROM int_document_versions_ranked
    WHERE doc_id IN (SELECT doc_id FROM int_document_versions_ranked WHERE version_number > 1)
),
pairs AS (
    SELECT v.doc_id, v.version_id, v.version_number, v.fetched_at AS changed_at, p.version_id AS previous_version_id
    FROM versions v JOIN versions p ON p.doc_id = v.doc_id AND p.version_number = v.version_number - 1
),
claims AS (
    SELECT version_id, claim_id, claimant, scope, region_codes, action, weapon_class, window_start, window_end,
           districts, direction, count, quote,
           -- what the claim is about; the n-th such claim when a post repeats the same subject
           row_number() OVER (PARTITION BY version_id, claimant, scope, region_codes, action, weapon_class,
                                           window_start, window_end, districts, direction
                              ORDER BY char_start) AS nth
    FROM int_claims_enriched
),
new_side AS (
    SELECT p.*, c.* EXCLUDE (version_id) FROM pairs p JOIN claims c ON c.version_id = p.version_id
),
old_side AS (
    SELECT p.*, c.* EXCLUDE (version_id) FROM pairs p JOIN claims c ON c.version_id = p.previous_version_id
),
compared AS (
    SELECT
        coalesce(n.doc_id, o.doc_id) AS doc_id,
        coalesce(n.version_number, o.version_number) AS version_number,
        coalesce(n.version_id, o.version_id) AS version_id,
        coalesce(n.previous_version_id, o.previous_version_id) AS previous_version_id,
        coalesce(n.changed_at, o.changed_at) AS changed_at,
        coalesce(n.claimant, o.claimant) AS claimant,
        coalesce(n.scope, o.scope) AS scope,
        coalesce(n.region_codes, o.region_codes) AS region_codes,
        coalesce(n.weapon_class, o.weapon_class) AS weapon_class,
        coalesce(n.window_start, o.window_start) AS window_start,
        coalesce(n.window_end, o.window_end) AS window_end,
        o.count AS previous_count,
        n.count AS count,
        o.claim_id AS previous_claim_id,
        n.claim_id AS claim_id,
        o.quote AS previous_quote,
        n.quote AS quote,
        CASE WHEN o.claim_id IS NULL THEN 'added'
             WHEN n.claim_id IS NULL THEN 'removed'
             WHEN o.count IS DISTINCT FROM n.count THEN 'count_changed'
             ELSE 'unchanged' END AS change
    FROM new_side n
    FULL JOIN old_side o
      ON o.version_id = n.version_id AND n.claimant = o.claimant AND n.scope = o.scope
     AND n.region_codes = o.region_codes AND n.action = o.action AND n.weapon_class = o.weapon_class
     AND n.window_start IS NOT DISTINCT FROM o.window_start AND n.window_end IS NOT DISTINCT FROM o.window_end
     AND n.districts = o.districts AND n.direction IS NOT DISTINCT FROM o.direction AND n.nth = o.nth
)
SELECT * FROM compared WHERE change <> 'unchanged'
