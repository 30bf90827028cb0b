-- The figures for regions as known now: int_region_figures_as_of at NULL, computed once for
-- the marts that read it (fct_region_figures, fct_nightly_regional_intercepts).
SELECT * FROM int_region_figures_as_of(NULL)
