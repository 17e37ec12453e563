-- The parsing macros against every spelling the exports are known to use, nasty ones
-- included. Returns the cases whose result differs from the expected value (as text).
with cases as (
    select
        parser,
        raw_value,
        expected
    from (
        values
        ('boolean', 't', 'true'), ('boolean', 'f', 'false'), ('boolean', 'T', 'true'),
        ('boolean', 'True', 'true'), ('boolean', 'FALSE', 'false'), ('boolean', ' true ', 'true'),
        ('boolean', '1', 'true'), ('boolean', '0', 'false'), ('boolean', 'yes', 'true'),
        ('boolean', 'N', 'false'), ('boolean', 'maybe', null), ('boolean', '2', null),
        ('boolean', 'NULL', null), ('boolean', {{ lw_sql_string('\\N') }}, null), ('boolean', '', null),
        ('bigint', '42', '42'), ('bigint', ' 007 ', '7'), ('bigint', '-3', '-3'), ('bigint', '+5', '5'),
        ('bigint', '1.5', null), ('bigint', '1e3', null), ('bigint', 'abc', null),
        ('bigint', '99999999999999999999', null), ('bigint', 'null', null),
        ('integer', '2147483647', '2147483647'), ('integer', '3000000000', null),
        ('decimal', '12.34', '12.34'), ('decimal', '-0.5', '-0.50'), ('decimal', '.5', '0.50'),
        ('decimal', '7', '7.00'), ('decimal', '1,5', null), ('decimal', 'x', null),
        ('timestamp', '2024-01-31 13:45:10', '2024-01-31 13:45:10'),
        ('timestamp', '2024-01-31T13:45:10', '2024-01-31 13:45:10'),
        ('timestamp', '2024-01-31T13:45:10.123Z', '2024-01-31 13:45:10.123'),
        ('timestamp', '2024-01-31t13:45:10z', '2024-01-31 13:45:10'),
        ('timestamp', '2024-01-31 13:45:10+00', '2024-01-31 13:45:10'),
        ('timestamp', '2024-01-31 13:45:10+0000', '2024-01-31 13:45:10'),
        ('timestamp', '2024-01-31 13:45:10+00:00', '2024-01-31 13:45:10'),
        ('timestamp', '2024-01-31 13:45:10.5+01:00', '2024-01-31 12:45:10.5'),
        ('timestamp', '2024-01-31 13:45:10-05:00', '2024-01-31 18:45:10'),
        ('timestamp', '2024-01-31 13:45:10.123456', '2024-01-31 13:45:10.123456'),
        ('timestamp', ' 2024-01-31 13:45:10 ', '2024-01-31 13:45:10'),
        ('timestamp', '2024-01-31', '2024-01-31 00:00:00'),
        ('timestamp', '31/01/2024 13:45', null), ('timestamp', '2024-02-30 10:00:00', null),
        ('timestamp', 'NULL', null), ('timestamp', {{ lw_sql_string('\\N') }}, null),
        -- SQL Server datetimeoffset text: seven fractional digits, a space before the offset
        ('timestamp', '2026-11-17 10:11:12.1234567 +05:30', '2026-11-17 04:41:12.123456'),
        ('timestamp', '2026-11-17 10:11:12 -05:00', '2026-11-17 15:11:12'),
        ('timestamp', '2026-11-17 10:11:12 Z', '2026-11-17 10:11:12'),
        ('date', '2024-01-31', '2024-01-31'), ('date', '2024-01-31T00:00:00.000', '2024-01-31'),
        ('date', '2024-01-31T00:00:00.000Z', '2024-01-31'), ('date', ' 2024-01-31 ', '2024-01-31'),
        ('date', '31/01/2024', null), ('date', '2024-02-30', null), ('date', '2024-01-31junk', null),
        -- text is never rewritten but by the system's NULL markers (an empty field is NULL
        -- already as the file is read): Learn Amp `\N` (and `NULL` where configured), nothing
        -- for Brightspace, whose surname `Null` is a surname
        ('varchar', '  kept as is ', '  kept as is '), ('varchar', '   ', '   '),
        ('learnamp text', {{ lw_sql_string('\\N') }}, null), ('learnamp text', 'NULL', 'NULL'), ('learnamp text', 'null', 'null'),
        ('brightspace text', 'Null', 'Null'), ('brightspace text', 'NULL', 'NULL'), ('brightspace text', {{ lw_sql_string('\\N') }}, {{ lw_sql_string('\\N') }})
    ) as t (parser, raw_value, expected)
),

parsed as (
    select
        parser,
        raw_value,
        expected,
        case parser
            when 'boolean' then cast({{ lw_parse_value(lw_clean_text('raw_value', lw_null_markers('learnamp')), 'boolean') }} as {{ dbt.type_string() }})
            when 'bigint' then cast({{ lw_parse_value(lw_clean_text('raw_value', lw_null_markers('learnamp')), 'bigint') }} as {{ dbt.type_string() }})
            when 'integer' then cast({{ lw_parse_value(lw_clean_text('raw_value', lw_null_markers('learnamp')), 'integer') }} as {{ dbt.type_string() }})
            when 'decimal' then cast({{ lw_parse_value(lw_clean_text('raw_value', lw_null_markers('learnamp')), 'decimal(14,2)') }} as {{ dbt.type_string() }})
            when 'timestamp' then cast({{ lw_parse_value(lw_clean_text('raw_value', lw_null_markers('learnamp')), 'timestamp') }} as {{ dbt.type_string() }})
            when 'date' then cast({{ lw_parse_value(lw_clean_text('raw_value', lw_null_markers('learnamp')), 'date') }} as {{ dbt.type_string() }})
            when 'varchar' then {{ lw_parse_value('raw_value', 'varchar') }}
            when 'learnamp text' then {{ lw_parse_value(lw_clean_text('raw_value', lw_null_markers('learnamp')), 'varchar') }}
            when 'brightspace text' then {{ lw_parse_value(lw_clean_text('raw_value', lw_null_markers('brightspace')), 'varchar') }}
        end as actual
    from cases
)

select
    parser,
    raw_value,
    expected,
    actual
from parsed
where actual is distinct from expected
