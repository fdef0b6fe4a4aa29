package dev.sponge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.nimbusds.jwt.SignedJWT;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.oidcissuer.OidcIssuer;
import dev.sponge.support.OwnIssuer;
import dev.sponge.support.RealInfrastructure;
import dev.sponge.support.Tokens;

/**
 * Signing-key rotation at the issuer, seen by a running service: an issuer process of its
 * own (rotating the shared one would disturb every other test) and a service that keeps
 * fetched keys for at most one second.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sponge.security.jwks.max-age=1s" })
@AutoConfigureWebTestClient(timeout = "30s")
@ContextConfiguration(initializers = { RealInfrastructure.class, KeyRotationIntegrationTest.Issuer.class })
class KeyRotationIntegrationTest {

	private final OidcIssuer issuer = OwnIssuer.of(Issuer.class);

	private final String tenant = Tokens.uniqueTenant();

	@Autowired
	private WebTestClient client;

	@AfterAll
	static void stopIssuer() {
		OwnIssuer.stop(Issuer.class);
	}

	@Test
	void rotatedKeysAreAcceptedAtOnceAndRetiredKeysRefusedWithinTheMaxAge() throws Exception {
		String firstKeyToken = token();
		String firstKid = kidOf(firstKeyToken);
		assertThat(status(firstKeyToken)).isEqualTo(HttpStatus.OK);

		String secondKid = this.issuer.rotateKey(Tokens.ISSUER_ID);
		String secondKeyToken = token();

		assertThat(kidOf(secondKeyToken)).isEqualTo(secondKid).isNotEqualTo(firstKid);
		assertThat(status(secondKeyToken)).as("new key, no restart").isEqualTo(HttpStatus.OK);
		assertThat(status(firstKeyToken)).as("previous key while still published").isEqualTo(HttpStatus.OK);

		this.issuer.retireKey(Tokens.ISSUER_ID, firstKid);

		Awaitility.await("token of the retired key refused")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> status(firstKeyToken) == HttpStatus.UNAUTHORIZED);
		EntityExchangeResult<byte[]> refused = exchange(firstKeyToken);
		assertThat(refused.getStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
			.startsWith("Bearer error=\"invalid_token\"");
		assertThat(status(secondKeyToken)).isEqualTo(HttpStatus.OK);
		assertThat(status(token())).isEqualTo(HttpStatus.OK);
	}

	private String token() {
		return Tokens.withGroups(this.issuer, this.tenant, "sponge-reader");
	}

	private HttpStatus status(String token) {
		return HttpStatus.valueOf(exchange(token).getStatus().value());
	}

	private EntityExchangeResult<byte[]> exchange(String token) {
		return this.client.get()
			.uri("/api/v1/metrics")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectBody()
			.returnResult();
	}

	private static String kidOf(String token) throws Exception {
		return SignedJWT.parse(token).getHeader().getKeyID();
	}

	/** This test's own issuer process: it rotates keys. */
	static final class Issuer extends OwnIssuer {

	}

}
