-- Hot paths (issue 13): queue tickets and credit slices, so neither a status read nor a submit scans jobs.
--
-- A job's place in the queue without counting the queue. Every job draws a ticket from one
-- sequence when it is stored; a queued job's position is its ticket less the lowest ticket still queued (the head,
-- which the partial index below finds in O(log n)), so a status read costs no count(*) over the queued jobs.
-- Jobs that left the queue out of ticket order (canceled, or started early from another partition) still count until
-- the head passes them: the position is an upper bound, exact while jobs leave in order.
create sequence image_edit_queue_tickets;

alter table image_edit_jobs add column queue_ticket bigint;

-- Jobs stored before this migration get tickets in the order they were created, so the queue keeps its order.
update image_edit_jobs j
   set queue_ticket = ordered.ticket
  from (select id, row_number() over (order by created_at, id) as ticket from image_edit_jobs) ordered
 where j.id = ordered.id;
select setval('image_edit_queue_tickets', coalesce((select max(queue_ticket) from image_edit_jobs), 0) + 1, false);

alter table image_edit_jobs
    alter column queue_ticket set default nextval('image_edit_queue_tickets'),
    alter column queue_ticket set not null;
alter sequence image_edit_queue_tickets owned by image_edit_jobs.queue_ticket;

create index image_edit_jobs_queue_head on image_edit_jobs (queue_ticket) where status = 'queued';

-- Credits reserved per owner in slices of time (accounts.service.CreditReservations): a submit sums a dozen slices
-- instead of the n of every job its owner had accepted in the reservation window (thousands in a burst).
create table credit_reservations (
    owner       text        not null,
    slice_start timestamptz not null,
    reserved    bigint      not null,
    primary key (owner, slice_start)
);
-- Edits accepted just before this migration still count.
insert into credit_reservations (owner, slice_start, reserved)
select owner, date_trunc('minute', created_at), sum(n)
  from image_edit_jobs where created_at > now() - interval '10 minutes'
 group by owner, date_trunc('minute', created_at);
