-- One row per extracted claim: the nested claims of each extraction batch, unnested.
SELECT
    c.claim_id,
    c.claim_key,
    c.parent_claim_id,
    e.version_id,
    e.doc_id,
    e.extractor_version,
    e.run_id AS extraction_run_id,
    c.claimant,
    c.claimant_kind,
    c.scope,
    list_sort(c.region_codes) AS region_codes,
    c.region_names_raw,
    c.count,
    c.count_qualifier,
    c.action,
    c.weapon,
    -- the documented class (intercepts/extract/weapons.py); claims of an extractor older
    -- than the class carry only `weapon`, whose class is what weapons.classify starts from
    coalesce(
        c.extra ->> 'weapon_class',
        CASE
            WHEN c.weapon = 'uav' THEN 'drone'
            WHEN c.weapon = 'rocket' THEN 'mlrs_rocket'
            WHEN c.weapon = 'mixed' THEN 'aerial_target'
            WHEN c.weapon = 'usv' THEN 'naval_drone'
            WHEN c.weapon IN ('cruise_missile', 'ballistic_missile', 'guided_bomb', 'missile', 'aircraft')
                THEN c.weapon
            WHEN c.weapon LIKE '%missile%' THEN 'missile'
            ELSE 'drone'
        END
    ) AS weapon_class,
    c.extra ->> 'weapon_type' AS weapon_type,
    CAST(c.window_start AS TIMESTAMPTZ) AS window_start,
    CAST(c.window_end AS TIMESTAMPTZ) AS window_end,
    c.window_precision,
    CAST(c.night_ending AS DATE) AS night_ending,
    c.period,
    c.direction,
    c.districts,
    c.increment,
    c.running_total,
    c.char_start,
    c.char_end,
    c.quote,
    c.extra
FROM src_extractions AS e, unnest(e.claims) AS u(c)
