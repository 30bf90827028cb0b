-- The claims as they read at time `as_of`: from each document, the version that was
-- current then (fetched at or before as_of, not yet superseded). as_of NULL = now.
CREATE OR REPLACE MACRO int_claims_as_of(as_of) AS TABLE
SELECT *
FROM int_claims_enriched
WHERE CASE
    WHEN as_of IS NULL THEN is_latest_version
    ELSE fetched_at <= as_of AND (superseded_at IS NULL OR superseded_at > as_of)
END
