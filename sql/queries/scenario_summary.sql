-- queries.scenario_summary: the headline figures of the baseline (baseline_...) and of the scenario
-- (scenario_...), counted over every selected deadline and funding line.
with deadlines as (
    select * from scenario_deadlines($w, $horizon_end, $kinds::varchar[], $targets::varchar[], $vals::double[],
                                     $links::varchar[], $f)
), money as (
    select * from scenario_funding($kinds::varchar[], $targets::varchar[], $vals::double[], $links::varchar[], $f)
    where money_class = 'new'
), counts as (
    select count(*) filter (where kind <> 'past_event') as baseline_deadlines,
           count(*) filter (where kind <> 'past_event' and status <> 'dropped') as scenario_deadlines,
           count(*) filter (where baseline_status = 'overdue') as baseline_overdue,
           count(*) filter (where status = 'overdue') as scenario_overdue,
           count(*) filter (where baseline_status = 'due_now') as baseline_due_now,
           count(*) filter (where status = 'due_now') as scenario_due_now,
           count(*) filter (where baseline_past_horizon) as baseline_past_horizon,
           count(*) filter (where past_horizon) as scenario_past_horizon
    from deadlines
), baseline as (
    select coalesce(sum(baseline_amount_eur), 0) as baseline_new_money_eur,
           sum_qualifier(baseline_qualifier) as baseline_new_money_qualifier
    from money
), scenario as (
    select coalesce(sum(amount_eur), 0) as scenario_new_money_eur,
           sum_qualifier(amount_qualifier) as scenario_new_money_qualifier
    from money where dropped_by = ''
)
select * from counts, baseline, scenario
