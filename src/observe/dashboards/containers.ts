import type { PlannedService } from '../../plan/types.ts';
import { timeseries } from './panels.ts';

/** CPU and memory of a service's pods (cAdvisor), for services with few or no metrics of their own. */
export function containerPanels(self: PlannedService, podPrefix = self.name) {
  const sel = `namespace="${self.namespace}",pod=~"${podPrefix}-.*",container!=""`;
  return [
    timeseries(
      'CPU',
      [{ expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${sel}}[5m]))`, legend: '{{pod}}' }],
      'cores',
    ),
    timeseries(
      'Memory',
      [{ expr: `sum by (pod) (container_memory_working_set_bytes{${sel}})`, legend: '{{pod}}' }],
      'bytes',
    ),
  ];
}
