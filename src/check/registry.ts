import type { Rule } from './types.ts';
import { appProjectPermits } from './rules/app-project-permits.ts';
import { chartVersionPinned } from './rules/chart-version-pinned.ts';
import { configMapRefExists } from './rules/configmap-ref-exists.ts';
import { crdSyncOrder } from './rules/crd-sync-order.ts';
import { dropCapabilities } from './rules/drop-capabilities.ts';
import { forwardAuthKeepsAppKeys } from './rules/forward-auth-keeps-app-keys.ts';
import { gpuRuntime } from './rules/gpu-runtime.ts';
import { gpuTimeSlicingConsistent } from './rules/gpu-time-slicing-consistent.ts';
import { gpuToolkitK3sPaths } from './rules/gpu-toolkit-k3s-paths.ts';
import { hookOrder } from './rules/hook-order.ts';
import { hostAuthenticated } from './rules/host-authenticated.ts';
import { hostHasTls } from './rules/host-has-tls.ts';
import { imageEnvKnown } from './rules/image-env-known.ts';
import { imagePinned } from './rules/image-pinned.ts';
import { imageProbes } from './rules/image-probes.ts';
import { imageUser } from './rules/image-user.ts';
import { imageWritablePaths } from './rules/image-writable-paths.ts';
import { ingressBackendExists } from './rules/ingress-backend-exists.ts';
import { issuerRefExists } from './rules/issuer-ref-exists.ts';
import { kyvernoExceptionNamespace } from './rules/kyverno-exception-namespace.ts';
import { kyvernoNoBroadExclusions } from './rules/kyverno-no-broad-exclusions.ts';
import { litellmFallbacksServed } from './rules/litellm-fallbacks-served.ts';
import { llmEndpointNotPublic } from './rules/llm-endpoint-not-public.ts';
import { manifestReadByApplication } from './rules/manifest-read-by-application.ts';
import { middlewareRefExists } from './rules/middleware-ref-exists.ts';
import { modelFitsGpu } from './rules/model-fits-gpu.ts';
import { namespaceDefaultDeny } from './rules/namespace-default-deny.ts';
import { namespaceQuotaFits } from './rules/namespace-quota-fits.ts';
import { needsSyncOrder } from './rules/needs-sync-order.ts';
import { networkFlows } from './rules/network-flows.ts';
import { noClusterAdminBinding } from './rules/no-cluster-admin-binding.ts';
import { noHostNamespaces } from './rules/no-host-namespaces.ts';
import { noHostPath } from './rules/no-host-path.ts';
import { noPlainSecrets } from './rules/no-plain-secrets.ts';
import { noPrivilegeEscalation } from './rules/no-privilege-escalation.ts';
import { noPrivileged } from './rules/no-privileged.ts';
import { noWeakValues } from './rules/no-weak-values.ts';
import { oauth2ProxyCookieSecret } from './rules/oauth2-proxy-cookie-secret.ts';
import { oneOwnerPerObject } from './rules/one-owner-per-object.ts';
import { podSchedulable } from './rules/pod-schedulable.ts';
import { probesPresent } from './rules/probes-present.ts';
import { pvcRefExists } from './rules/pvc-ref-exists.ts';
import { readOnlyRootFs } from './rules/read-only-root-fs.ts';
import { resourceLimits } from './rules/resource-limits.ts';
import { runAsNonRoot } from './rules/run-as-non-root.ts';
import { schemaValid } from './rules/schema-valid.ts';
import { secretRefExists } from './rules/secret-ref-exists.ts';
import { serviceAccountExists } from './rules/service-account-exists.ts';
import { serviceSelectorMatches } from './rules/service-selector-matches.ts';
import { singleAppInstance } from './rules/single-app-instance.ts';
import { storageClassExists } from './rules/storage-class-exists.ts';
import { uniqueHosts } from './rules/unique-hosts.ts';
import { urlReachable } from './rules/url-reachable.ts';

/** Every check rule, sorted by id. Adding a rule: one file in rules/, one import and one line here. */
export const RULES: readonly Rule[] = [
  appProjectPermits,
  chartVersionPinned,
  configMapRefExists,
  crdSyncOrder,
  dropCapabilities,
  forwardAuthKeepsAppKeys,
  gpuRuntime,
  gpuTimeSlicingConsistent,
  gpuToolkitK3sPaths,
  hookOrder,
  hostAuthenticated,
  hostHasTls,
  imageEnvKnown,
  imagePinned,
  imageProbes,
  imageUser,
  imageWritablePaths,
  ingressBackendExists,
  issuerRefExists,
  kyvernoExceptionNamespace,
  kyvernoNoBroadExclusions,
  litellmFallbacksServed,
  llmEndpointNotPublic,
  manifestReadByApplication,
  middlewareRefExists,
  modelFitsGpu,
  namespaceDefaultDeny,
  namespaceQuotaFits,
  needsSyncOrder,
  networkFlows,
  noClusterAdminBinding,
  noHostNamespaces,
  noHostPath,
  noPlainSecrets,
  noPrivilegeEscalation,
  noPrivileged,
  noWeakValues,
  oauth2ProxyCookieSecret,
  oneOwnerPerObject,
  podSchedulable,
  probesPresent,
  pvcRefExists,
  readOnlyRootFs,
  resourceLimits,
  runAsNonRoot,
  schemaValid,
  secretRefExists,
  serviceAccountExists,
  serviceSelectorMatches,
  singleAppInstance,
  storageClassExists,
  uniqueHosts,
  urlReachable,
];
