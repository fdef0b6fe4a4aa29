/**
 * Offline checks of what ships for deployment: the Kustomize overlays rendered and
 * validated against the Kubernetes API schemas, the policies a platform team applies, the
 * API's ConfigMap bound with the service's own configuration classes, the edge's lighttpd
 * ConfigMap, the Dockerfiles, and the Prometheus rules (promtool's unit tests of the
 * alerts, the PrometheusRule in step with the rules file, a runbook for every alert).
 */
package dev.sponge.deploy;
