-- Every distinct figure stated for a region and night, with the documents behind it:
-- the claimant's own post and its replicas are one row, a misquote is its own row.
SELECT
    f.night_ending, f.region_code, f.weapon_class, f.weapon_types, f.claimant, f.claimant_kind, f.window_start, f.window_end, f.count,
    f.from_own_channel, f.running_total, f.increment,
    len(f.doc_ids) AS n_documents,
    f.n_replicas,
    f.publishers,
    f.original_claim_id,
    f.claim_ids
FROM int_region_figures f
