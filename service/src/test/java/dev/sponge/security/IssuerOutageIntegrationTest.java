package dev.sponge.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.oidcissuer.OidcIssuer;
import dev.sponge.support.OwnIssuer;
import dev.sponge.support.RealInfrastructure;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issuer is down before the service ever fetched its signing keys: a token cannot be
 * checked, which is the service's outage (503, retry later), not the client's fault (401)
 * nor a bug (500).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
@ContextConfiguration(initializers = { RealInfrastructure.class, IssuerOutageIntegrationTest.Issuer.class })
class IssuerOutageIntegrationTest {

	@Autowired
	private WebTestClient client;

	@AfterAll
	static void stopIssuer() {
		OwnIssuer.stop(Issuer.class);
	}

	@Test
	void aTokenThatCannotBeCheckedForLackOfKeysIsA503WithRetryAfter() {
		OidcIssuer issuer = OwnIssuer.of(Issuer.class);
		String token = Tokens.withGroups(issuer, Tokens.uniqueTenant(), "sponge-reader");
		OwnIssuer.stop(Issuer.class);

		this.client.get()
			.uri("/api/v1/metrics")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "5")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("signing keys are unavailable"));
	}

	static final class Issuer extends OwnIssuer {

	}

}
