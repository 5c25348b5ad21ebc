-- queries.package: the package row, with horizon_end (the end of its roll-out).
select *, (published_on + to_months(horizon_months))::date as horizon_end from package
