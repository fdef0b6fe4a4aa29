package dev.sponge.rollups;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.sponge.rollups.RollupClaims.Claim;

/**
 * The rollup worker of this instance. Every {@code poll} it takes the queue's slots that
 * fell due, oldest first, and for each shard of a slot that is neither done nor held by
 * another live worker, claims it, recomputes every queued series and marks it done. Any
 * instance can finish what another started: a killed worker's lease lapses and its shard
 * is taken again, and its marks are still in Cassandra. No leader, nothing outside
 * Cassandra.
 */
@Component
class RollupWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RollupWorker.class);

	/** Slots looked at concurrently while catching up. */
	private static final int SLOTS_IN_FLIGHT = 8;

	private final RollupMarks marks;

	private final RollupClaims claims;

	private final RollupRecompute recompute;

	private final RollupProperties properties;

	private final Clock clock;

	private final String owner = UUID.randomUUID().toString();

	/** The oldest slot this worker has not seen done; -1 before the first start. */
	private final AtomicLong cursor = new AtomicLong(-1);

	/** Slots seen holding queued work that is not done yet, by this or another worker. */
	private final ConcurrentSkipListSet<Long> unfinished = new ConcurrentSkipListSet<>();

	private final Counter minutesRecomputed;

	private final Counter shardsProcessed;

	private volatile Disposable loop;

	private volatile Scheduler scheduler;

	RollupWorker(RollupMarks marks, RollupClaims claims, RollupRecompute recompute, RollupProperties properties,
			Clock clock, MeterRegistry registry) {
		this.marks = marks;
		this.claims = claims;
		this.recompute = recompute;
		this.properties = properties;
		this.clock = clock;
		Gauge.builder("sponge.rollups.lag", this, RollupWorker::lagSeconds)
			.description("Seconds the oldest rollup work that fell due is late (0 when caught up), as this "
					+ "instance sees the shared queue")
			.baseUnit("seconds")
			.register(registry);
		this.minutesRecomputed = Counter.builder("sponge.rollups.recomputed")
			.description("Series minutes whose rollups this instance recomputed")
			.register(registry);
		this.shardsProcessed = Counter.builder("sponge.rollups.shards")
			.description("Queue shards this instance claimed and completed")
			.register(registry);
	}

	/**
	 * Seconds by which the oldest slot found holding work that is not done is overdue; 0
	 * if none. Slots without work do not count, so a starting worker looking back over
	 * empty slots reports no lag.
	 */
	double lagSeconds() {
		Long slot = this.unfinished.isEmpty() ? null : this.unfinished.first();
		if (slot == null) {
			return 0;
		}
		long late = this.clock.millis() - dueAt(slot);
		return Math.max(0, late) / 1000.0;
	}

	private long dueAt(long slot) {
		return this.marks.slotEnd(slot) + this.properties.grace().toMillis();
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		if (this.cursor.get() < 0) {
			this.cursor.set(this.marks.slotOf(this.clock.millis() - this.properties.lookback().toMillis()));
		}
		// A scheduler of its own keeps the worker's timer off the request threads'
		// timers.
		this.scheduler = Schedulers.newSingle("rollup-worker", true);
		this.loop = Flux.interval(Duration.ZERO, this.properties.poll(), this.scheduler)
			.onBackpressureDrop()
			.concatMap((tick) -> catchUp().onErrorResume((ex) -> {
				log.warn("rollup worker pass failed, retrying at the next poll: {}", ex.toString());
				return Mono.empty();
			}), 0)
			.subscribe();
	}

	/** Works through every slot that fell due, oldest first; advances the cursor. */
	Mono<Void> catchUp() {
		return Mono.defer(() -> {
			long first = this.cursor.get();
			long last = this.marks.slotOf(this.clock.millis() - this.properties.grace().toMillis()) - 1;
			if (first > last) {
				return Mono.empty();
			}
			boolean[] blocked = { false };
			return Flux.range(0, (int) Math.min(Integer.MAX_VALUE, last - first + 1))
				.map((offset) -> first + offset)
				// Several slots at once (a starting worker looks back over many, most of
				// them empty), their outcomes in slot order.
				.flatMapSequential(
						(slot) -> slot(slot).map((complete) -> new SlotOutcome(slot, complete)).doOnNext((outcome) -> {
							if (outcome.complete()) {
								this.unfinished.remove(slot);
							}
						}), SLOTS_IN_FLIGHT)
				.doOnNext((outcome) -> {
					// The cursor stops at the first slot not done, so a shard another
					// worker holds is looked at again until it is done or its lease
					// lapses.
					blocked[0] |= !outcome.complete();
					if (!blocked[0]) {
						this.cursor.set(outcome.slot() + 1);
					}
				})
				.then();
		});
	}

	/** Processes the shards of one slot; emits whether all of them are done. */
	private Mono<Boolean> slot(long slot) {
		return this.claims.of(slot)
			.flatMap((claimed) -> Flux.range(0, this.properties.shards())
				.flatMap((shard) -> shard(slot, shard, claimed.get(shard)))
				.all(Boolean::booleanValue));
	}

	private Mono<Boolean> shard(long slot, int shard, Claim claim) {
		if (claim != null && claim.done()) {
			return Mono.just(true);
		}
		return this.marks.queued(slot, shard, 1).hasElements().flatMap((work) -> {
			if (!work) {
				return Mono.just(true);
			}
			this.unfinished.add(slot);
			if (claim != null && claim.owner() != null && !claim.owner().equals(this.owner)) {
				return Mono.just(false);
			}
			return this.claims.claim(slot, shard, this.owner)
				.flatMap((won) -> won ? work(slot, shard).thenReturn(true) : Mono.just(false));
		});
	}

	private Mono<Void> work(long slot, int shard) {
		int group = this.properties.group();
		// Queue rows come ordered by tenant and metric: series of one metric are
		// recomputed in groups sharing their statements.
		return this.marks.queued(slot, shard, Integer.MAX_VALUE)
			.bufferUntilChanged((series) -> List.of(series.tenant(), series.metric()))
			.flatMapIterable((metric) -> chunks(metric, group))
			.flatMap(this.recompute::group, Math.max(1, this.properties.concurrency() / group))
			.doOnNext(this.minutesRecomputed::increment)
			.then(this.claims.done(slot, shard))
			.doOnSuccess((done) -> this.shardsProcessed.increment());
	}

	private static <T> List<List<T>> chunks(List<T> all, int size) {
		List<List<T>> chunks = new ArrayList<>((all.size() + size - 1) / size);
		for (int start = 0; start < all.size(); start += size) {
			chunks.add(all.subList(start, Math.min(all.size(), start + size)));
		}
		return chunks;
	}

	@Override
	public void stop() {
		Disposable running = this.loop;
		if (running != null) {
			running.dispose();
			this.loop = null;
		}
		Scheduler single = this.scheduler;
		if (single != null) {
			single.dispose();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.loop != null;
	}

	private record SlotOutcome(long slot, boolean complete) {
	}

}
