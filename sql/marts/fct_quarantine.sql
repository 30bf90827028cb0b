-- Everything that could not be read, from any stage, with the reason; replayable from raw.
-- The same failure seen again (same stage, place, reason and bytes) is one row, first seen
-- by first_run_id: re-running a night adds nothing. The per-run log is stg_raw__fetches.
WITH all_failures AS (
    SELECT stage, reason, source_id, url, doc_id, version_id, phrase, char_start, char_end,
           raw_bytes, md5(coalesce(raw, ''::BLOB)) AS raw_md5, run_id, recorded_at
    FROM stg_raw__quarantine
    UNION ALL
    SELECT 'extract', r.reason, d.source_id, d.url, r.doc_id, r.version_id, r.phrase,
           r.char_start, r.char_end, NULL, NULL, d.run_id, d.fetched_at
    FROM stg_extract__rejects r
    JOIN stg_raw__documents d USING (version_id)
)
SELECT stage, reason, source_id, url, doc_id, version_id, phrase, char_start, char_end,
       max(raw_bytes) AS raw_bytes, raw_md5,
       min(recorded_at) AS first_recorded_at,
       arg_min(run_id, recorded_at) AS first_run_id
FROM all_failures
GROUP BY stage, reason, source_id, url, doc_id, version_id, phrase, char_start, char_end, raw_md5
