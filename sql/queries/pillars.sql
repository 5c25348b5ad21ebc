select pillar_id, pillar_no, name, short_name from pillars order by pillar_no
