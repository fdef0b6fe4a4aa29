package dev.sponge.ingest;

import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;

import dev.sponge.limits.IngestRate;
import dev.sponge.limits.TenantConcurrency;
import dev.sponge.limits.TenantLimit;
import dev.sponge.limits.TenantLimits;
import dev.sponge.limits.TenantLimitsService;
import dev.sponge.observability.SpongeMetrics;
import dev.sponge.points.SeriesPoints;
import dev.sponge.problem.ApiProblem;
import dev.sponge.tenancy.Tenant;

/**
 * The write path every ingest protocol shares ({@code POST /api/v1/points}, Prometheus
 * remote-write, OpenTelemetry OTLP): admission within the tenant's limits and the
 * instance's capacity, a bounded body, and the durable write of validated points. A
 * protocol only decodes its body into {@link SeriesPoints}.
 */
@Component
public class PointsIngest {

	private final IngestService ingest;

	private final IngestAdmission admission;

	private final TenantLimitsService limits;

	private final TenantConcurrency concurrency;

	private final IngestRate rate;

	private final SpongeMetrics metrics;

	PointsIngest(IngestService ingest, IngestAdmission admission, TenantLimitsService limits,
			TenantConcurrency concurrency, IngestRate rate, SpongeMetrics metrics) {
		this.ingest = ingest;
		this.admission = admission;
		this.limits = limits;
		this.concurrency = concurrency;
		this.rate = rate;
		this.metrics = metrics;
	}

	/**
	 * Runs an ingest within the tenant's ingest rate while it is in debt, its
	 * concurrent-ingest limit (429 with {@code Retry-After} beyond either) and the
	 * instance's admission (503 with {@code Retry-After} beyond it), all decided before
	 * the body is read.
	 * @param tenant the caller's tenant
	 * @param ingest reads, decodes and writes the request with the tenant's limits;
	 * subscribed only if admitted
	 * @return the ingest's result, or the refusal
	 */
	public <T> Mono<T> admitted(Tenant tenant, Function<TenantLimits, Mono<T>> ingest) {
		return this.limits.limits(tenant)
			.doOnNext((limits) -> this.rate.refuseIfInDebt(tenant, limits))
			.flatMap((limits) -> this.concurrency.run(tenant, TenantLimit.CONCURRENT_INGEST_REQUESTS,
					limits.get(TenantLimit.CONCURRENT_INGEST_REQUESTS),
					this.admission.admit(Mono.defer(() -> ingest.apply(limits)))));
	}

	/**
	 * Writes validated points: the tenant's active-series limit and ingest rate are
	 * checked first (nothing is written if either refuses), then points, latest values,
	 * catalogue and the live stream's log, completing once all are durable at the
	 * configured consistency. Rewriting the same points is harmless.
	 * @param tenant the caller's tenant
	 * @param limits the tenant's limits, as {@link #admitted} gave them
	 * @param series the points, at most one {@link SeriesPoints} per series
	 * @return completes when every point is durable
	 */
	public Mono<Void> write(Tenant tenant, TenantLimits limits, List<SeriesPoints> series) {
		long points = series.stream().mapToLong(SeriesPoints::received).sum();
		return this.ingest.write(tenant, limits, series)
			.then(Mono.fromRunnable(() -> this.metrics.pointsWritten(points)));
	}

	/**
	 * A request body joined into one array, refused with {@code tooLarge} as soon as it
	 * is known to be larger than {@code max} bytes (by its {@code Content-Length}, or
	 * while it arrives), so no more than {@code max} bytes are ever held. Every buffer is
	 * released.
	 * @param body the request body
	 * @param contentLength the request's {@code Content-Length}, or -1
	 * @param max most bytes accepted
	 * @param tooLarge the problem for a larger body, given {@code max}
	 * @return the body's bytes (empty for an empty body)
	 */
	public static Mono<byte[]> boundedBody(Flux<DataBuffer> body, long contentLength, long max,
			LongFunction<ApiProblem> tooLarge) {
		if (contentLength > max) {
			return Mono.error(tooLarge.apply(max));
		}
		return DataBufferUtils.join(body, (int) Math.min(max, Integer.MAX_VALUE))
			.onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge.apply(max))
			.map(DataBuffers::drain)
			.defaultIfEmpty(new byte[0])
			.contextWrite(DataBuffers::ownDiscards);
	}

}
