-- How window A relates to window B, from A's side: the first case of the table that holds.
-- It decides whether two different figures are a conflict (fct_nightly_regional_intercepts_as_of,
-- docs/reconciliation.md "Window relations"):
--   unknown       A or B has no window             any difference is a conflict (unknown explains nothing)
--   equal         same start, same end             any difference is a conflict: the same hours, two numbers
--   contains      A starts no later, ends no earlier   A may hold more, never fewer
--   contained_in  B contains A                     B may hold more, never fewer
--   overlaps      they share some hours, neither nests  not compared figure by figure (has_overlapping_windows)
--   disjoint      no hour in common                not compared: different hours, different drones
-- Equal comes before contains: by the bounds alone "23:00–07:00" contains "23:00–07:00", and
-- taken so, the ministry's 15 and the governor's 18 over the same hours were a conflict or
-- not depending on which of the two was paired first.
CREATE OR REPLACE MACRO int_compare_windows(a_start, a_end, b_start, b_end) AS
    CASE
        WHEN a_start IS NULL OR a_end IS NULL OR b_start IS NULL OR b_end IS NULL THEN 'unknown'
        WHEN a_start = b_start AND a_end = b_end THEN 'equal'
        WHEN a_start <= b_start AND a_end >= b_end THEN 'contains'
        WHEN b_start <= a_start AND b_end >= a_end THEN 'contained_in'
        WHEN a_start < b_end AND b_start < a_end THEN 'overlaps'
        ELSE 'disjoint'
    END
