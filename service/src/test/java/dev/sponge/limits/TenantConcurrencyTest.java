package dev.sponge.limits;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import dev.sponge.problem.ApiProblem;
import dev.sponge.tenancy.Tenant;

import static org.assertj.core.api.Assertions.assertThat;

class TenantConcurrencyTest {

	private final TenantConcurrency concurrency = new TenantConcurrency(new LimitRefusals(new SimpleMeterRegistry()),
			null);

	private final Tenant tenant = new Tenant("t1");

	@Test
	void aQueryBeyondTheTenantsLimitIsRefusedUntilOneEnds() {
		Disposable first = this.concurrency.run(this.tenant, TenantLimit.CONCURRENT_QUERIES, 1, Mono.never())
			.subscribe();

		StepVerifier.create(this.concurrency.run(this.tenant, TenantLimit.CONCURRENT_QUERIES, 1, Mono.just(1)))
			.expectErrorSatisfies((error) -> {
				ApiProblem problem = (ApiProblem) error;
				assertThat(problem.status().value()).isEqualTo(429);
				assertThat(problem.type()).isEqualTo("urn:sponge:problem:limit:concurrent-queries");
				assertThat(problem.retryAfter()).isEqualTo(Duration.ofSeconds(1));
				assertThat(problem.properties()).containsEntry("value", 1L).containsEntry("inUse", 1L);
			})
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(this.concurrency.run(new Tenant("t2"), TenantLimit.CONCURRENT_QUERIES, 1, Mono.just(2)))
			.expectNext(2)
			.verifyComplete();

		first.dispose();
		assertThat(this.concurrency.inProgress(this.tenant, TenantLimit.CONCURRENT_QUERIES)).isZero();
		StepVerifier.create(this.concurrency.run(this.tenant, TenantLimit.CONCURRENT_QUERIES, 1, Mono.just(3)))
			.expectNext(3)
			.verifyComplete();
	}

	@Test
	void limitsAreCountedApart() {
		this.concurrency.run(this.tenant, TenantLimit.CONCURRENT_QUERIES, 1, Mono.never()).subscribe();

		StepVerifier.create(this.concurrency.run(this.tenant, TenantLimit.CONCURRENT_INGEST_REQUESTS, 1, Mono.just(1)))
			.expectNext(1)
			.verifyComplete();
	}

}
