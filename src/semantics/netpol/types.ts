import type { SourcedObject } from '../objects.ts';
import type { Yaml } from '../pods.ts';

/** A container port of a pod, for named-port resolution. */
export interface ContainerPort {
  name?: string;
  port: number;
  protocol: string;
}

/** A pod as NetworkPolicies see it: namespace, labels and the ports its containers declare. */
export interface NetPod {
  /** `namespace/workload-name`, for messages. */
  id: string;
  namespace: string;
  labels: Record<string, string>;
  ports: ContainerPort[];
  /** Annotations of the pod template (where `shai.dev/calls` is read). */
  annotations?: Record<string, string>;
  /** JSON path of the pod template's metadata in its object, e.g. `.spec.template.metadata`. */
  metadataPath?: string;
  /** The workload whose pod template this is; absent for stand-in pods (e.g. a chart's pods not in the tree). */
  source?: SourcedObject;
}

/** A destination port: number and protocol (TCP unless said). */
export interface PortRef {
  port: number;
  protocol?: string;
}

/** A NetworkPolicy reduced to what reachability needs. */
export interface NetPolicy {
  source: SourcedObject;
  namespace: string;
  podSelector: Yaml;
  ingress: boolean;
  egress: boolean;
  ingressRules: Yaml[];
  egressRules: Yaml[];
}

/** Everything reachability needs from a tree: pods, policies and the labels of each namespace. */
export interface NetWorld {
  pods: NetPod[];
  policies: NetPolicy[];
  /** Labels of a namespace: those of its Namespace object plus kubernetes.io/metadata.name, always set by the API server. */
  namespaceLabels(ns: string): Record<string, string>;
  /** Labels of a service's pods that are not in the tree, as its Application declares them (`shai.dev/pod-labels`). */
  standInLabels?(ns: string, service: string): Record<string, string>;
}
