-- The days a dated step can have happened on, from the date the document gives and how precise
-- it is (date_precision: 'day', 'month', 'year', or 'reported': the document only says it had
-- happened by its own date, which is the date given). Used by progress_lines and stage_lines.

-- earliest_on(happened_on, date_precision): the first such day; NULL when 'reported' (unknown).
create or replace macro earliest_on(happened_on, date_precision) as
    case date_precision when 'day' then happened_on
                        when 'month' then date_trunc('month', happened_on)::date
                        when 'year' then date_trunc('year', happened_on)::date end;
