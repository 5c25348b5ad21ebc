select * from status_changes($first, $w, $f)
