SELECT run_id, source_id, stage, reason, url, doc_id, version_id, phrase, char_start, char_end,
       raw, octet_length(raw) AS raw_bytes, recorded_at
FROM src_quarantine
