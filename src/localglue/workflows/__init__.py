"""localglue's workflows engine: Glue workflow runs whose triggers really fire.

- `engine`: StartWorkflowRun fires the workflow's start triggers; CONDITIONAL triggers (AND / ANY over job
  and crawler end states within the run) start their actions once per run, following the job and crawler
  engines' notices on the gateway's bus; Stop/ResumeWorkflowRun, MaxConcurrentRuns, run statistics.
- `schedules`: ACTIVATED SCHEDULED triggers fire at their AWS cron times (`localglue.schedule`), on a
  clock per account that `localglue clock advance` (or the `LocalGlue.AdvanceClock` action) moves forward.
- `events`: EventBridge rules targeting a workflow (S3 "Object Created" events included) feed its EVENT
  trigger, batched by its EventBatchingCondition.
- `commands`: `localglue status`, `localglue run <workflow> --wait`, `localglue trigger fire`, `localglue clock advance`.
"""
