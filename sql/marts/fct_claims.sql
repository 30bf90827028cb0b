-- Every claim ever read, every version, with its full lineage.
SELECT
    claim_id, claim_key, parent_claim_id,
    claimant, claimant_kind, scope, region_codes, region_names_raw,
    count, count_qualifier, action, is_interception, weapon, weapon_class, weapon_type,
    window_start, window_end, window_precision, night_ending, period,
    direction, districts, increment, running_total,
    quote, char_start, char_end,
    doc_id, version_id, version_number, is_latest_version, superseded_at,
    source_id, publisher, publisher_kind, url, title, language,
    published_at, fetched_at, run_id, extractor_version, extra
FROM int_claims_enriched
