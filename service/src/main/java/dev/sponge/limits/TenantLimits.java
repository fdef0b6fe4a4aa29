package dev.sponge.limits;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tenant's limits in force: the instance defaults with the tenant's overrides on top.
 */
public final class TenantLimits {

	private final Map<TenantLimit, Long> values;

	private final Map<TenantLimit, Long> defaults;

	TenantLimits(Map<TenantLimit, Long> defaults, Map<String, Long> overrides) {
		this.defaults = Collections.unmodifiableMap(new EnumMap<>(defaults));
		Map<TenantLimit, Long> values = new EnumMap<>(defaults);
		// A stored name this version does not know (written by a newer one) is ignored.
		overrides.forEach((key, value) -> TenantLimit.ofKey(key).ifPresent((limit) -> values.put(limit, value)));
		this.values = Collections.unmodifiableMap(values);
	}

	public long get(TenantLimit limit) {
		return this.values.get(limit);
	}

	boolean isDefault(TenantLimit limit) {
		return this.values.get(limit).equals(this.defaults.get(limit));
	}

	/** Every limit by its API name, in declaration order. */
	Map<String, Long> byKey() {
		Map<String, Long> byKey = new LinkedHashMap<>();
		this.values.forEach((limit, value) -> byKey.put(limit.key(), value));
		return byKey;
	}

}
