export { EventHub, type EventHubStats, type Subscriber } from './event-hub.js';
export { DEFAULT_EVENT_LIMITS, type EventLimits } from './event-limits.js';
export type { Frame } from './event-ring.js';
export { runSnapshot } from './run-snapshot.js';
export { SseStream } from './sse-stream.js';
export { StoreWatcher } from './store-watcher.js';
