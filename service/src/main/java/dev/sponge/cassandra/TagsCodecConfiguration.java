package dev.sponge.cassandra;

import java.util.Map;

import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.TypeCodecs;
import com.datastax.oss.driver.internal.core.type.codec.MapCodec;

import org.springframework.boot.cassandra.autoconfigure.CqlSessionBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the codec of the tags column ({@code frozen<map<text, text>>}) up front. The
 * driver otherwise resolves collection codecs through a loading cache, where concurrent
 * requests binding tags wait for each other's lookup: a thread park on a Netty event
 * loop, which BlockHound caught under concurrent ingest. Registered codecs are matched
 * before that cache.
 */
@Configuration(proxyBeanMethods = false)
class TagsCodecConfiguration {

	static final TypeCodec<Map<String, String>> TAGS = new MapCodec<>(
			DataTypes.frozenMapOf(DataTypes.TEXT, DataTypes.TEXT), TypeCodecs.TEXT, TypeCodecs.TEXT);

	@Bean
	CqlSessionBuilderCustomizer spongeTagsCodec() {
		return (builder) -> builder.addTypeCodecs(TAGS);
	}

}
