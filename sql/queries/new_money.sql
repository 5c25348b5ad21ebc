select coalesce(sum(amount_eur) filter (where money_class = 'new'), 0) as new_money_eur,
       sum_qualifier(if(money_class = 'new', amount_qualifier, null)) as new_money_qualifier,
       count(*) filter (where money_class = 'new') as new_lines,
       count(*) filter (where money_class = 'context') as context_figures
from funding_lines($f)
