package dev.sponge.stream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.sponge.problem.ApiProblem;

/**
 * The streams open on this instance: caps them in total (the per-tenant cap is the
 * tenant's {@code live-streams} limit, {@code dev.sponge.limits}), publishes their number
 * as {@code sponge.streams.open}, and ends them all when the instance shuts down, so
 * graceful shutdown does not wait for streams that would never finish.
 */
@Component
class OpenStreams implements SmartLifecycle {

	/** A client refused for a cap may try again soon: streams end all the time. */
	private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final StreamProperties properties;

	private final AtomicInteger total = new AtomicInteger();

	// Replaced on every start: a stopped context can be started again (Spring's test
	// context cache pauses and resumes contexts), and a completed sink would end every
	// stream opened afterwards at once.
	private volatile Sinks.Empty<Void> closing = Sinks.empty();

	private final Counter instanceCapRejections;

	private volatile boolean running;

	OpenStreams(StreamProperties properties, MeterRegistry registry) {
		this.properties = properties;
		Gauge.builder("sponge.streams.open", this.total, AtomicInteger::get)
			.description("Live streams (GET /api/v1/stream) open on this instance")
			.register(registry);
		this.instanceCapRejections = rejections(registry, "instance_cap");
	}

	private static Counter rejections(MeterRegistry registry, String reason) {
		return Counter.builder("sponge.streams.rejected")
			.description("Live streams refused, by the cap that refused them")
			.tag("reason", reason)
			.register(registry);
	}

	/**
	 * Takes a slot for one more stream, or fails with 503 (instance cap or shutting
	 * down). The caller must {@link #release} it.
	 */
	void acquire() {
		if (!this.running) {
			throw ApiProblem.unavailable("The instance is shutting down; reconnect", Duration.ofSeconds(1));
		}
		if (this.total.incrementAndGet() > this.properties.maxPerInstance()) {
			this.total.decrementAndGet();
			this.instanceCapRejections.increment();
			throw ApiProblem.unavailable("This instance holds its most open streams (sponge.stream.max-per-instance="
					+ this.properties.maxPerInstance() + "); retry later", RETRY_AFTER);
		}
	}

	void release() {
		this.total.decrementAndGet();
	}

	/** Completes when the instance starts shutting down. */
	Mono<Void> closing() {
		return this.closing.asMono();
	}

	@Override
	public void start() {
		this.closing = Sinks.empty();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.closing.tryEmitEmpty();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops just before the web server's graceful shutdown begins, which waits for open
	 * requests: the streams are then already ending.
	 */
	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
	}

}
