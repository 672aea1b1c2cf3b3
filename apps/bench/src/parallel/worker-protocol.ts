/** Main thread to worker. */
export type ToWorker<Job> =
  | { readonly type: 'job'; readonly id: number; readonly job: Job }
  | { readonly type: 'answer'; readonly id: number; readonly answer: unknown };

/** Worker to main thread. */
export type FromWorker<Result, Event> =
  | { readonly type: 'ready' }
  | { readonly type: 'event'; readonly id: number; readonly event: Event; readonly wantsAnswer: boolean }
  | { readonly type: 'result'; readonly id: number; readonly result: Result }
  | { readonly type: 'failure'; readonly id: number; readonly message: string; readonly code?: string };
