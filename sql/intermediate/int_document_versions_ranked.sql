-- Order the versions of each document by when they were first fetched; the last is current.
-- The text stays in stg_raw__documents: copying it here would double the largest column.
SELECT
    * EXCLUDE (text),
    row_number() OVER w AS version_number,
    lead(fetched_at) OVER w AS superseded_at,
    lead(fetched_at) OVER w IS NULL AS is_latest
FROM stg_raw__documents
WINDOW w AS (PARTITION BY doc_id ORDER BY fetched_at, version_id)
