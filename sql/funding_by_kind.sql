-- funding_by_kind(pillars, actors, instruments, statuses, q): money per funding kind.
-- Grain: one row per funding_kind (new_call, new_funding, existing_budget, past_spending,
--   comparison); stated totals (aggregate) left out.
-- Parameters: as in selected_measures.
-- Invariants (tests): new_call + new_funding = the new-money KPI.
create or replace macro funding_by_kind(pillars, actors, instruments, statuses, q) as table
select funding_kind, money_class,
       sum(amount_eur) as amount_eur, count(*) as lines,
       arg_max(funding_id, amount_eur) as top_funding_id, arg_max(source_quote, amount_eur) as top_quote
from funding_lines(pillars, actors, instruments, statuses, q)
where money_class <> 'stated total'
group by all
order by money_class desc, amount_eur desc;
