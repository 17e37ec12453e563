-- written once by `lwh codegen` from models/staging/learnamp/_learnamp__sources.yml (meta staging: hand-written):
-- this model has logic of its own; codegen never overwrites it
-- The export has no id column: content_id is parsed out of type_with_id (item-123 -> 123); with
-- type it is the key activities, completions, starts, views and tasks refer to content by.
-- One row per type_with_id: the newest export of each key wins (lw_newest_rows). Columns as
-- documented, by group.

with

resolved as (

    select * from {{ lw_newest_rows(ref('base_learnamp__content'), 'learnamp', 'content') }}

),

renamed as (

    select
        -- ids
        type_with_id,
        {{ lw_content_id_from_type_with_id('type_with_id') }} as content_id,

        -- text
        content_type,
        name,
        type,

        -- timestamps
        created_at,

        -- provenance
        _source_file,
        _source_row_number,
        _extracted_at,
        _row_hash,
        {{ lw_loaded_at() }} as _loaded_at

    from resolved

)

select * from renamed
