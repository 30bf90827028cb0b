SELECT region_code, name_en, name_ru, name_uk, country, kind FROM stg_ref__regions
