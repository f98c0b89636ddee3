/*
 * What Grafana's dashboard sidecar reads: the kube-prometheus-stack values set it up (services/), the platform's
 * dashboard ConfigMaps carry it (render/observe/objects.ts).
 */

/** The label and value Grafana's dashboard sidecar selects (the kube-prometheus-stack defaults, in the recording). */
export const DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;
/** The annotation the sidecar reads the folder from (`sidecar.dashboards.folderAnnotation` in the values). */
export const FOLDER_ANNOTATION = 'grafana_folder';
