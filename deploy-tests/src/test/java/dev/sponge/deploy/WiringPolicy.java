package dev.sponge.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

/**
 * Labels, selectors, names and ports that must agree across objects: a Service that
 * selects no pod or targets a port no container has, an autoscaler or budget aimed at
 * nothing, a ServiceMonitor that scrapes no Service, a PodMonitor that scrapes no pod's
 * port. Returns what is wrong; empty when all agree.
 */
final class WiringPolicy {

	private WiringPolicy() {
	}

	static List<String> references(Rendered rendered) {
		List<String> problems = new ArrayList<>();
		List<V1Deployment> deployments = rendered.all(V1Deployment.class);
		List<V1Namespace> namespaces = rendered.all(V1Namespace.class);
		if (namespaces.size() != 1) {
			problems.add("expected one Namespace, found " + namespaces.size());
		}
		else {
			String namespace = Rendered.name(namespaces.get(0));
			rendered.objects()
				.stream()
				.filter((o) -> !(o instanceof V1Namespace) && !namespace.equals(Rendered.namespace(o)))
				.forEach((o) -> problems.add(Rendered.name(o) + " is not in namespace " + namespace));
		}
		rendered.all(V1Secret.class)
			.forEach((secret) -> problems
				.add("Secret " + Rendered.name(secret) + " is committed; reference it instead"));
		for (V1Service service : rendered.all(V1Service.class)) {
			Optional<V1Deployment> target = deployments.stream()
				.filter((d) -> Labels.matches(service.getSpec().getSelector(), podLabels(d)))
				.findFirst();
			if (target.isEmpty()) {
				problems.add("Service " + Rendered.name(service) + " selects no Deployment's pods");
				continue;
			}
			for (V1ServicePort port : service.getSpec().getPorts()) {
				IntOrString targetPort = Objects.requireNonNullElse(port.getTargetPort(),
						new IntOrString(port.getPort()));
				if (containerPort(target.get(), targetPort).isEmpty()) {
					problems.add("Service " + Rendered.name(service) + " targets port " + targetPort + ", which "
							+ Rendered.name(target.get()) + " does not declare");
				}
			}
		}
		for (V2HorizontalPodAutoscaler hpa : rendered.all(V2HorizontalPodAutoscaler.class)) {
			var ref = hpa.getSpec().getScaleTargetRef();
			Optional<V1Deployment> target = deployments.stream()
				.filter((d) -> "Deployment".equals(ref.getKind()) && Rendered.name(d).equals(ref.getName()))
				.findFirst();
			if (target.isEmpty()) {
				problems.add("HorizontalPodAutoscaler " + Rendered.name(hpa) + " scales no rendered Deployment");
			}
			else if (Objects.requireNonNullElse(hpa.getSpec().getMinReplicas(), 1) > hpa.getSpec().getMaxReplicas()) {
				problems.add("HorizontalPodAutoscaler " + Rendered.name(hpa) + " has minReplicas above maxReplicas");
			}
		}
		for (V1PodDisruptionBudget pdb : rendered.all(V1PodDisruptionBudget.class)) {
			if (deployments.stream().noneMatch((d) -> Labels.matches(pdb.getSpec().getSelector(), podLabels(d)))) {
				problems.add("PodDisruptionBudget " + Rendered.name(pdb) + " selects no Deployment's pods");
			}
		}
		for (V1NetworkPolicy policy : rendered.all(V1NetworkPolicy.class)) {
			V1LabelSelector selector = policy.getSpec().getPodSelector();
			if (!Labels.isEmpty(selector)
					&& deployments.stream().noneMatch((d) -> Labels.matches(selector, podLabels(d)))) {
				problems.add("NetworkPolicy " + Rendered.name(policy) + " selects no Deployment's pods");
			}
		}
		for (ServiceMonitor monitor : rendered.all(ServiceMonitor.class)) {
			V1LabelSelector selector = labelSelector(monitor.getSpec().getSelector());
			List<V1Service> scraped = rendered.all(V1Service.class)
				.stream()
				.filter((s) -> Labels.matches(selector, s.getMetadata().getLabels()))
				.toList();
			for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
				if (scraped.stream()
					.noneMatch((s) -> s.getSpec()
						.getPorts()
						.stream()
						.anyMatch((p) -> endpoint.getPort().equals(p.getName())))) {
					problems.add("ServiceMonitor " + Rendered.name(monitor) + " scrapes port " + endpoint.getPort()
							+ " of no selected Service");
				}
			}
		}
		for (PodMonitor monitor : rendered.all(PodMonitor.class)) {
			V1LabelSelector selector = labelSelector(monitor.getSpec().getSelector());
			Optional<V1Deployment> target = deployments.stream()
				.filter((d) -> Labels.matches(selector, podLabels(d)))
				.findFirst();
			if (target.isEmpty()) {
				problems.add("PodMonitor " + Rendered.name(monitor) + " selects no Deployment's pods");
				continue;
			}
			for (PodMetricsEndpoint endpoint : Objects.requireNonNullElse(monitor.getSpec().getPodMetricsEndpoints(),
					List.<PodMetricsEndpoint>of())) {
				if (endpoint.getPort() == null
						|| containerPort(target.get(), new IntOrString(endpoint.getPort())).isEmpty()) {
					problems.add("PodMonitor " + Rendered.name(monitor) + " scrapes port " + endpoint.getPort()
							+ ", which " + Rendered.name(target.get()) + " does not declare");
				}
			}
		}
		for (V1Deployment deployment : deployments) {
			var pod = deployment.getSpec().getTemplate().getSpec();
			boolean accountOk = rendered.all(V1ServiceAccount.class)
				.stream()
				.anyMatch((a) -> Rendered.name(a).equals(pod.getServiceAccountName())
						&& Boolean.FALSE.equals(a.getAutomountServiceAccountToken()));
			if (!accountOk) {
				problems.add(Rendered.name(deployment) + " needs its own rendered ServiceAccount without token mount");
			}
			for (V1Volume volume : Objects.requireNonNullElse(pod.getVolumes(), List.<V1Volume>of())) {
				if (volume.getConfigMap() != null && rendered.all(V1ConfigMap.class)
					.stream()
					.noneMatch((c) -> Rendered.name(c).equals(volume.getConfigMap().getName()))) {
					problems.add(Rendered.name(deployment) + " mounts ConfigMap " + volume.getConfigMap().getName()
							+ ", which is not rendered");
				}
			}
		}
		return problems;
	}

	static Map<String, String> podLabels(V1Deployment deployment) {
		return deployment.getSpec().getTemplate().getMetadata().getLabels();
	}

	/** The container port a Service or NetworkPolicy port (number or name) refers to. */
	static Optional<Integer> containerPort(V1Deployment deployment, IntOrString port) {
		return deployment.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.stream()
			.flatMap((V1Container c) -> Objects.requireNonNullElse(c.getPorts(), List.<V1ContainerPort>of()).stream())
			.filter((p) -> port.isInteger() ? p.getContainerPort().equals(port.getIntValue())
					: port.getStrValue().equals(p.getName()))
			.map(V1ContainerPort::getContainerPort)
			.findFirst();
	}

	static V1LabelSelector labelSelector(io.fabric8.kubernetes.api.model.LabelSelector selector) {
		if (selector == null) {
			return null;
		}
		V1LabelSelector converted = new V1LabelSelector().matchLabels(selector.getMatchLabels());
		for (var expression : Objects.requireNonNullElse(selector.getMatchExpressions(),
				List.<io.fabric8.kubernetes.api.model.LabelSelectorRequirement>of())) {
			converted.addMatchExpressionsItem(new V1LabelSelectorRequirement().key(expression.getKey())
				.operator(expression.getOperator())
				.values(expression.getValues()));
		}
		return converted;
	}

}
