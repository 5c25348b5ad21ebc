-- source_label(reference, title, kind_words, doubt): how a step or stage names its document, with who
--   speaks: 'SWD(2019) 140 final, Commission'; 'Guardia Civil press note, Logroño, 13 November 2017,
--   national authority' (the reference, or the title when there is none; the kind's words from
--   table source_kinds), and ' (doubtful: see the document's note)' when sources.doubt says why.
create or replace macro source_label(reference, title, kind_words, doubt) as
    coalesce(reference, title) || ', ' || kind_words
    || if(doubt is null, '', ' (doubtful: see the document''s note)');
