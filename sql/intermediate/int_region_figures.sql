-- The figures for regions as known now: int_region_figures_as_of at NULL, computed once for
-- the marts that read it (fct_region_figures, fct_nightly_regional_intercepts). The build
-- fills build_nights with the nights it computes in this statement (empty: every night).
SELECT * FROM int_region_figures_as_of(
    NULL, nights := (SELECT list(night_ending) FROM build_nights)
)
