-- funding_breakdown(pillars, actors, instruments, statuses, q): money under the filters, summed
-- along every dimension the funding page draws, in one pass.
-- Grain: one row per dimension, key and money_class ('new' or 'context'); stated totals left out.
--   dimension 'pillar': key = pillar short name; 'instrument'; 'period' (as written, with
--   year_from and year_to); 'kind' (funding_kind); 'pillar_instrument' (pillar and instrument:
--   the sunburst).
-- Parameters: as in selected_measures.
-- Columns: dimension, key, pillar_id, pillar_no, instrument, money_class, amount_eur, lines,
--   year_from, year_to, top_funding_id and top_quote (the largest line, for the hover quote).
-- Order: by dimension; pillars by pillar_no, periods by years, instruments and kinds by amount
--   (kinds new money first).
-- Invariants (tests): every dimension adds up to the same total per money_class; the 'new'
--   total is the new-money KPI.
create or replace macro funding_breakdown(pillars, actors, instruments, statuses, q) as table
with sums as (
select
    case when grouping(pillar) = 0 and grouping(instrument) = 0 then 'pillar_instrument'
         when grouping(pillar) = 0 then 'pillar'
         when grouping(instrument) = 0 then 'instrument'
         when grouping(period) = 0 then 'period'
         else 'kind' end as dimension,
    coalesce(pillar || ' / ' || instrument, pillar, instrument, period, funding_kind) as key,
    case when grouping(pillar) = 0 then any_value(pillar_id) end as pillar_id,
    case when grouping(pillar) = 0 then min(pillar_no) end as pillar_no,
    pillar, instrument, period, funding_kind, money_class,
    sum(amount_eur) as amount_eur, count(*) as lines,
    min(year_from) as year_from, max(year_to) as year_to,
    arg_max(funding_id, amount_eur) as top_funding_id,
    arg_max(source_quote, amount_eur) as top_quote
from funding_lines(pillars, actors, instruments, statuses, q)
where money_class <> 'stated total'
group by grouping sets ((pillar, money_class), (instrument, money_class), (period, money_class),
                        (funding_kind, money_class), (pillar, instrument, money_class))
)
select * from sums
order by dimension,
    case when dimension in ('pillar', 'pillar_instrument') then pillar_no end,
    case when dimension = 'period' then year_from end,
    case when dimension = 'period' then year_to end,
    case when dimension = 'kind' then money_class end desc,
    case when dimension in ('instrument', 'kind') then amount_eur end desc,
    key, money_class;
