package dev.sponge.ingest;

import java.time.Duration;
import java.time.Instant;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of {@code POST /api/v1/points}. A request that breaks one is refused whole
 * (JSON) or stopped at the offending line (NDJSON), always with a 4xx that names the
 * limit.
 *
 * @param maxJsonBodySize largest JSON body
 * @param maxNdjsonLineSize largest single NDJSON line; an NDJSON stream may have any
 * number of lines
 * @param maxPointsPerRequest most points in one JSON request or one NDJSON line
 * @param earliestTimestamp points before this instant are refused; by default 2000, so
 * that epoch seconds sent as milliseconds (a day in January 1970) are refused rather than
 * stored; lower it to load older history
 * @param maxFuture how far past the server's clock a point's timestamp may be
 * @param ndjsonLinesPerWrite most NDJSON lines written together as one group
 * @param ndjsonWriteLinger longest an NDJSON line waits for more lines to join its group
 * @param ndjsonWritesInFlight NDJSON line groups written concurrently while the next ones
 * are parsed
 */
@Validated
@ConfigurationProperties("sponge.ingest")
public record IngestProperties(@DefaultValue("16MB") @NotNull DataSize maxJsonBodySize,
		@DefaultValue("1MB") @NotNull DataSize maxNdjsonLineSize,
		@DefaultValue("100000") @Min(1) int maxPointsPerRequest,
		@DefaultValue("2000-01-01T00:00:00Z") @NotNull Instant earliestTimestamp,
		@DefaultValue("1d") @NotNull Duration maxFuture, @DefaultValue("16") @Min(1) @Max(1024) int ndjsonLinesPerWrite,
		@DefaultValue("20ms") @NotNull Duration ndjsonWriteLinger,
		@DefaultValue("2") @Min(1) @Max(64) int ndjsonWritesInFlight) {
}
