-- Statements the extractor refused to read (unknown place, unreadable number) and crashes.
SELECT e.version_id, e.doc_id, e.extractor_version, r.reason, r.phrase, r.char_start, r.char_end, r.quote
FROM src_extractions AS e, unnest(e.rejects) AS u(r)
UNION ALL
SELECT version_id, doc_id, extractor_version, 'extractor_error: ' || error, NULL, NULL, NULL, NULL
FROM src_extractions
WHERE error IS NOT NULL
