package dev.sponge.stream;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.sponge.apidoc.ApiExamples;
import dev.sponge.limits.TenantConcurrency;
import dev.sponge.limits.TenantLimit;
import dev.sponge.observability.AuditRecord;
import dev.sponge.paging.CursorCodec;
import dev.sponge.problem.ApiProblem;
import dev.sponge.series.SeriesNaming;
import dev.sponge.tenancy.Tenant;

/**
 * The live stream: new points of the matching series as Server-Sent Events, read from the
 * change log, so the writer and the reader may be on different instances.
 */
@RestController
class StreamController {

	private final StreamReader reader;

	private final OpenStreams openStreams;

	private final StreamProperties properties;

	private final Clock clock;

	private final CursorCodec cursors;

	private final TenantConcurrency concurrency;

	StreamController(StreamReader reader, OpenStreams openStreams, StreamProperties properties, CursorCodec cursors,
			Clock clock, TenantConcurrency concurrency) {
		this.concurrency = concurrency;
		this.clock = clock;
		this.reader = reader;
		this.cursors = cursors;
		this.openStreams = openStreams;
		this.properties = properties;
	}

	@Operation(summary = "Live stream of new points (READER)", description = """
			Server-Sent Events: one event per new point of every series of the metric that matches all tag \
			filters, in arrival order (per series, in the order written). Each event's data is \
			{"id", "metric", "tags", "ts", "value"} (id is the series id) and its id is a resume token: \
			reconnect with Last-Event-ID and nothing written meanwhile is lost or repeated, for up to \
			sponge.stream.resume-window (1h). Points show up sponge.stream.lag (6s) plus up to one poll \
			interval after they were written, on whichever instance wrote them. While idle, a comment line \
			(':heartbeat') with a fresh id is sent every sponge.stream.heartbeat (15s). Streams end when the \
			instance shuts down (a last ':closing' comment carries the id to resume with).""")
	@ApiResponse(responseCode = "200", description = "The event stream; it does not end by itself",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
					schema = @Schema(implementation = StreamEvent.class), examples = @ExampleObject(value = """
							id:YzEKbXk3...
							data:{"id":"1hQ6Xb3mYgk0w9yEJ2pTqA","metric":"room.temperature",\
							"tags":{"site":"lab"},"ts":1764057600000,"value":21.5}

							id:YzEKbXk4...
							:heartbeat
							""")))
	@GetMapping(path = "/api/v1/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<StreamEvent>> stream(Tenant tenant,
			@Parameter(description = ApiExamples.METRIC, required = true,
					example = "room.temperature") @RequestParam(required = false) String metric,
			@Parameter(description = ApiExamples.TAG, example = "site:lab") @RequestParam(name = "tag",
					required = false) List<String> tags,
			@Parameter(in = ParameterIn.HEADER,
					description = "The id of the last event received, to resume after it (browsers send it "
							+ "when they reconnect)") @RequestHeader(name = "Last-Event-ID",
									required = false) String lastEventId,
			ServerWebExchange exchange) {
		requireMetric(metric);
		StreamQuery query = StreamQuery.of(tenant.id(), metric, tags);
		StreamPosition start = (lastEventId != null && !lastEventId.isEmpty()) ? resume(lastEventId, query)
				: this.reader.start();
		AtomicLong delivered = new AtomicLong();
		return this.concurrency.withinMany(tenant, TenantLimit.LIVE_STREAMS, Flux.defer(() -> {
			this.openStreams.acquire();
			return this.reader.events(query, start, this.openStreams.closing()).doFinally((signal) -> {
				this.openStreams.release();
				AuditRecord.points(exchange, delivered.get());
			});
		})).doOnNext((event) -> {
			if (event.data() != null) {
				delivered.incrementAndGet();
			}
		});
	}

	private StreamPosition resume(String lastEventId, StreamQuery query) {
		StreamPosition position = StreamPosition.decode(this.cursors, lastEventId, query.scope());
		long oldest = this.clock.millis() - this.properties.resumeWindow().toMillis();
		if (position.epochMillis() < oldest) {
			throw ApiProblem.badRequest("Last-Event-ID is older than the resume window (sponge.stream.resume-window = "
					+ this.properties.resumeWindow() + "); points of that time may be gone from the stream log. "
					+ "Reconnect without it and fill the gap with GET /api/v1/points");
		}
		return position;
	}

	private static void requireMetric(String metric) {
		if (metric == null) {
			throw ApiProblem.badRequest("The metric parameter is required");
		}
		String problem = SeriesNaming.metricProblem(metric);
		if (problem != null) {
			throw ApiProblem.badRequest("metric " + problem);
		}
	}

}
