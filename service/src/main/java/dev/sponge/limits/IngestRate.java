package dev.sponge.limits;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

import dev.sponge.tenancy.Tenant;

/**
 * The ingest rate limit: one token bucket per tenant on this instance, holding up to the
 * tenant's burst and refilled at its points per second. A write is admitted while the
 * bucket is not in debt and takes all its points, even more than the bucket holds (so a
 * request larger than the burst still gets through, and pays for it by waiting); a write
 * that finds the bucket in debt is refused with 429 and a {@code Retry-After} of the time
 * the debt takes to clear.
 */
@Component
public class IngestRate {

	private final Cache<String, TokenBucket> buckets;

	private final Clock clock;

	private final LimitRefusals refusals;

	IngestRate(LimitsProperties properties, Clock clock, LimitRefusals refusals) {
		this.clock = clock;
		this.refusals = refusals;
		// A bucket unused this long has refilled: dropping it loses nothing.
		this.buckets = Caffeine.newBuilder().expireAfterAccess(properties.idleBucketExpiry()).build();
	}

	/**
	 * Takes {@code points} from the tenant's bucket, or throws the 429 problem of
	 * {@link TenantLimit#INGEST_POINTS_PER_SECOND} and takes nothing.
	 */
	public void take(Tenant tenant, TenantLimits limits, long points) {
		long rate = limits.get(TenantLimit.INGEST_POINTS_PER_SECOND);
		long burst = limits.get(TenantLimit.INGEST_BURST);
		TokenBucket bucket = this.buckets.get(tenant.id(), (id) -> new TokenBucket(burst, this.clock.millis()));
		double debt = bucket.take(points, rate, burst, this.clock.millis());
		if (debt > 0) {
			throw this.refusals.refuse(TenantLimit.INGEST_POINTS_PER_SECOND, rate, Math.round(debt),
					Duration.ofMillis(TokenBucket.waitMillis(debt, rate)),
					"The tenant wrote faster than its ingest rate on this instance; nothing of this request was "
							+ "written");
		}
	}

	/**
	 * Throws the 429 of {@link #take} when the tenant's bucket is in debt, taking
	 * nothing: asked before a request's body is read, so a tenant writing past its rate
	 * is refused without its bodies being parsed (a refused body used to cost as much CPU
	 * as a written one).
	 */
	public void refuseIfInDebt(Tenant tenant, TenantLimits limits) {
		take(tenant, limits, 0);
	}

}
