-- One row per landed document version, renamed and typed; raw_body stays in the Parquet.
SELECT
    doc_id,
    version_id,
    content_sha256,
    source_id,
    source_kind,
    publisher,
    claimant_kind AS publisher_kind,
    url,
    fetch_url,
    title,
    published_at,
    fetched_at,
    run_id,
    language,
    timezone,
    edited,
    coalesce(deleted, false) AS deleted,
    source_region,
    text
FROM src_documents
