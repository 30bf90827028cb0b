-- Every claim with the document version, source and run it came from (row-level lineage).
SELECT
    c.*,
    c.action IN ('intercepted', 'shot_down', 'shot_down_or_suppressed', 'suppressed') AS is_interception,
    d.source_id,
    d.publisher,
    d.publisher_kind,
    d.url,
    d.title,
    d.language,
    d.published_at,
    d.fetched_at,
    d.run_id,
    d.version_number,
    d.is_latest AS is_latest_version,
    d.superseded_at
FROM stg_extract__claims AS c
JOIN int_document_versions_ranked AS d USING (version_id)
