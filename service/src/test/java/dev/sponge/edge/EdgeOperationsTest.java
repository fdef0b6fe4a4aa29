package dev.sponge.edge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the ops team gets from the edge: compressed JSON, a parseable access log, and
 * internal-only status.
 */
@EdgeTest
class EdgeOperationsTest {

	private static final long DAY = 1764028800000L;

	private final LighttpdProcess edge;

	private final WebTestClient client;

	private final String tenant = Tokens.uniqueTenant();

	EdgeOperationsTest(@LocalServerPort int servicePort) {
		this.edge = LighttpdProcess.sharedFor(servicePort);
		this.client = WebTestClient.bindToServer().baseUrl(this.edge.url()).build();
	}

	@Test
	void jsonAnswersAreCompressedForClientsThatAcceptIt() throws IOException, InterruptedException {
		String token = Tokens.writerReader(this.tenant);
		List<List<Number>> points = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			points.add(List.of(DAY + i * 1000L, i * 0.5));
		}
		new Api(this.client).ingested(token, List.of(series("compressible", Map.of(), points)));

		// java.net.http, which does not decompress on its own (Reactor Netty's client
		// would).
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create(
						this.edge.url() + "/api/v1/points?metric=compressible&from=" + DAY + "&to=" + (DAY + 500_000)))
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.header(HttpHeaders.ACCEPT_ENCODING, "gzip")
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue(HttpHeaders.CONTENT_ENCODING)).hasValue("gzip");
		assertThat(response.headers().firstValue(HttpHeaders.VARY)).hasValue("Accept-Encoding");
		byte[] gzipped = response.body();
		JsonNode page = JsonMapper.shared().readTree(new GZIPInputStream(new ByteArrayInputStream(gzipped)));
		assertThat(page.at("/series/0/points")).hasSize(500);
		assertThat(gzipped.length).isLessThan(page.toString().length() / 2);
	}

	@Test
	void everyRequestLeavesOneJsonAccessLogLineWithStatusAndDurationInMicroseconds() {
		String marker = UUID.randomUUID().toString();
		this.client.get()
			.uri("/api/v1/metrics?marker=" + marker)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401);

		JsonNode line = Awaitility.await("the access log line of the request")
			.atMost(Duration.ofSeconds(10))
			.until(() -> Files.readAllLines(this.edge.accessLog())
				.stream()
				.filter((l) -> l.contains(marker))
				.map((l) -> JsonMapper.shared().readTree(l))
				.findFirst()
				.orElse(null), (found) -> found != null);
		assertThat(line.get("status").asInt()).isEqualTo(401);
		assertThat(line.get("method").asString()).isEqualTo("GET");
		assertThat(line.get("path").asString()).isEqualTo("/api/v1/metrics");
		assertThat(line.get("client").asString()).isEqualTo("127.0.0.1");
		assertThat(line.get("duration_us").isIntegralNumber()).isTrue();
		assertThat(line.get("duration_us").asLong()).isPositive();
		assertThat(line.get("time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d{4}");
	}

	@Test
	void serverStatusIsForLoopbackOnly() {
		this.client.get()
			.uri("/server-status?auto")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((status) -> assertThat(status).contains("Uptime:").contains("BusyServers:"));
		Http.from("127.0.0.2", this.edge.url())
			.get()
			.uri("/server-status?auto")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("403"));
	}

}
