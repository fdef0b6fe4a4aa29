package dev.sponge.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Service;

/**
 * The API pods' probes, Services, scraping, alerts and shutdown timing, checked against
 * the service's real Actuator and shutdown configuration
 * ({@link ApiConfiguration.Actuator}). Returns what disagrees; empty when everything
 * points at what the service serves.
 */
final class ActuatorWiring {

	/** Time for the JVM to exit after the graceful shutdown phase. */
	static final int EXIT_MARGIN_SECONDS = 5;

	private static final Pattern JOB = Pattern.compile("job=\"([^\"]*)\"");

	private ActuatorWiring() {
	}

	static List<String> check(Rendered rendered, ApiConfiguration.Actuator actuator) {
		List<String> problems = new ArrayList<>();
		if (actuator.managementPort() == null || actuator.managementPort() == actuator.serverPort()) {
			problems.add("management.server.port must be set, apart from server.port " + actuator.serverPort());
			return problems;
		}
		if (!actuator.probesEnabled()) {
			problems
				.add("management.endpoint.health.probes.enabled must be true for the liveness and readiness groups");
		}
		if (!actuator.exposed().containsAll(Set.of("health", "prometheus"))) {
			problems.add("management.endpoints.web.exposure.include must include health and prometheus");
		}
		V1Deployment api = rendered.deployment("sponge-api");
		V1Container container = Rendered.container(api, "api");
		List<Integer> declared = Objects.requireNonNullElse(container.getPorts(), List.<V1ContainerPort>of())
			.stream()
			.map(V1ContainerPort::getContainerPort)
			.toList();
		if (!declared.containsAll(List.of(actuator.serverPort(), actuator.managementPort()))) {
			problems.add("the api container declares ports " + declared + ", not server.port " + actuator.serverPort()
					+ " and management.server.port " + actuator.managementPort());
		}
		probe(problems, api, "liveness", container.getLivenessProbe(), Set.of(actuator.liveness()), actuator);
		probe(problems, api, "readiness", container.getReadinessProbe(), Set.of(actuator.readiness()), actuator);
		probe(problems, api, "startup", container.getStartupProbe(), Set.of(actuator.liveness(), actuator.readiness()),
				actuator);
		servicePort(problems, rendered, api, "sponge-api", actuator.serverPort());
		servicePort(problems, rendered, api, "sponge-api-management", actuator.managementPort());
		for (ServiceMonitor monitor : rendered.all(ServiceMonitor.class)) {
			for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
				if (!actuator.prometheus().equals(endpoint.getPath())) {
					problems.add("ServiceMonitor " + Rendered.name(monitor) + " scrapes " + endpoint.getPath()
							+ ", not " + actuator.prometheus());
				}
			}
			List<String> scraped = rendered.all(V1Service.class)
				.stream()
				.filter((s) -> Labels.matches(WiringPolicy.labelSelector(monitor.getSpec().getSelector()),
						s.getMetadata().getLabels()))
				.map(Rendered::name)
				.toList();
			if (!scraped.equals(List.of("sponge-api-management"))) {
				problems.add("ServiceMonitor " + Rendered.name(monitor) + " selects " + scraped
						+ ", not exactly sponge-api-management");
			}
			for (PrometheusRule rule : rendered.all(PrometheusRule.class)) {
				for (RuleGroup group : rule.getSpec().getGroups()) {
					for (Rule alert : group.getRules()) {
						Matcher job = JOB.matcher(String.valueOf(alert.getExpr().getStrVal()));
						while (job.find()) {
							if (!scraped.contains(job.group(1))) {
								problems.add("alert " + alert.getAlert() + " selects job " + job.group(1)
										+ ", which is not the ServiceMonitor's scrape job " + scraped);
							}
						}
					}
				}
			}
		}
		if (!"graceful".equalsIgnoreCase(actuator.shutdown())) {
			problems.add("server.shutdown must be graceful");
		}
		Integer preStop = PodPolicy.preStopSleepSeconds(container);
		long needed = Objects.requireNonNullElse(preStop, 0) + actuator.shutdownPhase().toSeconds()
				+ EXIT_MARGIN_SECONDS;
		Long grace = api.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
		if (grace == null || grace < needed) {
			problems.add("terminationGracePeriodSeconds " + grace + " is shorter than preStop " + preStop
					+ "s + spring.lifecycle.timeout-per-shutdown-phase " + actuator.shutdownPhase().toSeconds() + "s + "
					+ EXIT_MARGIN_SECONDS + "s");
		}
		return problems;
	}

	private static void probe(List<String> problems, V1Deployment api, String kind, V1Probe probe, Set<String> paths,
			ApiConfiguration.Actuator actuator) {
		if (probe == null || probe.getHttpGet() == null) {
			problems.add("the api container needs an HTTP " + kind + " probe");
			return;
		}
		if (!paths.contains(probe.getHttpGet().getPath())) {
			problems.add(kind + " probe asks " + probe.getHttpGet().getPath() + ", not " + paths);
		}
		Optional<Integer> port = WiringPolicy.containerPort(api, probe.getHttpGet().getPort());
		if (!port.equals(Optional.of(actuator.managementPort()))) {
			problems.add(kind + " probe uses port " + probe.getHttpGet().getPort() + ", not management.server.port "
					+ actuator.managementPort());
		}
	}

	private static void servicePort(List<String> problems, Rendered rendered, V1Deployment api, String service,
			int expected) {
		List<Integer> targets = rendered.named(V1Service.class, service)
			.getSpec()
			.getPorts()
			.stream()
			.map((p) -> WiringPolicy
				.containerPort(api, Objects.requireNonNullElse(p.getTargetPort(), new IntOrString(p.getPort())))
				.orElse(-1))
			.toList();
		if (!targets.equals(List.of(expected))) {
			problems.add("Service " + service + " targets container ports " + targets + ", not " + expected);
		}
	}

}
