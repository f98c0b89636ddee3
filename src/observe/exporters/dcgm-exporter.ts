import type { ExporterMetrics } from '../types.ts';
import { m } from './metric.ts';

// Every DCGM field carries these; `Hostname` is the node (NODE_NAME, internal/pkg/hostname/hostname.go), and with
// the pod mapping the GPU operator turns on, the pod's own namespace/pod/container (as exported_* once scraped).
const DCGM = [
  'gpu',
  'UUID',
  'device',
  'modelName',
  'Hostname',
  'pci_bus_id',
  'exported_namespace',
  'exported_pod',
  'exported_container',
];

/** NVIDIA DCGM exporter, run by the GPU operator: the default counters. */
export const dcgmExporter: ExporterMetrics = {
  id: 'dcgm-exporter',
  title: 'NVIDIA DCGM exporter',
  version: '4.4.2-4.7.0 (dcgmExporter.version of gpu-operator v25.10.1)',
  source: 'NVIDIA/dcgm-exporter 4.4.2-4.7.0 etc/default-counters.csv',
  needs:
    'dcgmExporter.serviceMonitor.enabled in the gpu-operator values (the operator creates the ServiceMonitor)',
  metrics: {
    DCGM_FI_DEV_GPU_UTIL: m('gauge', ...DCGM),
    DCGM_FI_DEV_FB_USED: m('gauge', ...DCGM),
    DCGM_FI_DEV_FB_FREE: m('gauge', ...DCGM),
    DCGM_FI_DEV_GPU_TEMP: m('gauge', ...DCGM),
    DCGM_FI_DEV_MEMORY_TEMP: m('gauge', ...DCGM),
    DCGM_FI_DEV_POWER_USAGE: m('gauge', ...DCGM),
    DCGM_FI_DEV_XID_ERRORS: m('gauge', ...DCGM),
  },
};
