-- Per night and region, as known now: the macro's rules at as_of = NULL.
SELECT * FROM fct_nightly_regional_intercepts_as_of(NULL)
