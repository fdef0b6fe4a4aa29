package dev.sponge.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

import dev.sponge.points.TimeBuckets;
import dev.sponge.series.SeriesKey;

/**
 * The exact set of points the service acknowledged with a 2xx, per series (one
 * {@code lane} tag each), and the check that every one of them is stored.
 */
final class Ledger {

	private final Map<String, Map<Long, Double>> lanes = new ConcurrentHashMap<>();

	void acknowledge(String lane, Map<Long, Double> points) {
		this.lanes.computeIfAbsent(lane, (k) -> new ConcurrentHashMap<>()).putAll(points);
	}

	long points() {
		return this.lanes.values().stream().mapToLong(Map::size).sum();
	}

	/**
	 * Reads every acknowledged series straight from the points table at
	 * {@code consistency}, bypassing the service, and compares point by point.
	 */
	Check check(CqlSession session, String keyspace, String tenant, String metric, ConsistencyLevel consistency) {
		long found = 0;
		List<String> missing = new ArrayList<>();
		for (Map.Entry<String, Map<Long, Double>> lane : this.lanes.entrySet()) {
			String seriesId = SeriesKey.of(metric, Map.of("lane", lane.getKey())).id();
			Map<Long, Double> stored = new HashMap<>();
			SimpleStatement select = SimpleStatement
				.newInstance(
						"SELECT ts, value FROM " + keyspace + ".points WHERE tenant = ? AND series_id = ? AND day = ?",
						tenant, seriesId, TimeBuckets.dayOf(IngestClients.DAY))
				.setConsistencyLevel(consistency)
				.setTimeout(Duration.ofSeconds(30));
			for (Row row : session.execute(select)) {
				stored.put(row.getInstant("ts").toEpochMilli(), row.getDouble("value"));
			}
			for (Map.Entry<Long, Double> point : lane.getValue().entrySet()) {
				if (point.getValue().equals(stored.get(point.getKey()))) {
					found++;
				}
				else if (missing.size() < 20) {
					missing.add(lane.getKey() + "@" + point.getKey());
				}
			}
		}
		return new Check(points(), found, missing);
	}

	/** Acknowledged points, how many were found with their value, and a few missing. */
	record Check(long acknowledged, long found, List<String> someMissing) {

	}

}
