package dev.sponge.cassandra;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates Sponge's keyspace with the configured replication if it does not exist yet. */
final class KeyspaceCreator {

	private static final Logger log = LoggerFactory.getLogger(KeyspaceCreator.class);

	private final SpongeCassandraProperties properties;

	KeyspaceCreator(SpongeCassandraProperties properties) {
		this.properties = properties;
	}

	void createIfAbsent(CqlSession session) {
		if (session.getMetadata().getKeyspace(this.properties.keyspace()).isPresent()) {
			return;
		}
		String localDc = session.getContext()
			.getConfig()
			.getDefaultProfile()
			.getString(com.datastax.oss.driver.api.core.config.DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER,
					"datacenter1");
		String cql = "CREATE KEYSPACE IF NOT EXISTS " + this.properties.keyspace() + " WITH replication = "
				+ replicationMap(localDc);
		log.info("creating keyspace keyspace={} replication={}", this.properties.keyspace(), replicationMap(localDc));
		session.execute(SimpleStatement.newInstance(cql)
			.setConsistencyLevel(this.properties.writeConsistency())
			.setTimeout(this.properties.schemaStatementTimeout()));
	}

	String replicationMap(String localDc) {
		SpongeCassandraProperties.Replication replication = this.properties.replication();
		Map<String, String> options = new TreeMap<>();
		options.put("class", replication.strategy());
		if ("SimpleStrategy".equals(replication.strategy())) {
			options.put("replication_factor", Integer.toString(replication.factor()));
		}
		else if (replication.datacenters().isEmpty()) {
			options.put(localDc, Integer.toString(replication.factor()));
		}
		else {
			replication.datacenters().forEach((dc, factor) -> options.put(dc, Integer.toString(factor)));
		}
		return options.entrySet()
			.stream()
			.map((e) -> "'" + e.getKey() + "': '" + e.getValue() + "'")
			.collect(Collectors.joining(", ", "{", "}"));
	}

}
