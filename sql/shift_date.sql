-- shift_date(d, months): d moved by whole months, keeping its day (clipped to the month's
-- length); the last day of a month stays the last day of a month ("in November 2017" moved by
-- one month is all of December 2017).
create or replace macro shift_date(d, months) as
    case when months = 0 then d
         when d = last_day(d) then last_day(d + to_months(months))
         else (d + to_months(months))::date end;
