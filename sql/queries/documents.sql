-- queries.documents: the later documents read (sources without a shipped text), oldest first,
-- each with who speaks (its kind; primary: it may settle an outcome alone), what is
-- doubtful about it, and its link.
select s.published_on, coalesce(s.reference, s.title) as reference, s.title as document_title,
       s.kind as source_kind, k."primary", s.doubt, s.url as source_url, s.source_id
from sources s
join source_kinds k on k.code = s.kind
where s.file_name is null
order by s.published_on, reference
