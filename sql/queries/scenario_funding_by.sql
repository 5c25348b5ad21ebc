-- queries.scenario_funding_by: new money by $dimension ('pillar' or 'instrument'), in the baseline
-- and under the scenario (side), with the columns charts.funding_bars reads (the group in `key`).
with lines as (
    select * from scenario_funding($kinds::varchar[], $targets::varchar[], $vals::double[], $links::varchar[], $f)
    where money_class = 'new'
), sides as (
    select 'baseline' as side, *, baseline_amount_eur as amount, baseline_qualifier as qualifier from lines
    union all by name
    select 'scenario' as side, *, amount_eur as amount, amount_qualifier as qualifier from lines
    where dropped_by = ''
)
select side, case when $dimension = 'pillar' then pillar else instrument end as key,
       case when $dimension = 'pillar' then any_value(pillar_id) end as pillar_id,
       case when $dimension = 'pillar' then min(pillar_no) else 0 end as pillar_no,
       'new' as money_class, sum(amount) as amount_eur, sum_qualifier(qualifier) as amount_qualifier,
       count(*) as lines,
       arg_max(funding_id, amount) as top_funding_id, arg_max(source_quote, amount) as top_quote
from sides group by all
order by side, pillar_no, amount_eur desc, key
