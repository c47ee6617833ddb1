-- name: claim_next_job
-- One atomic statement: pick the oldest claimable job of a kind this worker runs — pending and
-- due, or running/cancelling whose lease expired (its worker died) — skipping rows another
-- worker is claiming, and take a new lease with the next epoch (the fencing token).
-- A paused engine claims no mutating job.
-- $1 text[]  kinds this worker runs
-- $2 text    worker id (lease owner)
-- $3 float   lease length in seconds
with engine as (
  select coalesce((select paused from job_engine_state where name = 'default'), false) as paused
),
candidate as (
  select j.id, j.status as previous_status, j.lease_owner as previous_owner
  from job j
  where j.kind = any($1::text[])
    and (
      (j.status = 'pending' and j.run_after <= now())
      or (j.status in ('running', 'cancelling') and j.lease_expires_at < now())
    )
    and (not j.mutating or not (select paused from engine))
  order by j.run_after, j.id
  limit 1
  for update of j skip locked
)
update job j
set status = case when j.status = 'pending' then 'running' else j.status end,
    lease_owner = $2,
    lease_epoch = j.lease_epoch + 1,
    lease_expires_at = now() + make_interval(secs => $3),
    started_at = coalesce(j.started_at, now()),
    updated_at = now()
from candidate c
where j.id = c.id
returning j.id, j.kind, j.status, j.params, j.lease_epoch, c.previous_status, c.previous_owner,
  extract(epoch from (now() - j.run_after)) as waited_s
