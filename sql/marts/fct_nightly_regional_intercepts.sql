-- Per night and region, as known now: the macro's rules at as_of = NULL. The build fills
-- build_nights with the nights it computes in this statement (empty: every night), so the
-- macro reads only their claims.
SELECT * FROM fct_nightly_regional_intercepts_as_of(
    NULL, nights := (SELECT list(night_ending) FROM build_nights)
)
