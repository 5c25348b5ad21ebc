select * from funding_breakdown($f)
