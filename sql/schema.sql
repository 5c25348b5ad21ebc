-- schema.sql: the typed tables every data folder is loaded into.
-- Grain: one file in data/ per table, same name (package.csv -> package).
-- Invariants enforced here (and reported by `python -m tracker check` with file,
-- line and column): primary keys unique, foreign keys resolve, NOT NULL, the
-- enumerations below, amount_eur >= 0, due_from <= due_by.
-- Loaded in the order of this file: a table only references tables above it.

create table package (
    package_id      varchar primary key,
    title           varchar not null,
    published_on    date    not null,
    horizon_months  integer not null check (horizon_months between 0 and 240),
    data_version    varchar not null check (regexp_full_match(data_version, '\d{4}-\d{2}-\d{2}\.\d+')),
    source_id       varchar not null,
    source_quote    varchar not null
);

-- A source is a shipped text (file_name: its words are in sources/ and rows quote them) or a cited
-- document (no file: its official reference and an https link; rows resting on it say what
-- happened in their own words, with a locator, and quote nothing).
create table sources (
    source_id     varchar primary key,
    title         varchar not null,
    file_name     varchar unique,
    published_on  date    not null,
    reference     varchar,
    url           varchar check (url is null or regexp_full_match(url, 'https://[^ ]+')),
    scope_note    varchar,
    kind          varchar not null check (kind in ('commission', 'council', 'parliament', 'official_journal',
                                                   'eu_agency', 'national_authority', 'other_public_body', 'press')),
    doubt         varchar,
    check (file_name is not null or (reference is not null and url is not null))
);

create table pillars (
    pillar_id   varchar primary key,
    pillar_no   integer not null unique check (pillar_no between 0 and 99),
    name        varchar not null unique,
    short_name  varchar not null unique
);

create table actors (
    actor_id      varchar primary key check (regexp_full_match(actor_id, '[a-z0-9][a-z0-9-]*')),
    name          varchar not null unique,
    actor_type    varchar not null check (actor_type in (
                      'eu_institution', 'eu_agency', 'eu_body', 'member_states',
                      'national_authority', 'local_authority', 'network_forum',
                      'international_org', 'third_country', 'private_sector',
                      'civil_society', 'practitioners')),
    parent_id     varchar references actors (actor_id),  -- the body this actor is a unit of
    source_id     varchar not null references sources (source_id),
    source_quote  varchar not null
);

create table measures (
    measure_id             varchar primary key check (regexp_full_match(measure_id, '[a-z0-9][a-z0-9-]*')),
    pillar_id              varchar not null references pillars (pillar_id),
    parent_id              varchar references measures (measure_id),
    title                  varchar not null,
    description            varchar,
    measure_type           varchar not null check (measure_type in (
                               'action_plan', 'forum_network', 'guidance', 'funding',
                               'recommendation', 'legislation', 'negotiation', 'agreement',
                               'event', 'research', 'review', 'training', 'capability',
                               'report', 'cooperation', 'context')),
    status_at_publication  varchar not null check (status_at_publication in (
                               'new', 'planned', 'ongoing', 'context')),
    source_id              varchar not null references sources (source_id),
    source_quote           varchar not null
);

create table measure_actors (
    measure_id    varchar not null references measures (measure_id),
    actor_id      varchar not null references actors (actor_id),
    role          varchar not null check (role in ('lead', 'partner', 'addressee')),
    source_id     varchar not null references sources (source_id),
    source_quote  varchar not null,
    primary key (measure_id, actor_id, role)
);

create table funding (
    funding_id        varchar primary key,
    measure_id        varchar not null references measures (measure_id),
    pillar_id         varchar not null references pillars (pillar_id),
    instrument        varchar not null,
    amount_eur        decimal(18, 2) not null check (amount_eur >= 0),
    amount_qualifier  varchar not null check (amount_qualifier in ('exact', 'over', 'up_to')),
    period            varchar not null,
    year_from         integer not null check (year_from between 1950 and 2100),
    year_to           integer not null check (year_to between 1950 and 2100),
    funding_kind      varchar not null check (funding_kind in (
                          'new_call', 'new_funding', 'existing_budget', 'past_spending',
                          'comparison', 'aggregate')),
    is_new_money      boolean not null,
    source_id         varchar not null references sources (source_id),
    source_quote      varchar not null,
    check (year_from <= year_to),
    check (not is_new_money or funding_kind in ('new_call', 'new_funding'))
);

-- The path of a line of money after the package: each stage the documents report, with the
-- amount at that stage when they give one (amount_eur and amount_qualifier together).
create table funding_stages (
    stage_id          varchar primary key,
    funding_id        varchar not null references funding (funding_id),
    stage             varchar not null check (stage in (
                          'announced', 'call_opened', 'call_closed', 'awarded', 'paid', 'no_report')),
    happened_on       date    not null,
    date_precision    varchar not null check (date_precision in ('day', 'month', 'year', 'reported')),
    amount_eur        decimal(18, 2) check (amount_eur >= 0),
    amount_qualifier  varchar check (amount_qualifier in ('exact', 'over', 'up_to')),
    note              varchar not null,
    source_id         varchar not null references sources (source_id),
    locator           varchar,
    source_quote      varchar,
    check ((amount_eur is null) = (amount_qualifier is null))
);

create table deadlines (
    deadline_id   varchar primary key,
    measure_id    varchar not null references measures (measure_id),
    what_due      varchar not null,
    date_text     varchar not null,
    due_from      date    not null,
    due_by        date    not null,
    "precision"   varchar not null check ("precision" in (
                      'day', 'month', 'quarter', 'half', 'year', 'vague', 'relative')),
    kind          varchar not null check (kind in ('commitment', 'event', 'past_event')),
    source_id     varchar not null references sources (source_id),
    source_quote  varchar not null,
    check (due_from <= due_by)
);

-- What happened after the package, one dated step per row. date_precision says what the
-- document gives: the day, the month or the year it happened, or only that it had happened by
-- the document's date ('reported': happened_on is then that date). An outcome (delivered,
-- delivered_in_part, not_delivered) with a deadline_id settles that deadline; no_report says that
-- no document read (up to happened_on) reports on it.
create table progress (
    progress_id     varchar primary key,
    measure_id      varchar not null references measures (measure_id),
    deadline_id     varchar references deadlines (deadline_id),
    happened_on     date    not null,
    date_precision  varchar not null check (date_precision in ('day', 'month', 'year', 'reported')),
    status          varchar not null check (status in (
                        'presented', 'launched', 'in_progress', 'proposal_adopted', 'council_authorisation',
                        'agreement_reached', 'adopted', 'delivered', 'delivered_in_part', 'not_delivered',
                        'delayed', 'cancelled', 'no_report', 'not_checked')),
    note            varchar not null,
    source_id       varchar not null references sources (source_id),
    locator         varchar,
    source_quote    varchar
);

create table not_tracked (
    source_id   varchar not null references sources (source_id),
    expression  varchar not null,
    reason      varchar not null,
    primary key (source_id, expression)
);
