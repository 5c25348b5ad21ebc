select t.amount_eur, t.amount_qualifier, t.instrument, t.period, t.funding_kind, t.money_class, t.source_quote,
       (select coalesce(s.reference, s.title) from sources s where s.source_id = t.source_id) as source, t.funding_id
from funding_facts t
where measure_id = $m
order by amount_eur desc
