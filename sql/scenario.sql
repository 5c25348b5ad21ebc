-- The what-if scenario, applied in SQL to every selected deadline and funding line (so its
-- totals are exact at any size). A scenario is a list of levers, given as four lists of the
-- same length: kinds ('shift', 'scale', 'set', 'drop'), targets, vals (months, percent, euros;
-- NULL for drop) and links (each lever as written in a link, e.g. 'shift=cbrn:6', which the
-- explanations quote). tracker/scenario.py parses and checks them.

-- scenario_levers(kinds, targets, vals, links): the levers as rows.
-- Grain: one row per lever; pos is its place in the list.
create or replace macro scenario_levers(kinds, targets, vals, links) as table
select unnest(range(len(kinds))) as pos, unnest(kinds) as kind, unnest(targets) as target,
       unnest(vals) as value, unnest(links) as link;

-- shift_date(d, months): d moved by whole months, keeping its day (clipped to the month's
-- length); the last day of a month stays the last day of a month ("in November 2017" moved by
-- one month is all of December 2017).
create or replace macro shift_date(d, months) as
    case when months = 0 then d
         when d = last_day(d) then last_day(d + to_months(months))
         else (d + to_months(months))::date end;

-- scenario_shift_hits(kinds, targets, vals, links): which shift lever reaches which measure. A
--   shift reaches its measure, every measure of its pillar, or every measure its actor (or a unit
--   of it) takes part in, in any role; never a dropped measure. It moves the measure's
--   deadlines, but not its past events (scenario_deadlines). The filters are applied by the
--   callers (they join the hits to the selected rows).
-- Grain: one row per measure and shift lever that reaches it.
-- Each way a lever names measures is an equality join from the few levers to the large tables.
create or replace macro scenario_shift_hits(kinds, targets, vals, links) as table
with levers as (
    select * from scenario_levers(kinds, targets, vals, links) where kind = 'shift'
), reached as (
    select l.pos, m.measure_id from levers l join measure_lines m on m.measure_id = l.target
    union
    select l.pos, m.measure_id from levers l join measure_lines m on m.pillar_id = l.target
    union
    select l.pos, r.measure_id
    from levers l join actor_lines a on list_contains(a.ancestor_ids, l.target)
    join actor_roles r on r.actor_id = a.actor_id
)
select r.measure_id, l.pos, l.value, l.link
from reached r join levers l using (pos)
where r.measure_id not in (select target from scenario_levers(kinds, targets, vals, links) where kind = 'drop');

-- scenario_money_hits(kinds, targets, vals, links): which set or scale lever reaches which funding
--   line. A set reaches its line; a scale its line, or every line of its instrument when no line
--   has its id; never a stated total, nor a line of a dropped measure. The filters are applied by
--   the callers.
-- Grain: one row per funding line and set or scale lever that reaches it.
create or replace macro scenario_money_hits(kinds, targets, vals, links) as table
with levers as (
    select * from scenario_levers(kinds, targets, vals, links) where kind in ('set', 'scale')
), by_id as (
    select l.pos, f.funding_id from levers l join funding_facts f on f.funding_id = l.target
), reached as (
    from by_id
    union all
    select l.pos, f.funding_id from levers l join funding_facts f on f.instrument = l.target
    where l.kind = 'scale' and l.pos not in (select pos from by_id)
)
select f.funding_id, f.measure_id, l.pos, l.kind, l.value, l.link
from reached join levers l using (pos) join funding_facts f using (funding_id)
where f.money_class <> 'stated total'
  and f.measure_id not in (select target from scenario_levers(kinds, targets, vals, links) where kind = 'drop');

-- scenario_reach(kinds, targets, vals, links, pillars, actors, instruments, statuses, q): how
--   many deadlines and funding lines of the selected measures each lever reaches.
-- Grain: one row per lever, in the order given.
create or replace macro scenario_reach(kinds, targets, vals, links, pillars, actors, instruments, statuses, q) as table
with levers as (
    from scenario_levers(kinds, targets, vals, links)
), sel as (
    select measure_id from selected_measures(pillars, actors, instruments, statuses, q)
), shifts as (
    select h.pos, count(*) as n
    from scenario_shift_hits(kinds, targets, vals, links) h join deadline_lines d using (measure_id)
    where d.kind <> 'past_event' and h.measure_id in (select measure_id from sel) group by h.pos
), money as (
    select pos, count(*) as n from scenario_money_hits(kinds, targets, vals, links) h
    where funding_id in (select funding_id from funding_lines(pillars, actors, instruments, statuses, q)) group by pos
), drops as (
    select l.pos, (select count(*) from deadline_lines d where d.measure_id = l.target)
                  + (select count(*) from funding_facts f where f.measure_id = l.target) as n
    from levers l where l.kind = 'drop' and l.target in (select measure_id from sel)
)
select l.pos, l.kind, l.link, coalesce(shifts.n, money.n, drops.n, 0) as reached
from levers l left join shifts using (pos) left join money using (pos) left join drops using (pos)
order by l.pos;

-- scenario_deadlines(as_of, ends_from, ends_to, background, horizon_end, kinds, targets, vals, links,
--   pillars, actors, instruments, statuses, q): every shown deadline of the selected measures
--   (timeline_rows), under the scenario beside the baseline.
-- Grain: one row per deadline (those of dropped measures included, with status 'dropped').
-- Status: deadline_state on the moved window (the outcomes known by as_of stay: a delivery on a
--   day may be on time for one window and late for another).
-- Columns: those of timeline_rows, with due_from, due_by and status under the scenario, and
--   baseline_due_from, baseline_due_by, baseline_status, shift_months, shifted_by (the links of
--   the shifts that moved it, '; '-joined), dropped_by (the drop lever's link, or ''),
--   past_horizon and baseline_past_horizon (the window ends after horizon_end).
-- Invariants (tests): with no lever, due_from, due_by and status equal the baseline's.
create or replace macro scenario_deadlines(as_of, ends_from, ends_to, background, horizon_end, kinds, targets, vals,
                                           links, pillars, actors, instruments, statuses, q) as table
with shifts as (
    select measure_id, sum(value)::integer as shift_months, string_agg(link, '; ' order by pos) as shifted_by
    from scenario_shift_hits(kinds, targets, vals, links)
    group by measure_id
), dropped as (
    select target as measure_id, min_by(link, pos) as dropped_by
    from scenario_levers(kinds, targets, vals, links) where kind = 'drop' group by target
), moved as (
    select b.*, if(b.kind = 'past_event', 0, coalesce(s.shift_months, 0)) as shift_months,
           if(b.kind = 'past_event', '', coalesce(s.shifted_by, '')) as shifted_by,
           coalesce(d.dropped_by, '') as dropped_by
    from timeline_rows(as_of, ends_from, ends_to, background, pillars, actors, instruments, statuses, q) b
    left join shifts s using (measure_id) left join dropped d using (measure_id)
)
select deadline_id, measure_id, measure_title, pillar_id, pillar_no, pillar, what_due, date_text, "precision", kind,
       outcome, outcome_on, outcome_precision, outcome_earliest, outcome_known_by, outcome_id, outcome_reference,
       searched_to, source_id, source_quote,
       due_from as baseline_due_from, due_by as baseline_due_by, status as baseline_status,
       kind <> 'past_event' and due_by > horizon_end::date as baseline_past_horizon,
       shift_date(due_from, shift_months) as due_from,
       shift_date(due_by, shift_months) as due_by,
       case when dropped_by <> '' then 'dropped'
            else deadline_state(kind, outcome, outcome_earliest, outcome_known_by, searched_to,
                                shift_date(due_from, shift_months), shift_date(due_by, shift_months), as_of)
       end as status,
       case when dropped_by = '' and outcome = 'delivered' and outcome_earliest > shift_date(due_by, shift_months)
            then datediff('day', shift_date(due_by, shift_months), outcome_earliest) end as days_late,
       dropped_by = '' and kind <> 'past_event' and shift_date(due_by, shift_months) > horizon_end::date
           as past_horizon,
       shift_months, shifted_by, dropped_by
from moved
order by due_by, due_from, deadline_id;

-- scenario_funding(kinds, targets, vals, links, pillars, actors, instruments, statuses, q):
--   every funding line of the selected measures, under the scenario beside the baseline.
-- Grain: one row per funding line (those of dropped measures included, amount 0).
-- Amounts: a dropped measure's lines go to 0; set gives a line the value (the last set of a line
--   wins); scale multiplies by 1 + percent/100 after set (scales of one line multiply).
-- Columns: those of funding_lines, with amount_eur (and amount_qualifier: 'exact' after a set)
--   under the scenario, baseline_amount_eur, baseline_qualifier, changed_by (the links of the
--   levers that changed it, '; '-joined, sets first) and dropped_by (the drop lever's link, or '').
-- Invariants (tests): with no lever, amount_eur = baseline_amount_eur on every row.
create or replace macro scenario_funding(kinds, targets, vals, links, pillars, actors, instruments, statuses, q) as table
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
from funding_lines(pillars, actors, instruments, statuses, q) b
left join changes c using (funding_id) left join dropped d using (measure_id);
