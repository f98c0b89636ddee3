import type { Metric, MetricType } from '../types.ts';

/** A metric family of a list: its type and own labels. */
export const m = (type: MetricType, ...labels: string[]): Metric => ({ type, labels });
