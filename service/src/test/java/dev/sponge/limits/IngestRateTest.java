package dev.sponge.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.sponge.problem.ApiProblem;
import dev.sponge.tenancy.Tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class IngestRateTest {

	private final LimitsProperties properties = new LimitsProperties(10, 100, 16, 16, 500000, 10, 10000, 1000, 10,
			Duration.ofMinutes(10));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private Instant now = Instant.parse("2026-11-29T12:00:00Z");

	private final IngestRate rate = new IngestRate(this.properties, new Clock() {
		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return IngestRateTest.this.now;
		}
	}, new LimitRefusals(this.registry));

	private final TenantLimits limits = new TenantLimits(this.properties.defaults(), Map.of());

	private final Tenant tenant = new Tenant("t1");

	@Test
	void aWriteLargerThanTheBurstPassesAndTheNextWaitsUntilItsDebtIsPaid() {
		assertThatNoException().isThrownBy(() -> this.rate.take(this.tenant, this.limits, 150));

		ApiProblem refused = catchThrowableOfType(ApiProblem.class, () -> this.rate.take(this.tenant, this.limits, 1));
		assertThat(refused.type()).isEqualTo("urn:sponge:problem:limit:ingest-points-per-second");
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(5));
		assertThat(refused.properties()).containsEntry("value", 10L).containsEntry("inUse", 50L);
		assertThat(
				this.registry.get("sponge.limits.refused").tag("limit", "ingest-points-per-second").counter().count())
			.isEqualTo(1);

		this.now = this.now.plusSeconds(4);
		assertThat(catchThrowableOfType(ApiProblem.class, () -> this.rate.take(this.tenant, this.limits, 1)))
			.isNotNull();
		this.now = this.now.plusSeconds(1);
		assertThatNoException().isThrownBy(() -> this.rate.take(this.tenant, this.limits, 1));
	}

	@Test
	void aQuietTenantRefillsUpToItsBurstOnly() {
		this.rate.take(this.tenant, this.limits, 100);
		this.now = this.now.plusSeconds(3600);

		this.rate.take(this.tenant, this.limits, 100);

		assertThat(catchThrowableOfType(ApiProblem.class, () -> this.rate.take(this.tenant, this.limits, 1)))
			.as("an hour of quiet earns the burst, not an hour of rate")
			.isNull();
		assertThat(catchThrowableOfType(ApiProblem.class, () -> this.rate.take(this.tenant, this.limits, 1)))
			.isNotNull();
	}

	@Test
	void tenantsHaveTheirOwnBuckets() {
		this.rate.take(this.tenant, this.limits, 500);

		assertThatNoException().isThrownBy(() -> this.rate.take(new Tenant("t2"), this.limits, 100));
	}

}
