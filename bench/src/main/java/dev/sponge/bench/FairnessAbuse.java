package dev.sponge.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Tenant A of the fairness phase: careless clients that never honour {@code Retry-After},
 * each sending its next request as soon as the last one is answered, all of them together
 * at most at an offered rate, or as fast as they can (a flood). One kind of request per
 * limit; every answer is tallied by status and problem type.
 */
final class FairnessAbuse implements AutoCloseable {

	/** Tenant A's ten series of one hour at one-second steps, which its queries read. */
	static final String QUERY_METRIC = "fair.load";

	static final int QUERY_SERIES = 10;

	private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]*)\"");

	private static final Duration SLOW_LINE_EVERY = Duration.ofMillis(100);

	private final ConnectionProvider connections;

	private final HttpClient client;

	private final long queryFrom;

	private final AtomicLong sequence = new AtomicLong();

	/**
	 * @param queryFrom start of the hour of tenant A's query data (see {@link #load()})
	 */
	FairnessAbuse(String baseUrl, Supplier<String> token, int clients, long queryFrom) {
		this.connections = ConnectionProvider.builder("fair-abuse")
			.maxConnections(2 * clients)
			.pendingAcquireMaxCount(-1)
			.build();
		this.client = HttpClient.create(this.connections)
			.baseUrl(baseUrl)
			.responseTimeout(Duration.ofMinutes(2))
			.headersWhen((headers) -> Mono
				.fromSupplier(() -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token.get())));
		this.queryFrom = queryFrom;
	}

	/** Writes the hour that tenant A's queries read; fails unless it is acknowledged. */
	void load() {
		StringBuilder body = new StringBuilder("[");
		for (int s = 0; s < QUERY_SERIES; s++) {
			body.append((s > 0) ? "," : "").append(series(QUERY_METRIC, "q" + s)).append("\"points\":[");
			for (int p = 0; p < 3600; p++) {
				body.append((p > 0) ? "," : "").append('[').append(this.queryFrom + p * 1000L).append(",1.5]");
			}
			body.append("]}");
		}
		Outcome outcome = json(body.append(']').toString()).block(Duration.ofMinutes(2));
		if (outcome == null || outcome.status() != 200) {
			throw new IllegalStateException("Loading tenant A's query data: " + outcome);
		}
	}

	/**
	 * Runs {@code clients} careless clients until {@code deadline} (nanoTime), each
	 * sending {@code attempt}'s request after the other, together starting at most
	 * {@code perSecond} requests a second (0: no bound), and blocks until the last has
	 * finished.
	 */
	Answers run(int clients, long deadline, Kind kind, int perSecond) {
		Answers answers = new Answers();
		long interval = (perSecond > 0) ? 1_000_000_000L / perSecond : 0;
		// The next free start; a client that fell behind starts at once, but slots are
		// not saved up for a burst.
		AtomicLong nextStart = new AtomicLong(System.nanoTime());
		Mono<Void> pace = Mono.defer(() -> {
			if (interval == 0) {
				return Mono.empty();
			}
			long now = System.nanoTime();
			long start = Math.max(nextStart.getAndUpdate((next) -> Math.max(next, now) + interval), now);
			return (start > now) ? Mono.delay(Duration.ofNanos(start - now)).then() : Mono.empty();
		});
		Flux.range(0, clients)
			.flatMap((c) -> pace.then(Mono.defer(() -> attempt(kind, deadline)))
				.onErrorResume((ex) -> Mono.just(new Outcome(-1, ex.getClass().getSimpleName())))
				.doOnNext(answers::add)
				.repeat(() -> System.nanoTime() < deadline), clients)
			.blockLast(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())).plusMinutes(2));
		return answers;
	}

	private Mono<Outcome> attempt(Kind kind, long deadline) {
		return switch (kind) {
			// 10 series of 100 points, over a rate of 1,000 points per second
			case RATE -> json(points("fair.rate", 10, 100, "r"));
			// 100 series never written before, each request
			case NEW_SERIES -> json(points("fair.new", 100, 1, "n" + this.sequence.incrementAndGet() + "-"));
			case SLOW_UPLOAD -> slowUpload(deadline);
			case QUERY -> query();
			case STREAM -> stream(deadline);
		};
	}

	private String points(String metric, int seriesCount, int pointsEach, String hostPrefix) {
		long first = this.sequence.getAndAdd(pointsEach);
		StringBuilder body = new StringBuilder("[");
		for (int s = 0; s < seriesCount; s++) {
			body.append((s > 0) ? "," : "").append(series(metric, hostPrefix + s)).append("\"points\":[");
			for (int p = 0; p < pointsEach; p++) {
				body.append((p > 0) ? "," : "").append('[').append(this.queryFrom + first + p).append(",2.5]");
			}
			body.append("]}");
		}
		return body.append(']').toString();
	}

	private static String series(String metric, String host) {
		return "{\"metric\":\"" + metric + "\",\"tags\":{\"host\":\"" + host + "\"},";
	}

	private Mono<Outcome> json(String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return this.client.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
			.post()
			.uri("/api/v1/points")
			.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)))
			.responseSingle((response, content) -> outcome(response.status().code(), content.asString()));
	}

	/** An NDJSON upload sending one line every 100 ms until the deadline. */
	private Mono<Outcome> slowUpload(long deadline) {
		String host = "s" + this.sequence.incrementAndGet();
		Flux<io.netty.buffer.ByteBuf> lines = Flux.interval(Duration.ZERO, SLOW_LINE_EVERY)
			.takeWhile((i) -> System.nanoTime() < deadline)
			.map((i) -> Unpooled
				.wrappedBuffer((series("fair.slow", host) + "\"points\":[[" + (this.queryFrom + i) + ",3.5]]}\n")
					.getBytes(StandardCharsets.UTF_8)));
		return this.client.headers((headers) -> {
			headers.set(HttpHeaderNames.CONTENT_TYPE, "application/x-ndjson");
			headers.set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
		})
			.post()
			.uri("/api/v1/points")
			.send(lines)
			.responseSingle((response, content) -> outcome(response.status().code(), content.asString()));
	}

	/**
	 * Raw points of tenant A's ten series over their hour: 36,000 points, 11 partitions.
	 */
	private Mono<Outcome> query() {
		return this.client.get()
			.uri("/api/v1/points?metric=" + QUERY_METRIC + "&limit=10000&from=" + this.queryFrom + "&to="
					+ (this.queryFrom + 3_600_000L))
			.responseSingle((response, content) -> outcome(response.status().code(), content.asString()));
	}

	/** A live stream held open until the deadline once admitted. */
	private Mono<Outcome> stream(long deadline) {
		return this.client.get().uri("/api/v1/stream?metric=" + QUERY_METRIC).response((response, body) -> {
			int status = response.status().code();
			if (status == 200) {
				Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
				return body.take(left).then(Mono.just(new Outcome(status, "")));
			}
			return outcome(status, body.aggregate().asString());
		}).next();
	}

	private static Mono<Outcome> outcome(int status, Mono<String> body) {
		return body.defaultIfEmpty("").map((text) -> {
			Matcher type = TYPE.matcher(text);
			return new Outcome(status, type.find() ? type.group(1) : "");
		});
	}

	@Override
	public void close() {
		this.connections.dispose();
	}

	/** What tenant A sends to push past one limit. */
	enum Kind {

		RATE, SLOW_UPLOAD, QUERY, NEW_SERIES, STREAM

	}

	/** One answer: its status (-1: none) and problem type (empty: none). */
	record Outcome(int status, String type) {

		String key() {
			return this.type.isEmpty() ? Integer.toString(this.status) : this.status + " " + this.type;
		}

	}

	/** Tenant A's answers in one slice, by status and problem type. Thread-safe. */
	static final class Answers {

		private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

		void add(Outcome outcome) {
			this.outcomes.computeIfAbsent(outcome.key(), (key) -> new LongAdder()).increment();
		}

		long requests() {
			return this.outcomes.values().stream().mapToLong(LongAdder::sum).sum();
		}

		long count(int status, String type) {
			LongAdder adder = this.outcomes.get(new Outcome(status, type).key());
			return (adder != null) ? adder.sum() : 0;
		}

		Map<String, Long> byOutcome() {
			Map<String, Long> sorted = new TreeMap<>();
			this.outcomes.forEach((key, adder) -> sorted.put(key, adder.sum()));
			return sorted;
		}

	}

}
