-- Upstream moderation made legible (issue #16): when OpenAI refuses an edit with `moderation_blocked`, its
-- `moderation_details` say at which stage (input: prompt or images; output: the rendered image) and under which
-- categories. The worker keeps them beside error_code/error_message; the API shows them as `error.moderation`.
-- The categories column is set (possibly to '{}') exactly when there is moderation to show; the stage may be
-- unknown. The checks repeat the worker's bounds (dev.overtime.common.UpstreamModeration) so no upstream body
-- can grow a row.
alter table image_edit_jobs
    add column error_moderation_stage text
        check (char_length(error_moderation_stage) <= 32),
    add column error_moderation_categories text[]
        check (cardinality(error_moderation_categories) <= 16),
    add constraint image_edit_jobs_moderation_has_categories
        check (error_moderation_stage is null or error_moderation_categories is not null);
