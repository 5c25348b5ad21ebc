-- funding_by_instrument(pillars, actors, instruments, statuses, q): money per instrument.
-- Grain: one row per instrument and money_class ('new' or 'context'); stated totals left out.
-- Parameters: as in selected_measures.
-- Invariants (tests): same grand total as funding_by_pillar for the same filters.
create or replace macro funding_by_instrument(pillars, actors, instruments, statuses, q) as table
select instrument, money_class,
       sum(amount_eur) as amount_eur, count(*) as lines,
       arg_max(funding_id, amount_eur) as top_funding_id, arg_max(source_quote, amount_eur) as top_quote
from funding_lines(pillars, actors, instruments, statuses, q)
where money_class <> 'stated total'
group by all
order by amount_eur desc, instrument;
