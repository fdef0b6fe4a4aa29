package dev.sponge.cassandra;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaFilesTest {

	@Test
	void schemaFilesAreOrderedByVersionAndSplitIntoStatements() {
		List<SchemaMigrator.Migration> migrations = SchemaMigrator.loadMigrations();
		assertThat(migrations).isNotEmpty();
		assertThat(migrations.get(0).version()).isEqualTo(1);
		assertThat(migrations.get(0).statements()).allSatisfy((cql) -> assertThat(cql).startsWith("CREATE TABLE"))
			.anySatisfy((cql) -> assertThat(cql).contains("PRIMARY KEY ((tenant, series_id, day), ts)"));
	}

	/**
	 * The rollup workers' queue and claims: they hold no points, values or tags, only
	 * which series to recompute, are read by the workers alone and never on a request
	 * path, and must be shared by all tenants for a worker to find the work at all
	 * (docs/data-model.md, "Rollup marks").
	 */
	private static final Set<String> SHARED_WORK_TABLES = Set.of("rollup_queue", "rollup_claims");

	@Test
	void everyPartitionKeyStartsWithTheTenantExceptTheWorkersQueue() {
		List<String> tables = SchemaMigrator.loadMigrations()
			.stream()
			.flatMap((m) -> m.statements().stream())
			.filter((cql) -> cql.startsWith("CREATE TABLE"))
			.filter((cql) -> SHARED_WORK_TABLES.stream().noneMatch((table) -> cql.contains(" " + table + " (")))
			.toList();
		assertThat(tables).hasSizeGreaterThan(8)
			.allSatisfy((cql) -> assertThat(cql).containsPattern("PRIMARY KEY \\(\\(?tenant"));
	}

	@Test
	void commentsAreDroppedAndSemicolonsSplit() {
		assertThat(SchemaMigrator.splitStatements("-- a; comment\nCREATE TABLE a (x int);\n\nCREATE TABLE b (y int);"))
			.containsExactly("CREATE TABLE a (x int)", "CREATE TABLE b (y int)");
	}

}
