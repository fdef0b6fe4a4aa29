package dev.sponge.ingest;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Service;

import dev.sponge.observability.SpongeMetrics;
import dev.sponge.observability.SpongeMetrics.Rejection;
import dev.sponge.points.PointRepository;
import dev.sponge.points.SeriesPoints;
import dev.sponge.problem.ApiProblem;
import dev.sponge.retention.TenantSettingsStore;
import dev.sponge.rollups.RollupUpdater;
import dev.sponge.series.SeriesCatalog;
import dev.sponge.series.SeriesProperties;
import dev.sponge.stream.StreamLog;
import dev.sponge.tenancy.Tenant;

/**
 * Validates and writes ingest requests. A JSON body is parsed whole (bounded by the body
 * limit) and written only if every point is valid; an NDJSON stream is parsed and written
 * line by line in constant memory and stops at the first bad line.
 */
@Service
class IngestService {

	private static final Logger log = LoggerFactory.getLogger(IngestService.class);

	private final PointsParser parser;

	private final PointRepository points;

	private final SeriesCatalog catalog;

	private final IngestProperties properties;

	private final SpongeMetrics metrics;

	private final TenantSettingsStore settings;

	private final RollupUpdater rollups;

	private final StreamLog streamLog;

	IngestService(IngestProperties properties, SeriesProperties seriesProperties, PointRepository points,
			SeriesCatalog catalog, SpongeMetrics metrics, TenantSettingsStore settings, RollupUpdater rollups,
			StreamLog streamLog) {
		this.settings = settings;
		this.streamLog = streamLog;
		this.parser = new PointsParser(properties, seriesProperties, Clock.systemUTC());
		this.points = points;
		this.catalog = catalog;
		this.properties = properties;
		this.metrics = metrics;
		this.rollups = rollups;
	}

	Mono<IngestResult> ingestJson(Tenant tenant, Flux<DataBuffer> body, long contentLength) {
		long max = this.properties.maxJsonBodySize().toBytes();
		if (contentLength > max) {
			return Mono.error(tooLarge(max));
		}
		return DataBufferUtils.join(body, (int) Math.min(max, Integer.MAX_VALUE))
			.onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge(max))
			.map(DataBuffers::drain)
			.defaultIfEmpty(new byte[0])
			.map((bytes) -> (bytes.length == 0) ? List.<SeriesPoints>of() : this.parser.parseArray(bytes))
			.doOnError(ApiProblem.class, this::countRejection)
			.flatMap((series) -> write(tenant, series)
				.thenReturn(new IngestResult(series.size(), series.stream().mapToLong(SeriesPoints::received).sum())))
			.doOnNext((result) -> this.metrics.pointsWritten(result.points()));
	}

	Mono<IngestResult> ingestNdjson(Tenant tenant, Flux<DataBuffer> body) {
		return Flux.defer(() -> {
			long[] lineNumber = { 0 };
			return NdjsonLines.split(body, (int) this.properties.maxNdjsonLineSize().toBytes())
				.map((line) -> parseLine(line, ++lineNumber[0]))
				.onErrorResume(NdjsonLines.LineTooLongException.class, (ex) -> Mono.just(new LineOutcome(ex.lineNumber,
						null, ApiProblem.tooLarge(ex.getMessage()).withType(PointsParser.TOO_LARGE))));
		})
			.takeUntil(LineOutcome::failed)
			.flatMapSequential((line) -> line.writable() ? write(tenant, List.of(line.points()))
				.then(Mono.fromRunnable(() -> this.metrics.pointsWritten(line.points().received())))
				.thenReturn(line) : Mono.just(line), this.properties.ndjsonLinesInFlight())
			.doOnNext((line) -> {
				if (line.failed()) {
					countRejection(line.problem());
				}
			})
			.reduce(NdjsonProgress.EMPTY, NdjsonProgress::add)
			.flatMap(NdjsonProgress::result);
	}

	private LineOutcome parseLine(byte[] line, long number) {
		if (isBlank(line)) {
			return new LineOutcome(number, null, null);
		}
		try {
			return new LineOutcome(number, this.parser.parseLine(line, number), null);
		}
		catch (ApiProblem problem) {
			return new LineOutcome(number, null, problem);
		}
	}

	private Mono<Void> write(Tenant tenant, List<SeriesPoints> series) {
		if (series.isEmpty()) {
			return Mono.empty();
		}
		return this.settings.settings(tenant).flatMap((settings) -> {
			Mono<Void> registered = Flux.fromIterable(series)
				.flatMap((s) -> this.catalog.register(tenant, s.key(), s.id(), s.days(), settings),
						this.properties.ndjsonLinesInFlight())
				.then();
			// Rollups are recomputed from the stored points, so only once those are
			// acknowledged; and before the answer, so an acknowledged point is in them.
			Mono<Void> stored = this.points.write(tenant.id(), series, settings.ttlSeconds())
				.then(this.rollups.update(tenant.id(), series, settings.ttlSeconds()));
			// The live stream's log is part of the write: acknowledged points are in it.
			return Mono.when(registered, stored, this.streamLog.append(tenant.id(), series));
		})
			.doOnSuccess((done) -> log.debug("wrote series={} points={}", series.size(),
					series.stream().mapToLong(SeriesPoints::received).sum()));
	}

	private void countRejection(ApiProblem problem) {
		String type = String.valueOf(problem.type());
		this.metrics.rejected(switch (type) {
			case PointsParser.MALFORMED -> Rejection.MALFORMED;
			case PointsParser.TOO_LARGE -> Rejection.TOO_LARGE;
			default -> Rejection.INVALID;
		});
	}

	private static boolean isBlank(byte[] line) {
		for (byte b : line) {
			if (b != ' ' && b != '\t' && b != '\r') {
				return false;
			}
		}
		return true;
	}

	private static ApiProblem tooLarge(long max) {
		return ApiProblem
			.tooLarge("The JSON body is larger than " + max
					+ " bytes (sponge.ingest.max-json-body-size); split it or stream it as application/x-ndjson")
			.withType(PointsParser.TOO_LARGE);
	}

	/**
	 * One NDJSON line: points to write, nothing (blank line) or the reason it was
	 * refused.
	 */
	record LineOutcome(long number, SeriesPoints points, ApiProblem problem) {

		boolean failed() {
			return this.problem != null;
		}

		boolean writable() {
			return this.points != null;
		}

	}

	/** What an NDJSON stream has written so far, and the line that stopped it, if any. */
	record NdjsonProgress(long series, long points, LineOutcome failure) {

		static final NdjsonProgress EMPTY = new NdjsonProgress(0, 0, null);

		NdjsonProgress add(LineOutcome line) {
			if (line.failed()) {
				return new NdjsonProgress(this.series, this.points, line);
			}
			return line.writable() ? new NdjsonProgress(this.series + 1, this.points + line.points().received(), null)
					: this;
		}

		Mono<IngestResult> result() {
			if (this.failure == null) {
				return Mono.just(new IngestResult(this.series, this.points));
			}
			ApiProblem problem = this.failure.problem();
			return Mono
				.error(problem.withDetail(problem.detail() + "; the stream stopped at line " + this.failure.number()
						+ " and the " + this.points + " points of the lines before it were written"));
		}

	}

}
