SELECT code AS region_code, name_en, name_ru, name_uk, country, kind FROM src_regions
