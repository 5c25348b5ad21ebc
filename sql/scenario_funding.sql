-- scenario_funding(kinds, targets, vals, links, f):
--   every funding line of the selected measures, under the scenario beside the baseline.
-- Grain: one row per funding line (those of dropped measures included, amount 0).
-- Amounts: a dropped measure's lines go to 0; set gives a line the value (the last set of a line
--   wins); scale multiplies by 1 + percent/100 after set (scales of one line multiply).
-- Columns: those of funding_lines, with amount_eur (and amount_qualifier: 'exact' after a set)
--   under the scenario, baseline_amount_eur, baseline_qualifier, changed_by (the links of the
--   levers that changed it, '; '-joined, sets first) and dropped_by (the drop lever's link, or '').
-- Invariants (tests): with no lever, amount_eur = baseline_amount_eur on every row.
create or replace macro scenario_funding(kinds, targets, vals, links, f) as table
with changes as (
    select funding_id,
           arg_max(value, pos) filter (where kind = 'set') as set_to,
           product(1 + value / 100) filter (where kind = 'scale') as factor,
           string_agg(link, '; ' order by kind = 'scale', pos) as changed_by
    from scenario_money_hits(kinds, targets, vals, links)
    group by funding_id
), dropped as (
    select target as measure_id, min_by(link, pos) as dropped_by
    from scenario_levers(kinds, targets, vals, links) where kind = 'drop' group by target
)
select b.* exclude (amount_eur, amount_qualifier),
       b.amount_eur::double as baseline_amount_eur, b.amount_qualifier as baseline_qualifier,
       case when d.dropped_by is not null then 0.0
            else round(coalesce(c.set_to, b.amount_eur::double) * coalesce(c.factor, 1), 2) end as amount_eur,
       case when c.set_to is not null then 'exact' else b.amount_qualifier end as amount_qualifier,
       coalesce(c.changed_by, '') as changed_by, coalesce(d.dropped_by, '') as dropped_by
from funding_lines(f) b
left join changes c using (funding_id) left join dropped d using (measure_id);
