export {
  RecurringScheduler,
  type RecurringSchedulerOptions,
  type TriggerRun,
} from './recurring-scheduler.js';
export { triggeredRunName } from './run-name.js';
export { type SchedulerClock, type SchedulerTimer, systemSchedulerClock } from './scheduler-clock.js';
export { submitTrigger } from './submit-trigger.js';
export { compileCron, type DueTimes, dueTriggerTimes, nextTriggerTime } from './trigger-times.js';
