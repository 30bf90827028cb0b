-- Everything that could not be read, from any stage, with the reason; replayable from raw.
SELECT stage, reason, source_id, url, doc_id, version_id, phrase, char_start, char_end,
       raw_bytes, run_id, recorded_at
FROM stg_raw__quarantine
UNION ALL
SELECT 'extract' AS stage, r.reason, d.source_id, d.url, r.doc_id, r.version_id, r.phrase,
       r.char_start, r.char_end, NULL AS raw_bytes, d.run_id, d.fetched_at AS recorded_at
FROM stg_extract__rejects r
JOIN stg_raw__documents d USING (version_id)
