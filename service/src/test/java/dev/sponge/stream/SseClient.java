package dev.sponge.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.Disposable;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
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

	final List<ServerSentEvent<Map<String, Object>>> events = new CopyOnWriteArrayList<>();

	volatile boolean completed;

	volatile Throwable error;

	private final Disposable subscription;

	private SseClient(int port, String token, String lastEventId, java.util.function.Consumer<UriBuilder> query) {
		this.subscription = WebClient.create("http://127.0.0.1:" + port).get().uri((uri) -> {
			uri.path("/api/v1/stream");
			query.accept(uri);
			return uri.build();
		}).accept(MediaType.TEXT_EVENT_STREAM).headers((headers) -> {
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
		SseClient client = new SseClient(port, token, lastEventId, query);
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

	@Override
	public void close() {
		this.subscription.dispose();
	}

}
