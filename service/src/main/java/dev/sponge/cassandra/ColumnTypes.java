package dev.sponge.cassandra;

import java.util.Map;

import com.datastax.oss.driver.api.core.type.reflect.GenericType;

/**
 * Java types of collection columns read through the codec registry, built once:
 * {@code row.getMap(i, String.class, Long.class)} builds its {@code GenericType} by
 * reflection on every call. Tags are decoded with their codec ({@link Cells#tags}).
 */
public final class ColumnTypes {

	/** A tenant's limit overrides ({@code map<text, bigint>}). */
	public static final GenericType<Map<String, Long>> LIMITS = GenericType.mapOf(String.class, Long.class);

	private ColumnTypes() {
	}

}
