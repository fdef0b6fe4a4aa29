package dev.sponge.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Domain metrics: what the service did for its users, beside the HTTP and Cassandra
 * timings. Every tag has a fixed, small set of values; no tenant, series or path ever
 * becomes a tag.
 */
@Component
public class SpongeMetrics {

	/** Why an ingest request (or NDJSON line) was refused. */
	public enum Rejection {

		/** Not parseable as JSON. */
		MALFORMED,

		/** Parseable but broke a rule (names, values, timestamps, tags). */
		INVALID,

		/** Body or line over the size limit, or too many points. */
		TOO_LARGE;

		String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	private final MeterRegistry registry;

	private final Counter pointsWritten;

	private final Counter seriesRegistered;

	private final DistributionSummary batchRows;

	private final Counter queryRows;

	public SpongeMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.pointsWritten = Counter.builder("sponge.points.written")
			.description("Points acknowledged to clients as durably written")
			.register(registry);
		this.seriesRegistered = Counter.builder("sponge.series.registered")
			.description("Series this instance wrote to the catalogue (first sight, then once per catalogue refresh)")
			.register(registry);
		this.batchRows = DistributionSummary.builder("sponge.ingest.batch.rows")
			.description("Rows per partition batch sent to Cassandra")
			.publishPercentileHistogram()
			.register(registry);
		this.queryRows = Counter.builder("sponge.query.rows.scanned")
			.description("Rows read from Cassandra to answer queries")
			.register(registry);
		for (Rejection reason : Rejection.values()) {
			rejectedCounter(reason);
		}
	}

	public void pointsWritten(long points) {
		this.pointsWritten.increment(points);
	}

	public void rejected(Rejection reason) {
		rejectedCounter(reason).increment();
	}

	public void seriesRegistered() {
		this.seriesRegistered.increment();
	}

	public void batchRows(int rows) {
		this.batchRows.record(rows);
	}

	public void rowsScanned(long rows) {
		this.queryRows.increment(rows);
	}

	private Counter rejectedCounter(Rejection reason) {
		return Counter.builder("sponge.ingest.rejected")
			.description("Ingest requests (or NDJSON lines) refused, by reason")
			.tag("reason", reason.tag())
			.register(this.registry);
	}

}
