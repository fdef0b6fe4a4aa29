/**
 * Offline checks of what ships for deployment: the Kustomize overlays rendered and
 * validated against the Kubernetes API schemas, the policies a platform team applies, the
 * API's ConfigMap bound with the service's own configuration classes, the edge's lighttpd
 * ConfigMap, and the Dockerfiles.
 */
package dev.sponge.deploy;
