-- queries.lever_catalog: the package's first $limit measures in list order, and those among $named.
(select measure_id, title from measure_lines where status_at_publication <> 'context' order by list_order limit $limit)
union
select measure_id, title from measure_lines where measure_id in (select unnest($named))
