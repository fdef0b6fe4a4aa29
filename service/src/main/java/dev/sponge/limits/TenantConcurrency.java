package dev.sponge.limits;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.sponge.problem.ApiProblem;
import dev.sponge.tenancy.Tenant;

/**
 * Counts, per tenant and limit, the requests in progress on this instance, and refuses
 * one beyond the tenant's limit with 429 before it starts. An entry leaves the map when
 * its count returns to zero, so the map holds only tenants with work in progress.
 */
@Component
public class TenantConcurrency {

	/** Requests end all the time; a refused client may try again soon. */
	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	/** Streams last: a refused stream client should wait a little longer. */
	private static final Duration STREAM_RETRY_AFTER = Duration.ofSeconds(5);

	private final ConcurrentHashMap<Key, Integer> inProgress = new ConcurrentHashMap<>();

	private final LimitRefusals refusals;

	private final TenantLimitsService limits;

	TenantConcurrency(LimitRefusals refusals, TenantLimitsService limits) {
		this.refusals = refusals;
		this.limits = limits;
	}

	/** Runs {@code work} within the tenant's {@code limit}, as its limits say now. */
	public <T> Mono<T> within(Tenant tenant, TenantLimit limit, Mono<T> work) {
		return this.limits.limits(tenant).flatMap((limits) -> run(tenant, limit, limits.get(limit), work));
	}

	/** As {@link #within(Tenant, TenantLimit, Mono)}, for a stream of results. */
	public <T> Flux<T> withinMany(Tenant tenant, TenantLimit limit, Flux<T> work) {
		return this.limits.limits(tenant).flatMapMany((limits) -> runMany(tenant, limit, limits.get(limit), work));
	}

	/**
	 * Runs {@code work} in one of the tenant's slots for {@code limit}, or refuses it.
	 */
	public <T> Mono<T> run(Tenant tenant, TenantLimit limit, long max, Mono<T> work) {
		return Mono.defer(() -> {
			Key key = new Key(tenant.id(), limit);
			acquire(key, max);
			return work.doFinally((signal) -> release(key));
		});
	}

	/** As {@link #run(Tenant, TenantLimit, long, Mono)}, for a stream of results. */
	public <T> Flux<T> runMany(Tenant tenant, TenantLimit limit, long max, Flux<T> work) {
		return Flux.defer(() -> {
			Key key = new Key(tenant.id(), limit);
			acquire(key, max);
			return work.doFinally((signal) -> release(key));
		});
	}

	/** Requests of the tenant in progress now under {@code limit}. */
	public int inProgress(Tenant tenant, TenantLimit limit) {
		return this.inProgress.getOrDefault(new Key(tenant.id(), limit), 0);
	}

	private void acquire(Key key, long max) {
		this.inProgress.compute(key, (k, count) -> {
			int current = (count != null) ? count : 0;
			if (current >= max) {
				throw refusal(key.limit(), max, current);
			}
			return current + 1;
		});
	}

	private void release(Key key) {
		this.inProgress.computeIfPresent(key, (k, count) -> (count > 1) ? count - 1 : null);
	}

	private ApiProblem refusal(TenantLimit limit, long max, int current) {
		return this.refusals.refuse(limit, max, current,
				(limit == TenantLimit.LIVE_STREAMS) ? STREAM_RETRY_AFTER : RETRY_AFTER,
				"The tenant already has " + current + " " + describe(limit) + " in progress on this instance");
	}

	private static String describe(TenantLimit limit) {
		return switch (limit) {
			case CONCURRENT_INGEST_REQUESTS -> "ingest requests";
			case CONCURRENT_QUERIES -> "queries";
			case LIVE_STREAMS -> "live streams";
			default -> limit.key();
		};
	}

	private record Key(String tenant, TenantLimit limit) {
	}

}
