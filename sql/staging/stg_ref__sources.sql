SELECT id AS source_id, kind AS source_kind, url, publisher, claimant_kind AS publisher_kind,
       language, timezone, comment, checked
FROM src_sources
