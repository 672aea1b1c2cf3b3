// Test helper: a pool worker that answers each job with its input after a short wait.
import { serveJobs } from '../src/parallel/worker-host.js';

serveJobs<{ value: number }, { value: number }, never>(async (job) => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { value: job.value };
});
