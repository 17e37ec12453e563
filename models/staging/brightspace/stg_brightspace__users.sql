-- written once by `lwh codegen` from models/staging/brightspace/_brightspace__sources.yml (meta staging: hand-written):
-- this model has logic of its own; codegen never overwrites it
-- Full extracts carry a system user (UserId 0) that differentials never do; it is no person, so
-- it is flagged here (is_system_account) and left out of people downstream.
-- One row per user_id: the newest full extract plus every later differential, newest row per key;
-- keys a newer full extract dropped are kept and flagged _is_deleted (lw_newest_rows). Columns as
-- documented, by group.

with

resolved as (

    select * from {{ lw_newest_rows(ref('base_brightspace__users'), 'brightspace', 'users') }}

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
