import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The injection token of the app's metrics. */
export const METRICS = Symbol('METRICS');

/** One registry per app instance (tests boot several apps in one process). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'wala_' });
  const httpDuration = new Histogram({
    name: 'wala_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const httpErrors = new Counter({
    name: 'wala_http_errors_total',
    help: 'HTTP responses with status >= 500',
    labelNames: ['route'],
    registers: [registry],
  });
  const outboxGaveUp = new Counter({
    name: 'wala_outbox_gave_up_total',
    help: 'Domain events whose subscribers failed every attempt and are no longer retried (next_attempt_at = infinity)',
    labelNames: ['type'],
    registers: [registry],
  });
  return { registry, httpDuration, httpErrors, outboxGaveUp };
}

export type Metrics = ReturnType<typeof createMetrics>;
