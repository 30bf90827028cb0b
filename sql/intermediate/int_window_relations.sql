-- How the time windows one claimant reported for one night and weapon class relate: an evening update
-- (20:00–23:00) is CONTAINED in the overnight total (20:00–07:00) and must never be added
-- to it; overlapping windows that do not nest cannot be compared figure by figure.
WITH windows AS (
    SELECT DISTINCT claimant, night_ending, weapon_class, window_start, window_end
    FROM int_claims_enriched
    WHERE is_latest_version AND window_start IS NOT NULL AND night_ending IS NOT NULL
)
SELECT
    a.claimant, a.night_ending, a.weapon_class,
    a.window_start, a.window_end,
    b.window_start AS other_window_start, b.window_end AS other_window_end,
    int_compare_windows(a.window_start, a.window_end, b.window_start, b.window_end) AS relation
FROM windows a
JOIN windows b
  ON a.claimant = b.claimant AND a.night_ending = b.night_ending AND a.weapon_class = b.weapon_class
 AND (a.window_start, a.window_end) <> (b.window_start, b.window_end)
