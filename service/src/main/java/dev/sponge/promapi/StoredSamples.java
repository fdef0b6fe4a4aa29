package dev.sponge.promapi;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sponge.limits.QueryCostLimit;
import dev.sponge.points.PointRepository;
import dev.sponge.points.TimeBuckets;
import dev.sponge.promql.Labels;
import dev.sponge.promql.Matcher;
import dev.sponge.promql.PromQLException;
import dev.sponge.promql.RawSeries;
import dev.sponge.promql.SampleSource;
import dev.sponge.series.SeriesRow;
import dev.sponge.tenancy.Tenant;

/**
 * The samples of one PromQL query, read from the tenant's stored points. Before a
 * selector's first points read, the query's running estimate of Cassandra partitions
 * (catalogue reads plus one per series and day) goes to the tenant's {@code query-cost}
 * limit; the points of a selector's series are read a bounded number at a time; and the
 * query may hold at most {@code sponge.prom.max-samples} samples.
 */
final class StoredSamples implements SampleSource {

	private static final String ADVICE = "select fewer series (label matchers) or a shorter range";

	/**
	 * Samples a series reads between updates of the query's count: the count may pass
	 * {@code max-samples} by this much per series read at once before the query fails.
	 */
	private static final int COUNT_EVERY = 256;

	private final Tenant tenant;

	private final CatalogSelection selection;

	private final PointRepository points;

	private final QueryCostLimit cost;

	private final long maxSamples;

	private final int readConcurrency;

	private final int pageSize;

	private final AtomicLong estimate = new AtomicLong();

	private final AtomicLong samples = new AtomicLong();

	StoredSamples(Tenant tenant, CatalogSelection selection, PointRepository points, QueryCostLimit cost,
			long maxSamples, int readConcurrency, int pageSize) {
		this.tenant = tenant;
		this.selection = selection;
		this.points = points;
		this.cost = cost;
		this.maxSamples = maxSamples;
		this.readConcurrency = readConcurrency;
		this.pageSize = pageSize;
	}

	/** Samples read so far. */
	long samples() {
		return this.samples.get();
	}

	@Override
	public Mono<List<RawSeries>> select(List<Matcher> matchers, long from, long to) {
		long start = Math.max(0, from);
		if (to < start) {
			return Mono.just(List.of());
		}
		return this.selection.select(this.tenant, matchers, start, to).flatMap((selected) -> {
			long days = TimeBuckets.dayOf(to) - TimeBuckets.dayOf(start) + 1L;
			long total = this.estimate.addAndGet(selected.reads() + selected.series().size() * days);
			return this.cost.admit(this.tenant, total, ADVICE)
				.thenMany(Flux.fromIterable(selected.series()))
				.flatMapSequential((row) -> read(row, start, to), this.readConcurrency)
				.filter((series) -> series.ts().length > 0)
				.collectList();
		});
	}

	private Mono<RawSeries> read(SeriesRow row, long from, long to) {
		int limit = (int) Math.min(Integer.MAX_VALUE, this.maxSamples + 1);
		return this.points.read(this.tenant.id(), row.seriesId(), from, to + 1, limit, this.pageSize)
			.collect(() -> new Growing(), (growing, point) -> {
				growing.add(point.ts(), point.value());
				// The query's count is shared by the series read at once: updated every
				// COUNT_EVERY samples, not per sample.
				if (growing.size % COUNT_EVERY == 0) {
					count(COUNT_EVERY);
				}
			})
			.map((growing) -> {
				count(growing.size % COUNT_EVERY);
				return growing.toSeries(Labels.ofSeries(row.metric(), row.tags()));
			});
	}

	private void count(int read) {
		if (this.samples.addAndGet(read) > this.maxSamples) {
			throw PromQLException.execution("query processing would load too many samples into memory in "
					+ "query execution: more than " + this.maxSamples + " (sponge.prom.max-samples)");
		}
	}

	/** Samples of one series as they arrive, in growing arrays. */
	private static final class Growing {

		private long[] ts = new long[16];

		private double[] values = new double[16];

		private int size;

		void add(long time, double value) {
			if (this.size == this.ts.length) {
				this.ts = Arrays.copyOf(this.ts, this.size * 2);
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.ts[this.size] = time;
			this.values[this.size++] = value;
		}

		RawSeries toSeries(Labels labels) {
			return new RawSeries(labels, Arrays.copyOf(this.ts, this.size), Arrays.copyOf(this.values, this.size));
		}

	}

}
