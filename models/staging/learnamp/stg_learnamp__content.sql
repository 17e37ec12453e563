-- written once by `lwh codegen` from models/staging/learnamp/_learnamp__sources.yml (meta staging: hand-written):
-- this model has logic of its own; codegen never overwrites it
-- The export has no id column: content_id is parsed out of type_with_id (item-123 -> 123); with
-- type it is the key activities, completions, starts, views and tasks refer to content by.
-- Template snapshot (as `lwh codegen` writes it). One row per type_with_id: every export is a
-- full snapshot: the newest export of each key wins. Columns as documented, by group.

with

candidates as (

    -- the base model's rows whose key parsed (quarantined rows stay there, and in the audit)
    select
        created_at,
        content_type,
        name,
        type_with_id,
        type,
        _source_file,
        _source_row_number,
        _extracted_at,
        _row_hash
    from {{ ref('base_learnamp__content') }}
    where _quarantine_reason is null

),

ranked as (

    select
        *,
        row_number() over (
            partition by type_with_id
            order by
                _extracted_at desc,
                _source_file desc,
                _source_row_number desc
        ) as _version_rank
    from candidates

),

resolved as (

    select * from ranked
    where _version_rank = 1

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
