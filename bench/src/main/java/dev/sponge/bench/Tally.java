package dev.sponge.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the requests of one ingest path achieved, summed over every slice of it that ran:
 * acknowledged points, series and requests, failures, measured seconds and request
 * latency. Live counters, so a timeline can read them while the load runs. Thread-safe.
 */
final class Tally {

	private static final int MAX_ERROR_SAMPLES = 5;

	private final Histogram latencyMicros = new ConcurrentHistogram(3);

	private final AtomicLong points = new AtomicLong();

	private final AtomicLong series = new AtomicLong();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong errors = new AtomicLong();

	private final DoubleAdder seconds = new DoubleAdder();

	private final List<String> errorSamples = new CopyOnWriteArrayList<>();

	void acknowledged(Workload.Batch batch, long latencyNanos) {
		this.points.addAndGet(batch.points());
		this.series.addAndGet(batch.slices().size());
		this.requests.incrementAndGet();
		this.latencyMicros.recordValue(latencyNanos / 1000);
	}

	void failed(Throwable ex) {
		this.errors.incrementAndGet();
		if (this.errorSamples.size() < MAX_ERROR_SAMPLES) {
			this.errorSamples.add(String.valueOf(ex.getMessage()));
		}
	}

	void measured(double slice) {
		this.seconds.add(slice);
	}

	/** Acknowledged points so far. */
	long points() {
		return this.points.get();
	}

	/** The path's figures so far. */
	LoadLoop.Phase phase(String name, String tenant) {
		double measured = this.seconds.sum();
		double perSecond = (measured > 0) ? this.points.get() / measured : 0;
		return new LoadLoop.Phase(name, tenant, this.points.get(), this.series.get(), this.requests.get(),
				this.errors.get(), measured, perSecond, LoadLoop.Latency.of(this.latencyMicros, 1000.0),
				List.copyOf(this.errorSamples));
	}

}
