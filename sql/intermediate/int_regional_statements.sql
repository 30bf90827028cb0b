-- One claimant's figure for one region in one document, window and action.
-- Per-district items of one post ("В Шебекинском округе ... 17 сбиты", "Над Ровеньским
-- округом сбиты 3") add up to the region's figure for that post; a withheld figure
-- (NULL) makes the sum NULL rather than a smaller number.
SELECT
    night_ending,
    region_codes[1] AS region_code,
    claimant,
    claimant_kind,
    action,
    window_start,
    window_end,
    version_id,
    doc_id,
    publisher,
    publisher_kind,
    published_at,
    CASE WHEN bool_or(count IS NULL) THEN NULL ELSE sum(count) END::BIGINT AS count,
    bool_or(running_total) AS running_total,
    bool_or(increment) AS increment,
    list(claim_id ORDER BY char_start) AS claim_ids
FROM int_claims_enriched
WHERE is_latest_version
  AND is_interception
  AND scope = 'region'
  AND night_ending IS NOT NULL
  AND len(region_codes) = 1
GROUP BY ALL
