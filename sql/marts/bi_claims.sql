-- For BI tools: every claim as it reads now (latest version of each post), plain names.
SELECT
    claim_id,
    night_ending AS night,
    claimant AS claimed_by,
    claimant_kind AS claimant_type,
    scope,
    array_to_string(region_codes, ', ') AS region_codes,
    count AS claimed_count,
    count_qualifier,
    action,
    weapon,
    weapon_class,
    weapon_type,
    window_start,
    window_end,
    quote,
    publisher AS published_by,
    publisher_kind AS publisher_type,
    publisher_kind = claimant_kind AS from_own_channel,
    url,
    title,
    language,
    published_at,
    fetched_at,
    version_number AS post_version
FROM fct_claims
WHERE is_latest_version
