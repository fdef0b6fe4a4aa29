package dev.sponge.limits;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import dev.sponge.problem.ApiProblem;

/**
 * Turns a refusal by a limit into its problem (429, or 400 for a query over its cost),
 * and counts refusals by limit ({@code sponge.limits.refused}, one series per limit, no
 * tenant label).
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
		return typed(ApiProblem.tooManyRequests(detailed(limit, value, inUse, detail), retryAfter), limit, value,
				inUse);
	}

	/**
	 * The 400 problem for a request that asks more than {@code limit} allows by itself,
	 * so that a retry cannot help: as {@link #refuse} with the request's own use.
	 */
	ApiProblem exceeds(TenantLimit limit, long value, long use, String detail) {
		return typed(ApiProblem.badRequest(detailed(limit, value, use, detail)), limit, value, use);
	}

	private static String detailed(TenantLimit limit, long value, long inUse, String detail) {
		return detail + " (limit " + limit.key() + " = " + value + ", in use " + inUse
				+ "; an ADMIN sees and sets the tenant's limits at /api/v1/limits)";
	}

	private ApiProblem typed(ApiProblem problem, TenantLimit limit, long value, long inUse) {
		this.refused.get(limit).increment();
		return problem.withType(limit.problemType())
			.withProperty("limit", limit.key())
			.withProperty("value", value)
			.withProperty("inUse", inUse);
	}

}
