package dev.sponge.query;

import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;

import org.springframework.stereotype.Component;

import dev.sponge.points.PointRepository;
import dev.sponge.query.RollupPlanner.Segment;
import dev.sponge.rollups.Partial;
import dev.sponge.rollups.RollupColumn;
import dev.sponge.rollups.RollupStore;

/**
 * Reads the planned parts of one series' range, one after another, as one ascending
 * stream of summaries: a raw point is a summary of one point. Counts each part read in
 * {@code sponge.query.source} by the table it came from.
 */
@Component
class SegmentReader {

	private final PointRepository points;

	private final RollupStore rollups;

	private final MeterRegistry registry;

	SegmentReader(PointRepository points, RollupStore rollups, MeterRegistry registry) {
		this.points = points;
		this.rollups = rollups;
		this.registry = registry;
	}

	/**
	 * @param pageSize rows fetched per round trip, 0 for the driver's default; small when
	 * many series are read at once
	 * @param columns the rollup columns the query's aggregations need
	 */
	Flux<Partial> read(String tenant, String seriesId, List<Segment> segments, ScanBudget budget, int pageSize,
			Set<RollupColumn> columns) {
		return Flux.fromIterable(segments).concatMap((segment) -> {
			source(segment.source()).increment();
			if (segment.resolution() == null) {
				return this.points.read(tenant, seriesId, segment.from(), segment.to(), budget.readLimit(), pageSize)
					.map((point) -> Partial.of(point.ts(), point.value()));
			}
			return this.rollups.read(segment.resolution(), tenant, seriesId, segment.from(), segment.to(),
					budget.readLimit(), pageSize, columns);
		}, 0).doOnNext((part) -> budget.spend());
	}

	private Counter source(String source) {
		return Counter.builder("sponge.query.source")
			.description("Series range parts read for downsampled queries, by the table that answered them")
			.tag("source", source)
			.register(this.registry);
	}

}
