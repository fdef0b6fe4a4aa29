package dev.sponge.limits;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.sponge.points.ReadTally;
import dev.sponge.tenancy.Tenant;

/**
 * The query read rate ({@link TenantLimit#QUERY_POINTS_PER_SECOND}): one token bucket per
 * tenant on this instance, holding {@link #BURST_SECONDS} of the tenant's rate. A query
 * is admitted while the bucket is not in debt, and when it ends (answered, failed or
 * cancelled) pays for every row it read from Cassandra: points, rollup rows and latest
 * values. How much a query will read is only known once it has read it, so a query may
 * overdraw the bucket; the tenant's next queries are then refused with 429 and a
 * {@code Retry-After} of the time the debt takes to clear. This bounds the Cassandra and
 * CPU time one tenant's queries take on an instance, which the concurrent-query limit
 * alone does not: one query at a time, back to back, can keep a core busy.
 */
@Component
public class QueryReadRate {

	/**
	 * Rows a tenant quiet for a while may read at once: this many seconds of its rate.
	 */
	static final long BURST_SECONDS = 10;

	private final Cache<String, TokenBucket> buckets;

	private final TenantLimitsService limits;

	private final LimitRefusals refusals;

	private final Clock clock;

	QueryReadRate(LimitsProperties properties, TenantLimitsService limits, LimitRefusals refusals, Clock clock) {
		this.limits = limits;
		this.refusals = refusals;
		this.clock = clock;
		// A bucket unused this long has refilled: dropping it loses nothing.
		this.buckets = Caffeine.newBuilder().expireAfterAccess(properties.idleBucketExpiry()).build();
	}

	/**
	 * Runs {@code query} within the tenant's read rate, or refuses it with the 429
	 * problem of {@link TenantLimit#QUERY_POINTS_PER_SECOND} before it reads anything.
	 */
	public <T> Mono<T> metered(Tenant tenant, Mono<T> query) {
		return this.limits.limits(tenant).flatMap((limits) -> metered(tenant, limits, query));
	}

	/** As {@link #metered(Tenant, Mono)}, with the tenant's limits in force. */
	<T> Mono<T> metered(Tenant tenant, TenantLimits limits, Mono<T> query) {
		return Mono.defer(() -> {
			long rate = limits.get(TenantLimit.QUERY_POINTS_PER_SECOND);
			long capacity = Math.multiplyExact(rate, BURST_SECONDS);
			TokenBucket bucket = this.buckets.get(tenant.id(), (id) -> new TokenBucket(capacity, this.clock.millis()));
			double debt = bucket.take(0, rate, capacity, this.clock.millis());
			if (debt > 0) {
				return Mono.error(this.refusals.refuse(TenantLimit.QUERY_POINTS_PER_SECOND, rate, Math.round(debt),
						Duration.ofMillis(TokenBucket.waitMillis(debt, rate)),
						"The tenant's queries read more points than its query read rate on this instance allows; "
								+ "its next query is admitted once the rows read beyond it are paid off"));
			}
			ReadTally tally = new ReadTally();
			return tally.tallying(query)
				.doFinally((signal) -> bucket.charge(tally.rows(), rate, capacity, this.clock.millis()));
		});
	}

}
