package dev.sponge.oidcissuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rotation on an issuer of its own, so the key ids other tests see stay put. */
class OidcIssuerKeyRotationTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static OidcIssuer issuer;

	@BeforeAll
	static void startIssuer() {
		issuer = OidcIssuer.start(0);
	}

	@AfterAll
	static void stopIssuer() {
		issuer.close();
	}

	@Test
	void rotatingSignsWithANewKeyIdAndRetiringUnpublishesTheOldKey() throws Exception {
		String first = kidOf(issuer.fetchToken(TokenRequest.of("alice", "demo", "sponge-reader")));

		String second = issuer.rotateKey(OidcIssuer.DEFAULT_ISSUER_ID);

		assertThat(second).isNotEqualTo(first);
		assertThat(kidOf(issuer.fetchToken(TokenRequest.of("alice", "demo", "sponge-reader")))).isEqualTo(second);
		assertThat(publishedKeyIds()).containsExactly(second, first);

		issuer.retireKey(OidcIssuer.DEFAULT_ISSUER_ID, first);

		assertThat(publishedKeyIds()).containsExactly(second);
		assertThatThrownBy(() -> issuer.retireKey(OidcIssuer.DEFAULT_ISSUER_ID, second)).hasMessageContaining("409");
		assertThat(JWKSet.parse(get(issuer.jwksUri(OidcIssuer.OTHER_ISSUER_ID))).getKeys()).singleElement()
			.extracting(JWK::getKeyID)
			.isEqualTo(OidcIssuer.OTHER_ISSUER_ID);
	}

	@Test
	void jwksFetchesCountsEachAnsweredJwksRequestOfThatIssuer() throws Exception {
		int before = issuer.jwksFetches(OidcIssuer.DEFAULT_ISSUER_ID);
		int otherBefore = issuer.jwksFetches(OidcIssuer.OTHER_ISSUER_ID);

		get(issuer.jwksUri(OidcIssuer.DEFAULT_ISSUER_ID));
		get(issuer.jwksUri(OidcIssuer.DEFAULT_ISSUER_ID));

		assertThat(issuer.jwksFetches(OidcIssuer.DEFAULT_ISSUER_ID)).isEqualTo(before + 2);
		assertThat(issuer.jwksFetches(OidcIssuer.OTHER_ISSUER_ID)).isEqualTo(otherBefore);
	}

	private static String kidOf(String token) throws Exception {
		return SignedJWT.parse(token).getHeader().getKeyID();
	}

	private static List<String> publishedKeyIds() throws Exception {
		return JWKSet.parse(get(issuer.jwksUri(OidcIssuer.DEFAULT_ISSUER_ID)))
			.getKeys()
			.stream()
			.map(JWK::getKeyID)
			.toList();
	}

	private static String get(String uri) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
		return response.body();
	}

}
