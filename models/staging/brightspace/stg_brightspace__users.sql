-- written once by `lwh codegen` from models/staging/brightspace/_brightspace__sources.yml (meta staging: hand-written):
-- this model has logic of its own; codegen never overwrites it
-- Full extracts carry a system user (UserId 0) that differentials never do; it is no person, so
-- it is flagged here (is_system_account) and left out of people downstream.
-- Template state (as `lwh codegen` writes it). One row per user_id: the newest full extract plus
-- every later differential, the newest row of each key; a key a newer full extract dropped is kept,
-- flagged _is_deleted, with _deleted_at the time of the first full extract that lacked it. Columns
-- as documented, by group.

with

candidates as (

    -- the base model's rows whose key parsed (quarantined rows stay there, and in the audit)
    select
        user_id,
        user_name,
        org_defined_id,
        first_name,
        middle_name,
        last_name,
        is_active,
        organization,
        external_email,
        signup_date,
        first_login_date,
        version,
        org_role_id,
        last_accessed,
        _source_file,
        _source_row_number,
        _extracted_at,
        _row_hash,
        _extract_kind
    from {{ ref('base_brightspace__users') }}
    where _quarantine_reason is null

),

ranked as (

    select
        *,
        -- the newest extract that held the key
        max(_extracted_at) over (partition by user_id) as _last_seen_at,
        row_number() over (
            partition by user_id
            order by
                _extracted_at desc,
                case _extract_kind when 'full' then 0 else 1 end desc,
                _source_file desc,
                _source_row_number desc
        ) as _version_rank
    from candidates

),

full_extracts as (

    select distinct _extracted_at as full_at
    from candidates
    where _extract_kind = 'full'

),

newest as (

    select * from ranked
    where _version_rank = 1

),

dropped as (

    -- a key is deleted at the first full extract after its last sighting
    select
        newest.*,
        (
            select min(full_extracts.full_at) from full_extracts
            where full_extracts.full_at > newest._last_seen_at
        ) as _deleted_at
    from newest

),

resolved as (

    select
        *,
        _deleted_at is not null as _is_deleted
    from dropped

),

renamed as (

    select
        -- ids
        user_id,  -- UserId (int)
        org_defined_id,  -- OrgDefinedId (nvarchar(256))
        org_role_id,  -- OrgRoleId (int)

        -- text
        user_name,  -- UserName (nvarchar(270))
        first_name,  -- FirstName (nvarchar(64))
        middle_name,  -- MiddleName (nvarchar(64))
        last_name,  -- LastName (nvarchar(64))
        organization,  -- Organization (varchar(256))
        external_email,  -- ExternalEmail (nvarchar(256))

        -- numbers
        version,  -- Version (bigint)

        -- booleans
        is_active,  -- IsActive (bit)
        user_id = 0 as is_system_account,

        -- timestamps
        signup_date,  -- SignupDate (datetime2)
        first_login_date,  -- FirstLoginDate (datetime2)
        last_accessed,  -- LastAccessed (datetime2)

        -- provenance
        _extract_kind,
        _source_file,
        _source_row_number,
        _extracted_at,
        _row_hash,
        _is_deleted,
        _deleted_at,
        {{ lw_loaded_at() }} as _loaded_at

    from resolved

)

select * from renamed
