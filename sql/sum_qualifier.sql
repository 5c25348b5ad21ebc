-- sum_qualifier(amount_qualifier): the qualifier of a sum of amounts, an aggregate: 'exact' when
--   every part is exact; 'up_to' when some part is a ceiling ("up to"), 'over' when some part is a
--   floor ("over"); 'mixed' when there are both (the sum is then neither bound). NULLs are left
--   out (sum_qualifier(if(..., amount_qualifier, null)) is the qualifier of some of the lines).
create or replace macro sum_qualifier(amount_qualifier) as
    case when bool_or(amount_qualifier = 'up_to') and bool_or(amount_qualifier = 'over') then 'mixed'
         when bool_or(amount_qualifier = 'up_to') then 'up_to'
         when bool_or(amount_qualifier = 'over') then 'over'
         else 'exact' end;
