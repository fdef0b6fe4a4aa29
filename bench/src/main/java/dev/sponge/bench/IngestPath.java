package dev.sponge.bench;

import java.util.function.Function;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * One measured ingest path: what it sends, where, and which processes its CPU is counted
 * for.
 *
 * @param name e.g. {@code service JSON}
 * @param workload the tenant and series it writes
 * @param batches the next request's points
 * @param send writes one batch; completes when it is acknowledged
 * @param throughService whether the service handles it (its CPU, heap and rollup lag are
 * then reported)
 * @param throughEdge whether lighttpd handles it (its CPU is then reported)
 * @param newSeries whether every request brings only new series (new series per second
 * are then reported)
 */
record IngestPath(String name, Workload workload, Supplier<Workload.Batch> batches,
		Function<Workload.Batch, Mono<Void>> send, boolean throughService, boolean throughEdge, boolean newSeries) {
}
