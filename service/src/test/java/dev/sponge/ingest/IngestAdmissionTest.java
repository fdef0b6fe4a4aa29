package dev.sponge.ingest;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.http.HttpStatus;

import dev.sponge.problem.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;

class IngestAdmissionTest {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final IngestAdmission admission = new IngestAdmission(
			new IngestAdmissionProperties(2, Duration.ofSeconds(3)), this.registry);

	@Test
	void ingestBeyondTheLimitIsRefusedWith503AndRetryAfterWithoutBeingStarted() {
		Sinks.One<String> first = Sinks.one();
		Sinks.One<String> second = Sinks.one();
		this.admission.admit(first.asMono()).subscribe();
		this.admission.admit(second.asMono()).subscribe();
		assertThat(this.admission.inProgress()).isEqualTo(2);
		boolean[] started = { false };

		StepVerifier.create(this.admission.admit(Mono.fromSupplier(() -> {
			started[0] = true;
			return "third";
		}))).expectErrorSatisfies((error) -> {
			assertThat(error).isInstanceOf(ApiProblem.class);
			assertThat(((ApiProblem) error).status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(((ApiProblem) error).retryAfter()).isEqualTo(Duration.ofSeconds(3));
		}).verify();

		assertThat(started[0]).as("a refused ingest never starts").isFalse();
		assertThat(this.registry.get("sponge.ingest.admission.in.use").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("sponge.ingest.admission.limit").gauge().value()).isEqualTo(2);
		first.tryEmitValue("first");
		second.tryEmitValue("second");
		assertThat(this.admission.inProgress()).isZero();
		assertThat(this.registry.get("sponge.ingest.admission.in.use").gauge().value()).isZero();
	}

	@Test
	void aFinishedOrFailedIngestFreesItsPlace() {
		StepVerifier.create(this.admission.admit(Mono.just("ok"))).expectNext("ok").verifyComplete();
		StepVerifier.create(this.admission.admit(Mono.error(new IllegalStateException("storage"))))
			.expectError(IllegalStateException.class)
			.verify();

		assertThat(this.admission.inProgress()).isZero();
		StepVerifier.create(this.admission.admit(Mono.just("again"))).expectNext("again").verifyComplete();
	}

}
