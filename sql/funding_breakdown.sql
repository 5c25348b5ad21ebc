-- funding_breakdown(f): the new money of the package under
-- the filters, summed along every dimension the funding page draws, in one pass. Only new money
-- is summed: the amounts the texts quote as context are of other kinds and periods and are
-- never added up (the funding page lists them one by one).
-- Grain: one row per dimension and key: dimension 'pillar' (key = pillar short name),
--   'instrument', 'period' (as written, with year_from and year_to) or 'kind' (funding_kind); and
--   one row of dimension 'all' (key 'All new money'): the sum of every line, the headline.
-- Parameters: as in selected_measure_lines.
-- Columns: dimension, key, pillar_id, pillar_no, instrument, period, funding_kind, amount_eur with
--   amount_qualifier (sum_qualifier of the lines summed), lines, year_from, year_to,
--   top_funding_id and top_quote (the largest line: the hover's quote).
-- Order: by dimension; pillars by pillar_no, periods by years, instruments and kinds by amount.
-- Invariants (tests): every dimension adds up to the same total, the 'all' row (the headline's: pillar_summary's all_new_money_eur).
create or replace macro funding_breakdown(f) as table
with sums as (
    select
        case when grouping(pillar) = 0 then 'pillar'
             when grouping(instrument) = 0 then 'instrument'
             when grouping(period) = 0 then 'period'
             when grouping(funding_kind) = 0 then 'kind'
             else 'all' end as dimension,
        case when grouping(pillar, instrument, period, funding_kind) = 15 then 'All new money'
             else coalesce(pillar, instrument, period, funding_kind) end as key,
        case when grouping(pillar) = 0 then any_value(pillar_id) end as pillar_id,
        case when grouping(pillar) = 0 then min(pillar_no) end as pillar_no,
        pillar, instrument, period, funding_kind,
        coalesce(sum(amount_eur), 0) as amount_eur, sum_qualifier(amount_qualifier) as amount_qualifier, count(*) as lines,
        min(year_from) as year_from, max(year_to) as year_to,
        arg_max(funding_id, amount_eur) as top_funding_id,
        arg_max(source_quote, amount_eur) as top_quote
    from funding_lines(f)
    where money_class = 'new'
    group by grouping sets ((pillar), (instrument), (period), (funding_kind), ())
)
select * from sums
order by dimension,
    case when dimension = 'pillar' then pillar_no end,
    case when dimension = 'period' then year_from end,
    case when dimension = 'period' then year_to end,
    case when dimension in ('instrument', 'kind') then amount_eur end desc,
    key;
