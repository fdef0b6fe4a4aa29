package dev.sponge.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Several HTTP clients, each on its own thread, ingesting continuously into one tenant
 * like a device fleet would: each request carries a few series with a few new points
 * each. Every point of every request answered with a 2xx goes into the {@link Ledger};
 * every other outcome is recorded with its status, {@code Retry-After} and duration.
 */
final class IngestClients implements AutoCloseable {

	/** 2025-11-25T00:00:00Z: every point lies in this day (one partition per series). */
	static final long DAY = 1764028800000L;

	private final URI endpoint;

	private final String token;

	private final String metric;

	private final int seriesPerRequest;

	private final int pointsPerSeries;

	private final HttpClient http;

	private final Duration clientTimeout;

	private final Ledger ledger = new Ledger();

	private final Ledger refusedPoints = new Ledger();

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong acknowledged = new AtomicLong();

	private final AtomicLong longestAcknowledgedNanos = new AtomicLong();

	private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Outcome> refused = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Thread> threads = new ArrayList<>();

	private volatile long requestsPerClient = Long.MAX_VALUE;

	private volatile boolean honourRetryAfter;

	IngestClients(URI base, String token, String metric, int seriesPerRequest, int pointsPerSeries,
			Duration clientTimeout) {
		this.endpoint = base.resolve("/api/v1/points");
		this.token = token;
		this.metric = metric;
		this.seriesPerRequest = seriesPerRequest;
		this.pointsPerSeries = pointsPerSeries;
		this.clientTimeout = clientTimeout;
		this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	}

	/** Starts {@code clients} threads that each send requests one after another. */
	IngestClients start(int clients) {
		for (int c = 0; c < clients; c++) {
			int client = c;
			Thread thread = new Thread(() -> run(client), "ingest-client-" + c);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
		return this;
	}

	/**
	 * Starts {@code clients} threads that each send {@code requests} requests one after
	 * another, then stop; {@link #close()} waits for them.
	 */
	IngestClients start(int clients, long requests) {
		this.requestsPerClient = requests;
		return start(clients);
	}

	/**
	 * Clients back off for the {@code Retry-After} they were given, as a well-behaved
	 * client does.
	 */
	IngestClients honouringRetryAfter() {
		this.honourRetryAfter = true;
		return this;
	}

	private void run(int client) {
		for (long request = 0; this.running.get() && request < this.requestsPerClient; request++) {
			Outcome outcome = send(client, request);
			if (outcome != null && this.honourRetryAfter && outcome.retryAfter().isPresent()) {
				// The client's back-off, as the service asked for: not a wait for state.
				LockSupport
					.parkNanos(TimeUnit.SECONDS.toNanos(Math.min(5, Long.parseLong(outcome.retryAfter().get()))));
			}
		}
	}

	/**
	 * Sends request number {@code request} of {@code client}; its points are unique to
	 * it, so the ledger knows exactly what each answer acknowledged.
	 */
	Outcome send(int client, long request) {
		Map<String, Map<Long, Double>> points = new java.util.LinkedHashMap<>();
		StringBuilder body = new StringBuilder("[");
		for (int s = 0; s < this.seriesPerRequest; s++) {
			String lane = client + "-" + s;
			Map<Long, Double> series = new java.util.LinkedHashMap<>();
			body.append((s > 0) ? "," : "")
				.append("{\"metric\":\"")
				.append(this.metric)
				.append("\",\"tags\":{\"lane\":\"")
				.append(lane)
				.append("\"},\"points\":[");
			for (int p = 0; p < this.pointsPerSeries; p++) {
				long ts = DAY + request * this.pointsPerSeries + p;
				double value = client * 1_000_000.0 + request + p / 100.0;
				series.put(ts, value);
				body.append((p > 0) ? "," : "").append('[').append(ts).append(',').append(value).append(']');
			}
			body.append("]}");
			points.put(lane, series);
		}
		body.append(']');
		HttpRequest http = HttpRequest.newBuilder(this.endpoint)
			.timeout(this.clientTimeout)
			.header("Authorization", "Bearer " + this.token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.build();
		this.sent.incrementAndGet();
		long started = System.nanoTime();
		Outcome outcome;
		try {
			HttpResponse<String> response = this.http.send(http, HttpResponse.BodyHandlers.ofString());
			outcome = new Outcome(response.statusCode(), response.headers().firstValue("Retry-After"),
					Duration.ofNanos(System.nanoTime() - started), response.body());
		}
		catch (IOException ex) {
			// A client timeout or a broken connection: the client does not know what
			// was written, which the promise does not allow.
			outcome = new Outcome(-1, Optional.empty(), Duration.ofNanos(System.nanoTime() - started), ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		this.statuses.computeIfAbsent(outcome.status(), (k) -> new AtomicLong()).incrementAndGet();
		if (outcome.status() / 100 == 2) {
			points.forEach(this.ledger::acknowledge);
			this.acknowledged.incrementAndGet();
			this.longestAcknowledgedNanos.accumulateAndGet(outcome.duration().toNanos(), Math::max);
		}
		else {
			points.forEach(this.refusedPoints::acknowledge);
			this.refused.add(outcome);
		}
		return outcome;
	}

	/** Stops every client after its current request and waits for them. */
	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		awaitFinished();
	}

	/** Waits until every client has sent its requests (or was stopped). */
	void awaitFinished() throws InterruptedException {
		for (Thread thread : this.threads) {
			thread.join(Duration.ofSeconds(120).toMillis());
		}
	}

	long sent() {
		return this.sent.get();
	}

	long acknowledged() {
		return this.acknowledged.get();
	}

	Duration longestAcknowledged() {
		return Duration.ofNanos(this.longestAcknowledgedNanos.get());
	}

	/** Requests answered with anything but a 2xx (or not answered). */
	List<Outcome> refused() {
		return List.copyOf(this.refused);
	}

	Map<Integer, Long> statuses() {
		Map<Integer, Long> counts = new java.util.TreeMap<>();
		this.statuses.forEach((status, count) -> counts.put(status, count.get()));
		return counts;
	}

	long count5xx() {
		return statuses().entrySet().stream().filter((e) -> e.getKey() / 100 == 5).mapToLong(Map.Entry::getValue).sum();
	}

	Ledger ledger() {
		return this.ledger;
	}

	/** Points of the requests that were refused (never sent again by these clients). */
	Ledger refusedPoints() {
		return this.refusedPoints;
	}

	String metric() {
		return this.metric;
	}

	/** The answer to one request; status -1 when none came. */
	record Outcome(int status, Optional<String> retryAfter, Duration duration, String body) {

	}

}
