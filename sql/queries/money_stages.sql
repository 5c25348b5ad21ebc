select * from money_stages($f)
