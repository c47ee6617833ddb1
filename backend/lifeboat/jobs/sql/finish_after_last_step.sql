-- name: finish_after_last_step
-- One fenced statement: record the last step's success (and its fenced effect) and end the job
-- `succeeded`, releasing the lease and the lock scope — what record_step_success followed by
-- finish_job('succeeded') write, in one transaction. The fence is the job row's UPDATE (see
-- record_step_success.sql): no row back means the lease was taken and nothing was written.
-- $1 uuid job, $2 bigint lease epoch, $3 text owner, $4 int position, $5 int attempt,
-- $6 bool fenced effect, $7 uuid effect id, $8 uuid step.succeeded event id, $9 text its data,
-- $10 uuid job.succeeded event id
with fence as (
  update job j
  set last_event_seq = j.last_event_seq + 2, status = 'succeeded', finished_at = now(),
    updated_at = now(), lease_owner = null, lease_expires_at = null, error = null
  where j.id = $1 and j.lease_epoch = $2 and j.lease_owner = $3
  returning j.kind, j.last_event_seq
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
leftover as (
  update job_step set status = 'skipped'
  where job_id = $1 and status = 'pending' and position <> $4 and exists (select 1 from fence)
),
events as (
  insert into job_event (id, job_id, seq, at, type, data)
  select $8::uuid, $1, f.last_event_seq - 1, clock_timestamp(), 'step.succeeded', $9::jsonb from fence f
  union all
  select $10::uuid, $1, f.last_event_seq, clock_timestamp(), 'job.succeeded',
    '{"status": "succeeded", "error": null}'::jsonb
  from fence f
)
select kind from fence
