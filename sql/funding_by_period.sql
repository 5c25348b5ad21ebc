-- funding_by_period(pillars, actors, instruments, statuses, q): money per period as the text states it.
-- Grain: one row per period ("2018", "2014-20" ...) and money_class; stated totals left out.
-- Parameters: as in selected_measures.
-- Invariants (tests): same grand total as funding_by_pillar; ordered by year_from, year_to.
create or replace macro funding_by_period(pillars, actors, instruments, statuses, q) as table
select period, min(year_from) as year_from, max(year_to) as year_to, money_class,
       sum(amount_eur) as amount_eur, count(*) as lines,
       arg_max(funding_id, amount_eur) as top_funding_id, arg_max(source_quote, amount_eur) as top_quote
from funding_lines(pillars, actors, instruments, statuses, q)
where money_class <> 'stated total'
group by period, money_class
order by year_from, year_to, period, money_class;
