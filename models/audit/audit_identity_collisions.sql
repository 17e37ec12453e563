-- Identity matches that were not merged because a value is shared by more than one account
-- on either platform: each pair, the rule that collided and the value they share. Fix the
-- source data, or decide with a `link` or `exclude` row in seeds/identity_overrides.csv.
select
    rule_name,
    rule_order,
    match_value,
    learnamp_user_id,
    brightspace_user_id
from {{ ref('int_identity__matches') }}
where match_status = 'ambiguous'
