-- From each nightly regional figure (night, region, weapon class) to every claim, sentence and document behind it.
SELECT
    f.night_ending,
    f.region_code,
    f.weapon_class,
    u.claim_id,
    u.role,
    c.claimant,
    c.claimant_kind,
    c.scope,
    c.count,
    c.weapon_type,
    c.window_start,
    c.window_end,
    c.quote,
    c.char_start,
    c.char_end,
    c.doc_id,
    c.version_id,
    c.url,
    c.publisher,
    c.source_id,
    c.published_at,
    c.fetched_at,
    c.run_id,
    c.extractor_version
FROM fct_nightly_regional_intercepts f,
     unnest(list_concat(
         list_transform(f.claim_ids, lambda x: {'claim_id': x, 'role': 'figure'}),
         list_transform(f.joint_claim_ids, lambda x: {'claim_id': x, 'role': 'joint'})
     )) AS t(u)
JOIN fct_claims c ON c.claim_id = u.claim_id
