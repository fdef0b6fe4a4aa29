package dev.sponge.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;

import io.netty.channel.EventLoop;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;

import static org.awaitility.Awaitility.await;

/**
 * A real SSE client on one instance's port: records every event (data, heartbeat and
 * markers) as it arrives, like a browser's EventSource would see them.
 */
final class SseClient implements AutoCloseable {

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT = new ParameterizedTypeReference<>() {
	};

	// A loop and unpooled connections apart from Reactor Netty's global ones, for a
	// client of an instance that shuts down: closing a context disposes the global
	// loops and pool, which would cut the client's connection before it read the
	// stream's last bytes (its closing marker).
	private static final LoopResources OWN_LOOP = LoopResources.create("sse-client", 1, true);

	final List<ServerSentEvent<Map<String, Object>>> events = new CopyOnWriteArrayList<>();

	volatile boolean completed;

	volatile Throwable error;

	private final Disposable subscription;

	/** The event loop of the stream's connection, once the request is sent. */
	private volatile EventLoop eventLoop;

	private SseClient(int port, String token, String lastEventId, java.util.function.Consumer<UriBuilder> query,
			boolean ownLoop) {
		HttpClient http = (ownLoop ? HttpClient.create(ConnectionProvider.newConnection()).runOn(OWN_LOOP)
				: HttpClient.create())
			.doOnRequest((request, connection) -> this.eventLoop = connection.channel().eventLoop());
		this.subscription = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.clientConnector(new ReactorClientHttpConnector(http))
			.build()
			.get()
			.uri((uri) -> {
				uri.path("/api/v1/stream");
				query.accept(uri);
				return uri.build();
			})
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> {
				headers.setBearerAuth(token);
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.retrieve()
			.bodyToFlux(EVENT)
			.subscribe(this.events::add, (ex) -> this.error = ex, () -> this.completed = true);
	}

	/** Opens a stream and waits for its {@code open} marker. */
	static SseClient open(int port, String token, String lastEventId, java.util.function.Consumer<UriBuilder> query) {
		return open(port, token, lastEventId, query, false);
	}

	/**
	 * Opens a stream of an instance the test shuts down, on a loop of the client's own,
	 * and waits for its {@code open} marker.
	 */
	static SseClient openToOutliveItsInstance(int port, String token, java.util.function.Consumer<UriBuilder> query) {
		return open(port, token, null, query, true);
	}

	private static SseClient open(int port, String token, String lastEventId,
			java.util.function.Consumer<UriBuilder> query, boolean ownLoop) {
		SseClient client = new SseClient(port, token, lastEventId, query, ownLoop);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> client.error != null || client.events.stream().anyMatch((e) -> "open".equals(comment(e))));
		if (client.error != null) {
			throw new IllegalStateException("The stream did not open", client.error);
		}
		return client;
	}

	/** The data of the point events so far. */
	List<Map<String, Object>> points() {
		return this.events.stream().filter((e) -> e.data() != null).map(ServerSentEvent::data).toList();
	}

	/** The SSE id of the point events so far. */
	List<String> pointIds() {
		return this.events.stream().filter((e) -> e.data() != null).map(ServerSentEvent::id).toList();
	}

	/** Waits until a point event with this value has arrived. */
	void awaitValue(double value) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> points().stream().anyMatch((p) -> ((Number) p.get("value")).doubleValue() == value));
	}

	static String comment(ServerSentEvent<?> event) {
		return (event.comment() != null) ? event.comment().strip() : null;
	}

	/**
	 * Disconnects, as a browser closing the page does. The subscription is cancelled on
	 * the connection's event loop: Spring's line decoder releases the partial lines it
	 * holds when cancelled, but a cancel from another thread can run while the event loop
	 * is still adding one, which then leaks.
	 */
	@Override
	public void close() {
		EventLoop loop = this.eventLoop;
		if (loop == null) {
			this.subscription.dispose();
			return;
		}
		try {
			loop.execute(this.subscription::dispose);
		}
		catch (RejectedExecutionException ex) {
			// The event loop is gone, and with it the connection.
			this.subscription.dispose();
		}
	}

}
