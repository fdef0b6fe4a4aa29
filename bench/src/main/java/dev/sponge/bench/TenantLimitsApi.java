package dev.sponge.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tenant's limits through the service's {@code /api/v1/limits}, as its ADMIN sets them.
 */
final class TenantLimitsApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private TenantLimitsApi() {
	}

	/**
	 * PUTs {@code changes} (null values: back to the default), or only GETs; the limits.
	 */
	static Map<String, Long> limits(String baseUrl, Supplier<String> admin, Map<String, Long> changes) {
		HttpClient http = HttpClient.create()
			.baseUrl(baseUrl)
			.responseTimeout(Duration.ofSeconds(30))
			.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + admin.get())
				.set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
		var request = (changes == null) ? http.get().uri("/api/v1/limits")
				: http.put()
					.uri("/api/v1/limits")
					.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(JSON.writeValueAsBytes(changes))));
		String body = request
			.responseSingle((response, content) -> content.asString().defaultIfEmpty("").map((text) -> {
				if (response.status().code() != 200) {
					throw new IllegalStateException(
							"/api/v1/limits " + changes + ": HTTP " + response.status() + " " + text);
				}
				return text;
			}))
			.block(Duration.ofSeconds(30));
		Map<String, Long> limits = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> limit : JSON.readTree(body).get("limits").properties()) {
			limits.put(limit.getKey(), limit.getValue().asLong());
		}
		return limits;
	}

}
