-- known_by(happened_on, date_precision): the day by which it is known to have happened: the day
--   itself, the last day of its month or year, or the document's date.
create or replace macro known_by(happened_on, date_precision) as
    case date_precision when 'month' then last_day(happened_on)
                        when 'year' then (date_trunc('year', happened_on) + interval 1 year - interval 1 day)::date
                        else happened_on end;
