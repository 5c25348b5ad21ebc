-- queries.choices: the first and last day of the deadline windows (the date fields' range).
select min(due_from) as low, max(due_by) as high from deadline_lines
