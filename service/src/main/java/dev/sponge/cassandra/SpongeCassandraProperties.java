package dev.sponge.cassandra;

import java.time.Duration;
import java.util.Map;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Sponge uses Cassandra: which keyspace, how it is replicated when Sponge creates it,
 * and the consistency of reads and writes. Connection settings are Spring Boot's own
 * {@code spring.cassandra.*} properties.
 *
 * @param keyspace keyspace holding all of Sponge's tables; created if absent, used as is
 * if it exists
 * @param replication replication used only when Sponge creates the keyspace
 * @param writeConsistency consistency level of every write
 * @param readConsistency consistency level of every read
 * @param schemaLockTimeout how long a starting instance waits for another instance that
 * is applying the schema
 * @param schemaStatementTimeout timeout of each schema statement at start-up; DDL waits
 * for schema agreement across the cluster, which takes far longer than a normal request
 * @param reconnectMaxDelay longest pause between attempts to reconnect to a node that
 * went down (exponential back-off from one second), so recovery is noticed within this
 * time
 * @param speculativeExecutions extra executions of a slow idempotent request sent to
 * other replicas; 0 turns speculative execution off
 * @param speculativeDelay how long a request runs before a speculative execution starts
 */
@Validated
@ConfigurationProperties("sponge.cassandra")
public record SpongeCassandraProperties(
		@DefaultValue("sponge") @Pattern(regexp = "[a-z][a-z0-9_]{0,47}") String keyspace,
		@DefaultValue @NotNull Replication replication,
		@DefaultValue("LOCAL_QUORUM") @NotNull DefaultConsistencyLevel writeConsistency,
		@DefaultValue("LOCAL_QUORUM") @NotNull DefaultConsistencyLevel readConsistency,
		@DefaultValue("60s") @NotNull Duration schemaLockTimeout,
		@DefaultValue("60s") @NotNull Duration schemaStatementTimeout,
		@DefaultValue("10s") @NotNull Duration reconnectMaxDelay, @DefaultValue("0") @Min(0) int speculativeExecutions,
		@DefaultValue("200ms") @NotNull Duration speculativeDelay) {

	/**
	 * Keyspace replication.
	 *
	 * @param strategy {@code NetworkTopologyStrategy} (production) or
	 * {@code SimpleStrategy}
	 * @param factor replicas per data centre (NetworkTopologyStrategy without explicit
	 * data centres uses it for the local data centre) or in total (SimpleStrategy)
	 * @param datacenters replicas per data centre name, for NetworkTopologyStrategy
	 */
	public record Replication(
			@DefaultValue("NetworkTopologyStrategy") @Pattern(
					regexp = "NetworkTopologyStrategy|SimpleStrategy") String strategy,
			@DefaultValue("3") @Min(1) int factor, Map<String, Integer> datacenters) {

		public Replication {
			datacenters = (datacenters != null) ? Map.copyOf(datacenters) : Map.of();
		}

	}

}
