package dev.sponge.limits;

import java.util.HashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

import dev.sponge.problem.ApiProblem;
import dev.sponge.retention.TenantSettingsStore;
import dev.sponge.tenancy.Tenant;

/**
 * A tenant's limits in force, from the instance defaults and the overrides stored in
 * {@code tenant_settings} (cached with the rest of the tenant's settings, so a change
 * made through another instance applies here within {@code sponge.retention.refresh}).
 */
@Service
public class TenantLimitsService {

	private final TenantSettingsStore settings;

	private final LimitsProperties properties;

	TenantLimitsService(TenantSettingsStore settings, LimitsProperties properties) {
		this.settings = settings;
		this.properties = properties;
	}

	public Mono<TenantLimits> limits(Tenant tenant) {
		return this.settings.settings(tenant)
			.map((stored) -> new TenantLimits(this.properties.defaults(), stored.limitOverrides()));
	}

	/**
	 * Applies {@code changes} (limit name to a value, or to {@code null} for the default)
	 * over the tenant's current overrides; refuses the whole change with 400 if a name is
	 * unknown or a value out of range.
	 */
	Mono<TenantLimits> change(Tenant tenant, Map<String, Long> changes) {
		changes.forEach(this::validate);
		return this.settings.settings(tenant).flatMap((stored) -> {
			Map<String, Long> overrides = new HashMap<>(stored.limitOverrides());
			overrides.keySet().removeIf((key) -> TenantLimit.ofKey(key).isEmpty());
			changes.forEach((key, value) -> {
				if (value == null) {
					overrides.remove(key);
				}
				else {
					overrides.put(key, value);
				}
			});
			return this.settings.setLimitOverrides(tenant, overrides)
				.thenReturn(new TenantLimits(this.properties.defaults(), overrides));
		});
	}

	private void validate(String key, Long value) {
		TenantLimit limit = TenantLimit.ofKey(key)
			.orElseThrow(() -> ApiProblem.badRequest("Unknown limit '" + key + "'; the limits are "
					+ String.join(", ", java.util.Arrays.stream(TenantLimit.values()).map(TenantLimit::key).toList())));
		long max = this.properties.defaults().get(limit) * this.properties.maxOverrideFactor();
		if (value != null && (value < 1 || value > max)) {
			throw ApiProblem.badRequest("Limit '" + key + "' must be from 1 to " + max + " ("
					+ this.properties.maxOverrideFactor() + " times its default, sponge.limits.max-override-factor), "
					+ "or null for the default; was " + value);
		}
	}

}
