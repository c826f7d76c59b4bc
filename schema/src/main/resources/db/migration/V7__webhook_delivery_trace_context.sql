-- Tracing (issue 14): a webhook delivery continues the trace of the lifecycle event that queued it. The W3C
-- traceparent of that event (its CloudEvents extension attribute), or null for deliveries queued before.
alter table webhook_deliveries
    add column traceparent text;
