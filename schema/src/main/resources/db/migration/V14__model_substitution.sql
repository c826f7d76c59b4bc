-- Model retirement (issue #16): a submit naming a model past its sunset, whose operator configured
-- `on-sunset=substitute`, is stored with the successor in `model` and the model the caller asked for here, so the
-- job view can say why it ran on another model. Null for every job that ran on the model it asked for.
alter table image_edit_jobs add column model_substituted_from text;
