-- name: record_step_success
-- One fenced statement: record a step's success (and its fenced effect), and optionally start
-- the next step's attempt. The fence is the UPDATE of the job row itself (the event counter):
-- it locks the row and matches only while (job id, lease epoch, owner) still hold, re-checked
-- on the newest row version; every other write joins it, so a worker whose lease was taken
-- writes nothing and gets no row back (LeaseLost). The next step starts only when no
-- cancellation is requested (the row's own cancel_requested_at, or $13 from the heartbeat).
-- $1 uuid job, $2 bigint lease epoch, $3 text owner, $4 int position, $5 int attempt,
-- $6 bool fenced effect, $7 uuid effect id, $8 uuid step.succeeded event id, $9 text its data,
-- $10 int next position (null: none), $11 uuid next attempt id, $12 uuid step.started event id,
-- $13 bool cancellation already known to the worker
with fence as (
  update job j
  set last_event_seq = j.last_event_seq
    + case when $10::int is not null and not $13::bool and j.cancel_requested_at is null then 2 else 1 end
  where j.id = $1 and j.lease_epoch = $2 and j.lease_owner = $3
  returning j.kind, j.last_event_seq,
    ($10::int is not null and not $13::bool and j.cancel_requested_at is null) as start_next,
    j.cancel_requested_at is not null as cancel_requested
),
effect as (
  insert into job_effect (id, job_id, step, lease_epoch, worker, applied_at)
  select $7::uuid, $1, $4, $2, $3, now() from fence where $6::bool
),
done_step as (
  update job_step set status = 'succeeded', effect = 'done', finished_at = now(), error = null
  where job_id = $1 and position = $4 and exists (select 1 from fence)
),
done_attempt as (
  update job_step_attempt set status = 'succeeded', finished_at = now()
  where job_id = $1 and position = $4 and attempt = $5 and exists (select 1 from fence)
),
abandoned as (
  update job_step_attempt set status = 'abandoned', finished_at = now(),
    error = 'the worker lost its lease during this attempt'
  where job_id = $1 and position = $10::int and status = 'running'
    and exists (select 1 from fence where start_next)
),
next_step as (
  update job_step set attempts = attempts + 1, status = 'running', started_at = coalesce(started_at, now()),
    error = null, effect = case when effect = 'done' then 'done' else 'unknown' end
  where job_id = $1 and position = $10::int and exists (select 1 from fence where start_next)
  returning attempts
),
next_attempt as (
  insert into job_step_attempt (id, job_id, position, attempt, lease_epoch, worker, status, started_at)
  select $11::uuid, $1, $10::int, n.attempts, $2, $3, 'running', now() from next_step n
),
events as (
  insert into job_event (id, job_id, seq, at, type, data)
  select $8::uuid, $1, f.last_event_seq - case when f.start_next then 1 else 0 end, clock_timestamp(),
    'step.succeeded', $9::jsonb
  from fence f
  union all
  select $12::uuid, $1, f.last_event_seq, clock_timestamp(), 'step.started',
    jsonb_build_object('position', $10::int, 'attempt', n.attempts, 'lease_epoch', $2::bigint)
  from fence f cross join next_step n
)
select f.kind, f.cancel_requested, n.attempts as next_attempt,
  (select count(*) from job_step_attempt a
   where a.job_id = $1 and a.position = $10::int and a.status = 'failed') as next_failures
from fence f
left join next_step n on true
