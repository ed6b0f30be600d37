/**
 * The Kubernetes object types the kubelet reads, from `@irsa-lab/apiserver`
 * (core/v1 shapes as the apiserver stores them), gathered in one place.
 */

export type {
  Container,
  EnvVar,
  Pod,
  PodSpec,
  ServiceAccountTokenProjection,
  Volume,
  VolumeMount,
} from '@irsa-lab/apiserver';
