-- For BI tools: the nightly regional figures under plain names, lists flattened to text.
-- One row per weapon class: today's drone questions add WHERE weapon_class = 'drone'.
-- A view over fct_nightly_regional_intercepts: its names are a promise (see the yml);
-- the fact table's may change.
SELECT
    night_ending AS night,
    region_code,
    region_name_en AS region,
    weapon_class,
    array_to_string(weapon_types, ', ') AS weapon_types,
    primary_count AS intercepted,
    primary_figure_kind AS figure_from,
    federal_count AS ministry_figure,
    regional_count AS regional_official_figure,
    foreign_count AS foreign_official_figure,
    media_only_count AS media_only_figure,
    low_count AS lowest_figure,
    high_count AS highest_figure,
    has_conflict AS disputed,
    array_to_string(conflict_details, '; ') AS dispute_details,
    federal_n_replicas AS ministry_figure_restatements,
    n_claimants AS claimants,
    n_supporting_documents AS documents,
    federal_claimant AS ministry,
    regional_claimant AS regional_official,
    foreign_claimant AS foreign_official
FROM fct_nightly_regional_intercepts
