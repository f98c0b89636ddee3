/*
 * The cluster-admin grants a chart makes by design, per chart service, each with why shai accepts it:
 * no-cluster-admin-binding reports them `skipped` with that reason instead of failing the chart.
 */

/** One binding of a chart's output that grants cluster-admin to one subject. */
export interface ClusterAdminGrant {
  /** The chart service whose output holds the binding (release name = service name). */
  service: string;
  kind: 'ClusterRoleBinding';
  /** The binding's name, as the chart renders it. */
  binding: string;
  /** The one subject it may grant cluster-admin to. */
  subject: { kind: 'ServiceAccount'; namespace: string; name: string };
  reason: string;
}

export const CLUSTER_ADMIN_GRANTS: readonly ClusterAdminGrant[] = [
  {
    // velero chart 12.1.0 templates/clusterrolebinding.yaml (rbac.clusterAdministrator, default true).
    service: 'velero',
    kind: 'ClusterRoleBinding',
    binding: 'velero-server',
    subject: { kind: 'ServiceAccount', namespace: 'backup', name: 'velero-server' },
    reason:
      'Velero backs up and restores objects of every kind in the namespaces it covers, RBAC objects included, and the ' +
      'API server lets only a holder of a permission grant it; Velero runs as cluster-admin by default, and the ' +
      'restricted set-up of its docs (site/content/docs/v1.18/rbac.md) restores only its own namespace',
  },
];

/** The grant that allows `subject` in binding `kind`/`name`, if any. */
export function clusterAdminGrant(
  kind: string,
  name: string,
  subject: { kind?: unknown; namespace?: unknown; name?: unknown },
): ClusterAdminGrant | undefined {
  return CLUSTER_ADMIN_GRANTS.find(
    (g) =>
      g.kind === kind &&
      g.binding === name &&
      g.subject.kind === subject.kind &&
      g.subject.namespace === subject.namespace &&
      g.subject.name === subject.name,
  );
}
