-- funding_by_pillar(pillars, actors, instruments, statuses, q): money per pillar, new apart from context.
-- Grain: one row per pillar and money_class ('new' or 'context'); stated totals are left out.
-- Parameters: as in selected_measures.
-- Invariants (tests): sum over rows with money_class 'new' = the new-money KPI.
create or replace macro funding_by_pillar(pillars, actors, instruments, statuses, q) as table
select pillar_id, pillar_no, pillar, money_class,
       sum(amount_eur) as amount_eur, count(*) as lines,
       arg_max(funding_id, amount_eur) as top_funding_id, arg_max(source_quote, amount_eur) as top_quote
from funding_lines(pillars, actors, instruments, statuses, q)
where money_class <> 'stated total'
group by all
order by pillar_no, money_class;
