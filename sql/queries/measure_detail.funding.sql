select t.amount_eur, t.amount_qualifier, t.instrument, t.period, t.funding_kind, t.money_class, t.source_quote,
       (select source_label from source_labels l where l.source_id = t.source_id) as source, t.funding_id
from funding_facts t
where measure_id = $m
order by amount_eur desc
