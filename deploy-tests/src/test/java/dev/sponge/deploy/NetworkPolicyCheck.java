package dev.sponge.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1NetworkPolicyEgressRule;
import io.kubernetes.client.openapi.models.V1NetworkPolicyIngressRule;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPeer;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPort;

/**
 * Who reaches whom, read from the rendered NetworkPolicies: everything denied by default;
 * the API port only from the edge; the management port and the edge's metrics port only
 * from Prometheus; the API pods reach only Cassandra, the issuer (HTTPS to public
 * addresses) and DNS; the edge reaches only the API and DNS. Returns what is wrong; empty
 * when the policies say exactly that.
 */
final class NetworkPolicyCheck {

	static final int CQL_PORT = 9042;

	static final int HTTPS_PORT = 443;

	static final int DNS_PORT = 53;

	/** The edge pod's port for Prometheus (its mtail sidecar), by name. */
	static final String EDGE_METRICS_PORT = "metrics";

	/** The issuer rule must leave these out: it is for the public internet. */
	private static final Set<String> PRIVATE_RANGES = Set.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");

	private NetworkPolicyCheck() {
	}

	static List<String> check(Rendered rendered, int apiPort, int managementPort) {
		List<String> problems = new ArrayList<>();
		List<V1NetworkPolicy> policies = rendered.all(V1NetworkPolicy.class);
		boolean defaultDeny = policies.stream()
			.anyMatch((p) -> Labels.isEmpty(p.getSpec().getPodSelector())
					&& p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
					&& isEmpty(p.getSpec().getIngress()) && isEmpty(p.getSpec().getEgress()));
		if (!defaultDeny) {
			problems.add("no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)");
		}
		V1Deployment api = rendered.deployment("sponge-api");
		V1Deployment edge = rendered.deployment("sponge-edge");
		Predicate<V1NetworkPolicyPeer> fromEdge = (peer) -> peer.getNamespaceSelector() == null
				&& peer.getIpBlock() == null && Labels.matches(peer.getPodSelector(), WiringPolicy.podLabels(edge));
		Predicate<V1NetworkPolicyPeer> fromPrometheus = (peer) -> peer.getNamespaceSelector() != null
				&& peer.getPodSelector() != null && peer.getPodSelector().getMatchLabels() != null
				&& "prometheus".equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"));
		Predicate<V1NetworkPolicyPeer> toApi = (peer) -> peer.getNamespaceSelector() == null
				&& peer.getIpBlock() == null && Labels.matches(peer.getPodSelector(), WiringPolicy.podLabels(api));
		for (V1NetworkPolicy policy : policies) {
			String name = "NetworkPolicy " + Rendered.name(policy) + ": ";
			for (V1NetworkPolicyIngressRule rule : Objects.requireNonNullElse(policy.getSpec().getIngress(),
					List.<V1NetworkPolicyIngressRule>of())) {
				List<V1NetworkPolicyPeer> from = Objects.requireNonNullElse(rule.getFrom(), List.of());
				for (int port : ports(name, rule.getPorts(), problems, selected(policy, api) ? api : edge)) {
					if (selected(policy, api) && port == apiPort) {
						requirePeers(name + "API port " + port, from, fromEdge, "the edge's pods", problems);
					}
					else if (selected(policy, api) && port == managementPort) {
						requirePeers(name + "management port " + port, from, fromPrometheus, "Prometheus", problems);
					}
					else if (selected(policy, edge) && !selected(policy, api)
							&& WiringPolicy.containerPort(edge, new IntOrString(EDGE_METRICS_PORT))
								.equals(Optional.of(port))) {
						requirePeers(name + "metrics port " + port, from, fromPrometheus, "Prometheus", problems);
					}
					else if (!(selected(policy, edge) && !selected(policy, api)
							&& WiringPolicy.containerPort(edge, new IntOrString(port)).isPresent())) {
						problems.add(name + "lets traffic in on port " + port);
					}
				}
			}
			for (V1NetworkPolicyEgressRule rule : Objects.requireNonNullElse(policy.getSpec().getEgress(),
					List.<V1NetworkPolicyEgressRule>of())) {
				List<V1NetworkPolicyPeer> to = Objects.requireNonNullElse(rule.getTo(), List.of());
				for (int port : ports(name, rule.getPorts(), problems, null)) {
					if (port == DNS_PORT) {
						requirePeers(name + "DNS", to, NetworkPolicyCheck::isClusterDns, "the cluster DNS", problems);
					}
					else if (selected(policy, api) && port == CQL_PORT) {
						requirePeers(name + "CQL", to, NetworkPolicyCheck::isCassandra, "Cassandra's pods or addresses",
								problems);
					}
					else if (selected(policy, api) && port == HTTPS_PORT) {
						requirePeers(name + "HTTPS", to, NetworkPolicyCheck::isPublicAddresses,
								"public addresses (the issuer)", problems);
					}
					else if (selected(policy, edge) && !selected(policy, api) && port == apiPort) {
						requirePeers(name + "API", to, toApi, "the API's pods", problems);
					}
					else {
						problems.add(name + "lets traffic out on port " + port);
					}
				}
			}
		}
		return problems;
	}

	private static boolean isEmpty(List<?> rules) {
		return rules == null || rules.isEmpty();
	}

	private static boolean selected(V1NetworkPolicy policy, V1Deployment deployment) {
		return Labels.matches(policy.getSpec().getPodSelector(), WiringPolicy.podLabels(deployment));
	}

	private static List<Integer> ports(String name, List<V1NetworkPolicyPort> ports, List<String> problems,
			V1Deployment namedPortOwner) {
		if (ports == null || ports.isEmpty()) {
			problems.add(name + "a rule opens every port; name the ports");
			return List.of();
		}
		List<Integer> numbers = new ArrayList<>();
		for (V1NetworkPolicyPort port : ports) {
			if (port.getPort() == null || port.getEndPort() != null) {
				problems.add(name + "a rule opens a port range; name single ports");
			}
			else if (port.getPort().isInteger()) {
				numbers.add(port.getPort().getIntValue());
			}
			else if (namedPortOwner != null) {
				WiringPolicy.containerPort(namedPortOwner, port.getPort())
					.ifPresentOrElse(numbers::add, () -> problems
						.add(name + "names port " + port.getPort() + ", which no container declares"));
			}
			else {
				problems.add(name + "names port " + port.getPort() + " in an egress rule; use its number");
			}
		}
		return numbers;
	}

	private static void requirePeers(String what, List<V1NetworkPolicyPeer> peers,
			Predicate<V1NetworkPolicyPeer> allowed, String description, List<String> problems) {
		if (peers.isEmpty() || !peers.stream().allMatch(allowed)) {
			problems.add(what + " must be open to " + description + " only");
		}
	}

	private static boolean isClusterDns(V1NetworkPolicyPeer peer) {
		return peer.getNamespaceSelector() != null && peer.getPodSelector() != null
				&& peer.getPodSelector().getMatchLabels() != null
				&& "kube-dns".equals(peer.getPodSelector().getMatchLabels().get("k8s-app"));
	}

	private static boolean isCassandra(V1NetworkPolicyPeer peer) {
		if (peer.getIpBlock() != null) {
			return !peer.getIpBlock().getCidr().endsWith("/0");
		}
		return peer.getNamespaceSelector() != null && !Labels.isEmpty(peer.getNamespaceSelector())
				&& peer.getPodSelector() != null && !Labels.isEmpty(peer.getPodSelector());
	}

	private static boolean isPublicAddresses(V1NetworkPolicyPeer peer) {
		return peer.getIpBlock() != null && peer.getPodSelector() == null && peer.getNamespaceSelector() == null
				&& (!peer.getIpBlock().getCidr().endsWith("/0")
						|| Objects.requireNonNullElse(peer.getIpBlock().getExcept(), List.of())
							.containsAll(PRIVATE_RANGES));
	}

}
