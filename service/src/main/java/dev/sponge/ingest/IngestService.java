package dev.sponge.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import dev.sponge.limits.ActiveSeriesLimit;
import dev.sponge.limits.IngestRate;
import dev.sponge.limits.TenantLimits;
import dev.sponge.logging.RequestId;
import dev.sponge.observability.SpongeMetrics;
import dev.sponge.observability.SpongeMetrics.Rejection;
import dev.sponge.points.PointRepository;
import dev.sponge.points.PointStorageProperties;
import dev.sponge.points.SeriesPoints;
import dev.sponge.problem.ApiProblem;
import dev.sponge.problem.StorageFailures;
import dev.sponge.retention.TenantSettingsStore;
import dev.sponge.rollups.RollupMarks;
import dev.sponge.rollups.RollupMarks.Written;
import dev.sponge.series.SeriesCatalog;
import dev.sponge.series.SeriesCatalog.Registration;
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

	private final RollupMarks rollupMarks;

	private final PointStorageProperties storage;

	private final StreamLog streamLog;

	private final IngestRate rate;

	private final ActiveSeriesLimit activeSeries;

	IngestService(IngestProperties properties, SeriesProperties seriesProperties, PointRepository points,
			SeriesCatalog catalog, SpongeMetrics metrics, TenantSettingsStore settings, RollupMarks rollupMarks,
			StreamLog streamLog, PointStorageProperties storage, IngestRate rate, ActiveSeriesLimit activeSeries,
			Clock clock) {
		this.rate = rate;
		this.activeSeries = activeSeries;
		this.settings = settings;
		this.streamLog = streamLog;
		this.parser = new PointsParser(properties, seriesProperties, clock);
		this.points = points;
		this.catalog = catalog;
		this.properties = properties;
		this.metrics = metrics;
		this.rollupMarks = rollupMarks;
		this.storage = storage;
	}

	Mono<IngestResult> ingestJson(Tenant tenant, TenantLimits limits, Flux<DataBuffer> body, long contentLength) {
		return PointsIngest
			.boundedBody(body, contentLength, this.properties.maxJsonBodySize().toBytes(), IngestService::tooLarge)
			.map((bytes) -> (bytes.length == 0) ? List.<SeriesPoints>of() : this.parser.parseArray(bytes))
			.doOnError(ApiProblem.class, this::countRejection)
			.flatMap((series) -> write(tenant, limits, series)
				.thenReturn(new IngestResult(series.size(), series.stream().mapToLong(SeriesPoints::received).sum())))
			.doOnNext((result) -> this.metrics.pointsWritten(result.points()))
			.contextWrite(DataBuffers::ownDiscards);
	}

	Mono<IngestResult> ingestNdjson(Tenant tenant, TenantLimits limits, Flux<DataBuffer> body) {
		// Once a group of lines is refused by a limit of the tenant, so are the groups
		// after it, so the line the stream stopped at is the last one written plus one.
		AtomicReference<ApiProblem> refused = new AtomicReference<>();
		return Flux.defer(() -> {
			long[] lineNumber = { 0 };
			return NdjsonLines.split(body, (int) this.properties.maxNdjsonLineSize().toBytes())
				.map((line) -> parseLine(line, ++lineNumber[0]))
				.onErrorResume(NdjsonLines.LineTooLongException.class, (ex) -> Mono.just(new LineOutcome(ex.lineNumber,
						null, ApiProblem.tooLarge(ex.getMessage()).withType(PointsParser.TOO_LARGE))));
		})
			.takeUntil(LineOutcome::failed)
			// Lines are written in groups, so the per-request writes (latest values,
			// marks, the stream log) are shared by many lines; a group waits at most the
			// linger for more lines, so a slow stream's points are not held back.
			.bufferTimeout(this.properties.ndjsonLinesPerWrite(), this.properties.ndjsonWriteLinger(), true)
			.flatMapSequential((lines) -> writeLines(tenant, limits, lines, refused),
					this.properties.ndjsonWritesInFlight())
			.doOnNext((line) -> {
				// Limits and storage failures are counted where they happen.
				if (line.failed() && line.problem().status().is4xxClientError()
						&& line.problem().status() != HttpStatus.TOO_MANY_REQUESTS) {
					countRejection(line.problem());
				}
			})
			.reduce(NdjsonProgress.EMPTY, NdjsonProgress::add)
			.flatMap(NdjsonProgress::result)
			.contextWrite(DataBuffers::ownDiscards);
	}

	private Flux<LineOutcome> writeLines(Tenant tenant, TenantLimits limits, List<LineOutcome> lines,
			AtomicReference<ApiProblem> refused) {
		List<SeriesPoints> writable = new ArrayList<>(lines.size());
		long received = 0;
		for (LineOutcome line : lines) {
			if (line.writable()) {
				writable.add(line.points());
				received += line.points().received();
			}
		}
		long points = received;
		return Mono.defer(() -> (refused.get() != null) ? Mono.error(refused.get()) : write(tenant, limits, writable))
			.then(Mono.fromRunnable(() -> this.metrics.pointsWritten(points)))
			.thenMany(Flux.fromIterable(lines))
			.onErrorResume((ex) -> (ex instanceof ApiProblem) || StorageFailures.causeOf(ex) != null,
					(ex) -> Flux.deferContextual((context) -> Flux.just(new LineOutcome(lines.get(0).number(), null,
							refused.updateAndGet((earlier) -> (earlier != null) ? earlier : stopping(ex, context))))));
	}

	/**
	 * Why an NDJSON stream stops at a group of lines it could not write: a limit's
	 * problem as it is, or storage being unavailable as a 503. Either way the client
	 * resumes from the group's first line; rewriting points of that group that did land
	 * is harmless.
	 */
	private static ApiProblem stopping(Throwable ex, ContextView context) {
		if (ex instanceof ApiProblem problem) {
			return problem;
		}
		Throwable storage = StorageFailures.causeOf(ex);
		RequestId.inMdc(context, () -> log.warn("storage unavailable during an NDJSON stream cause={} message={}",
				storage.getClass().getSimpleName(), storage.getMessage()));
		return StorageFailures.unavailable(storage);
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

	/**
	 * Writes what makes the points durable and findable (points, latest values, catalogue
	 * and day index, the live stream's log) between the rollup marks; rollups themselves
	 * are recomputed later by the rollup workers.
	 */
	Mono<Void> write(Tenant tenant, TenantLimits limits, List<SeriesPoints> series) {
		if (series.isEmpty()) {
			return Mono.empty();
		}
		List<Registration> registrations = new ArrayList<>(series.size());
		for (SeriesPoints points : series) {
			registrations.add(new Registration(points.key(), points.id(), points.days()));
		}
		// Both limits are decided here, before the first write and with no I/O, so a
		// refused NDJSON group is known before the next group starts. Series first: a
		// request refused for its new series takes nothing of the tenant's rate.
		return Mono.fromRunnable(() -> {
			this.activeSeries.admit(tenant, limits, registrations);
			this.rate.take(tenant, limits, series.stream().mapToLong(SeriesPoints::received).sum());
		}).then(this.settings.settings(tenant)).flatMap((settings) -> {
			int ttl = settings.ttlSeconds();
			List<Written> written = new ArrayList<>(series.size());
			for (SeriesPoints points : series) {
				written.add(new Written(points.key().metric(), points.id(), points.timestamps()));
			}
			Mono<Void> findable = this.catalog.register(tenant, registrations, settings, this.storage.batchLimits(),
					this.storage.writeConcurrency());
			return this.rollupMarks.around(tenant.id(), written, ttl, settings.deletionMark(), Mono.when(findable,
					this.points.write(tenant.id(), series, ttl), this.streamLog.append(tenant.id(), series)));
		}).doOnEach((signal) -> {
			if (signal.isOnComplete() && log.isDebugEnabled()) {
				RequestId.inMdc(signal.getContextView(), () -> log.debug("wrote series={} points={}", series.size(),
						series.stream().mapToLong(SeriesPoints::received).sum()));
			}
		});
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
			if (this.failure != null) {
				return this;
			}
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
