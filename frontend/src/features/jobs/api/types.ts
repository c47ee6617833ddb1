// Job engine API shapes (derived from the generated schema, by operation id).
import type { operations } from "@/api/schema";
import type { JsonOf } from "@/api/types";

export type JobPage = JsonOf<operations["list_jobs"]["responses"][200]>;
export type Job = JobPage["items"][number];
export type JobStatus = Job["status"];
export type JobQuery = NonNullable<operations["list_jobs"]["parameters"]["query"]>;
export type JobDetail = JsonOf<operations["get_job"]["responses"][200]>;
export type JobStep = JobDetail["steps"][number];
export type JobStepStatus = JobStep["status"];
export type StepAttempt = JobStep["attempts"][number];
export type JobPlan = JobDetail["plan"];
