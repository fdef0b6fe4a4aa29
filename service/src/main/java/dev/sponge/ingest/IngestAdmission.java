package dev.sponge.ingest;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.sponge.logging.RequestId;
import dev.sponge.problem.ApiProblem;

/**
 * Counts ingest requests in progress and refuses those beyond
 * {@link IngestAdmissionProperties#maxConcurrentRequests()} with 503 and
 * {@code Retry-After}, so an instance's memory stays bounded however many clients push at
 * once. A refused request has written nothing. The count and the limit are exported as
 * gauges ({@code sponge_ingest_admission_in_use}, {@code sponge_ingest_admission_limit}):
 * the saturation signal the Kubernetes autoscaler scales on (docs/deploy.md).
 */
@Component
class IngestAdmission {

	private static final Logger log = LoggerFactory.getLogger(IngestAdmission.class);

	private final IngestAdmissionProperties properties;

	private final AtomicInteger inProgress = new AtomicInteger();

	IngestAdmission(IngestAdmissionProperties properties, MeterRegistry registry) {
		this.properties = properties;
		Gauge.builder("sponge.ingest.admission.in.use", this.inProgress, AtomicInteger::get)
			.description("Ingest requests in progress on this instance (admitted, not yet answered)")
			.register(registry);
		Gauge.builder("sponge.ingest.admission.limit", properties, IngestAdmissionProperties::maxConcurrentRequests)
			.description(
					"Ingest requests this instance admits at once (sponge.ingest.admission.max-concurrent-requests)")
			.register(registry);
	}

	/**
	 * @param ingest the ingest, subscribed only if admitted
	 * @return the ingest's result, or a 503 problem if too many are in progress
	 */
	<T> Mono<T> admit(Mono<T> ingest) {
		return Mono.deferContextual((context) -> {
			if (this.inProgress.incrementAndGet() > this.properties.maxConcurrentRequests()) {
				this.inProgress.decrementAndGet();
				RequestId.inMdc(context, () -> log.warn(
						"ingest refused: {} requests in progress (sponge.ingest.admission.max-concurrent-requests)",
						this.properties.maxConcurrentRequests()));
				return Mono
					.error(ApiProblem.unavailable("Too many ingest requests in progress on this instance; retry later",
							this.properties.retryAfter()));
			}
			return ingest.doFinally((signal) -> this.inProgress.decrementAndGet());
		});
	}

	/**
	 * @return ingest requests in progress now
	 */
	int inProgress() {
		return this.inProgress.get();
	}

}
