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
