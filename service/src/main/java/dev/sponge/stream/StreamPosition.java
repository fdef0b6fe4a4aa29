package dev.sponge.stream;

import java.util.List;
import java.util.UUID;

import com.datastax.oss.driver.api.core.uuid.Uuids;

import dev.sponge.paging.CursorCodec;
import dev.sponge.problem.ApiProblem;

/**
 * How far a stream has delivered: every log row before {@code arrival} and the points of
 * the row {@code arrival} up to and including {@code index}. Travels as the SSE
 * {@code id}, bound to the tenant and query like a page cursor.
 *
 * @param arrival arrival id of the last row reached, or a synthetic id marking a time up
 * to which the log has been read
 * @param index last delivered point of that row; -1 when none
 */
record StreamPosition(UUID arrival, int index) {

	/** Everything that arrived up to and including {@code epochMillis} is behind. */
	static StreamPosition after(long epochMillis) {
		return new StreamPosition(Uuids.endOf(epochMillis), -1);
	}

	long epochMillis() {
		return Uuids.unixTimestamp(this.arrival);
	}

	boolean isBefore(StreamPosition other) {
		return this.arrival.timestamp() < other.arrival.timestamp();
	}

	String encode(CursorCodec codec, List<String> scope) {
		return codec.encode(scope, this.arrival.toString(), Integer.toString(this.index));
	}

	static StreamPosition decode(CursorCodec codec, String token, List<String> scope) {
		List<String> parts;
		try {
			parts = codec.decode(token, scope, 2);
		}
		catch (ApiProblem problem) {
			throw ApiProblem.badRequest("Last-Event-ID does not belong to this stream (its tenant, metric and tag "
					+ "filters) or is damaged; reconnect without it, or with the id of an event of this stream");
		}
		try {
			UUID arrival = UUID.fromString(parts.get(0));
			int index = Integer.parseInt(parts.get(1));
			if (arrival.version() == 1 && index >= -1) {
				return new StreamPosition(arrival, index);
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw ApiProblem.badRequest("Last-Event-ID is not valid; send the id of an event of this stream as is");
	}

}
