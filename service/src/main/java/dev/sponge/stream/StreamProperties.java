package dev.sponge.stream;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The live stream ({@code GET /api/v1/stream}) and its change log.
 *
 * @param pollInterval pause between two reads of the change log by one open stream
 * @param heartbeat longest silence on an open stream before a heartbeat comment is sent,
 * so proxies and clients keep idle connections open
 * @param lag a log row is delivered only once it is this much older than the reader's
 * clock, so a row whose write was still in flight when a reader passed its arrival time
 * is never skipped; must exceed the change-log write timeout plus the clock skew between
 * instances, and is the delay a viewer sees (plus up to one poll interval)
 * @param maxClockSkew largest clock difference between two service instances that the
 * stream tolerates; the change-log write times out after {@code lag - maxClockSkew}
 * @param resumeWindow how far back a {@code Last-Event-ID} may resume; older ids get a
 * 400, and change-log rows expire a few minutes after this
 * @param maxPerInstance most streams one instance holds open for all tenants; more get a
 * 503 (the client retries, usually on another instance)
 * @param pageRows most change-log rows one stream reads per poll; with
 * {@code pointsPerRow} it bounds a stream's memory; at least 2, since a poll re-reads the
 * row it stopped in
 * @param pointsPerRow most points one change-log row holds, of any number of one
 * request's series of a metric; a larger request is split into several rows
 */
@Validated
@ConfigurationProperties("sponge.stream")
public record StreamProperties(@DefaultValue("500ms") @NotNull Duration pollInterval,
		@DefaultValue("15s") @NotNull Duration heartbeat, @DefaultValue("6s") @NotNull Duration lag,
		@DefaultValue("1s") @NotNull Duration maxClockSkew, @DefaultValue("1h") @NotNull Duration resumeWindow,
		@DefaultValue("1000") @Min(1) int maxPerInstance, @DefaultValue("32") @Min(2) @Max(10000) int pageRows,
		@DefaultValue("1024") @Min(1) @Max(65536) int pointsPerRow) {

	public StreamProperties {
		if (lag != null && maxClockSkew != null && lag.compareTo(maxClockSkew) <= 0) {
			throw new IllegalArgumentException("sponge.stream.lag (" + lag
					+ ") must be longer than sponge.stream.max-clock-skew (" + maxClockSkew + ")");
		}
	}

	/** Timeout of one change-log write: it must land before readers pass its arrival. */
	Duration writeTimeout() {
		return this.lag.minus(this.maxClockSkew);
	}

	/**
	 * Time to live of a change-log row: the resume window plus a margin for the reader to
	 * catch up through the window before the oldest rows go.
	 */
	Duration rowTtl() {
		return this.resumeWindow.plus(this.lag).plus(Duration.ofMinutes(5));
	}

}
