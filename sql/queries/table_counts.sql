-- queries.table_counts: the rows of one table ($table: a name of tracker.staging.TABLES).
select count(*) from query_table($table)
