-- queries.lever_catalog: the $limit largest funding lines, and those among $named; stated_total
-- says whether the line is a stated total (which no lever changes).
with offered as (
    (select funding_id, money_class, measure_title, amount_eur, amount_qualifier, period, pillar_no
     from funding_facts order by amount_eur desc, funding_id limit $limit)
    union
    select funding_id, money_class, measure_title, amount_eur, amount_qualifier, period, pillar_no
    from funding_facts where funding_id in (select unnest($named))
)
select funding_id, money_class = 'stated total' as stated_total, measure_title, amount_eur, amount_qualifier, period
from offered order by pillar_no, measure_title, funding_id
