-- queries.lever_instruments: the instruments of the lines a lever may change (not those of stated
-- totals only).
select distinct instrument from funding_facts where money_class <> 'stated total'
