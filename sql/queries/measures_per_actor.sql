select * from measures_per_actor($f)
