package dev.sponge.observability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import dev.sponge.SpongeApplication;
import dev.sponge.support.RealInfrastructure;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM behaviour of one instance (its own application context, so the shared one stays
 * up): an upload in flight when shutdown starts still completes, then the port closes.
 */
class GracefulShutdownIntegrationTest {

	private static final long DAY = 1764028800000L;

	@Test
	void anUploadInFlightCompletesWhileTheInstanceShutsDown() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SpongeApplication.class)
			.initializers(new RealInfrastructure())
			.run("--server.port=0");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		String token = Tokens.writerReader(Tokens.uniqueTenant());
		WebClient client = WebClient.create("http://127.0.0.1:" + port);

		int lines = 10;
		Flux<DataBuffer> slowBody = Flux.range(0, lines)
			.delayElements(Duration.ofMillis(300))
			.map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(("{\"metric\": \"drain\", \"tags\": {\"i\": \"" + i
					+ "\"}, \"points\": [[" + DAY + ", " + i + "]]}\n")
				.getBytes(StandardCharsets.UTF_8)));
		CompletableFuture<String> upload = client.post()
			.uri("/api/v1/points")
			.headers((h) -> h.setBearerAuth(token))
			.contentType(MediaType.parseMediaType("application/x-ndjson"))
			.body(BodyInserters.fromDataBuffers(slowBody))
			.retrieve()
			.bodyToMono(String.class)
			.toFuture();
		await().atMost(Duration.ofSeconds(20)).until(() -> meters.counter("sponge.points.written").count() >= 1);

		context.close();

		assertThat(upload.join()).isEqualTo("{\"series\":" + lines + ",\"points\":" + lines + "}");
		assertThatExceptionOfType(WebClientRequestException.class).isThrownBy(() -> client.get()
			.uri("/actuator/health/liveness")
			.retrieve()
			.toBodilessEntity()
			.block(Duration.ofSeconds(5)));
	}

}
