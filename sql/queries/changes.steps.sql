select * from steps_between($first, $last, $f)
