select * from stages_between($first, $last, $f)
