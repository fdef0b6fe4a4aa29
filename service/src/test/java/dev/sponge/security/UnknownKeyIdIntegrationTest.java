package dev.sponge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.oidcissuer.OidcIssuer;
import dev.sponge.support.OwnIssuer;
import dev.sponge.support.RealInfrastructure;
import dev.sponge.support.Tokens;

/**
 * Tokens naming key ids the issuer never published (forged: a key id is read before any
 * signature is checked) cannot make the service hammer the issuer's JWKS, yet a key
 * rotated in is still picked up. An issuer process of its own, so that its JWKS fetches
 * can be counted and its keys rotated.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sponge.security.jwks.refetch-cooldown=10s" })
@AutoConfigureWebTestClient(timeout = "30s")
@ContextConfiguration(initializers = { RealInfrastructure.class, UnknownKeyIdIntegrationTest.Issuer.class })
class UnknownKeyIdIntegrationTest {

	private static final Duration COOLDOWN = Duration.ofSeconds(10);

	private static final int FORGED_REQUESTS = 50;

	private final OidcIssuer issuer = OwnIssuer.of(Issuer.class);

	private final String tenant = Tokens.uniqueTenant();

	@LocalServerPort
	private int port;

	@Autowired
	private WebTestClient client;

	@AfterAll
	static void stopIssuer() {
		OwnIssuer.stop(Issuer.class);
	}

	@Test
	void unknownKeyIdsCostTheIssuerOneJwksFetchPerCooldownAndAKeyRotatedInIsAcceptedAfterIt() throws Exception {
		String firstKeyToken = token();
		assertThat(status(firstKeyToken)).as("the service holds the issuer's keys").isEqualTo(HttpStatus.OK);
		int fetchesBefore = this.issuer.jwksFetches(Tokens.ISSUER_ID);
		long start = System.nanoTime();

		List<HttpResponse<Void>> answers = sendAtOnce(forgedTokens());

		assertThat(answers).hasSize(FORGED_REQUESTS).allSatisfy((answer) -> {
			assertThat(answer.statusCode()).isEqualTo(HttpStatus.UNAUTHORIZED.value());
			assertThat(answer.headers().firstValue(HttpHeaders.WWW_AUTHENTICATE))
				.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
		});
		assertThat(this.issuer.jwksFetches(Tokens.ISSUER_ID) - fetchesBefore)
			.as("JWKS fetches for %d tokens with unknown key ids", FORGED_REQUESTS)
			.isEqualTo(1);

		this.issuer.rotateKey(Tokens.ISSUER_ID);
		String rotatedKeyToken = token();
		HttpStatus withinCooldown = status(rotatedKeyToken);
		assertThat(elapsedSince(start)).as("the test ran within the cool-down, else it proves nothing")
			.isLessThan(COOLDOWN);
		assertThat(withinCooldown).as("a key rotated in during the cool-down").isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(this.issuer.jwksFetches(Tokens.ISSUER_ID) - fetchesBefore).isEqualTo(1);

		Awaitility.await("token of the rotated key accepted")
			.atMost(COOLDOWN.plusSeconds(20))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> status(rotatedKeyToken) == HttpStatus.OK);
		assertThat(elapsedSince(start)).as("accepted only after the cool-down").isGreaterThanOrEqualTo(COOLDOWN);
		assertThat(this.issuer.jwksFetches(Tokens.ISSUER_ID) - fetchesBefore).isEqualTo(2);
		assertThat(status(firstKeyToken)).as("the previous key, still published").isEqualTo(HttpStatus.OK);
	}

	/** Otherwise valid tokens, each signed by a stranger's key under a random key id. */
	private List<String> forgedTokens() throws Exception {
		RSAKey stranger = new RSAKeyGenerator(2048).generate();
		return IntStream.range(0, FORGED_REQUESTS)
			.mapToObj((i) -> Tokens.sign(Tokens.validClaims(this.issuer, this.tenant).build(),
					new RSAKey.Builder(stranger).keyID(UUID.randomUUID().toString()).build()))
			.toList();
	}

	/** Sends every token at once, so that the first fetch is still running for some. */
	private List<HttpResponse<Void>> sendAtOnce(List<String> tokens) {
		HttpClient http = HttpClient.newHttpClient();
		URI metrics = URI.create("http://localhost:" + this.port + "/api/v1/metrics");
		List<CompletableFuture<HttpResponse<Void>>> sent = tokens.stream()
			.map((token) -> http.sendAsync(HttpRequest.newBuilder(metrics)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.discarding()))
			.toList();
		return sent.stream().map(CompletableFuture::join).toList();
	}

	private String token() {
		return Tokens.withGroups(this.issuer, this.tenant, "sponge-reader");
	}

	private HttpStatus status(String token) {
		return HttpStatus.valueOf(this.client.get()
			.uri("/api/v1/metrics")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectBody()
			.returnResult()
			.getStatus()
			.value());
	}

	private static Duration elapsedSince(long nanoTime) {
		return Duration.ofNanos(System.nanoTime() - nanoTime);
	}

	/**
	 * This test's own issuer process: its JWKS fetches are counted and its keys rotated.
	 */
	static final class Issuer extends OwnIssuer {

	}

}
