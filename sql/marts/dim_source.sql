-- Sources from the sources file, plus any source seen only in the landed history.
-- Fetch outcomes per run are a log, not a property of the source: see stg_raw__fetches.
WITH landed AS (
    SELECT source_id,
           max(source_kind) AS source_kind,
           max(publisher) AS publisher,
           max(publisher_kind) AS publisher_kind,
           max(language) AS language,
           max(timezone) AS timezone,
           count(DISTINCT doc_id) AS n_documents,
           count(*) AS n_versions,
           max(fetched_at) AS last_landed_at
    FROM stg_raw__documents GROUP BY source_id
)
SELECT
    source_id,
    coalesce(s.source_kind, l.source_kind) AS source_kind,
    s.url,
    coalesce(s.publisher, l.publisher) AS publisher,
    coalesce(s.publisher_kind, l.publisher_kind) AS publisher_kind,
    coalesce(s.language, l.language) AS language,
    coalesce(s.timezone, l.timezone) AS timezone,
    s.comment,
    s.source_id IS NOT NULL AS configured,
    coalesce(l.n_documents, 0) AS n_documents,
    coalesce(l.n_versions, 0) AS n_versions,
    l.last_landed_at
FROM stg_ref__sources s
FULL JOIN landed l USING (source_id)
