SELECT run_id, source_id, url, started_at, status, http_status, reason, bytes, elapsed_s,
       items_found, new_versions, unchanged, quarantined
FROM src_fetches
