-- funding_lines(pillars, actors, instruments, statuses, q): the funding rows the filters keep.
-- Grain: one row per funding line of a selected measure (and of a selected instrument).
-- Parameters: as in selected_measures.
-- Columns: those of funding_facts (money_class: 'new', 'context' or 'stated total').
-- Invariants (tests): unfiltered, same rows as funding_facts; with an instrument filter, only
--   lines of those instruments.
create or replace macro funding_lines(pillars, actors, instruments, statuses, q) as table
select *
from funding_facts
where measure_id in (select measure_id from selected_measures(pillars, actors, instruments, statuses, q))
  and (instruments is null or list_contains(instruments, instrument));
