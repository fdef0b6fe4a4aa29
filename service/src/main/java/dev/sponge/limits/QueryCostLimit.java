package dev.sponge.limits;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.sponge.tenancy.Tenant;

/**
 * The {@link TenantLimit#QUERY_COST} gate: a query states its estimated partition reads
 * before its first points read, and one estimated above the tenant's budget is refused at
 * once with a 400, since asking again cannot help.
 */
@Component
public class QueryCostLimit {

	private final TenantLimitsService limits;

	private final LimitRefusals refusals;

	QueryCostLimit(TenantLimitsService limits, LimitRefusals refusals) {
		this.limits = limits;
		this.refusals = refusals;
	}

	/**
	 * Completes when {@code estimate} is within the tenant's budget, else fails with the
	 * problem {@code urn:sponge:problem:limit:query-cost}, carrying the budget
	 * ({@code value}) and the estimate ({@code inUse} and {@code estimate}).
	 * @param advice how to make the query cheaper, for the problem's detail
	 */
	public Mono<Void> admit(Tenant tenant, long estimate, String advice) {
		return this.limits.limits(tenant).flatMap((limits) -> {
			long budget = limits.get(TenantLimit.QUERY_COST);
			if (estimate <= budget) {
				return Mono.empty();
			}
			return Mono
				.error(this.refusals
					.exceeds(TenantLimit.QUERY_COST, budget, estimate, "The query would read about " + estimate
							+ " Cassandra partitions, more than the tenant's " + budget + " per query; " + advice)
					.withProperty("estimate", estimate));
		});
	}

}
