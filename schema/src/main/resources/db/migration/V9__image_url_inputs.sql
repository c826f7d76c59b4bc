-- Image inputs given as URLs (image_url, mask_url; issue #15). The API stores the URL and answers 202 at once; the
-- worker fetches it as the job's first step and only then fills in what describes the bytes (object_key, sha256,
-- content type, dimensions, size). Until then those are unknown, so they may be null.
alter table image_edit_inputs
    add column source_url text,
    alter column content_type drop not null,
    alter column width drop not null,
    alter column height drop not null,
    alter column size_bytes drop not null;

-- What the worker fetched, by URL: the same URL named again before expires_at (overtime.inputs.url-cache-ttl, or
-- less when the image host's Cache-Control says so) is served from the store without another fetch. Fetched bytes
-- are stored once per content, content-addressed (fetched/sha256/<hex>), however many URLs or jobs name them.
create table input_url_fetches (
    url          text        primary key,
    object_key   text        not null,
    sha256       text        not null,
    content_type text        not null,
    width        integer     not null,
    height       integer     not null,
    size_bytes   bigint      not null,
    etag         text,
    fetched_at   timestamptz not null,
    expires_at   timestamptz not null
);

-- Retention asks "does anything still use this object?" before deleting a shared fetched object.
create index input_url_fetches_object_key on input_url_fetches (object_key);
