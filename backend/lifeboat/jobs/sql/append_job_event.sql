-- name: append_job_event
-- Append an event with the job's next sequence number (the job row lock orders them).
-- $1 uuid job id, $2 uuid event id, $3 text event type, $4 text its data (json)
with s as (
  update job set last_event_seq = last_event_seq + 1 where id = $1 returning last_event_seq
)
insert into job_event (id, job_id, seq, at, type, data)
select $2, $1, s.last_event_seq, clock_timestamp(), $3, $4::jsonb from s
returning seq
