SELECT id AS source_id, kind AS source_kind, url, publisher, claimant_kind AS publisher_kind,
       language, timezone, comment, checked, region AS source_region
FROM src_sources
