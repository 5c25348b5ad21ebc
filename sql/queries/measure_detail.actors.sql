select a.name as actor, t.role, a.actor_type, t.source_quote,
       (select source_label from source_labels l where l.source_id = t.source_id) as source, t.actor_id
from actor_links t join actors a using (actor_id)
where t.measure_id = $m
order by case t.role when 'lead' then 0 when 'partner' then 1 else 2 end, a.name
