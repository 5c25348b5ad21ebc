select max(known_by) from (select known_by from progress_lines union all select known_by from stage_lines)
