package dev.sponge.cassandra;

import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import com.datastax.oss.driver.internal.core.type.codec.MapCodec;

import org.springframework.boot.cassandra.autoconfigure.CqlSessionBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.sponge.cassandra.ColumnTypes;

/**
 * Registers the codec of the tags column ({@code frozen<map<text, text>>}) up front. The
 * driver otherwise resolves collection codecs through a loading cache, where concurrent
 * requests binding tags wait for each other's lookup: a thread park on a Netty event
 * loop, which BlockHound caught under concurrent ingest. Registered codecs are matched
 * before that cache, but the driver ignores the registration when it already generated a
 * codec for the same type while reading the schema (it logs "Ignoring codec ... collides
 * with previously generated codec"), so {@link #warmUp(CqlSession)} also fills the cache
 * with the lookups binding does, once, at start-up.
 */
@Configuration(proxyBeanMethods = false)
class TagsCodecConfiguration {

	static final TypeCodec<Map<String, String>> TAGS = new MapCodec<>(
			DataTypes.frozenMapOf(DataTypes.TEXT, DataTypes.TEXT), TypeCodecs.TEXT, TypeCodecs.TEXT);

	/**
	 * Looks up, on the starting thread, the codecs binding a tags map (empty or not) and
	 * a tenant's limit overrides ({@code map<text, bigint>}) needs, so no request thread
	 * ever computes one under the cache's lock.
	 */
	static void warmUp(CqlSession session) {
		CodecRegistry codecs = session.getContext().getCodecRegistry();
		DataType tags = DataTypes.frozenMapOf(DataTypes.TEXT, DataTypes.TEXT);
		codecs.codecFor(tags, Map.of("k", "v"));
		codecs.codecFor(tags, Map.of());
		DataType limits = DataTypes.mapOf(DataTypes.TEXT, DataTypes.BIGINT);
		codecs.codecFor(limits, Map.of("k", 1L));
		codecs.codecFor(limits, Map.of());
		codecs.codecFor(limits, ColumnTypes.LIMITS);
	}

	@Bean
	CqlSessionBuilderCustomizer spongeTagsCodec() {
		return (builder) -> builder.addTypeCodecs(TAGS);
	}

}
