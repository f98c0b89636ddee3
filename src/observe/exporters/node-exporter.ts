import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

/** node_exporter: CPU, memory and file systems of every node. */
export const nodeExporter: ExporterMetrics = {
  id: 'node-exporter',
  title: 'node_exporter',
  version: 'v1.12.1 (chart prometheus-node-exporter 4.56.1 of kube-prometheus-stack 88.5.3)',
  source:
    'prometheus/node_exporter v1.12.1 collector/cpu_linux.go (node_cpu_seconds_total), collector/meminfo.go (node_memory_<field>_bytes of /proc/meminfo), collector/filesystem_common.go',
  metrics: {
    node_cpu_seconds_total: m('counter', 'cpu', 'mode'),
    node_memory_MemAvailable_bytes: m('gauge'),
    node_memory_MemTotal_bytes: m('gauge'),
    node_filesystem_avail_bytes: m('gauge', 'device', 'fstype', 'mountpoint', 'device_error'),
    node_filesystem_size_bytes: m('gauge', 'device', 'fstype', 'mountpoint', 'device_error'),
    node_filesystem_readonly: m('gauge', 'device', 'fstype', 'mountpoint', 'device_error'),
  },
};
