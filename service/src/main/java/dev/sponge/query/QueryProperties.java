package dev.sponge.query;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.sponge.paging.PageLimits;
import dev.sponge.points.TimeBuckets;
import dev.sponge.series.SeriesCatalog.SeriesLimits;

/**
 * Limits of the read endpoints; a request beyond one gets a 400 that names it.
 *
 * @param defaultRange range read when {@code from} is not given ({@code to} defaults to
 * now)
 * @param maxRange longest {@code from}..{@code to} range of a raw points query
 * @param defaultLimit points (or series, metrics) per page when {@code limit} is not
 * given
 * @param maxLimit largest {@code limit} a client may ask for
 * @param maxSeries most series one query may match; when the catalogue matches more, only
 * series whose day index names a day of the query's range count (and are read)
 * @param maxCandidateSeries most catalogue series one query's metric and tag filters may
 * match when that takes more than {@code maxSeries}: each is then checked in its day
 * index, one small read per series, and beyond this many the query is a 400 at once
 * @param candidateCheckConcurrency day-index reads one query runs at once while it checks
 * candidate series
 * @param maxAggregatedRange longest {@code from}..{@code to} range of a downsampled
 * ({@code step}) query
 * @param maxScannedPoints most stored points one downsampled page may read; the page
 * stops with a 400 beyond it
 * @param maxPercentileBucketPoints most points one step bucket may hold when a percentile
 * is asked for, since those points are kept in memory until the bucket is complete (8
 * bytes each)
 * @param mergePageSize rows fetched per round trip from each series when a
 * {@code group_by} query merges several series at once, which bounds its memory to about
 * this many rows per series
 * @param mergeConcurrency series of one {@code group_by} group read from Cassandra at
 * once (and pending rollup marks looked up at once): a group's series are merged by time,
 * so all of them are open, but only this many have a read in flight
 * @param deadline longest a {@code /points} or {@code /latest} query may run; beyond it
 * the query's Cassandra reads are cancelled and the client gets a 503 naming this
 * property
 */
@Validated
@ConfigurationProperties("sponge.query")
public record QueryProperties(@DefaultValue("1h") @NotNull Duration defaultRange,
		@DefaultValue("31d") @NotNull Duration maxRange, @DefaultValue("1000") @Min(1) int defaultLimit,
		@DefaultValue("10000") @Min(1) int maxLimit, @DefaultValue("1000") @Min(1) int maxSeries,
		@DefaultValue("10000") @Min(1) int maxCandidateSeries,
		@DefaultValue("16") @Min(1) @Max(256) int candidateCheckConcurrency,
		@DefaultValue("400d") @NotNull Duration maxAggregatedRange,
		@DefaultValue("10000000") @Min(1) @Max(Integer.MAX_VALUE - 1) long maxScannedPoints,
		@DefaultValue("1000000") @Min(1) int maxPercentileBucketPoints,
		@DefaultValue("200") @Min(1) @Max(5000) int mergePageSize,
		@DefaultValue("16") @Min(1) @Max(1024) int mergeConcurrency,
		@DefaultValue("20s") @NotNull Duration deadline) implements PageLimits {

	/** The series caps of a query of {@code range}, and the UTC days it covers. */
	SeriesLimits seriesLimits(QueryRange range) {
		return new SeriesLimits(this.maxSeries, this.maxCandidateSeries, this.candidateCheckConcurrency,
				TimeBuckets.dayOf(range.from()), TimeBuckets.dayOf(range.to() - 1));
	}

	/** The page size a request asks for, checked against {@link #maxLimit()}. */
	@Override
	public int limit(Integer requested) {
		if (requested == null) {
			return Math.min(this.defaultLimit, this.maxLimit);
		}
		if (requested < 1 || requested > this.maxLimit) {
			throw dev.sponge.problem.ApiProblem
				.badRequest("limit must be between 1 and " + this.maxLimit + " (sponge.query.max-limit)");
		}
		return requested;
	}

}
