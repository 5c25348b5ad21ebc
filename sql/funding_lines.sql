-- funding_lines(f): the funding rows the filters keep.
-- Grain: one row per funding line of a selected measure (and of a selected instrument).
-- Parameters: as in selected_measure_lines.
-- Columns: those of funding_facts (money_class: 'new', 'context' or 'stated total').
-- The pillar and instrument tests repeat on funding_facts' own columns (a line's pillar is its
--   measure's): on a large table they drop most rows before the join with the measures.
-- Invariants (tests): unfiltered, same rows as funding_facts; with an instrument filter, only
--   lines of those instruments.
create or replace macro funding_lines(f) as table
select *
from funding_facts
where ((f).pillars is null or list_contains((f).pillars, pillar_id))
  and ((f).instruments is null or list_contains((f).instruments, instrument))
  and measure_id in (select measure_id from selected_measures(f));
