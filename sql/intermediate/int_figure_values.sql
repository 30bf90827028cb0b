-- The figures people read, one per row: each count column of the regional facts that holds a
-- number. The next build compares its own with these (fct_figure_revisions); the build copies
-- the previous file's rows into src_previous_figures (intercepts/build/revisions.py `copy_previous_build`).
-- primary_count, low_count and high_count are left out: each is one of these four, and a
-- ministry edit would otherwise count as three revisions.
SELECT night_ending, region_code, weapon_class, figure, value::BIGINT AS value
FROM (
    UNPIVOT (
        SELECT night_ending, region_code, weapon_class,
               federal_count, regional_count, foreign_count, media_only_count
        FROM fct_nightly_regional_intercepts
    )
    ON federal_count, regional_count, foreign_count, media_only_count
    INTO NAME figure VALUE value
)
