-- queries.funding_lines: new money, then stated totals, then context amounts, each largest first;
-- with $money_class ('new', 'stated total' or 'context'), those only.
select funding_id, pillar_id, pillar, measure_id, measure_title, instrument, amount_eur, amount_qualifier, period,
       funding_kind, money_class, source_id, source_quote
from funding_lines($f)
where $money_class is null or money_class = $money_class
order by class_order, amount_eur desc, funding_id
