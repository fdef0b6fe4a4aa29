package dev.sponge.cassandra;

import java.util.List;

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

	@Test
	void everyPartitionKeyStartsWithTheTenant() {
		SchemaMigrator.loadMigrations()
			.stream()
			.flatMap((m) -> m.statements().stream())
			.filter((cql) -> cql.startsWith("CREATE TABLE"))
			.forEach((cql) -> assertThat(cql).containsPattern("PRIMARY KEY \\(\\(?tenant"));
	}

	@Test
	void commentsAreDroppedAndSemicolonsSplit() {
		assertThat(SchemaMigrator.splitStatements("-- a; comment\nCREATE TABLE a (x int);\n\nCREATE TABLE b (y int);"))
			.containsExactly("CREATE TABLE a (x int)", "CREATE TABLE b (y int)");
	}

}
