package dev.sponge.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sponge.points.ReadTally;
import dev.sponge.problem.ApiProblem;
import dev.sponge.support.MovableClock;
import dev.sponge.tenancy.Tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class QueryReadRateTest {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MovableClock clock = new MovableClock();

	private final LimitsProperties properties = new LimitsProperties(10, 100, 16, 16, 10, 10, 10000, 1000, 10,
			Duration.ofMinutes(10));

	/** Ten rows a second, a hundred at once. */
	private final TenantLimits limits = new TenantLimits(this.properties.defaults(), Map.of());

	private final QueryReadRate rate = new QueryReadRate(this.properties, null, new LimitRefusals(this.registry),
			this.clock);

	private final Tenant tenant = new Tenant("t1");

	@Test
	void aQueryLargerThanTheBurstIsAnsweredAndTheNextWaitsUntilItsReadsArePaid() {
		assertThat(this.rate.metered(this.tenant, this.limits, reading(150)).block()).isEqualTo(150L);

		ApiProblem refused = catchThrowableOfType(ApiProblem.class,
				() -> this.rate.metered(this.tenant, this.limits, reading(1)).block());
		assertThat(refused.type()).isEqualTo("urn:sponge:problem:limit:query-points-per-second");
		assertThat(refused.status().value()).isEqualTo(429);
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(5));
		assertThat(refused.properties()).containsEntry("value", 10L).containsEntry("inUse", 50L);
		assertThat(this.registry.get("sponge.limits.refused").tag("limit", "query-points-per-second").counter().count())
			.isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.rate.metered(this.tenant, this.limits, reading(1)).block()).isEqualTo(1L);
	}

	@Test
	void aRefusedQueryReadsNothing() {
		this.rate.metered(this.tenant, this.limits, reading(101)).block();
		AtomicBoolean read = new AtomicBoolean();

		catchThrowableOfType(ApiProblem.class,
				() -> this.rate.metered(this.tenant, this.limits, Mono.fromCallable(() -> read.getAndSet(true)))
					.block());

		assertThat(read).isFalse();
	}

	@Test
	void aCancelledQueryPaysForTheRowsItRead() {
		Disposable query = this.rate
			.metered(this.tenant, this.limits,
					ReadTally.counted(Flux.range(0, 300)).concatWith(Flux.never()).then(Mono.just(0L)))
			.subscribe();
		query.dispose();

		ApiProblem refused = catchThrowableOfType(ApiProblem.class,
				() -> this.rate.metered(this.tenant, this.limits, reading(1)).block());
		assertThat(refused.properties()).containsEntry("inUse", 200L);
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void tenantsHaveTheirOwnBucketsAndReadsOutsideAQueryAreNotCharged() {
		this.rate.metered(this.tenant, this.limits, reading(500)).block();
		assertThat(reading(1000).block()).isEqualTo(1000L);

		assertThat(this.rate.metered(new Tenant("t2"), this.limits, reading(1)).block()).isEqualTo(1L);
		this.clock.advance(Duration.ofSeconds(40));
		assertThat(this.rate.metered(this.tenant, this.limits, reading(1)).block()).isEqualTo(1L);
	}

	/** A query that reads {@code rows} rows from storage and answers how many it read. */
	private static Mono<Long> reading(int rows) {
		return ReadTally.counted(Flux.range(0, rows)).count();
	}

}
