package dev.sponge.deploy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;

/** Kubernetes label selector semantics. */
final class Labels {

	private Labels() {
	}

	/**
	 * Whether the selector selects an object with these labels; a null selector selects
	 * nothing.
	 */
	static boolean matches(V1LabelSelector selector, Map<String, String> labels) {
		if (selector == null) {
			return false;
		}
		Map<String, String> actual = Objects.requireNonNullElse(labels, Map.of());
		Map<String, String> required = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
		if (!required.entrySet().stream().allMatch((e) -> e.getValue().equals(actual.get(e.getKey())))) {
			return false;
		}
		for (V1LabelSelectorRequirement requirement : Objects.requireNonNullElse(selector.getMatchExpressions(),
				List.<V1LabelSelectorRequirement>of())) {
			String value = actual.get(requirement.getKey());
			List<String> values = Objects.requireNonNullElse(requirement.getValues(), List.of());
			boolean ok = switch (requirement.getOperator()) {
				case "In" -> value != null && values.contains(value);
				case "NotIn" -> value == null || !values.contains(value);
				case "Exists" -> value != null;
				case "DoesNotExist" -> value == null;
				default -> false;
			};
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Service-style selector: every pair must be present; an empty selector selects
	 * nothing here.
	 */
	static boolean matches(Map<String, String> selector, Map<String, String> labels) {
		return selector != null && !selector.isEmpty() && labels != null
				&& selector.entrySet().stream().allMatch((e) -> e.getValue().equals(labels.get(e.getKey())));
	}

	static boolean isEmpty(V1LabelSelector selector) {
		return selector != null && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
				&& (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
	}

}
