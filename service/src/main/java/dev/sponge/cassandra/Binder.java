package dev.sponge.cassandra;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;

/**
 * Binds a prepared statement's values in order, each with the codec of its column type
 * named here: {@code prepared.bind(values...)} asks the codec registry for every value
 * (and logs the lookup at TRACE), a few percent of the service's CPU at ingest, where
 * every request binds rows of marks, latest values, catalogue entries and rollups. Only
 * for columns whose CQL type is the one the method names.
 */
public final class Binder {

	private final BoundStatementBuilder builder;

	private final ProtocolVersion protocolVersion;

	private int next;

	private Binder(PreparedStatement statement) {
		this.builder = statement.boundStatementBuilder();
		this.protocolVersion = this.builder.protocolVersion();
	}

	/** Starts binding {@code statement}'s values from the first one. */
	public static Binder bind(PreparedStatement statement) {
		return new Binder(statement);
	}

	/**
	 * A {@code text} value. Encoded with {@link String#getBytes}: the driver's text codec
	 * goes through a {@code CharsetEncoder}, slower for the short names bound here, which
	 * are valid UTF-16 (checked at ingest).
	 */
	public Binder text(String value) {
		return bytes((value != null) ? ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)) : null);
	}

	/** An {@code int} value. */
	public Binder int32(int value) {
		return bytes(TypeCodecs.INT.encodePrimitive(value, this.protocolVersion));
	}

	/** A {@code bigint} value. */
	public Binder bigint(long value) {
		return bytes(TypeCodecs.BIGINT.encodePrimitive(value, this.protocolVersion));
	}

	/**
	 * A {@code timestamp} value in epoch milliseconds (the same eight bytes as a bigint).
	 */
	public Binder millis(long value) {
		return bigint(value);
	}

	/** A {@code double} value. */
	public Binder float64(double value) {
		return bytes(TypeCodecs.DOUBLE.encodePrimitive(value, this.protocolVersion));
	}

	/** A {@code timeuuid} value. */
	public Binder timeuuid(UUID value) {
		return bytes(TypeCodecs.TIMEUUID.encode(value, this.protocolVersion));
	}

	/** A tags value ({@code frozen<map<text, text>>}). */
	public Binder tags(Map<String, String> value) {
		return bytes(TagsCodecConfiguration.TAGS.encode(value, this.protocolVersion));
	}

	/** A value already encoded for its column, or {@code null}. */
	public Binder bytes(ByteBuffer value) {
		this.builder.setBytesUnsafe(this.next++, value);
		return this;
	}

	/** The bound statement; every value must have been bound. */
	public BoundStatement build() {
		if (this.next != this.builder.size()) {
			throw new IllegalStateException("Bound " + this.next + " of " + this.builder.size() + " values");
		}
		return this.builder.build();
	}

}
