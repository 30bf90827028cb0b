-- For BI tools: each claimant's declared total for a night against what it itemised, one
-- row per weapon class (WHERE weapon_class = 'drone' for the drone totals).
SELECT
    night_ending AS night,
    claimant AS claimed_by,
    claimant_kind AS claimant_type,
    weapon_class,
    array_to_string(weapon_types, ', ') AS weapon_types,
    declared_total,
    itemised_sum AS itemised_by_region,
    unallocated,
    CASE WHEN declared_total > 0 THEN round(itemised_sum / declared_total, 3) END AS itemised_share,
    itemised_exceeds_total AS regions_exceed_total,
    regional_officials_sum AS regional_officials_figure,
    window_start,
    window_end
FROM fct_nightly_totals
