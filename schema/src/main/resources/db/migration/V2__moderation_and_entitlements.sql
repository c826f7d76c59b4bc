-- What the API's upstream checks decided when it accepted a job (issue 3). Nullable: jobs
-- accepted before this migration were neither moderated nor checked against a plan.

-- 'passed', or 'skipped' when moderation was disabled or unavailable and on-failure=fail-open.
-- Flagged prompts are refused before anything is stored, so they never appear here.
alter table image_edit_jobs add column moderation_status text
    check (moderation_status in ('passed', 'skipped'));
-- The moderation model that answered, or why moderation was skipped.
alter table image_edit_jobs add column moderation_detail text;

-- Where the enforced plan came from: 'live' (accounts service), 'cached' (last seen for the owner),
-- 'default' (configured plan), or 'off' (no accounts service configured).
alter table image_edit_jobs add column entitlement_source text
    check (entitlement_source in ('live', 'cached', 'default', 'off'));
alter table image_edit_jobs add column entitlement_plan text;
