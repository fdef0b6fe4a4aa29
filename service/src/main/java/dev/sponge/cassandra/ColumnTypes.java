package dev.sponge.cassandra;

import java.util.Map;

import com.datastax.oss.driver.api.core.type.reflect.GenericType;

/**
 * Java types of collection columns, built once: {@code row.getMap(i, String.class,
 * String.class)} builds its {@code GenericType} by reflection on every call, which was a
 * few percent of a {@code latest} request's CPU (100 rows, 100 type resolutions).
 */
public final class ColumnTypes {

	/** A series' tags ({@code frozen<map<text, text>>}). */
	public static final GenericType<Map<String, String>> TAGS = GenericType.mapOf(String.class, String.class);

	/** A tenant's limit overrides ({@code map<text, bigint>}). */
	public static final GenericType<Map<String, Long>> LIMITS = GenericType.mapOf(String.class, Long.class);

	private ColumnTypes() {
	}

}
