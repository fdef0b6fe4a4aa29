package dev.sponge.points;

import org.springframework.data.cassandra.core.mapping.MapId;
import org.springframework.data.cassandra.repository.ReactiveCassandraRepository;

/**
 * The points table. Ingest and range reads go through the {@link PointStore} fragment
 * (prepared statements, partition batches, primitive values); the derived methods of the
 * base interface serve tooling and tests.
 */
public interface PointRepository extends ReactiveCassandraRepository<PointRow, MapId>, PointStore, PointDeletion {

}
