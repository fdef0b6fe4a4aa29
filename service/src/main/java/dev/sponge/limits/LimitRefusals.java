package dev.sponge.limits;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import dev.sponge.problem.ApiProblem;

/**
 * Turns a refusal by a limit into its 429 problem, and counts refusals by limit
 * ({@code sponge.limits.refused}, one series per limit, no tenant label).
 */
@Component
class LimitRefusals {

	private final Map<TenantLimit, Counter> refused = new EnumMap<>(TenantLimit.class);

	LimitRefusals(MeterRegistry registry) {
		for (TenantLimit limit : TenantLimit.values()) {
			this.refused.put(limit,
					Counter.builder("sponge.limits.refused")
						.description("Requests refused because their tenant was over a per-tenant limit")
						.tag("limit", limit.key())
						.register(registry));
		}
	}

	/**
	 * The problem for a request refused by {@code limit}: its type names the limit, its
	 * body carries the limit's value and the tenant's current use.
	 */
	ApiProblem refuse(TenantLimit limit, long value, long inUse, Duration retryAfter, String detail) {
		this.refused.get(limit).increment();
		return ApiProblem
			.tooManyRequests(detail + " (limit " + limit.key() + " = " + value + ", in use " + inUse
					+ "; an ADMIN sees and sets the tenant's limits at /api/v1/limits)", retryAfter)
			.withType(limit.problemType())
			.withProperty("limit", limit.key())
			.withProperty("value", value)
			.withProperty("inUse", inUse);
	}

}
