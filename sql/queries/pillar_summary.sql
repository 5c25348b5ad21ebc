select * from pillar_summary($w, $f)
