-- queries.documents_read: the later documents the outcomes rest on (sources without a shipped
-- text): how many, and the latest of them (its date, reference and title).
select count(*) as documents, max(published_on) as latest_on,
       arg_max(coalesce(reference, title), published_on) as latest_reference
from sources
where file_name is null
