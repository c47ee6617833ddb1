-- name: claim_next_job
-- One atomic statement: pick the oldest claimable jobs ($8 at most, one per free slot of the
-- worker) of the kinds this worker runs — pending and due, or running/cancelling whose lease
-- expired (its worker died) — skipping rows another worker is claiming, and take a new lease on
-- each with its next epoch (the fencing token); append each one's job.claimed event (its seq
-- from the locked row). A paused engine claims no mutating job.
--
-- With $4 (start the first step), a fresh job (it was pending) also starts its first pending
-- step here: attempt row, step.started event. Only a fresh job, because its steps cannot have
-- changed since this statement's snapshot (nobody has held its lease; a cancel of a pending job
-- makes it unclaimable, which the row lock's re-check sees). A job resumed after a lease expiry
-- is read again by the worker after this commit, so that it sees what the previous epoch wrote.
-- step_statuses is returned for fresh jobs only (null when the worker must read them).
-- $1 text[]  kinds this worker runs
-- $2 text    worker id (lease owner)
-- $3 float   lease length in seconds
-- $4 bool    start the first pending step of a fresh job
-- $5 uuid[]  ids of the job.claimed events (one per claimed job, in claim order)
-- $6 uuid[]  ids of the step.started events
-- $7 uuid[]  ids of the attempt rows
-- $8 int     how many jobs to claim at most
with engine as (
  select coalesce((select paused from job_engine_state where name = 'default'), false) as paused
),
candidate as (
  select j.id, j.run_after, j.status as previous_status, j.lease_owner as previous_owner
  from job j
  where j.kind = any($1::text[])
    and (
      (j.status = 'pending' and j.run_after <= now())
      or (j.status in ('running', 'cancelling') and j.lease_expires_at < now())
    )
    and (not j.mutating or not (select paused from engine))
  order by j.run_after, j.id
  limit $8
  for update of j skip locked
),
numbered as (
  select c.*, row_number() over (order by c.run_after, c.id) as n from candidate c
),
first_step as (
  select s.job_id, min(s.position) as position
  from job_step s
  join candidate c on c.id = s.job_id
  where $4::bool and c.previous_status = 'pending' and s.status = 'pending'
  group by s.job_id
),
claimed as (
  update job j
  set status = case when j.status = 'pending' then 'running' else j.status end,
      lease_owner = $2,
      lease_epoch = j.lease_epoch + 1,
      lease_expires_at = now() + make_interval(secs => $3),
      started_at = coalesce(j.started_at, now()),
      updated_at = now(),
      last_event_seq = j.last_event_seq + 1 + (select count(*) from first_step f where f.job_id = j.id)
  from numbered c
  where j.id = c.id
  returning j.id, j.kind, j.status, j.params, j.plan, j.lease_epoch, j.last_event_seq, c.n,
    c.previous_status, c.previous_owner, extract(epoch from (now() - j.run_after)) as waited_s
),
started_step as (
  update job_step s
  set attempts = s.attempts + 1, status = 'running', started_at = coalesce(s.started_at, now()),
      error = null, effect = case when s.effect = 'done' then 'done' else 'unknown' end
  from first_step f
  where s.job_id = f.job_id and s.position = f.position
  returning s.job_id, s.position, s.attempts
),
started_attempt as (
  insert into job_step_attempt (id, job_id, position, attempt, lease_epoch, worker, status, started_at)
  select ($7::uuid[])[c.n], c.id, s.position, s.attempts, c.lease_epoch, $2, 'running', now()
  from started_step s
  join claimed c on c.id = s.job_id
),
events as (
  insert into job_event (id, job_id, seq, at, type, data)
  select ($5::uuid[])[c.n], c.id, c.last_event_seq - (select count(*) from first_step f where f.job_id = c.id),
    clock_timestamp(), 'job.claimed',
    jsonb_build_object(
      'status', c.status, 'worker', $2::text, 'lease_epoch', c.lease_epoch,
      'resumed_after_lease_expiry', c.previous_status in ('running', 'cancelling')
    )
  from claimed c
  union all
  select ($6::uuid[])[c.n], c.id, c.last_event_seq, clock_timestamp(), 'step.started',
    jsonb_build_object('position', s.position, 'attempt', s.attempts, 'lease_epoch', c.lease_epoch)
  from started_step s
  join claimed c on c.id = s.job_id
)
select c.id, c.kind, c.status, c.params, c.plan, c.lease_epoch, c.previous_status, c.previous_owner,
  c.waited_s, s.position as started_position, s.attempts as started_attempt,
  case when c.previous_status = 'pending' then
    array(select st.status from job_step st where st.job_id = c.id order by st.position)
  end as step_statuses
from claimed c
left join started_step s on s.job_id = c.id
order by c.n
